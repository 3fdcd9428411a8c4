//! Crash harness: the real daemon as a child process, four concurrent clients doing
//! `case add`, dispatch, resolve (which also creates a callback: a multi-tree change) and
//! callback record, and a SIGKILL at a random moment in each round. After every restart:
//! every acknowledged write is there exactly once, nothing unacknowledged appears twice, no
//! multi-tree change is half-applied, and requests cut off mid-flight, retried with the same
//! request id, are applied exactly once.
//!
//! The same harness runs on sled and on an estate of a PostgreSQL database (a throwaway
//! cluster; the daemon is killed, the database is not). CI runs 30 rounds on sled, 15 on
//! PostgreSQL. The long run: `FRONTDESK_CRASH_ROUNDS=300 cargo test --release --test
//! crash -- --nocapture` (prints `crash rounds=… acked=… missing=… duplicated=…`).
//! `FRONTDESK_CRASH_SEED` replays a run.

mod common;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::time::Duration;

use common::crash_work::{
    connect, retry_and_verify, round_customer, verify_history, Tally, Workers,
};

#[test]
fn every_acknowledged_write_survives_sigkill_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    harness("sled", dir.path(), &[], 30);
}

/// The same on an estate of a PostgreSQL database: the daemon killed, the database kept.
#[test]
fn every_acknowledged_write_survives_sigkill_exactly_once_on_postgresql() {
    let cluster = frontdesk::testkit::postgres::Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("group").unwrap();
    frontdesk::store::PostgresStore::add_estate(&conninfo, "DH01", "东湖花园").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let serve = ["--postgres", conninfo.as_str(), "--estate", "DH01"];
    harness("postgres", dir.path(), &serve, 15);
}

fn harness(backend: &str, data: &std::path::Path, serve: &[&str], default_rounds: u64) {
    let rounds = common::env_u64("FRONTDESK_CRASH_ROUNDS", default_rounds);
    let seed = common::env_u64("FRONTDESK_CRASH_SEED", fastrand::u64(..));
    eprintln!("crash ({backend}): {rounds} rounds, FRONTDESK_CRASH_SEED={seed}");
    let mut rng = fastrand::Rng::with_seed(seed);
    // Reconnecting clients after each kill must not meet the per-user connection cap.
    common::lift_limits(data);
    let mut daemon = common::Daemon::start_with(data, serve);
    let socket = daemon.socket.clone();
    connect(&socket)
        .send(req::Init {
            name: "测试".into(),
        })
        .unwrap();

    let mut history = Vec::new();
    let mut tally = Tally::default();
    for round in 0..rounds {
        let customer = round_customer(&socket, round);
        let workers = Workers::start(&socket, customer, round, &mut rng);
        std::thread::sleep(Duration::from_millis(rng.u64(30..300)));
        daemon.kill9();
        let logs = workers.finish();
        daemon = common::Daemon::start_with(data, serve);
        let mut c = connect(&socket);
        history.push(retry_and_verify(&mut c, customer, logs, &mut tally));
    }
    let last = verify_history(&mut connect(&socket), &history);
    println!(
        "crash backend={backend} rounds={rounds} acked={} retried={} missing={} duplicated={} half_applied={} final_missing={} final_duplicated={}",
        tally.acked,
        tally.retried,
        tally.missing,
        tally.duplicated,
        tally.half_applied,
        last.missing,
        last.duplicated
    );
    assert!(
        tally.acked > rounds,
        "too little work to prove anything: {tally:?}"
    );
    assert_eq!(
        (tally.missing, tally.duplicated, tally.half_applied),
        (0, 0, 0),
        "{tally:?}"
    );
    assert_eq!(
        (last.missing, last.duplicated, last.half_applied),
        (0, 0, 0),
        "{last:?}"
    );
}
