//! Views that cost what is open, not what is history: a desk with N closed cases (5 years
//! of history) and M open ones answers `status` and the open-work lists. Prints, per size,
//! `queues history=<N> open=<M> status_us=<median> view_us=<median> screens=20
//! per_change_us=<median>`. The view is the deadline board (`case list --view deadlines`,
//! all 500 open cases sorted by their nearest clock: the heaviest view); per_change is what
//! 20 screens all showing the Cases pane ask after one change (each: the status counts and
//! its first page), timed from the clients' side, so it bounds the daemon's CPU per change
//! from above.
//!
//! `cargo bench --bench queues`; FRONTDESK_QUEUE_HISTORY=10000,200000 picks the sizes.

use frontdesk::protocol::req;
use std::time::Instant;

use frontdesk::client::Calls;
use frontdesk::domain::case::{CaseDraft, CaseView, NewCase};
use frontdesk::domain::{
    Case, CaseKey, CaseStatus, CustomerId, Policy, Role, Staff, StaffId, Ticket,
};
use frontdesk::protocol::CaseFilter;
use frontdesk::server::Caller;
use frontdesk::store::{SledStore, Store, StoreConfig, WriteSet};
use frontdesk::testkit::TestDesk;

const OPEN: u64 = 500;
const SCREENS: usize = 20;
/// The Cases pane loads this many rows at a time (`tui::panes::cases::PAGE`).
const SCREEN_PAGE: u32 = frontdesk::tui::panes::cases::PAGE;

/// The deadline board, `limit` rows: all 500 for `view_us` (what `case list --view
/// deadlines --limit 500` asks), a screen's first page for `per_change_us`.
fn deadlines(limit: u32) -> CaseFilter {
    CaseFilter {
        view: Some(CaseView::Deadlines),
        limit,
        ..CaseFilter::default()
    }
}
const UID: u32 = 6000;

fn case(me: &Staff, n: u64, closed: bool, now: frontdesk::domain::Time) -> Case {
    let customer = CustomerId(n % 5000 + 1);
    let draft = CaseDraft {
        customer: Some(customer),
        description: format!("问题 #{n}"),
        ..CaseDraft::default()
    };
    let mut c = Case::register(
        NewCase {
            key: CaseKey { customer, seq: n },
            ticket: Ticket(format!("T{n:09}")),
            draft: &draft,
            subject: None,
        },
        me,
        &Policy::default(),
        now - chrono::Duration::days(if closed { 400 } else { 0 }),
    )
    .expect("a valid case");
    if closed {
        c.status = CaseStatus::Closed;
        c.resolved_at = Some(c.registered_at + chrono::Duration::hours(5));
    }
    c
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn main() {
    let sizes: Vec<u64> = std::env::var("FRONTDESK_QUEUE_HISTORY")
        .unwrap_or_else(|_| "10000,200000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for history in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = chrono::Utc::now();
        let me = Staff::new(StaffId(UID), "op", "值班员", Role::Admin, "", now).expect("staff");
        {
            let mut store =
                SledStore::open(&dir.path().join("store"), StoreConfig::default()).expect("store");
            let mut ws = WriteSet {
                staff: vec![me.clone()],
                ..WriteSet::default()
            };
            for n in 1..=history + OPEN {
                ws.cases.push(case(&me, n, n <= history, now));
                if ws.cases.len() == 5000 {
                    store.commit(&std::mem::take(&mut ws)).expect("commit");
                }
            }
            store.commit(&ws).expect("commit");
        }
        // sled lets go of its lock lazily after a drop.
        std::thread::sleep(std::time::Duration::from_millis(500));
        let desk = TestDesk::empty(dir.path(), Policy::default()).expect("desk");
        let mut c = desk
            .client_as(Caller {
                uid: UID,
                username: "op".into(),
            })
            .expect("handshake");
        let (mut status, mut view) = (Vec::new(), Vec::new());
        for _ in 0..30 {
            let t = Instant::now();
            let s = c.send(req::Stats {}).expect("status");
            status.push(t.elapsed().as_micros() as u64);
            assert_eq!(s.open_cases, OPEN);
            let t = Instant::now();
            let rows = c
                .send(req::CaseList {
                    filter: deadlines(OPEN as u32),
                })
                .expect("view");
            view.push(t.elapsed().as_micros() as u64);
            assert_eq!(rows.rows.len() as u64, OPEN);
        }
        let mut per_change = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            for _ in 0..SCREENS {
                c.send(req::Stats {}).expect("status");
                c.send(req::CaseList {
                    filter: deadlines(SCREEN_PAGE),
                })
                .expect("view");
            }
            per_change.push(t.elapsed().as_micros() as u64);
        }
        println!(
            "queues history={history} open={OPEN} status_us={} view_us={} screens={SCREENS} per_change_us={}",
            median(status),
            median(view),
            median(per_change)
        );
    }
}
