//! The desk's open work, held in memory: every case not yet closed, loaded once at start from
//! the store's open-cases index and updated with each commit that writes a case. The views
//! (mine, handling, deadlines, escalated, all open), their counts and the status line read it
//! and never decode history: they cost what is open, not what was ever stored.

use std::collections::HashMap;

use crate::domain::case::CaseView;
use crate::domain::{Case, CaseKey, CaseKind, CaseStatus, Handler, Staff, Time};
use crate::protocol::ViewCounts;
use crate::store::{Store, StoreError};

#[derive(Default)]
pub(super) struct OpenWork {
    cases: HashMap<CaseKey, Case>,
}

impl OpenWork {
    pub(super) fn load(store: &dyn Store) -> Result<OpenWork, StoreError> {
        let cases = store
            .unclosed_cases()?
            .into_iter()
            .map(|c| (c.key, c))
            .collect();
        Ok(OpenWork { cases })
    }

    /// Follows a commit: closed cases leave, every other written case is (re)placed.
    pub(super) fn apply(&mut self, written: &[Case]) {
        for c in written {
            if c.status == CaseStatus::Closed {
                self.cases.remove(&c.key);
            } else {
                self.cases.insert(c.key, c.clone());
            }
        }
    }

    /// Follows a commit that moved cases to new keys (a merge): the old keys go.
    pub(super) fn forget(&mut self, keys: &[CaseKey]) {
        for k in keys {
            self.cases.remove(k);
        }
    }

    /// One open case by key.
    pub(super) fn get(&self, key: CaseKey) -> Option<&Case> {
        self.cases.get(&key)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &Case> {
        self.cases.values()
    }

    /// The cases of `view` for `me`, in the view's order: the deadline board by nearest
    /// deadline (past ones first, as they are the earliest), the others newest first. A
    /// complaint about `me` is never listed to me (R-INT-12).
    pub(super) fn in_view(&self, view: CaseView, me: &Staff) -> Vec<&Case> {
        let mut rows: Vec<&Case> = self
            .cases
            .values()
            .filter(|c| c.subject != Some(me.uid) && belongs(view, c, me))
            .collect();
        match view {
            CaseView::Deadlines => {
                rows.sort_by_cached_key(|c| (c.nearest_deadline().map(|d| d.1), c.key))
            }
            _ => rows.sort_by(|a, b| {
                b.registered_at
                    .cmp(&a.registered_at)
                    .then(b.key.cmp(&a.key))
            }),
        }
        rows
    }

    /// Every view's count for `me`, in one pass. The deadline board counts what is past.
    pub(super) fn counts(&self, me: &Staff, now: Time) -> ViewCounts {
        let mut n = ViewCounts::default();
        for c in self.cases.values().filter(|c| c.subject != Some(me.uid)) {
            n.mine += u64::from(belongs(CaseView::Mine, c, me));
            n.handling += u64::from(belongs(CaseView::Handling, c, me));
            n.escalated += u64::from(belongs(CaseView::Escalated, c, me));
            n.suggestions += u64::from(belongs(CaseView::Suggestions, c, me));
            n.open += u64::from(c.status.is_open());
            n.past_deadline += u64::from(!c.overdue(now).is_empty());
        }
        n
    }
}

/// Whether `c` is in `view` for `me`.
pub(super) fn belongs(view: CaseView, c: &Case, me: &Staff) -> bool {
    match view {
        CaseView::Mine => c.owner == me.uid && c.status != CaseStatus::Closed,
        CaseView::Handling => {
            c.status.is_open()
                && match &c.handler {
                    Some(Handler::Staff(uid)) => *uid == me.uid,
                    Some(Handler::Department(d)) => !me.dept.is_empty() && *d == me.dept,
                    None => false,
                }
        }
        CaseView::Deadlines => c.nearest_deadline().is_some(),
        CaseView::Escalated => c.escalated_to() == Some(me.uid),
        CaseView::Suggestions => c.kind == CaseKind::Suggestion && c.status.is_open(),
        CaseView::Open => c.status.is_open(),
    }
}
