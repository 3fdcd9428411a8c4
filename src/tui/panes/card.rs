//! The customer card: who the resident is, and one timeline of all their cases, visits, calls and
//! callbacks, newest first, with repeat complaints of one category flagged (R-LIFE-09).

use crate::tui::panes::{cursor, frame};
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{style, View};
use crate::domain::callback::CallbackStatus;
use crate::domain::visit::VisitStatus;
use crate::domain::Time;
use crate::protocol::CustomerCard;
use crate::tui::command::Command;
use crate::tui::hints::HintItem;
use crate::tui::i18n::{
    fill, kind_label, outcome_label, severity_label, status_label, tier_label, visit_kind_label,
    Msg,
};
use crate::tui::keymap::Section;

/// What the card offers, shown from the active keymap.
const CARD_HINT: &[HintItem] = &[
    (&[Command::OpenCustomer], Msg::HintOpenCase),
    (&[Command::EditCustomer], Msg::HintEdit),
    (&[Command::OpenUnit], Msg::HintUnit),
    (&[Command::VerifyCustomer], Msg::HintVerify),
    (&[Command::NewCase], Msg::HintNewCase),
    (&[Command::NewVisit], Msg::HintNewVisit),
    (&[Command::Back], Msg::HintBack),
];

#[derive(Debug)]
pub struct CardView {
    pub card: CustomerCard,
    /// The history's selected case (cases are newest first); Enter opens it.
    pub selected: usize,
}

impl CardView {
    pub fn new(card: CustomerCard) -> CardView {
        CardView { card, selected: 0 }
    }

    pub fn select_next(&mut self) {
        self.selected = cursor::next(self.selected, self.card.cases.len());
    }

    pub fn select_prev(&mut self) {
        self.selected = cursor::prev(self.selected);
    }

    /// The ticket of the selected history row.
    pub fn selected_ticket(&self) -> Option<crate::domain::Ticket> {
        self.card.cases.get(self.selected).map(|c| c.ticket.clone())
    }

