//! A throwaway PostgreSQL cluster for tests and benchmarks: `initdb -N` into a temporary
//! directory, a server on a Unix socket in that directory only (no TCP), stopped in
//! immediate mode and removed on drop — also when the test panics. `initdb` refuses root,
//! so as root the cluster runs as `nobody`. Never touches a system cluster.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A running cluster; dropping it stops the server and deletes its files.
pub struct Cluster {
    pub(super) dir: TempDir,
    pub(super) bin: PathBuf,
    /// Run the server's programs as this user (root cannot).
    pub(super) run_as: Option<&'static str>,
    /// Server options beyond the defaults (a replicated pair's).
    pub(super) options: String,
}

/// The newest installed PostgreSQL's `bin` directory (Debian's layout, then `PATH`).
pub fn server_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

impl Cluster {
    /// Starts a fresh cluster, or says why it cannot (PostgreSQL not installed, …).
    pub fn start() -> anyhow::Result<Cluster> {
        Cluster::start_with("")
    }

    /// A fresh cluster started with `options` besides the defaults (`-c name=value …`).
    pub fn start_with(options: &str) -> anyhow::Result<Cluster> {
        let cluster = Cluster::empty(options)?;
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-N",
                "-A",
                "trust",
                "-U",
                "frontdesk",
                "-E",
                "UTF8",
                "--locale=C",
                "-D",
                &data.display().to_string(),
            ],
        )?;
        cluster.start_again()?;
        Ok(cluster)
    }

    /// A directory for a cluster (owned by the user the server runs as), nothing in it.
    pub(super) fn empty(options: &str) -> anyhow::Result<Cluster> {
        let bin = server_bin().ok_or_else(|| {
            anyhow::anyhow!("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); apt-get install postgresql")
        })?;
        let dir = TempDir::new()?;
        let run_as = is_root().then_some("nobody");
        if run_as.is_some() {
            let nobody = nix::unistd::User::from_name("nobody")?
                .ok_or_else(|| anyhow::anyhow!("no user `nobody` to run PostgreSQL as"))?;
            nix::unistd::chown(dir.path(), Some(nobody.uid), Some(nobody.gid))?;
        }
        Ok(Cluster {
            dir,
            bin,
            run_as,
            options: options.to_string(),
        })
    }

    /// Starts the server (again, after `stop_immediately`): it recovers from its WAL.
    pub fn start_again(&self) -> anyhow::Result<()> {
        // FRONTDESK_PG_OPTIONS adds server options for an experiment (`-c log_statement=all`).
        let options = format!(
            "-k {} -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c full_page_writes=on {} {}",
            self.dir.path().display(),
            self.options,
            std::env::var("FRONTDESK_PG_OPTIONS").unwrap_or_default()
        );
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data().display().to_string(),
                "-o",
                &options,
                "-l",
                &self.dir.path().join("server.log").display().to_string(),
                "-w",
                "start",
            ],
        )
    }

    pub(super) fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub(super) fn run(&self, program: &str, args: &[&str]) -> anyhow::Result<()> {
        let exe = self.bin.join(program);
        let mut cmd = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        let out = cmd.args(args).current_dir("/").output()?;
        if !out.status.success() {
            anyhow::bail!(
                "{program} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    /// The directory of the server's Unix socket.
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A libpq connection string to `dbname` as the cluster's superuser.
    pub fn conninfo(&self, dbname: &str) -> String {
        format!(
            "host={} user=frontdesk dbname={dbname}",
            self.socket_dir().display()
        )
    }

    /// Creates a database and returns its connection string.
    pub fn create_database(&self, name: &str) -> anyhow::Result<String> {
        let mut admin = postgres::Client::connect(&self.conninfo("postgres"), postgres::NoTls)?;
        admin.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
        Ok(self.conninfo(name))
    }

    /// Stops the server as a power cut would leave it: no checkpoint, no goodbye.
    pub fn stop_immediately(&self) -> anyhow::Result<()> {
        let data = self.data().display().to_string();
        self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"])
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.stop_immediately();
    }
}

/// A directory of this process's own under the system's temporary directory, removed on
/// drop (after the cluster's `Drop` stopped the server in it).
pub(super) struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "frontdesk-pg-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir(&path)?;
        Ok(TempDir(path))
    }

    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
