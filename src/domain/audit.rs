//! The audit trail entry (R-REC-14): who changed what, when, under which request. Every
//! durable commit appends one to the `changes` tree; the daemon pushes them to subscribers as
//! events, and a reconnecting client catches up from the last sequence number it saw.

use serde::{Deserialize, Serialize};

use super::{CallbackId, CaseKey, CustomerId, RequestId, StaffId, Ticket, Time, VisitId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeSubject {
    #[serde(alias = "Customer")]
    Customer(CustomerId),
    /// Many customers at once (CSV import, demo data).
    #[serde(alias = "Customers")]
    Customers { count: u64 },
    #[serde(alias = "Case")]
    Case { key: CaseKey, ticket: Ticket },
    #[serde(alias = "Callback")]
    Callback {
        id: CallbackId,
        customer: CustomerId,
    },
    #[serde(alias = "Visit")]
    Visit { id: VisitId, customer: CustomerId },
    #[serde(alias = "Staff")]
    Staff(StaffId),
    /// A dwelling's papers (R-REC-01). Appended: older records decode as before.
    #[serde(alias = "Unit")]
    Unit(crate::domain::UnitCode),
    /// A satisfaction survey round (R-SAT-01). Appended.
    #[serde(alias = "Survey")]
    Survey(crate::domain::survey::RoundMonth),
    /// A move-out release slip (R-OPS-02). Appended.
    #[serde(alias = "Slip")]
    Slip(crate::domain::release::SlipNo),
    /// A visitor's arrival or departure (R-OPS-14). Appended.
    #[serde(alias = "Visitor")]
    Visitor(crate::domain::visitor::VisitorNo),
    /// A key or radio signed out or back (R-OPS-15). Appended.
    #[serde(alias = "Loan")]
    Loan(crate::domain::loan::LoanNo),
    /// A decoration permit (R-OPS-07..12). Appended.
    #[serde(alias = "Permit")]
    Permit(crate::domain::permit::PermitNo),
    /// Fee arrears imported or a reminder logged (R-OPS-13): the unit, or None for an import.
    #[serde(alias = "Fees")]
    Fees(Option<crate::domain::UnitCode>),
    /// A cover hand-over (R-OPS-15). Appended.
    #[serde(alias = "Cover")]
    Cover(StaffId),
    /// Cases filed under a list entry (`category map`), by the entry's code. Appended.
    #[serde(alias = "Category")]
    Category(String),
    /// A call the exchange announced, and the operator at the extension it rang. Appended.
    #[serde(alias = "Call")]
    Call {
        id: crate::domain::call::CallId,
        to: Option<StaffId>,
    },
    /// An incident declared or resolved. Appended.
    Incident(crate::domain::incident::IncidentNo),
    /// A reply template written, edited or taken out of the list. Appended.
    Template(u64),
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
