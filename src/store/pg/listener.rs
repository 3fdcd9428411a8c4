//! The pump's wake-ups on an estate's own daemon: a connection that `LISTEN`s on the
//! estate's channel and returns when one of its commits arrives (opened again when lost).
//! Only ever an optimisation: the pump reads the log on its timer whatever happens here.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use postgres::{Client, NoTls};

/// A connection that listens for commits of one estate (opened again when lost).
pub(super) struct Listener {
    client: Option<Client>,
    conninfo: String,
    estate: String,
    /// Its backend's pid, on record in `listeners`, shared with the store's commits.
    pid: Arc<AtomicI32>,
}

impl Listener {
    /// Listening for `estate`'s commits, connected now if the database answers.
    pub(super) fn new(conninfo: &str, estate: &str, pid: Arc<AtomicI32>) -> Listener {
        let mut listener = Listener {
            client: None,
            conninfo: conninfo.to_string(),
            estate: estate.to_string(),
            pid,
        };
        listener.connect();
        listener
    }

    /// Connects, listens, and puts the connection on record as the estate's listener (so
    /// that other daemons' commits notify it), clearing the records of connections gone.
    fn connect(&mut self) {
        self.pid.store(0, Ordering::Relaxed);
        self.client = Client::connect(&self.conninfo, NoTls)
            .ok()
            .and_then(|mut c| {
                c.batch_execute(&super::listen_sql(&self.estate)).ok()?;
                // A row already there for this backend (a pid used again) is ours now.
                let registered = c.query_one(
                    "WITH gone AS (DELETE FROM listeners WHERE estate = $1 \
                       AND pid NOT IN (SELECT pid FROM pg_stat_activity)) \
                     INSERT INTO listeners (estate, pid) VALUES ($1, pg_backend_pid()) \
                     ON CONFLICT (estate, pid) DO UPDATE SET pid = EXCLUDED.pid RETURNING pid",
                    &[&self.estate],
                );
                match registered {
                    Ok(row) => self.pid.store(row.get::<_, i32>(0), Ordering::Relaxed),
                    // Listening, but off the record: the estate's other daemons will not
                    // wake this one, which then follows them on the pump's timer alone.
                    Err(e) => tracing::warn!(
                        "estate {}: cannot put this daemon on record as a listener ({e}); \
                         other daemons' changes reach it on the 200 ms timer only; grant \
                         the daemon's role INSERT, UPDATE and DELETE on `listeners`",
                        self.estate
                    ),
                }
                Some(c)
            });
    }
}

impl Drop for Listener {
    /// Off the record, so other daemons stop notifying it (best effort: a row left behind
    /// costs only notifications nobody hears, and the next listener clears it).
    fn drop(&mut self) {
        if let Some(c) = self.client.as_mut() {
            let _ = c.execute(
                "DELETE FROM listeners WHERE estate = $1 AND pid = pg_backend_pid()",
                &[&self.estate],
            );
        }
    }
}

impl crate::store::Waker for Listener {
    /// The sequence a notification of this estate carried; else (the timer ran out, which
    /// is what catches a lost notification) a look at the log.
    fn wait(&mut self, timeout: std::time::Duration) -> crate::store::Woken {
        match self.wait_for_estate(timeout) {
            Some(seq) => crate::store::Woken::Reached(seq),
            None => crate::store::Woken::Look,
        }
    }
}

impl Listener {
    fn wait_for_estate(&mut self, timeout: std::time::Duration) -> Option<u64> {
        use postgres::fallible_iterator::FallibleIterator;
        let deadline = std::time::Instant::now() + timeout;
        if self.client.as_ref().is_none_or(|c| c.is_closed()) {
            self.connect();
        }
        let Some(client) = self.client.as_mut() else {
            std::thread::sleep(timeout);
            return None;
        };
        let mut notes = client.notifications();
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match notes.timeout_iter(left).next() {
                Ok(Some(n)) => match n.payload().split_once(':') {
                    Some((estate, seq)) if estate == self.estate => return seq.parse().ok(),
                    _ => continue, // not this estate's
                },
                Ok(None) => return None, // timed out
                Err(_) => {
                    // A lost listener must not spin the pump: sleep the rest of the turn.
                    std::thread::sleep(left);
                    return None;
                }
            }
        }
    }
}
