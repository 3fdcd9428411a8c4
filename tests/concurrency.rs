//! Concurrency: simulated operators, each a distinct identity with its own connection and its
//! own subscribed connection, work the desk at once — register cases, make versioned edits,
//! search, resolve and record callbacks — for a while. Nothing acknowledged is lost or
//! doubled, every subscriber sees every change, two edits from the same base version give one
//! winner and one Conflict naming the current version, and 20 colleagues racing to take one
//! department case leave exactly one handler.
//!
//! CI: 8 operators × 20 s. The long run: `FRONTDESK_SOAK_OPERATORS=20
//! FRONTDESK_SOAK_SECS=600 cargo test --release --test concurrency -- --nocapture`
//! (prints `soak operators=… acked=… lost=… duplicated=… ack_p50_us=… ack_p99_us=…
//! event_delay_p99_ms=…`).

mod common;

use frontdesk::protocol::req;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::*;
use frontdesk::client::{Client, ClientError, Pushed};
use frontdesk::domain::{DeskError, Handler, Outcome, Role, StaffId};
use frontdesk::protocol::{CaseStep, DispatchTarget, Request};

/// Adds `n` clerks (uids 6000…) and returns (uid, username) for each.
fn clerks(d: &Desktop, n: usize) -> Vec<(u32, String)> {
    let mut admin = d.client(ADMIN, "admin");
    (0..n)
        .map(|i| {
            let uid = 6000 + i as u32;
            let user = format!("op{i}");
            admin
                .send(req::StaffAdd {
                    username: user.clone(),
                    name: format!("坐席{i}"),
                    role: Role::Clerk,
                    dept: "客服中心".into(),
                    uid: Some(uid),
                })
                .expect("staff add");
            (uid, user)
        })
        .collect()
}

