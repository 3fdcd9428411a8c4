//! A month's report on a big desk: R residents and C cases spread over the past D days (each
//! dispatched, resolved, and half of them called back), then the supervisor asks for last
//! month's report through the daemon, as `frontdesk report month` does. Prints, per size,
//! `report residents=<R> cases=<C> history_days=<D> month_ms=<median of 5> first_ms=<first>`.
//! A report reads the cases touched around its period, so at the same cases per month the
//! time should not grow with D.
//!
//! `cargo bench --bench report`; FRONTDESK_REPORT_SIZES=1000000:100000:365 picks the sizes
//! (residents:cases:days, comma-separated; that one is the default).

use frontdesk::protocol::req;
use std::time::Instant;

use chrono::Duration;
use frontdesk::client::Calls;
use frontdesk::domain::callback::{CallResult, Outcome};
use frontdesk::domain::case::{CaseDraft, NewCase, Resolution};
use frontdesk::domain::report::{Period, PeriodKind};
use frontdesk::domain::{
    Callback, CallbackId, Case, CaseKey, CaseKind, CustomerId, Handler, Policy, Role, Staff,
    StaffId, Ticket,
};
use frontdesk::server::Caller;
use frontdesk::store::{SledStore, Store, StoreConfig, WriteSet};
use frontdesk::testkit::TestDesk;

const UID: u32 = 6000;
const BATCH: usize = 5000;

fn main() {
    let sizes: Vec<(u64, u64, i64)> = std::env::var("FRONTDESK_REPORT_SIZES")
        .unwrap_or_else(|_| "1000000:100000:365".into())
        .split(',')
        .filter_map(|s| {
            let mut p = s.split(':').map(|x| x.trim().parse::<u64>().ok());
            Some((
                p.next()??,
                p.next()??,
                p.next().flatten().unwrap_or(365) as i64,
            ))
        })
        .collect();
    let policy = Policy::default();
    for (residents, cases, days) in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = chrono::Utc::now();
        let me =
            Staff::new(StaffId(UID), "boss", "主管", Role::Supervisor, "", now).expect("staff");
        let worker =
            Staff::new(StaffId(UID + 1), "eng", "工程", Role::Clerk, "工程部", now).expect("staff");
        let t = Instant::now();
        {
            let mut store =
                SledStore::open(&dir.path().join("store"), StoreConfig::default()).expect("store");
            let mut ws = WriteSet {
                staff: vec![me.clone(), worker.clone()],
                ..WriteSet::default()
            };
            for (i, c) in frontdesk::demo::residents(residents as usize, 3)
                .into_iter()
                .enumerate()
            {
                let valid = c.validate().expect("demo residents are valid");
                ws.customers
                    .push(valid.into_customer(CustomerId(i as u64 + 1), now));
                if ws.customers.len() == BATCH {
                    store.commit(&std::mem::take(&mut ws)).expect("commit");
                }
            }
            store.commit(&std::mem::take(&mut ws)).expect("commit");
            let mut rng = fastrand::Rng::with_seed(9);
            let kinds = [CaseKind::Complaint, CaseKind::Repair, CaseKind::Inquiry];
            for n in 1..=cases {
                let customer = CustomerId(rng.u64(1..=residents));
                let at = now - Duration::minutes(rng.i64(60..days * 24 * 60));
                let draft = CaseDraft {
                    customer: Some(customer),
                    kind: kinds[n as usize % 3],
                    category: ["noise", "plumbing", "fees", "parking"][n as usize % 4].into(),
                    description: format!("问题 #{n}"),
                    ..CaseDraft::default()
                };
                let new = NewCase {
                    key: CaseKey { customer, seq: n },
                    ticket: Ticket(format!("T{n:09}")),
                    draft: &draft,
                    subject: None,
                };
                let mut case = Case::register(new, &me, &policy, at).expect("case");
                let step = at + Duration::minutes(rng.i64(1..10));
                if case.dispatch_clock_runs() {
                    case.dispatch(&me, Handler::Staff(worker.uid), step)
                        .expect("dispatch");
                }
                let fix = Resolution::new("done", "wear", "replaced");
                let done = step + Duration::hours(rng.i64(1..40));
                case.resolve(&me, &fix, done).expect("resolve");
                if n % 2 == 0 {
                    let mut cb = Callback::for_case(
                        CallbackId(n),
                        case.key,
                        case.ticket.clone(),
                        false,
                        &policy,
                        done,
                    );
                    let call = CallResult {
                        outcome: Outcome::Satisfied,
                        onsite: n % 6 == 0,
                        signed: n % 6 == 0,
                        note: String::new(),
                    };
                    if let Some(s) = cb
                        .record(me.uid, &call, &policy, done + Duration::hours(3))
                        .expect("record")
                    {
                        case.apply_callback(me.uid, s, done + Duration::hours(3));
                    }
                    ws.callbacks.push((None, cb));
                }
                ws.cases.push(case);
                if ws.cases.len() == BATCH {
                    store.commit(&std::mem::take(&mut ws)).expect("commit");
                }
            }
            store.commit(&ws).expect("commit");
        }
        eprintln!("report: desk built in {:.1}s", t.elapsed().as_secs_f64());
        // sled lets go of its lock lazily after a drop.
        std::thread::sleep(std::time::Duration::from_millis(500));
        let desk = TestDesk::empty(dir.path(), policy.clone()).expect("desk");
        let mut c = desk
            .client_as(Caller {
                uid: UID,
                username: "boss".into(),
            })
            .expect("handshake");
        let today = policy.local(now).date_naive();
        let last_month = Period::containing(PeriodKind::Month, today).previous();
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let r = c.send(req::Report { period: last_month }).expect("report");
            times.push(t.elapsed().as_millis() as u64);
            assert!(r.volumes.cases > 0);
        }
        let first = times[0];
        times.sort_unstable();
        println!(
            "report residents={residents} cases={cases} history_days={days} month_ms={} first_ms={first}",
            times[times.len() / 2]
        );
    }
}
