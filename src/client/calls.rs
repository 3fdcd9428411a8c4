//! The typed client: one method per request, each returning the reply it expects, shared by
//! the CLI, the screen's `Link` and the tests. A reply of another kind is an error
//! (`ProtocolMismatch`) that reaches the caller, never silently dropped.

use std::path::Path;

use crate::domain::case::CaseDraft;
use crate::domain::{
    AccessRecord, Callback, CallbackId, Case, ChangeRecord, Customer, CustomerEdit, CustomerId,
    DeskError, DocKind, Dwelling, MoveIn, NewCustomer, Outcome, RequestId, Role, Staff, Ticket,
    Time, UnitCode, Verification, Visit, VisitId,
};
use crate::protocol::{
    CallbackRow, CaseFilter, CasePage, CaseStep, CustomerCard, Digest, DuplicatePair,
    HandoverReport, ImportRow, Match, NewVisit, Reply, Request, Stats, ToVerify, UnitView,
    VisitRow,
};

/// What an import commit or demo load wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub count: u64,
    pub first_id: u64,
}

/// What an export or backup wrote: its directory and each file with its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub dir: String,
    pub files: Vec<(String, u64)>,
    pub pruned: Vec<String>,
}

/// The refusal for a reply of the wrong kind.
pub fn unexpected(wanted: &str, got: &Reply) -> DeskError {
    let got: &'static str = got.into();
    DeskError::ProtocolMismatch(format!(
        "the daemon answered {got} where {wanted} was expected; run the same frontdesk version on both sides"
    ))
}

/// Matches the reply a request expects, or fails with `unexpected`.
macro_rules! expect {
    ($reply:expr, $wanted:literal, $pat:pat => $value:expr) => {
        match $reply {
            $pat => Ok($value),
            other => Err(unexpected($wanted, &other).into()),
        }
    };
}

/// Typed requests over any connection that can exchange a request for a reply.
pub trait Calls {
    type Error: From<DeskError>;

    /// Sends one request under `request_id` and waits for its reply. A write retried with
    /// the same id after a lost reply is answered from the daemon's record, not applied twice.
    fn call_with_id(
        &mut self,
        request_id: RequestId,
        request: Request,
    ) -> Result<Reply, Self::Error>;

    /// One request with a fresh idempotency key.
    fn call(&mut self, request: Request) -> Result<Reply, Self::Error> {
        self.call_with_id(super::new_request_id(), request)
    }

    /// Makes the caller the first admin of a desk with no staff.
    fn init(&mut self, name: &str) -> Result<Staff, Self::Error> {
        let reply = self.call(Request::Init { name: name.into() })?;
        expect!(reply, "a staff record", Reply::Staff(s) => s)
    }

    fn staff_add(
        &mut self,
        username: &str,
        name: &str,
        role: Role,
        dept: &str,
        uid: Option<u32>,
    ) -> Result<Staff, Self::Error> {
        let reply = self.call(Request::StaffAdd {
            username: username.into(),
            name: name.into(),
            role,
            dept: dept.into(),
            uid,
        })?;
        expect!(reply, "a staff record", Reply::Staff(s) => s)
    }

    /// Everyone, active and deactivated.
    fn staff_list(&mut self) -> Result<Vec<Staff>, Self::Error> {
        let reply = self.call(Request::StaffList)?;
        expect!(reply, "the staff list", Reply::StaffList(s) => s)
    }

    fn staff_deactivate(&mut self, username: &str, reason: &str) -> Result<Staff, Self::Error> {
        let reply = self.call(Request::StaffDeactivate {
            username: username.into(),
            reason: reason.into(),
        })?;
        expect!(reply, "a staff record", Reply::Staff(s) => s)
    }

    fn staff_reactivate(&mut self, username: &str, reason: &str) -> Result<Staff, Self::Error> {
        let reply = self.call(Request::StaffReactivate {
            username: username.into(),
            reason: reason.into(),
        })?;
        expect!(reply, "a staff record", Reply::Staff(s) => s)
    }

