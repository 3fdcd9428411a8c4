//! Durable-save latency as an operator feels it: `case add` through the real Unix socket
//! (SO_PEERCRED identity, framing, the desk's rules, one sled transaction, flush + fsync)
//! until the reply arrives. Prints one line:
//! `durable_save n=<N> p50_us=<..> p99_us=<..> max_us=<..> saves_per_s=<..>`.
//! Run with `cargo bench --bench durable_save`; FRONTDESK_BENCH_N sets N (default 3000).

use std::time::Instant;

use frontdesk::client::Client;
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::{CaseKind, NewCustomer, Policy, Severity};
use frontdesk::protocol::{Reply, Request};
use frontdesk::server::{bind_socket, Desk, Server};
use frontdesk::store::StoreConfig;

fn main() {
    let n: usize = std::env::var("FRONTDESK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::open(dir.path(), StoreConfig::default(), Policy::default()).expect("desk");
    let socket = dir.path().join("bench.sock");
    let listener = bind_socket(&socket).expect("bind");
    let server = Server::new(desk);
    std::thread::spawn(move || server.serve(listener));
    let mut c = Client::connect(&socket).expect("connect");
    c.call(Request::Init {
        name: "bench".into(),
    })
    .expect("init");
    c.call(Request::Demo {
        customers: 1000,
        seed: 1,
    })
    .expect("demo");
    let Reply::Customer(cu) = c
        .call(Request::CustomerAdd(NewCustomer {
            name: "张伟".into(),
            phones: vec!["13800001102".into()],
            units: vec!["3-2-1102".into()],
            ..NewCustomer::default()
        }))
        .expect("customer")
    else {
        panic!("unexpected reply")
    };
    let mut lat = Vec::with_capacity(n);
    let started = Instant::now();
    for i in 0..n {
        let draft = CaseDraft {
            customer: Some(cu.id),
            kind: CaseKind::Repair,
            severity: Severity::L2,
            description: format!("厨房水管漏水 #{i}"),
            ..CaseDraft::default()
        };
        let t = Instant::now();
        c.call(Request::CaseAdd(draft)).expect("case add");
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
}
