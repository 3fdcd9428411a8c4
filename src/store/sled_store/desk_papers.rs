//! Reading the desk's paperwork (`PaperStore`): satisfaction survey rounds and responses,
//! release slips, visitors, loans, decoration permits, fee arrears and reminders, cover
//! hand-overs, and a unit's paperwork through the `unit_papers` index.

use super::*;
use crate::domain::call::{Call, CallId};
use crate::domain::cover::Cover;
use crate::domain::fees::{Arrear, Reminder};
use crate::domain::{CustomerId, Time, UnitCode};
use crate::store::codec::{decode, Tag};
use crate::store::PaperStore;

impl PaperStore for SledStore {
    /// A survey round by its month (R-SAT-01).
    fn survey(
        &self,
        month: crate::domain::survey::RoundMonth,
    ) -> Result<Option<crate::domain::survey::SurveyRound>, StoreError> {
        self.get(SURVEYS, Tag::Survey, &month.key())
    }

    /// Every survey round, oldest first.
    fn all_surveys(&self) -> Result<Vec<crate::domain::survey::SurveyRound>, StoreError> {
        self.scan(SURVEYS, Tag::Survey, &[])
    }

    /// A round's responses, by unit.
    fn survey_responses(
        &self,
        month: crate::domain::survey::RoundMonth,
    ) -> Result<Vec<crate::domain::survey::SurveyResponse>, StoreError> {
        self.scan(SURVEY_RESPONSES, Tag::SurveyResponse, &month.key())
    }

    /// Every survey response (export).
    fn all_survey_responses(
        &self,
    ) -> Result<Vec<crate::domain::survey::SurveyResponse>, StoreError> {
        self.scan(SURVEY_RESPONSES, Tag::SurveyResponse, &[])
    }

    /// The last import's arrears in key order (unit, fee kind, period): one building's, or
    /// every one.
    fn arrears_in(&self, building: Option<u32>) -> Result<Vec<Arrear>, StoreError> {
        let prefix = building.map(u32::to_be_bytes);
        self.scan(
            ARREARS,
            Tag::Arrear,
            prefix.as_ref().map_or(&[][..], |p| &p[..]),
        )
    }

    /// A unit's arrears.
    fn arrears_of(&self, unit: UnitCode) -> Result<Vec<Arrear>, StoreError> {
        self.scan(ARREARS, Tag::Arrear, &keys::unit_key(unit))
    }

    /// A unit's reminders since `since`, oldest first.
    fn reminders_of(&self, unit: UnitCode, since: Time) -> Result<Vec<Reminder>, StoreError> {
        let mut from = keys::unit_key(unit).to_vec();
        from.extend_from_slice(&keys::time_pair(since, 0));
        let mut to = keys::unit_key(unit).to_vec();
        to.extend_from_slice(&[0xff; 16]);
        // Keys hold milliseconds: the first one may start before `since`.
        let mut out = Vec::new();
        for kv in self.trees[FEE_REMINDERS].range(from..to) {
            let r: Reminder = decode(TREE_NAMES[FEE_REMINDERS], Tag::Reminder, &kv?.1)?;
            if r.at >= since {
                out.push(r);
            }
        }
        Ok(out)
    }

    fn all_reminders(&self) -> Result<Vec<Reminder>, StoreError> {
        self.scan(FEE_REMINDERS, Tag::Reminder, &[])
    }

