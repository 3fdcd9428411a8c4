//! The indexes that let a report cost its period, not the desk's whole history:
//! `case_months` — (UTC month, case key) for every month a case's timeline touches, so a
//! month's report reads the cases registered, worked, resolved or called back around it —
//! and `unit_of_case` — the unit each case is filed under (the reverse of `unit_cases`).
//! Both are written by `commit` with the cases; a store from before them is indexed once at
//! open (resumable: the marker is written last).

use std::collections::HashSet;

use super::*;
use crate::domain::{Case, CaseKey, UnitCode};
use crate::store::codec::Tag;
use crate::store::keys::{case_key, read_pair};

pub(super) use crate::store::write_set::months_of;

pub(super) fn month_key(month: u32, k: CaseKey) -> [u8; 20] {
    let mut out = [0u8; 20];
    out[..4].copy_from_slice(&month.to_be_bytes());
    out[4..].copy_from_slice(&case_key(k));
    out
}

impl SledStore {
    /// Every case whose timeline touches a UTC month in `from..=to` (`yyyymm`), each once.
    pub(super) fn cases_in_months(&self, from: u32, to: u32) -> Result<Vec<Case>, StoreError> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let start = from.to_be_bytes();
        let end = (to + 1).to_be_bytes();
        for kv in self.trees[CASE_MONTHS].range(start..end) {
            let (k, _) = kv?;
            let Some((customer, seq)) = read_pair(&k[4..]) else {
                continue;
            };
            let key = CaseKey {
                customer: crate::domain::CustomerId(customer),
                seq,
            };
            // A merged duplicate's old key finds nothing: its case lives under the new one.
            if seen.insert(key) {
                if let Some(c) = self.get::<Case>(CASES, Tag::Case, &case_key(key))? {
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    /// The unit a case is filed under, if any.
    pub(super) fn filing_unit(&self, k: CaseKey) -> Result<Option<UnitCode>, StoreError> {
        Ok(self.trees[UNIT_OF_CASE]
            .get(case_key(k))?
            .and_then(|v| crate::store::keys::unit_of_key(&v)))
    }

    /// Migration: indexes every case by month and its filing unit.
    pub(super) fn rebuild_history_index(&self) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for kv in self.trees[CASES].iter() {
            let (_, v) = kv?;
            let c: Case = crate::store::codec::decode(TREE_NAMES[CASES], Tag::Case, &v)?;
            for m in months_of(&c) {
                batch.insert(&month_key(m, c.key)[..], &[]);
            }
            n += 1;
            if n % 5000 == 0 {
                self.trees[CASE_MONTHS].apply_batch(std::mem::take(&mut batch))?;
            }
        }
        self.trees[CASE_MONTHS].apply_batch(batch)?;
        let mut batch = sled::Batch::default();
        for (unit, key) in self.all_case_units()? {
            batch.insert(&case_key(key), &keys::unit_key(unit));
        }
        self.trees[UNIT_OF_CASE].apply_batch(batch)?;
        self.sync()?;
        self.trees[META].insert("case_months_index", &u64_key(1))?;
        self.sync()
    }
}
