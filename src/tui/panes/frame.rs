//! The frames panes draw in: a bordered box under its title, and a list the operator moves
//! through. Written once so that every pane frames, titles and highlights alike.

use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Table};

use super::style;

/// A bordered box whose title is in the title style.
pub fn titled<'a>(title: impl Into<std::borrow::Cow<'a, str>>) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, style::title()))
}

/// A bordered box whose title is in the label style (a part within a pane).
pub fn labelled<'a>(label: impl Into<std::borrow::Cow<'a, str>>) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(label, style::label()))
}

/// A list with a cursor: the selected row highlighted and marked `›`.
pub trait Pickable {
    fn pickable(self) -> Self;
}

impl Pickable for Table<'_> {
    fn pickable(self) -> Self {
        self.row_highlight_style(style::selected())
            .highlight_symbol("› ")
    }
}
