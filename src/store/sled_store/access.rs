//! The access log tree (R-REC-13): who looked at what. Keyed by a big-endian sequence, so
//! the records are in time order: a read scans from the end, pruning deletes from the start.
//! Appends are batched by the daemon and are not part of any change transaction: a look
//! changes nothing, and losing the last second of reads to a power cut loses no resident data.

use super::SledStore;
use crate::domain::{AccessFilter, AccessRecord, Time};
use crate::store::codec::{decode, encode, Tag};
use crate::store::keys::{read_u64, u64_key};
use crate::store::{AccessStore, StoreError};

impl AccessStore for SledStore {
    fn append_accesses(&self, records: &mut [AccessRecord]) -> Result<(), StoreError> {
        if let Some(why) = self.blocker() {
            return Err(StoreError::Unavailable(why));
        }
        let first = match self.access.last()? {
            Some((k, _)) => read_u64(&k).unwrap_or(0) + 1,
            None => 1,
        };
        let mut batch = sled::Batch::default();
        for (seq, r) in (first..).zip(records.iter_mut()) {
            r.seq = seq;
            batch.insert(&u64_key(seq), encode(Tag::Access, r));
        }
        self.access.apply_batch(batch)?;
        // Durable before the batch is forgotten by the daemon.
        self.sync()
    }

    fn accesses(&self, filter: &AccessFilter) -> Result<Vec<AccessRecord>, StoreError> {
        let limit = filter.limit.clamp(1, 10_000) as usize;
        let mut out = Vec::new();
        for kv in self.access.iter().rev() {
            let (_, v) = kv?;
            let r: AccessRecord = decode("access", Tag::Access, &v)?;
            if filter.since.is_some_and(|t| r.at < t) {
                break;
            }
            if filter.matches(&r) {
                out.push(r);
                if out.len() == limit {
                    break;
                }
            }
        }
        out.reverse();
        Ok(out)
    }

    fn prune_accesses(&self, before: Time) -> Result<usize, StoreError> {
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for kv in self.access.iter() {
            let (k, v) = kv?;
            let r: AccessRecord = decode("access", Tag::Access, &v)?;
            if r.at >= before {
                break;
            }
            batch.remove(k);
            n += 1;
        }
        self.access.apply_batch(batch)?;
        Ok(n)
    }
}
