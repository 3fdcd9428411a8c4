//! Who may call what: one row per request kind, applied by the router before any handler
//! runs — searches and event subscriptions included. Rules about one record (only the owner
//! replies, the subject of a complaint is recused, R-INT-12 / R-LIFE-01) sit on top of this
//! table in `domain`; a request the table refuses never reaches them.

use crate::domain::case::CaseView;
use crate::domain::{DeskError, Role, Staff};
use crate::protocol::RequestKind;

use super::Caller;

/// Who may send a request at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone who can reach the socket. Only `Init`, which refuses once the desk has staff.
    Anyone,
    /// Registered, active staff at the desk (clerk and up; not a guard).
    Staff,
    /// Anyone on the staff, a guard included: the gate's own requests (R-OPS-02).
    Gate,
    /// Staff, and the case's own rules decide (owner, handler, assist, subject of a complaint).
    CaseParty,
    Supervisor,
    Admin,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Right {
    pub kind: RequestKind,
    pub access: Access,
    /// Writes are committed with an audit entry and answered from the idempotency record
    /// when retried; reads are answered afresh.
    pub writes: bool,
}

const fn row(kind: RequestKind, access: Access, writes: bool) -> Right {
    Right {
        kind,
        access,
        writes,
    }
}

use Access::*;
use RequestKind as K;

/// The rights table. A request kind without a row is refused (and a test fails).
pub const RIGHTS: &[Right] = &[
    row(K::Init, Anyone, true),
    row(K::StaffAdd, Admin, true),
    row(K::StaffList, Staff, false),
    row(K::StaffDeactivate, Admin, true),
    row(K::StaffReactivate, Admin, true),
    row(K::StaffSet, Admin, true),
    // R-REC-16: the supervisor hands a leaver's work over.
    row(K::StaffHandover, Supervisor, true),
    row(K::CustomerAdd, Staff, true),
    // R-REC-10: a tier change inside an edit needs a supervisor (checked by the domain).
    row(K::CustomerEdit, Staff, true),
    row(K::CustomerFind, Staff, false),
    row(K::CustomerDuplicates, Supervisor, false),
    row(K::CustomerMerge, Supervisor, true),
    row(K::CustomerVerify, Staff, true),
    row(K::ToVerify, Staff, false),
    row(K::CustomerShow, Staff, false),
    row(K::UnitShow, Staff, false),
    row(K::UnitMoveIn, Staff, true),
    row(K::UnitMoveOut, Staff, true),
    row(K::UnitDocument, Staff, true),
    row(K::CaseAdd, Staff, true),
    row(K::CasePreview, Staff, false),
    row(K::CaseList, Staff, false),
    row(K::Digest, Staff, false),
    // R-RPT-01/08: reports name every person's workload and satisfaction: supervisors.
    row(K::Report, Supervisor, false),
    row(K::Calendar, Staff, false),
    // R-SAT-01/04: a supervisor runs the round; the counter hands out and records forms.
    row(K::SurveyOpen, Supervisor, true),
    row(K::SurveyClose, Supervisor, true),
    row(K::SurveyIssue, Staff, true),
    row(K::SurveyRecord, Staff, true),
    row(K::SurveyStatus, Staff, false),
    // R-OPS-02: the desk issues and voids slips; the gate verifies and lets goods out.
    row(K::ReleaseIssue, Staff, true),
    row(K::ReleaseVoid, Staff, true),
    row(K::ReleaseList, Staff, false),
    row(K::ReleaseVerify, Gate, false),
    row(K::ReleaseOut, Gate, true),
    // R-OPS-07..12: the desk registers permits and steps them to the refund; a supervisor
    // approves, rejects and extends.
    row(K::PermitApply, Staff, true),
    row(K::PermitDecide, Supervisor, true),
    row(K::PermitStep, Staff, true),
    row(K::PermitShow, Staff, false),
    row(K::PermitList, Staff, false),
    row(K::PermitIndex, Staff, false),
    // R-OPS-13: a supervisor imports the billing system's arrears; the desk reminds.
    row(K::FeesImport, Supervisor, true),
    // Staging only fills this connection's buffer; the import is the write.
    row(K::FeesStage, Supervisor, false),
    row(K::FeesList, Staff, false),
    row(K::FeesUnit, Staff, false),
    row(K::FeesRemind, Staff, true),
    // R-OPS-15: whoever leaves the desk signs the cover entry.
    row(K::CoverSign, Staff, true),
    row(K::CoverList, Staff, false),
    // R-OPS-14: the desk registers visitors.
    row(K::VisitorIn, Staff, true),
    row(K::VisitorOut, Staff, true),
    row(K::VisitorList, Staff, false),
    // R-OPS-15: the desk signs keys and radios out and back.
    row(K::LoanOut, Staff, true),
    row(K::LoanBack, Staff, true),
    row(K::LoanList, Staff, false),
    row(K::CaseShow, Staff, false),
    row(K::CaseStep, CaseParty, true),
    row(K::CallbackList, Staff, false),
    row(K::CallbackRecord, CaseParty, true),
    row(K::CallbackPlan, Supervisor, true),
    row(K::VisitAdd, Staff, true),
    row(K::VisitList, Staff, false),
    row(K::VisitDone, CaseParty, true),
    // Staging only fills this connection's buffer; the commit is the write.
    row(K::ImportStage, Supervisor, false),
    row(K::ImportCommit, Supervisor, true),
    row(K::Demo, Supervisor, true),
    // The whole desk, every resident: admins only (R-REC-13).
    row(K::Export, Admin, false),
    row(K::Backup, Supervisor, false),
    row(K::Changes, Supervisor, false),
    row(K::Stats, Staff, false),
    row(K::DatabaseStatus, Admin, false),
    // Who looked at which resident: supervisors (R-REC-13).
    row(K::AccessLog, Supervisor, false),
    row(K::Subscribe, Staff, false),
];

