//! The one thing drawn outside ratatui: while a call waits on a held-up save, the event loop
//! is blocked inside that call and cannot draw, so the link's wait hook writes the reason
//! straight onto the bottom row (reverse video, clipped to the width). The next frame after
//! the call returns redraws the whole screen, since ratatui does not know what was written.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use unicode_width::UnicodeWidthChar;

use super::i18n::{self, Lang};
use super::link::WaitShown;

/// A hook for `Link::while_waiting`, and the flag it raises when it wrote on the screen.
pub fn hook(lang: Lang) -> (WaitShown, Arc<AtomicBool>) {
    let scribbled = Arc::new(AtomicBool::new(false));
    let raised = scribbled.clone();
    let show: WaitShown = Arc::new(move |wait| {
        let text = i18n::waiting(wait).text(lang);
        if write_bottom_row(text).is_ok() {
            raised.store(true, Ordering::Relaxed);
        }
    });
    (show, scribbled)
}

fn write_bottom_row(text: &str) -> std::io::Result<()> {
    use crossterm::{cursor, style, terminal};
    let (cols, rows) = terminal::size()?;
    let mut line = String::new();
    let mut width = 0usize;
    for c in format!(" {text} ").chars() {
        let w = c.width().unwrap_or(0);
        if width + w > usize::from(cols) {
            break;
        }
        width += w;
        line.push(c);
    }
    line.push_str(&" ".repeat(usize::from(cols).saturating_sub(width)));
    let mut out = std::io::stdout().lock();
    crossterm::queue!(
        out,
        cursor::SavePosition,
        cursor::MoveTo(0, rows.saturating_sub(1)),
        style::SetAttribute(style::Attribute::Reverse),
        style::Print(line),
        style::SetAttribute(style::Attribute::Reset),
        cursor::RestorePosition
    )?;
    out.flush()
}
