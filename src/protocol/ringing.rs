//! What a ringing call shows: the call, and for each resident whose phone it is, what the
//! operator needs before saying hello (their unit, open cases, when the desk last heard
//! from them).

use serde::{Deserialize, Serialize};

use super::CustomerSummary;
use crate::domain::call::Call;
use crate::domain::Time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ringing {
    pub call: Call,
    /// Nobody when the number is on no record: the pop-up offers "new resident".
    pub callers: Vec<Caller>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    pub customer: CustomerSummary,
    /// Their cases not yet closed.
    pub open_cases: u32,
    /// The last time the desk heard from them or acted on their cases, this call aside.
    pub last_contact: Option<Time>,
}

/// The audit trail's reason for a staff change that only gives an extension.
pub const EXTENSION_REASON: &str = "desk phone extension";

impl super::req::StaffSet {
    /// Gives `username` the desk phone's extension `ext` (an empty one takes it away).
    pub fn extension(username: &str, ext: &str) -> super::req::StaffSet {
        super::req::StaffSet {
            username: username.to_string(),
            role: None,
            dept: None,
            name: None,
            ext: Some(ext.to_string()),
            reason: EXTENSION_REASON.to_string(),
        }
    }
}
