//! The pump's wake-ups on an estate's own daemon: a connection that `LISTEN`s on the
//! estate's channel and returns when one of its commits arrives (opened again when lost).
//! Only ever an optimisation: the pump reads the log on its timer whatever happens here.

use postgres::{Client, NoTls};

/// A connection that listens for commits of one estate (opened again when lost).
pub(super) struct Listener {
    client: Option<Client>,
    conninfo: String,
    estate: String,
}

impl Listener {
    /// Listening for `estate`'s commits, connected now if the database answers.
    pub(super) fn new(conninfo: &str, estate: &str) -> Listener {
        Listener {
            client: listen(conninfo, estate),
            conninfo: conninfo.to_string(),
            estate: estate.to_string(),
        }
    }
}

fn listen(conninfo: &str, estate: &str) -> Option<Client> {
    let mut client = Client::connect(conninfo, NoTls).ok()?;
    client.batch_execute(&super::listen_sql(estate)).ok()?;
    Some(client)
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
            self.client = listen(&self.conninfo, &self.estate);
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
