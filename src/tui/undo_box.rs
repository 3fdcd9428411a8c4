//! The undo key's confirmation box: which step, on which case, taken when, and the keys
//! that undo it or keep it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::command::Command;
use super::i18n::Msg;
use super::keymap::Section;
use super::panes::{style, View};
use crate::protocol::UndoOffer;

pub fn render(offer: &UndoOffer, area: Rect, buf: &mut Buffer, view: &View<'_>) {
    let width = area.width.saturating_sub(8).min(90);
    let r = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height / 3,
        width,
        5.min(area.height),
    );
    Clear.render(r, buf);
    let what = super::told::operation_words(&offer.operation, view.lang);
    let text = Msg::UndoConfirm.with(
        view.lang,
        &[
            &what,
            &offer.ticket.0,
            &view.short_time(offer.at),
            "Enter",
            &view.key(Section::Global, Command::Back),
        ],
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style::warn())
        .title(Span::styled(
            format!(" {} ", view.key(Section::Global, Command::UndoLast)),
            style::title(),
        ));
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(block)
        .render(r, buf);
}
