//! The group hotline's daemon (400 热线): one process serving several estates of the group's
//! database. Each estate is a desk of its own — its store confined to the estate, its lookup
//! index, open work and pump — exactly as on the estate's own daemon, so a case taken here is
//! the same write, checked the same way, and reaches that estate's desk screens through the
//! change log. A session sends each call to the desk of the estate the call names; a lookup
//! naming none runs over every estate the caller serves and says whose each resident is.

use crate::protocol::req;
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, RwLock};

use super::desk::{Caller, Desk};
use super::group_index::{self, Mirror};
use super::latest_wins::LatestWins;
use super::lookup::{self};
use super::rights::{self, Who};
use super::router::{self, Answer, Connection};
use super::session::{self, Desks, Routes};
use super::{identity, Server, Shared};
use crate::domain::{Access, DeskError, Estate, Field, RequestId};
use crate::protocol::{Reply, Request, RequestKind, ServerMsg, Welcome};
use crate::search::{SearchIndex, SearchState};

mod across;

/// The hotline's estates, in the order they were named.
pub struct Hotline {
    estates: Arc<Vec<(Estate, Server)>>,
    desks: Arc<Vec<Arc<Shared>>>,
    /// Every estate's residents in one index (`group_index`).
    group: Arc<RwLock<SearchIndex>>,
    next_conn: AtomicU64,
}

