//! What one logical change writes, in domain terms only: the records, what the change
//! expects to still hold when it commits (versions read, a slot found free, counters drawn),
//! and what it touched, for the change-log pump. Every backend applies a `WriteSet` as one
//! atomic unit with its audit entry; none of its fields is a key of any backend.

use crate::domain::refusal::SystemRefusal;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Callback, Case, CaseKey, ChangeRecord, Customer, CustomerId, Dwelling, RequestId, Staff,
    StaffId, Time, UnitCode, Verification, Visit,
};
use crate::domain::{CallbackId, VisitId};

/// A numbered series the desk draws from, or a tally it keeps. Every backend stores it by
/// `name()` (the sled meta tree, the export's `meta.jsonl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Counter {
    Customer,
    Case,
    Callback,
    Visit,
    Reminder,
    Cover,
    Call,
    Template,
    /// One desk-local month's numbers of a series (`record_no::COUNTERS`; `yymm`, e.g. 2611).
    Monthly(&'static str, u16),
    /// The callback sampling tally (R-CB-01/02).
    Tally(Tally),
}

/// What the callback sample counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::IntoStaticStr)]
pub enum Tally {
    #[strum(serialize = "cb_resolved")]
    Resolved,
    #[strum(serialize = "cb_sampled")]
    Sampled,
    #[strum(serialize = "cb_onsite")]
    Onsite,
}

impl Counter {
    const PLAIN: [(Counter, &'static str); 8] = [
        (Counter::Customer, "next_customer"),
        (Counter::Case, "next_case"),
        (Counter::Callback, "next_callback"),
        (Counter::Visit, "next_visit"),
        (Counter::Reminder, "next_reminder"),
        (Counter::Cover, "next_cover"),
        (Counter::Call, "next_call"),
        (Counter::Template, "next_template"),
    ];
    const TALLIES: [Tally; 3] = [Tally::Resolved, Tally::Sampled, Tally::Onsite];

    /// The name it is stored and exported under.
    pub fn name(&self) -> String {
        match self {
            Counter::Monthly(s, yymm) => format!("{s}_{yymm:04}"),
            Counter::Tally(t) => <&str>::from(t).to_string(),
            plain => Counter::PLAIN
                .iter()
                .find(|(c, _)| c == plain)
                .map(|(_, n)| n.to_string())
                .unwrap_or_default(),
        }
    }

    /// The counter stored under `name`; `None` for a backend's own bookkeeping.
    pub fn parse(name: &str) -> Option<Counter> {
        if let Some((c, _)) = Counter::PLAIN.iter().find(|(_, n)| *n == name) {
            return Some(*c);
        }
        if let Some(t) = Counter::TALLIES.iter().find(|t| <&str>::from(*t) == name) {
            return Some(Counter::Tally(*t));
        }
        let (series, yymm) = name.rsplit_once('_')?;
        let series = crate::domain::record_no::COUNTERS
            .iter()
            .find(|s| **s == series)?;
        (yymm.len() == 4)
            .then(|| yymm.parse().ok())
            .flatten()
            .map(|n| Counter::Monthly(series, n))
    }
}

/// A counter this change moves from `was` to `now`: the commit refuses it as a conflict
/// unless the stored value is still `was`, so two writers never draw the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterMove {
    pub counter: Counter,
    pub was: u64,
    pub now: u64,
}

/// What a change was decided on, checked again inside its commit: another writer that got
/// there first turns the commit into a `StoreError::Conflict` and nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// The case is still at the version the change read (its state, owner, recusal).
    CaseVersion { key: CaseKey, version: u32 },
    /// No scheduled visit takes the slot.
    SlotFree(Slot),
    /// A record is still exactly as the change read it (a read-modify-write).
    Unchanged(Prior),
    /// The unit still owes, on file, what the change read (a slip issued against arrears).
    Owes {
        unit: UnitCode,
        owed: crate::domain::money::Fen,
    },
}

/// A staff member's `[start, end)`; visits starting before `since` cannot overlap it (the
/// longest visit the policy allows), so a backend reads theirs from there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub staff: StaffId,
    pub since: Time,
    pub start: Time,
    pub end: Time,
    /// The visit being moved into the slot, which does not clash with itself.
    pub moving: Option<crate::domain::VisitId>,
}

impl Slot {
    /// The visit among `nearby` (the staff member's, from `since`) that takes the slot.
    pub fn clash<'a>(
        &self,
        nearby: impl IntoIterator<Item = &'a crate::domain::Visit>,
    ) -> Option<&'a crate::domain::Visit> {
        let others = nearby.into_iter().filter(|v| Some(v.id) != self.moving);
        crate::domain::visit::find_clash(others, self.staff, self.start, self.end)
    }
}

