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
