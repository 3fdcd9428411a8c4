//! The connection's health as the administrator and the screens need it: which server the
//! daemon writes to, the moment it lost it and the moment it was back (a failover when the
//! server changed), and what a save that has waited past a moment is waiting for — asked
//! of the database on a connection of its own (`pg_stat_activity`: a commit waiting for a
//! synchronous standby waits on `SyncRep`). Each transition is logged.

use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};

use crate::domain::storage::{DatabaseStatus, Outage, Standby, Wait};
use crate::domain::Time;
use crate::store::DatabaseWatch;

/// How long a save may take before the screens are told what it waits for.
const PATIENCE: Duration = Duration::from_secs(1);
/// How often the watcher looks.
const TICK: Duration = Duration::from_millis(250);

/// Which server a session is on: address (or local socket), port, cluster name.
const SERVER_SQL: &str = "SELECT pg_backend_pid(), \
     coalesce(host(inet_server_addr()), 'local socket') || ' port ' || current_setting('port') \
     || CASE WHEN current_setting('cluster_name') = '' THEN '' \
        ELSE ' (' || current_setting('cluster_name') || ')' END";

#[derive(Default)]
struct State {
    server: String,
    backend_pid: i32,
    committing_since: Option<Instant>,
    lost: Option<(Instant, Time)>,
    last_outage: Option<Outage>,
    waiting: Option<(Wait, Instant)>,
}

/// Told of each change in what saves wait for.
type Listener = Box<dyn Fn(Option<Wait>) + Send + Sync>;

pub(crate) struct Health {
    state: Mutex<State>,
    conninfo: String,
    listeners: Mutex<Vec<Listener>>,
}

impl Health {
    /// The health of a connection just opened, with a thread watching its saves.
    pub(crate) fn start(conninfo: &str, client: &mut Client) -> Arc<Health> {
        let health = Arc::new(Health {
            state: Mutex::new(State::default()),
            conninfo: conninfo.to_string(),
            listeners: Mutex::new(Vec::new()),
        });
        health.connected(client);
        let weak = Arc::downgrade(&health);
        let started = std::thread::Builder::new()
            .name("pg-health".into())
            .spawn(move || watch(weak));
        if let Err(e) = started {
            tracing::warn!("cannot start the database watcher: {e}");
        }
        health
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Tells every listener (called with the state's lock released).
    fn tell(&self, wait: Option<Wait>) {
        for listener in self
            .listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            listener(wait);
        }
    }

    /// A session opened (at start, or again after a loss): which server; a loss ends here.
    pub(crate) fn connected(&self, client: &mut Client) {
        let (pid, server) = match client.query_one(SERVER_SQL, &[]) {
            Ok(row) => (row.get::<_, i32>(0), row.get::<_, String>(1)),
            Err(e) => (0, format!("unknown ({e})")),
        };
        let mut s = self.state();
        let was_lost = s.lost.is_some();
        if let Some((since, lost_at)) = s.lost.take() {
            let outage = Outage {
                lost_at,
                back_at: chrono::Utc::now(),
                from: s.server.clone(),
                to: server.clone(),
                paused_ms: since.elapsed().as_millis() as u64,
            };
            if outage.is_failover() {
                tracing::warn!(
                    "failover: writing to {} now (was {}); no save could be made for {} ms",
                    outage.to,
                    outage.from,
                    outage.paused_ms
                );
            } else {
                tracing::info!(
                    "back on the database at {} after {} ms",
                    outage.to,
                    outage.paused_ms
                );
            }
            s.last_outage = Some(outage);
            s.waiting = None;
        } else if s.server.is_empty() {
            tracing::info!("writing to the database at {server}");
        }
        s.server = server;
        s.backend_pid = pid;
        drop(s);
        if was_lost {
            self.tell(None);
        }
    }

    /// The session is gone (noticed before the next statement): saves pause from now.
    pub(crate) fn lost(&self) {
        let mut s = self.state();
        if s.lost.is_none() {
            tracing::warn!(
                "lost the database connection to {}; reconnecting through the host list",
                s.server
            );
            s.lost = Some((Instant::now(), chrono::Utc::now()));
            s.waiting = Some((Wait::Reconnecting, Instant::now()));
            drop(s);
            self.tell(Some(Wait::Reconnecting));
        }
    }

    /// Runs a COMMIT, marked as waiting while it does (never timed out nor cancelled: a
    /// cancelled COMMIT may be committed on the primary and not on the standby).
    pub(crate) fn committing<T>(&self, commit: impl FnOnce() -> T) -> T {
        self.state().committing_since = Some(Instant::now());
        let out = commit();
        let mut s = self.state();
        s.committing_since = None;
        let waited = s.waiting.take_if(|(w, _)| *w != Wait::Reconnecting);
        drop(s);
        if let Some((wait, since)) = waited {
            tracing::info!(
                "the save went through after {} ms waiting for the {}",
                since.elapsed().as_millis(),
                waited_for(wait)
            );
            self.tell(None);
        }
        out
    }

    fn read_replication(&self, status: &mut DatabaseStatus) -> Result<(), postgres::Error> {
        let mut client = Client::connect(&self.conninfo, NoTls)?;
        let row = client.query_one(
            "SELECT current_setting('synchronous_standby_names'), current_setting('synchronous_commit')",
            &[],
        )?;
        status.synchronous_standby_names = row.get(0);
        status.synchronous_commit = row.get(1);
        let rows = client.query(
            "SELECT application_name, coalesce(state, ''), coalesce(sync_state, ''), \
             coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint, \
             coalesce((extract(epoch FROM replay_lag) * 1000)::bigint, 0) \
             FROM pg_stat_replication ORDER BY application_name",
            &[],
        )?;
        status.standbys = rows
            .iter()
            .map(|r| Standby {
                name: r.get(0),
                state: r.get(1),
                sync_state: r.get(2),
                lag_bytes: r.get(3),
                replay_lag_ms: r.get(4),
            })
            .collect();
        Ok(())
    }
}

impl DatabaseWatch for Health {
    /// What `frontdesk status` shows: the settings and standbys read on a new connection
    /// (this one may be held by a waiting save), with what this daemon has seen.
    fn status(&self) -> DatabaseStatus {
        let (server, waiting, last_outage) = {
            let s = self.state();
            (
                s.server.clone(),
                s.waiting
                    .map(|(w, since)| (w, since.elapsed().as_millis() as u64)),
                s.last_outage.clone(),
            )
        };
        let mut status = DatabaseStatus {
            server,
            synchronous_standby_names: String::new(),
            synchronous_commit: String::new(),
            standbys: Vec::new(),
            waiting,
            last_outage,
            unreadable: None,
        };
        if let Err(e) = self.read_replication(&mut status) {
            status.unreadable = Some(e.to_string());
        }
        status
    }

