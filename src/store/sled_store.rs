//! The sled-backed store. Writes go through `commit(WriteSet)`: one transaction over every
//! tree (records, their indexes, meta counters, the idempotency record and the audit entry),
//! then `flush()` and an fsync of the data file before the caller may acknowledge. A failed
//! flush or fsync is never retried: the store turns read-only and says why (fail-stop).

use std::fs::File;
use std::path::{Path, PathBuf};

use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;

use super::codec::{
    block_entries, decode, encode, lookup_block_key, merge_block, Tag, SCHEMA_VERSION,
};
use super::keys::{self, case_key, pair, read_pair, read_u64, staff_time, time_pair, u64_key};
use super::StoreError;
use crate::domain::{
    Callback, CallbackId, CallbackStatus, Case, CaseKey, ChangeRecord, Customer, CustomerId,
    LookupRecord, RequestId, Staff, StaffId, Ticket, Time, Visit, VisitId,
};

#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// sled's page cache; its 1 GiB default is far more than a desk needs.
    pub cache_bytes: u64,
    /// Writes are refused when the data dir's filesystem has less free space than this.
    pub min_free_bytes: u64,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            cache_bytes: 64 << 20,
            min_free_bytes: 64 << 20,
        }
    }
}

/// Everything one logical change writes. `commit` applies it atomically.
#[derive(Debug, Default)]
pub struct WriteSet {
    pub customers: Vec<Customer>,
    pub cases: Vec<Case>,
    /// (previous version if any, new version): the previous one's index keys are removed.
    pub callbacks: Vec<(Option<Callback>, Callback)>,
    pub visits: Vec<(Option<Visit>, Visit)>,
    pub staff: Vec<Staff>,
    pub meta: Vec<(String, u64)>,
    /// The reply to store under (caller, request id) so a retry is answered, not re-applied.
    pub request: Option<(StaffId, RequestId, Vec<u8>)>,
    /// The audit entry; its `seq` is assigned by `commit`.
    pub change: Option<ChangeRecord>,
}

const TREE_NAMES: [&str; 15] = [
    "customers",
    "cases",
    "cases_by_ticket",
    "callbacks",
    "callbacks_by_id",
    "callbacks_by_due",
    "visits",
    "visits_by_id",
    "visits_by_time",
    "visits_by_staff",
    "staff",
    "changes",
    "requests",
    "meta",
    "lookup",
];
// Indexes into `trees`, in TREE_NAMES order.
const CUSTOMERS: usize = 0;
const CASES: usize = 1;
const CASES_BY_TICKET: usize = 2;
const CALLBACKS: usize = 3;
const CALLBACKS_BY_ID: usize = 4;
const CALLBACKS_BY_DUE: usize = 5;
const VISITS: usize = 6;
const VISITS_BY_ID: usize = 7;
const VISITS_BY_TIME: usize = 8;
const VISITS_BY_STAFF: usize = 9;
const STAFF: usize = 10;
const CHANGES: usize = 11;
const REQUESTS: usize = 12;
const META: usize = 13;
const LOOKUP: usize = 14;

