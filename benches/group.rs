//! A group on one database, measured on this machine (the database on it too, a throwaway
//! cluster on a Unix socket, fsync on). Prints:
//! `group_save backend=<sled|postgres> n=<N> p50_us=.. p99_us=.. saves_per_s=..` — a case
//! saved through the daemon's rules until its durable reply (a socketpair client);
//! `group_event n=<N> p50_us=.. p99_us=..` — a case saved on one estate daemon until a
//! screen subscribed to another daemon of the same estate has its event;
//! `group_estates daemons=20 writers=40 saves=.. saves_per_s=.. p50_us=.. p99_us=..` — 20
//! estate desks on one database, two writers each, saving at once flat out (after one save
//! each, not counted, that prepares the connection's statements);
//! `group_estates_paced … offered_per_s=1200 …` — the same desks offered 1,200 saves/s on a
//! fixed schedule, each save's latency counted from when it was due.
//! Run with `cargo bench --bench group`; FRONTDESK_BENCH_N sets N (default 2000).

use frontdesk::protocol::req;
use std::time::{Duration, Instant};

use frontdesk::client::{Calls, Client, Pushed};
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::{CaseKind, ChangeSubject, CustomerId, NewCustomer, Policy};
use frontdesk::store::PostgresStore;
use frontdesk::testkit::postgres::Cluster;
use frontdesk::testkit::{TestDesk, ADMIN};

fn policy() -> Policy {
    Policy {
        max_requests_per_second: 1_000_000,
        ..Policy::default()
    }
}

fn pct(v: &mut [u64], p: f64) -> u64 {
    v.sort_unstable();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

fn draft(customer: CustomerId, i: usize) -> CaseDraft {
    CaseDraft {
        customer: Some(customer),
        kind: CaseKind::Repair,
        description: format!("厨房水管漏水 #{i}"),
        promised_at: Some(chrono::Utc::now() + chrono::Duration::days(1)),
        ..CaseDraft::default()
    }
}

/// An initialised desk's admin and a resident to file cases for.
fn ready(desk: &TestDesk) -> (Client, CustomerId) {
    let mut c = desk.client(ADMIN).expect("client");
    c.send(req::Init {
        name: ADMIN.name.into(),
    })
    .expect("init");
    let who = c
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
    (c, who)
}

fn saves(backend: &str, desk: &TestDesk, n: usize) {
    let (mut c, who) = ready(desk);
    let mut lat = Vec::with_capacity(n);
    let started = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        c.send(req::CaseAdd {
            draft: draft(who, i),
        })
        .expect("case add");
        lat.push(t.elapsed().as_micros() as u64);
    }
    let per_s = n as f64 / started.elapsed().as_secs_f64();
    println!(
        "group_save backend={backend} n={n} p50_us={} p99_us={} saves_per_s={per_s:.0}",
        pct(&mut lat, 0.50),
        pct(&mut lat, 0.99)
    );
}

fn events(conninfo: &str, n: usize) {
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let open = |dir: &tempfile::TempDir| {
        let store = PostgresStore::open(conninfo, "E2").expect("estate");
        TestDesk::on_store(Box::new(store), dir.path(), policy()).expect("desk")
    };
    let writer_desk = open(&dirs.0);
    let (mut writer, who) = ready(&writer_desk);
    let watcher_desk = open(&dirs.1);
    let mut watcher = watcher_desk.client(ADMIN).expect("client");
    watcher
        .subscribe(watcher.welcome.last_seq)
        .expect("subscribe");
    let mut lat = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        let case = writer
            .send(req::CaseAdd {
                draft: draft(who, i),
            })
            .expect("case add");
        loop {
            match watcher.next_pushed(Duration::from_secs(5)).expect("pushed") {
                Some(Pushed::Change(c)) if matches!(&c.subject, ChangeSubject::Case { ticket, .. } if *ticket == case.ticket) => {
                    break
                }
                Some(_) => continue,
                None => panic!("no event within 5 s"),
            }
        }
        lat.push(t.elapsed().as_micros() as u64);
    }
    println!(
        "group_event n={n} p50_us={} p99_us={}",
        pct(&mut lat, 0.50),
        pct(&mut lat, 0.99)
    );
}

