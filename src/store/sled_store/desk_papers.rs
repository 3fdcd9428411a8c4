//! Reading the desk's paperwork (`PaperStore`): satisfaction survey rounds and responses,
//! release slips, visitors, loans, decoration permits, fee arrears and reminders, cover
//! hand-overs, and a unit's paperwork through the `unit_papers` index.

use super::*;
use crate::domain::call::{Call, CallId};
use crate::domain::cover::Cover;
use crate::domain::fees::{Arrear, Reminder};
use crate::domain::permit::{Permit, PermitNo};
use crate::domain::release::ReleaseSlip;
use crate::domain::visitor::Visitor;
use crate::domain::{CustomerId, Time, UnitCode};
use crate::store::codec::{decode, Tag};
use crate::store::{PaperStore, UnitPapers};

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

    /// A release slip by its number.
    fn slip(
        &self,
        no: &crate::domain::release::SlipNo,
    ) -> Result<Option<crate::domain::release::ReleaseSlip>, StoreError> {
        self.get(RELEASE_SLIPS, Tag::ReleaseSlip, no.0.as_bytes())
    }

    /// Every release slip, in number order (export).
    fn all_slips(&self) -> Result<Vec<crate::domain::release::ReleaseSlip>, StoreError> {
        self.scan(RELEASE_SLIPS, Tag::ReleaseSlip, &[])
    }

    fn visitor(
        &self,
        no: &crate::domain::visitor::VisitorNo,
    ) -> Result<Option<crate::domain::visitor::Visitor>, StoreError> {
        self.get(VISITORS, Tag::Visitor, no.0.as_bytes())
    }

    /// Who is on site now, from the on-site index.
    fn visitors_on_site(&self) -> Result<Vec<crate::domain::visitor::Visitor>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[VISITORS_ON_SITE].iter() {
            let (k, _) = kv?;
            if let Some(v) = self.get(VISITORS, Tag::Visitor, &k)? {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Visitors numbered with `prefix` (a month's, `V2611-`), or all with an empty one.
    fn visitors_numbered(
        &self,
        prefix: &str,
    ) -> Result<Vec<crate::domain::visitor::Visitor>, StoreError> {
        self.scan(VISITORS, Tag::Visitor, prefix.as_bytes())
    }

    fn permit(&self, no: &PermitNo) -> Result<Option<Permit>, StoreError> {
        self.get(PERMITS, Tag::Permit, no.0.as_bytes())
    }

    /// Every permit not rejected or refunded, from the open index.
    fn permits_open(&self) -> Result<Vec<Permit>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[PERMITS_OPEN].iter() {
            let (k, _) = kv?;
            out.extend(self.get::<Permit>(PERMITS, Tag::Permit, &k)?);
        }
        Ok(out)
    }

    fn all_permits(&self) -> Result<Vec<Permit>, StoreError> {
        self.scan(PERMITS, Tag::Permit, &[])
    }

    /// A unit's permits, release slips and visitors.
    fn unit_papers(&self, unit: UnitCode) -> Result<UnitPapers, StoreError> {
        self.papers(&keys::unit_key(unit), b"PRV")
    }

    /// A building's permits, in unit order (R-OPS-11's file is by building).
    fn building_permits(&self, building: u32) -> Result<Vec<Permit>, StoreError> {
        Ok(self.papers(&building.to_be_bytes(), b"P")?.permits)
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

    /// Slips not used or voided, from their index.
    fn slips_open(&self) -> Result<Vec<ReleaseSlip>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[SLIPS_OPEN].iter() {
            let (k, _) = kv?;
            out.extend(self.get::<ReleaseSlip>(RELEASE_SLIPS, Tag::ReleaseSlip, &k)?);
        }
        Ok(out)
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
        })
    }
}

impl SledStore {
    /// The paperwork filed under units whose key starts with `prefix` (a unit's 12 bytes, or
    /// a building's first 4), of the kinds in `kinds`, in unit order.
    fn papers(&self, prefix: &[u8], kinds: &[u8]) -> Result<UnitPapers, StoreError> {
        let mut out = UnitPapers::default();
        for kv in self.trees[UNIT_PAPERS].scan_prefix(prefix) {
            let (k, _) = kv?;
            let (Some(kind), Some(no)) = (k.get(12), k.get(13..)) else {
                continue;
            };
            if !kinds.contains(kind) {
                continue;
            }
            match kind {
                b'P' => out
                    .permits
                    .extend(self.get::<Permit>(PERMITS, Tag::Permit, no)?),
                b'R' => out.slips.extend(self.get::<ReleaseSlip>(
                    RELEASE_SLIPS,
                    Tag::ReleaseSlip,
                    no,
                )?),
                b'V' => out
                    .visitors
                    .extend(self.get::<Visitor>(VISITORS, Tag::Visitor, no)?),
                _ => {}
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
    /// upgrade it by its tag), the old trees are emptied and `marker` is written last:
    /// killed midway, it runs again on the next start and copies what is left.
    pub(super) fn move_into_papers<P: crate::store::Paper>(
        &self,
        tree: usize,
        index: usize,
        marker: &str,
    ) -> Result<(), StoreError> {
        let mut papers = sled::Batch::default();
        let mut open = sled::Batch::default();
        for kv in self.trees[tree].iter() {
            let (_, body) = kv?;
            let p: P = decode(TREE_NAMES[tree], P::TAG, &body)?;
            let key = keys::paper_row_key(P::KIND, &p.no());
            if p.open() {
                open.insert(key.clone(), &[]);
            }
            papers.insert(key, body);
        }
        self.trees[PAPERS].apply_batch(papers)?;
        self.trees[PAPERS_OPEN].apply_batch(open)?;
        self.sync()?;
        self.trees[tree].clear()?;
        self.trees[index].clear()?;
        self.sync()?;
        self.trees[META].insert(marker, &u64_key(1))?;
        self.sync()
    }

    /// Migration: files the slips and visitors of a store from before `unit_papers`, and
    /// indexes its unused slips.
    pub(super) fn rebuild_paper_indexes(&self) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        let mut open = sled::Batch::default();
        for s in self.all_slips()? {
            batch.insert(write::paper_key(s.unit, b'R', &s.no.0), &[]);
            if s.state == crate::domain::release::SlipState::Issued {
                open.insert(s.no.0.as_bytes(), &[]);
            }
        }
        self.trees[SLIPS_OPEN].apply_batch(open)?;
        for v in self.visitors_numbered("")? {
            batch.insert(write::paper_key(v.host_unit, b'V', &v.no.0), &[]);
        }
        for p in self.all_permits()? {
            batch.insert(write::paper_key(p.unit, b'P', &p.no.0), &[]);
        }
        self.trees[UNIT_PAPERS].apply_batch(batch)?;
        self.sync()?;
        self.trees[META].insert("unit_papers_index", &u64_key(1))?;
        self.sync()
    }
}
