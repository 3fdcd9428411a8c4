//! The Cases pane's incidents (`i`): each open incident as one group — its number,
//! building, category and what happened — with its callers' cases under it. The rows are
//! the list's own rows, so Enter opens a case and marks and bulk steps work as in any view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::draw::row_deadline;
use super::CasesPane;
use crate::client::Calls;
use crate::domain::text::fit_to_width;
use crate::protocol::{req, CaseSummary, IncidentGroup};
use crate::tui::i18n::{kind_label, status_label, Msg};
use crate::tui::panes::{frame, style, Cx, Outcome, View};

impl CasesPane {
    /// Shows the incidents, loaded afresh.
    pub fn show_incidents(&mut self, cx: &mut Cx<'_>) -> Outcome {
        self.groups = Some(Vec::new());
        self.open = None;
        self.bulk = None;
        self.selected = 0;
        self.load_incidents(cx)
    }

    pub(super) fn load_incidents(&mut self, cx: &mut Cx<'_>) -> Outcome {
        self.stale = false;
        let groups = cx.link.send(req::IncidentList {});
        let rows = groups
            .as_ref()
            .map(|gs| (gs.iter().flat_map(|g| g.cases.clone()).collect(), false))
            .map_err(Clone::clone);
        let outcome = self.took(rows, cx);
        if let Ok(groups) = groups {
            self.groups = Some(groups);
        }
        outcome
    }

    /// The groups: a header line per incident, its cases under it.
    pub(super) fn render_groups(
        &mut self,
        groups: &[IncidentGroup],
        area: Rect,
        buf: &mut Buffer,
        view: &View<'_>,
    ) {
        let lang = view.lang;
        let block = frame::titled(Msg::ViewIncidentsTab.text(lang));
        if groups.is_empty() {
            Paragraph::new(Span::styled(Msg::NoIncidents.text(lang), style::dim()))
                .block(block)
                .render(area, buf);
            return;
        }
        let mut lines: Vec<Line> = Vec::new();
        let mut at = 0;
        for g in groups {
            let i = &g.incident;
            let header = Msg::IncidentHeader.with(
                lang,
                &[
                    &i.no.0,
                    &i.building.to_string(),
                    view.category(&i.category),
                    &crate::domain::text::printable(&i.text),
                    &g.cases.len().to_string(),
                ],
            );
            lines.push(Line::from(Span::styled(header, style::warn())));
            for r in &g.cases {
                lines.push(self.group_line(r, at == self.selected, view));
                at += 1;
            }
        }
        Paragraph::new(lines).block(block).render(area, buf);
    }

    /// One case under its incident, in the list's columns.
    fn group_line(&self, r: &CaseSummary, selected: bool, view: &View<'_>) -> Line<'static> {
        let lang = view.lang;
        let (due, due_style) = row_deadline(r, view.now, lang)
            .unwrap_or_else(|| (status_label(r.status, lang).to_string(), style::dim()));
        let mark = if self.marked.contains(&r.ticket) {
            "●"
        } else {
            " "
        };
        let cells = [
            (r.ticket.clone(), 12),
            (
                format!(
                    "{} {}",
                    r.severity.as_str().to_uppercase(),
                    kind_label(r.kind, lang)
                ),
                10,
            ),
            (view.category(&r.category).to_string(), 10),
            (crate::domain::text::printable(&r.customer_name), 8),
            (r.unit.clone(), 10),
            (r.owner_name.clone(), 8),
            (status_label(r.status, lang).to_string(), 10),
        ];
        let text: String = cells
            .iter()
            .map(|(t, w)| fit_to_width(t, *w) + " ")
            .collect();
        let pointer = if selected { "› " } else { "  " };
        let look = if selected {
            style::selected()
        } else {
            Style::new()
        };
        Line::from(vec![
            Span::styled(format!("{pointer}{mark}{text}"), look),
            Span::styled(due, due_style),
        ])
    }
}