/// A record as a change read it before changing it; `None` where there was none yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prior {
    Customer(CustomerId, Option<Box<Customer>>),
    Dwelling(UnitCode, Option<Box<Dwelling>>),
    Staff(StaffId, Option<Box<Staff>>),
    /// A `Paper` of `kind` and number `no`, encoded as read (`None`: there was none).
    Paper {
        kind: char,
        /// What one is called ("loan").
        what: &'static str,
        no: String,
        body: Option<Vec<u8>>,
    },
}

impl Prior {
    /// What it is, for a refusal: "permit P2611-0002".
    /// What it is and its number: ("customer", "C42").
    pub fn describe(&self) -> (&'static str, String) {
        match self {
            Prior::Customer(id, _) => ("customer", id.to_string()),
            Prior::Dwelling(u, _) => ("unit", u.to_string()),
            Prior::Staff(uid, _) => ("staff uid", uid.0.to_string()),
            Prior::Paper { what, no, .. } => (what, no.clone()),
        }
    }
}

/// `Prior::from(&record)`: the record as read, stored.
macro_rules! prior_from {
    ($($kind:ident($ty:ty) by $key:ident;)*) => {$(
        impl From<&$ty> for Prior {
            fn from(r: &$ty) -> Prior {
                Prior::$kind(r.$key.clone(), Some(Box::new(r.clone())))
            }
        }
    )*};
}
prior_from! {
    Customer(Customer) by id;
    Dwelling(Dwelling) by unit;
    Staff(Staff) by uid;
}

/// One paper as every backend stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperRow {
    pub kind: char,
    pub no: String,
    pub unit: crate::domain::UnitCode,
    pub open: bool,
    /// The encoded record (`codec::encode`).
    pub body: Vec<u8>,
}

/// An import being committed: enough to finish it after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingImport {
    pub token: u64,
    pub by: StaffId,
    pub request_id: RequestId,
    pub started: Time,
    /// The next id to give a row without one.
    pub next_id: u64,
    /// Rows applied so far, and the first id given.
    pub applied: u64,
    pub first_id: u64,
}

/// Everything one logical change writes. A backend's `commit` applies it atomically.
#[derive(Debug, Default)]
pub struct WriteSet {
    pub customers: Vec<Customer>,
    pub cases: Vec<Case>,
    /// (previous version if any, new version): the previous one must still be the stored
    /// one, and its index entries are replaced.
    pub callbacks: Vec<(Option<Callback>, Callback)>,
    pub visits: Vec<(Option<Visit>, Visit)>,
    pub staff: Vec<Staff>,
    pub dwellings: Vec<Dwelling>,
    /// (resident, whether they now live nowhere): kept in the moved-out set.
    pub moved_out: Vec<(CustomerId, bool)>,
    /// R-REC-07: a resident's latest verification (replacing the previous).
    pub verifications: Vec<Verification>,
    /// A merge: the duplicate's record and its lookup entry go, its cases, callbacks and
    /// visits leave their old keys (they are written again under the kept resident), and a
    /// forward maps the old id to the kept one.
    pub removed_customers: Vec<CustomerId>,
    pub removed_cases: Vec<CaseKey>,
    pub removed_callbacks: Vec<(CustomerId, CallbackId)>,
    pub removed_visits: Vec<(CustomerId, VisitId)>,
    pub forwards: Vec<(CustomerId, CustomerId)>,
    /// An import batch: the staged rows it consumed (token, lines), and the pending marker
    /// to leave (`Some(None)` clears it).
    pub unstaged: Option<(u64, Vec<u64>)>,
    pub pending_import: Option<Option<PendingImport>>,
    /// Cases filed under a unit, and filings a merge re-keys away.
    pub case_units: Vec<(UnitCode, CaseKey)>,
    pub removed_case_units: Vec<(UnitCode, CaseKey)>,
    /// Satisfaction survey rounds and responses (R-SAT-01..05).
    pub surveys: Vec<crate::domain::survey::SurveyRound>,
    pub survey_responses: Vec<crate::domain::survey::SurveyResponse>,
    /// Keys and radios signed out (R-OPS-15).
    /// An arrears import: these rows replace every arrear stored.
    pub arrears: Option<Vec<crate::domain::fees::Arrear>>,
    /// Fee reminders logged (R-OPS-13), each with its sequence number.
    pub reminders: Vec<(u64, crate::domain::fees::Reminder)>,
    /// Cover hand-overs (R-OPS-15), each with its sequence number.
    pub covers: Vec<(u64, crate::domain::cover::Cover)>,
    /// Calls the exchange announced, new or ended.
    pub calls: Vec<crate::domain::call::Call>,
    /// Records of the kinds declared once as `Paper`s (incidents, reply templates …).
    pub papers: Vec<PaperRow>,
    /// Counters drawn or tallies moved, at most one entry per counter.
    pub counters: Vec<CounterMove>,
    /// What must still hold at commit.
    pub expect: Vec<Expect>,
    /// Customers were written in change-less batches before this change (an import): the
    /// pump re-reads them all instead of the ones listed here.
    pub touches_all_customers: bool,
    /// The reply to store under (caller, request id) so a retry is answered, not re-applied.
    pub request: Option<(StaffId, RequestId, Vec<u8>)>,
    /// The audit entry; its `seq` is assigned by `commit`.
    pub change: Option<ChangeRecord>,
    /// Restore only: the change log as exported, kept with its own sequence numbers (into
    /// a store that has none yet).
    pub restored_changes: Vec<ChangeRecord>,
}

