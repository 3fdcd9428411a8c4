//! The typed client: `send` takes any request type and returns the reply its declaration
//! names (`protocol::req`), for the CLI, the screen's `Link` and the tests alike. A reply of
//! another kind is an error (`ProtocolMismatch`) that reaches the caller, never silently
//! dropped.

use crate::domain::{DeskError, RequestId};
use crate::protocol::{Call, Reply, Request};

/// The refusal for a reply of the wrong kind.
pub fn unexpected(wanted: &str, got: &Reply) -> DeskError {
    mismatch(wanted, got.into())
}

fn mismatch(wanted: &str, got: &str) -> DeskError {
    DeskError::ProtocolMismatch(
        crate::domain::refusal::SystemRefusal::WrongReply {
            wanted: wanted.to_string(),
            got: got.to_string(),
        }
        .into(),
    )
}

/// Typed requests over any connection that can exchange a request for a reply.
pub trait Calls {
    type Error: From<DeskError>;

    /// Sends one request under `request_id` and waits for its reply. A write retried with
    /// the same id after a lost reply is answered from the daemon's record, not applied twice.
    fn call_with_id(
        &mut self,
        request_id: RequestId,
        request: Request,
    ) -> Result<Reply, Self::Error>;

    /// One request with a fresh idempotency key, its reply as it came.
    fn call(&mut self, request: Request) -> Result<Reply, Self::Error> {
        self.call_with_id(super::new_request_id(), request)
    }

    /// One request, answered with the reply its declaration names.
    fn send<C: Call>(&mut self, request: C) -> Result<C::Reply, Self::Error> {
        self.send_with_id(super::new_request_id(), request)
    }

    /// `send` under a given id: the intake's Enter after a lost connection saves once.
    fn send_with_id<C: Call>(
        &mut self,
        request_id: RequestId,
        request: C,
    ) -> Result<C::Reply, Self::Error> {
        let reply = self.call_with_id(request_id, request.into())?;
        C::answer(reply).map_err(|got| mismatch(C::WANTED, got).into())
    }
}
