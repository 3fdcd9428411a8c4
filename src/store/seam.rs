//! The seam between the desk and its storage: what the desk reads, in domain types, and its
//! one write, `commit(&WriteSet)`. A backend (sled, memory, …) implements these traits and
//! passes the contract suite (`store::contract`); nothing here names a key, a tree or a
//! table. The guarantees every backend gives are written on `Store::commit`.

use std::collections::HashSet;

use super::write_set::{Counter, LoggedChange, PendingImport, WriteSet};
use super::StoreError;
use crate::domain::call::{Call, CallId};
use crate::domain::cover::Cover;
use crate::domain::fees::{Arrear, Reminder};
use crate::domain::permit::Permit;
use crate::domain::release::ReleaseSlip;
use crate::domain::survey::{RoundMonth, SurveyResponse, SurveyRound};
use crate::domain::visitor::Visitor;
use crate::domain::{
    AccessFilter, AccessRecord, Callback, CallbackId, Case, CaseKey, ChangeRecord, Customer,
    CustomerId, CustomerSummary, Dwelling, ImportRow, RequestId, Staff, StaffId, Ticket, Time,
    UnitCode, Verification, Visit, VisitId,
};

pub type StoreResult<T> = Result<T, StoreError>;

/// A unit's paperwork, newest number last within each kind.
#[derive(Debug, Default)]
pub struct UnitPapers {
    pub permits: Vec<Permit>,
    pub slips: Vec<ReleaseSlip>,
    pub visitors: Vec<Visitor>,
}

/// The desk's store: records, their indexes, the change log, and the one write.
pub trait Store: PaperStore + StagingStore + AccessStore + Send + Sync {
    /// Applies `ws` atomically and durably (as durable as the backend is), or not at all.
    ///
    /// Every backend guarantees, inside the commit and so against any other writer:
    /// - each `Expect` still holds and each counter is still at its `was` value, or the
    ///   commit is `StoreError::Conflict` and writes nothing;
    /// - a callback or visit written over a previous version finds that version stored;
    /// - the change gets the next change-log sequence, dense and in commit order (a failed
    ///   commit leaves no gap), stored with its `Effects` and the request's reply;
    /// - a request id already stored (a retry of a request applied before) is a
    ///   `Conflict` and writes nothing: the desk then answers from the stored reply;
    /// - only then is it reported committed. Returns the audit entry with its sequence.
    fn commit(&mut self, ws: &WriteSet) -> StoreResult<Option<ChangeRecord>>;

    /// Why writes are refused now (a failed disk, too little space), if they are.
    fn write_blocker(&self) -> Option<String>;

    /// The group's estate this store serves, on a database shared by several; `None` for a
    /// desk on its own box.
    fn estate(&self) -> Option<crate::domain::Estate> {
        None
    }

    /// What the backend noticed and repaired when it opened (for the start-up line).
    fn notes_at_open(&self) -> Vec<String> {
        Vec::new()
    }

    /// A way to sleep until another writer commits, where the backend has one (PostgreSQL's
    /// `LISTEN`). Only ever an optimisation: the pump also reads the log on a timer.
    fn waker(&self) -> Option<Box<dyn Waker>> {
        None
    }

    /// The database behind the desk, watched without any lock a save holds: its status for
    /// the administrator, and word to every screen when saves are held up. `None` on an
    /// embedded store.
    fn database_watch(&self) -> Option<std::sync::Arc<dyn DatabaseWatch>> {
        None
    }

    /// The backend's fault-injection hooks, where it has them (tests).
    fn hooks(&mut self) -> Option<&mut dyn StoreHooks> {
        None
    }

    // Residents.
    fn customer(&self, id: CustomerId) -> StoreResult<Option<Customer>>;
    fn customers(&self) -> StoreResult<Vec<Customer>>;
    /// Calls `f(customer id, lookup projection)` for every customer, in id order.
    fn for_each_lookup(&self, f: &mut dyn FnMut(u64, &[u8])) -> StoreResult<()>;
    /// Every customer's lookup projection, decoded (tests and tools; the daemon streams).
    fn lookup_records(&self) -> StoreResult<Vec<CustomerSummary>> {
        let mut out = Vec::new();
        let mut bad = None;
        self.for_each_lookup(&mut |id, bytes| match CustomerSummary::from_projection(
            CustomerId(id),
            bytes,
        ) {
            Some(r) => out.push(r),
            None => bad = Some(id),
        })?;
        match bad {
            Some(id) => Err(StoreError::Corrupt {
                tree: "lookup",
                reason: format!("projection of customer {id} is damaged"),
            }),
            None => Ok(out),
        }
    }
    fn forward(&self, from: CustomerId) -> StoreResult<Option<CustomerId>>;
    fn all_forwards(&self) -> StoreResult<Vec<(CustomerId, CustomerId)>>;
    fn dwelling(&self, unit: UnitCode) -> StoreResult<Option<Dwelling>>;
    fn all_dwellings(&self) -> StoreResult<Vec<Dwelling>>;
    fn moved_out(&self, who: CustomerId) -> StoreResult<bool>;
    fn all_moved_out(&self) -> StoreResult<HashSet<CustomerId>>;
    fn verification(&self, who: CustomerId) -> StoreResult<Option<Verification>>;
    fn all_verifications(&self) -> StoreResult<Vec<Verification>>;

