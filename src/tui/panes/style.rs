//! Every colour on the screen, by what it means (selected, overdue, a good or a poor score),
//! in the operator's theme: `dark` (the default), `light` for a light terminal, `mono` with
//! no colour at all (bold, reverse, underline only), chosen by `--theme` or `NO_COLOR`.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

/// The screen's palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
    Mono,
}

impl Theme {
    /// `--theme dark|light|mono`; without it, `mono` when `NO_COLOR` is set and not empty
    /// (no-color.org), else `dark`.
    pub fn choose(flag: Option<&str>, no_color: Option<&std::ffi::OsStr>) -> Result<Theme, String> {
        match flag.map(str::trim) {
            Some("dark") => Ok(Theme::Dark),
            Some("light") => Ok(Theme::Light),
            Some("mono") => Ok(Theme::Mono),
            Some(other) => Err(format!(
                "--theme: `{}` is not a theme; use dark, light or mono",
                crate::domain::text::printable(other)
            )),
            None if no_color.is_some_and(|v| !v.is_empty()) => Ok(Theme::Mono),
            None => Ok(Theme::Dark),
        }
    }
}

thread_local! {
    /// The theme of the screen this thread draws (one screen per thread: the app's, or a
    /// test's).
    static THEME: Cell<Theme> = const { Cell::new(Theme::Dark) };
}

/// Draws this thread's screen in `theme` from now on.
pub fn set_theme(theme: Theme) {
    THEME.with(|t| t.set(theme));
}

/// The style for the theme in use: on a dark terminal, on a light one, without colour.
fn paint(dark: Style, light: Style, mono: Style) -> Style {
    match THEME.with(Cell::get) {
        Theme::Dark => dark,
        Theme::Light => light,
        Theme::Mono => mono,
    }
}

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

fn with(m: Modifier) -> Style {
    Style::new().add_modifier(m)
}

pub fn title() -> Style {
    with(Modifier::BOLD)
}

pub fn selected() -> Style {
    paint(
        Style::new().bg(Color::Blue).fg(Color::White),
        Style::new().bg(Color::Blue).fg(Color::White),
        with(Modifier::REVERSED),
    )
}

pub fn highlight() -> Style {
    paint(
        fg(Color::Yellow).add_modifier(Modifier::BOLD),
        fg(Color::Magenta).add_modifier(Modifier::BOLD),
        with(Modifier::BOLD),
    )
}

pub fn dim() -> Style {
    paint(
        fg(Color::DarkGray),
        fg(Color::DarkGray),
        with(Modifier::DIM),
    )
}

pub fn error() -> Style {
    paint(
        fg(Color::Red).add_modifier(Modifier::BOLD),
        fg(Color::Red).add_modifier(Modifier::BOLD),
        with(Modifier::BOLD | Modifier::UNDERLINED),
    )
}

pub fn overdue() -> Style {
    error()
}

/// A clock within its last hour, a score close to the target.
pub fn warn() -> Style {
    paint(fg(Color::Yellow), fg(Color::Magenta), with(Modifier::BOLD))
}

pub fn ok() -> Style {
    paint(fg(Color::Green), fg(Color::Green), Style::new())
}

pub fn label() -> Style {
    paint(fg(Color::Cyan), fg(Color::Blue), Style::new())
}

/// Bars and lines of a chart.
pub fn chart() -> Style {
    paint(fg(Color::Cyan), fg(Color::Blue), Style::new())
}

/// A score by how it stands against its target: met, close, short, or none yet.
pub fn score(met: bool, close: bool, known: bool) -> Style {
    match (known, met, close) {
        (false, _, _) => dim(),
        (true, true, _) => ok(),
        (true, false, true) => warn(),
        (true, false, false) => error(),
    }
}

/// A verdict at the gate: valid, or not.
pub fn verdict(valid: bool) -> Style {
    let bg = if valid { Color::Green } else { Color::Red };
    paint(
        Style::new()
            .bg(bg)
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
        Style::new()
            .bg(bg)
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
        if valid {
            with(Modifier::BOLD | Modifier::REVERSED)
        } else {
            with(Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED)
        },
    )
}

/// The estate in view on the hotline's status line.
pub fn estate() -> Style {
    paint(
        Style::new().bg(Color::Cyan).fg(Color::Black),
        Style::new().bg(Color::Cyan).fg(Color::Black),
        with(Modifier::REVERSED),
    )
}

pub fn field(focused: bool) -> Style {
    if !focused {
        return Style::new();
    }
    paint(
        Style::new().fg(Color::White).bg(Color::DarkGray),
        Style::new().fg(Color::Black).bg(Color::Gray),
        with(Modifier::UNDERLINED),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_mono_unless_a_theme_is_asked_for() {
        let set = Some(std::ffi::OsStr::new("1"));
        let empty = Some(std::ffi::OsStr::new(""));
        assert_eq!(Theme::choose(None, set), Ok(Theme::Mono));
        assert_eq!(Theme::choose(None, empty), Ok(Theme::Dark));
        assert_eq!(Theme::choose(None, None), Ok(Theme::Dark));
        assert_eq!(Theme::choose(Some("light"), set), Ok(Theme::Light));
        assert!(Theme::choose(Some("pink"), None)
            .unwrap_err()
            .contains("--theme"));
    }

    #[test]
    fn mono_paints_no_colour() {
        set_theme(Theme::Mono);
        for s in [
            selected(),
            highlight(),
            dim(),
            error(),
            warn(),
            ok(),
            label(),
            chart(),
            verdict(true),
            verdict(false),
            estate(),
            field(true),
        ] {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        set_theme(Theme::Dark);
    }
}
