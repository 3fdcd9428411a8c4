//! Refusals about the desk's people and its queues: who is staff, who may do what, what
//! is booked, what was changed by someone else.

use super::super::Ticket;
use super::refusals;

refusals! {
    DeskRefusal "desk" {
        NotStaffLogin { login: String }
        /// A case changed under an edit.
        CaseStale { ticket: Ticket, current: u32, base: u32 }
        /// A resident's record changed under an edit.
        CustomerStale { customer: String, current: u32, base: u32 }
    }
}
