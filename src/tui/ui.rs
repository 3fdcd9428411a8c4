//! Drawing the frame around the panes: the tab bar, the status bar (operator, clock, live
//! counts, the dispatch countdown, the last message) and the overlays. Help and the palette
//! are generated from the active keymap, so a remap shows up in both. No IO here.

use crate::tui::panes::frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Row, Table, Tabs, Widget};
use ratatui::Frame;

use super::app::{App, Focus, Level, Overlay};
use super::command::Command;
use super::i18n::{fill, role_label, Msg};
use super::keymap::Section;
use super::panes::{clock_span, style, View};
use crate::domain::text::pad_to_width;
use crate::tui::keymap::Key;
use crate::tui::keymap::KeyName;

/// The smallest window the layout is drawn for (a classic terminal); below it the screen
/// asks for a larger one rather than drawing a broken layout.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(app: &mut App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let ask = fill(
            Msg::WindowTooSmall.text(app.lang),
            &[
                &MIN_WIDTH.to_string(),
                &MIN_HEIGHT.to_string(),
                &area.width.to_string(),
                &area.height.to_string(),
            ],
        );
        let row = Rect::new(area.x, area.y + area.height / 2, area.width, 1);
        Paragraph::new(ask)
            .alignment(ratatui::layout::Alignment::Center)
            .render(row, buf);
        return;
    }
    // R-REC-12: a screen left idle shows no resident until a key is pressed, so whoever
    // stands at the counter next reads nobody's record.
    if app.hidden() {
        let who = app.me.as_ref().map_or(String::new(), |m| m.name.clone());
        let said = Msg::ScreenHidden.with(app.lang, &[&who]);
        let row = Rect::new(area.x, area.y + area.height / 2, area.width, 1);
        Paragraph::new(said)
            .alignment(ratatui::layout::Alignment::Center)
            .render(row, buf);
        return;
    }
    let [tabs, body, status, message] =
        Layout::vertical([Length(1), Min(3), Length(1), Length(1)]).areas(area);
    render_tabs(app, tabs, buf);
    let (pane, _, view) = app.split(app.focus);
    pane.render(body, buf, &view);
    render_status(app, status, buf);
    render_message(app, message, buf);
    let view = View {
        lang: app.lang,
        now: app.now,
        offset: app.offset,
        staff: &app.staff,
        keymap: &app.keymap,
        categories: &app.categories,
        me: app.me.as_ref(),
        views: &app.stats.views,
        step_rules: app.link.welcome.step_rules,
    };
    // Over whatever pane is open, under help and the palette.
    if let Some(r) = &app.ringing {
        super::call_banner::render(r, body, buf, &view);
    }
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => render_help(app, body, buf),
        Overlay::Palette(_) => render_palette(app, body, buf),
        Overlay::Digest(page) => page.render(body, buf, &view),
        Overlay::Undo(offer) => super::undo_box::render(offer, body, buf, &view),
    }
}

fn render_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    // A guard's screen has the gate alone (R-OPS-02).
    let shown: Vec<(Focus, Command)> = Focus::ALL
        .iter()
        .map(|f| (*f, f.tab_command()))
        .filter(|(f, _)| !app.is_guard() || *f == Focus::Paperwork)
        .collect();
    let titles: Vec<Line> = shown
        .iter()
        .map(|&(f, cmd)| {
            let key = app
                .keymap
                .keys_for(Section::Global, cmd)
                .first()
                .map(|k| format!("{k} "))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(key, style::dim()),
                Span::raw(f.title().text(app.lang)),
            ])
        })
        .collect();
    let selected = shown.iter().position(|(f, _)| *f == app.focus).unwrap_or(0);
    Tabs::new(titles)
        .select(selected)
        .highlight_style(Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED))
        .divider("│")
        .render(area, buf);
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let who = match &app.me {
        Some(me) => format!(
            " {} ({}) · {} ",
            me.name,
            me.username,
            role_label(me.role, lang)
        ),
        None => format!(
            " {} · {} ",
            app.link.welcome.username,
            Msg::NotRegistered.text(lang)
        ),
    };
    let s = &app.stats;
    let mut spans = vec![Span::styled(who, style::selected()), Span::raw(" ")];
    // The hotline's screen names the estate in view (or all of them) first, so every count
    // after it reads as that estate's (or their sum).
    if let Some(code) = app.link.estate() {
        let named = app.link.estate_named(&code);
        spans.push(Span::styled(format!(" {named} "), style::estate()));
        spans.push(Span::raw(" "));
    } else if app.link.welcome.estates.len() > 1 {
        let all = Msg::AllEstates.text(app.lang);
        spans.push(Span::styled(format!(" {all} "), style::estate()));
        spans.push(Span::raw(" "));
    }
    let counted = spans.len();
    spans.extend([
        Span::styled(
            format!("{} {}", Msg::PastSla.text(lang), s.cases_past_sla),
            if s.cases_past_sla > 0 {
                style::overdue()
            } else {
                Style::new()
            },
        ),
        Span::raw(" · "),
        Span::raw(format!(
            "{} {}",
            Msg::CallbacksDue.text(lang),
            s.callbacks_due_today
        )),
        Span::raw(" · "),
        Span::raw(format!("{} {}", Msg::MyOpen.text(lang), s.my_open_cases)),
    ]);
    // R-VIS-02 "never missed": named only when one was.
    if s.visits_missed > 0 {
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(
            format!("{} {}", Msg::VisitsMissed.text(lang), s.visits_missed),
            style::overdue(),
        ));
    }
    // R-OPS-15: a desk left unattended and a cover waiting on my OK, named only when so and
    // first, ahead of the counts: rare, and the first thing a supervisor must act on.
    for (n, msg) in [
        (s.covers_awaiting_me, Msg::CoversAwaitingMe),
        (s.desk_unattended, Msg::DeskUnattended),
    ] {
        if n > 0 {
            spans.insert(counted, Span::raw(" · "));
            spans.insert(
                counted,
                Span::styled(format!("{} {n}", msg.text(lang)), style::overdue()),
            );
        }
    }
    // An incident in progress comes first: the next caller is most likely about it.
    if let Some((no, building, category)) = s.incidents.first() {
        let label = app
            .categories
            .label(category, lang == super::i18n::Lang::Zh);
        let more = match s.incidents.len() {
            1 => String::new(),
            n => format!(" +{}", n - 1),
        };
        let text = Msg::IncidentBar.with(lang, &[&no.0, &building.to_string(), label]);
        spans.insert(counted, Span::raw(" · "));
        spans.insert(
            counted,
            Span::styled(format!("⚠ {text}{more}"), style::warn()),
        );
    }
    if app.is_guard() {
        // The desk's counts are not the gate's business.
        spans.truncate(counted);
    }
    if let Some((ticket, secs)) = app.dispatch_countdown() {
        let (msg, st) = if secs >= 0 {
            (Msg::StatusDispatch, style::highlight())
        } else {
            (Msg::StatusDispatchLate, style::overdue())
        };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            fill(msg.text(lang), &[&ticket, &clock_span(secs)]),
            st,
        ));
    }
    if !app.online {
        spans.push(Span::styled(
            format!("  ⚠ {}", Msg::Offline.text(lang)),
            style::error(),
        ));
    }
    Line::from(spans).render(area, buf);
    let clock = app
        .now
        .with_timezone(&app.offset)
        .format(" %Y-%m-%d %H:%M ")
        .to_string();
    let w = clock.len() as u16;
    if area.width > w {
        Span::styled(clock, style::dim()).render(Rect::new(area.right() - w, area.y, w, 1), buf);
    }
}

