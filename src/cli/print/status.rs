//! `frontdesk status`: the live counts, and for an administrator on the group's database
//! the database behind the desk — which server, whether saves wait for a standby, how far
//! behind each standby is, what a save waits for now, and the last failover.

use super::Printer;
use crate::domain::storage::{DatabaseStatus, Wait};
use crate::protocol::Stats;

/// What `status` prints: the counts, and the database when the caller may see it.
pub struct Status {
    pub stats: Stats,
    pub database: Option<DatabaseStatus>,
}

impl Status {
    /// The counts as they always were, with a `database` key beside them for an admin.
    fn json(&self) -> anyhow::Result<serde_json::Value> {
        let mut value = serde_json::to_value(&self.stats)?;
        if let (Some(d), Some(map)) = (&self.database, value.as_object_mut()) {
            map.insert("database".into(), serde_json::to_value(d)?);
        }
        Ok(value)
    }
}

impl Printer {
    pub fn status(&self, s: &Status) -> anyhow::Result<()> {
        json_or_text!(self, s.json()?);
        let c = &s.stats;
        p!(
            "customers {}  open cases {}  past SLA {}  mine {}  callbacks due today {} (overdue {})  visits today {} (missed {})",
            c.customers, c.open_cases, c.cases_past_sla, c.my_open_cases, c.callbacks_due_today, c.callbacks_overdue, c.visits_today, c.visits_missed
        );
        let v = &c.views;
        p!(
            "views: mine {}  handling {}  deadlines {} past  escalated {}  open {}",
            v.mine,
            v.handling,
            v.past_deadline,
            v.escalated,
            v.open
        );
        if let Some(d) = &s.database {
            self.database(d)?;
        }
        Ok(())
    }

    fn database(&self, d: &DatabaseStatus) -> anyhow::Result<()> {
        p!("database: writing to {}", d.server);
        if let Some(why) = &d.unreadable {
            p!("  (could not read the replication state: {why})");
        } else if d.is_synchronous() {
            p!(
                "  synchronous: every save waits for a standby (synchronous_standby_names = '{}', synchronous_commit = {})",
                d.synchronous_standby_names,
                d.synchronous_commit
            );
        } else {
            p!(
                "  NOT synchronous: a save is acknowledged before any standby has it (synchronous_standby_names = '{}', synchronous_commit = {})",
                d.synchronous_standby_names,
                d.synchronous_commit
            );
        }
        if d.standbys.is_empty() && d.unreadable.is_none() {
            p!("  standbys: none connected");
        }
        for s in &d.standbys {
            if s.sync_state.is_empty() {
                p!(
                    "  standby {}: connected (grant pg_monitor to the daemon's role to see its state and lag)",
                    s.name
                );
            } else {
                p!(
                    "  standby {}: {} {}, {} bytes behind, replay lag {} ms",
                    s.name,
                    s.state,
                    s.sync_state,
                    s.lag_bytes,
                    s.replay_lag_ms
                );
            }
        }
        if let Some((wait, ms)) = d.waiting {
            let what = match wait {
                Wait::Standby => "a save is waiting for the standby",
                Wait::Database => "a save is waiting for the database",
                Wait::Reconnecting => "the connection is lost; reconnecting",
            };
            p!("  now: {what} ({ms} ms)");
        }
        match &d.last_outage {
            Some(o) => p!(
                "  last {}: {} — from {} to {}, no save for {} ms",
                if o.is_failover() {
                    "failover"
                } else {
                    "reconnect"
                },
                self.n.time(o.back_at),
                o.from,
                o.to,
                o.paused_ms
            ),
            None => p!("  no failover since the daemon started"),
        }
        Ok(())
    }
}
