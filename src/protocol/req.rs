//! Every request a client can make, declared once: its fields (typed: text was parsed at the
//! edge), who may send it, whether it writes, and the reply it expects. Adding one is an
//! entry here and its handler in `server` (the compiler asks for it); clients send it with
//! `Calls::send`. See README, "How to add a request".

use chrono::NaiveDate;

use super::call::requests;
use super::paperwork::PermitDecision;
use super::{
    CallbackRow, CaseFilter, CasePage, CustomerCard, DuplicatePair, Exported, HandoverReport,
    ImportRow, Imported, IncidentGroup, IncidentResolution, LinkOffer, LinkTo, Match, NewVisit,
    Reply, Ringing, UndoOffer, UnitView, VisitRow,
};
use crate::domain::call::{Call as PhoneCall, CallId};
use crate::domain::case::{Case, CaseDraft};
use crate::domain::incident::{Incident, IncidentNo};
use crate::domain::template::Template;
use crate::domain::CaseKind;
use crate::domain::{
    calendar, cover, fees, loan, permit, release, report, survey, visitor, AccessRecord, Callback,
    CallbackId, ChangeRecord, Customer, CustomerId, DocKind, Dwelling, MoveIn, NewCustomer,
    Outcome, Role, Staff, Ticket, Time, UnitCode, Verification, Visit, VisitId,
};

/// A release slip and what it is worth today.
pub type SlipVerdict = (release::ReleaseSlip, release::Verdict);

