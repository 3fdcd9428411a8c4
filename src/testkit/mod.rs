//! The test kit: an in-process daemon on a given directory with injected identities (a
//! socketpair attached as a given uid, as the kernel would name the caller), an optional
//! fixed clock, the desk's standard staff, and apps driven by key sequences. Integration
//! tests, render snapshots, benchmarks and `frontdesk screenshots` all use it; the screen
//! never imports it (a test in `tests/layers.rs` checks), and the running product does not
//! depend on it.

pub mod paperwork;
pub mod postgres;
pub mod replicated;
pub mod screenshots;

use crate::protocol::req;
use std::path::Path;
use std::sync::Arc;

use chrono::TimeZone;

use crate::client::{Calls, Client, ClientError, Connector};
use crate::domain::{Policy, Role, Time};
use crate::server::{Caller, Clock, Desk, Server};
use crate::store::{Store, StoreConfig};
use crate::tui::app::App;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, Keymap};
use crate::tui::link::Link;

/// A member of staff the kit registers: Unix uid and login, display name, role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub uid: u32,
    pub login: &'static str,
    pub name: &'static str,
    pub role: Role,
}

impl Operator {
    pub fn caller(self) -> Caller {
        Caller {
            uid: self.uid,
            username: self.login.into(),
        }
    }
}

/// The desk's first admin (initialises it).
pub const ADMIN: Operator = Operator {
    uid: 5000,
    login: "admin",
    name: "周敏",
    role: Role::Admin,
};
pub const LI: Operator = Operator {
    uid: 5001,
    login: "li",
    name: "李娜",
    role: Role::Clerk,
};
pub const WANG: Operator = Operator {
    uid: 5002,
    login: "wang",
    name: "王芳",
    role: Role::Clerk,
};
pub const BOSS: Operator = Operator {
    uid: 5003,
    login: "boss",
    name: "高强",
    role: Role::Supervisor,
};
/// A fourth clerk, registered only by `TestDesk::add_staff` (the screenshots show three).
pub const ZHAO: Operator = Operator {
    uid: 5004,
    login: "zhao",
    name: "赵敏",
    role: Role::Clerk,
};

/// The department the kit's staff belong to.
pub const DEPT: &str = "客服中心";

/// 2026-11-23 10:30 at the desk (UTC+8).
pub fn fixed_now() -> Time {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 2, 30, 0)
        .single()
        .expect("a valid fixed time")
}

/// An in-process daemon over a data dir.
pub struct TestDesk {
    pub server: Server,
    /// The fixed clock, if the desk has one (snapshots, screenshots); else the wall clock.
    pub now: Time,
}

impl TestDesk {
    /// An empty, uninitialised desk in `dir` on the wall clock.
    pub fn empty(dir: &Path, policy: Policy) -> anyhow::Result<TestDesk> {
        let desk = Desk::open(dir, StoreConfig::default(), policy)?;
        Ok(TestDesk {
            server: Server::new(desk),
            now: chrono::Utc::now(),
        })
    }

    /// An empty desk over `store` (any backend) on the wall clock; `dir` holds what is not
    /// the store's (exports). Two desks on clones of one `MemoryStore` are two writers on
    /// one store.
    pub fn on_store(store: Box<dyn Store>, dir: &Path, policy: Policy) -> anyhow::Result<TestDesk> {
        let desk = Desk::on(store, policy, dir)?;
        Ok(TestDesk {
            server: Server::new(desk),
            now: chrono::Utc::now(),
        })
    }

    /// An empty desk whose clock stands still at `now`.
    pub fn frozen(dir: &Path, policy: Policy, now: Time) -> anyhow::Result<TestDesk> {
        TestDesk::with_clock(dir, policy, Arc::new(move || now))
    }

    /// An empty desk reading the time from `clock` (a test that moves time on).
    pub fn with_clock(dir: &Path, policy: Policy, clock: Clock) -> anyhow::Result<TestDesk> {
        let desk = Desk::open(dir, StoreConfig::default(), policy)?;
        let now = clock();
        Ok(TestDesk {
            server: Server::with_clock(desk, clock),
            now,
        })
    }

    /// Initialised by `ADMIN`, with clerks `LI` and `WANG`, supervisor `BOSS`, and
    /// `customers` demo residents (seed 1).
    pub fn staff_up(self, customers: u32) -> anyhow::Result<TestDesk> {
        let mut admin = self.client(ADMIN)?;
        admin.send(req::Init {
            name: ADMIN.name.into(),
        })?;
        if customers > 0 {
            admin.send(req::Demo {
                customers,
                seed: 1,
                history_days: 0,
            })?;
        }
        for who in [LI, WANG, BOSS] {
            self.add_staff(who)?;
        }
        Ok(self)
    }

    /// Registers `who` (as `ADMIN`).
    pub fn add_staff(&self, who: Operator) -> anyhow::Result<()> {
        self.client(ADMIN)?.send(req::StaffAdd {
            username: who.login.into(),
            name: who.name.into(),
            role: who.role,
            dept: DEPT.into(),
            uid: Some(who.uid),
        })?;
        Ok(())
    }

    /// A connection as `who`.
    pub fn client(&self, who: Operator) -> anyhow::Result<Client> {
        Ok(self.client_as(who.caller())?)
    }

    /// A connection as any uid and login, registered or not.
    pub fn client_as(&self, caller: Caller) -> Result<Client, ClientError> {
        let stream = self
            .server
            .attach_pair(caller)
            .map_err(|e| ClientError::Lost(e.to_string()))?;
        Client::handshake(stream)
    }

    /// Connections as `who` over socketpairs into the in-process daemon.
    pub fn connector(&self, who: Operator) -> Connector {
        let server = self.server.clone();
        Arc::new(move || {
            let stream = server
                .attach_pair(who.caller())
                .map_err(|e| ClientError::Lost(e.to_string()))?;
            Client::handshake(stream)
        })
    }

    /// An app for `who` on the default keymap, its clock at the desk's `now`.
    pub fn app(&self, who: Operator, lang: Lang) -> anyhow::Result<App> {
        self.app_with(who, lang, Keymap::default_map())
    }

    pub fn app_with(&self, who: Operator, lang: Lang, keymap: Keymap) -> anyhow::Result<App> {
        let link = Link::open(self.connector(who))?;
        Ok(App::new(link, keymap, lang, self.now))
    }
}

/// Keys in keymap syntax: `zw<Enter>n` is z, w, Enter, n.
pub fn keys(seq: &str) -> Result<Vec<Key>, String> {
    let mut out = Vec::new();
    let mut rest = seq;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                out.push(rest[..=end].parse()?);
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(c.to_string().parse()?);
        rest = &rest[c.len_utf8()..];
    }
    Ok(out)
}

/// Driving an app as an operator would.
pub trait Drive {
    /// Types a key sequence, letting each key's search finish.
    fn press(&mut self, seq: &str);
    /// Applies every pushed event that has arrived.
    fn drain_events(&mut self);
    /// Waits (up to 10 s) for the next pushed event, then applies it and any others.
    fn await_events(&mut self);
}

impl Drive for App {
    fn press(&mut self, seq: &str) {
        for k in keys(seq).unwrap_or_else(|e| panic!("bad key sequence {seq:?}: {e}")) {
            self.press_key(k);
            self.settle();
        }
    }

    fn drain_events(&mut self) {
        while let Some(e) = self.link.next_event() {
            self.on_link(e);
        }
    }

    fn await_events(&mut self) {
        if let Some(e) = self.link.wait_event(std::time::Duration::from_secs(10)) {
            self.on_link(e);
        }
        self.drain_events();
    }
}
