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
mod undo;

pub use call::{Allowed, Call, Mode, Reads, Writes};
pub use frame::{read_frame, write_frame, FrameError, MAX_REQUEST_FRAME, MAX_RESPONSE_FRAME};
pub use incidents::{IncidentGroup, IncidentResolution, LinkOffer, LinkTo};
pub use messages::*;
pub use paperwork::{PermitDecision, PermitStep};
pub use reply::*;
pub use req::{Request, RequestKind, SlipVerdict};
pub use request::*;
pub use ringing::{Caller, Ringing, EXTENSION_REASON};
pub use undo::UndoOffer;
