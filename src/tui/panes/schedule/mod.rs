//! Schedule: one day's visits, a row per visit grouped by staff member, every active
//! colleague listed so a free slot is visible. A visit is booked from a resident's card (or
//! typed here) with the daemon's conflict check, whose refusal names the clash; a visit is
//! marked done with a short report (R-VIS-05), or called off or moved with a reason (R-VIS-02).
//! This file holds the pane's state, its commands and its calls to the daemon; `draw` the
//! drawing.

mod draw;

use crate::protocol::req;
use crate::tui::panes::cursor;
use chrono::{Duration, NaiveDate};

use super::{error_field, local_day_bounds, Cx, Outcome};
use crate::client::Calls;
use crate::domain::local_time::parse_time_on;
use crate::domain::{Field, Ticket, VisitKind};
use crate::protocol::{CustomerSummary, NewVisit, VisitRow};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::{fill, Msg};
use crate::tui::keymap::Key;

const KINDS: [VisitKind; 3] = [
    VisitKind::Repair,
    VisitKind::OnsiteCallback,
    VisitKind::Courtesy,
];

/// Form rows: staff, kind, start, minutes, purpose.
const ROWS: usize = 5;

#[derive(Debug)]
pub struct VisitForm {
    pub customer: CustomerSummary,
    pub ticket: Option<Ticket>,
    staff: TextField,
    kind: usize,
    start: TextField,
    minutes: TextField,
    purpose: TextField,
    pub row: usize,
    pub error: Option<String>,
}

#[derive(Debug, Default)]
pub struct SchedulePane {
    pub day: Option<NaiveDate>,
    pub visits: Vec<VisitRow>,
    pub selected: usize,
    pub form: Option<VisitForm>,
    /// What is being typed for the selected visit: its report, why it is called off, or its
    /// new time and why.
    pub report: Option<(VisitAct, TextField)>,
    pub stale: bool,
}

/// What the prompt under the day does to the selected visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitAct {
    /// R-VIS-05: done, with its report.
    Done,
    /// R-VIS-02: called off, with the reason.
    Cancel,
    /// R-VIS-02: moved: the new start (`14:30` on the day shown, or `2026-12-08 14:30`),
    /// then the reason.
    Move,
}

impl VisitAct {
    /// The prompt's title.
    pub fn label(self) -> Msg {
        match self {
            VisitAct::Done => Msg::FieldReport,
            VisitAct::Cancel => Msg::FieldCancelReason,
            VisitAct::Move => Msg::FieldMoveTo,
        }
    }
}

impl SchedulePane {
    pub fn day(&self, cx_day: NaiveDate) -> NaiveDate {
        self.day.unwrap_or(cx_day)
    }

    /// Visits in display order: by staff, then start.
    fn ordered(&self) -> Vec<&VisitRow> {
        let mut v: Vec<&VisitRow> = self.visits.iter().collect();
        v.sort_by_key(|r| (r.visit.staff, r.visit.start));
        v
    }

    pub fn open_form(
        &mut self,
        customer: CustomerSummary,
        ticket: Option<Ticket>,
        kind: VisitKind,
        me: &str,
    ) {
        self.form = Some(VisitForm {
            customer,
            ticket,
            staff: TextField::with(me),
            kind: KINDS.iter().position(|k| *k == kind).unwrap_or(0),
            start: TextField::with("09:00"),
            minutes: TextField::with("60"),
            purpose: TextField::default(),
            row: 2,
            error: None,
        });
    }

    pub fn text_focus(&self) -> bool {
        self.report.is_some() || self.form.as_ref().is_some_and(|f| f.row != 1)
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        if let Some((_, r)) = &mut self.report {
            return r.edit(key);
        }
        let Some(f) = &mut self.form else {
            return false;
        };
        let field = match f.row {
            0 => &mut f.staff,
            2 => &mut f.start,
            3 => &mut f.minutes,
            4 => &mut f.purpose,
            _ => return false,
        };
        field.edit(key)
    }

