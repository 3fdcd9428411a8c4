//! The access log's write path (R-REC-13): reads are noted in memory as they are answered —
//! a search on the keystroke path costs a push onto a vector — and a background thread
//! writes them to the store's `access` tree about once a second, and prunes what is older
//! than the policy's retention once an hour. A search extended keystroke by keystroke
//! (`z`, `zh`, `zha`) is kept as its last query.

use std::sync::{Mutex, Weak};
use std::time::Duration;

use super::Shared;
use crate::domain::{Access, AccessRecord, StaffId, Time};

/// How long after one search a longer query from the same person replaces it.
const TYPING_WINDOW_SECS: i64 = 3;

#[derive(Default)]
pub(crate) struct AccessLog {
    pending: Mutex<Vec<AccessRecord>>,
}

impl AccessLog {
    /// Notes one look at personal data.
    pub fn record(&self, by: StaffId, at: Time, what: Access, reason: Option<String>) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        if let Access::Search { query, .. } = &what {
            let typed_on = pending.iter().rposition(|r| r.by == by).filter(|&i| {
                let r = &pending[i];
                matches!(&r.what, Access::Search { query: q, .. } if query.starts_with(q.as_str()))
                    && (at - r.at).num_seconds() <= TYPING_WINDOW_SECS
            });
            if let Some(i) = typed_on {
                pending.remove(i);
            }
        }
        pending.push(AccessRecord {
            seq: 0,
            at,
            by,
            what,
            reason,
        });
    }

    pub fn take(&self) -> Vec<AccessRecord> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// Writes what was noted into the store (called with the desk lock free).
pub(super) fn flush(shared: &Shared) {
    let mut records = shared.access.take();
    if records.is_empty() {
        return;
    }
    let desk = shared.desk_read();
    if let Err(e) = desk.store.append_accesses(&mut records) {
        tracing::warn!("could not write {} access log records: {e}", records.len());
    }
}

/// Deletes access records older than the retention.
pub(super) fn prune(shared: &Shared) {
    let now = (shared.clock)();
    let desk = shared.desk_read();
    let keep = chrono::Duration::days(desk.policy().access_retention_days.max(1));
    match desk.store.prune_accesses(now - keep) {
        Ok(0) => {}
        Ok(n) => tracing::info!("pruned {n} access log records past retention"),
        Err(e) => tracing::warn!("could not prune the access log: {e}"),
    }
}

/// The background writer: flush every second, prune at start and hourly, until the server
/// is gone.
pub(super) fn start_writer(shared: Weak<Shared>) {
    let spawned = std::thread::Builder::new()
        .name("access-log".into())
        .spawn(move || {
            let mut ticks = 0u64;
            loop {
                let Some(shared) = shared.upgrade() else {
                    return;
                };
                if ticks.is_multiple_of(3600) {
                    prune(&shared);
                }
                flush(&shared);
                drop(shared);
                ticks += 1;
                std::thread::sleep(Duration::from_secs(1));
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the access log writer: {e}");
    }
}
