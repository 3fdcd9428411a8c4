//! One resident to import, as a CSV row (or a demo resident) carries it: staged by the
//! daemon until the import commits, sent by the client, so it is neither's own type.

use serde::{Deserialize, Serialize};

use super::NewCustomer;

/// One CSV row (or demo resident) with the line it came from, for error reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u64,
    pub id: Option<u64>,
    pub customer: NewCustomer,
    /// The 身份 column: recorded as a move-in to the resident's first unit (R-REC-03).
    pub role: Option<super::OccupantRole>,
}
