//! The sled-backed store. Writes go through `commit(WriteSet)`: one transaction over every
//! tree (records, their indexes, meta counters, the idempotency record and the audit entry),
//! then `flush()` and an fsync of the data file before the caller may acknowledge. A failed
//! flush or fsync is never retried: the store turns read-only and says why (fail-stop).
//! This file opens the store (and migrates it); `write` commits, `read` answers.

mod access;
mod desk_papers;
mod history;
mod read;
mod staging;
mod write;

use std::fs::File;
use std::path::{Path, PathBuf};

use super::codec::{block_entries, lookup_block_key, merge_block, SCHEMA_VERSION};
use super::keys::{self, u64_key};
use super::StoreError;
use crate::domain::loan::Loan;
use crate::domain::permit::Permit;
use crate::domain::release::ReleaseSlip;
use crate::domain::visitor::Visitor;
use crate::domain::CustomerSummary;
#[allow(unused_imports)] // the submodules' `use super::*` brings the traits into scope
use crate::store::{PaperStore, StagingStore, Store};

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

/// Every tree the store keeps, declared once: its index into `trees` (the constant), its
/// name on disk, and what it holds. Keys are hand-built big-endian (`keys.rs`): customer id
/// first where a customer's history is one prefix scan, the sort field first where a queue is
/// a range scan.
macro_rules! trees {
    (@index $i:expr;) => {};
    (@index $i:expr; $(#[$m:meta])* $c:ident = $n:literal, $($rest:tt)*) => {
        $(#[$m])*
        const $c: usize = $i;
        trees!(@index $i + 1; $($rest)*);
    };
    ($($(#[$m:meta])* $c:ident = $n:literal,)*) => {
        const TREE_NAMES: &[&str] = &[$($n),*];
        trees!(@index 0; $($(#[$m])* $c = $n,)*);
    };
}

trees! {
    /// Key: customer(8); value: Customer.
    CUSTOMERS = "customers",
    /// Key: customer(8) ++ case_seq(8); value: Case.
    CASES = "cases",
    /// Key: ticket (ASCII); value: cases key (16).
    CASES_BY_TICKET = "cases_by_ticket",
    /// Key: customer(8) ++ callback_id(8); value: Callback.
    CALLBACKS = "callbacks",
    /// Key: callback_id(8); value: customer(8).
    CALLBACKS_BY_ID = "callbacks_by_id",
    /// Key: due_ms(8, sign-flipped) ++ id(8); value: customer(8).
    CALLBACKS_BY_DUE = "callbacks_by_due",
    /// Key: customer(8) ++ visit_id(8); value: Visit.
    VISITS = "visits",
    /// Key: visit_id(8); value: customer(8).
    VISITS_BY_ID = "visits_by_id",
    /// Key: start_ms(8) ++ visit_id(8); value: customer(8).
    VISITS_BY_TIME = "visits_by_time",
    /// Key: uid(4) ++ start_ms(8) ++ visit_id(8); value: customer(8).
    VISITS_BY_STAFF = "visits_by_staff",
    /// Key: uid(4); value: Staff.
    STAFF = "staff",
    /// Key: seq(8); value: ChangeRecord.
    CHANGES = "changes",
    /// Key: uid(4) ++ request_id(16); value: encoded reply.
    REQUESTS = "requests",
    /// Key: name (ASCII): Counter::name, markers; value: u64 (8).
    META = "meta",
    LOOKUP = "lookup",
    /// Every case not closed, by case key: the open work that counts and queues read, so they
    /// cost what is open, not what is history.
    OPEN_CASES = "open_cases",
    /// Dwellings by unit code (R-REC-01): occupants past and present, move-in papers.
    DWELLINGS = "dwellings",
    /// Residents who live nowhere any more (moved out of every dwelling they were recorded
    /// in), by customer id: their history stays searchable; tier callback plans skip them.
    MOVED_OUT = "moved_out",
    /// The latest R-REC-07 verification of each resident, by customer id.
    VERIFIED = "verified",
    /// A merged duplicate's id → the record it was merged into, so old ids still resolve.
    FORWARDS = "forwards",
    /// Rows staged for an import, by (token, line); see `staging`.
    IMPORT_STAGING = "import_staging",
    /// The import being committed, if any (one key).
    IMPORT_PENDING = "import_pending",
    /// Every case by the unit it was registered at: (unit, case key) → nothing. A case belongs
    /// to its unit as well as to its resident (R-REC-01), even after they move out.
    UNIT_CASES = "unit_cases",
    /// Satisfaction survey rounds by month (R-SAT-01).
    SURVEYS = "surveys",
    /// Survey responses by (round month, unit): one per dwelling (R-SAT-02).
    SURVEY_RESPONSES = "survey_responses",
    /// (UTC month, case key) for every month a case's timeline touches (see `history`).
    CASE_MONTHS = "case_months",
    /// Case key → the unit it is filed under (the reverse of `unit_cases`).
    UNIT_OF_CASE = "unit_of_case",
    /// Release slips (R-OPS-02), visitors (R-OPS-14), loans (R-OPS-15) and permits
    /// (R-OPS-07..12) as stores kept them before they were papers, each by number with an
    /// index of the open ones: emptied into `papers` when such a store opens
    /// (`move_into_papers`), and read for nothing else.
    RELEASE_SLIPS = "release_slips",
    VISITORS = "visitors",
    VISITORS_ON_SITE = "visitors_on_site",
    LOANS = "loans",
    LOANS_OUT = "loans_out",
    PERMITS = "permits",
    PERMITS_OPEN = "permits_open",
    /// (unit, kind letter, number) → nothing, for every paper filed under a unit: a unit's
    /// paperwork, and a building's permits floor by floor (R-OPS-11).
    UNIT_PAPERS = "unit_papers",
    /// The billing system's arrears by (unit, fee kind, period), replaced whole by each import.
    ARREARS = "arrears",
    /// Fee reminders by (unit, time, sequence) (R-OPS-13).
    FEE_REMINDERS = "fee_reminders",
    /// Cover hand-overs by (start time, sequence) (R-OPS-15).
    COVERS = "covers",
    /// Likewise emptied: the numbers of the release slips not used or voided.
    SLIPS_OPEN = "slips_open",
    /// What each change touched (`Effects`), by its seq: the change-log pump's reading.
    /// Key: seq(8); value: Effects.
    CHANGE_EFFECTS = "change_effects",
    /// Key: call id(8); value: Call.
    CALLS = "calls",
    /// Key: customer(8) ++ call id(8); value: nothing. A resident's calls, one prefix scan.
    CALLS_BY_CUSTOMER = "calls_by_customer",
    /// The kinds declared once as `Paper`s (incidents, reply templates …). Key: kind
    /// letter(1) ++ number; value: the record.
    PAPERS = "papers",
    /// The same keys, for the papers still open: the lists cost what is open.
    PAPERS_OPEN = "papers_open",
}

/// The meta key of the last change's seq.
const LAST_CHANGE: &str = "last_change";

pub struct SledStore {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    /// The access log (`access` tree): outside the change transactions, written in batches.
    access: sled::Tree,
    data_file: File,
    dir: PathBuf,
    config: StoreConfig,
    /// Set on the first flush/fsync failure; every later write is refused with it.
    failed: Option<String>,
    /// Test hook: the next durability step fails as a disk would.
    fail_next_sync: bool,
    /// Unfinished sled snapshots removed before opening (see `remove_unfinished_snapshots`).
    removed_at_open: Vec<String>,
}

/// sled 0.34 writes a snapshot as `snap.<lsn>.generating`, fsyncs it, then renames it into
/// place; but at open it reads the highest-named `snap.*` file, `.generating` ones
/// included. A power cut (or a kill) while a snapshot is being written leaves a torn
/// `.generating` file that sorts last, and sled then refuses the whole store as corrupt
/// (found by tests/power_loss.rs: a cut during start-up, when sled's recovery writes one).
/// Such a file is never a finished snapshot — finished ones are renamed — so it is removed
/// (durably) before sled looks; sled recovers from the previous snapshot and its log.
fn remove_unfinished_snapshots(dir: &Path) -> Result<Vec<String>, StoreError> {
    let io = |e: std::io::Error| StoreError::Io(format!("cleaning {}: {e}", dir.display()));
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let name = entry
            .map_err(io)?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(dir.join(&name)).map_err(io)?;
            removed.push(name);
        }
    }
    if !removed.is_empty() {
        crate::store::sync_dir(dir).map_err(io)?;
    }
    Ok(removed)
}

impl SledStore {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path, config: StoreConfig) -> Result<SledStore, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Io(format!("creating {}: {e}", dir.display())))?;
        let removed = remove_unfinished_snapshots(dir)?;
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
        // sled 0.34 creates `conf`, `db` and `blobs/` without fsyncing their directory, and
        // never fsyncs `conf`'s bytes: a power cut could take the store's files away even
        // after a commit was acknowledged (tests/power_loss.rs, strict mode). Made durable
        // here, before anything is.
        let io = |what: &str, e: std::io::Error| StoreError::Io(format!("fsync of {what}: {e}"));
        File::open(dir.join("conf"))
            .and_then(|f| f.sync_all())
            .map_err(|e| io("the store's conf", e))?;
        crate::store::sync_dir(dir).map_err(|e| io(&dir.display().to_string(), e))?;
        if let Some(parent) = dir.parent() {
            crate::store::sync_dir(parent).map_err(|e| io(&parent.display().to_string(), e))?;
        }
        let trees = TREE_NAMES
            .iter()
            .map(|n| db.open_tree(n))
            .collect::<Result<Vec<_>, _>>()?;
        let access = db.open_tree("access")?;
        let data_path = dir.join("db");
        let data_file = File::open(&data_path)
            .map_err(|e| StoreError::Io(format!("opening {}: {e}", data_path.display())))?;
        let store = SledStore {
            db,
            trees,
            access,
            data_file,
            dir: dir.to_path_buf(),
            config,
            failed: None,
            fail_next_sync: false,
            removed_at_open: removed,
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
        if store.meta("open_cases_index")?.is_none() {
            store.rebuild_open_cases()?;
        }
        if store.meta("unit_cases_index")?.is_none() {
            store.rebuild_unit_cases()?;
        }
        if store.meta("case_months_index")?.is_none() {
            store.rebuild_history_index()?;
        }
        // Kinds that had trees of their own before they were papers.
        store.move_into_papers::<Loan>(LOANS, LOANS_OUT, "loans_in_papers")?;
        store.move_into_papers::<Permit>(PERMITS, PERMITS_OPEN, "permits_in_papers")?;
        store.move_into_papers::<ReleaseSlip>(RELEASE_SLIPS, SLIPS_OPEN, "slips_in_papers")?;
        store.move_into_papers::<Visitor>(VISITORS, VISITORS_ON_SITE, "visitors_in_papers")?;
        store.drop_abandoned_staging()?;
        Ok(store)
    }

    /// Migration: (re)writes the lookup projection of every customer. Resumable: the
    /// marker is set only after the whole projection is durable.
    pub(super) fn rebuild_lookup(&self) -> Result<(), StoreError> {
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
            pending.push((c.id.0, CustomerSummary::from(&c).to_projection()));
        }
        if let Some(b) = block {
            batch.insert(&b, merge_block(None, &pending));
        }
        self.trees[LOOKUP].apply_batch(batch)?;
        self.sync()?;
        self.trees[META].insert("lookup_projection", &u64_key(1))?;
        self.sync()
    }

    /// Builds the open-cases index from the cases (a store from before it existed). Killed
    /// midway, it runs again on the next start: the marker is written last.
    pub(super) fn rebuild_open_cases(&self) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for c in self.all_cases()? {
            if c.status != crate::domain::CaseStatus::Closed {
                batch.insert(&keys::case_key(c.key), &[]);
            }
        }
        self.trees[OPEN_CASES].apply_batch(batch)?;
        self.sync()?;
        self.trees[META].insert("open_cases_index", &u64_key(1))?;
        self.sync()
    }

    /// Migration: every case under its resident's first unit (where it was registered, as
    /// far as an older store knows). Resumable: the marker is set last.
    pub(crate) fn rebuild_unit_cases(&self) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        let mut units = std::collections::HashMap::new();
        for c in self.all_cases()? {
            let first = match units.entry(c.key.customer) {
                std::collections::hash_map::Entry::Occupied(e) => *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => *e.insert(
                    self.customer(c.key.customer)?
                        .and_then(|c| c.units.first().copied()),
                ),
            };
            if let Some(u) = first {
                batch.insert(&keys::unit_case_key(u, c.key)[..], &[]);
            }
        }
        self.trees[UNIT_CASES].apply_batch(batch)?;
        self.sync()?;
        self.trees[META].insert("unit_cases_index", &u64_key(1))?;
        self.sync()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Why writes are refused, if they are.
    pub(super) fn blocker(&self) -> Option<String> {
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
}

impl crate::store::StoreHooks for SledStore {
    /// The next flush/fsync fails, as a failing disk would.
    fn inject_sync_failure(&mut self) {
        self.fail_next_sync = true;
    }
}
