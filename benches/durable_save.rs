//! Durable-save latency as an operator feels it: `case add` through the real Unix socket
//! (SO_PEERCRED identity, framing, the desk's rules, one sled transaction, flush + fsync)
//! until the reply arrives. Prints one line:
//! `durable_save n=<N> p50_us=<..> p99_us=<..> max_us=<..> saves_per_s=<..>`.
//! Run with `cargo bench --bench durable_save`; FRONTDESK_BENCH_N sets N (default 3000).
//! The back-to-back run lifts the per-connection request rate (it is exactly what the rate
//! exists to stop). Then, under the default limits, an operator saving at a counter's pace
//! is timed alone and beside another user flooding from eight connections:
//! `durable_save_beside_flood n=<N> quiet_p50_us=.. quiet_p99_us=.. flooded_p50_us=..
//! flooded_p99_us=.. flood_served=.. flood_refused=.. operator_refused=..`.

use frontdesk::protocol::req;
use std::time::Instant;

use frontdesk::client::{Calls, Client};
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::{CaseKind, NewCustomer, Policy, Severity};
use frontdesk::server::{bind_socket, Desk, Server};
use frontdesk::store::StoreConfig;

fn main() {
    let n: usize = std::env::var("FRONTDESK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let dir = tempfile::tempdir().expect("temp dir");
    let unthrottled = Policy {
        max_requests_per_second: 1_000_000,
        ..Policy::default()
    };
    let desk = Desk::open(dir.path(), StoreConfig::default(), unthrottled).expect("desk");
    let socket = dir.path().join("bench.sock");
    let listener = bind_socket(&socket).expect("bind");
    let server = Server::new(desk);
    std::thread::spawn(move || server.serve(listener));
    let mut c = Client::connect(&socket).expect("connect");
    c.send(req::Init {
        name: "bench".into(),
    })
    .expect("init");
    c.send(req::Demo {
        customers: 1000,
        seed: 1,
        history_days: 0,
    })
    .expect("demo");
    let cu = c
        .send(req::CustomerAdd {
            customer: NewCustomer {
                name: "张伟".into(),
                phones: vec!["13800001102".into()],
                units: vec!["3-2-1102".into()],
                ..NewCustomer::default()
            },
        })
        .expect("customer");
    let mut lat = Vec::with_capacity(n);
    let started = Instant::now();
    for i in 0..n {
        let draft = CaseDraft {
            customer: Some(cu.id),
            kind: CaseKind::Repair,
            severity: Severity::L2,
            description: format!("厨房水管漏水 #{i}"),
            promised_at: Some(chrono::Utc::now() + chrono::Duration::days(1)),
            ..CaseDraft::default()
        };
        let t = Instant::now();
        c.send(req::CaseAdd { draft }).expect("case add");
        lat.push(t.elapsed().as_micros() as u64);
    }
    let total = started.elapsed().as_secs_f64();
    lat.sort_unstable();
    let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    println!(
        "durable_save n={n} p50_us={} p99_us={} max_us={} saves_per_s={:.0}",
        pct(0.50),
        pct(0.99),
        lat[lat.len() - 1],
        n as f64 / total
    );
    beside_flood((n / 3).max(100));
}

fn percentile(v: &mut [u64], p: f64) -> u64 {
    v.sort_unstable();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

/// An operator saving every 5 ms, timed alone and then while another user floods.
fn beside_flood(n: usize) {
    use frontdesk::server::Caller;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    let dir = tempfile::tempdir().expect("temp dir");
    let desk = frontdesk::testkit::TestDesk::empty(dir.path(), Policy::default()).expect("desk");
    let connect = |uid: u32, name: &str| {
        desk.client_as(Caller {
            uid,
            username: name.into(),
        })
        .expect("handshake")
    };
    let mut op = connect(7001, "op");
    op.send(req::Init {
        name: "值班员".into(),
    })
    .expect("init");
    op.send(req::StaffAdd {
        username: "flood".into(),
        name: "脚本".into(),
        role: frontdesk::domain::Role::Clerk,
        dept: "".into(),
        uid: Some(7002),
    })
    .expect("staff");
    let customer = op
        .send(req::CustomerAdd {
            customer: NewCustomer {
                name: "张伟".into(),
                phones: vec!["13800001102".into()],
                units: vec!["3-2-1102".into()],
                ..NewCustomer::default()
            },
        })
        .expect("customer")
        .id;
    let mut refused_op = 0u64;
    let mut run = |op: &mut Client| {
        let mut lat = Vec::with_capacity(n);
        for i in 0..n {
            let draft = CaseDraft {
                customer: Some(customer),
                kind: CaseKind::Repair,
                description: format!("漏水 #{i}"),
                ..CaseDraft::default()
            };
            let t = Instant::now();
            if op.send(req::CaseAdd { draft }).is_err() {
                refused_op += 1;
            }
            lat.push(t.elapsed().as_micros() as u64);
            std::thread::sleep(Duration::from_millis(5));
        }
        lat
    };
    let mut quiet = run(&mut op);
    let stop = Arc::new(AtomicBool::new(false));
    let (served, refused) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let flooders: Vec<_> = (0..8)
        .map(|_| {
            let mut c = connect(7002, "flood");
            let (stop, served, refused) = (stop.clone(), served.clone(), refused.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match c.send(req::CaseList {
                        filter: Default::default(),
                    }) {
                        Ok(_) => served.fetch_add(1, Ordering::Relaxed),
                        Err(_) => refused.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    let mut flooded = run(&mut op);
    stop.store(true, Ordering::Relaxed);
    for f in flooders {
        let _ = f.join();
    }
    println!(
        "durable_save_beside_flood n={n} quiet_p50_us={} quiet_p99_us={} flooded_p50_us={} flooded_p99_us={} flood_served={} flood_refused={} operator_refused={refused_op}",
        percentile(&mut quiet, 0.50),
        percentile(&mut quiet, 0.99),
        percentile(&mut flooded, 0.50),
        percentile(&mut flooded, 0.99),
        served.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
    );
}
