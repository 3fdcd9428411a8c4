//! Callbacks (回访): the pending queue, due first, overdue rows in red. An outcome takes a
//! few keys: `s` Enter for satisfied; `u`, a note, Enter for unsatisfied (the daemon reopens
//! the case to its owner, R-CB-01); `r` Enter for unreachable (three tries, then given up).

use crate::protocol::req;
use crate::tui::panes::cursor;
use crate::tui::panes::frame::{self, Pickable};
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState, Widget};

use super::{clock_span, style, Cx, Outcome, View};
use crate::client::Calls;
use crate::domain::callback::Outcome as CallOutcome;
use crate::domain::CallbackStatus;
use crate::protocol::{CallbackRow, CustomerSummary};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::hints::HintItem;
use crate::tui::i18n::{fill, outcome_label, Msg};
use crate::tui::keymap::Key;
use crate::tui::keymap::Section;

/// What the queue offers, shown from the active keymap.
const QUEUE_HINT: &[HintItem] = &[
    (&[Command::RecordSatisfied], Msg::HintSatisfied),
    (&[Command::RecordUnsatisfied], Msg::HintUnsatisfied),
    (&[Command::RecordUnreachable], Msg::HintUnreachable),
    (&[Command::NewVisit], Msg::HintOnsiteVisit),
];
const RECORD_HINT: &[HintItem] = &[
    (&[Command::Confirm], Msg::HintSave),
    (&[Command::Back], Msg::HintCancel),
];

#[derive(Debug)]
pub struct Recording {
    pub outcome: CallOutcome,
    pub onsite: bool,
    pub signed: bool,
    pub note: TextField,
    pub error: Option<String>,
}

#[derive(Debug, Default)]
pub struct CallbacksPane {
    pub rows: Vec<CallbackRow>,
    pub selected: usize,
    pub recording: Option<Recording>,
    pub stale: bool,
    table: TableState,
}

impl CallbacksPane {
    pub fn text_focus(&self) -> bool {
        self.recording.is_some()
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        match &mut self.recording {
            Some(r) => r.note.edit(key),
            None => false,
        }
    }

