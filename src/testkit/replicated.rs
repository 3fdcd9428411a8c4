//! A primary and a synchronous standby for the failover tests: two throwaway clusters on
//! Unix sockets of their own, the standby made by `pg_basebackup` and streaming from the
//! primary, every COMMIT waiting for it (`synchronous_standby_names = '*'`,
//! `synchronous_commit = on`). The primary's postmaster can be killed (-9) as a dying
//! machine would leave it, the standby promoted, and the dead node brought back as the new
//! standby from a fresh base backup of the new primary. Both are stopped on drop.

use super::postgres::Cluster;

/// Every commit waits for a standby; `wal_log_hints` keeps a rewind possible.
const OPTIONS: &str = "-c synchronous_standby_names='*' -c wal_log_hints=on";

/// The nodes' `cluster_name`s.
const NAMES: [&str; 2] = ["node-a", "node-b"];

pub struct Pair {
    nodes: [Cluster; 2],
    primary: usize,
}

impl Pair {
    /// A primary with one synchronous standby, both running; the nodes are named `node-a`
    /// and `node-b` (`cluster_name`, which the daemon's status shows).
    pub fn start() -> anyhow::Result<Pair> {
        let primary = Cluster::start_with(&format!("{OPTIONS} -c cluster_name={}", NAMES[0]))?;
        let standby = Cluster::empty(&format!("{OPTIONS} -c cluster_name={}", NAMES[1]))?;
        standby_of(&standby, &primary)?;
        Ok(Pair {
            nodes: [primary, standby],
            primary: 0,
        })
    }

    /// A connection string that finds whichever node accepts writes (both hosts, as libpq
    /// takes them, `target_session_attrs=read-write`).
    pub fn conninfo(&self, dbname: &str) -> String {
        format!(
            "host={},{} user=frontdesk dbname={dbname} target_session_attrs=read-write connect_timeout=2",
            self.nodes[0].socket_dir().display(),
            self.nodes[1].socket_dir().display()
        )
    }

    /// Creates a database on the primary (replicated to the standby before it returns).
    pub fn create_database(&self, name: &str) -> anyhow::Result<String> {
        self.nodes[self.primary].create_database(name)?;
        Ok(self.conninfo(name))
    }

    /// The primary's `cluster_name`.
    pub fn primary_name(&self) -> &'static str {
        NAMES[self.primary]
    }

    /// The standby stops dead (SIGSTOP to its postmaster and every child, the WAL receiver
    /// among them): a commit on the primary then waits for it.
    pub fn pause_standby(&self) -> anyhow::Result<()> {
        self.signal_standby("STOP")
    }

    /// The stopped standby goes on (SIGCONT).
    pub fn resume_standby(&self) -> anyhow::Result<()> {
        self.signal_standby("CONT")
    }

    fn signal_standby(&self, signal: &str) -> anyhow::Result<()> {
        let pid = postmaster_pid(&self.nodes[1 - self.primary])?.to_string();
        let children = std::process::Command::new("pkill")
            .args([&format!("-{signal}"), "-P", &pid])
            .status()?;
        anyhow::ensure!(
            children.success(),
            "pkill -{signal} -P {pid} found no child"
        );
        let main = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()?;
        anyhow::ensure!(main.success(), "kill -{signal} {pid} failed");
        Ok(())
    }

    /// The primary's machine dies: its postmaster killed with SIGKILL (its backends notice
    /// and exit; nothing is flushed or said goodbye to).
    pub fn kill_primary(&self) -> anyhow::Result<()> {
        let pid = postmaster_pid(&self.nodes[self.primary])?;
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()?;
        anyhow::ensure!(killed.success(), "kill -9 {pid} failed");
        Ok(())
    }

    /// The standby takes over: promoted, and from now on the primary.
    pub fn promote_standby(&mut self) -> anyhow::Result<()> {
        let standby = &self.nodes[1 - self.primary];
        standby.run(
            "pg_ctl",
            &["-D", &standby.data().display().to_string(), "-w", "promote"],
        )?;
        self.primary = 1 - self.primary;
        Ok(())
    }

    /// The dead node comes back as the new primary's standby: its files replaced by a
    /// fresh base backup (what it wrote that the standby never had is gone with them —
    /// nothing anyone was told was saved, since every commit waited for the standby).
    pub fn rejoin_old_primary(&self) -> anyhow::Result<()> {
        let old = &self.nodes[1 - self.primary];
        // Its backends exit on their own once the postmaster is gone; make sure.
        let _ = old.stop_immediately();
        let data = old.data();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::remove_dir_all(&data).is_err() && data.exists() {
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "cannot clear {}",
                data.display()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        standby_of(old, &self.nodes[self.primary])
    }
}

/// Makes `standby` (an empty cluster) a streaming standby of `primary`, and starts it.
fn standby_of(standby: &Cluster, primary: &Cluster) -> anyhow::Result<()> {
    standby.run(
        "pg_basebackup",
        &[
            "-h",
            &primary.socket_dir().display().to_string(),
            "-U",
            "frontdesk",
            "-D",
            &standby.data().display().to_string(),
            "-X",
            "stream",
            "-R",
            "-c",
            "fast",
        ],
    )?;
    standby.start_again()
}

/// A node's postmaster, from its `postmaster.pid`.
fn postmaster_pid(node: &Cluster) -> anyhow::Result<u32> {
    let pid_file = std::fs::read_to_string(node.data().join("postmaster.pid"))?;
    pid_file
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no postmaster pid"))
}

impl Drop for Pair {
    /// A standby left stopped by a failed test would not stop: let it go on first.
    fn drop(&mut self) {
        let _ = self.resume_standby();
    }
}
