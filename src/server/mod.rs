//! The daemon: owns the desk (and so the sled store), accepts clients on a Unix socket, names
//! each by SO_PEERCRED, serves their requests one at a time through a single writer lock, and
//! pushes every durable change to every subscriber.

mod access_log;
mod arrears_staging;
mod case_filter;
mod connection;
mod daemon;
mod desk;
mod desk_backup;
mod desk_calls;
mod desk_case_list;
mod desk_cases;
mod desk_categories;
mod desk_customers;
mod desk_data;

mod desk_covers;
mod desk_digest;
mod desk_dwellings;
mod desk_fees;
mod desk_import;
mod desk_incidents;
mod desk_loans;
mod desk_merge;
mod desk_numbers;

mod desk_permits;
mod desk_queues;
mod desk_release;
mod desk_reports;
mod desk_staff;
mod desk_surveys;
mod desk_templates;
mod desk_undo;
mod desk_visitors;
mod desk_visits;
mod duplicates;
mod gate;
mod group_index;
mod hotline;
pub mod identity;
mod latest_wins;
pub mod lookup;
mod on_connection;
mod open_work;
mod pump;
mod recusal;
pub mod rights;
mod router;
mod serve;
mod session;

pub use daemon::{
    estate_add, estate_grant, estate_list, restore, restore_to_postgres, serve, Backend,
};
pub use desk::{Caller, Desk};
pub use hotline::Hotline;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::domain::StaffId;
use crate::protocol::ServerMsg;

/// Events a client may fall behind by before it is disconnected (it reconnects and catches
/// up from its last seq); a slow client never blocks the writer (DESIGN §6).
pub const CLIENT_QUEUE: usize = 4096;

/// An open connection: counted against its person's cap, closed when they are deactivated,
/// and — once subscribed — sent every change they may see.
struct Open {
    conn: u64,
    uid: u32,
    tx: SyncSender<ServerMsg>,
    stream: UnixStream,
    subscribed: bool,
}

/// Where the daemon reads the time: the wall clock, or a fixed instant in snapshot tests and
/// screenshots so deadlines and countdowns come out the same on every run.
pub type Clock = Arc<dyn Fn() -> crate::domain::Time + Send + Sync>;

pub(crate) struct Shared {
    /// Reads share it; a write holds it alone (and so do broadcasts, in commit order).
    desk: RwLock<Desk>,
    clock: Clock,
    open: Mutex<Vec<Open>>,
    access: access_log::AccessLog,
    /// One request per person at the desk at a time.
    gate: gate::Gate,
    /// The database behind the desk, read without the desk's lock (a waiting save holds
    /// it): `None` on sled.
    database: Option<Arc<dyn crate::store::DatabaseWatch>>,
    next_conn: std::sync::atomic::AtomicU64,
}

impl Shared {
    /// The desk lock. A panic in one request must not take every other client down with a
    /// poisoned lock: the desk's state lives in the store, which was not half-written
    /// (transactions are atomic), so the guard is recovered.
    fn desk(&self) -> RwLockWriteGuard<'_, Desk> {
        self.desk.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The desk for reading, shared with other readers.
    fn desk_read(&self) -> RwLockReadGuard<'_, Desk> {
        self.desk.read().unwrap_or_else(|p| p.into_inner())
    }

    fn open(&self) -> MutexGuard<'_, Vec<Open>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Closes every connection `uid` holds, telling each why. Reading stops at once; what
    /// was already queued (and the message) is still written before the socket closes.
    fn close_uid(&self, uid: u32, why: crate::domain::DeskError) {
        for o in self.open().iter().filter(|o| o.uid == uid) {
            let _ = o.tx.try_send(ServerMsg::Closed(why.clone()));
            let _ = o.stream.shutdown(std::net::Shutdown::Read);
        }
    }

    /// Pushes `msg` to every connection, subscribed or not (a full queue skips it: that
    /// connection is being shut for falling behind).
    fn tell_everyone(&self, msg: &ServerMsg) {
        for o in self.open().iter() {
            let _ = o.tx.try_send(msg.clone());
        }
    }

    /// Pushes `msg` to every subscribed connection except those of `hidden_from` (the
    /// subject of the complaint it concerns, R-INT-12); called with the desk held for
    /// writing, so events go out in commit order. A connection whose queue is full is shut
    /// (it reconnects and catches up); its session then removes it.
    fn broadcast(&self, msg: &ServerMsg, hidden_from: Option<StaffId>) {
        for o in self.open().iter_mut().filter(|o| o.subscribed) {
            if Some(StaffId(o.uid)) == hidden_from {
                continue;
            }
            match o.tx.try_send(msg.clone()) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) => {
                    tracing::warn!("connection {} fell behind; disconnecting it", o.conn);
                    let _ = o.stream.shutdown(std::net::Shutdown::Both);
                    o.subscribed = false;
                }
                Err(TrySendError::Disconnected(_)) => o.subscribed = false,
            }
        }
    }
}

