//! Lookup speed as an operator feels it, at 10k / 100k / 1M residents from the demo
//! generator. Realistic typing (Chinese names, pinyin initials and full pinyin, Latin names,
//! last-4 phone digits, unit prefixes, no-hit queries) is replayed key by key against the
//! index (with its incremental state, as a client's session has) and against exhaustive
//! SkimMatcherV2 scoring of every record, on the same machine in the same run. Then a real
//! `frontdesk serve` is started on a store of N residents and timed until search answers,
//! and the keystrokes are replayed through its socket (each search noted in the access log).
//!
//! Also, per size, how often initials + the last four digits put the caller first under
//! the digit ranking before and now (`caller.rs`); and through the daemon, a phone ringing
//! (`call ring`, durable, and the pop-up's `call show`) from residents' numbers, and how
//! often the caller was among the residents named.
//!
//! `cargo bench --bench lookup`; FRONTDESK_LOOKUP_SIZES=10000,100000 picks sizes;
//! FRONTDESK_EXHAUSTIVE_KEYS caps the exhaustive keystrokes per size (default 400);
//! FRONTDESK_BENCH_SLOW_US=N prints the index keystrokes slower than N µs.

mod caller;
mod typing;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::time::{Duration, Instant};

use frontdesk::client::Client;
use frontdesk::domain::{CustomerSummary, Role, Staff, StaffId};
use frontdesk::search::{Exhaustive, SearchIndex, SearchState};
use frontdesk::store::{Counter, SledStore, Store, StoreConfig, WriteSet};
use typing::{corpus, keystrokes, pct, rss_mib, script};

fn cpu_us() -> u64 {
    use nix::sys::resource::{getrusage, UsageWho};
    let u = getrusage(UsageWho::RUSAGE_SELF).expect("getrusage");
    let t = |tv: nix::sys::time::TimeVal| tv.tv_sec() as u64 * 1_000_000 + tv.tv_usec() as u64;
    t(u.user_time()) + t(u.system_time())
}

