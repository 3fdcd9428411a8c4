//! The database machine dies under load, and nothing is lost. A primary and a synchronous
//! standby (`testkit::replicated`), two daemons of one estate (the real binary) connected
//! through both hosts with `target_session_attrs=read-write`, four clients writing through
//! each (the crash harness's work: case add, dispatch, resolve with its callback, callback
//! record). At a random moment the primary's postmaster is killed (-9); the standby is
//! promoted; the dead node comes back as the new standby from a fresh base backup. The
//! daemons are never restarted: they find the new primary by themselves. After each round
//! every acknowledged write is there exactly once, nothing is half applied, requests cut
//! off are retried with their ids and applied once, and the change log stays dense.
//!
//! CI: 5 rounds. The long run: `FRONTDESK_FAILOVER_ROUNDS=50 cargo test --release --test
//! failover -- --nocapture`; `FRONTDESK_FAILOVER_SEED` replays one.

mod common;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::path::Path;
use std::time::{Duration, Instant};

use common::crash_work::{
    connect, retry_and_verify, round_customer, verify_history, Tally, Workers,
};
use frontdesk::client::Client;
use frontdesk::testkit::replicated::Pair;

/// Waits until the daemon behind `socket` reads again (it reconnected to the new primary);
/// how long that took from `since`.
fn back_up(socket: &Path, since: Instant) -> (Client, u128) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut c = connect(socket);
        if c.send(req::StaffList {}).is_ok() {
            return (c, since.elapsed().as_millis());
        }
        assert!(Instant::now() < deadline, "the daemon never came back");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The estate's change log, numbered 1, 2, 3 … with no gap.
fn assert_dense(c: &mut Client) {
    let mut expected = 1;
    loop {
        let Ok(page) = c.send(req::Changes {
            after_seq: expected - 1,
            limit: 500,
        }) else {
            panic!("the audit trail");
        };
        if page.is_empty() {
            break;
        }
        for change in page {
            assert_eq!(change.seq, expected, "the change log has a gap");
            expected += 1;
        }
    }
    assert!(expected > 1, "an empty change log proves nothing");
}

#[test]
fn a_dead_database_machine_loses_nothing_acknowledged_and_applies_nothing_twice() {
    let mut pair = Pair::start().expect("a primary and a standby");
    let conninfo = pair.create_database("group").unwrap();
    frontdesk::store::PostgresStore::add_estate(&conninfo, "DH01", "东湖花园").unwrap();
    let rounds = common::env_u64("FRONTDESK_FAILOVER_ROUNDS", 5);
    let seed = common::env_u64("FRONTDESK_FAILOVER_SEED", fastrand::u64(..));
    eprintln!("failover: {rounds} rounds, FRONTDESK_FAILOVER_SEED={seed}");
    let mut rng = fastrand::Rng::with_seed(seed);
    let dir = tempfile::tempdir().unwrap();
    let serve = ["--postgres", conninfo.as_str(), "--estate", "DH01"];
    let boxes = [dir.path().join("box-a"), dir.path().join("box-b")];
    for data in &boxes {
        std::fs::create_dir_all(data).unwrap();
        common::lift_limits(data);
    }
    let daemons = boxes
        .iter()
        .map(|data| common::Daemon::start_with(data, &serve))
        .collect::<Vec<_>>();
    let sockets: Vec<_> = daemons.iter().map(|d| d.socket.clone()).collect();
    connect(&sockets[0])
        .send(req::Init {
            name: "测试".into(),
        })
        .unwrap();
    // The second daemon knows the first admin once it has followed the log.
    back_up(&sockets[1], Instant::now());

    let mut history = Vec::new();
    let mut tally = Tally::default();
    let mut max_pause = 0;
    for round in 0..rounds {
        let work: Vec<_> = sockets
            .iter()
            .enumerate()
            .map(|(i, socket)| {
                let n = round * 2 + i as u64;
                let customer = round_customer(socket, n);
                (customer, Workers::start(socket, customer, n, &mut rng))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.u64(100..400)));
        let died = Instant::now();
        pair.kill_primary().expect("kill the primary");
        std::thread::sleep(Duration::from_millis(rng.u64(0..300)));
        pair.promote_standby().expect("promote the standby");
        // Until a standby is back, every commit waits for one (synchronous_standby_names).
        pair.rejoin_old_primary()
            .expect("the old primary as the new standby");
        for ((customer, workers), socket) in work.into_iter().zip(&sockets) {
            let logs = workers.finish();
            let (mut c, paused) = back_up(socket, died);
            max_pause = max_pause.max(paused);
            history.push(retry_and_verify(&mut c, customer, logs, &mut tally));
        }
    }
    let mut c = connect(&sockets[0]);
    let last = verify_history(&mut c, &history);
    assert_dense(&mut c);
    println!(
        "failover rounds={rounds} acked={} missing={} duplicated={} half_applied={} retried={} max_pause_ms={max_pause}",
        tally.acked, tally.missing, tally.duplicated, tally.half_applied, tally.retried
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
    drop(daemons);
}
