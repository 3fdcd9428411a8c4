//! What the desk knows about the database under it, for the administrator and the screens:
//! which server it writes to, whether each save waits for a standby, how far behind the
//! standbys are, what a save is waiting for right now, and the last time the connection
//! moved (a failover or a restart). Plain values; the PostgreSQL store fills them.

use serde::{Deserialize, Serialize};

use super::Time;

/// What a save has been waiting for, past a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wait {
    /// The primary has the commit; a synchronous standby has not confirmed it. Nothing is
    /// acknowledged until it does, or until the administrator takes it out of
    /// `synchronous_standby_names`.
    #[serde(alias = "Standby")]
    Standby,
    /// The database itself (a lock, a slow disk).
    #[serde(alias = "Database")]
    Database,
    /// The connection is gone; the daemon is reconnecting through its host list.
    #[serde(alias = "Reconnecting")]
    Reconnecting,
}

/// One standby as the primary sees it (`pg_stat_replication`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standby {
    pub name: String,
    /// streaming, catchup … (empty: the database role may not read replication details;
    /// grant it `pg_monitor`).
    pub state: String,
    /// sync, potential, quorum or async.
    pub sync_state: String,
    /// WAL the standby has not yet replayed, in bytes.
    pub lag_bytes: i64,
    /// How long ago the standby replayed what it last confirmed, in ms.
    pub replay_lag_ms: i64,
}

/// The connection moving: lost at one moment, back (on the same server or another) later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outage {
    pub lost_at: Time,
    pub back_at: Time,
    pub from: String,
    pub to: String,
    /// How long no save could be made.
    pub paused_ms: u64,
}

impl Outage {
    /// Back on another server: a failover (not a restart of the same one).
    pub fn is_failover(&self) -> bool {
        self.from != self.to
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseStatus {
    /// The server the daemon writes to: address (or local socket), port and cluster name.
    pub server: String,
    /// `synchronous_standby_names` and `synchronous_commit` on that server.
    pub synchronous_standby_names: String,
    pub synchronous_commit: String,
    pub standbys: Vec<Standby>,
    /// What a save is waiting for now, and for how long (ms).
    pub waiting: Option<(Wait, u64)>,
    /// The last time the connection was lost and came back.
    pub last_outage: Option<Outage>,
    /// A reason the status could not be read whole (a second connection refused).
    pub unreadable: Option<String>,
}

impl DatabaseStatus {
    /// Every commit waits for a standby's confirmation.
    pub fn is_synchronous(&self) -> bool {
        !self.synchronous_standby_names.trim().is_empty()
            && !matches!(self.synchronous_commit.as_str(), "off" | "local")
    }
}