    fn on_change(&self, tell: Listener) {
        self.listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(tell);
    }
}

/// Every tick: a COMMIT running past `PATIENCE` is looked up in `pg_stat_activity` on a
/// connection of the watcher's own, once, and what it waits for recorded and logged.
fn watch(health: Weak<Health>) {
    let mut side: Option<Client> = None;
    loop {
        std::thread::sleep(TICK);
        let Some(health) = health.upgrade() else {
            return;
        };
        let (pid, since) = {
            let s = health.state();
            match (s.committing_since, s.waiting) {
                (Some(since), None) if since.elapsed() >= PATIENCE => (s.backend_pid, since),
                _ => continue,
            }
        };
        if side.as_ref().is_none_or(Client::is_closed) {
            side = Client::connect(&health.conninfo, NoTls).ok();
        }
        let event = side.as_mut().and_then(|c| {
            c.query_opt(
                "SELECT coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = $1",
                &[&pid],
            )
            .ok()
            .flatten()
            .map(|r| r.get::<_, String>(0))
        });
        let wait = match event.as_deref() {
            Some("SyncRep") => Wait::Standby,
            _ => Wait::Database,
        };
        let mut s = health.state();
        if s.committing_since == Some(since) && s.waiting.is_none() {
            tracing::warn!(
                "a save has waited {} ms for the {}; nothing is acknowledged until it answers{}",
                since.elapsed().as_millis(),
                waited_for(wait),
                if wait == Wait::Standby {
                    " (take it out of synchronous_standby_names to go on without it)"
                } else {
                    ""
                }
            );
            s.waiting = Some((wait, since));
            drop(s);
            health.tell(Some(wait));
        }
    }
}

/// What a save waited for, in the log's words.
fn waited_for(wait: Wait) -> &'static str {
    match wait {
        Wait::Standby => "synchronous standby",
        Wait::Database => "database",
        Wait::Reconnecting => "connection",
    }
}