fn main() {
    let sizes: Vec<usize> = std::env::var("FRONTDESK_LOOKUP_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let max_exhaustive: usize = std::env::var("FRONTDESK_EXHAUSTIVE_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    // FRONTDESK_BENCH_SLOW_US=5000 lists the index's keystrokes slower than that.
    let slow_us: Option<u64> = std::env::var("FRONTDESK_BENCH_SLOW_US")
        .ok()
        .and_then(|v| v.parse().ok());
    for n in sizes {
        let data = corpus(n);
        let records: Vec<CustomerSummary> = data.iter().map(|(r, _)| r.clone()).collect();
        let keys = keystrokes(&script(&records));

        let mut index = SearchIndex::build(records.clone());
        index.shrink(); // as the daemon does after its start-up build
        let mut lat = Vec::new();
        let cpu0 = cpu_us();
        let mut state = SearchState::default();
        let mut last_query = usize::MAX;
        for (qi, k) in &keys {
            if *qi != last_query {
                state = SearchState::default();
                last_query = *qi;
            }
            let t = Instant::now();
            let hits = index
                .search(&mut state, k, 50, &|| false)
                .expect("not cancelled");
            let us = t.elapsed().as_micros() as u64;
            if slow_us.is_some_and(|s| us >= s) {
                eprintln!("slow key n={n} {us} us: {k:?}");
            }
            lat.push(us);
            std::hint::black_box(hits);
        }
        let cpu = (cpu_us() - cpu0) / keys.len() as u64;
        println!(
            "lookup n={n} engine=index p50_us={} p99_us={} cpu_us_per_key={cpu} keys={}",
            pct(&mut lat, 0.5),
            pct(&mut lat, 0.99),
            keys.len()
        );

        let exhaustive = Exhaustive::new(records.clone());
        let step = keys.len().div_ceil(max_exhaustive).max(1);
        let mut lat = Vec::new();
        let cpu0 = cpu_us();
        for (_, k) in keys.iter().step_by(step) {
            let t = Instant::now();
            std::hint::black_box(exhaustive.search(k, 50));
            lat.push(t.elapsed().as_micros() as u64);
        }
        let cpu = (cpu_us() - cpu0) / lat.len() as u64;
        let measured = lat.len();
        println!(
            "lookup n={n} engine=exhaustive p50_us={} p99_us={} cpu_us_per_key={cpu} keys={measured}",
            pct(&mut lat, 0.5),
            pct(&mut lat, 0.99),
        );
        // How a caller is found: initials + last four, under the digit rules before and now.
        caller::report(n, &records, &index);
        // Callers to ring the daemon with below: every n/200th resident's first phone.
        let ringers: Vec<(frontdesk::domain::CustomerId, String)> = records
            .iter()
            .step_by((n / 200).max(1))
            .filter_map(|r| Some((r.id, r.phones.first()?.clone())))
            .collect();
        let index_mib = index.memory_bytes() as f64 / (1 << 20) as f64;
        let names = index.distinct_names();
        drop((index, exhaustive, records));

        // A real daemon on a store of N residents: start → first answered search.
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let mut store =
                SledStore::open(&dir.path().join("store"), StoreConfig::default()).expect("store");
            let now = chrono::Utc::now();
            let uid = nix::unistd::getuid().as_raw();
            let me =
                Staff::new(StaffId(uid), "bench", "bench", Role::Admin, "", now).expect("staff");
            let mut batch = WriteSet {
                staff: vec![me],
                ..WriteSet::default()
            };
            for (r, v) in data {
                batch.customers.push(v.into_customer(r.id, now));
                if batch.customers.len() == 20_000 {
                    store.commit(&std::mem::take(&mut batch)).expect("commit");
                }
            }
            batch.move_counter(Counter::Customer, 0, n as u64);
            store.commit(&batch).expect("commit");
        }
        // sled lets go of its lock lazily after a drop; wait until a child could take it.
        std::thread::sleep(Duration::from_millis(500));
        let socket = dir.path().join("frontdesk.sock");
        let started = Instant::now();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .arg("--data")
            .arg(dir.path())
            .arg("serve")
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn daemon");
        let mut client = loop {
            if let Ok(c) = Client::connect(&socket) {
                break c;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "daemon did not start"
            );
            std::thread::sleep(Duration::from_millis(2));
        };
        let reply = client
            .send(req::CustomerFind {
                query: "zw".into(),
                limit: 50,
            })
            .expect("find");
        let ready_ms = started.elapsed().as_millis();
        assert!(!reply.is_empty());
        // The same keystrokes through the socket, as a screen sends them: the daemon's
        // search worker answers and notes each search in the access log (R-REC-13).
        let mut through_daemon = Vec::with_capacity(keys.len());
        for (_, k) in &keys {
            let t = Instant::now();
            let _ = client.send(req::CustomerFind {
                query: k.clone(),
                limit: 50,
            });
            through_daemon.push(t.elapsed().as_micros() as u64);
        }
        println!(
            "lookup n={n} engine=daemon+access_log p50_us={} p99_us={} keys={}",
            pct(&mut through_daemon, 0.50),
            pct(&mut through_daemon, 0.99),
            through_daemon.len()
        );
        // The phone rings: `call ring` (a durable write: the call on the caller's history)
        // and the pop-up's `call show`, and whether the caller was among those named.
        let (mut ring_us, mut show_us, mut found) = (Vec::new(), Vec::new(), 0);
        for (id, phone) in &ringers {
            let t = Instant::now();
            let rang = client
                .send(req::CallRing {
                    from: phone.clone(),
                    ext: "801".into(),
                    line: None,
                })
                .expect("ring");
            ring_us.push(t.elapsed().as_micros() as u64);
            let t = Instant::now();
            let shown = client
                .send(req::CallShow { id: rang.call.id })
                .expect("show");
            show_us.push(t.elapsed().as_micros() as u64);
            if shown.callers.iter().any(|c| c.customer.id == *id) {
                found += 1;
            }
        }
        println!(
            "ring n={n} ring_p50_us={} ring_p99_us={} show_p50_us={} show_p99_us={} caller_found_pct={:.1} calls={}",
            pct(&mut ring_us, 0.50),
            pct(&mut ring_us, 0.99),
            pct(&mut show_us, 0.50),
            pct(&mut show_us, 0.99),
            100.0 * found as f64 / ringers.len().max(1) as f64,
            ringers.len()
        );
        let rss = rss_mib(child.id());
        let _ = child.kill();
        let _ = child.wait();
        println!(
            "startup n={n} ready_ms={ready_ms} index_mib={index_mib:.1} daemon_rss_mib={rss} distinct_names={names}"
        );
    }
}