    fn staff_set(
        &mut self,
        username: &str,
        role: Option<Role>,
        dept: Option<&str>,
        name: Option<&str>,
        reason: &str,
    ) -> Result<Staff, Self::Error> {
        let reply = self.call(Request::StaffSet {
            username: username.into(),
            role,
            dept: dept.map(str::to_string),
            name: name.map(str::to_string),
            reason: reason.into(),
        })?;
        expect!(reply, "a staff record", Reply::Staff(s) => s)
    }

    /// R-REC-16: everything the leaver owns moves to the successor in one change.
    fn staff_handover(
        &mut self,
        leaver: &str,
        successor: &str,
        reason: &str,
    ) -> Result<HandoverReport, Self::Error> {
        let reply = self.call(Request::StaffHandover {
            leaver: leaver.into(),
            successor: successor.into(),
            reason: reason.into(),
        })?;
        expect!(reply, "a handover report", Reply::Handover(r) => r)
    }

    /// The access log (supervisors): who looked at what, when and why.
    fn access_log(
        &mut self,
        staff: Option<&str>,
        customer: Option<CustomerId>,
        since: Option<Time>,
        limit: u32,
    ) -> Result<Vec<AccessRecord>, Self::Error> {
        let reply = self.call(Request::AccessLog {
            staff: staff.map(str::to_string),
            customer,
            since,
            limit,
        })?;
        expect!(reply, "access records", Reply::Accesses(a) => a)
    }

    fn customer_add(&mut self, customer: NewCustomer) -> Result<Customer, Self::Error> {
        let reply = self.call(Request::CustomerAdd(customer))?;
        expect!(reply, "a customer", Reply::Customer(c) => c)
    }

    fn customer_edit(
        &mut self,
        id: CustomerId,
        base_version: Option<u32>,
        edit: CustomerEdit,
    ) -> Result<Customer, Self::Error> {
        let reply = self.call(Request::CustomerEdit {
            id,
            base_version,
            edit,
        })?;
        expect!(reply, "a customer", Reply::Customer(c) => c)
    }

    fn customer_duplicates(&mut self, limit: u32) -> Result<Vec<DuplicatePair>, Self::Error> {
        let reply = self.call(Request::CustomerDuplicates { limit })?;
        expect!(reply, "duplicate pairs", Reply::Duplicates(d) => d)
    }

    fn unit_show(&mut self, unit: UnitCode, reason: Option<&str>) -> Result<UnitView, Self::Error> {
        let reply = self.call(Request::UnitShow {
            unit,
            reason: reason.map(String::from),
        })?;
        expect!(reply, "a unit", Reply::Unit(u) => *u)
    }

    fn unit_move_in(&mut self, unit: UnitCode, move_in: MoveIn) -> Result<Dwelling, Self::Error> {
        let reply = self.call(Request::UnitMoveIn { unit, move_in })?;
        expect!(reply, "a dwelling", Reply::Dwelling(d) => *d)
    }

    fn unit_move_out(
        &mut self,
        unit: UnitCode,
        customer: CustomerId,
        date: chrono::NaiveDate,
        reason: &str,
    ) -> Result<Dwelling, Self::Error> {
        let reply = self.call(Request::UnitMoveOut {
            unit,
            customer,
            date,
            reason: reason.into(),
        })?;
        expect!(reply, "a dwelling", Reply::Dwelling(d) => *d)
    }

    fn unit_document(
        &mut self,
        unit: UnitCode,
        kind: DocKind,
        date: chrono::NaiveDate,
    ) -> Result<Dwelling, Self::Error> {
        let reply = self.call(Request::UnitDocument { unit, kind, date })?;
        expect!(reply, "a dwelling", Reply::Dwelling(d) => *d)
    }

    fn customer_merge(
        &mut self,
        keep: CustomerId,
        drop: CustomerId,
        reason: &str,
    ) -> Result<Customer, Self::Error> {
        let reply = self.call(Request::CustomerMerge {
            keep,
            drop,
            reason: reason.into(),
        })?;
        expect!(reply, "a customer", Reply::Customer(c) => c)
    }

    fn customer_verify(&mut self, id: CustomerId) -> Result<Verification, Self::Error> {
        let reply = self.call(Request::CustomerVerify { id })?;
        expect!(reply, "a verification", Reply::Verified(v) => v)
    }

