//! `Store` on the maps: the commit (checked then applied under the one lock) and every read,
//! in the orders the seam promises.

use std::collections::HashSet;

use super::{MemoryStore, StoreError};
use crate::domain::{
    Callback, CallbackId, Case, CaseKey, ChangeRecord, Customer, CustomerId, CustomerSummary,
    Dwelling, RequestId, Staff, StaffId, Ticket, Time, UnitCode, Verification, Visit, VisitId,
};
use crate::store::{Counter, LoggedChange, Store, WriteSet};

type R<T> = Result<T, StoreError>;

impl Store for MemoryStore {
    fn commit(&mut self, ws: &WriteSet) -> R<Option<ChangeRecord>> {
        self.commit_ws(ws)
    }

    fn write_blocker(&self) -> Option<String> {
        None
    }

    fn customer(&self, id: CustomerId) -> R<Option<Customer>> {
        Ok(self.maps().customers.get(&id).cloned())
    }

    fn customers(&self) -> R<Vec<Customer>> {
        Ok(self.maps().customers.values().cloned().collect())
    }

    fn for_each_lookup(&self, f: &mut dyn FnMut(u64, &[u8])) -> R<()> {
        let projections: Vec<(u64, Vec<u8>)> = self
            .maps()
            .customers
            .values()
            .map(|c| (c.id.0, CustomerSummary::from(c).to_projection()))
            .collect();
        for (id, p) in projections {
            f(id, &p);
        }
        Ok(())
    }

    fn forward(&self, from: CustomerId) -> R<Option<CustomerId>> {
        Ok(self.maps().forwards.get(&from).copied())
    }

    fn all_forwards(&self) -> R<Vec<(CustomerId, CustomerId)>> {
        Ok(self.maps().forwards.iter().map(|(a, b)| (*a, *b)).collect())
    }

    fn dwelling(&self, unit: UnitCode) -> R<Option<Dwelling>> {
        Ok(self.maps().dwellings.get(&unit).cloned())
    }

    fn all_dwellings(&self) -> R<Vec<Dwelling>> {
        Ok(self.maps().dwellings.values().cloned().collect())
    }

    fn moved_out(&self, who: CustomerId) -> R<bool> {
        Ok(self.maps().moved_out.contains(&who))
    }

    fn all_moved_out(&self) -> R<HashSet<CustomerId>> {
        Ok(self.maps().moved_out.iter().copied().collect())
    }

    fn verification(&self, who: CustomerId) -> R<Option<Verification>> {
        Ok(self.maps().verified.get(&who).cloned())
    }

    fn all_verifications(&self) -> R<Vec<Verification>> {
        Ok(self.maps().verified.values().cloned().collect())
    }

    fn case(&self, key: CaseKey) -> R<Option<Case>> {
        Ok(self.maps().cases.get(&key).cloned())
    }

    fn case_by_ticket(&self, ticket: &Ticket) -> R<Option<Case>> {
        let maps = self.maps();
        Ok(maps
            .tickets
            .get(&ticket.0)
            .and_then(|k| maps.cases.get(k))
            .cloned())
    }

    fn cases_for(&self, customer: CustomerId) -> R<Vec<Case>> {
        let from = CaseKey { customer, seq: 0 };
        Ok(self
            .maps()
            .cases
            .range(from..)
            .take_while(|(k, _)| k.customer == customer)
            .map(|(_, c)| c.clone())
            .collect())
    }

    fn all_cases(&self) -> R<Vec<Case>> {
        Ok(self.maps().cases.values().cloned().collect())
    }

    fn unclosed_cases(&self) -> R<Vec<Case>> {
        Ok(self
            .maps()
            .cases
            .values()
            .filter(|c| c.status != crate::domain::CaseStatus::Closed)
            .cloned()
            .collect())
    }

    fn cases_at(&self, unit: UnitCode) -> R<Vec<Case>> {
        let maps = self.maps();
        Ok(maps
            .case_units
            .iter()
            .filter(|(u, _)| *u == unit)
            .filter_map(|(_, k)| maps.cases.get(k).cloned())
            .collect())
    }

