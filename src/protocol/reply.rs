//! Every reply the daemon sends, and the rows its lists carry (summaries with the names a
//! screen shows, so a list needs one round trip).

use serde::{Deserialize, Serialize};

use super::summary::{CaseSummary, CustomerSummary};

use crate::domain::callback::CallbackReason;
use crate::domain::{AccessRecord, Callback, Case, ChangeRecord, Customer, Staff, Ticket, Visit};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    pub customer: CustomerSummary,
    pub score: i64,
    /// Character indices of the name that matched, for highlighting.
    pub name_hits: Vec<usize>,
    /// The resident's estate, when the daemon serves several (the hotline's lookup).
    pub estate: Option<String>,
}

/// One page of a case listing. `more`: rows were left off; ask again with `after` set to
/// the last ticket shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePage {
    pub rows: Vec<CaseSummary>,
    pub more: bool,
}

/// Someone at a unit: a recorded occupant (past or present), or a resident whose record
/// lists the unit without a recorded move-in (`occupancy` None).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitResident {
    pub customer: CustomerSummary,
    pub occupancy: Option<crate::domain::dwelling::Occupancy>,
}

/// A unit's view (`unit show`): its dwelling record, everyone who lived there, and their
/// cases, the visits to this unit and their callbacks, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitView {
    pub dwelling: crate::domain::Dwelling,
    pub residents: Vec<UnitResident>,
    pub cases: Vec<CaseSummary>,
    pub visits: Vec<crate::domain::Visit>,
    pub callbacks: Vec<crate::domain::Callback>,
    /// The unit's paperwork: decoration permits, release slips, visitors, arrears.
    pub permits: Vec<crate::domain::permit::Permit>,
    pub slips: Vec<crate::domain::release::ReleaseSlip>,
    pub visitors: Vec<crate::domain::visitor::Visitor>,
    pub arrears: Vec<crate::domain::fees::Arrear>,
}

/// A resident due for the quarterly re-check (R-REC-07), with their last verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToVerify {
    pub customer: CustomerSummary,
    pub last: Option<crate::domain::Verification>,
}

/// Why two residents look like one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicateReason {
    #[serde(alias = "SamePhone")]
    SamePhone,
    #[serde(alias = "SameNameSameUnit")]
    SameNameSameUnit,
    #[serde(alias = "SamePinyinSameUnit")]
    SamePinyinSameUnit,
}

impl DuplicateReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateReason::SamePhone => "same phone",
            DuplicateReason::SameNameSameUnit => "same name, same unit",
            DuplicateReason::SamePinyinSameUnit => "same pinyin, same unit",
        }
    }
}

/// Two residents that are likely one person (`customer duplicates`), lower id first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatePair {
    pub a: CustomerSummary,
    pub b: CustomerSummary,
    pub reasons: Vec<DuplicateReason>,
}

/// R-INT-17: what a same-day investigation found, as a supervisor's digest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    pub case: CaseSummary,
    pub by: crate::domain::StaffId,
    pub at: crate::domain::Time,
    pub finding: String,
}

/// The shift-start digest (`frontdesk digest`, the screen's first page of the day).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// My open cases past a deadline or within two hours of one, nearest first.
    pub cases: Vec<CaseSummary>,
    /// Callbacks on my cases due by the end of today.
    pub callbacks: Vec<CallbackRow>,
    /// My visits today.
    pub visits: Vec<VisitRow>,
    /// What others changed on my open cases after the point asked for.
    pub changes: Vec<ChangeRecord>,
    /// Changes left off the list.
    pub more_changes: u64,
    /// The trail's newest change: where the next digest starts.
    pub last_seq: u64,
    /// Supervisors only (R-INT-17: the result goes to the office head): the findings of
    /// same-day investigations recorded since midnight on open cases, newest first.
    pub findings: Option<Vec<FindingRow>>,
}

