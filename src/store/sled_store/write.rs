//! Writing: a `WriteSet` committed as one sled transaction over every tree it touches, with
//! its audit entry, effects and idempotency record, then flushed and fsynced before the
//! daemon may acknowledge it. A failed flush or fsync turns the store read-only (fail-stop).
//!
//! What the change expects is checked inside the commit: versions and counters inside the
//! sled transaction; a free visit slot (a range scan, which sled transactions cannot do)
//! just before it, which is the same thing here because `commit` takes `&mut self` and sled
//! lets one process open a store: nothing else can write between the check and the apply.

use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;

use super::*;
use crate::domain::{CallbackStatus, CaseStatus, ChangeRecord, RequestId, StaffId};
use crate::store::codec::{decode, encode, lookup_block_key, merge_block, Tag};
use crate::store::keys::{case_key, pair, staff_time, time_pair, u64_key};
use crate::store::write_set::{
    changed_meanwhile, counter_taken, slot_taken, Effects, Expect, Prior, WriteSet, OWED,
};

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

impl SledStore {
    pub(super) fn sync(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        self.data_file
            .sync_all()
            .map_err(|e| StoreError::Disk(format!("fsync of the data file: {e}")))
    }

    /// Applies `ws` atomically and makes it durable. Returns the audit entry with its seq.
    pub(super) fn commit_ws(&mut self, ws: &WriteSet) -> Result<Option<ChangeRecord>, StoreError> {
        if let Some(why) = self.blocker() {
            return Err(StoreError::Unavailable(why));
        }
        self.check_reads(ws)?;
        // An arrears import replaces every row: the old keys, read under the same exclusion.
        let old_arrears = match ws.arrears {
            Some(_) => self.arrears_keys()?,
            None => Vec::new(),
        };
        let result = self.trees[..].transaction(|t| apply(t, ws, &old_arrears));
        let change = match result {
            Ok(change) => change,
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => {
                // The disk refused the write itself (full, failing): the same fail-stop as a
                // failed fsync, since sled's state after a failed write is not to be trusted.
                let e = StoreError::from(e);
                self.failed = Some(format!("a write failed: {e}"));
                tracing::error!(
                    "fail-stop: a write failed ({e}); refusing every write until restarted"
                );
                return Err(StoreError::Unavailable(format!(
                    "the change could not be written ({e}); it is NOT saved. The daemon now refuses writes until restarted"
                )));
            }
        };
        let synced = if std::mem::take(&mut self.fail_next_sync) {
            Err(StoreError::Disk("fsync failed (injected)".into()))
        } else {
            self.sync()
        };
        if let Err(e) = synced {
            // Fail-stop: an fsync error may have dropped dirty pages; retrying could report
            // success for data that is gone. Refuse all writes until an operator restarts.
            self.failed = Some(format!("flush/fsync failed: {e}"));
            tracing::error!(
                "fail-stop: flush/fsync failed ({e}); refusing every write until restarted"
            );
            return Err(StoreError::Unavailable(format!(
                "the change could not be made durable ({e}); it is NOT saved. The daemon now refuses writes until restarted"
            )));
        }
        Ok(change)
    }

    /// `Expect::SlotFree`: no scheduled visit of the staff member overlaps the new one;
    /// `Expect::Owes`: the unit owes what the change read. Read before the transaction: the
    /// daemon is this store's only writer, and it writes one change at a time.
    fn check_reads(&self, ws: &WriteSet) -> Result<(), StoreError> {
        for e in &ws.expect {
            if let Expect::Owes { unit, owed } = e {
                if crate::domain::fees::owed(&self.arrears_of(*unit)?) != *owed {
                    return Err(changed_meanwhile(OWED, unit));
                }
            }
            if let Expect::SlotFree(slot) = e {
                let nearby = self.staff_visits_in(slot.staff, slot.since, slot.end)?;
                if let Some(v) = slot.clash(&nearby) {
                    return Err(slot_taken(v.id));
                }
            }
        }
        Ok(())
    }
}

pub(super) fn survey_response_key(r: &crate::domain::survey::SurveyResponse) -> Vec<u8> {
    let mut k = r.month.key().to_vec();
    k.extend_from_slice(&keys::unit_key(r.unit));
    k
}

pub(super) fn request_key(uid: StaffId, id: RequestId) -> [u8; 20] {
    let mut k = [0u8; 20];
    k[..4].copy_from_slice(&uid.0.to_be_bytes());
    k[4..].copy_from_slice(&id.0);
    k
}

fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