/// The saves per second the paced run offers across the twenty daemons: above the 1,000 the
/// group's target asks for, well below what the database takes flat out.
const OFFERED_PER_S: u32 = 1_200;

/// Twenty estates' desks on one database, two writers each: first all saving flat out (the
/// most the machine takes, and the latency at that load), then each writer offering its
/// share of `OFFERED_PER_S` on a fixed schedule, a save's latency counted from when it was
/// due (so a stall delays the saves queued behind it in the figures too).
fn estates(conninfo: &str, per_writer: usize) {
    const DAEMONS: usize = 20;
    const WRITERS: usize = DAEMONS * 2;
    let dirs: Vec<_> = (0..DAEMONS).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut desks = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        let code = format!("G{i:02}");
        PostgresStore::add_estate(conninfo, &code, &code).unwrap();
        let store = PostgresStore::open(conninfo, &code).unwrap();
        desks.push(TestDesk::on_store(Box::new(store), dir.path(), policy()).unwrap());
    }
    let every = Duration::from_secs(1) * WRITERS as u32 / OFFERED_PER_S;
    let mut writers = Vec::new();
    let go = std::sync::Arc::new(std::sync::Barrier::new(WRITERS + 1));
    for desk in &desks {
        let (first, who) = ready(desk);
        let second = desk.client(ADMIN).expect("client");
        for (w, mut c) in [first, second].into_iter().enumerate() {
            let go = go.clone();
            writers.push(std::thread::spawn(move || {
                let mut save = |i: usize| {
                    c.send(req::CaseAdd {
                        draft: draft(who, i),
                    })
                    .expect("case add")
                };
                // One save first, not counted: each connection prepares its statements
                // once, at its first save; the figures are of a desk at work.
                save(usize::MAX);
                go.wait();
                let mut flat_out = Vec::with_capacity(per_writer);
                for i in 0..per_writer {
                    let t = Instant::now();
                    save(i);
                    flat_out.push(t.elapsed().as_micros() as u64);
                }
                go.wait();
                // Writers start spread over one interval, as callers do not ring in step.
                let start = Instant::now() + every * w as u32 / 2;
                let mut paced = Vec::with_capacity(per_writer);
                for i in 0..per_writer {
                    let due = start + every * i as u32;
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    save(per_writer + i);
                    paced.push(due.elapsed().as_micros() as u64);
                }
                (flat_out, paced)
            }));
        }
    }
    go.wait();
    let started = Instant::now();
    go.wait();
    let flat_elapsed = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let (flat, paced): (Vec<_>, Vec<_>) = writers
        .into_iter()
        .map(|w| w.join().expect("writer"))
        .unzip();
    let paced_elapsed = started.elapsed().as_secs_f64();
    for (line, lat, elapsed) in [
        ("group_estates", flat, flat_elapsed),
        ("group_estates_paced", paced, paced_elapsed),
    ] {
        let mut lat: Vec<u64> = lat.into_iter().flatten().collect();
        let offered = if line.ends_with("paced") {
            format!(" offered_per_s={OFFERED_PER_S}")
        } else {
            String::new()
        };
        println!(
            "{line} daemons={DAEMONS} writers={WRITERS}{offered} saves={} saves_per_s={:.0} p50_us={} p99_us={}",
            lat.len(),
            lat.len() as f64 / elapsed,
            pct(&mut lat, 0.50),
            pct(&mut lat, 0.99)
        );
    }
}

fn main() {
    let n: usize = std::env::var("FRONTDESK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let sled_dir = tempfile::tempdir().unwrap();
    saves(
        "sled",
        &TestDesk::empty(sled_dir.path(), policy()).unwrap(),
        n,
    );
    let cluster = Cluster::start().expect("a PostgreSQL cluster (apt-get install postgresql)");
    let conninfo = cluster.create_database("group").unwrap();
    for (code, name) in [("E1", "东湖花园"), ("E2", "西山苑")] {
        PostgresStore::add_estate(&conninfo, code, name).unwrap();
    }
    let pg_dir = tempfile::tempdir().unwrap();
    let store = PostgresStore::open(&conninfo, "E1").unwrap();
    saves(
        "postgres",
        &TestDesk::on_store(Box::new(store), pg_dir.path(), policy()).unwrap(),
        n,
    );
    events(&conninfo, (n / 4).max(100));
    estates(&conninfo, (n / 20).max(20));
}
