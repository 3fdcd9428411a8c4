//! Drawing the Cases pane: the view tabs with their counts, the filter box, the list (the
//! nearest deadline with time left or overdue, coloured by urgency), and the case view with
//! its steps — the ones the operator may not take dimmed, with the reason.

use crate::tui::panes::frame::{self, Pickable};
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget, Wrap};

use super::{BulkForm, BulkStep, CasesPane};
use crate::domain::case::CaseView;
use crate::domain::Staff;
use crate::protocol::ViewCounts;
use crate::tui::command::Command;
use crate::tui::i18n::{fill, kind_label, status_label, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{style, View};

pub fn view_tab(v: CaseView) -> (Msg, Command) {
    match v {
        CaseView::Mine => (Msg::ViewMineTab, Command::ViewMine),
        CaseView::Handling => (Msg::ViewHandlingTab, Command::ViewHandling),
        CaseView::Deadlines => (Msg::ViewDeadlinesTab, Command::ViewDeadlines),
        CaseView::Escalated => (Msg::ViewEscalatedTab, Command::ViewEscalated),
        CaseView::Suggestions => (Msg::ViewSuggestionsTab, Command::ViewSuggestions),
        CaseView::Open => (Msg::ViewOpenTab, Command::ViewOpen),
    }
}

fn count_of(v: CaseView, n: &ViewCounts) -> u64 {
    match v {
        CaseView::Mine => n.mine,
        CaseView::Handling => n.handling,
        CaseView::Deadlines => n.past_deadline,
        CaseView::Escalated => n.escalated,
        CaseView::Suggestions => n.suggestions,
        CaseView::Open => n.open,
    }
}

pub use super::clocks::{clock_label, deadline_text, row_deadline};

impl CasesPane {
    pub fn render(
        &mut self,
        area: Rect,
        buf: &mut Buffer,
        view: &View<'_>,
        counts: &ViewCounts,
        me: Option<&Staff>,
    ) {
        if let Some(d) = &self.open {
            super::case_draw::render_case(d, area, buf, view, me);
            return;
        }
        let lang = view.lang;
        let bulk_h = if self.bulk.is_some() { 5 } else { 0 };
        let [tabs, filter, list, bulk, hint] =
            Layout::vertical([Length(1), Length(3), Min(3), Length(bulk_h), Length(1)]).areas(area);
        self.render_tabs(tabs, buf, view, counts, me);
        let block = frame::labelled(Msg::FilterTitle.text(lang));
        let inner = block.inner(filter);
        block.render(filter, buf);
        self.filter.render(
            inner,
            buf,
            style::field(self.filter_focus),
            self.filter_focus,
        );

        if let Some(groups) = self.groups.take() {
            self.render_groups(&groups, list, buf, view);
            self.groups = Some(groups);
        } else {
            self.render_list(list, buf, view);
        }
        if let Some(b) = &self.bulk {
            render_bulk(b, self.marked.len(), bulk, buf, view);
        }
        let hint_text = view.hint(
            Section::Cases,
            &[
                (&[Command::OpenCase], Msg::HintOpen),
                (&[Command::FocusSearch], Msg::HintFilter),
                (&[Command::ToggleSelect], Msg::HintMark),
                (&[Command::BulkReassign], Msg::HintBulkReassign),
                (&[Command::BulkEscalate], Msg::HintBulkEscalate),
            ],
        );
        Span::styled(hint_text, style::dim()).render(hint, buf);
    }

    /// The view's cases as a table.
    fn render_list(&mut self, list: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let (title_msg, _) = view_tab(self.view);
        let block = frame::titled(title_msg.text(lang));
        if let Some(e) = &self.error {
            Paragraph::new(Span::styled(format!("✗ {e}"), style::error()))
                .block(block)
                .wrap(Wrap { trim: true })
                .render(list, buf);
        } else if self.rows.is_empty() {
            Paragraph::new(Span::styled(Msg::NoCases.text(lang), style::dim()))
                .block(block)
                .render(list, buf);
        } else {
            let mut rows: Vec<Row> = self.rows.iter().map(|r| self.row_of(r, view)).collect();
            if self.more {
                rows.push(Row::new(vec![Line::from(Span::styled(
                    Msg::MoreRows.with(lang, &[&view.key(Section::Cases, Command::SelectNext)]),
                    style::dim(),
                ))]));
            }
            // Across the hotline's estates a ticket is shown under its estate's code.
            let across = self.rows.iter().any(|r| r.estate.is_some());
            let table = Table::new(
                rows,
                [
                    Length(if across { 18 } else { 13 }),
                    Length(13),
                    Length(10),
                    Length(8),
                    Length(10),
                    Length(8),
                    Length(10),
                    Min(16),
                ],
            )
            .block(block)
            .pickable();
            self.table.select(Some(self.selected));
            ratatui::widgets::StatefulWidget::render(table, list, buf, &mut self.table);
        }
    }

    /// The view tabs with their counts; the open view's highlighted, the deadline board red
    /// when anything is past its deadline.
    fn render_tabs(
        &self,
        tabs: Rect,
        buf: &mut Buffer,
        view: &View<'_>,
        counts: &ViewCounts,
        me: Option<&Staff>,
    ) {
        let lang = view.lang;
        let mut spans = Vec::new();
        let supervisor = me.is_some_and(|m| m.role.can_reassign());
        for &v in CaseView::ALL {
            // The supervisors' views (R-INT-10/19: suggestions reach a leader).
            if matches!(v, CaseView::Open | CaseView::Suggestions) && !supervisor {
                continue;
            }
            let (msg, cmd) = view_tab(v);
            let key = view.key(Section::Cases, cmd);
            let text = format!(" {key} {} {} ", msg.text(lang), count_of(v, counts));
            let st = if v == self.view && self.groups.is_none() {
                style::selected()
            } else if v == CaseView::Deadlines && counts.past_deadline > 0 {
                style::overdue()
            } else {
                Style::new()
            };
            spans.push(Span::styled(text, st));
            spans.push(Span::raw("│"));
        }
        // The incidents: a group per event, its count once loaded.
        let key = view.key(Section::Cases, Command::ViewIncidents);
        let count = self
            .groups
            .as_ref()
            .map_or(String::new(), |g| format!(" {}", g.len()));
        let text = format!(" {key} {}{count} ", Msg::ViewIncidentsTab.text(lang));
        let st = if self.groups.is_some() {
            style::selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(text, st));
        Line::from(spans).render(tabs, buf);
    }

    /// One case in the list: marked or not, its nearest deadline or its status.
    fn row_of(&self, r: &crate::protocol::CaseSummary, view: &View<'_>) -> Row<'static> {
        let lang = view.lang;
        let (due, st) = row_deadline(r, view.now, lang)
            .unwrap_or_else(|| (status_label(r.status, lang).to_string(), style::dim()));
        let mark = if self.marked.contains(&r.ticket) {
            "● "
        } else {
            ""
        };
        Row::new(vec![
            Line::from(match &r.estate {
                Some(code) => format!("{mark}{code}/{}", r.ticket),
                None => format!("{mark}{}", r.ticket),
            }),
            Line::from(format!(
                "{} {}",
                r.severity.as_str().to_uppercase(),
                kind_label(r.kind, lang)
            )),
            Line::from(view.category(&r.category).to_string()),
            Line::from(r.customer_name.clone()),
            Line::from(r.unit.clone()),
            Line::from(r.owner_name.clone()),
            Line::from(status_label(r.status, lang)),
            Line::from(Span::styled(due, st)),
        ])
    }
}

fn render_bulk(b: &BulkForm, marked: usize, area: Rect, buf: &mut Buffer, view: &View<'_>) {
    let lang = view.lang;
    let title = match b.step {
        BulkStep::Reassign => Msg::BulkReassignTitle,
        BulkStep::Escalate => Msg::BulkEscalateTitle,
    };
    let block = frame::titled(fill(title.text(lang), &[&marked.to_string()]));
    let inner = block.inner(area);
    block.render(area, buf);
    for (i, (msg, field)) in [(Msg::FieldTo, &b.to), (Msg::FieldReason, &b.reason)]
        .into_iter()
        .enumerate()
    {
        let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
        field.render_labelled(msg.text(lang), 0, row, buf, i == b.focus);
    }
    if let Some(e) = &b.error {
        Span::styled(format!("✗ {e}"), style::error())
            .render(Rect::new(inner.x, inner.y + 2, inner.width, 1), buf);
    }
}
