//! Likely duplicates on the screen (supervisors): pairs sharing a phone, or the same name or
//! pinyin in one unit. ↑/↓ pick a pair, `x` swaps which record is kept, `M` asks for a
//! reason and merges the duplicate into the kept record (one audited change; the
//! duplicate's id and tickets keep resolving).

use crate::protocol::req;
use crate::tui::panes::{cursor, frame};
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{style, Cx, Outcome, View};
use crate::client::Calls;
use crate::protocol::{CustomerSummary, DuplicatePair};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::{fill, Msg};
use crate::tui::keymap::Key;
use crate::tui::keymap::Section;

#[derive(Debug, Default)]
pub struct DuplicatesPage {
    pub pairs: Vec<DuplicatePair>,
    pub selected: usize,
    /// Keep the pair's second record instead of the first.
    pub keep_second: bool,
    /// The merge reason being typed.
    pub reason: Option<TextField>,
    pub error: Option<String>,
}

impl DuplicatesPage {
    pub fn select_next(&mut self) {
        self.selected = cursor::next(self.selected, self.pairs.len());
        self.keep_second = false;
    }

    pub fn select_prev(&mut self) {
        self.selected = cursor::prev(self.selected);
        self.keep_second = false;
    }

    /// (kept, duplicate) of the selected pair.
    fn chosen(&self) -> Option<(&CustomerSummary, &CustomerSummary)> {
        let p = self.pairs.get(self.selected)?;
        Some(if self.keep_second {
            (&p.b, &p.a)
        } else {
            (&p.a, &p.b)
        })
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        self.reason.as_mut().is_some_and(|r| r.edit(key))
    }

    /// Merges the chosen pair with the typed reason.
    pub fn merge(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some((keep, drop)) = self.chosen().map(|(k, d)| (k.id, d.id)) else {
            return Outcome::Nothing;
        };
        let reason = self
            .reason
            .as_ref()
            .map(TextField::text)
            .unwrap_or_default();
        match cx.link.send(req::CustomerMerge {
            keep,
            drop,
            reason: reason.to_string(),
        }) {
            Ok(kept) => {
                self.pairs.retain(|p| ![p.a.id, p.b.id].contains(&drop));
                self.selected = cursor::within(self.selected, self.pairs.len());
                self.reason = None;
                self.error = None;
                Outcome::Info(fill(
                    Msg::Merged.text(cx.lang),
                    &[&drop.to_string(), &kept.id.to_string(), &kept.name],
                ))
            }
            Err(crate::tui::link::LinkError::Offline) => Outcome::Offline,
            Err(e) => {
                self.error = Some(e.in_words(cx.lang));
                Outcome::Nothing
            }
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let [list, form] =
            Layout::vertical([Min(3), Length(if self.reason.is_some() { 4 } else { 0 })])
                .areas(area);
        let side = |c: &CustomerSummary| {
            format!(
                "{} {} {} {}",
                c.id,
                c.name,
                c.units.first().cloned().unwrap_or_default(),
                c.phones.first().cloned().unwrap_or_default()
            )
        };
        let mut lines = Vec::new();
        if self.pairs.is_empty() {
            lines.push(Line::from(Span::styled(
                Msg::NoDuplicates.text(lang),
                style::dim(),
            )));
        }
        for (i, p) in self.pairs.iter().enumerate() {
            let why: Vec<&str> = p.reasons.iter().map(|r| r.as_str()).collect();
            let (keep, drop) = if i == self.selected && self.keep_second {
                (&p.b, &p.a)
            } else {
                (&p.a, &p.b)
            };
            let text = format!(
                "{}{}  ⇐  {}   ({})",
                if i == self.selected { "› " } else { "  " },
                side(keep),
                side(drop),
                why.join(", ")
            );
            lines.push(if i == self.selected {
                Line::styled(text, style::selected())
            } else {
                Line::from(text)
            });
        }
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(format!("✗ {e}"), style::error())));
        }
        Paragraph::new(lines)
            .block(frame::titled(Msg::DuplicatesTitle.text(lang)))
            .render(list, buf);
        if let (Some(r), Some((keep, drop))) = (&self.reason, self.chosen()) {
            let block = frame::titled(fill(
                Msg::MergeTitle.text(lang),
                &[
                    &drop.id.to_string(),
                    &keep.id.to_string(),
                    &view.key(Section::Lookup, Command::OpenCustomer),
                    &view.key(Section::Global, Command::Back),
                ],
            ));
            let inner = block.inner(form);
            block.render(form, buf);
            r.render_labelled(
                Msg::FieldReason.text(lang),
                0,
                Rect { height: 1, ..inner },
                buf,
                true,
            );
        }
    }
}
