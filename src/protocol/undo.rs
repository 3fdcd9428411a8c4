//! What the undo key offers before it undoes anything: the caller's last step, named, so
//! the confirmation says exactly what will be undone.

use serde::{Deserialize, Serialize};

use crate::domain::{Ticket, Time};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoOffer {
    pub ticket: Ticket,
    /// The step's operation (`case.dispatch`), put into words by the reader.
    pub operation: String,
    /// When it was taken: `Undo` names it, so a newer step is never undone unseen.
    pub at: Time,
}