    fn to_verify(
        &mut self,
        building: Option<u32>,
        limit: u32,
    ) -> Result<Vec<ToVerify>, Self::Error> {
        let reply = self.call(Request::ToVerify { building, limit })?;
        expect!(reply, "residents to verify", Reply::ToVerify(v) => v)
    }

    fn customer_find(&mut self, query: &str, limit: u32) -> Result<Vec<Match>, Self::Error> {
        let reply = self.call(Request::CustomerFind {
            query: query.into(),
            limit,
        })?;
        expect!(reply, "search matches", Reply::Matches(m) => m)
    }

    fn customer_show(&mut self, id: CustomerId) -> Result<CustomerCard, Self::Error> {
        self.customer_show_because(id, None)
    }

    /// A card, with the reason for looking recorded in the access log (R-REC-13).
    fn customer_show_because(
        &mut self,
        id: CustomerId,
        reason: Option<&str>,
    ) -> Result<CustomerCard, Self::Error> {
        let reply = self.call(Request::CustomerShow {
            id,
            reason: reason.map(str::to_string),
        })?;
        expect!(reply, "a customer card", Reply::Card(c) => *c)
    }

    fn case_add(&mut self, draft: CaseDraft) -> Result<Case, Self::Error> {
        self.case_add_with_id(super::new_request_id(), draft)
    }

    /// `case_add` under a given id: the intake's Enter after a lost connection saves once.
    fn case_add_with_id(
        &mut self,
        request_id: RequestId,
        draft: CaseDraft,
    ) -> Result<Case, Self::Error> {
        let reply = self.call_with_id(request_id, Request::CaseAdd(draft))?;
        expect!(reply, "a case", Reply::Case(c) => *c)
    }

    /// The case a draft would register, validated but not saved (the read-back, R-INT-05).
    fn case_preview(&mut self, draft: CaseDraft) -> Result<Case, Self::Error> {
        let reply = self.call(Request::CasePreview(draft))?;
        expect!(reply, "a case", Reply::Case(c) => *c)
    }

    fn case_list(&mut self, filter: CaseFilter) -> Result<CasePage, Self::Error> {
        let reply = self.call(Request::CaseList(filter))?;
        expect!(reply, "a case list", Reply::Cases(c) => c)
    }

    fn digest(&mut self, changes_after: u64) -> Result<Digest, Self::Error> {
        let reply = self.call(Request::Digest { changes_after })?;
        expect!(reply, "a digest", Reply::Digest(d) => *d)
    }

    fn case_show(&mut self, ticket: &Ticket) -> Result<Case, Self::Error> {
        self.case_show_because(ticket, None)
    }

    /// A case, with the reason for looking recorded in the access log (R-REC-13).
    fn case_show_because(
        &mut self,
        ticket: &Ticket,
        reason: Option<&str>,
    ) -> Result<Case, Self::Error> {
        let reply = self.call(Request::CaseShow {
            ticket: ticket.clone(),
            reason: reason.map(str::to_string),
        })?;
        expect!(reply, "a case", Reply::Case(c) => *c)
    }

    fn case_step(
        &mut self,
        ticket: &Ticket,
        base_version: Option<u32>,
        step: CaseStep,
    ) -> Result<Case, Self::Error> {
        let reply = self.call(Request::CaseStep {
            ticket: ticket.clone(),
            base_version,
            step,
        })?;
        expect!(reply, "a case", Reply::Case(c) => *c)
    }

    fn callback_list(
        &mut self,
        overdue_only: bool,
        until: Option<Time>,
    ) -> Result<Vec<CallbackRow>, Self::Error> {
        let reply = self.call(Request::CallbackList {
            overdue_only,
            until,
        })?;
        expect!(reply, "the callback queue", Reply::Callbacks(c) => c)
    }

    fn callback_record(
        &mut self,
        id: CallbackId,
        outcome: Outcome,
        onsite: bool,
        signed: bool,
        note: &str,
    ) -> Result<Callback, Self::Error> {
        let reply = self.call(Request::CallbackRecord {
            id,
            outcome,
            onsite,
            signed,
            note: note.into(),
        })?;
        expect!(reply, "a callback", Reply::Callback(c) => c)
    }

