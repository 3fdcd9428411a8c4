//! The desk's business rules as plain values and functions: customers, cases, SLA policy,
//! callbacks, visits and staff. Pure: no IO, no clock reads (time is always passed in), no
//! ratatui, crossterm or sled types, so every rule is testable with fixed dates. Rule ids in
//! comments and test names refer to `../shared/DOMAIN.md`.

/// Adds each named count of `$from` to the same field of `$to` (totals over parts: estates,
/// a group's report).
macro_rules! add_fields {
    ($to:expr, $from:expr; $($field:ident),+ $(,)?) => {{
        $( $to.$field += $from.$field; )+
    }};
}
pub(crate) use add_fields;

pub mod access;
pub mod audit;
pub mod by_word;
pub mod calendar;
pub mod call;
pub mod callback;
pub mod case;
pub mod category;
pub mod cover;
pub mod customer;
pub mod customer_edit;
pub mod customer_merge;
pub mod dwelling;
pub mod error;
pub mod estate;
pub mod fees;
pub mod field;
pub mod ids;
pub mod import_row;
pub mod incident;
pub mod loan;
pub mod local_time;
pub mod money;
pub mod permit;
pub mod policy;
pub mod record_no;
pub mod refusal;
pub mod release;
pub mod report;
pub mod staff;
pub mod storage;
pub mod survey;
pub mod template;
#[cfg(test)]
pub(crate) mod test_time;
pub mod text;
pub mod unit_papers;
pub mod verification;
pub mod visit;
pub mod visitor;
pub mod words;

pub use access::{Access, AccessFilter, AccessRecord};
pub use audit::{ChangeRecord, ChangeSubject};
pub use calendar::WorkCalendar;
pub use callback::{Callback, CallbackStatus, Outcome};
pub use case::{Case, CaseEvent, CaseKind, CaseStatus, Channel, Handler, Severity};
pub use customer::{Customer, CustomerSummary, NewCustomer, Phone, Tier, UnitCode};
pub use customer_edit::CustomerEdit;
pub use dwelling::{DocKind, Dwelling, MoveIn, OccupantRole};
pub use error::DeskError;
pub use estate::Estate;
pub use field::Field;
pub use ids::{CallbackId, CaseKey, CustomerId, RequestId, StaffId, Ticket, VisitId};
pub use import_row::ImportRow;
pub use policy::Policy;
pub use refusal::Refusal;
pub use staff::{Role, Staff};
pub use verification::Verification;
pub use visit::{Visit, VisitKind, VisitStatus};
pub use words::ParseWord;

/// Every timestamp in the domain is UTC; display converts with `Policy::utc_offset_minutes`.
pub type Time = chrono::DateTime<chrono::Utc>;