    fn all_case_units(&self) -> R<Vec<(UnitCode, CaseKey)>> {
        Ok(self.maps().case_units.iter().copied().collect())
    }

    fn unit_of_case(&self, key: CaseKey) -> R<Option<UnitCode>> {
        Ok(self.maps().unit_of_case.get(&key).copied())
    }

    fn cases_touched(&self, from: u32, to: u32) -> R<Vec<Case>> {
        let maps = self.maps();
        let mut seen = HashSet::new();
        Ok(maps
            .case_months
            .iter()
            .filter(|(m, _)| (from..=to).contains(m))
            .filter(|(_, k)| seen.insert(*k))
            .filter_map(|(_, k)| maps.cases.get(k).cloned())
            .collect())
    }

    fn callback(&self, id: CallbackId) -> R<Option<Callback>> {
        let maps = self.maps();
        Ok(maps
            .callback_owner
            .get(&id)
            .and_then(|c| maps.callbacks.get(&(*c, id)))
            .cloned())
    }

    fn callbacks_for(&self, customer: CustomerId) -> R<Vec<Callback>> {
        Ok(self
            .maps()
            .callbacks
            .range((customer, CallbackId(0))..)
            .take_while(|((c, _), _)| *c == customer)
            .map(|(_, cb)| cb.clone())
            .collect())
    }

    fn all_callbacks(&self) -> R<Vec<Callback>> {
        Ok(self.maps().callbacks.values().cloned().collect())
    }

    fn pending_callbacks(&self, until: Option<Time>) -> R<Vec<Callback>> {
        Ok(self.maps().pending_callbacks(until))
    }

    fn visit(&self, id: VisitId) -> R<Option<Visit>> {
        let maps = self.maps();
        Ok(maps
            .visit_owner
            .get(&id)
            .and_then(|c| maps.visits.get(&(*c, id)))
            .cloned())
    }

    fn visits_for(&self, customer: CustomerId) -> R<Vec<Visit>> {
        Ok(self
            .maps()
            .visits
            .range((customer, VisitId(0))..)
            .take_while(|((c, _), _)| *c == customer)
            .map(|(_, v)| v.clone())
            .collect())
    }

    fn all_visits(&self) -> R<Vec<Visit>> {
        Ok(self.maps().visits.values().cloned().collect())
    }

    fn visits_starting(&self, from: Time, to: Time) -> R<Vec<Visit>> {
        let mut out: Vec<Visit> = self
            .maps()
            .visits
            .values()
            .filter(|v| v.start >= from && v.start < to)
            .cloned()
            .collect();
        out.sort_by_key(|v| (v.start, v.id));
        Ok(out)
    }

    fn staff_visits_starting(&self, uid: StaffId, from: Time, to: Time) -> R<Vec<Visit>> {
        let maps = self.maps();
        Ok(maps
            .visits_of_staff(uid, from, to)
            .into_iter()
            .cloned()
            .collect())
    }

    fn staff(&self, uid: StaffId) -> R<Option<Staff>> {
        Ok(self.maps().staff.get(&uid).cloned())
    }

    fn all_staff(&self) -> R<Vec<Staff>> {
        Ok(self.maps().staff.values().cloned().collect())
    }

    fn staff_count(&self) -> usize {
        self.maps().staff.len()
    }

    fn counter(&self, c: Counter) -> R<u64> {
        Ok(self.maps().counters.get(&c).copied().unwrap_or(0))
    }

    fn counters(&self) -> R<Vec<(Counter, u64)>> {
        Ok(self.maps().counters.iter().map(|(c, v)| (*c, *v)).collect())
    }

    fn log_after(&self, seq: u64, limit: usize) -> R<Vec<LoggedChange>> {
        let maps = self.maps();
        let from = usize::try_from(seq)
            .unwrap_or(usize::MAX)
            .min(maps.log.len());
        Ok(maps.log[from..].iter().take(limit).cloned().collect())
    }

    fn last_change_seq(&self) -> R<u64> {
        Ok(self.maps().log.len() as u64)
    }

    fn stored_reply(&self, uid: StaffId, id: RequestId) -> R<Option<Vec<u8>>> {
        Ok(self.maps().requests.get(&(uid, id)).cloned())
    }
}
