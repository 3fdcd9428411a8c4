//! `Store` on sled: commit (in `write`), then reading: single records by key, a customer's history by prefix scan, and the indexes
//! (ticket, callback due time, visit time and staff, audit sequence).

use super::write::request_key;
use super::*;
use crate::domain::{
    Callback, CallbackId, Case, CaseKey, ChangeRecord, Customer, CustomerId, RequestId, Staff,
    StaffId, Ticket, Time, UnitCode, Visit, VisitId,
};
use crate::store::codec::{decode, Tag};
use crate::store::keys::{case_key, pair, read_pair, read_u64, staff_time, time_pair, u64_key};
use crate::store::{Counter, LoggedChange, Store, StoreHooks, WriteSet};

/// One key step of the time indexes (they hold milliseconds).
const MS: chrono::Duration = chrono::Duration::milliseconds(1);

impl Store for SledStore {
    fn commit(&mut self, ws: &WriteSet) -> Result<Option<ChangeRecord>, StoreError> {
        self.commit_ws(ws)
    }

    fn write_blocker(&self) -> Option<String> {
        self.blocker()
    }

    fn notes_at_open(&self) -> Vec<String> {
        self.removed_at_open
            .iter()
            .map(|f| {
                format!("removed an unfinished sled snapshot left by a crash or power cut: {f}")
            })
            .collect()
    }

    fn hooks(&mut self) -> Option<&mut dyn StoreHooks> {
        Some(self)
    }

    fn counter(&self, c: Counter) -> Result<u64, StoreError> {
        Ok(self.meta(&c.name())?.unwrap_or(0))
    }