    /// (time, line) for every case, visit and callback, newest first.
    fn timeline(&self, view: &View<'_>) -> Vec<(Time, Line<'static>)> {
        let lang = view.lang;
        let card = &self.card;
        let mut rows: Vec<(Time, Line<'static>)> = Vec::new();
        for (i, case) in card.cases.iter().enumerate() {
            let repeat = card
                .repeat_categories
                .iter()
                .any(|r| r == view.categories.code_of(&case.category));
            let ticket_style = if i == self.selected {
                style::selected()
            } else {
                style::label()
            };
            let mut spans = vec![
                Span::styled(view.short_time(case.registered_at), style::dim()),
                Span::raw(if i == self.selected { "› " } else { "  " }),
                Span::styled(case.ticket.to_string(), ticket_style),
                Span::raw(format!(
                    "  {} · {} · {} · {} · {}",
                    kind_label(case.kind, lang),
                    view.category(&case.category),
                    severity_label(case.severity, lang),
                    status_label(case.status, lang),
                    view.staff_name(case.owner),
                )),
            ];
            if repeat {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(
                    format!("[{}]", Msg::Repeat.text(lang)),
                    style::overdue(),
                ));
            }
            rows.push((case.registered_at, Line::from(spans)));
            rows.push((
                case.registered_at,
                Line::from(Span::styled(
                    format!("      {}", first_line(&case.description)),
                    style::dim(),
                )),
            ));
        }
        for v in &card.visits {
            let status = match v.status {
                VisitStatus::Done => format!(" · {}: {}", Msg::VisitDone.text(lang), v.report),
                _ => String::new(),
            };
            rows.push((
                v.start,
                Line::from(vec![
                    Span::styled(view.short_time(v.start), style::dim()),
                    Span::raw("  "),
                    Span::styled(v.id.to_string(), style::label()),
                    Span::raw(format!(
                        "  {} · {} · {}{}",
                        visit_kind_label(v.kind, lang),
                        view.staff_name(v.staff),
                        v.purpose,
                        status
                    )),
                ]),
            ));
        }
        for cb in &card.callbacks {
            let state = match cb.status {
                CallbackStatus::Pending => Msg::Open.text(lang).to_string(),
                CallbackStatus::Done(o) => outcome_label(o, lang).to_string(),
                CallbackStatus::GaveUp => {
                    outcome_label(crate::domain::callback::Outcome::Unreachable, lang).to_string()
                }
            };
            let at = cb.attempts.last().map_or(cb.due, |a| a.at);
            rows.push((
                at,
                Line::from(vec![
                    Span::styled(view.short_time(at), style::dim()),
                    Span::raw("  "),
                    Span::styled(cb.id.to_string(), style::label()),
                    Span::raw(format!("  {} · {}", Msg::TabCallbacks.text(lang), state)),
                ]),
            ));
        }
        for c in &card.calls {
            let mut what = Msg::CallAtExt.with(lang, &[&c.ext]);
            if let Some(to) = c.to {
                what = format!("{what} · {}", view.staff_name(to));
            }
            if let Some(s) = c.seconds() {
                what = format!("{what} · {}", super::clock_span(s));
            }
            rows.push((
                c.at,
                Line::from(vec![
                    Span::styled(view.short_time(c.at), style::dim()),
                    Span::raw("  "),
                    Span::styled(format!("☎ {}", c.id), style::label()),
                    Span::raw(format!("  {what}")),
                ]),
            ));
        }
        // Stable: a case's second line stays under its first.
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        rows
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let c = &self.card.customer;
        let [head, body, hint] = Layout::vertical([Length(7), Min(1), Length(1)]).areas(area);
        let phones: Vec<&str> = c.phones.iter().map(|p| p.0.as_str()).collect();
        let units: Vec<String> = c.units.iter().map(|u| u.to_string()).collect();
        let mut lines = vec![
            Line::from(vec![
                Span::styled(c.name.clone(), style::title()),
                Span::raw(format!("   {}   {}", c.id, tier_label(c.tier, lang))),
            ]),
            Line::from(vec![
                Span::styled(format!("{}: ", Msg::ColUnit.text(lang)), style::label()),
                Span::raw(units.join(", ")),
            ]),
            Line::from(vec![
                Span::styled(format!("{}: ", Msg::ColPhone.text(lang)), style::label()),
                Span::raw(phones.join(", ")),
            ]),
        ];
        if !c.notes.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", Msg::Notes.text(lang)), style::label()),
                Span::raw(first_line(&c.notes)),
            ]));
        }
        // R-REC-07: when the record was last confirmed; due after the policy's interval.
        let verified = match &self.card.verified {
            Some(v) => fill(
                Msg::VerifiedOn.text(lang),
                &[&view.short_time(v.at), &view.staff_name(v.by)],
            ),
            None => Msg::NeverVerified.text(lang).to_string(),
        };
        let due = self.card.verify_due;
        let mut status = vec![Span::styled(
            verified,
            if due { style::overdue() } else { style::dim() },
        )];
        // R-REC-11: who maintains this record.
        if let Some(k) = self.card.customer.keeper {
            status.push(Span::styled(
                format!(
                    "   {}",
                    fill(Msg::KeptBy.text(lang), &[&view.staff_name(k)])
                ),
                style::dim(),
            ));
        }
        if self.card.moved_out {
            status.push(Span::styled(
                format!("   {}", Msg::MovedOut.text(lang)),
                style::highlight(),
            ));
        }
        lines.push(Line::from(status));
        Paragraph::new(lines)
            .block(frame::titled(Msg::Customer.text(lang)))
            .render(head, buf);

        let rows = self.timeline(view);
        // Keep the selected case in sight: its line sits a third of the way down.
        let selected_line = self
            .card
            .cases
            .get(self.selected)
            .and_then(|c| {
                rows.iter()
                    .position(|(_, l)| l.spans.iter().any(|s| s.content == c.ticket.0))
            })
            .unwrap_or(0) as u16;
        let scroll = selected_line.saturating_sub(body.height / 3);
        let timeline: Vec<Line> = rows.into_iter().map(|(_, l)| l).collect();
        let block = frame::titled(Msg::Timeline.text(lang));
        if timeline.is_empty() {
            Paragraph::new(Span::styled(Msg::NoHistory.text(lang), style::dim()))
                .block(block)
                .render(body, buf);
        } else {
            Paragraph::new(timeline)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0))
                .render(body, buf);
        }
        let hint_text = view.hint(Section::Lookup, CARD_HINT);
        Paragraph::new(Span::styled(hint_text, style::dim())).render(hint, buf);
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}
