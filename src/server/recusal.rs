//! R-INT-12 on the read side: the staff member a complaint is about never reads it. Their
//! lists, cards and audit reads leave it out, and the events of such a case are not pushed
//! to them. (The step side — no action on it, whatever their role — is `Case::recuse`.)

use super::desk::{Desk, DeskResult};
use crate::domain::{CaseKey, ChangeRecord, ChangeSubject, StaffId};

impl Desk {
    /// Whether the case `key` (if any) is a complaint about `viewer`, withheld from them.
    pub(super) fn hides_case(&self, key: Option<CaseKey>, viewer: StaffId) -> DeskResult<bool> {
        Ok(match key {
            Some(k) => self
                .store
                .case(k)?
                .is_some_and(|c| c.subject == Some(viewer)),
            None => false,
        })
    }

    /// The subject of the complaint a change concerns, who must not receive it (R-INT-12).
    pub fn hidden_from(&self, change: &ChangeRecord) -> Option<StaffId> {
        let case = match &change.subject {
            ChangeSubject::Case { key, .. } => Some(*key),
            ChangeSubject::Callback { id, .. } => self
                .store
                .callback(*id)
                .ok()
                .flatten()
                .and_then(|c| c.case()),
            ChangeSubject::Visit { id, .. } => {
                self.store.visit(*id).ok().flatten().and_then(|v| v.case)
            }
            _ => None,
        }?;
        self.store.case(case).ok().flatten().and_then(|c| c.subject)
    }

    /// The change trail as `viewer` may read it: without the complaints about them.
    pub(super) fn changes_for(
        &self,
        viewer: StaffId,
        after: u64,
        limit: usize,
    ) -> DeskResult<Vec<ChangeRecord>> {
        Ok(self
            .store
            .changes_after(after, limit)?
            .into_iter()
            .filter(|c| self.hidden_from(c) != Some(viewer))
            .collect())
    }
}