pub struct SledStore {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    data_file: File,
    dir: PathBuf,
    config: StoreConfig,
    /// Set on the first flush/fsync failure; every later write is refused with it.
    failed: Option<String>,
    /// Test hook: the next durability step fails as a disk would.
    fail_next_sync: bool,
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

impl SledStore {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path, config: StoreConfig) -> Result<SledStore, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Io(format!("creating {}: {e}", dir.display())))?;
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(config.cache_bytes)
            // Every commit flushes itself before it is acknowledged; a background flusher
            // would only add a second writer whose disk errors surface later, on some
            // unrelated read, instead of on the write that caused them.
            .flush_every_ms(None)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked(dir.display().to_string())
                }
                other => StoreError::from(other),
            })?;
        let trees = TREE_NAMES
            .iter()
            .map(|n| db.open_tree(n))
            .collect::<Result<Vec<_>, _>>()?;
        let data_path = dir.join("db");
        let data_file = File::open(&data_path)
            .map_err(|e| StoreError::Io(format!("opening {}: {e}", data_path.display())))?;
        let store = SledStore {
            db,
            trees,
            data_file,
            dir: dir.to_path_buf(),
            config,
            failed: None,
            fail_next_sync: false,
        };
        match store.meta("schema")? {
            None => {
                store.trees[META].insert("schema", &u64_key(SCHEMA_VERSION))?;
                store.sync()?;
            }
            Some(found) if found > SCHEMA_VERSION => {
                return Err(StoreError::NewerSchema {
                    path: dir.display().to_string(),
                    found,
                    supported: SCHEMA_VERSION,
                })
            }
            Some(_) => {}
        }
        if store.meta("lookup_projection")?.is_none() {
            store.rebuild_lookup()?;
        }
        Ok(store)
    }

    /// Migration: (re)writes the lookup projection of every customer. Resumable: the
    /// marker is set only after the whole projection is durable.
    fn rebuild_lookup(&self) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        let mut block: Option<[u8; 8]> = None;
        let mut pending: Vec<(u64, Vec<u8>)> = Vec::new();
        let mut blocks = 0;
        for c in self.customers()? {
            let key = lookup_block_key(c.id.0);
            if block.is_some_and(|b| b != key) {
                batch.insert(&block.expect("checked above"), merge_block(None, &pending));
                pending.clear();
                blocks += 1;
                if blocks % 1000 == 0 {
                    self.trees[LOOKUP].apply_batch(std::mem::take(&mut batch))?;
                }
            }
            block = Some(key);
            pending.push((c.id.0, LookupRecord::from(&c).to_projection()));
        }
        if let Some(b) = block {
            batch.insert(&b, merge_block(None, &pending));
        }
        self.trees[LOOKUP].apply_batch(batch)?;
        self.sync()?;
        self.trees[META].insert("lookup_projection", &u64_key(1))?;
        self.sync()
    }

    /// Calls `f(customer id, projection bytes)` for every customer, in id order, reading
    /// whole blocks: the index is rebuilt without decoding a single full record.
    pub fn for_each_lookup(&self, mut f: impl FnMut(u64, &[u8])) -> Result<(), StoreError> {
        for kv in self.trees[LOOKUP].iter() {
            let (_, block) = kv?;
            for (id, bytes) in block_entries(&block) {
                f(id, bytes);
            }
        }
        Ok(())
    }

    /// Every customer's lookup projection, decoded (tests and tools; the daemon streams).
    pub fn lookup_records(&self) -> Result<Vec<LookupRecord>, StoreError> {
        let mut out = Vec::new();
        let mut bad = None;
        self.for_each_lookup(|id, bytes| {
            match LookupRecord::from_projection(CustomerId(id), bytes) {
                Some(r) => out.push(r),
                None => bad = Some(id),
            }
        })?;
        match bad {
            Some(id) => Err(StoreError::Corrupt {
                tree: "lookup",
                reason: format!("projection of customer {id} is damaged"),
            }),
            None => Ok(out),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Why writes are refused, if they are.
    pub fn write_blocker(&self) -> Option<String> {
        if let Some(f) = &self.failed {
            return Some(format!(
                "{f}; the daemon stopped accepting writes to protect your data. Check the disk, then restart `frontdesk serve`"
            ));
        }
        match nix::sys::statvfs::statvfs(&self.dir) {
            Ok(s) => {
                // The field types differ between platforms (u32 on some 32-bit targets).
                #[allow(clippy::unnecessary_cast)]
                let free = s.blocks_available() as u64 * s.fragment_size() as u64;
                (free < self.config.min_free_bytes).then(|| {
                    format!(
                        "only {} MiB free on the disk holding {}, below the {} MiB floor; free some space, nothing was saved",
                        free >> 20,
                        self.dir.display(),
                        self.config.min_free_bytes >> 20
                    )
                })
            }
            Err(e) => Some(format!("cannot check free disk space: {e}")),
        }
    }

    /// Test hook: make the next flush/fsync fail, as a failing disk would.
    pub fn inject_sync_failure(&mut self) {
        self.fail_next_sync = true;
    }

    fn sync(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        self.data_file
            .sync_all()
            .map_err(|e| StoreError::Disk(format!("fsync of the data file: {e}")))
    }

    /// Applies `ws` atomically and makes it durable. Returns the audit entry with its seq.
    pub fn commit(&mut self, ws: &WriteSet) -> Result<Option<ChangeRecord>, StoreError> {
        if let Some(why) = self.write_blocker() {
            return Err(StoreError::Unavailable(why));
        }
        let result = self.trees[..].transaction(|t| apply(t, ws));
        let change = match result {
            Ok(change) => change,
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => {
                // The disk refused the write itself (full, failing): the same fail-stop as a
                // failed fsync, since sled's state after a failed write is not to be trusted.
                let e = StoreError::from(e);
                self.failed = Some(format!("a write failed: {e}"));
                return Err(StoreError::Unavailable(format!(
                    "the change could not be written ({e}); it is NOT saved. The daemon now refuses writes until restarted"
                )));
            }
        };
        let synced = if std::mem::take(&mut self.fail_next_sync) {
            Err(StoreError::Disk("fsync failed (injected)".into()))
        } else {
            self.sync()
        };
        if let Err(e) = synced {
            // Fail-stop: an fsync error may have dropped dirty pages; retrying could report
            // success for data that is gone. Refuse all writes until an operator restarts.
            self.failed = Some(format!("flush/fsync failed: {e}"));
            return Err(StoreError::Unavailable(format!(
                "the change could not be made durable ({e}); it is NOT saved. The daemon now refuses writes until restarted"
            )));
        }
        Ok(change)
    }

    // ----- reads -----

    fn get<T: serde::de::DeserializeOwned>(
        &self,
        tree: usize,
        tag: Tag,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        self.trees[tree]
            .get(key)?
            .map(|v| decode(TREE_NAMES[tree], tag, &v))
            .transpose()
    }

    fn scan<T: serde::de::DeserializeOwned>(
        &self,
        tree: usize,
        tag: Tag,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        self.trees[tree]
            .scan_prefix(prefix)
            .map(|kv| {
                let (_, v) = kv?;
                decode(TREE_NAMES[tree], tag, &v)
            })
            .collect()
    }

    pub fn meta(&self, name: &str) -> Result<Option<u64>, StoreError> {
        Ok(self.trees[META].get(name)?.and_then(|v| read_u64(&v)))
    }

    pub fn all_meta(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.trees[META]
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    read_u64(&v).unwrap_or(0),
                ))
            })
            .collect()
    }

    pub fn customer(&self, id: CustomerId) -> Result<Option<Customer>, StoreError> {
        self.get(CUSTOMERS, Tag::Customer, &u64_key(id.0))
    }

    pub fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        self.scan(CUSTOMERS, Tag::Customer, &[])
    }

    pub fn case(&self, key: CaseKey) -> Result<Option<Case>, StoreError> {
        self.get(CASES, Tag::Case, &case_key(key))
    }

    pub fn case_by_ticket(&self, ticket: &Ticket) -> Result<Option<Case>, StoreError> {
        match self.trees[CASES_BY_TICKET].get(ticket.0.as_bytes())? {
            Some(k) => self.get(CASES, Tag::Case, &k),
            None => Ok(None),
        }
    }

    pub fn cases_for(&self, customer: CustomerId) -> Result<Vec<Case>, StoreError> {
        self.scan(CASES, Tag::Case, &u64_key(customer.0))
    }

    pub fn all_cases(&self) -> Result<Vec<Case>, StoreError> {
        self.scan(CASES, Tag::Case, &[])
    }

    pub fn callback(&self, id: CallbackId) -> Result<Option<Callback>, StoreError> {
        match self.trees[CALLBACKS_BY_ID].get(u64_key(id.0))? {
            Some(c) => self.get(
                CALLBACKS,
                Tag::Callback,
                &pair(read_u64(&c).unwrap_or(0), id.0),
            ),
            None => Ok(None),
        }
    }

    pub fn callbacks_for(&self, customer: CustomerId) -> Result<Vec<Callback>, StoreError> {
        self.scan(CALLBACKS, Tag::Callback, &u64_key(customer.0))
    }

    pub fn all_callbacks(&self) -> Result<Vec<Callback>, StoreError> {
        self.scan(CALLBACKS, Tag::Callback, &[])
    }

    /// Pending callbacks in due order, those due before `until` (all when None).
    pub fn pending_callbacks(&self, until: Option<Time>) -> Result<Vec<Callback>, StoreError> {
        let end = until.map(|t| time_pair(t, 0).to_vec());
        let range = match &end {
            Some(e) => self.trees[CALLBACKS_BY_DUE].range(..e.as_slice()),
            None => self.trees[CALLBACKS_BY_DUE].range::<&[u8], _>(..),
        };
        let mut out = Vec::new();
        for kv in range {
            let (k, v) = kv?;
            let id = read_pair(&k).map(|(_, id)| id).unwrap_or(0);
            let customer = read_u64(&v).unwrap_or(0);
            if let Some(cb) = self.get(CALLBACKS, Tag::Callback, &pair(customer, id))? {
                out.push(cb);
            }
        }
        Ok(out)
    }

    pub fn visit(&self, id: VisitId) -> Result<Option<Visit>, StoreError> {
        match self.trees[VISITS_BY_ID].get(u64_key(id.0))? {
            Some(c) => self.get(VISITS, Tag::Visit, &pair(read_u64(&c).unwrap_or(0), id.0)),
            None => Ok(None),
        }
    }

    pub fn visits_for(&self, customer: CustomerId) -> Result<Vec<Visit>, StoreError> {
        self.scan(VISITS, Tag::Visit, &u64_key(customer.0))
    }

    pub fn all_visits(&self) -> Result<Vec<Visit>, StoreError> {
        self.scan(VISITS, Tag::Visit, &[])
    }

    fn visits_from_index(
        &self,
        range: impl Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
        id_at: usize,
    ) -> Result<Vec<Visit>, StoreError> {
        let mut out = Vec::new();
        for kv in range {
            let (k, v) = kv?;
            let id = k.get(id_at..).and_then(read_u64).unwrap_or(0);
            let customer = read_u64(&v).unwrap_or(0);
            if let Some(visit) = self.get(VISITS, Tag::Visit, &pair(customer, id))? {
                out.push(visit);
            }
        }
        Ok(out)
    }

    /// Visits starting in `[from, to)`, in start order.
    pub fn visits_starting(&self, from: Time, to: Time) -> Result<Vec<Visit>, StoreError> {
        let (a, b) = (time_pair(from, 0), time_pair(to, 0));
        self.visits_from_index(self.trees[VISITS_BY_TIME].range(a..b), 8)
    }

    /// One staff member's visits starting in `[from, to)`.
    pub fn staff_visits_starting(
        &self,
        uid: StaffId,
        from: Time,
        to: Time,
    ) -> Result<Vec<Visit>, StoreError> {
        let (a, b) = (staff_time(uid.0, from, 0), staff_time(uid.0, to, 0));
        self.visits_from_index(self.trees[VISITS_BY_STAFF].range(a..b), 12)
    }

    pub fn staff(&self, uid: StaffId) -> Result<Option<Staff>, StoreError> {
        self.get(STAFF, Tag::Staff, &uid.0.to_be_bytes())
    }

    pub fn all_staff(&self) -> Result<Vec<Staff>, StoreError> {
        self.scan(STAFF, Tag::Staff, &[])
    }

    pub fn staff_count(&self) -> usize {
        self.trees[STAFF].len()
    }

    pub fn changes_after(&self, seq: u64, limit: usize) -> Result<Vec<ChangeRecord>, StoreError> {
        self.trees[CHANGES]
            .range(u64_key(seq.saturating_add(1))..)
            .take(limit)
            .map(|kv| decode("changes", Tag::Change, &kv?.1))
            .collect()
    }

    pub fn last_change_seq(&self) -> Result<u64, StoreError> {
        Ok(self.trees[CHANGES]
            .last()?
            .and_then(|(k, _)| read_u64(&k))
            .unwrap_or(0))
    }

    pub fn stored_reply(&self, uid: StaffId, id: RequestId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.trees[REQUESTS]
            .get(request_key(uid, id))?
            .map(|v| v.to_vec()))
    }
}

