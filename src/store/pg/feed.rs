//! The hotline's feed: one thread, one connection, for every estate the hotline serves. It
//! listens on each estate's channel for its commits (`estate:seq`), and on a short timer reads every estate's change
//! counter in one query, so a lost notification costs at most a tick and a quiet estate
//! costs nothing; an estate whose counter moved past what the feed last saw has its pump
//! woken. Five hundred estates are then two connections and five small queries a second,
//! not five hundred listeners and pumps asking the database for news.

use std::collections::HashMap;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Mutex, Weak};
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};

/// How often the feed reads every counter, whatever the notifications said.
const TICK: Duration = Duration::from_millis(200);

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
            client = Client::connect(conninfo, NoTls).ok().and_then(|mut c| {
                let listen: Vec<String> = codes.iter().map(|c| super::listen_sql(c)).collect();
                c.batch_execute(&listen.join("; ")).ok().map(|()| c)
            });
        }
        let Some(c) = client.as_mut() else {
            // The database is away: the stores say so to their callers; try again soon.
            std::thread::sleep(TICK);
            continue;
        };
        let deadline = Instant::now() + TICK;
        {
            let mut notes = c.notifications();
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match notes.timeout_iter(left).next() {
                    Ok(Some(n)) => {
                        if let Some((estate, seq)) = n.payload().split_once(':') {
                            let seq = seq.parse().unwrap_or(u64::MAX);
                            moved(&mut wake, estate, seq);
                        }
                    }
                    Ok(None) | Err(_) => break,
                }
            }
        }
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
        return; // another estate's commit
    };
    if seq <= *seen {
        return;
    }
    *seen = seq;
    if let Err(std::sync::mpsc::TrySendError::Disconnected(())) = tx.try_send(()) {
        wake.remove(estate);
    }
}