    // Cases: by key, by ticket, a resident's history in key order, open work, units, months.
    fn case(&self, key: CaseKey) -> StoreResult<Option<Case>>;
    fn case_by_ticket(&self, ticket: &Ticket) -> StoreResult<Option<Case>>;
    fn cases_for(&self, customer: CustomerId) -> StoreResult<Vec<Case>>;
    fn all_cases(&self) -> StoreResult<Vec<Case>>;
    /// Every case not closed; costs what is open.
    fn unclosed_cases(&self) -> StoreResult<Vec<Case>>;
    /// Every case filed under `unit`, in case-key order.
    fn cases_at(&self, unit: UnitCode) -> StoreResult<Vec<Case>>;
    /// Every (unit, case) filing, in (unit, case key) order.
    fn all_case_units(&self) -> StoreResult<Vec<(UnitCode, CaseKey)>>;
    /// The units a resident's cases are filed under (for a merge).
    fn case_units_of(&self, who: CustomerId) -> StoreResult<Vec<(UnitCode, CaseKey)>> {
        Ok(self
            .all_case_units()?
            .into_iter()
            .filter(|(_, k)| k.customer == who)
            .collect())
    }
    fn unit_of_case(&self, key: CaseKey) -> StoreResult<Option<UnitCode>>;
    /// Every case whose timeline touches a UTC month in `from..=to` (`yyyymm`), each once,
    /// in (first such month, case key) order.
    fn cases_touched(&self, from: u32, to: u32) -> StoreResult<Vec<Case>>;

    // Callbacks and visits.
    fn callback(&self, id: CallbackId) -> StoreResult<Option<Callback>>;
    fn callbacks_for(&self, customer: CustomerId) -> StoreResult<Vec<Callback>>;
    fn all_callbacks(&self) -> StoreResult<Vec<Callback>>;
    /// Pending callbacks in (due, id) order, those due before `until` (all when `None`).
    fn pending_callbacks(&self, until: Option<Time>) -> StoreResult<Vec<Callback>>;
    fn visit(&self, id: VisitId) -> StoreResult<Option<Visit>>;
    fn visits_for(&self, customer: CustomerId) -> StoreResult<Vec<Visit>>;
    fn all_visits(&self) -> StoreResult<Vec<Visit>>;
    /// Visits starting in `[from, to)`, in (start, id) order.
    fn visits_starting(&self, from: Time, to: Time) -> StoreResult<Vec<Visit>>;
    /// One staff member's visits starting in `[from, to)`, in (start, id) order.
    fn staff_visits_starting(&self, uid: StaffId, from: Time, to: Time) -> StoreResult<Vec<Visit>>;

    // Staff and counters.
    fn staff(&self, uid: StaffId) -> StoreResult<Option<Staff>>;
    fn all_staff(&self) -> StoreResult<Vec<Staff>>;
    fn staff_count(&self) -> usize;
    /// A counter's value; 0 before it is first moved.
    fn counter(&self, c: Counter) -> StoreResult<u64>;
    /// Several counters' values at once, in the order asked (0 for one never drawn): one
    /// read where the backend is a round trip away.
    fn counters_of(&self, cs: &[Counter]) -> StoreResult<Vec<u64>> {
        cs.iter().map(|c| self.counter(*c)).collect()
    }
    /// Every counter ever moved (export).
    fn counters(&self) -> StoreResult<Vec<(Counter, u64)>>;

    // The change log and idempotency records.
    /// Up to `limit` changes after `seq`, in sequence order, with what each touched.
    fn log_after(&self, seq: u64, limit: usize) -> StoreResult<Vec<LoggedChange>>;
    fn changes_after(&self, seq: u64, limit: usize) -> StoreResult<Vec<ChangeRecord>> {
        Ok(self
            .log_after(seq, limit)?
            .into_iter()
            .map(|l| l.change)
            .collect())
    }
    fn changes_all(&self) -> StoreResult<Vec<ChangeRecord>> {
        self.changes_after(0, usize::MAX)
    }
    fn last_change_seq(&self) -> StoreResult<u64>;
    /// The reply stored for (caller, request id) by the commit that applied it.
    fn stored_reply(&self, uid: StaffId, id: RequestId) -> StoreResult<Option<Vec<u8>>>;
}