/// The row for `kind`, if the table has one.
pub fn right(kind: RequestKind) -> Option<&'static Right> {
    RIGHTS.iter().find(|r| r.kind == kind)
}

/// The caller as the table sees them: a staff record, or nobody the desk knows.
pub enum Who {
    Staff(Staff),
    /// No staff record, an inactive one, or a desk with no staff yet: the text says which
    /// and what to do.
    Unregistered(DeskError),
}

/// Checks `who` against `right` (the table's row for the request): the staff record when
/// allowed (none for `Anyone`), or a refusal that says who may do it.
pub fn authorise(right: &Right, who: Who, caller: &Caller) -> Result<Option<Staff>, DeskError> {
    let staff = match (right.access, who) {
        (Anyone, Who::Staff(s)) => return Ok(Some(s)),
        (Anyone, Who::Unregistered(_)) => return Ok(None),
        (_, Who::Unregistered(e)) => return Err(e),
        (_, Who::Staff(s)) => s,
    };
    let needed = match right.access {
        Supervisor => Role::Supervisor,
        Admin => Role::Admin,
        Gate => Role::Guard,
        Anyone | Staff | CaseParty => Role::Clerk,
    };
    if staff.role < needed {
        return Err(DeskError::forbidden(format!(
            "only a {} may {}; you ({}) are a {}",
            needed.as_str(),
            what(right.kind),
            crate::domain::text::printable(&caller.username),
            staff.role.as_str()
        )));
    }
    Ok(Some(staff))
}

/// What a request does, for refusals.
fn what(kind: RequestKind) -> &'static str {
    match kind {
        K::StaffAdd => "add staff",
        K::StaffDeactivate | K::StaffReactivate | K::StaffSet => "change staff records",
        K::StaffHandover => "hand a colleague's work over",
        K::AccessLog => "read the access log",
        K::CallbackPlan => "plan tier callbacks",
        K::ImportStage | K::ImportCommit => "import customers",
        K::Demo => "load demo data",
        K::Export => "export the whole desk",
        K::Backup => "make a backup",
        K::DatabaseStatus => "read the database's status",
        K::Changes => "read the audit trail",
        K::PermitDecide => "approve, reject or extend a decoration permit",
        K::FeesImport | K::FeesStage => "import arrears",
        _ => "do this",
    }
}

/// The case lists, by view: the same table's second half. Every staff member sees their own
/// work, the deadline board and what was escalated to them; all open work is a supervisor's.
pub const VIEW_RIGHTS: &[(CaseView, Role)] = &[
    (CaseView::Mine, Role::Clerk),
    (CaseView::Handling, Role::Clerk),
    (CaseView::Deadlines, Role::Clerk),
    (CaseView::Escalated, Role::Clerk),
    (CaseView::Open, Role::Supervisor),
];

/// Whether `who` may list `view`; the refusal says which views they have.
pub fn may_view(view: CaseView, who: &Staff) -> Result<(), DeskError> {
    let needed = VIEW_RIGHTS
        .iter()
        .find(|(v, _)| *v == view)
        .map_or(Role::Admin, |(_, r)| *r);
    if who.role < needed {
        return Err(DeskError::forbidden(format!(
            "the {} view is for a {}; use mine, handling, deadlines or escalated",
            view.as_str(),
            needed.as_str()
        )));
    }
    Ok(())
}
