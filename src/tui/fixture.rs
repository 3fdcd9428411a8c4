//! A deterministic desk for render snapshots, key-sequence tests and screenshots: an
//! in-process daemon on a given directory with a fixed clock, demo residents from a fixed
//! seed, and apps whose identity is injected (as the kernel would name the caller). Nothing
//! here is used by the running product.

use std::path::Path;
use std::sync::Arc;

use chrono::TimeZone;

use super::app::App;
use super::i18n::Lang;
use super::keymap::{Key, Keymap};
use super::link::{Connector, Link};
use crate::client::Client;
use crate::domain::{Policy, Time};
use crate::protocol::Request;
use crate::server::{Caller, Desk, Server};
use crate::store::StoreConfig;

pub const ADMIN: (u32, &str) = (5000, "admin");
pub const LI: (u32, &str) = (5001, "li");
pub const WANG: (u32, &str) = (5002, "wang");
pub const BOSS: (u32, &str) = (5003, "boss");

/// 2026-11-23 10:30 at the desk (UTC+8).
pub fn fixed_now() -> Time {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 2, 30, 0)
        .single()
        .expect("a valid fixed time")
}

pub struct Fixture {
    pub server: Server,
    pub now: Time,
}

impl Fixture {
    /// A desk in `dir` (empty) whose clock stands still at `now`, initialised by `admin`,
    /// with clerks li and wang, supervisor boss, and `customers` demo residents.
    pub fn open(dir: &Path, now: Time, customers: u32) -> anyhow::Result<Fixture> {
        let desk = Desk::open(dir, StoreConfig::default(), Policy::default())?;
        let f = Fixture {
            server: Server::with_clock(desk, Arc::new(move || now)),
            now,
        };
        let mut admin = f.client(ADMIN)?;
        admin.call(Request::Init {
            name: "周敏".into(),
        })?;
        if customers > 0 {
            admin.call(Request::Demo { customers, seed: 1 })?;
        }
        for ((uid, user), name, role) in [
            (LI, "李娜", "clerk"),
            (WANG, "王芳", "clerk"),
            (BOSS, "高强", "supervisor"),
        ] {
            admin.call(Request::StaffAdd {
                username: user.into(),
                name: name.into(),
                role: role.into(),
                dept: "客服中心".into(),
                uid: Some(uid),
            })?;
        }
        Ok(f)
    }

    pub fn client(&self, (uid, user): (u32, &str)) -> anyhow::Result<Client> {
        (self.connector((uid, user)))().map_err(Into::into)
    }

    /// Connections as `uid`/`user` over socketpairs into the in-process daemon.
    pub fn connector(&self, (uid, user): (u32, &str)) -> Connector {
        let server = self.server.clone();
        let username = user.to_string();
        Arc::new(move || {
            let stream = server
                .attach_pair(Caller {
                    uid,
                    username: username.clone(),
                })
                .map_err(|e| crate::client::ClientError::Lost(e.to_string()))?;
            Client::handshake(stream)
        })
    }

    /// An app for `who` on the default keymap, its clock at the fixture's `now`.
    pub fn app(&self, who: (u32, &str), lang: Lang) -> anyhow::Result<App> {
        self.app_with(who, lang, Keymap::default_map())
    }

    pub fn app_with(&self, who: (u32, &str), lang: Lang, keymap: Keymap) -> anyhow::Result<App> {
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

impl App {
    /// Types a key sequence as an operator would, letting each key's search finish.
    pub fn press(&mut self, seq: &str) {
        for k in keys(seq).unwrap_or_else(|e| panic!("bad key sequence {seq:?}: {e}")) {
            self.press_key(k);
            self.settle();
        }
    }

    /// Applies every pushed event that has arrived.
    pub fn drain_events(&mut self) {
        while let Some(e) = self.link.next_event() {
            self.on_link(e);
        }
    }
}