impl Digest {
    /// Nothing to report: no case near a deadline, no callback or visit today, no change.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
            && self.callbacks.is_empty()
            && self.visits.is_empty()
            && self.changes.is_empty()
            && self.findings.as_ref().is_none_or(Vec::is_empty)
    }
}

/// The Cases pane's tab counts, from the open work in memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewCounts {
    pub mine: u64,
    pub handling: u64,
    /// Open cases with a deadline already past.
    pub past_deadline: u64,
    pub escalated: u64,
    /// R-INT-10/19: open suggestions, for supervisors.
    pub suggestions: u64,
    pub open: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCard {
    pub customer: Customer,
    /// Newest first.
    pub cases: Vec<Case>,
    pub callbacks: Vec<Callback>,
    pub visits: Vec<Visit>,
    /// Categories with more than one complaint (R-LIFE-09 repeated complaints).
    pub repeat_categories: Vec<String>,
    /// R-REC-07: when the record was last confirmed, and by whom.
    pub verified: Option<crate::domain::Verification>,
    /// R-REC-07: not confirmed within the policy's `verify_days` (or never): due a re-check.
    pub verify_due: bool,
    /// R-REC-03: moved out of every dwelling recorded.
    pub moved_out: bool,
    /// Their latest calls, newest first.
    pub calls: Vec<crate::domain::call::Call>,
}

/// A visit with the resident's name, for agendas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRow {
    pub visit: Visit,
    pub customer_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackRow {
    pub callback: Callback,
    pub customer_name: String,
    pub phones: Vec<String>,
    pub overdue: bool,
}

impl CallbackRow {
    pub fn ticket(&self) -> Option<&Ticket> {
        match &self.callback.reason {
            CallbackReason::CaseResolved { ticket, .. } => Some(ticket),
            CallbackReason::Tier(_)
            | CallbackReason::ContactChanged { .. }
            | CallbackReason::PermitDecided { .. }
            | CallbackReason::VisitMoved { .. }
            | CallbackReason::AfterVisit { .. } => None,
        }
    }