    fn counters(&self) -> Result<Vec<(Counter, u64)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[META].iter() {
            let (k, v) = kv?;
            if let Some(c) = Counter::parse(&String::from_utf8_lossy(&k)) {
                out.push((c, read_u64(&v).unwrap_or(0)));
            }
        }
        Ok(out)
    }

    fn log_after(&self, seq: u64, limit: usize) -> Result<Vec<LoggedChange>, StoreError> {
        let mut out = Vec::new();
        for change in self.changes_after(seq, limit)? {
            let effects = self
                .get(CHANGE_EFFECTS, Tag::Effects, &u64_key(change.seq))?
                .unwrap_or_default();
            out.push(LoggedChange { change, effects });
        }
        Ok(out)
    }

    fn changes_after(&self, seq: u64, limit: usize) -> Result<Vec<ChangeRecord>, StoreError> {
        self.trees[CHANGES]
            .range(u64_key(seq.saturating_add(1))..)
            .take(limit)
            .map(|kv| decode("changes", Tag::Change, &kv?.1))
            .collect()
    }

    fn cases_touched(&self, from: u32, to: u32) -> Result<Vec<Case>, StoreError> {
        self.cases_in_months(from, to)
    }

    fn unit_of_case(&self, k: CaseKey) -> Result<Option<UnitCode>, StoreError> {
        self.filing_unit(k)
    }

    /// Calls `f(customer id, projection bytes)` for every customer, in id order, reading
    /// whole blocks: the index is rebuilt without decoding a single full record.
    fn for_each_lookup(&self, f: &mut dyn FnMut(u64, &[u8])) -> Result<(), StoreError> {
        for kv in self.trees[LOOKUP].iter() {
            let (_, block) = kv?;
            for (id, bytes) in block_entries(&block) {
                f(id, bytes);
            }
        }
        Ok(())
    }

    fn customer(&self, id: CustomerId) -> Result<Option<Customer>, StoreError> {
        self.get(CUSTOMERS, Tag::Customer, &u64_key(id.0))
    }

    fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        self.scan(CUSTOMERS, Tag::Customer, &[])
    }

    fn case(&self, key: CaseKey) -> Result<Option<Case>, StoreError> {
        self.get(CASES, Tag::Case, &case_key(key))
    }

    fn case_by_ticket(&self, ticket: &Ticket) -> Result<Option<Case>, StoreError> {
        match self.trees[CASES_BY_TICKET].get(ticket.0.as_bytes())? {
            Some(k) => self.get(CASES, Tag::Case, &k),
            None => Ok(None),
        }
    }

    fn cases_for(&self, customer: CustomerId) -> Result<Vec<Case>, StoreError> {
        self.scan(CASES, Tag::Case, &u64_key(customer.0))
    }

    fn all_cases(&self) -> Result<Vec<Case>, StoreError> {
        self.scan(CASES, Tag::Case, &[])
    }

    /// Every case not yet closed, from the open-cases index: costs what is open.
    fn unclosed_cases(&self) -> Result<Vec<Case>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[OPEN_CASES].iter() {
            let (k, _) = kv?;
            if let Some(c) = self.get(CASES, Tag::Case, &k)? {
                out.push(c);
            }
        }
        Ok(out)
    }

    fn callback(&self, id: CallbackId) -> Result<Option<Callback>, StoreError> {
        match self.trees[CALLBACKS_BY_ID].get(u64_key(id.0))? {
            Some(c) => self.get(
                CALLBACKS,
                Tag::Callback,
                &pair(read_u64(&c).unwrap_or(0), id.0),
            ),
            None => Ok(None),
        }
    }

    fn callbacks_for(&self, customer: CustomerId) -> Result<Vec<Callback>, StoreError> {
        self.scan(CALLBACKS, Tag::Callback, &u64_key(customer.0))
    }

    fn all_callbacks(&self) -> Result<Vec<Callback>, StoreError> {
        self.scan(CALLBACKS, Tag::Callback, &[])
    }

    /// Pending callbacks in due order, those due before `until` (all when None).
    fn pending_callbacks(&self, until: Option<Time>) -> Result<Vec<Callback>, StoreError> {
        // Keys hold milliseconds: read through `until`'s millisecond, then cut exactly.
        let end = until.map(|t| time_pair(t + chrono::Duration::milliseconds(1), 0).to_vec());
        let range = match &end {
            Some(e) => self.trees[CALLBACKS_BY_DUE].range(..e.as_slice()),
            None => self.trees[CALLBACKS_BY_DUE].range::<&[u8], _>(..),
        };
        let mut out = Vec::new();
        for kv in range {
            let (k, v) = kv?;
            let id = read_pair(&k).map(|(_, id)| id).unwrap_or(0);
            let customer = read_u64(&v).unwrap_or(0);
            if let Some(cb) = self.get::<Callback>(CALLBACKS, Tag::Callback, &pair(customer, id))? {
                if until.is_none_or(|u| cb.due < u) {
                    out.push(cb);
                }
            }
        }
        Ok(out)
    }

    fn visit(&self, id: VisitId) -> Result<Option<Visit>, StoreError> {
        match self.trees[VISITS_BY_ID].get(u64_key(id.0))? {
            Some(c) => self.get(VISITS, Tag::Visit, &pair(read_u64(&c).unwrap_or(0), id.0)),
            None => Ok(None),
        }
    }

    fn visits_for(&self, customer: CustomerId) -> Result<Vec<Visit>, StoreError> {
        self.scan(VISITS, Tag::Visit, &u64_key(customer.0))
    }

    fn all_visits(&self) -> Result<Vec<Visit>, StoreError> {
        self.scan(VISITS, Tag::Visit, &[])
    }

    /// Visits starting in `[from, to)`, in start order.
    fn visits_starting(&self, from: Time, to: Time) -> Result<Vec<Visit>, StoreError> {
        let (a, b) = (time_pair(from, 0), time_pair(to + MS, 0));
        let mut out = self.visits_from_index(self.trees[VISITS_BY_TIME].range(a..b), 8)?;
        out.retain(|v| v.start >= from && v.start < to);
        Ok(out)
    }

    /// One staff member's visits starting in `[from, to)`.
    fn staff_visits_starting(
        &self,
        uid: StaffId,
        from: Time,
        to: Time,
    ) -> Result<Vec<Visit>, StoreError> {
        self.staff_visits_in(uid, from, to)
    }

    fn staff(&self, uid: StaffId) -> Result<Option<Staff>, StoreError> {
        self.get(STAFF, Tag::Staff, &uid.0.to_be_bytes())
    }

    fn all_staff(&self) -> Result<Vec<Staff>, StoreError> {
        self.scan(STAFF, Tag::Staff, &[])
    }

    fn staff_count(&self) -> usize {
        self.trees[STAFF].len()
    }

    fn last_change_seq(&self) -> Result<u64, StoreError> {
        Ok(self.trees[CHANGES]
            .last()?
            .and_then(|(k, _)| read_u64(&k))
            .unwrap_or(0))
    }

    fn stored_reply(&self, uid: StaffId, id: RequestId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.trees[REQUESTS]
            .get(request_key(uid, id))?
            .map(|v| v.to_vec()))
    }

    /// The dwelling at `unit`, if anyone was ever recorded there.
    fn dwelling(
        &self,
        unit: crate::domain::UnitCode,
    ) -> Result<Option<crate::domain::Dwelling>, StoreError> {
        self.get(
            DWELLINGS,
            Tag::Dwelling,
            &crate::store::keys::unit_key(unit),
        )
    }

    fn all_dwellings(&self) -> Result<Vec<crate::domain::Dwelling>, StoreError> {
        self.scan(DWELLINGS, Tag::Dwelling, &[])
    }

    /// Every resident who moved out of every dwelling they were recorded in.
    fn all_moved_out(&self) -> Result<std::collections::HashSet<CustomerId>, StoreError> {
        self.trees[MOVED_OUT]
            .iter()
            .keys()
            .map(|k| Ok(CustomerId(read_u64(&k?).unwrap_or(0))))
            .collect()
    }

    /// Whether the resident has moved out of every dwelling they were recorded in.
    fn moved_out(&self, who: CustomerId) -> Result<bool, StoreError> {
        Ok(self.trees[MOVED_OUT].contains_key(u64_key(who.0))?)
    }

    /// A resident's latest verification (R-REC-07).
    fn verification(
        &self,
        who: CustomerId,
    ) -> Result<Option<crate::domain::Verification>, StoreError> {
        self.get(VERIFIED, Tag::Verification, &u64_key(who.0))
    }

    fn all_verifications(&self) -> Result<Vec<crate::domain::Verification>, StoreError> {
        self.scan(VERIFIED, Tag::Verification, &[])
    }

    /// Where a merged duplicate's id now points, if it was merged.
    fn forward(&self, from: CustomerId) -> Result<Option<CustomerId>, StoreError> {
        Ok(self.trees[FORWARDS]
            .get(u64_key(from.0))?
            .and_then(|v| crate::store::keys::read_u64(&v))
            .map(CustomerId))
    }

    /// Every forward (merged duplicate → kept record).
    fn all_forwards(&self) -> Result<Vec<(CustomerId, CustomerId)>, StoreError> {
        self.trees[FORWARDS]
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                let id = |b: &[u8]| CustomerId(crate::store::keys::read_u64(b).unwrap_or(0));
                Ok((id(&k), id(&v)))
            })
            .collect()
    }

    /// Every case registered at `unit`, oldest key first.
    fn cases_at(&self, unit: crate::domain::UnitCode) -> Result<Vec<Case>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[UNIT_CASES].scan_prefix(crate::store::keys::unit_key(unit)) {
            let (k, _) = kv?;
            if let Some(key) = crate::store::keys::case_of_unit_key(&k) {
                if let Some(c) = self.case(key)? {
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    /// Every (unit, case) filing.
    fn all_case_units(&self) -> Result<Vec<(crate::domain::UnitCode, CaseKey)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[UNIT_CASES].iter() {
            let (k, _) = kv?;
            let Some(key) = crate::store::keys::case_of_unit_key(&k) else {
                continue;
            };
            {
                let n = |i: usize| u32::from_be_bytes([k[i], k[i + 1], k[i + 2], k[i + 3]]);
                let unit = crate::domain::UnitCode {
                    building: n(0),
                    unit: n(4),
                    room: n(8),
                };
                out.push((unit, key));
            }
        }
        Ok(out)
    }
}

impl SledStore {
    pub(super) fn get<T: serde::de::DeserializeOwned>(
        &self,
        tree: usize,
        tag: Tag,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        self.trees[tree]
            .get(key)?
            .map(|v| decode(TREE_NAMES[tree], tag, &v))
            .transpose()
    }

    pub(super) fn scan<T: serde::de::DeserializeOwned>(
        &self,
        tree: usize,
        tag: Tag,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        self.trees[tree]
            .scan_prefix(prefix)
            .map(|kv| {
                let (_, v) = kv?;
                decode(TREE_NAMES[tree], tag, &v)
            })
            .collect()
    }

    pub(super) fn meta(&self, name: &str) -> Result<Option<u64>, StoreError> {
        Ok(self.trees[META].get(name)?.and_then(|v| read_u64(&v)))
    }

    pub(super) fn visits_from_index(
        &self,
        range: impl Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
        id_at: usize,
    ) -> Result<Vec<Visit>, StoreError> {
        let mut out = Vec::new();
        for kv in range {
            let (k, v) = kv?;
            let id = k.get(id_at..).and_then(read_u64).unwrap_or(0);
            let customer = read_u64(&v).unwrap_or(0);
            if let Some(visit) = self.get(VISITS, Tag::Visit, &pair(customer, id))? {
                out.push(visit);
            }
        }
        Ok(out)
    }

    /// One staff member's visits starting in `[from, to)`.
    pub(super) fn staff_visits_in(
        &self,
        uid: StaffId,
        from: Time,
        to: Time,
    ) -> Result<Vec<Visit>, StoreError> {
        let (a, b) = (staff_time(uid.0, from, 0), staff_time(uid.0, to + MS, 0));
        let mut out = self.visits_from_index(self.trees[VISITS_BY_STAFF].range(a..b), 12)?;
        // Keys hold milliseconds: cut the window exactly.
        out.retain(|v| v.start >= from && v.start < to);
        Ok(out)
    }
}