impl Hotline {
    /// Serves `desks`, each opened on one estate of the group's database.
    pub fn new(desks: Vec<Desk>) -> anyhow::Result<Hotline> {
        let group = Arc::new(RwLock::new(SearchIndex::new()));
        let mut estates = Vec::new();
        for (place, mut desk) in (1..).zip(desks) {
            let Some(estate) = desk.estate() else {
                anyhow::bail!(
                    "the hotline serves estates of a group's database; this desk has none"
                );
            };
            // Filled before the desk's pump starts: from then on the pump keeps it.
            let mirror = Mirror {
                index: group.clone(),
                place,
            };
            mirror.fill_from(&desk.index().read().unwrap_or_else(|p| p.into_inner()));
            desk.mirror = Some(mirror);
            estates.push((estate, Server::new(desk)));
        }
        group.write().unwrap_or_else(|p| p.into_inner()).shrink();
        let desks = estates.iter().map(|(_, s)| s.shared.clone()).collect();
        Ok(Hotline {
            estates: Arc::new(estates),
            desks: Arc::new(desks),
            group,
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
        let group = self.group.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("hotline-{conn}"))
            .spawn(move || serve_one(&estates, &desks, group, conn, stream, caller));
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
    group: Arc<RwLock<SearchIndex>>,
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
                    // The screen starts on this estate and follows its changes from here.
                    w.me = Some(me);
                    w.last_seq = desk.last_seq();
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
        finder: finder(estates.clone(), group, caller.clone(), out.clone()),
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
    /// changes on its own, and a screen follows one sequence. (The one kept is subscribed
    /// by its own desk's subscription, with its catch-up.)
    fn unsubscribe_all_but(&self, keep: Option<usize>) {
        self.mark_subscribed(|i, _| (Some(i) != keep).then_some(false));
    }

    /// Live events from every estate whose staff the caller is on.
    fn subscribe_to_all(&self) {
        let caller = &self.caller;
        self.mark_subscribed(|_, server| Some(server.shared.desk_read().staff_for(caller).is_ok()));
    }

    /// Sets this connection's subscription at each estate where `flag` says (`None`: left).
    fn mark_subscribed(&self, flag: impl Fn(usize, &Server) -> Option<bool>) {
        for (i, (_, server)) in self.estates.iter().enumerate() {
            let Some(on) = flag(i, server) else {
                continue;
            };
            if let Some(o) = server
                .shared
                .open()
                .iter_mut()
                .find(|o| o.conn == self.conn)
            {
                o.subscribed = on;
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
                Request::CustomerFind(req::CustomerFind { query, limit }) => {
                    self.finder.submit(id, Job { query, limit });
                    Answer::Later
                }
                // All estates in view: every estate's changes from now on (each numbers its
                // own, so there is no catch-up to ask for; the screen reloads instead).
                Request::Subscribe(req::Subscribe { .. }) => {
                    self.subscribe_to_all();
                    Answer::Now(Ok(Reply::Done))
                }
                Request::StaffList(r) => Answer::Now(self.staff_across(id, request_id, r)),
                Request::CaseList(r) => Answer::Now(self.case_list_across(id, request_id, r)),
                Request::Stats(r) => Answer::Now(self.stats_across(id, request_id, r)),
                // One database behind every estate: any estate's desk can say how it is.
                r @ Request::DatabaseStatus(_) => router::route(self.conn_to(0), id, request_id, r),
                _ => Answer::Now(Err(DeskError::invalid(
                    Field::Estate,
                    crate::domain::refusal::DeskRefusal::WhichEstate {
                        codes: self.codes(),
                    },
                ))),
            };
        };
        let Some(i) = self.estates.iter().position(|(e, _)| e.code == code) else {
            return Answer::Now(Err(DeskError::invalid(
                Field::Estate,
                crate::domain::refusal::DeskRefusal::NotOurEstate {
                    value: code.to_string(),
                    codes: self.codes(),
                },
            )));
        };
        if matches!(request, Request::Subscribe(req::Subscribe { .. })) {
            self.unsubscribe_all_but(Some(i));
        }
        router::route(self.conn_to(i), id, request_id, request)
    }
}

impl HotlineRoutes {
    /// This connection's desk connection to estate `i`, made on first use.
    fn conn_to(&mut self, i: usize) -> &mut Connection {
        let shared = self.estates[i].1.shared.clone();
        let (caller, out, conn) = (&self.caller, &self.out, self.conn);
        self.conns[i]
            .get_or_insert_with(|| Connection::new(shared, conn, caller.clone(), out.clone()))
    }
}

struct Job {
    query: String,
    limit: u32,
}

/// The lookup across estates, off the session's thread like a desk's own: a newer search
/// cancels the one still running.
type Finder = LatestWins<Job>;

fn finder(
    estates: Arc<Vec<(Estate, Server)>>,
    group: Arc<RwLock<SearchIndex>>,
    caller: Caller,
    replies: SyncSender<ServerMsg>,
) -> Finder {
    // The incremental state of this connection's typing, as a desk's searcher has.
    let mut state = SearchState::default();
    LatestWins::start(replies, move |job: Job, stale| {
        find_across(&estates, &group, &mut state, &caller, &job, stale)
    })
}

/// The best `limit` matches in the estates whose staff the caller is on, each naming its
/// estate: one search of the group index (a ticket number is looked up in each estate, where
/// it is numbered). Every estate whose residents were shown notes the search in its access
/// log (R-REC-13).
fn find_across(
    estates: &[(Estate, Server)],
    group: &RwLock<SearchIndex>,
    state: &mut SearchState,
    caller: &Caller,
    job: &Job,
    stale: &(dyn Fn() -> bool + Sync),
) -> Result<Reply, DeskError> {
    let right = rights::right(RequestKind::CustomerFind);
    // Who the caller is in each estate (from memory: no database round trip).
    let mut allowed = Vec::with_capacity(estates.len());
    let mut refusal = None;
    for (_, server) in estates {
        let desk = server.shared.desk_read();
        let who = match desk.staff_for(caller) {
            Ok(s) => Who::Staff(s),
            Err(e) => Who::Unregistered(e),
        };
        match rights::authorise(right, who, caller) {
            Ok(me) => allowed.push(me),
            Err(e) => {
                refusal.get_or_insert(e);
                allowed.push(None);
            }
        }
    }
    let served = allowed.iter().filter(|a| a.is_some()).count();
    if served == 0 {
        return Err(refusal.unwrap_or_else(|| {
            DeskError::NotRegistered(crate::domain::refusal::DeskRefusal::NoEstateStaff {}.into())
        }));
    }
    let mut found = Vec::new();
    let looks_like_ticket = job
        .query
        .split_whitespace()
        .any(|t| t.len() >= 9 && t.to_ascii_uppercase().starts_with('T'));
    if looks_like_ticket {
        for ((estate, server), me) in estates.iter().zip(&allowed) {
            if me.is_none() {
                continue;
            }
            let desk = server.shared.desk_read();
            if let Some(id) = desk.ticket_customer(&job.query)? {
                let index = desk.index();
                let index = index.read().unwrap_or_else(|p| p.into_inner());
                found.extend(
                    lookup::find(&index, state, Some(id), &job.query, 1, stale)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|mut m| {
                            m.estate = Some(estate.code.clone());
                            m
                        }),
                );
            }
        }
    }
    if found.is_empty() {
        // Where the caller serves only some estates, ask for enough to fill the page
        // from theirs.
        let wanted = job.limit.clamp(1, 500) as usize;
        let asked = (wanted * estates.len()).div_ceil(served).min(500);
        let index = group.read().unwrap_or_else(|p| p.into_inner());
        let Some(matches) = lookup::find(&index, state, None, &job.query, asked as u32, stale)
        else {
            return Err(DeskError::Superseded);
        };
        for mut m in matches {
            let (place, local) = group_index::split(m.customer.id);
            let Some(i) = (place as usize).checked_sub(1) else {
                continue;
            };
            if allowed.get(i).is_some_and(|a| a.is_some()) {
                m.customer.id = local;
                m.estate = Some(estates[i].0.code.clone());
                found.push(m);
            }
        }
        found.truncate(wanted);
    }
    for ((estate, server), me) in estates.iter().zip(&allowed) {
        let hits = found
            .iter()
            .filter(|m| m.estate.as_deref() == Some(estate.code.as_str()))
            .count();
        // An estate where nobody matched was shown nothing of anyone.
        if let (Some(me), true) = (me, hits > 0) {
            let shared = &server.shared;
            shared.access.record(
                me.uid,
                (shared.clock)(),
                Access::Search {
                    query: job.query.clone(),
                    hits: hits as u32,
                },
                None,
            );
        }
    }
    Ok(Reply::Matches(found))
}
