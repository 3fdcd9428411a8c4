//! The group hotline's daemon (400 热线): one process serving several estates of the group's
//! database. Each estate is a desk of its own — its store confined to the estate, its lookup
//! index, open work and pump — exactly as on the estate's own daemon, so a case taken here is
//! the same write, checked the same way, and reaches that estate's desk screens through the
//! change log. A session sends each call to the desk of the estate the call names; a lookup
//! naming none runs over every estate the caller serves and says whose each resident is.

use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender, SyncSender};
use std::sync::Arc;

use super::desk::{Caller, Desk};
use super::lookup::{self, Searcher};
use super::rights::{self, Who};
use super::router::{self, Answer, Connection};
use super::session::{self, Desks, Routes};
use super::{identity, Server, Shared};
use crate::domain::{Access, DeskError, Estate, Field, RequestId, StaffId};
use crate::protocol::{Reply, Request, RequestKind, ServerMsg, Welcome};
use crate::search::SearchState;

/// The hotline's estates, in the order they were named.
pub struct Hotline {
    estates: Arc<Vec<(Estate, Server)>>,
    desks: Arc<Vec<Arc<Shared>>>,
    next_conn: AtomicU64,
}

impl Hotline {
    /// Serves `desks`, each opened on one estate of the group's database.
    pub fn new(desks: Vec<Desk>) -> anyhow::Result<Hotline> {
        let mut estates = Vec::new();
        for desk in desks {
            let Some(estate) = desk.estate() else {
                anyhow::bail!(
                    "the hotline serves estates of a group's database; this desk has none"
                );
            };
            estates.push((estate, Server::new(desk)));
        }
        let desks = estates.iter().map(|(_, s)| s.shared.clone()).collect();
        Ok(Hotline {
            estates: Arc::new(estates),
            desks: Arc::new(desks),
            next_conn: AtomicU64::new(1),
        })
    }

    /// The estates served, in order.
    pub fn estates(&self) -> Vec<Estate> {
        self.estates.iter().map(|(e, _)| e.clone()).collect()
    }

    /// Serves one connection as `caller` on a background thread.
    pub fn attach(&self, stream: UnixStream, caller: Caller) {
        let conn = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let estates = self.estates.clone();
        let desks = self.desks.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("hotline-{conn}"))
            .spawn(move || serve_one(&estates, &desks, conn, stream, caller));
        if let Err(e) = spawned {
            tracing::warn!("cannot start a session thread: {e}");
        }
    }

    /// A socketpair whose far end is served as `caller` (tests).
    pub fn attach_pair(&self, caller: Caller) -> std::io::Result<UnixStream> {
        let (ours, theirs) = UnixStream::pair()?;
        self.attach(theirs, caller);
        Ok(ours)
    }

    /// Accepts connections forever, naming each peer by SO_PEERCRED.
    pub fn serve(&self, listener: UnixListener) -> std::io::Result<()> {
        for stream in listener.incoming() {
            match stream.map(|s| (identity::peer_caller(&s), s)) {
                Ok((Ok(caller), s)) => self.attach(s, caller),
                Ok((Err(e), _)) => tracing::warn!("cannot read peer credentials: {e}"),
                Err(e) => tracing::warn!("accept failed: {e}"),
            }
        }
        Ok(())
    }
}

fn serve_one(
    estates: &Arc<Vec<(Estate, Server)>>,
    desks: &[Arc<Shared>],
    conn: u64,
    stream: UnixStream,
    caller: Caller,
) {
    let welcome = |w: &mut Welcome| {
        // The caller as the first estate that has them on its staff knows them.
        let mut served = Vec::new();
        for (estate, server) in estates.iter() {
            let desk = server.shared.desk_read();
            if let Ok(Some(me)) = desk.caller_record(&caller) {
                if w.me.is_none() {
                    w.me = Some(me);
                }
                served.push(estate.clone());
            }
            w.initialised |= desk.welcome(&caller).initialised;
        }
        w.estates = if served.is_empty() {
            estates.iter().map(|(e, _)| e.clone()).collect()
        } else {
            served
        };
    };
    let desks = Desks {
        all: desks,
        welcome: &welcome,
    };
    session::run_with(&desks, conn, stream, &caller, |out| HotlineRoutes {
        estates: estates.clone(),
        conns: estates.iter().map(|_| None).collect(),
        conn,
        caller: caller.clone(),
        finder: Finder::start(estates.clone(), caller.clone(), out.clone()),
        out,
    });
}

/// One hotline connection: a desk connection per estate it has called (made on first use)
/// and the lookup across them all.
struct HotlineRoutes {
    estates: Arc<Vec<(Estate, Server)>>,
    conns: Vec<Option<Connection>>,
    conn: u64,
    caller: Caller,
    out: SyncSender<ServerMsg>,
    finder: Finder,
}

impl HotlineRoutes {
    /// Live events come from one estate at a time, the one in view: each estate numbers its
    /// changes on its own, and a screen follows one sequence.
    fn unsubscribe_all_but(&self, keep: Option<usize>) {
        for (i, (_, server)) in self.estates.iter().enumerate() {
            if Some(i) == keep {
                continue;
            }
            if let Some(o) = server
                .shared
                .open()
                .iter_mut()
                .find(|o| o.conn == self.conn)
            {
                o.subscribed = false;
            }
        }
    }

