//! The rows a list carries: a resident and a case as a screen lists them, with the names
//! it shows, so that a list needs one round trip. Replies, a ringing call and an
//! incident's group are made of them.

use serde::{Deserialize, Serialize};

use crate::domain::case::{Deadlines, SlaClock};
use crate::domain::{CaseKind, CaseStatus, CustomerId, Handler, Severity, StaffId, Time};

/// A resident as a list shows them: the lookup index holds the same row.
pub use crate::domain::CustomerSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub ticket: String,
    pub customer: CustomerId,
    pub customer_name: String,
    pub kind: CaseKind,
    pub category: String,
    pub severity: Severity,
    pub status: CaseStatus,
    pub received_by: StaffId,
    pub owner: StaffId,
    pub owner_name: String,
    pub handler: Option<Handler>,
    pub registered_at: Time,
    pub deadlines: Deadlines,
    pub promised_at: Option<Time>,
    pub overdue: Vec<SlaClock>,
    /// The nearest clock still running and when it runs out (the deadline board).
    pub nearest: Option<(SlaClock, Time)>,
    /// R-LIFE-06, R-INT-06: the clock that ran out with no reply since — the owner tells the
    /// resident the plan (or agrees a new time).
    pub plan_owed: Option<(SlaClock, Time)>,
    /// R-INT-16: who it waits on after an escalation.
    pub escalated_to: Option<StaffId>,
    /// The resident's first unit, as `3-2-1102`, and first phone.
    pub unit: String,
    pub phone: String,
    pub version: u32,
    /// The case's estate, on a listing across the hotline's estates.
    pub estate: Option<String>,
}