/// Inside the transaction: the request was not applied already (a retry), and the
/// versions, previous records and counters `ws` was decided on are still the stored ones.
fn check(t: &[TransactionalTree], ws: &WriteSet) -> TxResult<()> {
    if let Some((uid, id, _)) = &ws.request {
        if t[REQUESTS].get(request_key(*uid, *id))?.is_some() {
            return abort(StoreError::Conflict(
                crate::domain::refusal::SystemRefusal::AppliedAMomentAgo {}.into(),
            ));
        }
    }
    for e in &ws.expect {
        if let Expect::Unchanged(prior) = e {
            if !holds(t, prior)? {
                return abort({
                    let (kind, id) = prior.describe();
                    changed_meanwhile(kind, id)
                });
            }
        }
        if let Expect::CaseVersion { key, version } = e {
            let stored = match t[CASES].get(case_key(*key))? {
                Some(v) => {
                    Some(decode::<crate::domain::Case>("cases", Tag::Case, &v).or_else(abort)?)
                }
                None => None,
            };
            if stored.as_ref().map(|c| c.version) != Some(*version) {
                let name = stored.map_or(key.seq.to_string(), |c| c.ticket.to_string());
                return abort(changed_meanwhile("case", name));
            }
        }
    }
    for (old, _) in &ws.callbacks {
        if let Some(o) = old {
            let stored = t[CALLBACKS].get(pair(o.customer.0, o.id.0))?;
            if stored.as_deref() != Some(&encode(Tag::Callback, o)[..]) {
                return abort(changed_meanwhile("callback", o.id));
            }
        }
    }
    for (old, _) in &ws.visits {
        if let Some(o) = old {
            let stored = t[VISITS].get(pair(o.customer.0, o.id.0))?;
            if stored.as_deref() != Some(&encode(Tag::Visit, o)[..]) {
                return abort(changed_meanwhile("visit", o.id));
            }
        }
    }
    for m in &ws.counters {
        let stored = t[META]
            .get(m.counter.name().as_bytes())?
            .and_then(|v| keys::read_u64(&v))
            .unwrap_or(0);
        if stored != m.was {
            return abort(counter_taken(stored, m.counter));
        }
    }
    Ok(())
}

/// Whether the record in `prior` is stored exactly as it was read (compared decoded, so an
/// older envelope of the same record still matches).
fn holds(t: &[TransactionalTree], prior: &Prior) -> TxResult<bool> {
    fn same<T>(
        t: &TransactionalTree,
        tree: usize,
        tag: Tag,
        key: &[u8],
        read: Option<&T>,
    ) -> TxResult<bool>
    where
        T: serde::de::DeserializeOwned + PartialEq,
    {
        let stored = match t.get(key)? {
            Some(v) => Some(decode::<T>(TREE_NAMES[tree], tag, &v).or_else(abort)?),
            None => None,
        };
        Ok(stored.as_ref() == read)
    }
    match prior {
        Prior::Customer(id, r) => same(
            &t[CUSTOMERS],
            CUSTOMERS,
            Tag::Customer,
            &u64_key(id.0),
            r.as_deref(),
        ),
        Prior::Dwelling(u, r) => same(
            &t[DWELLINGS],
            DWELLINGS,
            Tag::Dwelling,
            &keys::unit_key(*u),
            r.as_deref(),
        ),
        Prior::Staff(uid, r) => same(
            &t[STAFF],
            STAFF,
            Tag::Staff,
            &uid.0.to_be_bytes(),
            r.as_deref(),
        ),
        Prior::Paper { kind, no, body, .. } => {
            let stored = match t[PAPERS].get(crate::store::keys::paper_row_key(*kind, no))? {
                Some(v) => Some(crate::store::codec::current("papers", &v).or_else(abort)?),
                None => None,
            };
            Ok(stored == *body)
        }
    }
}