    fn codes(&self) -> String {
        self.estates
            .iter()
            .map(|(e, _)| e.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Routes for HotlineRoutes {
    fn route(
        &mut self,
        id: u64,
        request_id: RequestId,
        estate: Option<String>,
        request: Request,
    ) -> Answer {
        let Some(code) = estate else {
            return match request {
                Request::CustomerFind { query, limit } => {
                    self.finder.submit(id, query, limit);
                    Answer::Later
                }
                Request::Subscribe { .. } => {
                    self.unsubscribe_all_but(None);
                    Answer::Now(Ok(Reply::Done))
                }
                _ => Answer::Now(Err(DeskError::invalid(
                    Field::Estate,
                    format!(
                        "the hotline serves several estates; say which: --estate CODE (one of {})",
                        self.codes()
                    ),
                ))),
            };
        };
        let Some(i) = self.estates.iter().position(|(e, _)| e.code == code) else {
            return Answer::Now(Err(DeskError::invalid(
                Field::Estate,
                format!(
                    "`{}` is not an estate this hotline serves; use one of {}",
                    crate::domain::text::printable(&code),
                    self.codes()
                ),
            )));
        };
        if matches!(request, Request::Subscribe { .. }) {
            self.unsubscribe_all_but(Some(i));
        }
        let shared = self.estates[i].1.shared.clone();
        let (caller, out, conn) = (&self.caller, &self.out, self.conn);
        let c = self.conns[i].get_or_insert_with(|| {
            let index = shared.desk_read().index();
            Connection {
                searcher: Searcher::start(index, out.clone(), shared.clone(), StaffId(caller.uid)),
                shared,
                conn,
                caller: caller.clone(),
                import: None,
                arrears: Vec::new(),
                out: out.clone(),
            }
        });
        router::route(c, id, request_id, request)
    }
}

struct Job {
    id: u64,
    query: String,
    limit: u32,
}

/// The lookup across estates, off the session's thread like a desk's own: a newer search
/// cancels the one still running.
struct Finder {
    jobs: Sender<Job>,
    latest: Arc<AtomicU64>,
}

impl Finder {
    fn start(
        estates: Arc<Vec<(Estate, Server)>>,
        caller: Caller,
        replies: SyncSender<ServerMsg>,
    ) -> Finder {
        let (jobs, rx) = channel::<Job>();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = latest.clone();
        std::thread::spawn(move || {
            // Each estate's index keeps its own incremental state, as a desk's searcher does.
            let mut states: Vec<SearchState> =
                estates.iter().map(|_| SearchState::default()).collect();
            for job in rx {
                let stale = || newest.load(Ordering::Acquire) != job.id;
                let result = find_across(&estates, &mut states, &caller, &job, &stale);
                if replies
                    .send(ServerMsg::Reply { id: job.id, result })
                    .is_err()
                {
                    return;
                }
            }
        });
        Finder { jobs, latest }
    }

    fn submit(&self, id: u64, query: String, limit: u32) {
        self.latest.store(id, Ordering::Release);
        let _ = self.jobs.send(Job { id, query, limit });
    }
}

/// The best `limit` matches over every estate whose staff the caller is on, each naming its
/// estate; every estate searched notes the search in its access log (R-REC-13).
fn find_across(
    estates: &[(Estate, Server)],
    states: &mut [SearchState],
    caller: &Caller,
    job: &Job,
    stale: &(dyn Fn() -> bool + Sync),
) -> Result<Reply, DeskError> {
    let right = rights::right(RequestKind::CustomerFind)
        .ok_or_else(|| DeskError::Internal("lookup has no entry in the rights table".into()))?;
    let mut all = Vec::new();
    let mut refusal = None;
    let mut searched = false;
    for ((estate, server), state) in estates.iter().zip(states.iter_mut()) {
        let shared = &server.shared;
        let (me, ticket_customer, index) = {
            let desk = shared.desk_read();
            let who = match desk.staff_for(caller) {
                Ok(s) => Who::Staff(s),
                Err(e) => Who::Unregistered(e),
            };
            match rights::authorise(right, who, caller) {
                Ok(Some(me)) => (me, desk.ticket_customer(&job.query)?, desk.index()),
                Ok(None) => continue,
                Err(e) => {
                    refusal.get_or_insert(e);
                    continue;
                }
            }
        };
        searched = true;
        if stale() {
            return Err(DeskError::Superseded);
        }
        let index = index.read().unwrap_or_else(|p| p.into_inner());
        let Some(matches) =
            lookup::find(&index, state, ticket_customer, &job.query, job.limit, stale)
        else {
            return Err(DeskError::Superseded);
        };
        shared.access.record(
            me.uid,
            (shared.clock)(),
            Access::Search {
                query: job.query.clone(),
                hits: matches.len() as u32,
            },
            None,
        );
        all.extend(matches.into_iter().map(|mut m| {
            m.estate = Some(estate.code.clone());
            m
        }));
    }
    if !searched {
        if let Some(e) = refusal {
            // Not staff of any estate here: the refusal says what to ask for.
            return Err(e);
        }
    }
    // Stable: equal scores keep the estates' order.
    all.sort_by_key(|m| std::cmp::Reverse(m.score));
    all.truncate(job.limit.clamp(1, 500) as usize);
    Ok(Reply::Matches(all))
}
