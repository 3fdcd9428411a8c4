//! The reply templates' list over a reply or note form (Ctrl-T): the templates offered for
//! the case's category and kind, closest first, filtered as the operator types; Enter puts
//! the chosen one, filled in from the case, into the form's field, where it can still be
//! edited before it is sent.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::domain::template::{Fill, Template};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::Msg;
use crate::tui::keymap::Section;
use crate::tui::panes::{style, View};

#[derive(Debug)]
pub struct TemplatePicker {
    pub templates: Vec<Template>,
    /// What the case fills the templates' fields with.
    pub fill: Fill,
    pub query: TextField,
    pub selected: usize,
}

impl TemplatePicker {
    /// The templates the typed filter matches (by title and filled text), best first.
    pub fn matches(&self) -> Vec<&Template> {
        let q = self.query.text();
        if q.trim().is_empty() {
            return self.templates.iter().collect();
        }
        let matcher = SkimMatcherV2::default();
        let mut scored: Vec<(i64, usize, &Template)> = self
            .templates
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let hay = format!("{} {}", t.title, t.fill(&self.fill));
                matcher.fuzzy_match(&hay, &q).map(|s| (s, i, t))
            })
            .collect();
        scored.sort_by_key(|(s, i, _)| (std::cmp::Reverse(*s), *i));
        scored.into_iter().map(|(_, _, t)| t).collect()
    }

    /// The chosen template's words, filled in from the case.
    pub fn chosen(&self) -> Option<String> {
        self.matches()
            .get(self.selected)
            .map(|t| t.fill(&self.fill))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let height = (self.templates.len() as u16 + 4).clamp(5, area.height);
        let r = Rect::new(
            area.x + 2,
            area.y + 2,
            area.width.saturating_sub(4),
            height.min(area.height.saturating_sub(2)),
        );
        // One column more on each side: a wide character under the border is cleared whole.
        Clear.render(
            Rect {
                x: r.x.saturating_sub(1),
                width: (r.width + 2).min(area.right().saturating_sub(r.x.saturating_sub(1))),
                ..r
            },
            buf,
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(style::warn())
            .title(Span::styled(Msg::TemplatesTitle.text(lang), style::title()));
        let inner = block.inner(r);
        block.render(r, buf);
        if inner.height == 0 {
            return;
        }
        self.query.render_labelled(
            Msg::TemplatesFilter.text(lang),
            0,
            Rect { height: 1, ..inner },
            buf,
            true,
        );
        let mut lines: Vec<Line> = Vec::new();
        let matches = self.matches();
        if matches.is_empty() {
            lines.push(Line::from(Span::styled(
                Msg::TemplatesNone.text(lang),
                style::dim(),
            )));
        }
        for (i, t) in matches.iter().enumerate() {
            let look = if i == self.selected {
                style::selected()
            } else {
                ratatui::style::Style::new()
            };
            let text = crate::domain::text::printable(&t.fill(&self.fill));
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", t.title), look),
                Span::styled(text, style::dim()),
            ]));
        }
        lines.push(Line::from(Span::styled(
            Msg::TemplatesHint.with(
                lang,
                &[
                    &view.key(Section::Case, Command::Confirm),
                    &view.key(Section::Global, Command::Back),
                ],
            ),
            style::dim(),
        )));
        Paragraph::new(lines).render(
            Rect {
                y: inner.y + 1,
                height: inner.height.saturating_sub(1),
                ..inner
            },
            buf,
        );
    }
}