/// The transaction body: checks what `ws` expects, writes every record and index, then the
/// audit entry with its effects.
fn apply(
    t: &[TransactionalTree],
    ws: &WriteSet,
    old_arrears: &[Vec<u8>],
) -> TxResult<Option<ChangeRecord>> {
    check(t, ws)?;
    let mut blocks: std::collections::BTreeMap<[u8; 8], Vec<(u64, Vec<u8>)>> = Default::default();
    // Removals first: a merge writes the moved records again under their new keys below.
    for id in &ws.removed_customers {
        t[CUSTOMERS].remove(&u64_key(id.0))?;
        t[MOVED_OUT].remove(&u64_key(id.0))?;
        t[VERIFIED].remove(&u64_key(id.0))?;
        blocks
            .entry(lookup_block_key(id.0))
            .or_default()
            .push((id.0, Vec::new()));
    }
    for k in &ws.removed_cases {
        t[CASES].remove(&case_key(*k))?;
        t[OPEN_CASES].remove(&case_key(*k))?;
    }
    for (who, id) in &ws.removed_callbacks {
        t[CALLBACKS].remove(&pair(who.0, id.0))?;
    }
    for (who, id) in &ws.removed_visits {
        t[VISITS].remove(&pair(who.0, id.0))?;
    }
    for (from, to) in &ws.forwards {
        t[FORWARDS].insert(&u64_key(from.0), &u64_key(to.0))?;
    }
    for (u, k) in &ws.removed_case_units {
        t[UNIT_CASES].remove(&keys::unit_case_key(*u, *k)[..])?;
        t[UNIT_OF_CASE].remove(&case_key(*k))?;
    }
    for (u, k) in &ws.case_units {
        t[UNIT_CASES].insert(&keys::unit_case_key(*u, *k)[..], &[])?;
        t[UNIT_OF_CASE].insert(&case_key(*k), &keys::unit_key(*u))?;
    }
    if let Some((token, lines)) = &ws.unstaged {
        for line in lines {
            t[IMPORT_STAGING].remove(&super::staging::staged_key(*token, *line)[..])?;
        }
    }
    if let Some(p) = &ws.pending_import {
        super::staging::write_pending(&t[IMPORT_PENDING], p)?;
    }
    for c in &ws.customers {
        t[CUSTOMERS].insert(&u64_key(c.id.0), encode(Tag::Customer, c))?;
        blocks
            .entry(lookup_block_key(c.id.0))
            .or_default()
            .push((c.id.0, CustomerSummary::from(c).to_projection()));
    }
    for (key, updates) in blocks {
        let old = t[LOOKUP].get(key)?;
        t[LOOKUP].insert(&key, merge_block(old.as_deref(), &updates))?;
    }
    write_papers(t, ws, old_arrears)?;
    write_records(t, ws)?;
    for m in &ws.counters {
        t[META].insert(m.counter.name().as_bytes(), &u64_key(m.now))?;
    }
    if let Some((uid, id, reply)) = &ws.request {
        t[REQUESTS].insert(&request_key(*uid, *id), reply.as_slice())?;
    }
    for r in &ws.restored_changes {
        t[CHANGES].insert(&u64_key(r.seq), encode(Tag::Change, r))?;
        t[CHANGE_EFFECTS].insert(&u64_key(r.seq), encode(Tag::Effects, &Effects::default()))?;
    }
    if let Some(last) = ws.restored_changes.iter().map(|r| r.seq).max() {
        t[META].insert(LAST_CHANGE, &u64_key(last))?;
    }
    let Some(change) = &ws.change else {
        return Ok(None);
    };
    let seq = t[META]
        .get(LAST_CHANGE)?
        .and_then(|v| keys::read_u64(&v))
        .unwrap_or(0)
        + 1;
    let record = ChangeRecord {
        seq,
        ..change.clone()
    };
    t[CHANGES].insert(&u64_key(seq), encode(Tag::Change, &record))?;
    t[CHANGE_EFFECTS].insert(&u64_key(seq), encode(Tag::Effects, &Effects::of(ws)))?;
    t[META].insert(LAST_CHANGE, &u64_key(seq))?;
    Ok(Some(record))
}

/// The desk's paperwork and dwellings: each record under its number, its open-list index,
/// its unit's paper index; an arrears import replaces every arrear stored.
fn write_papers(t: &[TransactionalTree], ws: &WriteSet, old_arrears: &[Vec<u8>]) -> TxResult<()> {
    for d in &ws.dwellings {
        t[DWELLINGS].insert(&keys::unit_key(d.unit), encode(Tag::Dwelling, d))?;
    }
    if let Some(rows) = &ws.arrears {
        for k in old_arrears {
            t[ARREARS].remove(&k[..])?;
        }
        for a in rows {
            t[ARREARS].insert(arrear_key(a), encode(Tag::Arrear, a))?;
        }
    }
    for (seq, r) in &ws.reminders {
        let mut k = keys::unit_key(r.unit).to_vec();
        k.extend_from_slice(&time_pair(r.at, *seq));
        t[FEE_REMINDERS].insert(k, encode(Tag::Reminder, r))?;
    }
    for (seq, c) in &ws.covers {
        t[COVERS].insert(&time_pair(c.from, *seq), encode(Tag::Cover, c))?;
    }
    for p in &ws.papers {
        let (key, filed) = paper_keys(p.kind, &p.no, p.unit);
        if let Some(filed) = filed {
            t[UNIT_PAPERS].insert(filed, &[])?;
        }
        t[PAPERS].insert(key.clone(), p.body.clone())?;
        match p.open {
            true => t[PAPERS_OPEN].insert(key, &[])?,
            false => t[PAPERS_OPEN].remove(key)?,
        };
    }
    for c in &ws.calls {
        let id = c.id.0.to_be_bytes();
        t[CALLS].insert(&id, encode(Tag::Call, c))?;
        for who in &c.customers {
            let mut k = who.0.to_be_bytes().to_vec();
            k.extend_from_slice(&id);
            t[CALLS_BY_CUSTOMER].insert(k, &[])?;
        }
    }
    for s in &ws.surveys {
        t[SURVEYS].insert(&s.month.key(), encode(Tag::Survey, s))?;
    }
    for r in &ws.survey_responses {
        t[SURVEY_RESPONSES].insert(&survey_response_key(r)[..], encode(Tag::SurveyResponse, r))?;
    }
    Ok(())
}

