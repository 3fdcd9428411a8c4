//! Shared test harness: an in-process daemon on a temporary data dir, with clients whose
//! identity is injected (a socketpair attached as a given uid/username), plus helpers to run
//! the real binary.
#![allow(dead_code)]

pub mod both_stores;
pub mod cases;
pub mod clocked;
pub mod crash_work;
pub mod paperwork_samples;
pub mod request_samples;
pub mod screen;
pub mod shared_box;
pub mod tmux;
pub mod users;

use frontdesk::protocol::req;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

pub use frontdesk::client::Calls;
use frontdesk::client::{Client, ClientError};
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::{Case, CaseKind, Channel, CustomerId, NewCustomer, Policy, Severity};
use frontdesk::server::{Caller, Server};
use frontdesk::testkit::{self, TestDesk};

pub const ADMIN: u32 = testkit::ADMIN.uid;
pub const LI: u32 = testkit::LI.uid;
pub const WANG: u32 = testkit::WANG.uid;
pub const BOSS: u32 = testkit::BOSS.uid;
pub const ZHAO: u32 = testkit::ZHAO.uid;

/// The kit's in-process desk on a temporary data dir.
pub struct Desktop {
    pub dir: tempfile::TempDir,
    desk: TestDesk,
}

impl Desktop {
    pub fn new() -> Desktop {
        Desktop::with_policy(Policy::default())
    }

    /// On sled, or on a new estate of the test's database (`on_both_stores!`).
    pub fn with_policy(policy: Policy) -> Desktop {
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = match both_stores::postgres_store() {
            Some(store) => TestDesk::on_store(Box::new(store), dir.path(), policy),
            None => TestDesk::empty(dir.path(), policy),
        }
        .expect("open desk");
        Desktop { dir, desk }
    }

    /// The in-process daemon (fault injection, raw socketpairs).
    pub fn server(&self) -> &Server {
        &self.desk.server
    }

    /// A client connected as `uid`/`username`, as if the kernel had said so.
    pub fn client(&self, uid: u32, username: &str) -> Client {
        self.try_client(uid, username).expect("handshake")
    }

    /// The same, when the daemon may refuse the connection (limits).
    pub fn try_client(&self, uid: u32, username: &str) -> Result<Client, ClientError> {
        self.desk.client_as(Caller {
            uid,
            username: username.into(),
        })
    }

    /// An initialised desk: admin, clerks li, wang and zhao, and a supervisor (boss).
    pub fn staffed() -> Desktop {
        Desktop::staffed_with(Policy::default())
    }

    pub fn staffed_with(policy: Policy) -> Desktop {
        let mut d = Desktop::with_policy(policy);
        d.desk = d.desk.staff_up(0).expect("staff the desk");
        d.desk.add_staff(testkit::ZHAO).expect("add zhao");
        d
    }
}

/// The default policy without the per-user connection cap and the per-connection request
/// rate: for tests that hammer the daemon on purpose (soak, fill the disk, garbage frames).
/// `tests/limits.rs` tests the limits themselves.
pub fn unthrottled() -> Policy {
    Policy {
        max_connections_per_uid: 100_000,
        max_requests_per_second: 1_000_000,
        ..Policy::default()
    }
}

/// Writes `unthrottled()`'s limits into `data/policy.toml` for a real daemon.
pub fn lift_limits(data: &Path) {
    std::fs::create_dir_all(data).expect("data dir");
    std::fs::write(
        data.join("policy.toml"),
        "max_connections_per_uid = 100000\nmax_requests_per_second = 1000000\n",
    )
    .expect("policy.toml");
}

pub fn add_customer(c: &mut Client, name: &str, phone: &str, unit: &str) -> CustomerId {
    c.send(req::CustomerAdd {
        customer: NewCustomer {
            name: name.into(),
            phones: vec![phone.into()],
            units: vec![unit.into()],
            notes: String::new(),
            ..NewCustomer::default()
        },
    })
    .expect("customer add")
    .id
}

