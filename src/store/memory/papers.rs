//! The paperwork, import staging and access log on the maps: applied by the commit,
//! answered in the orders the seam promises.

use super::{Maps, MemoryStore, StoreError};
use crate::domain::call::{Call, CallId};
use crate::domain::cover::Cover;
use crate::domain::fees::{Arrear, Reminder};
use crate::domain::survey::{RoundMonth, SurveyResponse, SurveyRound};
use crate::domain::{AccessFilter, AccessRecord, CustomerId, ImportRow, Time, UnitCode};
use crate::store::{AccessStore, PaperStore, PendingImport, StagingStore, WriteSet};

type R<T> = Result<T, StoreError>;

/// The paperwork part of a commit.
pub(super) fn apply(m: &mut Maps, ws: &WriteSet) {
    for s in &ws.surveys {
        m.surveys.insert(s.month, s.clone());
    }
    for r in &ws.survey_responses {
        m.responses.insert((r.month, r.unit), r.clone());
    }
    if let Some(rows) = &ws.arrears {
        m.arrears = rows
            .iter()
            .map(|a| ((a.unit, a.kind, a.period.from, a.period.to), a.clone()))
            .collect();
    }
    for (seq, r) in &ws.reminders {
        m.reminders.insert((r.unit, r.at, *seq), r.clone());
    }
    for (seq, c) in &ws.covers {
        m.covers.insert((c.from, *seq), c.clone());
    }
    for c in &ws.calls {
        m.calls.insert(c.id, c.clone());
    }
    for p in &ws.papers {
        m.papers.insert((p.kind, p.no.clone()), p.clone());
    }
}

impl PaperStore for MemoryStore {
    fn survey(&self, month: RoundMonth) -> R<Option<SurveyRound>> {
        Ok(self.maps().surveys.get(&month).cloned())
    }

    fn all_surveys(&self) -> R<Vec<SurveyRound>> {
        Ok(self.maps().surveys.values().cloned().collect())
    }

    fn survey_responses(&self, month: RoundMonth) -> R<Vec<SurveyResponse>> {
        Ok(self
            .maps()
            .responses
            .values()
            .filter(|r| r.month == month)
            .cloned()
            .collect())
    }

    fn all_survey_responses(&self) -> R<Vec<SurveyResponse>> {
        Ok(self.maps().responses.values().cloned().collect())
    }

    fn arrears_in(&self, building: Option<u32>) -> R<Vec<Arrear>> {
        Ok(self
            .maps()
            .arrears
            .values()
            .filter(|a| building.is_none_or(|b| a.unit.building == b))
            .cloned()
            .collect())
    }

    fn arrears_of(&self, unit: UnitCode) -> R<Vec<Arrear>> {
        Ok(self
            .maps()
            .arrears
            .values()
            .filter(|a| a.unit == unit)
            .cloned()
            .collect())
    }

    fn reminders_of(&self, unit: UnitCode, since: Time) -> R<Vec<Reminder>> {
        Ok(self
            .maps()
            .reminders
            .range((unit, since, 0)..)
            .take_while(|((u, _, _), _)| *u == unit)
            .map(|(_, r)| r.clone())
            .collect())
    }

    fn all_reminders(&self) -> R<Vec<Reminder>> {
        Ok(self.maps().reminders.values().cloned().collect())
    }

    fn covers_since(&self, since: Time) -> R<Vec<Cover>> {
        Ok(self
            .maps()
            .covers
            .range((since, 0)..)
            .map(|(_, c)| c.clone())
            .collect())
    }

    fn all_covers(&self) -> R<Vec<Cover>> {
        Ok(self.maps().covers.values().cloned().collect())
    }

    fn call(&self, id: CallId) -> R<Option<Call>> {
        Ok(self.maps().calls.get(&id).cloned())
    }

    fn calls_of(&self, customer: CustomerId, limit: usize) -> R<Vec<Call>> {
        Ok(self
            .maps()
            .calls
            .values()
            .rev()
            .filter(|c| c.customers.contains(&customer))
            .take(limit)
            .cloned()
            .collect())
    }

    fn all_calls(&self) -> R<Vec<Call>> {
        Ok(self.maps().calls.values().cloned().collect())
    }

    fn paper_bodies(&self, kind: char, which: crate::store::Which<'_>) -> R<Vec<Vec<u8>>> {
        use crate::store::Which;
        let m = self.maps();
        let mut rows: Vec<&crate::store::PaperRow> = m
            .papers
            .range((kind, String::new())..)
            .take_while(|((k, _), _)| *k == kind)
            .filter(|((_, no), p)| match which {
                Which::One(n) => no == n,
                Which::Open => p.open,
                Which::All => true,
                Which::Unit(u) => p.unit == u,
                Which::Building(b) => p.unit.building == b,
                Which::Numbered(prefix) => no.starts_with(prefix),
            })
            .map(|(_, p)| p)
            .collect();
        if let Which::Building(_) = which {
            rows.sort_by(|a, b| (a.unit, &a.no).cmp(&(b.unit, &b.no)));
        }
        Ok(rows.into_iter().map(|p| p.body.clone()).collect())
    }
}

impl StagingStore for MemoryStore {
    fn stage_rows(&self, token: u64, rows: &[ImportRow]) -> R<()> {
        let mut m = self.maps();
        for r in rows {
            m.staged.insert((token, r.line), r.clone());
        }
        Ok(())
    }

    fn staged_rows(&self, token: u64, limit: usize) -> R<Vec<ImportRow>> {
        Ok(self
            .maps()
            .staged
            .range((token, 0)..=(token, u64::MAX))
            .take(limit)
            .map(|(_, r)| r.clone())
            .collect())
    }

    fn for_each_staged(&self, token: u64, f: &mut dyn FnMut(ImportRow) -> R<()>) -> R<()> {
        for row in self.staged_rows(token, usize::MAX)? {
            f(row)?;
        }
        Ok(())
    }

    fn clear_staging(&self, token: u64) -> R<()> {
        self.maps().staged.retain(|(t, _), _| *t != token);
        Ok(())
    }

    fn pending_import(&self) -> R<Option<PendingImport>> {
        Ok(self.maps().pending.clone())
    }
}

impl AccessStore for MemoryStore {
    fn append_accesses(&self, records: &mut [AccessRecord]) -> R<()> {
        let mut m = self.maps();
        let first = m.access.last().map_or(1, |r| r.seq + 1);
        for (seq, r) in (first..).zip(records.iter_mut()) {
            r.seq = seq;
            m.access.push(r.clone());
        }
        Ok(())
    }

    fn accesses(&self, filter: &AccessFilter) -> R<Vec<AccessRecord>> {
        let limit = filter.limit.clamp(1, 10_000) as usize;
        let m = self.maps();
        let mut out: Vec<AccessRecord> = m
            .access
            .iter()
            .rev()
            .take_while(|r| filter.since.is_none_or(|t| r.at >= t))
            .filter(|r| filter.matches(r))
            .take(limit)
            .cloned()
            .collect();
        out.reverse();
        Ok(out)
    }

    fn prune_accesses(&self, before: Time) -> R<usize> {
        let mut m = self.maps();
        let n = m.access.iter().take_while(|r| r.at < before).count();
        m.access.drain(..n);
        Ok(n)
    }
}