/// Residents' verifications and moves, cases, callbacks and visits with their indexes, and
/// staff records.
fn write_records(t: &[TransactionalTree], ws: &WriteSet) -> TxResult<()> {
    for v in &ws.verifications {
        t[VERIFIED].insert(&u64_key(v.customer.0), encode(Tag::Verification, v))?;
    }
    for (who, gone) in &ws.moved_out {
        if *gone {
            t[MOVED_OUT].insert(&u64_key(who.0), &[])?;
        } else {
            t[MOVED_OUT].remove(&u64_key(who.0))?;
        }
    }
    for c in &ws.cases {
        let k = case_key(c.key);
        t[CASES].insert(&k, encode(Tag::Case, c))?;
        t[CASES_BY_TICKET].insert(c.ticket.0.as_bytes(), &k)?;
        for m in super::history::months_of(c) {
            t[CASE_MONTHS].insert(&super::history::month_key(m, c.key)[..], &[])?;
        }
        if c.status == CaseStatus::Closed {
            t[OPEN_CASES].remove(&k)?;
        } else {
            t[OPEN_CASES].insert(&k, &[])?;
        }
    }
    for (old, cb) in &ws.callbacks {
        if let Some(o) = old {
            t[CALLBACKS_BY_DUE].remove(&time_pair(o.due, o.id.0))?;
        }
        t[CALLBACKS].insert(&pair(cb.customer.0, cb.id.0), encode(Tag::Callback, cb))?;
        t[CALLBACKS_BY_ID].insert(&u64_key(cb.id.0), &u64_key(cb.customer.0))?;
        if cb.status == CallbackStatus::Pending {
            t[CALLBACKS_BY_DUE].insert(&time_pair(cb.due, cb.id.0), &u64_key(cb.customer.0))?;
        }
    }
    for (old, v) in &ws.visits {
        if let Some(o) = old {
            t[VISITS_BY_TIME].remove(&time_pair(o.start, o.id.0))?;
            t[VISITS_BY_STAFF].remove(staff_time(o.staff.0, o.start, o.id.0))?;
        }
        let cust = u64_key(v.customer.0);
        t[VISITS].insert(&pair(v.customer.0, v.id.0), encode(Tag::Visit, v))?;
        t[VISITS_BY_ID].insert(&u64_key(v.id.0), &cust)?;
        t[VISITS_BY_TIME].insert(&time_pair(v.start, v.id.0), &cust)?;
        t[VISITS_BY_STAFF].insert(staff_time(v.staff.0, v.start, v.id.0), &cust)?;
    }
    for s in &ws.staff {
        t[STAFF].insert(&s.uid.0.to_be_bytes(), encode(Tag::Staff, s))?;
    }
    Ok(())
}

/// Where sled files a paper: its row key in `papers` (kind letter, number), and — when it
/// belongs to a unit — its key in `unit_papers`: the unit, then that row key.
pub(super) fn paper_keys(
    kind: char,
    no: &str,
    unit: crate::domain::UnitCode,
) -> (Vec<u8>, Option<Vec<u8>>) {
    let row = keys::paper_row_key(kind, no);
    let filed =
        (unit != crate::store::paper::NO_UNIT).then(|| [&keys::unit_key(unit)[..], &row].concat());
    (row, filed)
}

/// An arrear's key: (unit, fee kind, period).
pub(super) fn arrear_key(a: &crate::domain::fees::Arrear) -> Vec<u8> {
    let mut k = keys::unit_key(a.unit).to_vec();
    k.push(a.kind as u8);
    k.extend_from_slice(&a.period.from.to_be_bytes());
    k.extend_from_slice(&a.period.to.to_be_bytes());
    k
}
