//! Import staging on disk: a connection's rows wait in the `import_staging` tree, keyed by
//! (token, line), until its commit applies them in batches. Staging is not a change: it is
//! not flushed and a crash simply loses it (nothing was acknowledged). A commit under way is
//! marked in `import_pending` (durably, before the first batch), so a daemon that dies
//! mid-import finishes it when it starts again; rows staged without a marker are dropped.

use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::{RequestId, StaffId, Time};
use crate::protocol::ImportRow;
use crate::store::codec::{decode, encode, Tag};

/// An import being committed: enough to finish it after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingImport {
    pub token: u64,
    pub by: StaffId,
    pub request_id: RequestId,
    pub started: Time,
    /// The next id to give a row without one.
    pub next_id: u64,
    /// Rows applied so far, and the first id given.
    pub applied: u64,
    pub first_id: u64,
}

const PENDING_KEY: &[u8] = b"pending";

fn staged_key(token: u64, line: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&token.to_be_bytes());
    k[8..].copy_from_slice(&line.to_be_bytes());
    k
}

impl SledStore {
    /// Stages rows for `token` (a row staged twice for one line replaces the first).
    pub fn stage_rows(&self, token: u64, rows: &[ImportRow]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for r in rows {
            batch.insert(&staged_key(token, r.line), encode(Tag::Staged, r));
        }
        self.trees[IMPORT_STAGING].apply_batch(batch)?;
        Ok(())
    }

    /// Up to `limit` of `token`'s staged rows, in line order.
    pub fn staged_rows(&self, token: u64, limit: usize) -> Result<Vec<ImportRow>, StoreError> {
        self.trees[IMPORT_STAGING]
            .scan_prefix(token.to_be_bytes())
            .take(limit)
            .map(|kv| {
                let (_, v) = kv?;
                decode("import_staging", Tag::Staged, &v)
            })
            .collect()
    }

    /// Every staged row of `token`, streamed to `f` in line order.
    pub fn for_each_staged(
        &self,
        token: u64,
        mut f: impl FnMut(ImportRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for kv in self.trees[IMPORT_STAGING].scan_prefix(token.to_be_bytes()) {
            let (_, v) = kv?;
            f(decode("import_staging", Tag::Staged, &v)?)?;
        }
        Ok(())
    }

    /// Drops `token`'s staged rows (a connection closed, a refused file).
    pub fn clear_staging(&self, token: u64) -> Result<(), StoreError> {
        let keys: Vec<_> = self.trees[IMPORT_STAGING]
            .scan_prefix(token.to_be_bytes())
            .keys()
            .collect::<Result<_, _>>()?;
        let mut batch = sled::Batch::default();
        for k in keys {
            batch.remove(k);
        }
        self.trees[IMPORT_STAGING].apply_batch(batch)?;
        Ok(())
    }

    pub fn pending_import(&self) -> Result<Option<PendingImport>, StoreError> {
        self.get(IMPORT_PENDING, Tag::Staged, PENDING_KEY)
    }

    /// At start-up: staged rows with no commit under way belong to connections that are
    /// gone; they are dropped.
    pub(super) fn drop_abandoned_staging(&self) -> Result<(), StoreError> {
        let keep = self.pending_import()?.map(|p| p.token);
        let tokens: std::collections::BTreeSet<u64> = self.trees[IMPORT_STAGING]
            .iter()
            .keys()
            .filter_map(|k| k.ok())
            .filter_map(|k| keys::read_u64(&k))
            .filter(|t| Some(*t) != keep)
            .collect();
        for t in tokens {
            self.clear_staging(t)?;
        }
        Ok(())
    }
}

/// The staged keys a batch consumes, for `WriteSet::unstaged`.
pub fn staged_keys(token: u64, lines: impl Iterator<Item = u64>) -> Vec<[u8; 16]> {
    lines.map(|l| staged_key(token, l)).collect()
}

/// Writes or clears the pending-import marker inside a commit.
pub(super) fn write_pending(
    t: &sled::transaction::TransactionalTree,
    pending: &Option<PendingImport>,
) -> Result<(), sled::transaction::UnabortableTransactionError> {
    match pending {
        Some(p) => t.insert(PENDING_KEY, encode(Tag::Staged, p))?,
        None => t.remove(PENDING_KEY)?,
    };
    Ok(())
}
