//! The unit view (one dwelling, R-REC-01): reached by typing a whole unit code in Lookup and
//! pressing Enter, or with `u` on a card. It lists every occupant past and present — role,
//! move-in and move-out, residence card — the move-in papers checklist, and the unit's
//! history: its residents' cases, the visits to it and their callbacks, newest first. ↑/↓
//! pick an occupant; Enter opens their card.

use crate::tui::panes::{cursor, frame};
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{style, View};
use crate::domain::{CustomerId, OccupantRole, Time};
use crate::protocol::UnitView;
use crate::tui::command::Command;
use crate::tui::hints::HintItem;
use crate::tui::i18n::{fill, kind_label, status_label, Lang, Msg};
use crate::tui::keymap::Section;

const UNIT_HINT: &[HintItem] = &[
    (
        &[Command::SelectNext, Command::SelectPrev],
        Msg::HintPickOccupant,
    ),
    (&[Command::OpenCustomer], Msg::HintOpenCard),
    (&[Command::Back], Msg::HintBack),
];

#[derive(Debug)]
pub struct UnitPage {
    pub view: UnitView,
    pub selected: usize,
}

fn role_label(r: OccupantRole, lang: Lang) -> &'static str {
    crate::tui::i18n::term_of(lang, "occupant", r.as_str())
}

impl UnitPage {
    pub fn new(view: UnitView) -> UnitPage {
        UnitPage { view, selected: 0 }
    }

    pub fn select_next(&mut self) {
        self.selected = cursor::next(self.selected, self.view.residents.len());
    }

    pub fn select_prev(&mut self) {
        self.selected = cursor::prev(self.selected);
    }

    pub fn selected_customer(&self) -> Option<CustomerId> {
        self.view
            .residents
            .get(self.selected)
            .map(|r| r.customer.id)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let v = &self.view;
        let people_h = v.residents.len().max(1) as u16 + 2;
        // R-REC-01/02: the file's thirteen papers, as many lines as the width needs.
        let paper_lines = paper_lines(v, usize::from(area.width.saturating_sub(2)), lang);
        let [people, papers, paperwork, history, hint] = Layout::vertical([
            Length(people_h.min(area.height / 2)),
            Length(paper_lines.len() as u16 + 2),
            Length(4),
            Min(3),
            Length(1),
        ])
        .areas(area);
        let mut lines = Vec::new();
        if v.residents.is_empty() {
            lines.push(Line::from(Span::styled(
                Msg::NobodyOnRecord.text(lang),
                style::dim(),
            )));
        }
        for (i, r) in v.residents.iter().enumerate() {
            lines.push(self.resident_line(i, r, lang));
        }
        Paragraph::new(lines)
            .block(frame::titled(fill(
                Msg::UnitTitle.text(lang),
                &[&v.dwelling.unit.to_string()],
            )))
            .render(people, buf);

        Paragraph::new(paper_lines)
            .block(frame::labelled(Msg::PapersTitle.text(lang)))
            .render(papers, buf);

        self.render_paperwork(paperwork, buf, lang);

        let history_lines = history_lines(v, view);
        Paragraph::new(history_lines)
            .block(frame::titled(Msg::Timeline.text(lang)))
            .wrap(Wrap { trim: false })
            .render(history, buf);
        Span::styled(view.hint(Section::Lookup, UNIT_HINT), style::dim()).render(hint, buf);
    }

