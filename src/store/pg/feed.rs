//! The hotline's feed: one thread, one connection, for every estate the hotline serves. On
//! a short timer it reads every estate's change counter in one query; an estate whose
//! counter moved past what the feed last saw has its pump woken, and a quiet estate costs
//! nothing. Five hundred estates are then two connections and twenty small queries a
//! second, not five hundred listeners and pumps asking the database for news. It does not
//! `LISTEN`: PostgreSQL signals every listening backend of the database on each `NOTIFY`,
//! so a hotline listening for all its estates would have every commit of the group signal
//! every listener — one query a tick costs the group less.

use std::collections::HashMap;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Mutex, Weak};
use std::time::Duration;

use postgres::{Client, NoTls};

/// How often the feed reads every counter: a change reaches the hotline's screens within
/// this and a save's time.
const TICK: Duration = Duration::from_millis(50);

/// How long the feed waits before connecting again while the database is away (a tick
/// would be twenty connection attempts a second).
const AWAY: Duration = Duration::from_millis(500);

/// One estate's end of the feed: the pump waits on it.
pub(crate) struct Fed {
    woken: Receiver<()>,
}

use crate::store::Woken;

impl crate::store::Waker for Fed {
    fn wait(&mut self, timeout: Duration) -> Woken {
        match self.woken.recv_timeout(timeout) {
            Ok(()) => Woken::Look,
            Err(RecvTimeoutError::Timeout) => Woken::Quiet,
            // The feed is gone (it cannot be, while the stores live): poll as a desk would.
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout);
                Woken::Look
            }
        }
    }
}

/// Starts the feed for `codes`, for as long as `stores` (their connection) lives; each
/// estate's end, by code.
pub(super) fn start(
    conninfo: &str,
    codes: &[String],
    stores: Weak<Mutex<super::Conn>>,
) -> HashMap<String, Fed> {
    let mut ends = HashMap::new();
    let mut wake = HashMap::new();
    for code in codes {
        // One pending wake-up is enough: the pump reads everything past its cursor.
        let (tx, rx) = sync_channel(1);
        wake.insert(code.clone(), (tx, 0u64));
        ends.insert(code.clone(), Fed { woken: rx });
    }
    let conninfo = conninfo.to_string();
    let codes = codes.to_vec();
    let spawned = std::thread::Builder::new()
        .name("estate-feed".into())
        .spawn(move || run(&conninfo, &codes, wake, stores));
    if let Err(e) = spawned {
        tracing::warn!("cannot start the estates' feed: {e}");
    }
    ends
}

fn run(
    conninfo: &str,
    codes: &[String],
    mut wake: HashMap<String, (SyncSender<()>, u64)>,
    stores: Weak<Mutex<super::Conn>>,
) {
    let mut client: Option<Client> = None;
    // Ends with the stores (their shared connection), or when no estate is left to wake.
    while !wake.is_empty() && stores.strong_count() > 0 {
        if client.as_ref().is_none_or(|c| c.is_closed()) {
            client = Client::connect(conninfo, NoTls).ok();
        }
        let Some(c) = client.as_mut() else {
            // The database is away: the stores say so to their callers; try again soon.
            std::thread::sleep(AWAY);
            continue;
        };
        std::thread::sleep(TICK);
        let counters = c.query(
            "SELECT estate, last_seq FROM estates WHERE estate = ANY($1)",
            &[&codes],
        );
        if let Ok(rows) = counters {
            for r in rows {
                moved(&mut wake, r.get::<_, &str>(0), r.get::<_, i64>(1) as u64);
            }
        }
    }
}

/// Wakes `estate`'s pump when its log grew past what the feed last saw; forgets estates
/// whose store is gone.
fn moved(wake: &mut HashMap<String, (SyncSender<()>, u64)>, estate: &str, seq: u64) {
    let Some((tx, seen)) = wake.get_mut(estate) else {
        return; // not one of the hotline's
    };
    if seq <= *seen {
        return;
    }
    *seen = seq;
    if let Err(std::sync::mpsc::TrySendError::Disconnected(())) = tx.try_send(()) {
        wake.remove(estate);
    }
}
