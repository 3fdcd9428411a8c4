//! `MemoryStore`: the `Store` seam over ordered maps under one lock, with sled's semantics
//! (orders, indexes, idempotency, conflicts, a dense change log) and no durability. A clone
//! shares the same maps, so two desks on one `MemoryStore` are two writers on one store:
//! what the contract suite and the change-log pump are tested with, without a disk.
//! This file holds the maps and the commit; `read` answers the desk, `papers` the rest.

mod papers;
mod read;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use super::write_set::{Counter, Effects, Expect, LoggedChange, PendingImport, Prior, WriteSet};
use super::StoreError;
use crate::domain::call::{Call, CallId};
use crate::domain::cover::Cover;
use crate::domain::fees::{Arrear, Reminder};
use crate::domain::survey::{RoundMonth, SurveyResponse, SurveyRound};
use crate::domain::{
    AccessRecord, Callback, CallbackId, CallbackStatus, Case, CaseKey, ChangeRecord, Customer,
    CustomerId, Dwelling, ImportRow, RequestId, Staff, StaffId, Time, UnitCode, Verification,
    Visit, VisitId,
};

/// An arrear's place: (unit, fee kind, first month, last month).
type ArrearKey = (UnitCode, crate::domain::fees::FeeKind, u32, u32);

#[derive(Default)]
struct Maps {
    customers: BTreeMap<CustomerId, Customer>,
    forwards: BTreeMap<CustomerId, CustomerId>,
    dwellings: BTreeMap<UnitCode, Dwelling>,
    moved_out: BTreeSet<CustomerId>,
    verified: BTreeMap<CustomerId, Verification>,
    cases: BTreeMap<CaseKey, Case>,
    tickets: HashMap<String, CaseKey>,
    case_units: BTreeSet<(UnitCode, CaseKey)>,
    unit_of_case: HashMap<CaseKey, UnitCode>,
    /// (UTC month, case) for every month a case's timeline touched, never removed (as sled).
    case_months: BTreeSet<(u32, CaseKey)>,
    callbacks: BTreeMap<(CustomerId, CallbackId), Callback>,
    callback_owner: HashMap<CallbackId, CustomerId>,
    visits: BTreeMap<(CustomerId, VisitId), Visit>,
    visit_owner: HashMap<VisitId, CustomerId>,
    staff: BTreeMap<StaffId, Staff>,
    counters: BTreeMap<Counter, u64>,
    log: Vec<LoggedChange>,
    requests: HashMap<(StaffId, RequestId), Vec<u8>>,
    surveys: BTreeMap<RoundMonth, SurveyRound>,
    responses: BTreeMap<(RoundMonth, UnitCode), SurveyResponse>,
    arrears: BTreeMap<ArrearKey, Arrear>,
    reminders: BTreeMap<(UnitCode, Time, u64), Reminder>,
    covers: BTreeMap<(Time, u64), Cover>,
    calls: BTreeMap<CallId, Call>,
    papers: BTreeMap<(char, String), crate::store::PaperRow>,
    staged: BTreeMap<(u64, u64), ImportRow>,
    pending: Option<PendingImport>,
    access: Vec<AccessRecord>,
}

/// The in-memory backend; clones share one store.
#[derive(Clone, Default)]
pub struct MemoryStore {
    maps: Arc<Mutex<Maps>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn maps(&self) -> MutexGuard<'_, Maps> {
        // The maps are only changed after every check passed, by code that cannot fail
        // halfway: a panic elsewhere leaves them whole.
        self.maps.lock().unwrap_or_else(|p| p.into_inner())
    }
}

use super::write_set::{changed_meanwhile as conflict, counter_taken, months_of, slot_taken};

impl Maps {
    /// Everything `ws` was decided on still holds.
    fn check(&self, ws: &WriteSet) -> Result<(), StoreError> {
        // A retry of a request already applied.
        if let Some((uid, id, _)) = &ws.request {
            if self.requests.contains_key(&(*uid, *id)) {
                return Err(StoreError::Conflict(
                    crate::domain::refusal::SystemRefusal::AppliedAMomentAgo {}.into(),
                ));
            }
        }
        for e in &ws.expect {
            match e {
                Expect::CaseVersion { key, version } => {
                    let stored = self.cases.get(key);
                    if stored.map(|c| c.version) != Some(*version) {
                        let name = stored.map_or(key.seq.to_string(), |c| c.ticket.to_string());
                        return Err(conflict("case", name));
                    }
                }
                Expect::SlotFree(slot) => {
                    let nearby = self.visits_of_staff(slot.staff, slot.since, slot.end);
                    if let Some(v) = slot.clash(nearby) {
                        return Err(slot_taken(v.id));
                    }
                }
                Expect::Owes { unit, owed } => {
                    let now: crate::domain::money::Fen = self
                        .arrears
                        .values()
                        .filter(|a| a.unit == *unit)
                        .map(|a| a.amount)
                        .sum();
                    if now != *owed {
                        return Err(conflict(crate::store::write_set::OWED, unit));
                    }
                }
                Expect::Unchanged(prior) => {
                    if !self.holds(prior) {
                        let (kind, id) = prior.describe();
                        return Err(conflict(kind, id));
                    }
                }
            }
        }
        for (old, _) in &ws.callbacks {
            if let Some(o) = old {
                if self.callbacks.get(&(o.customer, o.id)) != Some(o) {
                    return Err(conflict("callback", o.id));
                }
            }
        }
        for (old, _) in &ws.visits {
            if let Some(o) = old {
                if self.visits.get(&(o.customer, o.id)) != Some(o) {
                    return Err(conflict("visit", o.id));
                }
            }
        }
        for m in &ws.counters {
            let stored = self.counters.get(&m.counter).copied().unwrap_or(0);
            if stored != m.was {
                return Err(counter_taken(stored, m.counter));
            }
        }
        Ok(())
    }