    /// One occupant: number, name, phone, how they live here, their residence card.
    fn resident_line(
        &self,
        i: usize,
        r: &crate::protocol::UnitResident,
        lang: Lang,
    ) -> Line<'static> {
        let c = &r.customer;
        let standing = match &r.occupancy {
            Some(o) => match o.moved_out {
                Some(out) => format!(
                    "{} {}–{}  {}",
                    role_label(o.role, lang),
                    o.moved_in,
                    out,
                    Msg::MovedOut.text(lang)
                ),
                None => fill(
                    Msg::Since.text(lang),
                    &[role_label(o.role, lang), &o.moved_in.to_string()],
                ),
            },
            None => Msg::NoMoveInRecorded.text(lang).to_string(),
        };
        let card = r
            .occupancy
            .as_ref()
            .filter(|o| !o.residence_card.is_empty())
            .map(|o| format!("  {}", o.residence_card))
            .unwrap_or_default();
        let moved_out = r.occupancy.as_ref().is_some_and(|o| o.moved_out.is_some());
        let st = if i == self.selected {
            style::selected()
        } else if moved_out {
            style::dim()
        } else {
            ratatui::style::Style::new()
        };
        Line::styled(
            format!(
                "{}{} {}  {}  {}{}",
                if i == self.selected { "› " } else { "  " },
                c.id,
                c.name,
                c.phones.first().cloned().unwrap_or_default(),
                standing,
                card
            ),
            st,
        )
    }

    /// The unit's paperwork: permits, release slips, visitors, and the arrears total.
    fn render_paperwork(&self, area: Rect, buf: &mut Buffer, lang: Lang) {
        let v = &self.view;
        let mut spans = Vec::new();
        for p in &v.permits {
            spans.push(Span::styled(format!("{} ", p.no), style::label()));
            spans.push(Span::raw(format!(
                "{}   ",
                super::paperwork::state_label(&p.state, lang)
            )));
        }
        for s in &v.slips {
            let state = match s.state {
                crate::domain::release::SlipState::Issued => Msg::UnitIssued.text(lang),
                crate::domain::release::SlipState::Used { .. } => Msg::UnitUsed.text(lang),
                crate::domain::release::SlipState::Void { .. } => Msg::UnitVoid.text(lang),
            };
            spans.push(Span::styled(format!("{} ", s.no), style::label()));
            spans.push(Span::raw(format!("{state}   ")));
        }
        for visitor in v.visitors.iter().rev().take(3) {
            spans.push(Span::styled(format!("{} ", visitor.no), style::label()));
            spans.push(Span::raw(format!("{}   ", visitor.name)));
        }
        if !v.arrears.is_empty() {
            let total = crate::domain::fees::owed(&v.arrears);
            spans.push(Span::styled(
                format!("{} {total}", Msg::UnitArrears.text(lang)),
                style::overdue(),
            ));
        }
        if spans.is_empty() {
            spans.push(Span::styled(Msg::UnitNone.text(lang), style::dim()));
        }
        Paragraph::new(Line::from(spans))
            .wrap(Wrap { trim: true })
            .block(frame::labelled(
                Msg::UnitPermitsSlipsVisitorsArrears.text(lang),
            ))
            .render(area, buf);
    }
}

/// The unit's cases, visits and callbacks, newest first.
fn history_lines(v: &UnitView, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    let mut rows: Vec<(Time, Line)> = Vec::new();
    for c in &v.cases {
        rows.push((
            c.registered_at,
            Line::from(vec![
                Span::styled(
                    format!("{} ", view.short_time(c.registered_at)),
                    style::dim(),
                ),
                Span::styled(format!("{} ", c.ticket), style::label()),
                Span::raw(format!(
                    "{} · {} · {} · {} · {}",
                    c.customer_name,
                    kind_label(c.kind, lang),
                    view.category(&c.category),
                    status_label(c.status, lang),
                    c.owner_name
                )),
            ]),
        ));
    }
    for visit in &v.visits {
        rows.push((
            visit.start,
            Line::from(vec![
                Span::styled(format!("{} ", view.short_time(visit.start)), style::dim()),
                Span::styled(format!("{} ", visit.id), style::label()),
                Span::raw(visit.purpose.clone()),
            ]),
        ));
    }
    for cb in &v.callbacks {
        rows.push((
            cb.due,
            Line::from(vec![
                Span::styled(format!("{} ", view.short_time(cb.due)), style::dim()),
                Span::styled(format!("{} ", cb.id), style::label()),
                Span::raw(Msg::TabCallbacks.text(lang)),
            ]),
        ));
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    if rows.is_empty() {
        vec![Line::from(Span::styled(
            Msg::NoHistory.text(lang),
            style::dim(),
        ))]
    } else {
        rows.into_iter().map(|r| r.1).collect()
    }
}

/// The dwelling's papers, each whole on one line ("[x] name date" or "[ ] name"), lines
/// filled to `room` columns.
fn paper_lines(v: &crate::protocol::UnitView, room: usize, lang: Lang) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut line = Line::default();
    for (kind, dated) in v.dwelling.checklist() {
        let name = crate::tui::i18n::term_of(lang, "unit-paper", kind.as_str());
        let (text, st) = match dated {
            Some(d) => (format!("[x] {name} {d}   "), style::ok()),
            None => (format!("[ ] {name}   "), style::overdue()),
        };
        let needed = unicode_width::UnicodeWidthStr::width(text.trim_end());
        if line.width() > 0 && line.width() + needed > room {
            lines.push(std::mem::take(&mut line));
        }
        line.push_span(Span::styled(text, st));
    }
    lines.push(line);
    lines
}
