//! The office's requests, dispatched: reports and the calendar, satisfaction surveys, and
//! the paperwork (R-OPS-02..15) — release slips, decoration permits, fee reminders, cover
//! hand-overs, visitors and loans. Writes on the desk held for writing, reads on the shared
//! desk (the rights table says which), so the router keeps one arm for all of them; and the
//! arrears rows a connection stages ahead of its import.

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::{ChangeRecord, DeskError};
use crate::protocol::{Reply, Request, RequestKind};

/// Most arrears rows one import may carry (a large estate's every unit, fee and period);
/// the whole list must still fit one reply frame (8 MiB, about 40 bytes a row).
pub(super) const MAX_ARREARS_ROWS: usize = 150_000;

/// Adds `rows` to a connection's staged arrears (R-OPS-13), or refuses and drops them all.
pub(super) fn stage_arrears(
    staged: &mut Vec<(u32, crate::domain::fees::Arrear)>,
    rows: Vec<(u32, crate::domain::fees::Arrear)>,
) -> DeskResult<Reply> {
    if staged.len() + rows.len() > MAX_ARREARS_ROWS {
        staged.clear();
        return Err(DeskError::TooLarge(format!(
            "an arrears import holds at most {MAX_ARREARS_ROWS} rows; nothing was imported"
        )));
    }
    staged.extend(rows);
    Ok(Reply::Staged {
        rows: staged.len() as u64,
    })
}

fn misrouted(request: &Request) -> DeskError {
    let kind: &'static str = RequestKind::from(request).into();
    DeskError::Internal(format!("{kind} reached the office dispatch by mistake"))
}

impl Desk {
    pub(super) fn office_write(
        &mut self,
        tx: &mut Tx<'_>,
        request: Request,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
        match request {
            Request::SurveyOpen {
                month,
                off_cycle,
                issue_on,
            } => self.survey_open(tx, month, off_cycle, issue_on),
            Request::SurveyIssue {
                round,
                units,
                all_occupied,
            } => self.survey_issue(tx, round, &units, all_occupied),
            Request::SurveyRecord {
                round,
                unit,
                scores,
                comment,
            } => self.survey_record(tx, round, unit, scores, &comment),
            Request::SurveyClose { round } => self.survey_close(tx, round),
            Request::ReleaseIssue(draft) => self.release_issue(tx, &draft),
            Request::ReleaseOut { no, gate } => self.release_out(tx, &no, &gate),
            Request::ReleaseVoid { no, reason } => self.release_void(tx, &no, &reason),
            Request::PermitApply(draft) => self.permit_apply(tx, &draft),
            Request::PermitDecide { no, decision } => self.permit_decide(tx, &no, &decision),
            Request::PermitStep { no, step } => self.permit_step(tx, &no, &step),
            Request::FeesRemind {
                unit,
                way,
                outcome,
                note,
            } => self.fees_remind(tx, unit, way, outcome, &note),
            Request::CoverSign {
                covering,
                from,
                until,
                approved_by,
            } => self.cover_sign(tx, &covering, from, until, &approved_by),
            Request::VisitorIn(draft) => self.visitor_in(tx, &draft),
            Request::VisitorOut { no } => self.visitor_out(tx, &no),
            Request::LoanOut {
                item,
                to,
                due,
                condition,
            } => self.loan_out(tx, &item, &to, due, &condition),
            Request::LoanBack { no, condition } => self.loan_back(tx, &no, &condition),
            other => Err(misrouted(&other)),
        }
    }

    pub(super) fn office_read(&self, tx: &Tx<'_>, request: Request) -> DeskResult<Reply> {
        match request {
            Request::Report(period) => self.report(tx, period),
            Request::Calendar { year } => self.calendar(year),
            Request::SurveyStatus { round } => self.survey_status(tx, round),
            Request::ReleaseVerify { no } => self.release_verify(tx, &no),
            Request::ReleaseList => self.release_list(tx),
            Request::PermitShow { no } => self.permit_show(&no),
            Request::PermitList => self.permit_list(),
            Request::PermitIndex { building } => self.permit_index(building),
            Request::FeesList { building } => self.fees_list(tx, building),
            Request::FeesUnit { unit } => self.fees_unit(tx, unit),
            Request::CoverList => self.cover_list(tx),
            Request::VisitorList { day } => self.visitor_list(day),
            Request::LoanList => self.loan_list(),
            other => Err(misrouted(&other)),
        }
    }
}
