//! The search index's caches, owned by the index: short first-keystroke queries answered
//! from scratch (the cold cache), and spare score memos reused across queries.

use super::query::Query;

/// A memo entry not computed yet. Entries are i32 (skim scores are small) to halve the
/// memo's memory traffic.
pub(super) const UNSET: i32 = i32::MIN + 1;

/// First keystrokes repeat across operators and queries (there are only so many first
/// letters), and they are the most expensive: with no previous hits they score every name.
/// Short from-scratch queries are kept here until the index changes.
#[derive(Default)]
pub(super) struct ColdCache {
    generation: u64,
    entries: std::collections::VecDeque<(Query, usize, std::sync::Arc<Cold>)>,
}

pub(super) struct Cold {
    pub names: Option<Vec<u32>>,
    pub records: Option<Vec<u32>>,
    pub top: Vec<(i64, u64, u32)>,
}

const COLD_ENTRIES: usize = 48;
pub(super) const COLD_MAX_CHARS: usize = 3;

impl ColdCache {
    pub fn get(&self, generation: u64, q: &Query, limit: usize) -> Option<std::sync::Arc<Cold>> {
        if self.generation != generation {
            return None;
        }
        self.entries
            .iter()
            .find(|(eq, el, _)| eq == q && *el == limit)
            .map(|(_, _, c)| c.clone())
    }

    pub fn put(&mut self, generation: u64, q: Query, limit: usize, cold: Cold) {
        if self.generation != generation {
            self.entries.clear();
            self.generation = generation;
        }
        if self.entries.len() == COLD_ENTRIES {
            self.entries.pop_front();
        }
        self.entries
            .push_back((q, limit, std::sync::Arc::new(cold)));
    }
}

/// Spare dense memos: a fresh multi-megabyte vector per query would cost page faults and
/// kernel page zeroing on every first keystroke.
#[derive(Default)]
pub(super) struct MemoPool(std::sync::Mutex<Vec<Vec<i32>>>);

impl MemoPool {
    pub fn take(&self, len: usize) -> Vec<i32> {
        let spare = self.0.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut v = spare.unwrap_or_default();
        v.clear();
        v.resize(len, UNSET);
        v
    }

    pub fn give(&self, v: Vec<i32>) {
        let mut pool = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < 8 {
            pool.push(v);
        }
    }
}