/// `customer` moves into a unit on 2026-01-05 as `role`, a tenant naming `owner`.
pub fn moving_in(
    customer: CustomerId,
    role: frontdesk::domain::OccupantRole,
    owner: Option<CustomerId>,
) -> frontdesk::domain::MoveIn {
    frontdesk::domain::MoveIn {
        customer,
        role,
        date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("a date"),
        residence_card: String::new(),
        kinship_proof: String::new(),
        owner,
    }
}

pub fn draft(customer: CustomerId, text: &str) -> CaseDraft {
    CaseDraft {
        customer: Some(customer),
        kind: CaseKind::Complaint,
        channel: Channel::Counter,
        category: "noise".into(),
        severity: Severity::L2,
        description: text.into(),
        // R-INT-06: a complaint not solved on the spot is promised a time; one far off, so
        // that it is never the clock a test looks at.
        promised_at: Some(FAR_PROMISE.parse().expect("a time")),
        ..CaseDraft::default()
    }
}

/// The service time the tests' complaints are promised (R-INT-06), far beyond any clock a
/// test sets; on the command line `FAR_PROMISE_LOCAL`.
pub const FAR_PROMISE: &str = "2099-12-31T10:00:00Z";
pub const FAR_PROMISE_LOCAL: &str = "2099-12-31 18:00";

/// `frontdesk case add` for `customer` saying `text`, promised `FAR_PROMISE_LOCAL`, then
/// `more` options.
pub fn case_add<'a>(customer: &'a str, text: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "case",
        "add",
        "--customer",
        customer,
        "--text",
        text,
        "--promise",
        FAR_PROMISE_LOCAL,
    ];
    args.extend_from_slice(more);
    args
}

pub fn add_case(c: &mut Client, customer: CustomerId, text: &str) -> Case {
    c.send(req::CaseAdd {
        draft: draft(customer, text),
    })
    .expect("case add")
}

/// `frontdesk customer add` for the resident the end-to-end tests look up as `zw`.
pub const ADD_ZHANG_WEI: [&str; 8] = [
    "customer",
    "add",
    "--name",
    "张伟",
    "--phone",
    "13800001102",
    "--unit",
    "3-2-1102",
];

/// A temporary directory with a daemon on its `desk` data dir (as `desk_with_zhang_wei`);
/// the daemon is killed before the directory goes.
pub fn zhang_wei_desk() -> (tempfile::TempDir, PathBuf, Daemon) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("desk");
    let daemon = desk_with_zhang_wei(&data);
    (dir, data, daemon)
}

/// A daemon on a new temporary data dir, initialised by the test's user (值班员).
pub fn initialised_desk() -> (tempfile::TempDir, Daemon) {
    let dir = tempfile::tempdir().unwrap();
    let daemon = Daemon::start(dir.path());
    let (ok, _, err) = run(dir.path(), &["init", "--name", "值班员"]);
    assert!(ok, "{err}");
    (dir, daemon)
}

/// A daemon on `data`, initialised by this process's user, with 张伟 as a resident.
pub fn desk_with_zhang_wei(data: &Path) -> Daemon {
    // The daemon first: a CLI call finding none would start its own in the background.
    let daemon = Daemon::start(data);
    assert!(run(data, &["init"]).0);
    let (ok, _, err) = run(data, &ADD_ZHANG_WEI);
    assert!(ok, "{err}");
    daemon
}

/// Runs the real binary on `data` and insists it succeeds (naming its stderr); its stdout.
pub fn run_ok(data: &Path, args: &[&str]) -> String {
    let (ok, out, err) = run(data, args);
    assert!(ok, "{args:?}: {err}");
    out
}

/// Runs the real binary against an explicit socket and insists it succeeds; its stdout.
pub fn run_ok_on(socket: &Path, args: &[&str]) -> String {
    let (ok, out, err) = run_on(socket, args);
    assert!(ok, "{args:?}: {err}");
    out
}

/// The binary against the daemon at `socket`: (success, stdout, stderr).
pub fn run_on(socket: &Path, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(bin())
        .arg("--socket")
        .arg(socket)
        .args(args)
        .output()
        .expect("run frontdesk");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A size setting for a long run (`FRONTDESK_CRASH_ROUNDS=300`), else the CI default.
pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_frontdesk"))
}

