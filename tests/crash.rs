//! Crash harness: the real daemon as a child process, four concurrent clients doing
//! `case add`, dispatch, resolve (which also creates a callback: a multi-tree change) and
//! callback record, and a SIGKILL at a random moment in each round. After every restart:
//! every acknowledged write is there exactly once, nothing unacknowledged appears twice, no
//! multi-tree change is half-applied, and requests cut off mid-flight, retried with the same
//! request id, are applied exactly once.
//!
//! CI runs 30 rounds. The long run: `FRONTDESK_CRASH_ROUNDS=300 cargo test --release --test
//! crash -- --nocapture` (prints `crash rounds=… acked=… missing=… duplicated=…`).
//! `FRONTDESK_CRASH_SEED` replays a run.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::crash_work::{connect, verify, work, Sent, Tally, WorkerLog, WORKERS};
use frontdesk::domain::{CustomerId, NewCustomer, Tier};
use frontdesk::protocol::{Reply, Request};

#[test]
fn every_acknowledged_write_survives_sigkill_exactly_once() {
    let rounds = common::env_u64("FRONTDESK_CRASH_ROUNDS", 30);
    let seed = common::env_u64("FRONTDESK_CRASH_SEED", fastrand::u64(..));
    eprintln!("crash: {rounds} rounds, FRONTDESK_CRASH_SEED={seed}");
    let mut rng = fastrand::Rng::with_seed(seed);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // Reconnecting clients after each kill must not meet the per-user connection cap.
    common::lift_limits(data);
    let mut daemon = common::Daemon::start(data);
    let socket = daemon.socket.clone();
    connect(&socket)
        .call(Request::Init {
            name: "测试".into(),
        })
        .unwrap();

    let mut history: Vec<(CustomerId, Vec<Sent>, Vec<Sent>)> = Vec::new();
    let mut tally = Tally::default();
    for round in 0..rounds {
        let customer = match connect(&socket)
            .call(Request::CustomerAdd(NewCustomer {
                name: format!("轮次{round}"),
                phones: vec![format!("1380000{round:04}")],
                units: vec!["3-2-1102".into()],
                tier: Tier::General,
                notes: String::new(),
            }))
            .unwrap()
        {
            Reply::Customer(c) => c.id,
            other => panic!("{other:?}"),
        };
        let stop = Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                let (socket, stop) = (socket.clone(), stop.clone());
                let wseed = rng.u64(..);
                std::thread::spawn(move || {
                    work(&socket, customer, format!("r{round}w{w}"), wseed, &stop)
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.u64(30..300)));
        daemon.kill9();
        stop.store(true, Ordering::Relaxed);
        let logs: Vec<WorkerLog> = workers.into_iter().map(|w| w.join().unwrap()).collect();

        daemon = common::Daemon::start(data);
        let mut c = connect(&socket);
        let mut acked = Vec::new();
        let mut retried = Vec::new();
        for log in logs {
            acked.extend(log.acked);
            if let Some(sent) = log.in_flight {
                // The same request id again: applied now, or answered from the record of the
                // first try, never both.
                match c.call_with_id(sent.id, sent.request.clone()) {
                    Ok(_) => retried.push(sent),
                    Err(e) => panic!("retry of {:?} {} failed: {e}", sent.op, sent.target),
                }
            }
        }
        tally.acked += acked.len() as u64;
        tally.retried += retried.len() as u64;
        verify(&mut c, customer, &acked, &retried, &mut tally);
        history.push((customer, acked, retried));
    }
    // Earlier rounds are all still there after every later crash.
    let mut c = connect(&socket);
    let mut last = Tally::default();
    for (customer, acked, retried) in &history {
        verify(&mut c, *customer, acked, retried, &mut last);
    }
    println!(
        "crash rounds={rounds} acked={} retried={} missing={} duplicated={} half_applied={} final_missing={} final_duplicated={}",
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
