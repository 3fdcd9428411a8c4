//! The group hotline at scale: 1M residents over 500 estates on one database (this machine,
//! a throwaway cluster on a Unix socket, fsync on), the hotline's daemon (`serve --postgres
//! … --estates all`) started on it. Prints
//! `hotline estates=500 residents=1000000 ready_ms=.. daemon_rss_mib=..` — from starting the
//! daemon to its first answered lookup, every estate's index built from the database; and
//! `hotline lookup p50_us=.. p99_us=.. keys=..` — the lookup bench's typing, key by key,
//! through the hotline's socket: each key searched in every estate, the best 50 merged.
//!
//! `cargo bench --bench hotline`; FRONTDESK_HOTLINE_ESTATES and FRONTDESK_HOTLINE_RESIDENTS
//! set the size (default 500 and 1,000,000).

mod typing;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::time::{Duration, Instant};

use frontdesk::client::Client;
use frontdesk::domain::{CustomerId, Role, Staff, StaffId};
use frontdesk::store::{Counter, PostgresStore, Store, WriteSet};
use frontdesk::testkit::postgres::Cluster;
use typing::{corpus, keystrokes, pct, rss_mib, script};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let estates = env_usize("FRONTDESK_HOTLINE_ESTATES", 500);
    let residents = env_usize("FRONTDESK_HOTLINE_RESIDENTS", 1_000_000);
    let per_estate = residents.div_ceil(estates);
    let cluster = Cluster::start().expect("a PostgreSQL cluster (apt-get install postgresql)");
    let conninfo = cluster.create_database("group").unwrap();
    let data = corpus(residents);
    let records: Vec<_> = data.iter().map(|(r, _)| r.clone()).collect();
    let keys = keystrokes(&script(&records));

    // The group's data, loaded estate by estate (each its residents numbered from C1), by
    // two loaders at once.
    let uid = nix::unistd::getuid();
    let login = nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| "root".into());
    let now = chrono::Utc::now();
    let loaded = Instant::now();
    let chunks: Vec<Vec<_>> = data
        .into_iter()
        .map(|(_, v)| v)
        .collect::<Vec<_>>()
        .chunks(per_estate)
        .map(|c| c.to_vec())
        .collect();
    let codes: Vec<String> = (0..chunks.len()).map(|i| format!("E{i:03}")).collect();
    std::thread::scope(|s| {
        for half in 0..2 {
            let (codes, chunks, conninfo, login) = (&codes, &chunks, &conninfo, &login);
            s.spawn(move || {
                for (i, chunk) in chunks.iter().enumerate().skip(half).step_by(2) {
                    let code = &codes[i];
                    PostgresStore::add_estate(conninfo, code, &format!("小区{i}")).unwrap();
                    let mut store = PostgresStore::open(conninfo, code).unwrap();
                    let me = Staff::new(StaffId(uid.as_raw()), login, "热线", Role::Admin, "", now)
                        .expect("staff");
                    let mut batch = WriteSet {
                        staff: vec![me],
                        ..WriteSet::default()
                    };
                    for (j, v) in chunk.iter().enumerate() {
                        batch
                            .customers
                            .push(v.clone().into_customer(CustomerId(j as u64 + 1), now));
                    }
                    batch.move_counter(Counter::Customer, 0, chunk.len() as u64);
                    store.commit(&batch).expect("load an estate");
                }
            });
        }
    });
    eprintln!(
        "loaded {residents} residents into {} estates in {} s",
        codes.len(),
        loaded.elapsed().as_secs()
    );

    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("frontdesk.sock");
    let started = Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .arg("--data")
        .arg(dir.path())
        .args(["serve", "--postgres", &conninfo, "--estates", "all"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn the hotline's daemon");
    let mut client = loop {
        if let Ok(c) = Client::connect(&socket) {
            break c;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the hotline did not start"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let first = client.send(req::CustomerFind {
        query: "zw".into(),
        limit: 50,
    });
    let ready_ms = started.elapsed().as_millis();
    assert!(matches!(first, Ok(ref m) if !m.is_empty()), "{first:?}");
    println!(
        "hotline estates={} residents={residents} ready_ms={ready_ms} daemon_rss_mib={}",
        codes.len(),
        rss_mib(child.id())
    );
    let mut lat = Vec::with_capacity(keys.len());
    for (_, k) in &keys {
        let t = Instant::now();
        let reply = client.send(req::CustomerFind {
            query: k.clone(),
            limit: 50,
        });
        lat.push(t.elapsed().as_micros() as u64);
        assert!(reply.is_ok(), "{reply:?}");
    }
    println!(
        "hotline lookup p50_us={} p99_us={} keys={}",
        pct(&mut lat, 0.50),
        pct(&mut lat, 0.99),
        lat.len()
    );
    let _ = child.kill();
    let _ = child.wait();
}