/// Runs the real binary against `data`; returns (success, stdout, stderr).
pub fn run(data: &Path, args: &[&str]) -> (bool, String, String) {
    run_in_locale(data, None, args)
}

/// As `run`, under the locale `lang` (`LANG`, with `LC_ALL`/`LC_MESSAGES` cleared) when given.
pub fn run_in_locale(data: &Path, lang: Option<&str>, args: &[&str]) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(bin());
    if let Some(lang) = lang {
        cmd.env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
    }
    let out = cmd
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run frontdesk");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A `frontdesk serve` child on `data`, killed (SIGKILL) when dropped.
pub struct Daemon {
    pub child: std::process::Child,
    pub socket: PathBuf,
}

impl Daemon {
    pub fn start(data: &Path) -> Daemon {
        Daemon::start_with(data, &[])
    }

    /// `frontdesk serve` with extra serve options (e.g. `--min-free-mib 0`).
    pub fn start_with(data: &Path, serve_args: &[&str]) -> Daemon {
        Daemon::start_at(data, &data.join("frontdesk.sock"), serve_args)
    }

    /// The daemon on an explicit socket (the shared box's layout).
    pub fn start_at(data: &Path, socket: &Path, serve_args: &[&str]) -> Daemon {
        std::fs::create_dir_all(data).expect("data dir");
        Daemon::try_start(data, socket, serve_args, &data.join("daemon-test.log"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The daemon with its log at `log`; an error (with the log's tail) if it exits or does
    /// not answer within 20 s.
    pub fn try_start(
        data: &Path,
        socket: &Path,
        serve_args: &[&str],
        log: &Path,
    ) -> Result<Daemon, String> {
        let socket = socket.to_path_buf();
        let mut child = std::process::Command::new(bin())
            .arg("--data")
            .arg(data)
            .arg("--socket")
            .arg(&socket)
            .arg("serve")
            .args(serve_args)
            // A file, not a pipe: nobody reads a pipe, and a full one would stall the daemon.
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(log)
                    .expect("daemon log"),
            )
            .spawn()
            .expect("spawn daemon");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let tail = || {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(10)..].join("\n")
        };
        while UnixStream::connect(&socket).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("the daemon exited ({status}):\n{}", tail()));
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                return Err(format!("the daemon did not start:\n{}", tail()));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Ok(Daemon { child, socket })
    }

    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// A case step on `ticket`, not version-checked.
pub fn step(
    ticket: &frontdesk::domain::Ticket,
    step: frontdesk::protocol::CaseStep,
) -> frontdesk::protocol::Request {
    frontdesk::protocol::Request::CaseStep(req::CaseStep {
        ticket: ticket.clone(),
        base_version: None,
        step,
    })
}

/// The desk's refusal, or a panic naming what came instead.
pub fn desk_err<T: std::fmt::Debug>(r: Result<T, ClientError>) -> frontdesk::domain::DeskError {
    match r {
        Err(ClientError::Desk(e)) => e,
        other => panic!("expected a desk error, got {other:?}"),
    }
}

/// A resolution with a summary and, as a complaint needs (R-LIFE-02/08), a cause and an
/// action.
pub fn fixed(summary: &str) -> frontdesk::domain::case::Resolution {
    frontdesk::domain::case::Resolution::new(summary, "阀门老化", "更换阀门并加入巡检")
}

/// R-LIFE-02: the owner tells the resident the outcome, as a complaint needs before it is
/// resolved.
pub fn tell_resident(c: &mut Client, t: &frontdesk::domain::Ticket) {
    c.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: frontdesk::protocol::CaseStep::Reply("已将处理结果告知住户".into()),
    })
    .expect("reply to the resident");
}

/// The access log's newest 100 entries by `login`, as a supervisor's `c` reads them.
pub fn access_by(c: &mut Client, login: &str) -> Vec<frontdesk::domain::AccessRecord> {
    c.send(req::AccessLog {
        staff: Some(login.into()),
        customer: None,
        since: None,
        limit: 100,
    })
    .expect("the access log")
}
