//! The "to verify" list (R-REC-07): residents whose details were not confirmed in 90 days,
//! by building, never-verified first within a unit order. Enter opens the card, where `V`
//! marks the record verified; the list is reloaded when it is shown again.

use crate::tui::panes::{cursor, frame};
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::Min;
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{style, View};
use crate::domain::CustomerId;
use crate::protocol::ToVerify;
use crate::tui::i18n::{fill, Msg};

#[derive(Debug, Default)]
pub struct ToVerifyPage {
    pub rows: Vec<ToVerify>,
    pub selected: usize,
}

impl ToVerifyPage {
    pub fn select_next(&mut self) {
        self.selected = cursor::next(self.selected, self.rows.len());
    }

    pub fn select_prev(&mut self) {
        self.selected = cursor::prev(self.selected);
    }

    pub fn selected_customer(&self) -> Option<CustomerId> {
        self.rows.get(self.selected).map(|r| r.customer.id)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let [list] = Layout::vertical([Min(3)]).areas(area);
        let mut lines = Vec::new();
        if self.rows.is_empty() {
            lines.push(Line::from(Span::styled(
                Msg::NothingToVerify.text(lang),
                style::dim(),
            )));
        }
        // Keep the selection in sight.
        let height = list.height.saturating_sub(2) as usize;
        let skip = self.selected.saturating_sub(height.saturating_sub(1));
        for (i, r) in self.rows.iter().enumerate().skip(skip).take(height) {
            let c = &r.customer;
            let last = match &r.last {
                Some(v) => fill(
                    Msg::VerifiedOn.text(lang),
                    &[&view.short_time(v.at), &view.staff_name(v.by)],
                ),
                None => Msg::NeverVerifiedShort.text(lang).to_string(),
            };
            let text = format!(
                "{}{:<10} {:<6} {}  {}  {}",
                if i == self.selected { "› " } else { "  " },
                c.units.first().cloned().unwrap_or_default(),
                c.id.to_string(),
                c.name,
                c.phones.first().cloned().unwrap_or_default(),
                last
            );
            lines.push(if i == self.selected {
                Line::styled(text, style::selected())
            } else {
                Line::from(text)
            });
        }
        Paragraph::new(lines)
            .block(frame::titled(Msg::ToVerifyTitle.text(lang)))
            .render(list, buf);
    }
}
