//! A request's handler, as the daemon sees it: `Read` for a request declared a read (it is
//! given the shared desk), `Write` for one declared a write (the desk held alone, for a
//! commit). The router's dispatch is generated from the request table, so a request whose
//! declaration says "read" cannot be given a write handler: the compiler refuses it.
//! `serve!` writes the handlers that only call a desk method; the others are written out.

use super::connection::Connection;
use super::desk::{Desk, DeskResult, Tx, Written};
use crate::domain::{Access, DeskError, Field, RequestId, Time};
use crate::protocol::{Call, Reads, Reply, Writes};

/// How long a connection's look at one record stays the same look.
const SAME_LOOK: chrono::Duration = chrono::Duration::minutes(10);
/// Looks a connection remembers (a unit's page notes one per resident).
const MAX_LOOKS_KEPT: usize = 64;

/// A reply now, or later from the search worker.
pub(super) enum Answer {
    Now(Result<Reply, DeskError>),
    Later,
}

/// A read's reply, or `None` when it goes out later (the search worker answers a lookup;
/// a subscription sends its own reply before the catch-up).
pub(super) type ReadReply = DeskResult<Option<Reply>>;

impl From<ReadReply> for Answer {
    fn from(r: ReadReply) -> Answer {
        match r {
            Ok(Some(reply)) => Answer::Now(Ok(reply)),
            Ok(None) => Answer::Later,
            Err(e) => Answer::Now(Err(e)),
        }
    }
}

/// One request's context: its transaction (who, when, its idempotency key), the connection
/// it came on, and the id its reply goes out under.
pub(super) struct Cx<'a> {
    pub tx: Tx<'a>,
    pub conn: &'a mut Connection,
    pub id: u64,
}

impl<'a> Cx<'a> {
    pub fn new(
        me: &'a crate::domain::Staff,
        request_id: RequestId,
        now: Time,
        conn: &'a mut Connection,
        id: u64,
    ) -> Cx<'a> {
        Cx {
            tx: Tx {
                me,
                request_id,
                now,
            },
            conn,
            id,
        }
    }

    /// Notes a look at personal data just answered in the access log (R-REC-13), unless this connection put the same look (the
    /// same record, the same reason) on record less than `SAME_LOOK` ago: a screen that
    /// reads an open card again is still the one look.
    pub fn noted(&mut self, what: Access, reason: Option<String>) {
        let now = self.tx.now;
        let looks = &mut self.conn.looks;
        looks.retain(|(_, _, at)| now - *at < SAME_LOOK);
        if looks.iter().any(|(w, r, _)| *w == what && *r == reason) {
            return;
        }
        if looks.len() == MAX_LOOKS_KEPT {
            looks.remove(0);
        }
        looks.push((what.clone(), reason.clone(), now));
        self.conn
            .shared
            .access
            .record(self.tx.me.uid, now, what, reason);
    }
}

/// A request that only reads.
pub(super) trait Read: Call<Mode = Reads> + Sized {
    /// Work before the desk is taken for reading (default: none).
    fn prepare(_conn: &Connection) {}

    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply;
}

/// A request that writes. `write` may run more than once when another daemon of the estate
/// drew the same number: it must decide afresh each time.
pub(super) trait Write: Call<Mode = Writes> + Sized {
    fn write(&self, desk: &mut Desk, cx: &mut Cx<'_>) -> DeskResult<Written>;

    /// After the write, whatever its outcome, with the desk still held (default: nothing).
    fn then(&self, _cx: &mut Cx<'_>, _result: &DeskResult<Written>) {}

    /// The write of a caller the desk does not know: only `Init` has one (its rights
    /// say anyone); any other request refuses.
    fn write_unregistered(
        &self,
        _desk: &mut Desk,
        _conn: &Connection,
        _request_id: RequestId,
        _now: Time,
    ) -> DeskResult<Written> {
        Err(DeskError::internal(
            crate::domain::refusal::SystemRefusal::Internal {
                detail: crate::domain::refusal::Detail(
                    "an open request other than init".to_string(),
                ),
            },
        ))
    }
}

/// Handlers that call one desk method: `read Name(r, desk, cx) => expr;` gives the shared
/// desk and answers `expr` (a `DeskResult<Reply>`); `write Name(r, desk, cx) => expr;`
/// gives the desk held alone (`expr`: a `DeskResult<Written>`). `r` is the request, `cx`
/// the context (`cx.tx` for the desk's methods).
macro_rules! serve {
    (@read $name:ident, $r:ident, $desk:ident, $cx:ident, $body:expr) => {
        impl $crate::server::serve::Read for $crate::protocol::req::$name {
            #[allow(unused_variables)]
            fn read(
                self,
                $desk: &$crate::server::desk::Desk,
                $cx: &mut $crate::server::serve::Cx<'_>,
            ) -> $crate::server::serve::ReadReply {
                let $r = self;
                $body.map(Some)
            }
        }
    };
    (@write $name:ident, $r:ident, $desk:ident, $cx:ident, $body:expr) => {
        impl $crate::server::serve::Write for $crate::protocol::req::$name {
            #[allow(unused_variables)]
            fn write(
                &self,
                $desk: &mut $crate::server::desk::Desk,
                $cx: &mut $crate::server::serve::Cx<'_>,
            ) -> $crate::server::desk::Handled {
                let $r = self;
                $body
            }
        }
    };
    ($($mode:ident $name:ident($r:ident, $desk:ident, $cx:ident) => $body:expr;)*) => {
        $( $crate::server::serve::serve!(@$mode $name, $r, $desk, $cx, $body); )*
    };
}
pub(super) use serve;

/// The reason given for a look at personal data, checked like any text (it is shown to
/// supervisors later); empty means none.
pub(super) fn why(reason: Option<String>) -> Result<Option<String>, DeskError> {
    let Some(r) = reason else {
        return Ok(None);
    };
    let r =
        crate::domain::text::optional_text(Field::Reason, &r, crate::domain::text::MAX_TEXT_BYTES)?;
    Ok(Some(r).filter(|r| !r.is_empty()))
}
