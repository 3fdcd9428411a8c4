//! The values requests carry that are more than one field: a case listing's filter, a new
//! visit. The requests themselves are declared in `req.rs`; a case step is the domain's
//! (`domain::case::CaseStep`).

use serde::{Deserialize, Serialize};

pub use crate::domain::case::{CaseStep, DispatchTarget};

use crate::domain::case::{CaseQuery, CaseView};
use crate::domain::{CustomerId, Ticket, Time, UnitCode, VisitKind};

/// Which cases to list. With a `view`, the open-work list the screen's Cases pane shows;
/// without, history (`mine`, `open_only`, `overdue_only`, `customer` narrow it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub view: Option<CaseView>,
    pub query: CaseQuery,
    /// Paging: rows after this ticket in the listing's order.
    pub after: Option<Ticket>,
    pub mine: bool,
    pub open_only: bool,
    pub overdue_only: bool,
    pub customer: Option<CustomerId>,
    pub limit: u32,
}

pub use crate::domain::ImportRow;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVisit {
    pub customer: CustomerId,
    /// Login of the visiting staff member; the caller when `None`.
    pub staff: Option<String>,
    pub kind: VisitKind,
    pub start: Time,
    pub end: Time,
    pub ticket: Option<Ticket>,
    /// The customer's first unit when `None`.
    pub unit: Option<UnitCode>,
    pub purpose: String,
}
