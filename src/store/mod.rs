//! Durable storage of the desk: sled trees keyed customer-ID-first, values in a versioned
//! envelope, every multi-tree change one transaction that also appends to the audit trail,
//! acknowledged only after flush + fsync. Only the daemon (and offline restore) opens it.

pub mod codec;
pub mod export;
mod keys;
mod sled_store;

pub use codec::SCHEMA_VERSION;
pub use sled_store::{staged_keys, PendingImport, SledStore, StoreConfig, UnitPapers, WriteSet};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the data dir {0} is in use by another frontdesk daemon; connect to that one (it owns the store) or stop it first")]
    Locked(String),
    #[error("storage unavailable: {0}")]
    Unavailable(String),
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
            StoreError::Unavailable(m) => crate::domain::DeskError::StorageUnavailable(m),
            // A disk error on any path (a read too) means the same thing to the caller.
            StoreError::Disk(m) => crate::domain::DeskError::StorageUnavailable(m),
            other => crate::domain::DeskError::Internal(other.to_string()),
        }
    }
}

/// fsyncs a directory, making the creations, renames and removals in it durable (a file's
/// own fsync does not, on ext4 at worst).
pub fn sync_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}
