//! The values requests carry that are more than one field: a case step, a case listing's
//! filter, a new visit. The requests themselves are declared in `req.rs`.

use serde::{Deserialize, Serialize};

use crate::domain::case::{CaseQuery, CaseView, Resolution};
use crate::domain::{CustomerId, Ticket, Time, UnitCode, VisitKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DispatchTarget {
    Staff(String),
    Department(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseStep {
    Dispatch(DispatchTarget),
    Start,
    Note(String),
    Assist,
    Reply(String),
    Promise {
        at: Time,
        reason: String,
    },
    /// R-INT-16: to a supervisor or the director, by login.
    Escalate {
        to: String,
        reason: String,
    },
    /// R-LIFE-02/08: summary, cause and corrective action.
    Resolve(Resolution),
    Reassign {
        to: String,
        reason: String,
    },
    Close,
    /// Take work dispatched to a department as its handler (one taker wins).
    Take,
    /// R-INT-12: name (by login) the staff member the complaint is about (supervisors).
    NameSubject(String),
}

impl CaseStep {
    pub fn operation(&self) -> &'static str {
        match self {
            CaseStep::Dispatch(_) => "case.dispatch",
            CaseStep::Start => "case.start",
            CaseStep::Note(_) => "case.note",
            CaseStep::Assist => "case.assist",
            CaseStep::Reply(_) => "case.reply",
            CaseStep::Promise { .. } => "case.promise",
            CaseStep::Escalate { .. } => "case.escalate",
            CaseStep::Resolve(_) => "case.resolve",
            CaseStep::Reassign { .. } => "case.reassign",
            CaseStep::Close => "case.close",
            CaseStep::Take => "case.take",
            CaseStep::NameSubject(_) => "case.name_subject",
        }
    }
}

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