requests! {
    /// Makes the caller the first admin of a desk with no staff.
    Init { pub name: String }
        for Anyone write -> Staff as "a staff record" { Reply::Staff(s) => s }

    StaffAdd {
        pub username: String,
        pub name: String,
        pub role: Role,
        pub dept: String,
        pub uid: Option<u32>,
    }
        for Admin write -> Staff as "a staff record" { Reply::Staff(s) => s }

    /// Everyone, active and deactivated.
    StaffList {}
        for Staff read -> Vec<Staff> as "the staff list" { Reply::StaffList(s) => s }

    /// Locks a leaver out at once: their connections are closed, later requests refused.
    StaffDeactivate { pub username: String, pub reason: String }
        for Admin write -> Staff as "a staff record" { Reply::Staff(s) => s }

    StaffReactivate { pub username: String, pub reason: String }
        for Admin write -> Staff as "a staff record" { Reply::Staff(s) => s }

    /// Changes role, department, display name or phone extension; `None` keeps a field,
    /// an empty extension takes it away.
    StaffSet {
        pub username: String,
        pub role: Option<Role>,
        pub dept: Option<String>,
        pub name: Option<String>,
        pub ext: Option<String>,
        pub reason: String,
    }
        for Admin write -> Staff as "a staff record" { Reply::Staff(s) => s }

    /// R-REC-16: the leaver's open cases and future visits move to the successor in one
    /// change, and every resident concerned gets a "new contact person" callback. The
    /// supervisor hands a leaver's work over.
    StaffHandover { pub leaver: String, pub successor: String, pub reason: String }
        for Supervisor write -> HandoverReport as "a handover report" { Reply::Handover(r) => r }

    CustomerAdd { pub customer: NewCustomer }
        for Staff write -> Customer as "a customer" { Reply::Customer(c) => c }

    /// Corrects a resident's record, version-checked, with a reason (R-REC-14). A tier
    /// change inside an edit needs a supervisor (R-REC-10, checked by the domain).
    CustomerEdit { pub id: CustomerId, pub base_version: Option<u32>, pub edit: crate::domain::CustomerEdit }
        for Staff write -> Customer as "a customer" { Reply::Customer(c) => c }

    CustomerFind { pub query: String, pub limit: u32 }
        for Staff read -> Vec<Match> as "search matches" { Reply::Matches(m) => m }

    /// R-REC-07: the caller confirmed the resident's details with them today.
    CustomerVerify { pub id: CustomerId }
        for Staff write -> Verification as "a verification" { Reply::Verified(v) => v }

    /// R-REC-07: residents not verified in 90 days, by building (optionally one building).
    ToVerify { pub building: Option<u32>, pub limit: u32 }
        for Staff read -> Vec<super::ToVerify> as "residents to verify" { Reply::ToVerify(v) => v }

    /// Merges the duplicate `drop` into `keep` in one change: cases, callbacks, visits and
    /// units move; `drop`'s id and tickets keep resolving (supervisors).
    CustomerMerge { pub keep: CustomerId, pub drop: CustomerId, pub reason: String }
        for Supervisor write -> Customer as "a customer" { Reply::Customer(c) => c }

    /// Likely duplicate residents, most evidence first (supervisors).
    CustomerDuplicates { pub limit: u32 }
        for Supervisor read -> Vec<DuplicatePair> as "duplicate pairs" { Reply::Duplicates(d) => d }

    /// A unit's view: occupants past and present, papers, history (R-REC-01).
    UnitShow { pub unit: UnitCode, pub reason: Option<String> }
        for Staff read -> UnitView as "a unit" { Reply::Unit(u) => *u }

    /// R-REC-03 / R-OPS-06: an owner, or a tenant with the owner named, or family.
    UnitMoveIn { pub unit: UnitCode, pub move_in: MoveIn }
        for Staff write -> Dwelling as "a dwelling" { Reply::Dwelling(d) => *d }

    /// R-REC-03: deregisters an occupant; their history stays.
    UnitMoveOut {
        pub unit: UnitCode,
        pub customer: CustomerId,
        pub date: NaiveDate,
        pub reason: String,
    }
        for Staff write -> Dwelling as "a dwelling" { Reply::Dwelling(d) => *d }

    /// R-REC-01: files a move-in paper with its date.
    UnitDocument { pub unit: UnitCode, pub kind: DocKind, pub date: NaiveDate }
        for Staff write -> Dwelling as "a dwelling" { Reply::Dwelling(d) => *d }

    /// A resident's card; the look is logged with the reason, if given (R-REC-13).
    CustomerShow { pub id: CustomerId, pub reason: Option<String> }
        for Staff read -> CustomerCard as "a customer card" { Reply::Card(c) => *c }

    /// A call ringing at an extension (the exchange's bridge, or `call ring`): kept on the
    /// caller's history and shown on the screen of the operator with that extension.
    CallRing { pub from: String, pub ext: String, pub line: Option<String> }
        for Staff write -> Ringing as "a ringing call" { Reply::Ringing(r) => *r }

    /// The exchange says the call ended: its length goes on the record.
    CallEnd { pub id: CallId }
        for Staff write -> PhoneCall as "a call" { Reply::Call(c) => *c }

    /// A call and who it is (the pop-up); logged as a search by the number (R-REC-13).
    CallShow { pub id: CallId }
        for Staff read -> Ringing as "a ringing call" { Reply::Ringing(r) => *r }

    /// The caller's last step on a case, if it may still be undone (else why not).
    UndoPreview {}
        for Staff read -> UndoOffer as "an undo offer" { Reply::UndoOffer(o) => o }

    /// Undoes the caller's last step, the one taken on `ticket` at `at` (as offered), as a
    /// compensating change: the case's state as before it, its timeline kept.
    Undo { pub ticket: Ticket, pub at: Time }
        for Staff write -> Case as "a case" { Reply::Case(c) => *c }

    /// A supervisor declares an incident: a building, a category, what happened. The
    /// status bar shows it; intake links new calls to it in one key.
    IncidentOpen { pub building: u32, pub category: String, pub text: String }
        for Supervisor write -> Incident as "an incident" { Reply::Incident(i) => *i }

    /// Open incidents, each with its linked cases.
    IncidentList {}
        for Staff read -> Vec<IncidentGroup> as "incidents" { Reply::Incidents(i) => i }

    /// What the case may join: open incidents, recent open cases like it.
    IncidentOffers { pub ticket: Ticket }
        for Staff read -> Vec<LinkOffer> as "link offers" { Reply::LinkOffers(o) => o }

    /// Links the case to an incident (or to an open case, growing an incident from it).
    IncidentLink { pub ticket: Ticket, pub to: LinkTo }
        for Staff write -> Case as "a case" { Reply::Case(c) => *c }

    /// Resolves it and, alike, each linked case whose resident was told (owners kept).
    IncidentResolve { pub no: IncidentNo, pub resolution: crate::domain::case::Resolution }
        for Supervisor write -> IncidentResolution as "a resolution" { Reply::IncidentResolved(r) => *r }

    /// The reply templates in the list, the closest to a case of `category` and `kind`
    /// first (both given), or all of them.
    TemplateList { pub category: Option<String>, pub kind: Option<CaseKind> }
        for Staff read -> Vec<Template> as "reply templates" { Reply::Templates(t) => t }

    /// A supervisor writes a reply template, or edits template `id`.
    TemplateSave {
        pub id: Option<u64>,
        pub category: Option<String>,
        pub kind: Option<CaseKind>,
        pub title: String,
        pub text: String,
    }
        for Supervisor write -> Template as "a reply template" { Reply::Template(t) => *t }

    /// A supervisor takes template `id` out of the list (it is kept on record).
    TemplateRemove { pub id: u64 }
        for Supervisor write -> Template as "a reply template" { Reply::Template(t) => *t }

    CaseAdd { pub draft: CaseDraft }
        for Staff write -> Case as "a case" { Reply::Case(c) => *c }

    /// Validates a draft and answers the case it would register, without saving (the
    /// read-back, R-INT-05).
    CasePreview { pub draft: CaseDraft }
        for Staff read -> Case as "a case" { Reply::Case(c) => *c }

    CaseList { pub filter: CaseFilter }
        for Staff read -> CasePage as "a case list" { Reply::Cases(c) => c }

    /// A case; the look is logged with the reason, if given (R-REC-13).
    CaseShow { pub ticket: Ticket, pub reason: Option<String> }
        for Staff read -> Case as "a case" { Reply::Case(c) => *c }

    /// One step on a case; the case's own rules decide who may take it.
    CaseStep { pub ticket: Ticket, pub base_version: Option<u32>, pub step: super::CaseStep }
        for CaseParty write -> Case as "a case" { Reply::Case(c) => *c }

    CallbackList { pub overdue_only: bool, pub until: Option<Time> }
        for Staff read -> Vec<CallbackRow> as "the callback queue" { Reply::Callbacks(c) => c }

    CallbackRecord {
        pub id: CallbackId,
        pub outcome: Outcome,
        pub onsite: bool,
        pub signed: bool,
        pub note: String,
    }
        for CaseParty write -> Callback as "a callback" { Reply::Callback(c) => c }

    /// R-CB-08: create the periodic tier callbacks due before `until` (supervisors): how
    /// many were created, and whether more remain (the plan is capped per call).
    CallbackPlan { pub until: Time }
        for Supervisor write -> (u64, bool) as "a plan" {
            Reply::Planned { created, more } => (created, more)
        }

    VisitAdd { pub visit: NewVisit }
        for Staff write -> Visit as "a visit" { Reply::Visit(v) => v }

    VisitList { pub from: Time, pub to: Time, pub staff: Option<String> }
        for Staff read -> Vec<VisitRow> as "a visit list" { Reply::Visits(v) => v }

    VisitDone { pub id: VisitId, pub report: String }
        for CaseParty write -> Visit as "a visit" { Reply::Visit(v) => v }

    /// R-VIS-02: calls a visit off with a reason; its slot is free again and the resident
    /// is queued to be told.
    VisitCancel { pub id: VisitId, pub reason: String }
        for CaseParty write -> Visit as "a visit" { Reply::Visit(v) => v }

    /// R-VIS-02: moves a visit to a new window (`end: None` keeps its length), checked for
    /// clashes like a booking; the resident is queued to be told.
    VisitMove { pub id: VisitId, pub start: Time, pub end: Option<Time>, pub reason: String }
        for CaseParty write -> Visit as "a visit" { Reply::Visit(v) => v }

    /// Rows are staged on the connection (answered: how many in all), then committed all
    /// at once or not at all. Staging only fills the connection's buffer.
    ImportStage { pub rows: Vec<ImportRow> }
        for Supervisor read -> u64 as "a staged count" { Reply::Staged { rows } => rows }

    ImportCommit {}
        for Supervisor write -> Imported as "an import result" {
            Reply::Imported { count, first_id } => Imported { count, first_id }
        }

    Demo {
        pub customers: u32,
        pub seed: u64,
        /// Days of carried-through cases before the recent ones (0: none).
        pub history_days: u32,
    }
        for Supervisor write -> Imported as "an import result" {
            Reply::Imported { count, first_id } => Imported { count, first_id }
        }

    /// Writes an export into a directory the daemon can write to: the whole desk, every
    /// resident, so admins only (R-REC-13).
    Export { pub dir: String }
        for Admin read -> Exported as "an export" {
            Reply::Exported { dir, files, pruned } => Exported { dir, files, pruned }
        }

    /// Export into `<to>/<time>` (default `backups/` inside the data dir), read back and
    /// checked against its manifest; then only the newest `keep` backups there are kept.
    Backup { pub to: Option<String>, pub keep: Option<u32> }
        for Supervisor read -> Exported as "an export" {
            Reply::Exported { dir, files, pruned } => Exported { dir, files, pruned }
        }

    /// The audit trail after `after_seq` (supervisors).
    Changes { pub after_seq: u64, pub limit: u32 }
        for Supervisor read -> Vec<ChangeRecord> as "changes" { Reply::Changes(c) => c }

    Stats {}
        for Staff read -> super::Stats as "counts" { Reply::Stats(s) => s }

    /// The database behind the desk: its server, synchronous standbys, lag, the last
    /// failover (admins; `None` on an embedded store).
    DatabaseStatus {}
        for Admin read -> Option<crate::domain::storage::DatabaseStatus> as "the database's status" {
            Reply::Database(d) => *d
        }

    /// The access log (R-REC-13), newest last: who looked at which resident (supervisors).
    AccessLog {
        /// Login of the reader to show.
        pub staff: Option<String>,
        pub customer: Option<CustomerId>,
        pub since: Option<Time>,
        pub limit: u32,
    }
        for Supervisor read -> Vec<AccessRecord> as "access records" { Reply::Accesses(a) => a }

    /// The caller's shift-start digest; `changes_after`: the trail point to report changes
    /// from (0: none).
    Digest { pub changes_after: u64 }
        for Staff read -> super::Digest as "a digest" { Reply::Digest(d) => *d }

    /// A report for a day, month or quarter (R-RPT-01..08). Reports name every person's
    /// workload and satisfaction: supervisors (R-RPT-01/08).
    Report { pub period: report::Period }
        for Supervisor read -> report::Report as "a report" { Reply::Report(r) => *r }

    /// R-SAT-01: open a survey round (a supervisor runs the round).
    SurveyOpen {
        pub month: survey::RoundMonth,
        pub off_cycle: bool,
        pub issue_on: Option<NaiveDate>,
    }
        for Supervisor write -> survey::SurveyStatus as "a survey status" { Reply::Survey(s) => *s }

    /// Forms handed out (`round`: None for the round still collecting); the counter hands
    /// out and records forms (R-SAT-04).
    SurveyIssue {
        pub round: Option<survey::RoundMonth>,
        pub units: Vec<UnitCode>,
        pub all_occupied: bool,
    }
        for Staff write -> survey::SurveyStatus as "a survey status" { Reply::Survey(s) => *s }

    /// One dwelling's answers (R-SAT-02); low scores open a case (R-SAT-05).
    SurveyRecord {
        pub round: Option<survey::RoundMonth>,
        pub unit: UnitCode,
        pub scores: survey::Scores,
        pub comment: String,
    }
        for Staff write -> survey::SurveyStatus as "a survey status" { Reply::Survey(s) => *s }

    /// End collection (supervisors).
    SurveyClose { pub round: Option<survey::RoundMonth> }
        for Supervisor write -> survey::SurveyStatus as "a survey status" { Reply::Survey(s) => *s }

    SurveyStatus { pub round: Option<survey::RoundMonth> }
        for Staff read -> survey::SurveyStatus as "a survey status" { Reply::Survey(s) => *s }

    /// R-OPS-02..05: the desk issues a move-out release slip.
    ReleaseIssue { pub draft: release::SlipDraft }
        for Staff write -> SlipVerdict as "a release slip" {
            Reply::Slip { slip, verdict } => (*slip, verdict)
        }

    /// The guard asks what a slip is worth now (R-OPS-02: the gate verifies).
    ReleaseVerify { pub no: release::SlipNo }
        for Gate read -> SlipVerdict as "a release slip" {
            Reply::Slip { slip, verdict } => (*slip, verdict)
        }

    /// The goods go out through `gate`: once.
    ReleaseOut { pub no: release::SlipNo, pub gate: String }
        for Gate write -> SlipVerdict as "a release slip" {
            Reply::Slip { slip, verdict } => (*slip, verdict)
        }

    /// The slips not used or voided (with what each is worth today).
    ReleaseList {}
        for Staff read -> Vec<SlipVerdict> as "release slips" { Reply::Slips(s) => s }

    /// The desk cancels an unused slip.
    ReleaseVoid { pub no: release::SlipNo, pub reason: String }
        for Staff write -> SlipVerdict as "a release slip" {
            Reply::Slip { slip, verdict } => (*slip, verdict)
        }

    /// R-OPS-07/08: a decoration permit application.
    PermitApply { pub draft: permit::PermitDraft }
        for Staff write -> permit::Permit as "a decoration permit" { Reply::Permit(p) => *p }

    /// A supervisor's decision on a permit: approve, reject, extend (R-OPS-08/09/12).
    PermitDecide { pub no: permit::PermitNo, pub decision: PermitDecision }
        for Supervisor write -> permit::Permit as "a decoration permit" { Reply::Permit(p) => *p }

    /// The desk's steps on a permit: works finished, inspection, passes, refund (R-OPS-10).
    PermitStep { pub no: permit::PermitNo, pub step: super::PermitStep }
        for Staff write -> permit::Permit as "a decoration permit" { Reply::Permit(p) => *p }

    PermitShow { pub no: permit::PermitNo }
        for Staff read -> permit::Permit as "a decoration permit" { Reply::Permit(p) => *p }

    /// Every permit not closed (the lists).
    PermitList {}
        for Staff read -> Vec<permit::Permit> as "decoration permits" { Reply::Permits(p) => p }

    /// A building's permits, floor by floor (R-OPS-11).
    PermitIndex { pub building: u32 }
        for Staff read -> Vec<permit::Permit> as "decoration permits" { Reply::Permits(p) => p }

    /// Arrears rows ahead of the `FeesImport` that ends them (a file larger than one
    /// frame). Staging only fills this connection's buffer; the import is the write.
    FeesStage { pub rows: Vec<(u32, fees::Arrear)> }
        for Supervisor read -> u64 as "a staged count" { Reply::Staged { rows } => rows }

    /// R-OPS-13: the billing system's arrears, each with its CSV line, replacing the last
    /// import: these rows and any this connection staged before (supervisors).
    FeesImport { pub rows: Vec<(u32, fees::Arrear)> }
        for Supervisor write -> Vec<fees::UnitArrears> as "arrears" { Reply::Arrears(a) => a }

    /// The month's reminder list: units in arrears (one building's, or all).
    FeesList { pub building: Option<u32> }
        for Staff read -> Vec<fees::UnitArrears> as "arrears" { Reply::Arrears(a) => a }

    /// A unit's arrears and this month's reminders (its payment notice).
    FeesUnit { pub unit: UnitCode }
        for Staff read -> Vec<fees::UnitArrears> as "arrears" { Reply::Arrears(a) => a }

    /// One reminder, with its way and outcome.
    FeesRemind {
        pub unit: UnitCode,
        pub way: fees::Way,
        pub outcome: fees::ReminderOutcome,
        pub note: String,
    }
        for Staff write -> Vec<fees::UnitArrears> as "arrears" { Reply::Arrears(a) => a }

    /// R-OPS-15: the caller leaves the desk; `covering` covers, `approved_by` is to approve
    /// it (`CoverConfirm`).
    CoverSign {
        pub covering: String,
        pub from: Time,
        pub until: Time,
        pub approved_by: String,
    }
        for Staff write -> Vec<cover::Cover> as "cover hand-overs" { Reply::Covers(c) => c }

    /// R-OPS-15: the caller, a supervisor, approves the covers that name them and await
    /// their OK (only `leaving`'s, a login, when given).
    CoverConfirm { pub leaving: Option<String> }
        for Supervisor write -> Vec<cover::Cover> as "cover hand-overs" { Reply::Covers(c) => c }

    /// Today's and later cover hand-overs.
    CoverList {}
        for Staff read -> Vec<cover::Cover> as "cover hand-overs" { Reply::Covers(c) => c }

    /// R-OPS-14: a visitor arrives (the desk registers visitors).
    VisitorIn { pub draft: visitor::VisitorDraft }
        for Staff write -> Vec<visitor::Visitor> as "visitors" { Reply::Visitors(v) => v }

    /// The visitor leaves.
    VisitorOut { pub no: visitor::VisitorNo }
        for Staff write -> Vec<visitor::Visitor> as "visitors" { Reply::Visitors(v) => v }

    /// Who is on site now (`day` None), or a day's log.
    VisitorList { pub day: Option<NaiveDate> }
        for Staff read -> Vec<visitor::Visitor> as "visitors" { Reply::Visitors(v) => v }

    /// R-OPS-15: a key or radio signed out to a colleague (by login) until `due`.
    LoanOut { pub item: String, pub to: String, pub due: Time, pub condition: String }
        for Staff write -> Vec<loan::Loan> as "loans" { Reply::Loans(l) => l }

    /// Signed back in, with its condition.
    LoanBack { pub no: loan::LoanNo, pub condition: String }
        for Staff write -> Vec<loan::Loan> as "loans" { Reply::Loans(l) => l }

    /// What is out now, the most overdue first.
    LoanList {}
        for Staff read -> Vec<loan::Loan> as "loans" { Reply::Loans(l) => l }

    /// A year of the working-day calendar, and whether calendar.toml lists it (otherwise
    /// Monday–Friday is assumed).
    Calendar { pub year: i32 }
        for Staff read -> (calendar::CalendarYear, bool) as "a calendar year" {
            Reply::Calendar { year, listed } => (year, listed)
        }

    /// Start receiving events on this connection: first every change after `after_seq`,
    /// then each change as it is committed. Answered `Done` before the first event.
    Subscribe { pub after_seq: u64 }
        for Staff read -> () as "an acknowledgement" { Reply::Done => () }

    /// Files every case stored under `from` (a free-text category from before the list, or
    /// an entry since removed) under the list entry `to`, in one audited change; each case's
    /// timeline keeps what it was. Answers how many cases moved (supervisors).
    CategoryMap { pub from: String, pub to: String }
        for Supervisor write -> u64 as "a count of cases" { Reply::Recategorized { cases } => cases }
}

impl CustomerShow {
    /// A look at `id`'s card with no reason given.
    pub fn of(id: CustomerId) -> CustomerShow {
        CustomerShow { id, reason: None }
    }
}

impl CaseShow {
    /// A look at `ticket` with no reason given.
    pub fn of(ticket: Ticket) -> CaseShow {
        CaseShow {
            ticket,
            reason: None,
        }
    }
}
