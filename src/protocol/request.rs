//! Every request a client can make, with the typed values it carries: text was parsed at the
//! edge (CLI value parsers, the screen's widgets, the CSV importer). Adding one: a variant
//! here, its row in `server::rights`, its arm in `server::router`, its method on
//! `client::Calls`.

use serde::{Deserialize, Serialize};

use super::paperwork::{PermitDecision, PermitStep};

use crate::domain::case::{CaseDraft, CaseQuery, CaseView, Resolution};
use crate::domain::{
    CallbackId, CustomerEdit, CustomerId, DocKind, MoveIn, NewCustomer, Outcome, Role, Ticket,
    Time, UnitCode, VisitId, VisitKind,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DispatchTarget {
    Staff(String),
    Department(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseStep {
    Dispatch(DispatchTarget),
    Start,
    Note(String),
    Assist,
    Reply(String),
    Promise {
        at: Time,
        reason: String,
    },
    /// R-INT-16: to a supervisor or the director, by login.
    Escalate {
        to: String,
        reason: String,
    },
    /// R-LIFE-02/08: summary, cause and corrective action.
    Resolve(Resolution),
    Reassign {
        to: String,
        reason: String,
    },
    Close,
    /// Take work dispatched to a department as its handler (one taker wins).
    Take,
    /// R-INT-12: name (by login) the staff member the complaint is about (supervisors).
    NameSubject(String),
}

impl CaseStep {
    pub fn operation(&self) -> &'static str {
        match self {
            CaseStep::Dispatch(_) => "case.dispatch",
            CaseStep::Start => "case.start",
            CaseStep::Note(_) => "case.note",
            CaseStep::Assist => "case.assist",
            CaseStep::Reply(_) => "case.reply",
            CaseStep::Promise { .. } => "case.promise",
            CaseStep::Escalate { .. } => "case.escalate",
            CaseStep::Resolve(_) => "case.resolve",
            CaseStep::Reassign { .. } => "case.reassign",
            CaseStep::Close => "case.close",
            CaseStep::Take => "case.take",
            CaseStep::NameSubject(_) => "case.name_subject",
        }
    }
}

/// Which cases to list. With a `view`, the open-work list the screen's Cases pane shows;
/// without, history (`mine`, `open_only`, `overdue_only`, `customer` narrow it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub view: Option<CaseView>,
    pub query: CaseQuery,
    /// Paging: rows after this ticket in the listing's order.
    pub after: Option<Ticket>,
    pub mine: bool,
    pub open_only: bool,
    pub overdue_only: bool,
    pub customer: Option<CustomerId>,
    pub limit: u32,
}

pub use crate::domain::ImportRow;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVisit {
    pub customer: CustomerId,
    /// Login of the visiting staff member; the caller when `None`.
    pub staff: Option<String>,
    pub kind: VisitKind,
    pub start: Time,
    pub end: Time,
    pub ticket: Option<Ticket>,
    /// The customer's first unit when `None`.
    pub unit: Option<UnitCode>,
    pub purpose: String,
}

/// Every request a client can make. `RequestKind` (derived) names each variant without its
/// data; the daemon's rights table (`server::rights`) has one row per kind.
#[derive(Debug, Clone, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(name(RequestKind), derive(Hash, strum::EnumIter, strum::IntoStaticStr))]
pub enum Request {
    Init {
        name: String,
    },
    StaffAdd {
        username: String,
        name: String,
        role: Role,
        dept: String,
        uid: Option<u32>,
    },
    StaffList,
    /// Locks a leaver out at once: their connections are closed, later requests refused.
    StaffDeactivate {
        username: String,
        reason: String,
    },
    StaffReactivate {
        username: String,
        reason: String,
    },
    /// Changes role, department or display name; `None` keeps a field.
    StaffSet {
        username: String,
        role: Option<Role>,
        dept: Option<String>,
        name: Option<String>,
        reason: String,
    },
    /// R-REC-16: the leaver's open cases and future visits move to the successor in one
    /// change, and every resident concerned gets a "new contact person" callback.
    StaffHandover {
        leaver: String,
        successor: String,
        reason: String,
    },
    CustomerAdd(NewCustomer),
    /// Corrects a resident's record, version-checked, with a reason (R-REC-14).
    CustomerEdit {
        id: CustomerId,
        base_version: Option<u32>,
        edit: CustomerEdit,
    },
    CustomerFind {
        query: String,
        limit: u32,
    },
    /// R-REC-07: the caller confirmed the resident's details with them today.
    CustomerVerify {
        id: CustomerId,
    },
    /// R-REC-07: residents not verified in 90 days, by building (optionally one building).
    ToVerify {
        building: Option<u32>,
        limit: u32,
    },
    /// Merges the duplicate `drop` into `keep` in one change: cases, callbacks, visits and
    /// units move; `drop`'s id and tickets keep resolving (supervisors).
    CustomerMerge {
        keep: CustomerId,
        drop: CustomerId,
        reason: String,
    },
    /// Likely duplicate residents, most evidence first (supervisors).
    CustomerDuplicates {
        limit: u32,
    },
    /// A unit's view: occupants past and present, papers, history (R-REC-01).
    UnitShow {
        unit: UnitCode,
        reason: Option<String>,
    },
    /// R-REC-03 / R-OPS-06: an owner, or a tenant with the owner named, or family.
    UnitMoveIn {
        unit: UnitCode,
        move_in: MoveIn,
    },
    /// R-REC-03: deregisters an occupant; their history stays.
    UnitMoveOut {
        unit: UnitCode,
        customer: CustomerId,
        date: chrono::NaiveDate,
        reason: String,
    },
    /// R-REC-01: files a move-in paper with its date.
    UnitDocument {
        unit: UnitCode,
        kind: DocKind,
        date: chrono::NaiveDate,
    },
    /// A resident's card; the look is logged with the reason, if given.
    CustomerShow {
        id: CustomerId,
        reason: Option<String>,
    },
    CaseAdd(CaseDraft),
    /// Validates a draft and answers the case it would register, without saving (read-back).
    CasePreview(CaseDraft),
    CaseList(CaseFilter),
    CaseShow {
        ticket: Ticket,
        reason: Option<String>,
    },
    CaseStep {
        ticket: Ticket,
        base_version: Option<u32>,
        step: CaseStep,
    },
    CallbackList {
        overdue_only: bool,
        until: Option<Time>,
    },
    CallbackRecord {
        id: CallbackId,
        outcome: Outcome,
        onsite: bool,
        signed: bool,
        note: String,
    },
    /// R-CB-08: create the periodic tier callbacks due before `until` (supervisors).
    CallbackPlan {
        until: Time,
    },
    VisitAdd(NewVisit),
    VisitList {
        from: Time,
        to: Time,
        staff: Option<String>,
    },
    VisitDone {
        id: VisitId,
        report: String,
    },
    /// Rows are staged on the connection, then committed all at once (or not at all).
    ImportStage(Vec<ImportRow>),
    ImportCommit,
    Demo {
        customers: u32,
        seed: u64,
        /// Days of carried-through cases before the recent ones (0: none).
        history_days: u32,
    },
    /// Writes an export into a directory the daemon can write to.
    Export {
        dir: String,
    },
    /// Export into `<to>/<time>` (default `backups/` inside the data dir), read back and
    /// checked against its manifest; then only the newest `keep` backups there are kept.
    Backup {
        to: Option<String>,
        keep: Option<u32>,
    },
    Changes {
        after_seq: u64,
        limit: u32,
    },
    Stats,
    /// The database behind the desk: its server, synchronous standbys, lag, the last
    /// failover (admins; `None` on an embedded store).
    DatabaseStatus,
    /// The access log (R-REC-13), newest last (supervisors).
    AccessLog {
        /// Login of the reader to show.
        staff: Option<String>,
        customer: Option<CustomerId>,
        since: Option<Time>,
        limit: u32,
    },
    /// The caller's shift-start digest; `changes_after`: the trail point to report changes
    /// from (0: none).
    Digest {
        changes_after: u64,
    },
    /// A report for a day, month or quarter (R-RPT-01..08; supervisors).
    Report(crate::domain::report::Period),
    /// R-SAT-01: open a survey round (supervisors).
    SurveyOpen {
        month: crate::domain::survey::RoundMonth,
        off_cycle: bool,
        issue_on: Option<chrono::NaiveDate>,
    },
    /// Forms handed out (`round`: None for the round still collecting).
    SurveyIssue {
        round: Option<crate::domain::survey::RoundMonth>,
        units: Vec<UnitCode>,
        all_occupied: bool,
    },
    /// One dwelling's answers (R-SAT-02); low scores open a case (R-SAT-05).
    SurveyRecord {
        round: Option<crate::domain::survey::RoundMonth>,
        unit: UnitCode,
        scores: crate::domain::survey::Scores,
        comment: String,
    },
    /// End collection (supervisors).
    SurveyClose {
        round: Option<crate::domain::survey::RoundMonth>,
    },
    SurveyStatus {
        round: Option<crate::domain::survey::RoundMonth>,
    },
    /// R-OPS-02..05: the desk issues a move-out release slip.
    ReleaseIssue(crate::domain::release::SlipDraft),
    /// The guard asks what a slip is worth now.
    ReleaseVerify {
        no: crate::domain::release::SlipNo,
    },
    /// The goods go out through `gate`: once.
    ReleaseOut {
        no: crate::domain::release::SlipNo,
        gate: String,
    },
    /// The slips not used or voided (with what each is worth today).
    ReleaseList,
    /// The desk cancels an unused slip.
    ReleaseVoid {
        no: crate::domain::release::SlipNo,
        reason: String,
    },
    /// R-OPS-07/08: a decoration permit application.
    PermitApply(crate::domain::permit::PermitDraft),
    /// A supervisor's decision on a permit: approve, reject, extend (R-OPS-08/09/12).
    PermitDecide {
        no: crate::domain::permit::PermitNo,
        decision: PermitDecision,
    },
    /// The desk's steps on a permit: works finished, inspection, passes, refund (R-OPS-10).
    PermitStep {
        no: crate::domain::permit::PermitNo,
        step: PermitStep,
    },
    PermitShow {
        no: crate::domain::permit::PermitNo,
    },
    /// Every permit not closed (the lists).
    PermitList,
    /// A building's permits, floor by floor (R-OPS-11).
    PermitIndex {
        building: u32,
    },
    /// Arrears rows ahead of the `FeesImport` that ends them (a file larger than one frame).
    FeesStage {
        rows: Vec<(u32, crate::domain::fees::Arrear)>,
    },
    /// R-OPS-13: the billing system's arrears, each with its CSV line, replacing the last
    /// import: these rows and any this connection staged before.
    FeesImport {
        rows: Vec<(u32, crate::domain::fees::Arrear)>,
    },
    /// The month's reminder list: units in arrears (one building's, or all).
    FeesList {
        building: Option<u32>,
    },
    /// A unit's arrears and this month's reminders (its payment notice).
    FeesUnit {
        unit: UnitCode,
    },
    /// One reminder, with its way and outcome.
    FeesRemind {
        unit: UnitCode,
        way: crate::domain::fees::Way,
        outcome: crate::domain::fees::ReminderOutcome,
        note: String,
    },
    /// R-OPS-15: the caller leaves the desk; `covering` covers, `approved_by` said yes.
    CoverSign {
        covering: String,
        from: Time,
        until: Time,
        approved_by: String,
    },
    /// Today's and later cover hand-overs.
    CoverList,
    /// R-OPS-14: a visitor arrives.
    VisitorIn(crate::domain::visitor::VisitorDraft),
    /// The visitor leaves.
    VisitorOut {
        no: crate::domain::visitor::VisitorNo,
    },
    /// Who is on site now (`day` None), or a day's log.
    VisitorList {
        day: Option<chrono::NaiveDate>,
    },
    /// R-OPS-15: a key or radio signed out to a colleague (by login) until `due`.
    LoanOut {
        item: String,
        to: String,
        due: Time,
        condition: String,
    },
    /// Signed back in, with its condition.
    LoanBack {
        no: crate::domain::loan::LoanNo,
        condition: String,
    },
    /// What is out now, the most overdue first.
    LoanList,
    /// A year of the working-day calendar.
    Calendar {
        year: i32,
    },
    /// Start receiving events on this connection: first every change after `after_seq`, then
    /// each change as it is committed. Answered `Done` before the first event.
    Subscribe {
        after_seq: u64,
    },
}
