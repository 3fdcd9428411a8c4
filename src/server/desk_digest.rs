//! The shift-start digest: an operator's cases past or near a deadline, their callbacks due
//! today, their visits today, and what others changed on their cases since a given point of
//! the changes trail (the screen remembers where it was when it last closed). Read from the
//! open work in memory and the trail after that point: it costs what is open and what changed.

use chrono::Duration;

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::{CaseKey, ChangeSubject};
use crate::protocol::{Digest, FindingRow, Reply};

/// A deadline this close is "near" on the digest.
const NEAR: i64 = 2;
/// At most this many changes are listed; the rest are counted.
const MAX_CHANGES: usize = 200;

impl Desk {
    pub(super) fn digest(&self, tx: &Tx<'_>, changes_after: u64) -> DeskResult<Reply> {
        let me = tx.me.uid;
        let (_, tomorrow) = self.today(tx.now);
        let near = tx.now + Duration::hours(NEAR);
        let mine: Vec<_> = self
            .open_work
            .iter()
            .filter(|c| c.involves(me) && c.subject != Some(me))
            .collect();
        let my_keys: std::collections::HashSet<CaseKey> = mine.iter().map(|c| c.key).collect();
        let mut cases: Vec<_> = mine
            .iter()
            .filter(|c| c.nearest_deadline().is_some_and(|(_, at)| at <= near))
            .copied()
            .collect();
        cases.sort_by_key(|c| (c.nearest_deadline().map(|d| d.1), c.key));
        let cases = cases
            .into_iter()
            .map(|c| self.summarize(c, tx.now))
            .collect();

        let mut callbacks = Vec::new();
        for cb in self.store.pending_callbacks(Some(tomorrow))? {
            // Callbacks follow their case's owner (R-LIFE-01 谁跟进).
            let owned = cb
                .case()
                .and_then(|k| self.open_work.get(k))
                .is_some_and(|c| c.owner == me);
            if owned {
                callbacks.push(self.callback_row(cb, tx.now)?);
            }
        }
        let (midnight, _) = self.today(tx.now);
        // My visits today, after the ones of the last week I missed (R-VIS-02).
        let week_ago = midnight - chrono::Duration::days(super::desk_data::MISSED_VISIT_DAYS);
        let mut visits = Vec::new();
        for v in self.store.staff_visits_starting(me, week_ago, tomorrow)? {
            if v.start >= midnight || v.missed(tx.now) {
                visits.push(self.visit_row(v)?);
            }
        }

        let last_seq = self.store.last_change_seq()?;
        let mut changes = Vec::new();
        let mut more_changes = 0;
        if changes_after > 0 && changes_after < last_seq {
            for ch in self.store.changes_after(changes_after, usize::MAX)? {
                let on_mine =
                    matches!(&ch.subject, ChangeSubject::Case { key, .. } if my_keys.contains(key));
                if on_mine && ch.by != me {
                    if changes.len() < MAX_CHANGES {
                        changes.push(ch);
                    } else {
                        more_changes += 1;
                    }
                }
            }
        }
        let findings = tx
            .me
            .role
            .can_reassign()
            .then(|| self.findings_since(midnight, tx.now));
        Ok(Reply::Digest(Box::new(Digest {
            cases,
            callbacks,
            visits,
            changes,
            more_changes,
            last_seq,
            findings,
        })))
    }

    /// R-INT-17: the investigation findings recorded on open cases since `midnight`,
    /// newest first, for the office head.
    fn findings_since(
        &self,
        midnight: crate::domain::Time,
        now: crate::domain::Time,
    ) -> Vec<FindingRow> {
        let mut out = Vec::new();
        for c in self.open_work.iter() {
            let today: Vec<_> = c.findings().filter(|(e, _)| e.at >= midnight).collect();
            if today.is_empty() {
                continue;
            }
            let case = self.summarize(c, now);
            out.extend(today.into_iter().map(|(e, f)| FindingRow {
                case: case.clone(),
                by: e.by,
                at: e.at,
                finding: f.to_string(),
            }));
        }
        out.sort_by(|a, b| {
            b.at.cmp(&a.at)
                .then_with(|| a.case.ticket.cmp(&b.case.ticket))
        });
        out
    }
}

super::serve::serve! {
    read Digest(r, desk, cx) => desk.digest(&cx.tx, r.changes_after);
}
