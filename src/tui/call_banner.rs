//! The caller pop-up: a banner over the bottom of whatever pane is open while a call rings
//! at this operator's extension. It names the caller (each resident whose phone it is,
//! their unit, open cases and last contact, or "a number on no record") and the keys that
//! open the card or a new resident's form, start intake by phone, or close it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::command::Command;
use super::i18n::Msg;
use super::keymap::Section;
use super::panes::{style, View};
use crate::domain::text::printable;
use crate::protocol::Ringing;

/// The banner's height: its border and two lines.
const HEIGHT: u16 = 4;

pub fn render(r: &Ringing, area: Rect, buf: &mut Buffer, view: &View<'_>) {
    if area.height < HEIGHT + 2 {
        return;
    }
    let box_area = Rect::new(area.x, area.bottom() - HEIGHT, area.width, HEIGHT);
    Clear.render(box_area, buf);
    let lang = view.lang;
    let title = Msg::CallFrom.with(lang, &[&spaced(&r.call.from)]);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style::warn())
        .title(Span::styled(format!(" {title} "), style::title()));
    let inner = block.inner(box_area);
    block.render(box_area, buf);

    let mut who: Vec<Span> = Vec::new();
    if r.callers.is_empty() {
        who.push(Span::styled(Msg::CallUnknown.text(lang), style::warn()));
    }
    for (i, c) in r.callers.iter().enumerate() {
        if i > 0 {
            who.push(Span::raw("  /  "));
        }
        who.push(Span::styled(printable(&c.customer.name), style::title()));
        who.push(Span::raw(format!(" {}", c.customer.units.join(" "))));
        let open = Msg::CallOpenCases.with(lang, &[&c.open_cases.to_string()]);
        let last = match c.last_contact {
            Some(t) => Msg::CallLastContact.with(lang, &[&view.short_time(t)]),
            None => Msg::CallFirstContact.text(lang).to_string(),
        };
        who.push(Span::styled(format!(" · {open} · {last}"), style::dim()));
    }
    if let Some(s) = r.call.seconds() {
        let length = super::panes::clock_span(s);
        who.push(Span::styled(
            format!("  ({})", Msg::CallEnded.with(lang, &[&length])),
            style::dim(),
        ));
    }
    let hint = if r.callers.is_empty() {
        Msg::CallHintUnknown
    } else {
        Msg::CallHint
    };
    let keys = [Command::CallCard, Command::CallIntake, Command::CallDismiss]
        .map(|c| view.key(Section::Global, c));
    let hint = hint.with(lang, &[&keys[0], &keys[1], &keys[2]]);
    Paragraph::new(vec![
        Line::from(who),
        Line::from(Span::styled(hint, style::dim())),
    ])
    .render(inner, buf);
}

/// A mobile number as people read it aloud: `138 0013 8000`.
fn spaced(number: &str) -> String {
    if number.len() == 11 && number.starts_with('1') {
        format!("{} {} {}", &number[..3], &number[3..7], &number[7..])
    } else {
        number.to_string()
    }
}
