//! One client connection: the version handshake, then each request handed to the router on
//! this thread while a writer thread drains the bounded outgoing queue (replies and events).

use crate::domain::refusal::SystemRefusal;
use std::io::{BufReader, BufWriter};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::desk::Caller;
use super::router::{self, Answer, Connection};
use super::{Open, Shared, CLIENT_QUEUE};
use crate::domain::{DeskError, Field, RequestId};
use crate::protocol::{
    self, read_frame, write_frame, ClientMsg, FrameError, Hello, Request, ServerMsg, Welcome,
    MAX_REQUEST_FRAME,
};

/// Where a connection's requests go: its desk, or on the hotline's daemon the desk of the
/// estate each call names.
pub(super) trait Routes {
    fn route(
        &mut self,
        id: u64,
        request_id: RequestId,
        estate: Option<String>,
        request: Request,
    ) -> Answer;
}

impl Routes for Connection {
    fn route(
        &mut self,
        id: u64,
        request_id: RequestId,
        estate: Option<String>,
        request: Request,
    ) -> Answer {
        if let Some(asked) = estate {
            let ours = self.shared.desk_read().estate();
            if ours.as_ref().is_none_or(|e| e.code != asked) {
                return Answer::Now(Err(DeskError::invalid(
                    Field::Estate,
                    match ours {
                        Some(e) => SystemRefusal::OtherEstate {
                            estate: e.code.to_string(),
                        },
                        None => SystemRefusal::OneEstateOnly {},
                    },
                )));
            }
        }
        router::route(self, id, request_id, request)
    }
}

/// The desks a session is registered with: the first answers the welcome, counts the
/// caller's connections and takes their turn at the gate.
pub(super) struct Desks<'a> {
    pub all: &'a [Arc<Shared>],
    /// Fills in what the welcome says beyond the first desk's (the hotline's estates).
    pub welcome: &'a dyn Fn(&mut Welcome),
}

pub(super) fn run(shared: Arc<Shared>, conn: u64, stream: UnixStream, caller: Caller) {
    let all = [shared.clone()];
    let desks = Desks {
        all: &all,
        welcome: &|_| {},
    };
    run_with(&desks, conn, stream, &caller, |out| {
        Connection::new(shared.clone(), conn, caller.clone(), out)
    });
}

/// Serves one connection over `desks`, routing through what `routes` makes of its queue.
pub(super) fn run_with<R: Routes>(
    desks: &Desks<'_>,
    conn: u64,
    stream: UnixStream,
    caller: &Caller,
    routes: impl FnOnce(SyncSender<ServerMsg>) -> R,
) {
    if let Err(e) = serve(desks, conn, stream, caller, routes) {
        if !matches!(e, FrameError::Closed) {
            tracing::info!("connection {conn} ({}): {e}", caller.username);
        }
    }
    for shared in desks.all {
        shared.open().retain(|o| o.conn != conn);
    }
}

