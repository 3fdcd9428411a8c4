//! A staffed in-process desk whose clock stands still until the test moves it: for rules
//! that depend on time passing (deadlines run out, reports by month).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{NaiveDateTime, TimeZone};
use frontdesk::domain::{Policy, Time};
use frontdesk::testkit::TestDesk;

pub struct Desk {
    _dir: tempfile::TempDir,
    pub desk: TestDesk,
    clock: Arc<AtomicI64>,
}

/// `2026-10-05 09:30` at the desk (China time) as a UTC instant.
pub fn local(s: &str) -> Time {
    chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .from_local_datetime(&NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
        .unwrap()
        .to_utc()
}

/// A staffed desk whose clock stands at `start` (desk local time) until `at` moves it.
pub fn clocked_desk(start: &str) -> Desk {
    clocked_desk_with(start, Policy::default())
}

/// As `clocked_desk`, under `policy`.
pub fn clocked_desk_with(start: &str, policy: Policy) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(AtomicI64::new(local(start).timestamp()));
    let reading = clock.clone();
    let now = move || {
        chrono::Utc
            .timestamp_opt(reading.load(Ordering::SeqCst), 0)
            .unwrap()
    };
    let desk = TestDesk::with_clock(dir.path(), policy, Arc::new(now))
        .unwrap()
        .staff_up(0)
        .unwrap();
    Desk {
        _dir: dir,
        desk,
        clock,
    }
}

impl Desk {
    pub fn at(&self, s: &str) {
        self.clock.store(local(s).timestamp(), Ordering::SeqCst);
    }

    /// `who`'s screen with its clock at the desk's now, as its tick would set it, and the
    /// last key pressed then too, or the idle screen would hide the residents (R-REC-12).
    pub fn app(
        &self,
        who: frontdesk::testkit::Operator,
        lang: frontdesk::tui::i18n::Lang,
    ) -> frontdesk::tui::app::App {
        let mut app = self.desk.app(who, lang).unwrap();
        app.now = chrono::Utc
            .timestamp_opt(self.clock.load(Ordering::SeqCst), 0)
            .unwrap();
        app.last_key = app.now;
        app
    }
}