    pub fn load(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let today = cx.now.with_timezone(&cx.offset).date_naive();
        let (from, to) = local_day_bounds(self.day(today), cx.offset);
        match cx.link.send(req::VisitList {
            from,
            to,
            staff: None,
        }) {
            Ok(v) => {
                self.visits = v;
                self.selected = cursor::within(self.selected, self.visits.len());
                self.stale = false;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    fn save_form(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let today = cx.now.with_timezone(&cx.offset).date_naive();
        let day = self.day(today);
        let minutes_offset = cx.offset.local_minus_utc() / 60;
        let Some(f) = &mut self.form else {
            return Outcome::Nothing;
        };
        let start = match parse_time_on(Field::Start, &f.start.text(), minutes_offset, Some(day)) {
            Ok(t) => t,
            Err(e) => {
                f.row = 2;
                f.error = Some(crate::words::desk_error(cx.lang, &e));
                return Outcome::Nothing;
            }
        };
        let minutes: i64 = match f.minutes.text().trim().parse() {
            Ok(m) if m > 0 => m,
            _ => {
                f.row = 3;
                f.error = Some(Msg::MinutesInvalid.text(cx.lang).into());
                return Outcome::Nothing;
            }
        };
        let staff = f.staff.text();
        let visit = NewVisit {
            customer: f.customer.id,
            staff: Some(staff.trim().trim_start_matches('@').to_string()).filter(|s| !s.is_empty()),
            kind: KINDS[f.kind],
            start,
            end: start + Duration::minutes(minutes),
            ticket: f.ticket.clone(),
            unit: None,
            purpose: f.purpose.text(),
        };
        match cx.link.send(req::VisitAdd { visit }) {
            Ok(v) => {
                let msg = fill(Msg::VisitSaved.text(cx.lang), &[&v.id.to_string()]);
                let customer_name = f.customer.name.clone();
                self.form = None;
                let day = v.start.with_timezone(&cx.offset).date_naive();
                if self.day(today) == day {
                    // The reply is the saved visit: show it without fetching the day again.
                    let at = self.visits.partition_point(|r| r.visit.start <= v.start);
                    self.visits.insert(
                        at,
                        VisitRow {
                            visit: v,
                            customer_name,
                        },
                    );
                } else {
                    self.day = Some(day);
                    self.load(cx);
                }
                Outcome::Info(msg)
            }
            Err(e) => {
                // The conflict message names the clashing visit; show it on the form.
                if let Some((field, _)) = error_field(&e, cx.lang) {
                    f.row = match field {
                        Field::Staff => 0,
                        Field::Kind => 1,
                        Field::Purpose => 4,
                        _ => 2,
                    };
                }
                f.error = Some(e.in_words(cx.lang));
                if matches!(e, crate::tui::link::LinkError::Offline) {
                    return Outcome::Offline;
                }
                Outcome::Nothing
            }
        }
    }

    /// Sends what the prompt says for the selected visit; the reply is the visit as it is
    /// now (done, cancelled or moved), shown in place.
    fn save_report(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(id) = self.ordered().get(self.selected).map(|r| r.visit.id) else {
            self.report = None;
            return Outcome::Nothing;
        };
        let Some((act, field)) = &self.report else {
            return Outcome::Nothing;
        };
        let (act, text) = (*act, field.text());
        let sent = match act {
            VisitAct::Done => cx.link.send(req::VisitDone { id, report: text }),
            VisitAct::Cancel => cx.link.send(req::VisitCancel { id, reason: text }),
            VisitAct::Move => {
                let today = cx.now.with_timezone(&cx.offset).date_naive();
                match self.move_request(id, &text, self.day(today), cx) {
                    Ok(r) => cx.link.send(r),
                    Err(refused) => return refused,
                }
            }
        };
        match sent {
            Ok(visit) => {
                self.report = None;
                let moved_off_day = visit.start.with_timezone(&cx.offset).date_naive()
                    != self.day(cx.now.with_timezone(&cx.offset).date_naive());
                if let Some(row) = self.visits.iter_mut().find(|r| r.visit.id == id) {
                    row.visit = visit;
                }
                if moved_off_day {
                    self.visits.retain(|r| r.visit.id != id);
                }
                let said = match act {
                    VisitAct::Done => Msg::ReportSaved,
                    VisitAct::Cancel => Msg::VisitCancelled,
                    VisitAct::Move => Msg::VisitMoved,
                };
                Outcome::Info(fill(said.text(cx.lang), &[&id.to_string()]))
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// `14:30 住户改约` (on the day shown) or `2026-12-08 14:30 住户改约`: the new start, then
    /// why; the visit keeps its length.
    fn move_request(
        &self,
        id: crate::domain::VisitId,
        text: &str,
        day: NaiveDate,
        cx: &Cx<'_>,
    ) -> Result<req::VisitMove, Outcome> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let dated = words.first().is_some_and(|w| w.contains('-'));
        let (when, reason) = words.split_at(if dated { 2 } else { 1 }.min(words.len()));
        let minutes_offset = cx.offset.local_minus_utc() / 60;
        let start = parse_time_on(Field::Start, &when.join(" "), minutes_offset, Some(day))
            .map_err(|e| Outcome::Error(crate::words::desk_error(cx.lang, &e)))?;
        Ok(req::VisitMove {
            id,
            start,
            end: None,
            reason: reason.join(" "),
        })
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        if let Some(f) = &mut self.form {
            match cmd {
                Command::NextField => f.row = (f.row + 1) % ROWS,
                Command::PrevField => f.row = (f.row + ROWS - 1) % ROWS,
                Command::NextDay if f.row == 1 => f.kind = (f.kind + 1) % KINDS.len(),
                Command::PrevDay if f.row == 1 => f.kind = (f.kind + KINDS.len() - 1) % KINDS.len(),
                Command::Confirm => return self.save_form(cx),
                _ => return Outcome::NotTaken,
            }
            return Outcome::Nothing;
        }
        if self.report.is_some() {
            if cmd == Command::Confirm {
                return self.save_report(cx);
            }
            return Outcome::NotTaken;
        }
        let today = cx.now.with_timezone(&cx.offset).date_naive();
        match cmd {
            Command::PrevDay | Command::NextDay | Command::Today => {
                let day = self.day(today);
                self.day = Some(match cmd {
                    Command::PrevDay => day - Duration::days(1),
                    Command::NextDay => day + Duration::days(1),
                    _ => today,
                });
                self.selected = 0;
                self.load(cx)
            }
            Command::SelectNext => {
                self.selected = cursor::next(self.selected, self.visits.len());
                Outcome::Nothing
            }
            Command::SelectPrev => {
                self.selected = cursor::prev(self.selected);
                Outcome::Nothing
            }
            Command::MarkDone | Command::CancelVisit | Command::MoveVisit
                if !self.visits.is_empty() =>
            {
                let act = match cmd {
                    Command::CancelVisit => VisitAct::Cancel,
                    Command::MoveVisit => VisitAct::Move,
                    _ => VisitAct::Done,
                };
                self.report = Some((act, TextField::default()));
                Outcome::Nothing
            }
            Command::Refresh => self.load(cx),
            Command::NewVisit => Outcome::Error(cx.pick_resident_first()),
            _ => Outcome::NotTaken,
        }
    }

    /// Esc closes the form or the report; false when there is nothing open.
    pub fn back(&mut self) -> bool {
        self.form.take().is_some() || self.report.take().is_some()
    }
}