    /// R-CB-08 periodic callbacks due before `until`: how many were created, and whether
    /// more remain (the plan is capped per call).
    fn callback_plan(&mut self, until: Time) -> Result<(u64, bool), Self::Error> {
        let reply = self.call(Request::CallbackPlan { until })?;
        expect!(reply, "a plan", Reply::Planned { created, more } => (created, more))
    }

    fn visit_add(&mut self, visit: NewVisit) -> Result<Visit, Self::Error> {
        let reply = self.call(Request::VisitAdd(visit))?;
        expect!(reply, "a visit", Reply::Visit(v) => v)
    }

    fn visit_list(
        &mut self,
        from: Time,
        to: Time,
        staff: Option<&str>,
    ) -> Result<Vec<VisitRow>, Self::Error> {
        let reply = self.call(Request::VisitList {
            from,
            to,
            staff: staff.map(str::to_string),
        })?;
        expect!(reply, "a visit list", Reply::Visits(v) => v)
    }

    fn visit_done(&mut self, id: VisitId, report: &str) -> Result<Visit, Self::Error> {
        let reply = self.call(Request::VisitDone {
            id,
            report: report.into(),
        })?;
        expect!(reply, "a visit", Reply::Visit(v) => v)
    }

    /// Stages import rows on this connection; answers how many are staged in all.
    fn import_stage(&mut self, rows: Vec<ImportRow>) -> Result<u64, Self::Error> {
        let reply = self.call(Request::ImportStage(rows))?;
        expect!(reply, "a staged count", Reply::Staged { rows } => rows)
    }

    /// Commits the staged rows, all or nothing.
    fn import_commit(&mut self) -> Result<Imported, Self::Error> {
        let reply = self.call(Request::ImportCommit)?;
        expect!(reply, "an import result",
            Reply::Imported { count, first_id } => Imported { count, first_id })
    }

    fn demo(&mut self, customers: u32, seed: u64) -> Result<Imported, Self::Error> {
        self.demo_with_history(customers, seed, 0)
    }

    /// `demo`, with `history_days` of carried-through cases before the recent ones.
    fn demo_with_history(
        &mut self,
        customers: u32,
        seed: u64,
        history_days: u32,
    ) -> Result<Imported, Self::Error> {
        let reply = self.call(Request::Demo {
            customers,
            seed,
            history_days,
        })?;
        expect!(reply, "an import result",
            Reply::Imported { count, first_id } => Imported { count, first_id })
    }

    fn export(&mut self, dir: &Path) -> Result<Exported, Self::Error> {
        let reply = self.call(Request::Export {
            dir: dir.display().to_string(),
        })?;
        expect!(reply, "an export", Reply::Exported { dir, files, pruned } => Exported { dir, files, pruned })
    }

    /// A verified backup into `to` (or the data dir's `backups/`), keeping the newest `keep`.
    fn backup(&mut self, to: Option<String>, keep: Option<u32>) -> Result<Exported, Self::Error> {
        let reply = self.call(Request::Backup { to, keep })?;
        expect!(reply, "an export", Reply::Exported { dir, files, pruned } => Exported { dir, files, pruned })
    }

    /// The audit trail after `after_seq` (supervisors).
    fn changes(&mut self, after_seq: u64, limit: u32) -> Result<Vec<ChangeRecord>, Self::Error> {
        let reply = self.call(Request::Changes { after_seq, limit })?;
        expect!(reply, "changes", Reply::Changes(c) => c)
    }

    /// The database behind the desk (admins): `None` on an embedded store.
    fn database_status(
        &mut self,
    ) -> Result<Option<crate::domain::storage::DatabaseStatus>, Self::Error> {
        let reply = self.call(Request::DatabaseStatus)?;
        expect!(reply, "the database's status", Reply::Database(d) => *d)
    }

    fn stats(&mut self) -> Result<Stats, Self::Error> {
        let reply = self.call(Request::Stats)?;
        expect!(reply, "counts", Reply::Stats(s) => s)
    }
}

mod office;
pub use office::OfficeCalls;