/// Which papers of a kind to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which<'a> {
    One(&'a str),
    Open,
    All,
    /// Filed under this unit, in number order.
    Unit(UnitCode),
    /// Filed under this building, in unit order and then number order.
    Building(u32),
    /// Whose number starts so (a month's: `V2611-`), in number order.
    Numbered(&'a str),
}

/// The desk's paperwork: surveys, slips, visitors, loans, permits, fees, covers.
pub trait PaperStore {
    fn survey(&self, month: RoundMonth) -> StoreResult<Option<SurveyRound>>;
    fn all_surveys(&self) -> StoreResult<Vec<SurveyRound>>;
    /// A round's responses, in unit order.
    fn survey_responses(&self, month: RoundMonth) -> StoreResult<Vec<SurveyResponse>>;
    fn all_survey_responses(&self) -> StoreResult<Vec<SurveyResponse>>;
    /// The last import's arrears in (unit, fee kind, period) order: one building's or all.
    fn arrears_in(&self, building: Option<u32>) -> StoreResult<Vec<Arrear>>;
    fn arrears_of(&self, unit: UnitCode) -> StoreResult<Vec<Arrear>>;
    /// A unit's reminders at or after `since`, oldest first.
    fn reminders_of(&self, unit: UnitCode, since: Time) -> StoreResult<Vec<Reminder>>;
    fn all_reminders(&self) -> StoreResult<Vec<Reminder>>;
    /// Cover hand-overs starting at or after `since`, in start order.
    fn covers_since(&self, since: Time) -> StoreResult<Vec<Cover>>;
    fn all_covers(&self) -> StoreResult<Vec<Cover>>;
    fn call(&self, id: CallId) -> StoreResult<Option<Call>>;
    /// A resident's calls, newest first, at most `limit`.
    fn calls_of(&self, customer: CustomerId, limit: usize) -> StoreResult<Vec<Call>>;
    /// Every call, in number order (export).
    fn all_calls(&self) -> StoreResult<Vec<Call>>;
    /// The stored values of the `Paper`s of `kind` (one by number, the open ones, or
    /// all), in number order; typed by `Papers`.
    fn paper_bodies(&self, kind: char, which: Which<'_>) -> StoreResult<Vec<Vec<u8>>>;
}

/// Import staging: rows wait here, outside any change, until their import commits. Staging
/// is not durable; a commit under way is (`PendingImport`, written by `commit`).
pub trait StagingStore {
    /// Stages rows for `token` (a row staged twice for one line replaces the first).
    fn stage_rows(&self, token: u64, rows: &[ImportRow]) -> StoreResult<()>;
    /// Up to `limit` of `token`'s staged rows, in line order.
    fn staged_rows(&self, token: u64, limit: usize) -> StoreResult<Vec<ImportRow>>;
    /// Every staged row of `token`, in line order.
    fn for_each_staged(
        &self,
        token: u64,
        f: &mut dyn FnMut(ImportRow) -> StoreResult<()>,
    ) -> StoreResult<()>;
    fn clear_staging(&self, token: u64) -> StoreResult<()>;
    fn pending_import(&self) -> StoreResult<Option<PendingImport>>;
}

/// The access log (R-REC-13): appended in batches outside any change.
pub trait AccessStore {
    /// Appends `records`, numbering them after the last one stored, durably.
    fn append_accesses(&self, records: &mut [AccessRecord]) -> StoreResult<()>;
    /// The newest `filter.limit` records matching `filter`, oldest first.
    fn accesses(&self, filter: &AccessFilter) -> StoreResult<Vec<AccessRecord>>;
    /// Deletes the records older than `before`; returns how many.
    fn prune_accesses(&self, before: Time) -> StoreResult<usize>;
}

/// Wakes the pump when the store's change log may have grown.
pub trait Waker: Send {
    /// Returns when a change may have been committed by anyone, or after `timeout`, with
    /// what the pump should do about it.
    fn wait(&mut self, timeout: std::time::Duration) -> Woken;
}

/// What a waker learnt while the pump slept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// Look at the log (the timer ran out: a notification may have been lost).
    Look,
    /// Nothing moved: a waker that watches the log itself (the hotline's feed over many
    /// estates) says so, and a quiet estate costs the database nothing.
    Quiet,
    /// The log reached this sequence: nothing to do when the desk has followed it (its
    /// own commit, followed as it was written).
    Reached(u64),
}

/// Fault injection a backend offers to the durability tests.
pub trait StoreHooks {
    /// The next durability step fails as a broken disk would.
    fn inject_sync_failure(&mut self);
}

/// The database behind the desk, as the daemon watches it.
pub trait DatabaseWatch: Send + Sync {
    /// Which server, whether saves wait for a standby, each standby's lag, what a save
    /// waits for now, the last failover: read on a connection of its own, so it answers
    /// while a save waits.
    fn status(&self) -> crate::domain::storage::DatabaseStatus;

    /// Calls `tell` each time what saves wait for changes (`None`: nothing any more); from
    /// the backend's own threads, never while a save's lock is held.
    fn on_change(&self, tell: Box<dyn Fn(Option<crate::domain::storage::Wait>) + Send + Sync>);
}