    pub fn load(&mut self, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(req::CallbackList {
            overdue_only: false,
            until: None,
        }) {
            Ok(rows) => {
                self.rows = rows;
                self.selected = cursor::within(self.selected, self.rows.len());
                self.stale = false;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    fn start(&mut self, outcome: CallOutcome) -> Outcome {
        if let Some(row) = self.rows.get(self.selected) {
            let required = row.callback.require_onsite;
            self.recording = Some(Recording {
                outcome,
                onsite: required,
                signed: false,
                note: TextField::default(),
                error: None,
            });
        }
        Outcome::Nothing
    }

    fn save(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let (Some(row), Some(rec)) = (self.rows.get(self.selected), self.recording.as_mut()) else {
            return Outcome::Nothing;
        };
        let id = row.callback.id;
        match cx.link.send(req::CallbackRecord {
            id,
            outcome: rec.outcome,
            onsite: rec.onsite,
            signed: rec.signed,
            note: rec.note.text().to_string(),
        }) {
            Ok(recorded) => {
                self.recording = None;
                // The reply is the callback as saved: a settled one leaves the queue, one
                // still to try again stays with its new attempt.
                if recorded.status == CallbackStatus::Pending {
                    if let Some(row) = self.rows.iter_mut().find(|r| r.callback.id == id) {
                        row.callback = recorded;
                    }
                } else {
                    self.rows.retain(|r| r.callback.id != id);
                    self.selected = cursor::within(self.selected, self.rows.len());
                }
                Outcome::Info(fill(Msg::Recorded.text(cx.lang), &[&id.to_string()]))
            }
            Err(crate::tui::link::LinkError::Offline) => Outcome::Offline,
            Err(e) => {
                rec.error = Some(e.in_words(cx.lang));
                Outcome::Nothing
            }
        }
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        if let Some(rec) = &mut self.recording {
            match cmd {
                Command::ToggleOnsite => rec.onsite = !rec.onsite,
                Command::ToggleSigned => rec.signed = !rec.signed,
                Command::Confirm => return self.save(cx),
                _ => {}
            }
            return Outcome::Nothing;
        }
        match cmd {
            Command::SelectNext => {
                self.selected = cursor::next(self.selected, self.rows.len());
                Outcome::Nothing
            }
            Command::SelectPrev => {
                self.selected = cursor::prev(self.selected);
                Outcome::Nothing
            }
            Command::RecordSatisfied => self.start(CallOutcome::Satisfied),
            Command::RecordUnsatisfied => self.start(CallOutcome::Unsatisfied),
            Command::RecordUnreachable => self.start(CallOutcome::Unreachable),
            Command::Refresh => self.load(cx),
            // R-CB-02: the on-site share is a visit; book it from the queue.
            Command::NewVisit => match self.rows.get(self.selected) {
                Some(row) => Outcome::Hand(super::Handoff::Visit(
                    CustomerSummary {
                        id: row.callback.customer,
                        name: row.customer_name.clone(),
                        phones: row.phones.clone(),
                        units: Vec::new(),
                        tier: crate::domain::Tier::General,
                    },
                    row.ticket().cloned(),
                    crate::domain::VisitKind::OnsiteCallback,
                )),
                None => Outcome::Nothing,
            },
            _ => Outcome::NotTaken,
        }
    }

    pub fn back(&mut self) -> bool {
        self.recording.take().is_some()
    }

    pub fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let rec_h = if self.recording.is_some() { 5 } else { 0 };
        let [list, rec, hint] = Layout::vertical([Min(3), Length(rec_h), Length(1)]).areas(area);
        let block = frame::titled(Msg::CallbacksTitle.text(lang));
        if self.rows.is_empty() {
            Paragraph::new(Span::styled(Msg::NoCallbacks.text(lang), style::dim()))
                .block(block)
                .render(list, buf);
        } else {
            let rows: Vec<Row> = self
                .rows
                .iter()
                .map(|r| {
                    let cb = &r.callback;
                    let due = (cb.due - view.now).num_seconds();
                    let when = if r.overdue {
                        format!("{} {}", Msg::Overdue.text(lang), clock_span(due))
                    } else {
                        view.short_time(cb.due)
                    };
                    let mut flags = String::new();
                    if cb.require_onsite {
                        flags.push_str(Msg::OnsiteRequired.text(lang));
                    }
                    if !cb.attempts.is_empty() {
                        flags.push_str(&format!(" ×{}", cb.attempts.len()));
                    }
                    let row = Row::new(vec![
                        Line::from(when),
                        Line::from(cb.id.to_string()),
                        Line::from(about(r, lang)),
                        Line::from(r.customer_name.clone()),
                        Line::from(r.phones.first().cloned().unwrap_or_default()),
                        Line::from(flags),
                    ]);
                    if r.overdue {
                        row.style(style::overdue())
                    } else {
                        row
                    }
                })
                .collect();
            let table = Table::new(
                rows,
                [
                    Length(18),
                    Length(7),
                    // A ticket, or a permit and its decision (`P2611-0002 approved`).
                    Length(20),
                    Length(14),
                    Length(13),
                    Min(10),
                ],
            )
            .block(block)
            .pickable();
            self.table.select(Some(self.selected));
            ratatui::widgets::StatefulWidget::render(table, list, buf, &mut self.table);
        }
        if let Some(r) = &self.recording {
            let name = self
                .rows
                .get(self.selected)
                .map(|r| r.customer_name.clone())
                .unwrap_or_default();
            let title = fill(
                Msg::Recording.text(lang),
                &[outcome_label(r.outcome, lang), &name],
            );
            let block = frame::titled(title);
            let inner = block.inner(rec);
            block.render(rec, buf);
            let check = |on: bool| if on { "[x]" } else { "[ ]" };
            Line::from(format!(
                "{} {}   {} {}",
                check(r.onsite),
                fill(
                    Msg::Onsite.text(lang),
                    &[&view.key(Section::Callbacks, Command::ToggleOnsite)]
                ),
                check(r.signed),
                fill(
                    Msg::Signed.text(lang),
                    &[&view.key(Section::Callbacks, Command::ToggleSigned)]
                )
            ))
            .render(Rect { height: 1, ..inner }, buf);
            r.note.render_labelled(
                Msg::Note.text(lang),
                0,
                Rect::new(inner.x, inner.y + 1, inner.width, 1),
                buf,
                true,
            );
            if let Some(e) = &r.error {
                Span::styled(format!("✗ {e}"), style::error())
                    .render(Rect::new(inner.x, inner.y + 2, inner.width, 1), buf);
            }
        }
        let hint_items = if self.recording.is_some() {
            RECORD_HINT
        } else {
            QUEUE_HINT
        };
        Span::styled(view.hint(Section::Callbacks, hint_items), style::dim()).render(hint, buf);
    }
}

/// What a queue row's call is about, in the screen's language: the case's ticket, the
/// permit and its decision, or the kind of care call.
fn about(row: &crate::protocol::CallbackRow, lang: crate::tui::i18n::Lang) -> String {
    use crate::domain::callback::CallbackReason;
    match &row.callback.reason {
        CallbackReason::CaseResolved { ticket, .. } => ticket.0.clone(),
        CallbackReason::PermitDecided { permit, approved } => {
            let said = if *approved {
                Msg::CallbackPermitApproved
            } else {
                Msg::CallbackPermitRejected
            };
            said.with(lang, &[&permit.to_string()])
        }
        CallbackReason::Tier(_) => Msg::CallbackTierCare.text(lang).into(),
        CallbackReason::ContactChanged { .. } => Msg::CallbackNewContact.text(lang).into(),
        CallbackReason::VisitMoved { visit, cancelled } => {
            let said = if *cancelled {
                Msg::CallbackVisitCancelled
            } else {
                Msg::CallbackVisitMoved
            };
            said.with(lang, &[&visit.to_string()])
        }
        CallbackReason::AfterVisit { visit } => {
            Msg::CallbackAfterVisit.with(lang, &[&visit.to_string()])
        }
    }
}
