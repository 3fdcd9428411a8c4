//! The hotline's lookup across its estates: every estate's residents in one index, so a
//! keystroke is one search over a million residents — as on one estate's box — rather than
//! five hundred searches and a merge. A resident's id there carries their estate's place in
//! its upper bits (`C12` of the third estate is `3 << 40 | 12`); each estate's pump keeps
//! its part up to date as it follows the change log, under the same write as its own index.

use std::sync::{Arc, RwLock};

use crate::domain::CustomerId;
use crate::search::SearchIndex;

/// Bits below an estate's place: a customer number within an estate stays below 2^40.
const PLACE_SHIFT: u32 = 40;
const LOCAL: u64 = (1 << PLACE_SHIFT) - 1;

/// One estate's part of the group index.
pub(super) struct Mirror {
    pub index: Arc<RwLock<SearchIndex>>,
    /// 1 for the first estate, and so on (0 is no estate).
    pub place: u64,
}

impl Mirror {
    pub fn id(&self, local: CustomerId) -> CustomerId {
        CustomerId(self.place << PLACE_SHIFT | (local.0 & LOCAL))
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, SearchIndex> {
        self.index.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Copies every resident of `estate_index` in (at start, and after a whole desk changed).
    pub fn fill_from(&self, estate_index: &SearchIndex) {
        let mut group = self.write();
        for id in estate_index.live_ids() {
            if let Some(r) = estate_index.summary(id) {
                group.upsert_projection(self.id(id), &r.to_projection());
            }
        }
    }

    /// Takes out every resident `estate_index` holds (before a fill from its rebuild).
    pub fn clear_from(&self, estate_index: &SearchIndex) {
        let mut group = self.write();
        for id in estate_index.live_ids() {
            group.remove(self.id(id));
        }
    }

    pub fn upsert(&self, local: CustomerId, projection: &[u8]) {
        self.write().upsert_projection(self.id(local), projection);
    }

    pub fn remove(&self, local: CustomerId) {
        self.write().remove(self.id(local));
    }
}

/// An id of the group index as (the estate's place, its customer id there).
pub(super) fn split(id: CustomerId) -> (u64, CustomerId) {
    (id.0 >> PLACE_SHIFT, CustomerId(id.0 & LOCAL))
}