#[derive(Clone)]
pub struct Server {
    shared: Arc<Shared>,
}

impl Server {
    pub fn new(desk: Desk) -> Server {
        Server::with_clock(desk, Arc::new(chrono::Utc::now))
    }

    pub fn with_clock(desk: Desk, clock: Clock) -> Server {
        let shared = Arc::new(Shared {
            database: desk.store.database_watch(),
            desk: RwLock::new(desk),
            clock,
            open: Mutex::new(Vec::new()),
            access: access_log::AccessLog::default(),
            gate: gate::Gate::default(),
            next_conn: std::sync::atomic::AtomicU64::new(1),
        });
        if let Some(watch) = &shared.database {
            let weak = Arc::downgrade(&shared);
            watch.on_change(Box::new(move |wait| {
                if let Some(shared) = weak.upgrade() {
                    shared.tell_everyone(&ServerMsg::Waiting(wait));
                }
            }));
        }
        access_log::start_writer(Arc::downgrade(&shared));
        pump::start(Arc::downgrade(&shared));
        Server { shared }
    }

    /// Serves one connection as `caller` on background threads. The listener passes the
    /// kernel's answer; tests pass any identity over a socketpair.
    pub fn attach(&self, stream: UnixStream, caller: Caller) {
        let shared = self.shared.clone();
        let conn = shared
            .next_conn
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        std::thread::Builder::new()
            .name(format!("conn-{conn}"))
            .spawn(move || session::run(shared, conn, stream, caller))
            .map(|_| ())
            .unwrap_or_else(|e| tracing::warn!("cannot start a session thread: {e}"));
    }

    /// A socketpair whose far end is served as `caller`; the near end is returned for a
    /// client (tests, fixtures, fuzzing: identity injected instead of read from the kernel).
    pub fn attach_pair(&self, caller: Caller) -> std::io::Result<UnixStream> {
        let (ours, theirs) = UnixStream::pair()?;
        self.attach(theirs, caller);
        Ok(ours)
    }

    /// Runs `f` with the desk locked (tests: fault injection, direct inspection).
    pub fn with_desk<T>(&self, f: impl FnOnce(&mut Desk) -> T) -> T {
        f(&mut self.shared.desk())
    }

    /// Accepts connections forever, naming each peer by SO_PEERCRED.
    pub fn serve(&self, listener: UnixListener) -> std::io::Result<()> {
        for stream in listener.incoming() {
            let stream = match stream {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    continue;
                }
            };
            match identity::peer_caller(&stream) {
                Ok(caller) => self.attach(stream, caller),
                Err(e) => tracing::warn!("cannot read peer credentials: {e}"),
            }
        }
        Ok(())
    }
}

/// Fails if a live daemon answers on `path`.
pub fn refuse_if_served(path: &Path) -> anyhow::Result<()> {
    if UnixStream::connect(path).is_ok() {
        anyhow::bail!(
            "a frontdesk daemon is already serving {}; use it, or stop it before starting another",
            path.display()
        );
    }
    Ok(())
}

/// Binds the socket for `frontdesk serve`, refusing if a live daemon already answers there.
/// The socket is 0660 so that, on the shared box, members of the daemon's group can connect.
pub fn bind_socket(path: &Path) -> anyhow::Result<UnixListener> {
    use anyhow::Context;
    refuse_if_served(path)?;
    if path.exists() {
        std::fs::remove_file(path)
            .with_context(|| format!("removing the stale socket {}", path.display()))?;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the socket dir {}", dir.display()))?;
    }
    let listener =
        UnixListener::bind(path).with_context(|| format!("binding {}", path.display()))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))
        .with_context(|| format!("setting permissions on {}", path.display()))?;
    Ok(listener)
}
