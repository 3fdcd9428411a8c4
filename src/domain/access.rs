//! The access log (R-REC-13/14): every look at residents' personal data — a card, a case, a
//! search, an export, a backup, a read of the audit trails — with who, when, what and the
//! reason when one was given. Kept apart from the change trail: reads change nothing, are far
//! more frequent, and are pruned after the retention the policy sets.

use serde::{Deserialize, Serialize};

use super::{CustomerId, StaffId, Ticket, Time};

/// What was looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    /// A resident's card, with their whole history.
    #[serde(alias = "Card")]
    Card(CustomerId),
    #[serde(alias = "Case")]
    Case {
        ticket: Ticket,
        customer: CustomerId,
    },
    /// A search: the query and how many residents it found (not who).
    #[serde(alias = "Search")]
    Search { query: String, hits: u32 },
    #[serde(alias = "Export")]
    Export { dir: String },
    #[serde(alias = "Backup")]
    Backup,
    /// The change trail (`frontdesk audit`).
    #[serde(alias = "ChangeTrail")]
    ChangeTrail,
    /// This log itself (`frontdesk audit --reads`).
    #[serde(alias = "AccessLog")]
    AccessLog,
}

impl Access {
    /// The resident this access was about, when there is one.
    pub fn customer(&self) -> Option<CustomerId> {
        match self {
            Access::Card(c) | Access::Case { customer: c, .. } => Some(*c),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRecord {
    pub seq: u64,
    pub at: Time,
    pub by: StaffId,
    pub what: Access,
    /// Why, when the reader said (`--reason`).
    pub reason: Option<String>,
}

/// Which access records a supervisor asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessFilter {
    pub staff: Option<StaffId>,
    pub customer: Option<CustomerId>,
    pub since: Option<Time>,
    pub limit: u32,
}

impl AccessFilter {
    pub fn matches(&self, r: &AccessRecord) -> bool {
        self.staff.is_none_or(|s| s == r.by)
            && self.customer.is_none_or(|c| r.what.customer() == Some(c))
            && self.since.is_none_or(|t| r.at >= t)
    }
}
