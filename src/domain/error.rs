//! The one error type every rule, the daemon and the wire share. Each variant carries text a
//! clerk can act on: which field or record, what is wrong, what to do next.

use serde::{Deserialize, Serialize};

use super::Field;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DeskError {
    /// Bad input: names the field and says how to fix it.
    #[error("{field}: {reason}")]
    Validation { field: Field, reason: String },
    /// The caller may not do this (first-responder rule, recusal, role).
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// The caller's Unix user has no staff record.
    #[error("{0}")]
    NotRegistered(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// Someone else changed the record, or the state does not allow the step.
    #[error("conflict: {reason}")]
    Conflict {
        reason: String,
        current_version: Option<u32>,
    },
    #[error("too large: {0}")]
    TooLarge(String),
    /// The daemon cannot make writes durable (fsync failed, disk below the floor). Nothing
    /// was saved; reads still work.
    #[error("storage unavailable: {0}")]
    StorageUnavailable(String),
    #[error("protocol mismatch: {0}")]
    ProtocolMismatch(String),
    /// A newer search from the same client replaced this one; its answer is not wanted.
    #[error("superseded by a newer search")]
    Superseded,
    #[error("internal error: {0}")]
    Internal(String),
    /// A per-user or per-connection limit was hit; says which and what to do.
    #[error("too many requests: {0}")]
    TooManyRequests(String),
}

impl DeskError {
    pub fn invalid(field: Field, reason: impl Into<String>) -> Self {
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

    pub fn forbidden(reason: impl Into<String>) -> Self {
        DeskError::Forbidden(reason.into())
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        DeskError::NotFound(what.into())
    }

    pub fn conflict(reason: impl Into<String>) -> Self {
        DeskError::Conflict {
            reason: reason.into(),
            current_version: None,
        }
    }

    pub fn stale(kind: &str, current: u32, base: u32) -> Self {
        DeskError::Conflict {
            reason: format!(
                "{kind} was changed by someone else (now version {current}, you edited version {base}); reload and try again"
            ),
            current_version: Some(current),
        }
    }
}

pub type DeskResult<T> = Result<T, DeskError>;