fn request_key(uid: StaffId, id: RequestId) -> [u8; 20] {
    let mut k = [0u8; 20];
    k[..4].copy_from_slice(&uid.0.to_be_bytes());
    k[4..].copy_from_slice(&id.0);
    k
}

/// The transaction body: writes every record and index of `ws`, then the audit entry.
fn apply(t: &[TransactionalTree], ws: &WriteSet) -> TxResult<Option<ChangeRecord>> {
    let mut blocks: std::collections::BTreeMap<[u8; 8], Vec<(u64, Vec<u8>)>> = Default::default();
    for c in &ws.customers {
        t[CUSTOMERS].insert(&u64_key(c.id.0), encode(Tag::Customer, c))?;
        blocks
            .entry(lookup_block_key(c.id.0))
            .or_default()
            .push((c.id.0, LookupRecord::from(c).to_projection()));
    }
    for (key, updates) in blocks {
        let old = t[LOOKUP].get(key)?;
        t[LOOKUP].insert(&key, merge_block(old.as_deref(), &updates))?;
    }
    for c in &ws.cases {
        let k = case_key(c.key);
        t[CASES].insert(&k, encode(Tag::Case, c))?;
        t[CASES_BY_TICKET].insert(c.ticket.0.as_bytes(), &k)?;
    }
    for (old, cb) in &ws.callbacks {
        if let Some(o) = old {
            t[CALLBACKS_BY_DUE].remove(&time_pair(o.due, o.id.0))?;
        }
        t[CALLBACKS].insert(&pair(cb.customer.0, cb.id.0), encode(Tag::Callback, cb))?;
        t[CALLBACKS_BY_ID].insert(&u64_key(cb.id.0), &u64_key(cb.customer.0))?;
        if cb.status == CallbackStatus::Pending {
            t[CALLBACKS_BY_DUE].insert(&time_pair(cb.due, cb.id.0), &u64_key(cb.customer.0))?;
        }
    }
    for (old, v) in &ws.visits {
        if let Some(o) = old {
            t[VISITS_BY_TIME].remove(&time_pair(o.start, o.id.0))?;
            t[VISITS_BY_STAFF].remove(staff_time(o.staff.0, o.start, o.id.0))?;
        }
        let cust = u64_key(v.customer.0);
        t[VISITS].insert(&pair(v.customer.0, v.id.0), encode(Tag::Visit, v))?;
        t[VISITS_BY_ID].insert(&u64_key(v.id.0), &cust)?;
        t[VISITS_BY_TIME].insert(&time_pair(v.start, v.id.0), &cust)?;
        t[VISITS_BY_STAFF].insert(staff_time(v.staff.0, v.start, v.id.0), &cust)?;
    }
    for s in &ws.staff {
        t[STAFF].insert(&s.uid.0.to_be_bytes(), encode(Tag::Staff, s))?;
    }
    for (name, value) in &ws.meta {
        t[META].insert(name.as_bytes(), &u64_key(*value))?;
    }
    if let Some((uid, id, reply)) = &ws.request {
        t[REQUESTS].insert(&request_key(*uid, *id), reply.as_slice())?;
    }
    let Some(change) = &ws.change else {
        return Ok(None);
    };
    let seq = t[META]
        .get("last_change")?
        .and_then(|v| keys::read_u64(&v))
        .unwrap_or(0)
        + 1;
    let record = ChangeRecord {
        seq,
        ..change.clone()
    };
    t[CHANGES].insert(&u64_key(seq), encode(Tag::Change, &record))?;
    t[META].insert("last_change", &u64_key(seq))?;
    Ok(Some(record))
}

/// Raw access for export/restore, which copy records verbatim.
impl SledStore {
    pub fn changes_all(&self) -> Result<Vec<ChangeRecord>, StoreError> {
        self.changes_after(0, usize::MAX)
    }

    /// Restore-only: writes audit entries with their original seqs.
    pub fn restore_changes(&mut self, records: &[ChangeRecord]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for r in records {
            batch.insert(&u64_key(r.seq), encode(Tag::Change, r));
        }
        self.trees[CHANGES].apply_batch(batch)?;
        Ok(())
    }

    /// Makes everything written so far durable (restore uses it once at the end).
    pub fn sync_now(&self) -> Result<(), StoreError> {
        self.sync()
    }
}