/// A per-connection token bucket: `rate` requests a second, bursts of twice that.
struct Bucket {
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn new(per_second: u32) -> Bucket {
        let rate = f64::from(per_second.max(1));
        Bucket {
            rate,
            tokens: rate * 2.0,
            last: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.rate * 2.0);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn serve<R: Routes>(
    desks: &Desks<'_>,
    conn: u64,
    stream: UnixStream,
    caller: &Caller,
    routes: impl FnOnce(SyncSender<ServerMsg>) -> R,
) -> Result<(), FrameError> {
    let shared = &desks.all[0];
    let mut reader = BufReader::new(stream.try_clone()?);
    // A client has ten seconds to say hello; afterwards reads block as long as it stays.
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let hello = read_frame(&mut reader, MAX_REQUEST_FRAME)?;
    stream.set_read_timeout(None)?;
    let mut welcome = shared.desk_read().welcome(caller);
    (desks.welcome)(&mut welcome);
    welcome.refused = hello_refused(&hello);
    let (out, rx) = sync_channel::<ServerMsg>(CLIENT_QUEUE);
    let (max_open, per_second) = {
        let desk = shared.desk_read();
        let p = desk.policy();
        (p.max_connections_per_uid, p.max_requests_per_second)
    };
    if welcome.refused.is_none() {
        welcome.refused = register(desks, conn, caller, &out, &stream, max_open)?;
    }
    let mut writer = BufWriter::new(stream.try_clone()?);
    write_frame(&mut writer, &protocol::encode::<Welcome>(&welcome))?;
    if welcome.refused.is_some() {
        return Ok(());
    }
    let mut bucket = Bucket::new(per_second);

    let writer_thread = std::thread::spawn(move || drain(rx, writer));
    let mut connection = routes(out.clone());
    let result = loop {
        let frame = match read_frame(&mut reader, MAX_REQUEST_FRAME) {
            Ok(f) => f,
            Err(FrameError::TooLarge(n, max)) => {
                // The rest of the stream cannot be trusted after a refused length.
                let _ = out.send(ServerMsg::Reply {
                    id: 0,
                    result: Err(DeskError::TooLarge(
                        SystemRefusal::FrameTooLarge { bytes: n, max }.into(),
                    )),
                });
                break Ok(());
            }
            Err(e) => break Err(e),
        };
        let ClientMsg::Call {
            id,
            request_id,
            estate,
            request,
        } = match protocol::decode::<ClientMsg>(&frame) {
            Ok(m) => m,
            Err(e) => {
                let _ = out.send(ServerMsg::Reply {
                    id: 0,
                    result: Err(e),
                });
                break Ok(());
            }
        };
        if !bucket.take() {
            let refused =
                DeskError::TooManyRequests(SystemRefusal::RateLimited { per_second }.into());
            if out
                .send(ServerMsg::Reply {
                    id,
                    result: Err(refused),
                })
                .is_err()
            {
                break Ok(());
            }
            continue;
        }
        let turn = shared.gate.enter(caller.uid);
        let answer = connection.route(id, request_id, estate, request);
        drop(turn);
        match answer {
            Answer::Now(result) => {
                if out.send(ServerMsg::Reply { id, result }).is_err() {
                    break Ok(());
                }
            }
            Answer::Later => {}
        }
    };
    drop(out);
    drop(connection);
    let _ = writer_thread.join();
    let _ = stream.shutdown(std::net::Shutdown::Both);
    result
}

/// Why a client's hello is refused: another protocol version, or not a frontdesk client.
fn hello_refused(hello: &[u8]) -> Option<DeskError> {
    match protocol::peek_version(hello) {
        Some((magic, v)) if magic == protocol::MAGIC && v == protocol::PROTOCOL_VERSION => {
            (protocol::decode::<Hello>(hello).is_err()).then(|| {
                DeskError::ProtocolMismatch(
                    SystemRefusal::Undecodable {
                        detail: crate::domain::refusal::Detail("the hello message".into()),
                    }
                    .into(),
                )
            })
        }
        Some((magic, v)) if magic == protocol::MAGIC => Some(DeskError::ProtocolMismatch(
            SystemRefusal::ProtocolVersion {
                theirs: protocol::PROTOCOL_VERSION,
                ours: v,
            }
            .into(),
        )),
        _ => Some(DeskError::ProtocolMismatch(
            SystemRefusal::NotAClient {}.into(),
        )),
    }
}

/// Registers the connection with every desk it may reach, unless the caller already holds
/// as many as the policy allows (then the refusal).
fn register(
    desks: &Desks<'_>,
    conn: u64,
    caller: &Caller,
    out: &SyncSender<ServerMsg>,
    stream: &UnixStream,
    max_open: u32,
) -> std::io::Result<Option<DeskError>> {
    let shared = &desks.all[0];
    // Counted and registered under one lock, so racing connects cannot pass the cap.
    let mut open = shared.open();
    let held = open
        .iter()
        .filter(|o| o.uid == caller.uid && !super::identity::peer_gone(&o.stream))
        .count();
    if held >= max_open as usize {
        return Ok(Some(DeskError::TooManyRequests(
            crate::domain::refusal::DeskRefusal::TooManyConnections {
                login: caller.username.clone(),
                held,
                max: max_open,
            }
            .into(),
        )));
    }
    open.push(Open {
        conn,
        uid: caller.uid,
        tx: out.clone(),
        stream: stream.try_clone()?,
        subscribed: false,
    });
    drop(open);
    // The other desks (the hotline's estates) know the connection too: one of them
    // may deactivate the caller, or be the estate the screen subscribes to.
    for other in &desks.all[1..] {
        other.open().push(Open {
            conn,
            uid: caller.uid,
            tx: out.clone(),
            stream: stream.try_clone()?,
            subscribed: false,
        });
    }
    Ok(None)
}

/// Writes queued messages until the queue closes or the socket fails.
fn drain(rx: Receiver<ServerMsg>, mut writer: BufWriter<UnixStream>) {
    for msg in rx {
        let mut body = protocol::encode(&msg);
        if body.len() > protocol::MAX_RESPONSE_FRAME {
            if let ServerMsg::Reply { id, .. } = msg {
                body = protocol::encode(&ServerMsg::Reply {
                    id,
                    result: Err(DeskError::TooLarge(SystemRefusal::AnswerTooLarge {}.into())),
                });
            } else {
                continue;
            }
        }
        if write_frame(&mut writer, &body).is_err() {
            return;
        }
    }
}