fn render_message(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some((level, text)) = &app.message {
        let st = match level {
            Level::Info => style::ok(),
            Level::Error => style::error(),
        };
        Span::styled(format!(" {text}"), st).render(area, buf);
    }
}

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// (keys, description) for a section, grouped by command.
fn bindings(app: &App, section: Section) -> Vec<(String, &'static str)> {
    let mut out: Vec<(Command, Vec<String>)> = Vec::new();
    if let Some(keys) = app.keymap.sections.get(&section) {
        for (k, c) in keys {
            match out.iter_mut().find(|(cmd, _)| cmd == c) {
                Some((_, ks)) => ks.push(k.to_string()),
                None => out.push((*c, vec![k.to_string()])),
            }
        }
    }
    out.sort_by_key(|(c, _)| *c);
    out.into_iter()
        .map(|(c, ks)| (ks.join(" "), c.describe(app.lang)))
        .collect()
}

fn render_help(app: &mut App, area: Rect, buf: &mut Buffer) {
    let sections = app.sections();
    let app = &*app;
    let lang = app.lang;
    let mut rows: Vec<Row> = Vec::new();
    for &section in sections.iter().chain([&Section::Global]) {
        let name = match section {
            Section::Global => Msg::GlobalKeysLabel.text(lang).to_string(),
            Section::Case => Msg::StepsLabel.text(lang).to_string(),
            _ => app.focus.title().text(lang).to_string(),
        };
        rows.push(Row::new(vec![Line::from(Span::styled(
            name,
            style::title(),
        ))]));
        for (keys, what) in bindings(app, section) {
            rows.push(Row::new(vec![
                Line::from(Span::styled(format!("  {keys}"), style::label())),
                Line::from(what),
            ]));
        }
    }
    let height = (rows.len() as u16 + 2).min(area.height);
    let r = popup(area, 76, height);
    Clear.render(r, buf);
    Table::new(rows, [Length(28), Min(10)])
        .block(frame::titled(
            Msg::HelpTitle.with(
                lang,
                &[
                    &super::hints::key_for(&app.keymap, Section::Global, Command::Back)
                        .map(super::hints::key_label)
                        .unwrap_or_default(),
                ],
            ),
        ))
        .render(r, buf);
}

fn render_palette(app: &mut App, area: Rect, buf: &mut Buffer) {
    let sections = app.sections();
    let app = &*app;
    let Overlay::Palette(p) = &app.overlay else {
        return;
    };
    let lang = app.lang;
    let cmds = p.matches(lang);
    let r = popup(area, 64, 16);
    Clear.render(r, buf);
    let block = frame::titled(Msg::PaletteTitle.with(
        lang,
        &[&super::hints::key_label(Key::plain(KeyName::Enter))],
    ));
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.height == 0 {
        return;
    }
    p.query
        .render(Rect { height: 1, ..inner }, buf, style::field(true), true);
    let start = p
        .selected
        .saturating_sub(inner.height.saturating_sub(2) as usize);
    for (row, (i, c)) in cmds.iter().enumerate().skip(start).enumerate() {
        let y = inner.y + 1 + row as u16;
        if y >= inner.bottom() {
            break;
        }
        let keys: Vec<String> = sections
            .iter()
            .chain([&Section::Global])
            .flat_map(|s| app.keymap.keys_for(*s, *c))
            .map(|k| k.to_string())
            .collect();
        let st = if i == p.selected {
            style::selected()
        } else {
            Style::new()
        };
        Paragraph::new(Line::from(vec![
            Span::styled(pad_to_width((*c).describe(lang), 34), st),
            Span::styled(keys.join(" "), style::dim()),
        ]))
        .render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
}
