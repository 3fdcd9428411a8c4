//! The audit trail entry (R-REC-14): who changed what, when, under which request. Every
//! durable commit appends one to the `changes` tree; the daemon pushes them to subscribers as
//! events, and a reconnecting client catches up from the last sequence number it saw.

use serde::{Deserialize, Serialize};

use super::{CallbackId, CaseKey, CustomerId, RequestId, StaffId, Ticket, Time, VisitId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeSubject {
    Customer(CustomerId),
    /// Many customers at once (CSV import, demo data).
    Customers {
        count: u64,
    },
    Case {
        key: CaseKey,
        ticket: Ticket,
    },
    Callback {
        id: CallbackId,
        customer: CustomerId,
    },
    Visit {
        id: VisitId,
        customer: CustomerId,
    },
    Staff(StaffId),
    /// A dwelling's papers (R-REC-01). Appended: older records decode as before.
    Unit(crate::domain::UnitCode),
    /// A satisfaction survey round (R-SAT-01). Appended.
    Survey(crate::domain::survey::RoundMonth),
    /// A move-out release slip (R-OPS-02). Appended.
    Slip(crate::domain::release::SlipNo),
    /// A visitor's arrival or departure (R-OPS-14). Appended.
    Visitor(crate::domain::visitor::VisitorNo),
    /// A key or radio signed out or back (R-OPS-15). Appended.
    Loan(crate::domain::loan::LoanNo),
    /// A decoration permit (R-OPS-07..12). Appended.
    Permit(crate::domain::permit::PermitNo),
    /// Fee arrears imported or a reminder logged (R-OPS-13): the unit, or None for an import.
    Fees(Option<crate::domain::UnitCode>),
    /// A cover hand-over (R-OPS-15). Appended.
    Cover(StaffId),
    /// Cases filed under a list entry (`category map`), by the entry's code. Appended.
    Category(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub seq: u64,
    pub by: StaffId,
    pub at: Time,
    pub request_id: RequestId,
    /// Dotted operation name, e.g. `case.add`, `case.dispatch`, `callback.record`.
    pub operation: String,
    pub subject: ChangeSubject,
    /// One line a supervisor can read in the audit log.
    pub summary: String,
}