    /// What the call is about, as a queue row names it: the case's ticket, the permit and
    /// its decision, or the kind of care call.
    pub fn about(&self) -> String {
        match &self.callback.reason {
            CallbackReason::CaseResolved { ticket, .. } => ticket.0.clone(),
            CallbackReason::PermitDecided { permit, approved } => {
                format!(
                    "{permit} {}",
                    if *approved { "approved" } else { "rejected" }
                )
            }
            CallbackReason::Tier(_) => "tier care".into(),
            CallbackReason::ContactChanged { .. } => "new contact".into(),
            CallbackReason::VisitMoved { visit, cancelled } => {
                format!("{visit} {}", if *cancelled { "cancelled" } else { "moved" })
            }
            CallbackReason::AfterVisit { visit } => format!("after {visit}"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub customers: u64,
    pub open_cases: u64,
    pub cases_past_sla: u64,
    pub my_open_cases: u64,
    pub callbacks_due_today: u64,
    pub callbacks_overdue: u64,
    pub visits_today: u64,
    /// R-VIS-02: visits still scheduled after their window ended (the last week's).
    pub visits_missed: u64,
    /// R-OPS-15: covers that name me and await my OK.
    pub covers_awaiting_me: u64,
    /// R-OPS-15, on supervisors' screens: covers of the last day that leave the desk
    /// unattended now (in force without the OK, or run out with nobody back).
    pub desk_unattended: u64,
    pub views: ViewCounts,
    /// Open incidents, oldest first: (number, building, category code).
    pub incidents: Vec<(crate::domain::incident::IncidentNo, u32, String)>,
}

impl Stats {
    /// Adds another estate's counts to these (the hotline's counts over its estates).
    pub fn add(&mut self, other: &Stats) {
        crate::domain::add_fields!(self, other; customers, open_cases, cases_past_sla,
            my_open_cases, callbacks_due_today, callbacks_overdue, visits_today, visits_missed,
            covers_awaiting_me, desk_unattended);
        self.incidents.extend(other.incidents.iter().cloned());
        crate::domain::add_fields!(self.views, other.views; mine, handling, past_deadline,
            escalated, suggestions, open);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::IntoStaticStr)]
pub enum Reply {
    Done,
    Staff(Staff),
    StaffList(Vec<Staff>),
    Customer(Customer),
    Matches(Vec<Match>),
    Card(Box<CustomerCard>),
    Case(Box<Case>),
    Cases(CasePage),
    Callback(Callback),
    Callbacks(Vec<CallbackRow>),
    Visit(Visit),
    Visits(Vec<VisitRow>),
    Staged {
        rows: u64,
    },
    Planned {
        created: u64,
        more: bool,
    },
    Imported {
        count: u64,
        first_id: u64,
    },
    Exported {
        dir: String,
        files: Vec<(String, u64)>,
        /// Older backups removed after this one was verified (`backup --keep`).
        pruned: Vec<String>,
    },
    Changes(Vec<ChangeRecord>),
    Stats(Stats),
    Database(Box<Option<crate::domain::storage::DatabaseStatus>>),
    Handover(HandoverReport),
    Accesses(Vec<AccessRecord>),
    Digest(Box<Digest>),
    Duplicates(Vec<DuplicatePair>),
    Unit(Box<UnitView>),
    Verified(crate::domain::Verification),
    ToVerify(Vec<ToVerify>),
    Dwelling(Box<crate::domain::Dwelling>),
    Report(Box<crate::domain::report::Report>),
    Survey(Box<crate::domain::survey::SurveyStatus>),
    Visitors(Vec<crate::domain::visitor::Visitor>),
    Loans(Vec<crate::domain::loan::Loan>),
    Permit(Box<crate::domain::permit::Permit>),
    Permits(Vec<crate::domain::permit::Permit>),
    /// Units in arrears with this month's reminders (R-OPS-13).
    Arrears(Vec<crate::domain::fees::UnitArrears>),
    Covers(Vec<crate::domain::cover::Cover>),
    /// Unused release slips, each with what it is worth today.
    Slips(
        Vec<(
            crate::domain::release::ReleaseSlip,
            crate::domain::release::Verdict,
        )>,
    ),
    /// A release slip and what it is worth today.
    Slip {
        slip: Box<crate::domain::release::ReleaseSlip>,
        verdict: crate::domain::release::Verdict,
    },
    /// `listed`: whether calendar.toml lists the year (otherwise Monday–Friday is assumed).
    Calendar {
        year: crate::domain::calendar::CalendarYear,
        listed: bool,
    },
    /// How many cases a category mapping moved.
    Recategorized {
        cases: u64,
    },
    Call(Box<crate::domain::call::Call>),
    Ringing(Box<super::Ringing>),
    UndoOffer(super::UndoOffer),
    Incident(Box<crate::domain::incident::Incident>),
    Incidents(Vec<super::IncidentGroup>),
    LinkOffers(Vec<super::LinkOffer>),
    IncidentResolved(Box<super::IncidentResolution>),
    Templates(Vec<crate::domain::template::Template>),
    Template(Box<crate::domain::template::Template>),
}

/// What an import commit or demo load wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub count: u64,
    pub first_id: u64,
}

/// What an export or backup wrote: its directory and each file with its size, and the
/// older backups removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub dir: String,
    pub files: Vec<(String, u64)>,
    pub pruned: Vec<String>,
}

/// What a handover moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverReport {
    pub cases: u64,
    /// Pending callbacks of the moved cases (they follow their case).
    pub callbacks: u64,
    pub visits: u64,
    /// "New contact person" callbacks created, one per resident concerned.
    pub contact_callbacks: u64,
    /// R-REC-11: residents' records the leaver kept, now kept by the successor.
    pub records: u64,
}