fn percentile(sorted: &[u128], p: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

struct OperatorLog {
    tokens: Vec<String>,
    latencies_us: Vec<u128>,
}

fn operate(
    c: &mut Client,
    me: usize,
    secs: u64,
    customer: frontdesk::domain::CustomerId,
) -> OperatorLog {
    let mut log = OperatorLog {
        tokens: Vec::new(),
        latencies_us: Vec::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut n = 0;
    let queries = ["zw", "zhang", "1102", "3-2-", "李"];
    while Instant::now() < deadline {
        n += 1;
        let token = format!("op{me}-{n}");
        let t0 = Instant::now();
        let case = match c.send(req::CaseAdd {
            draft: draft(customer, &token),
        }) {
            Ok(case) => case,
            other => panic!("case add: {other:?}"),
        };
        log.latencies_us.push(t0.elapsed().as_micros());
        log.tokens.push(token);
        // A versioned edit of my own case: nobody else touches it, so it must win.
        let t0 = Instant::now();
        let step = Request::CaseStep(req::CaseStep {
            ticket: case.ticket.clone(),
            base_version: Some(case.version),
            step: CaseStep::Note("已联系住户".into()),
        });
        c.call(step).expect("versioned note on my own case");
        log.latencies_us.push(t0.elapsed().as_micros());
        c.send(req::CustomerFind {
            query: queries[n % queries.len()].into(),
            limit: 50,
        })
        .expect("search");
        if n % 3 == 0 {
            tell_resident(c, &case.ticket);
            c.send(req::CaseStep {
                ticket: case.ticket.clone(),
                base_version: None,
                step: CaseStep::Resolve(fixed("已处理")),
            })
            .expect("resolve");
            if let Some(cb) = match c.send(req::CaseShow::of(case.ticket.clone())) {
                Ok(k) => k.callback,
                other => panic!("{other:?}"),
            } {
                c.send(req::CallbackRecord {
                    id: cb,
                    outcome: Outcome::Satisfied,
                    onsite: false,
                    signed: false,
                    note: String::new(),
                })
                .expect("callback record");
            }
        }
    }
    log
}

#[test]
fn operators_at_once_lose_nothing_and_see_every_change() {
    let operators = common::env_u64("FRONTDESK_SOAK_OPERATORS", 8) as usize;
    let secs = common::env_u64("FRONTDESK_SOAK_SECS", 20);
    let d = Desktop::staffed_with(unthrottled());
    let ops = clerks(&d, operators);
    let mut admin = d.client(ADMIN, "admin");
    // One resident per operator keeps each operator's history under the list limit.
    let customers: Vec<_> = (0..operators)
        .map(|i| {
            add_customer(
                &mut admin,
                &format!("张伟{i}"),
                &format!("1380000{i:04}"),
                "3-2-1102",
            )
        })
        .collect();
    // Changes from here on are the ones every subscriber must see.
    let start_seq = d.client(ADMIN, "admin").welcome.last_seq;

    let stop = Arc::new(AtomicBool::new(false));
    let subscribers: Vec<_> = ops
        .iter()
        .map(|(uid, user)| {
            let mut sub = d.client(*uid, user);
            sub.subscribe(start_seq).expect("subscribe");
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut seen: HashMap<u64, i64> = HashMap::new();
                let mut idle_after_stop = 0;
                loop {
                    match sub.next_pushed(Duration::from_millis(100)) {
                        Ok(Some(Pushed::Change(c))) => {
                            let delay = (chrono::Utc::now() - c.at).num_milliseconds();
                            seen.insert(c.seq, delay);
                        }
                        Ok(Some(Pushed::Resync { .. })) => panic!("a subscriber fell behind"),
                        Ok(Some(Pushed::Waiting(_))) => {}
                        Ok(None) if stop.load(Ordering::Relaxed) => {
                            idle_after_stop += 1;
                            if idle_after_stop > 5 {
                                break;
                            }
                        }
                        Ok(None) => {}
                        Err(e) => panic!("subscriber lost: {e}"),
                    }
                }
                seen
            })
        })
        .collect();

    let workers: Vec<_> = ops
        .iter()
        .enumerate()
        .map(|(i, (uid, user))| {
            let mut c = d.client(*uid, user);
            let customer = customers[i];
            std::thread::spawn(move || operate(&mut c, i, secs, customer))
        })
        .collect();
    let logs: Vec<OperatorLog> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    stop.store(true, Ordering::Relaxed);
    let seen: Vec<HashMap<u64, i64>> = subscribers.into_iter().map(|s| s.join().unwrap()).collect();

    // Nothing lost, nothing doubled.
    let (mut acked, mut lost, mut duplicated) = (0u64, 0u64, 0u64);
    for (i, log) in logs.iter().enumerate() {
        let card = admin.send(req::CustomerShow::of(customers[i])).unwrap();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for case in &card.cases {
            *counts.entry(case.description.as_str()).or_default() += 1;
        }
        for t in &log.tokens {
            acked += 1;
            match counts.get(t.as_str()).copied().unwrap_or(0) {
                0 => lost += 1,
                1 => {}
                _ => duplicated += 1,
            }
        }
    }
    // Every change, as the audit trail lists it, reached every subscriber.
    let mut all = HashSet::new();
    let mut after = start_seq;
    loop {
        let batch = d
            .client(BOSS, "boss")
            .send(req::Changes {
                after_seq: after,
                limit: 10_000,
            })
            .unwrap();
        let Some(last) = batch.last() else { break };
        after = last.seq;
        all.extend(batch.iter().map(|c| c.seq));
    }
    for (i, s) in seen.iter().enumerate() {
        let missed = all.iter().filter(|seq| !s.contains_key(seq)).count();
        assert_eq!(
            missed,
            0,
            "operator {i} missed {missed} of {} events",
            all.len()
        );
    }
    let mut lat: Vec<u128> = logs
        .iter()
        .flat_map(|l| l.latencies_us.iter().copied())
        .collect();
    lat.sort_unstable();
    let mut delays: Vec<u128> = seen
        .iter()
        .flat_map(|s| s.values().map(|d| (*d).max(0) as u128))
        .collect();
    delays.sort_unstable();
    println!(
        "soak operators={operators} secs={secs} acked={acked} lost={lost} duplicated={duplicated} events={} ack_p50_us={} ack_p99_us={} event_delay_p99_ms={}",
        all.len(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        percentile(&delays, 0.99)
    );
    assert!(acked > operators as u64);
    assert_eq!((lost, duplicated), (0, 0));
}

#[test]
fn two_edits_from_the_same_version_one_wins_the_other_is_told_the_current_version() {
    let d = Desktop::staffed_with(unthrottled());
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let case = add_case(&mut li, customer, "楼上漏水");
    let base = case.version;
    let barrier = Arc::new(Barrier::new(2));
    let threads: Vec<_> = [(LI, "li"), (WANG, "wang")]
        .into_iter()
        .map(|(uid, user)| {
            let mut c = d.client(uid, user);
            let (barrier, ticket) = (barrier.clone(), case.ticket.clone());
            std::thread::spawn(move || {
                barrier.wait();
                c.send(req::CaseStep {
                    ticket,
                    base_version: Some(base),
                    step: CaseStep::Note(format!("{user} 的备注")),
                })
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let wins = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "{results:?}");
    let loser = results.into_iter().find_map(Result::err).unwrap();
    match loser {
        ClientError::Desk(DeskError::Conflict {
            current_version, ..
        }) => assert_eq!(current_version, Some(base + 1)),
        other => panic!("{other:?}"),
    }
}

/// R-LIFE-03: department work is taken by exactly one colleague; the owner stays.
#[test]
fn twenty_colleagues_racing_to_take_one_case_leave_exactly_one_handler() {
    let d = Desktop::staffed_with(unthrottled());
    let ops = clerks(&d, 20);
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let case = add_case(&mut li, customer, "电梯异响");
    li.send(req::CaseStep {
        ticket: case.ticket.clone(),
        base_version: None,
        step: CaseStep::Dispatch(DispatchTarget::Department("工程部".into())),
    })
    .unwrap();
    let barrier = Arc::new(Barrier::new(ops.len()));
    let racers: Vec<_> = ops
        .iter()
        .map(|(uid, user)| {
            let mut c = d.client(*uid, user);
            let (barrier, ticket, uid) = (barrier.clone(), case.ticket.clone(), *uid);
            std::thread::spawn(move || {
                barrier.wait();
                (
                    uid,
                    c.send(req::CaseStep {
                        ticket,
                        base_version: None,
                        step: CaseStep::Take,
                    }),
                )
            })
        })
        .collect();
    let results: Vec<_> = racers.into_iter().map(|t| t.join().unwrap()).collect();
    let winners: Vec<u32> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(uid, _)| *uid)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for (_, r) in &results {
        if let Err(e) = r {
            assert!(e.to_string().contains("already taken by"), "{e}");
        }
    }
    let stored = li.send(req::CaseShow::of(case.ticket.clone())).unwrap();
    assert_eq!(stored.handler, Some(Handler::Staff(StaffId(winners[0]))));
    assert_eq!(stored.owner, StaffId(LI));
}
