//! One client connection: the version handshake, then requests answered in order on this
//! thread while a writer thread drains the bounded outgoing queue (replies and events).

use std::io::{BufReader, BufWriter};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::time::Duration;

use super::desk::{Caller, Tx};
use super::lookup::{Job, Searcher};
use super::{Shared, Subscriber, CLIENT_QUEUE};
use crate::domain::{DeskError, RequestId};
use crate::protocol::{
    self, read_frame, write_frame, ClientMsg, FrameError, Hello, ImportRow, Reply, Request,
    ServerMsg, Welcome, MAX_REQUEST_FRAME,
};

/// Catch-up beyond this many changes asks the client to reload instead.
const MAX_CATCH_UP: usize = 10_000;
/// Rows one connection may stage for an import.
const MAX_STAGED_ROWS: usize = 2_000_000;

pub(super) fn run(shared: Arc<Shared>, conn: u64, stream: UnixStream, caller: Caller) {
    if let Err(e) = serve(&shared, conn, stream, &caller) {
        if !matches!(e, FrameError::Closed) {
            eprintln!("frontdesk: connection {conn} ({}): {e}", caller.username);
        }
    }
    shared.subscribers().retain(|s| s.conn != conn);
}

fn serve(
    shared: &Arc<Shared>,
    conn: u64,
    stream: UnixStream,
    caller: &Caller,
) -> Result<(), FrameError> {
    let mut reader = BufReader::new(stream.try_clone()?);
    // A client has ten seconds to say hello; afterwards reads block as long as it stays.
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let hello = read_frame(&mut reader, MAX_REQUEST_FRAME)?;
    stream.set_read_timeout(None)?;
    let mut welcome = shared.desk().welcome(caller);
    match protocol::peek_version(&hello) {
        Some((magic, v)) if magic == protocol::MAGIC && v == protocol::PROTOCOL_VERSION => {
            if protocol::decode::<Hello>(&hello).is_err() {
                welcome.refused = Some("the hello message could not be read".into());
            }
        }
        Some((magic, v)) if magic == protocol::MAGIC => {
            welcome.refused = Some(format!(
                "this daemon speaks protocol {}, the client {v}; run the same frontdesk version on both sides (restart the daemon after an upgrade)",
                protocol::PROTOCOL_VERSION
            ));
        }
        _ => welcome.refused = Some("not a frontdesk client".into()),
    }
    let mut writer = BufWriter::new(stream.try_clone()?);
    write_frame(&mut writer, &protocol::encode::<Welcome>(&welcome))?;
    if welcome.refused.is_some() {
        return Ok(());
    }

    let (tx, rx) = sync_channel::<ServerMsg>(CLIENT_QUEUE);
    let writer_thread = std::thread::spawn(move || drain(rx, writer));
    let mut staged: Vec<ImportRow> = Vec::new();
    let index = shared.desk().index();
    let searcher = Searcher::start(index, tx.clone());
    let result = loop {
        let frame = match read_frame(&mut reader, MAX_REQUEST_FRAME) {
            Ok(f) => f,
            Err(FrameError::TooLarge(n, max)) => {
                // The rest of the stream cannot be trusted after a refused length.
                let _ = tx.send(ServerMsg::Reply {
                    id: 0,
                    result: Err(DeskError::TooLarge(format!(
                        "a request of {n} bytes is over the {max}-byte limit; send less at once"
                    ))),
                });
                break Ok(());
            }
            Err(e) => break Err(e),
        };
        let msg = match protocol::decode::<ClientMsg>(&frame) {
            Ok(m) => m,
            Err(e) => {
                let _ = tx.send(ServerMsg::Reply {
                    id: 0,
                    result: Err(e),
                });
                break Ok(());
            }
        };
        match msg {
            ClientMsg::Subscribe { after_seq } => {
                let desk = shared.desk();
                let missed = desk
                    .changes_after(after_seq, MAX_CATCH_UP + 1)
                    .unwrap_or_default();
                if missed.len() > MAX_CATCH_UP {
                    let _ = tx.try_send(ServerMsg::Resync {
                        last_seq: desk.last_seq(),
                    });
                } else {
                    for c in missed {
                        let _ = tx.try_send(ServerMsg::Event(c));
                    }
                }
                // Registered under the desk lock, so no commit falls between catch-up and live.
                shared.subscribers().push(Subscriber {
                    conn,
                    tx: tx.clone(),
                    stream: stream.try_clone()?,
                });
            }
            ClientMsg::Call {
                id,
                request: Request::CustomerFind { query, limit },
                ..
            } => {
                let ticket_customer = match shared.desk().ticket_customer(&query) {
                    Ok(t) => t,
                    Err(e) => {
                        let _ = tx.send(ServerMsg::Reply { id, result: Err(e) });
                        continue;
                    }
                };
                searcher.submit(Job {
                    id,
                    query,
                    limit,
                    ticket_customer,
                });
            }
            ClientMsg::Call {
                id,
                request_id,
                request,
            } => {
                let result = call(shared, caller, &mut staged, request_id, request);
                if tx.send(ServerMsg::Reply { id, result }).is_err() {
                    break Ok(());
                }
            }
        }
    };
    drop(tx);
    drop(searcher);
    let _ = writer_thread.join();
    let _ = stream.shutdown(std::net::Shutdown::Both);
    result
}

fn call(
    shared: &Shared,
    caller: &Caller,
    staged: &mut Vec<ImportRow>,
    request_id: RequestId,
    request: Request,
) -> Result<Reply, DeskError> {
    let now = (shared.clock)();
    match request {
        Request::ImportStage(rows) => {
            if staged.len() + rows.len() > MAX_STAGED_ROWS {
                return Err(DeskError::TooLarge(format!(
                    "an import holds at most {MAX_STAGED_ROWS} rows; split the file"
                )));
            }
            staged.extend(rows);
            Ok(Reply::Staged {
                rows: staged.len() as u64,
            })
        }
        Request::ImportCommit => {
            let rows = std::mem::take(staged);
            let mut desk = shared.desk();
            if let Some(reply) = desk.replay(crate::domain::StaffId(caller.uid), request_id) {
                return reply;
            }
            let me = desk.staff_for(caller)?;
            let mut tx = Tx {
                me: &me,
                request_id,
                now,
            };
            let (reply, change) = desk.import(&mut tx, &rows)?;
            if let Some(c) = change {
                shared.broadcast(&ServerMsg::Event(c));
            }
            Ok(reply)
        }
        request => {
            let mut desk = shared.desk();
            let handled = desk.handle(caller, request_id, request, now);
            if let Some(c) = handled.change {
                shared.broadcast(&ServerMsg::Event(c));
            }
            handled.reply
        }
    }
}

/// Writes queued messages until the queue closes or the socket fails.
fn drain(rx: Receiver<ServerMsg>, mut writer: BufWriter<UnixStream>) {
    for msg in rx {
        let mut body = protocol::encode(&msg);
        if body.len() > protocol::MAX_RESPONSE_FRAME {
            if let ServerMsg::Reply { id, .. } = msg {
                body = protocol::encode(&ServerMsg::Reply {
                    id,
                    result: Err(DeskError::TooLarge(
                        "the answer is too large to send; narrow the query (a --limit, a shorter range)".into(),
                    )),
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
