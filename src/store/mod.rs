//! The desk's storage behind one seam (`seam::Store`): the desk reads through the trait and
//! writes through one `commit(&WriteSet)`. Three backends: `SledStore`, the durable embedded
//! default (trees keyed customer-ID-first, values in a versioned envelope, every change one
//! transaction with its audit entry, acknowledged after flush + fsync); `PostgresStore`, a
//! group's estates on one PostgreSQL database; and `MemoryStore` (the same semantics in
//! ordered maps, no durability) for tests. `tests/store_contract.rs` is the suite every
//! backend passes.

pub mod codec;
pub mod export;
mod keys;
mod memory;
pub mod paper;
mod pg;
mod seam;
mod sled_store;
mod tag;
pub mod upgrade;
mod write_set;

use crate::domain::refusal::{Refusal, SystemRefusal};
pub use codec::SCHEMA_VERSION;
pub use memory::MemoryStore;
pub use paper::{to_change, Paper, Papers};
pub use pg::PostgresStore;
pub use seam::{
    AccessStore, DatabaseWatch, PaperStore, StagingStore, Store, StoreHooks, StoreResult,
    UnitPapers, Waker, Which, Woken,
};
pub use sled_store::{SledStore, StoreConfig};
pub use write_set::{
    months_of, Counter, CounterMove, Effects, Expect, LoggedChange, PaperRow, PendingImport, Prior,
    Slot, Tally, WriteSet,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the data dir {0} is in use by another frontdesk daemon; connect to that one (it owns the store) or stop it first")]
    Locked(String),
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// The connection to the database was lost (before or during a COMMIT: the outcome of a
    /// write is unknown until its request id is looked up).
    #[error("storage unavailable: {0}")]
    ConnectionLost(String),
    #[error("the store at {path} was written by a newer frontdesk (schema {found}, this build reads up to {supported}); upgrade frontdesk before opening it")]
    NewerSchema {
        path: String,
        found: u64,
        supported: u64,
    },
    #[error("stored record in `{tree}` is damaged: {reason}")]
    Corrupt { tree: &'static str, reason: String },
    #[error("storage error: {0}")]
    Sled(String),
    /// The database refused a statement (not a lost connection: that is `Unavailable`).
    #[error("database error: {0}")]
    Database(String),
    /// Another writer changed what this change was decided on; nothing was written.
    #[error("{0}")]
    Conflict(Refusal),
    /// Another writer drew a number this change drew (a counter, a ticket); nothing was
    /// written, and deciding again draws the next one: the desk does so itself.
    #[error("{0}")]
    NumberTaken(Refusal),
    /// The disk under the store failed (full, I/O error, fsync): writes cannot be durable.
    #[error("{0}")]
    Disk(String),
    /// Any other file problem (an export directory, a manifest).
    #[error("{0}")]
    Io(String),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            // Said plainly: this is what the admin has to act on.
            sled::Error::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => {
                StoreError::Disk("the disk is full (no space left on device)".into())
            }
            sled::Error::Io(io) => StoreError::Disk(format!("disk error: {io}")),
            other => StoreError::Sled(other.to_string()),
        }
    }
}

impl From<StoreError> for crate::domain::DeskError {
    fn from(e: StoreError) -> Self {
        match e {
            // A disk error on any path (a read too) means the same thing to the caller.
            StoreError::Unavailable(detail)
            | StoreError::ConnectionLost(detail)
            | StoreError::Disk(detail) => crate::domain::DeskError::StorageUnavailable(
                SystemRefusal::Storage {
                    detail: crate::domain::refusal::Detail(detail),
                }
                .into(),
            ),
            StoreError::Conflict(r) | StoreError::NumberTaken(r) => {
                crate::domain::DeskError::conflict(r)
            }
            other => crate::domain::DeskError::Internal(
                SystemRefusal::Internal {
                    detail: crate::domain::refusal::Detail(other.to_string()),
                }
                .into(),
            ),
        }
    }
}

/// fsyncs a directory, making the creations, renames and removals in it durable (a file's
/// own fsync does not, on ext4 at worst).
pub fn sync_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}
