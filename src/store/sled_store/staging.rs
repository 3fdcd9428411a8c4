//! Import staging on disk: a connection's rows wait in the `import_staging` tree, keyed by
//! (token, line), until its commit applies them in batches. Staging is not a change: it is
//! not flushed and a crash simply loses it (nothing was acknowledged). A commit under way is
//! marked in `import_pending` (durably, before the first batch), so a daemon that dies
//! mid-import finishes it when it starts again; rows staged without a marker are dropped.

use super::*;
use crate::domain::ImportRow;
use crate::store::codec::{decode, encode, Tag};
use crate::store::write_set::PendingImport;
use crate::store::StagingStore;

const PENDING_KEY: &[u8] = b"pending";

pub(super) fn staged_key(token: u64, line: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&token.to_be_bytes());
    k[8..].copy_from_slice(&line.to_be_bytes());
    k
}

impl StagingStore for SledStore {
    fn stage_rows(&self, token: u64, rows: &[ImportRow]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for r in rows {
            batch.insert(&staged_key(token, r.line), encode(Tag::Staged, r));
        }
        self.trees[IMPORT_STAGING].apply_batch(batch)?;
        Ok(())
    }

    fn staged_rows(&self, token: u64, limit: usize) -> Result<Vec<ImportRow>, StoreError> {
        self.trees[IMPORT_STAGING]
            .scan_prefix(token.to_be_bytes())
            .take(limit)
            .map(|kv| {
                let (_, v) = kv?;
                decode("import_staging", Tag::Staged, &v)
            })
            .collect()
    }

    fn for_each_staged(
        &self,
        token: u64,
        f: &mut dyn FnMut(ImportRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for kv in self.trees[IMPORT_STAGING].scan_prefix(token.to_be_bytes()) {
            let (_, v) = kv?;
            f(decode("import_staging", Tag::Staged, &v)?)?;
        }
        Ok(())
    }

    fn clear_staging(&self, token: u64) -> Result<(), StoreError> {
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

    fn pending_import(&self) -> Result<Option<PendingImport>, StoreError> {
        self.get(IMPORT_PENDING, Tag::Staged, PENDING_KEY)
    }
}

impl SledStore {
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
