//! The router: every request a connection sends passes through `route`, which hands it to
//! its handler by its declaration (`protocol::req`): a read on the shared desk, a write on
//! the desk held alone. Before the handler runs it names the caller, applies the request's
//! rights, and answers a retried write from its idempotency record.

pub(super) use super::connection::Connection;
use super::desk::{Desk, DeskResult, Written};
use super::rights::{self, Who};
pub(super) use super::serve::Answer;
use super::serve::{Cx, Read, Write};
use super::Shared;
use crate::domain::{DeskError, RequestId, Staff, StaffId};
use crate::protocol::{Call, Reply, Request};

/// How often a write is decided again when another writer drew its number first.
const NUMBER_TRIES: u64 = 64;

/// Routes one request for this connection's caller: to its handler, by its declaration.
pub(super) fn route(
    c: &mut Connection,
    id: u64,
    request_id: RequestId,
    request: Request,
) -> Answer {
    macro_rules! dispatch {
        (@read $r:ident) => {
            serve_read(c, id, request_id, $r)
        };
        (@write $r:ident) => {
            serve_write(c, id, request_id, $r)
        };
        ($($name:ident $mode:ident,)*) => {
            match request {
                $( Request::$name(r) => dispatch!(@$mode r), )*
            }
        };
    }
    crate::protocol::req::each_request!(dispatch)
}

/// The caller's staff record if `R`'s rights let them send it (`None`: an `Anyone`
/// request from someone the desk does not know).
fn authorised<R: Call>(desk: &Desk, c: &Connection) -> Result<Option<Staff>, DeskError> {
    let who = match desk.staff_for(&c.caller) {
        Ok(s) => Who::Staff(s),
        Err(DeskError::NotRegistered(why)) => Who::Unregistered(DeskError::NotRegistered(why)),
        Err(e) => return Err(e),
    };
    rights::authorise(rights::right(R::KIND), who, &c.caller)
}

/// A read, on the desk shared with other readers.
fn serve_read<R: Read>(c: &mut Connection, id: u64, request_id: RequestId, r: R) -> Answer {
    R::prepare(c);
    let now = (c.shared.clock)();
    let shared = c.shared.clone();
    let desk = shared.desk_read();
    let me = match authorised::<R>(&desk, c) {
        Ok(Some(me)) => me,
        Ok(None) => {
            return Answer::Now(Err(DeskError::internal(
                crate::domain::refusal::SystemRefusal::Internal {
                    detail: crate::domain::refusal::Detail(
                        "an open request other than init".to_string(),
                    ),
                },
            )))
        }
        Err(e) => return Answer::Now(Err(e)),
    };
    let mut cx = Cx::new(&me, request_id, now, c, id);
    r.read(&desk, &mut cx).into()
}

/// A write: the desk is held alone from naming the caller (a colleague deactivated a
/// moment ago writes nothing) through the idempotency check to the commit.
fn serve_write<W: Write>(c: &mut Connection, id: u64, request_id: RequestId, w: W) -> Answer {
    let now = (c.shared.clock)();
    let shared = c.shared.clone();
    let mut desk = shared.desk();
    let me = match authorised::<W>(&desk, c) {
        Ok(me) => me,
        Err(e) => return Answer::Now(Err(e)),
    };
    // Stored under the staff record's id, which is the caller's uid only on the box they
    // were added on.
    let by = me.as_ref().map_or(StaffId(c.caller.uid), |s| s.uid);
    let Some(me) = me else {
        if let Some(reply) = desk.replay(by, request_id) {
            return Answer::Now(reply);
        }
        let result = w.write_unregistered(&mut desk, c, request_id, now);
        return Answer::Now(written(&shared, &desk, result));
    };
    let mut cx = Cx::new(&me, request_id, now, c, id);
    // Another daemon of the estate drew the same number a moment ago: decided again, it
    // draws the next. A busy daemon beside this one can win the same race many times
    // over, so each try waits a random moment longer.
    let mut tries: u64 = 0;
    let result = loop {
        desk.number_taken = false;
        let r = w.write(&mut desk, &mut cx);
        if !desk.number_taken || tries == NUMBER_TRIES {
            break r;
        }
        tries += 1;
        std::thread::sleep(std::time::Duration::from_micros(fastrand::u64(
            0..=tries.min(20) * 1000,
        )));
    };
    // A retry is not looked for before deciding: the store refuses a request id it holds
    // inside the commit (another daemon of the estate may be committing the same retry at
    // this moment), and the desk answers that from the stored reply. A retry decided again
    // may instead be refused (the case it closed is closed now): its stored answer, then.
    // (Not a save the store could not make durable: that is never answered as saved.)
    let refused = matches!(
        result,
        Err(DeskError::Validation { .. }
            | DeskError::Forbidden(_)
            | DeskError::NotFound(_)
            | DeskError::Conflict { .. })
    );
    if refused {
        if let Some(reply) = desk.replay(by, request_id) {
            return Answer::Now(reply);
        }
    }
    w.then(&mut cx, &result);
    Answer::Now(written(&shared, &desk, result))
}

/// A write's reply, after pushing what the pump followed (its change, and any other
/// writer's before it) to every subscriber. Called with the desk lock held, so events go
/// out in commit order.
fn written(shared: &Shared, desk: &Desk, result: DeskResult<Written>) -> Result<Reply, DeskError> {
    shared.publish(desk);
    result.map(|(reply, _)| reply)
}