    /// Cover hand-overs starting at or after `since`.
    fn covers_since(&self, since: Time) -> Result<Vec<Cover>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[COVERS].range(keys::time_pair(since, 0)..) {
            let c: Cover = decode(TREE_NAMES[COVERS], Tag::Cover, &kv?.1)?;
            if c.from >= since {
                out.push(c);
            }
        }
        Ok(out)
    }

    fn all_covers(&self) -> Result<Vec<Cover>, StoreError> {
        self.scan(COVERS, Tag::Cover, &[])
    }

    fn call(&self, id: CallId) -> Result<Option<Call>, StoreError> {
        self.get(CALLS, Tag::Call, &id.0.to_be_bytes())
    }

    /// Newest first from the resident's index.
    fn calls_of(&self, customer: CustomerId, limit: usize) -> Result<Vec<Call>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[CALLS_BY_CUSTOMER]
            .scan_prefix(customer.0.to_be_bytes())
            .rev()
            .take(limit)
        {
            let (k, _) = kv?;
            if let Some(c) = self.get(CALLS, Tag::Call, &k[8..])? {
                out.push(c);
            }
        }
        Ok(out)
    }

    fn all_calls(&self) -> Result<Vec<Call>, StoreError> {
        self.scan(CALLS, Tag::Call, &[])
    }

    fn paper_bodies(
        &self,
        kind: char,
        which: crate::store::Which<'_>,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        use crate::store::Which;
        let prefix = [kind as u8];
        Ok(match which {
            Which::One(no) => self.trees[PAPERS]
                .get(crate::store::keys::paper_row_key(kind, no))?
                .map(|v| v.to_vec())
                .into_iter()
                .collect(),
            // From the open index: the lists cost what is open.
            Which::Open => {
                let mut out = Vec::new();
                for kv in self.trees[PAPERS_OPEN].scan_prefix(prefix) {
                    let (k, _) = kv?;
                    out.extend(self.trees[PAPERS].get(k)?.map(|v| v.to_vec()));
                }
                out
            }
            Which::All => self.trees[PAPERS]
                .scan_prefix(prefix)
                .map(|kv| kv.map(|(_, v)| v.to_vec()))
                .collect::<Result<_, _>>()?,
            Which::Numbered(start) => self.trees[PAPERS]
                .scan_prefix(crate::store::keys::paper_row_key(kind, start))
                .map(|kv| kv.map(|(_, v)| v.to_vec()))
                .collect::<Result<_, _>>()?,
            // From the unit index: (unit, kind, number).
            Which::Unit(unit) => self.filed(&keys::unit_key(unit), kind)?,
            Which::Building(b) => self.filed(&b.to_be_bytes(), kind)?,
        })
    }
}

impl SledStore {
    /// The papers of `kind` filed under units whose key starts with `prefix` (a unit's 12
    /// bytes, or a building's first 4), in unit order and then number order. An index key
    /// is the unit then the paper's row key (`write::paper_keys`).
    fn filed(&self, prefix: &[u8], kind: char) -> Result<Vec<Vec<u8>>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[UNIT_PAPERS].scan_prefix(prefix) {
            let (k, _) = kv?;
            if let Some(row) = k.get(12..).filter(|row| row.first() == Some(&(kind as u8))) {
                out.extend(self.trees[PAPERS].get(row)?.map(|v| v.to_vec()));
            }
        }
        Ok(out)
    }

    /// The keys of the last import's arrears (an import replaces them all).
    pub(super) fn arrears_keys(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        self.trees[ARREARS]
            .iter()
            .keys()
            .map(|k| Ok(k?.to_vec()))
            .collect()
    }

    /// Migration: a kind that had trees of its own (`tree`, and `index` of its open ones)
    /// becomes a `Paper`. Each record is copied under its paper key as it was stored (reads
    /// upgrade it by its tag) and filed under its unit, the old trees are emptied and
    /// `marker` is written last: killed midway, it runs again on the next start and copies
    /// what is left. A store from before the unit index gets it here too.
    pub(super) fn move_into_papers<P: crate::store::Paper>(
        &self,
        tree: usize,
        index: usize,
        marker: &str,
    ) -> Result<(), StoreError> {
        if self.meta(marker)?.is_some() {
            return Ok(());
        }
        let mut papers = sled::Batch::default();
        let mut open = sled::Batch::default();
        let mut filed = sled::Batch::default();
        for kv in self.trees[tree].iter() {
            let (_, body) = kv?;
            let p: P = decode(TREE_NAMES[tree], P::TAG, &body)?;
            let (key, unit_key) = write::paper_keys(P::KIND, &p.no(), p.unit());
            if p.open() {
                open.insert(key.clone(), &[]);
            }
            if let Some(unit_key) = unit_key {
                filed.insert(unit_key, &[]);
            }
            papers.insert(key, body);
        }
        self.trees[PAPERS].apply_batch(papers)?;
        self.trees[PAPERS_OPEN].apply_batch(open)?;
        self.trees[UNIT_PAPERS].apply_batch(filed)?;
        self.sync()?;
        self.trees[tree].clear()?;
        self.trees[index].clear()?;
        self.sync()?;
        self.trees[META].insert(marker, &u64_key(1))?;
        self.sync()
    }
}