impl WriteSet {
    /// Moves `counter` to `now`, from `was` as read from the store unless this change moved
    /// it already (then from there): one entry per counter, checked once at commit.
    pub fn move_counter(&mut self, counter: Counter, was: u64, now: u64) {
        match self.counters.iter_mut().find(|m| m.counter == counter) {
            Some(m) => m.now = now,
            None => self.counters.push(CounterMove { counter, was, now }),
        }
    }

    /// The value this change has already moved `counter` to, if it has.
    pub fn pending_counter(&self, counter: Counter) -> Option<u64> {
        self.counters
            .iter()
            .find(|m| m.counter == counter)
            .map(|m| m.now)
    }

    /// Records that the change was decided on `prior` as read: checked at commit.
    pub fn read(&mut self, prior: impl Into<Prior>) {
        self.expect.push(Expect::Unchanged(prior.into()));
    }

    /// Records that the change was decided on `case` as it is now.
    pub fn read_case(&mut self, case: &Case) {
        self.expect.push(Expect::CaseVersion {
            key: case.key,
            version: case.version,
        });
    }
}

/// Past this many records one change's effects say "everything" instead of listing them.
const MAX_LISTED: usize = 1000;

/// What a change touched, kept in the change log beside it so that a reader of the log (this
/// daemon's pump or another daemon's) can bring its lookup index and open work up to date
/// by reading those records again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effects {
    pub customers: Vec<CustomerId>,
    pub cases: Vec<CaseKey>,
    /// Too many to list: re-read every customer's lookup entry.
    pub all_customers: bool,
    /// Too many to list: re-read every open case.
    pub all_cases: bool,
}

impl Effects {
    pub fn of(ws: &WriteSet) -> Effects {
        let customers: Vec<CustomerId> = ws
            .removed_customers
            .iter()
            .copied()
            .chain(ws.customers.iter().map(|c| c.id))
            .collect();
        let cases: Vec<CaseKey> = ws
            .removed_cases
            .iter()
            .copied()
            .chain(ws.cases.iter().map(|c| c.key))
            .collect();
        let all_customers = ws.touches_all_customers || customers.len() > MAX_LISTED;
        let all_cases = cases.len() > MAX_LISTED;
        Effects {
            customers: if all_customers { Vec::new() } else { customers },
            cases: if all_cases { Vec::new() } else { cases },
            all_customers,
            all_cases,
        }
    }
}

/// A change as the log holds it: the audit entry and what it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedChange {
    pub change: ChangeRecord,
    pub effects: Effects,
}

/// The distinct UTC months (`yyyymm`) a case's timeline touches: the months a report of
/// that period must read it in (`Store::cases_touched`).
pub fn months_of(c: &Case) -> std::collections::BTreeSet<u32> {
    use chrono::Datelike;
    c.timeline
        .iter()
        .map(|e| e.at.year() as u32 * 100 + e.at.month())
        .collect()
}

/// The refusal when another writer booked the slot first.
pub(crate) fn slot_taken(by: VisitId) -> crate::store::StoreError {
    crate::store::StoreError::Conflict(
        SystemRefusal::SlotTaken {
            visit: by.to_string(),
        }
        .into(),
    )
}

/// The refusal when another writer moved a counter this change drew from.
pub(crate) fn counter_taken(stored: u64, counter: Counter) -> crate::store::StoreError {
    crate::store::StoreError::NumberTaken(
        SystemRefusal::NumberTaken {
            what: format!("{stored} ({})", counter.name()),
        }
        .into(),
    )
}

/// The refusal when another writer changed what this change read.
/// What `Expect::Owes` names when the fees on file moved under a change.
pub(crate) const OWED: &str = "the fees on file of";

pub(crate) fn changed_meanwhile(
    kind: &str,
    id: impl std::fmt::Display,
) -> crate::store::StoreError {
    crate::store::StoreError::Conflict(
        SystemRefusal::ChangedMeanwhile {
            what: format!("{kind} {id}"),
            id: id.to_string(),
        }
        .into(),
    )
}
