//! The wire between clients and the daemon, shared by both sides: length-prefixed bincode
//! frames, a fixed-layout hello that survives version changes, requests with idempotency
//! keys, typed replies and errors, and pushed change events (DESIGN §6).

mod call;
mod frame;
mod incidents;
mod messages;
mod paperwork;
mod reply;
pub mod req;
mod request;
mod request_limits;
mod ringing;
mod staff_set;
mod summary;
mod undo;

pub use call::{Allowed, Mode, Reads, Writes};
pub use frame::{read_frame, write_frame, FrameError, MAX_REQUEST_FRAME, MAX_RESPONSE_FRAME};
pub use incidents::{IncidentGroup, IncidentResolution, LinkOffer, LinkTo};
pub use messages::*;
pub use paperwork::{PermitDecision, PermitStep};
pub use reply::*;
pub use req::{Call, Request, RequestKind, SlipVerdict};
pub use request::*;
pub use ringing::{Caller, Ringing};
pub use staff_set::EXTENSION_REASON;
pub use summary::{CaseSummary, CustomerSummary};
pub use undo::UndoOffer;
