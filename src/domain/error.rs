//! The one error type every rule, the daemon and the wire share. Each variant says what
//! kind of refusal it is and carries a `Refusal`: a code with typed arguments that the
//! reader's side puts into words in the reader's language (`crate::words`). `Display` is
//! the English words, for logs and the CLI under an English locale.

use serde::{Deserialize, Serialize};

use super::refusal::Refusal;
use super::Field;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeskError {
    /// Bad input: names the field and says how to fix it.
    Validation {
        field: Field,
        reason: Refusal,
    },
    /// The caller may not do this (first-responder rule, recusal, role).
    Forbidden(Refusal),
    /// The caller's Unix user has no staff record.
    NotRegistered(Refusal),
    NotFound(Refusal),
    /// Someone else changed the record, or the state does not allow the step.
    Conflict {
        reason: Refusal,
        current_version: Option<u32>,
    },
    TooLarge(Refusal),
    /// The daemon cannot make writes durable (fsync failed, disk below the floor). Nothing
    /// was saved; reads still work.
    StorageUnavailable(Refusal),
    ProtocolMismatch(Refusal),
    /// A newer search from the same client replaced this one; its answer is not wanted.
    Superseded,
    Internal(Refusal),
    /// A per-user or per-connection limit was hit; says which and what to do.
    TooManyRequests(Refusal),
}

impl std::error::Error for DeskError {}

impl DeskError {
    pub fn invalid(field: Field, reason: impl Into<Refusal>) -> Self {
        DeskError::Validation {
            field,
            reason: reason.into(),
        }
    }

    /// The field a validation error names.
    pub fn field(&self) -> Option<Field> {
        match self {
            DeskError::Validation { field, .. } => Some(*field),
            _ => None,
        }
    }

    /// What the refusal says, whatever its kind (`None` for a superseded search).
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            DeskError::Validation { reason, .. } | DeskError::Conflict { reason, .. } => {
                Some(reason)
            }
            DeskError::Forbidden(r)
            | DeskError::NotRegistered(r)
            | DeskError::NotFound(r)
            | DeskError::TooLarge(r)
            | DeskError::StorageUnavailable(r)
            | DeskError::ProtocolMismatch(r)
            | DeskError::Internal(r)
            | DeskError::TooManyRequests(r) => Some(r),
            DeskError::Superseded => None,
        }
    }

    pub fn forbidden(reason: impl Into<Refusal>) -> Self {
        DeskError::Forbidden(reason.into())
    }

    pub fn not_found(what: impl Into<Refusal>) -> Self {
        DeskError::NotFound(what.into())
    }

    pub fn conflict(reason: impl Into<Refusal>) -> Self {
        DeskError::Conflict {
            reason: reason.into(),
            current_version: None,
        }
    }

    pub fn internal(detail: impl Into<Refusal>) -> Self {
        DeskError::Internal(detail.into())
    }

    /// Someone else changed the record since the caller read it (`base`); `current` is
    /// where it is now.
    pub fn stale(reason: impl Into<Refusal>, current: u32) -> Self {
        DeskError::Conflict {
            reason: reason.into(),
            current_version: Some(current),
        }
    }
}

pub type DeskResult<T> = Result<T, DeskError>;