    /// Whether the record in `prior` is stored exactly as it was read.
    fn holds(&self, prior: &Prior) -> bool {
        match prior {
            Prior::Customer(id, r) => self.customers.get(id) == r.as_deref(),
            Prior::Dwelling(u, r) => self.dwellings.get(u) == r.as_deref(),
            Prior::Staff(uid, r) => self.staff.get(uid) == r.as_deref(),
            Prior::Paper { kind, no, body, .. } => {
                let stored = self.papers.get(&(*kind, no.clone()));
                let current =
                    stored.and_then(|p| crate::store::codec::current("papers", &p.body).ok());
                current == *body
            }
        }
    }

    fn visits_of_staff(&self, staff: StaffId, from: Time, to: Time) -> Vec<&Visit> {
        let mut out: Vec<&Visit> = self
            .visits
            .values()
            .filter(|v| v.staff == staff && v.start >= from && v.start < to)
            .collect();
        out.sort_by_key(|v| (v.start, v.id));
        out
    }

    /// Applies `ws` (already checked); returns the audit entry with its seq.
    fn apply(&mut self, ws: &WriteSet) -> Option<ChangeRecord> {
        self.apply_removals(ws);
        self.apply_residents(ws);
        self.apply_work(ws);
        papers::apply(self, ws);
        for m in &ws.counters {
            self.counters.insert(m.counter, m.now);
        }
        if let Some((uid, id, reply)) = &ws.request {
            self.requests.insert((*uid, *id), reply.clone());
        }
        // Restored into an empty log, so position and sequence agree.
        self.log
            .extend(ws.restored_changes.iter().map(|r| LoggedChange {
                change: r.clone(),
                effects: Effects::default(),
            }));
        let change = ChangeRecord {
            seq: self.log.len() as u64 + 1,
            ..ws.change.clone()?
        };
        self.log.push(LoggedChange {
            change: change.clone(),
            effects: Effects::of(ws),
        });
        Some(change)
    }

    fn apply_removals(&mut self, ws: &WriteSet) {
        for id in &ws.removed_customers {
            self.customers.remove(id);
            self.moved_out.remove(id);
            self.verified.remove(id);
        }
        for k in &ws.removed_cases {
            self.cases.remove(k);
        }
        for key in &ws.removed_callbacks {
            self.callbacks.remove(key);
        }
        for key in &ws.removed_visits {
            self.visits.remove(key);
        }
        for (u, k) in &ws.removed_case_units {
            self.case_units.remove(&(*u, *k));
            self.unit_of_case.remove(k);
        }
        if let Some((token, lines)) = &ws.unstaged {
            for line in lines {
                self.staged.remove(&(*token, *line));
            }
        }
        if let Some(p) = &ws.pending_import {
            self.pending = p.clone();
        }
    }

    fn apply_residents(&mut self, ws: &WriteSet) {
        self.forwards.extend(ws.forwards.iter().copied());
        for (u, k) in &ws.case_units {
            self.case_units.insert((*u, *k));
            self.unit_of_case.insert(*k, *u);
        }
        for c in &ws.customers {
            self.customers.insert(c.id, c.clone());
        }
        for d in &ws.dwellings {
            self.dwellings.insert(d.unit, d.clone());
        }
        for v in &ws.verifications {
            self.verified.insert(v.customer, *v);
        }
        for (who, gone) in &ws.moved_out {
            if *gone {
                self.moved_out.insert(*who);
            } else {
                self.moved_out.remove(who);
            }
        }
        for s in &ws.staff {
            self.staff.insert(s.uid, s.clone());
        }
    }

    fn apply_work(&mut self, ws: &WriteSet) {
        for c in &ws.cases {
            self.tickets.insert(c.ticket.0.clone(), c.key);
            for m in months_of(c) {
                self.case_months.insert((m, c.key));
            }
            self.cases.insert(c.key, c.clone());
        }
        for (_, cb) in &ws.callbacks {
            self.callback_owner.insert(cb.id, cb.customer);
            self.callbacks.insert((cb.customer, cb.id), cb.clone());
        }
        for (_, v) in &ws.visits {
            self.visit_owner.insert(v.id, v.customer);
            self.visits.insert((v.customer, v.id), v.clone());
        }
    }

    fn pending_callbacks(&self, until: Option<Time>) -> Vec<Callback> {
        let mut out: Vec<Callback> = self
            .callbacks
            .values()
            .filter(|c| c.status == CallbackStatus::Pending && until.is_none_or(|u| c.due < u))
            .cloned()
            .collect();
        out.sort_by_key(|c| (c.due, c.id));
        out
    }
}

impl MemoryStore {
    /// Checks then applies `ws` under the one lock: nothing can come between the two.
    fn commit_ws(&self, ws: &WriteSet) -> Result<Option<ChangeRecord>, StoreError> {
        let mut maps = self.maps();
        maps.check(ws)?;
        Ok(maps.apply(ws))
    }
}
