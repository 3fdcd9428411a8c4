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

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use frontdesk::client::{new_request_id, Client, ClientError};
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::{
    CallbackStatus, CaseKind, CustomerId, NewCustomer, Outcome, RequestId, Severity, Ticket, Tier,
};
use frontdesk::protocol::{CaseStep, CustomerCard, DispatchTarget, Reply, Request};

const WORKERS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Dispatch,
    Resolve,
    Record,
}

/// A request and what is known of it.
#[derive(Debug, Clone)]
struct Sent {
    op: Op,
    /// Description token (adds) or ticket / callback id (the rest).
    target: String,
    id: RequestId,
    request: Request,
}

#[derive(Default)]
struct WorkerLog {
    acked: Vec<Sent>,
    /// Cut off by the kill: outcome unknown until retried.
    in_flight: Option<Sent>,
}

fn connect(socket: &Path) -> Client {
    Client::connect(socket).expect("connect to the daemon")
}

fn card(c: &mut Client, id: CustomerId) -> CustomerCard {
    match c
        .call(Request::CustomerShow { id, reason: None })
        .expect("customer card")
    {
        Reply::Card(card) => *card,
        other => panic!("{other:?}"),
    }
}

/// One client's work until the daemon disappears under it.
fn work(
    socket: &Path,
    customer: CustomerId,
    tag: String,
    seed: u64,
    stop: &AtomicBool,
) -> WorkerLog {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut log = WorkerLog::default();
    let Ok(mut c) = Client::connect(socket) else {
        return log;
    };
    // Tickets this worker registered, by state.
    let (mut fresh, mut dispatched, mut resolved): (Vec<Ticket>, Vec<Ticket>, Vec<Ticket>) =
        Default::default();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let roll = rng.u8(0..10);
        let sent = if roll < 5 || fresh.is_empty() && dispatched.is_empty() {
            n += 1;
            let token = format!("{tag}n{n}");
            Sent {
                op: Op::Add,
                target: token.clone(),
                id: new_request_id(),
                request: Request::CaseAdd(CaseDraft {
                    customer: Some(customer),
                    kind: CaseKind::Repair,
                    severity: Severity::L2,
                    description: token,
                    ..CaseDraft::default()
                }),
            }
        } else if roll < 7 && !fresh.is_empty() {
            let t = fresh.swap_remove(rng.usize(..fresh.len()));
            Sent {
                op: Op::Dispatch,
                target: t.to_string(),
                id: new_request_id(),
                request: Request::CaseStep {
                    ticket: t,
                    base_version: None,
                    step: CaseStep::Dispatch(DispatchTarget::Department("工程部".into())),
                },
            }
        } else if roll < 9 && !dispatched.is_empty() {
            let t = dispatched.swap_remove(rng.usize(..dispatched.len()));
            Sent {
                op: Op::Resolve,
                target: t.to_string(),
                id: new_request_id(),
                request: Request::CaseStep {
                    ticket: t,
                    base_version: None,
                    step: CaseStep::Resolve(common::fixed("修好了")),
                },
            }
        } else if !resolved.is_empty() {
            let t = resolved.swap_remove(rng.usize(..resolved.len()));
            // The callback id of that ticket, from the card.
            let Ok(Reply::Card(cd)) = c.call(Request::CustomerShow {
                id: customer,
                reason: None,
            }) else {
                break;
            };
            let Some(cb) = cd
                .cases
                .iter()
                .find(|k| k.ticket == t)
                .and_then(|k| k.callback)
            else {
                continue;
            };
            Sent {
                op: Op::Record,
                target: cb.to_string(),
                id: new_request_id(),
                request: Request::CallbackRecord {
                    id: cb,
                    outcome: Outcome::Satisfied,
                    onsite: false,
                    signed: false,
                    note: String::new(),
                },
            }
        } else {
            continue;
        };
        match c.call_with_id(sent.id, sent.request.clone()) {
            Ok(reply) => {
                match (&sent.op, &reply) {
                    (Op::Add, Reply::Case(case)) => fresh.push(case.ticket.clone()),
                    (Op::Dispatch, _) => dispatched.push(Ticket(sent.target.clone())),
                    (Op::Resolve, _) => resolved.push(Ticket(sent.target.clone())),
                    _ => {}
                }
                log.acked.push(sent);
            }
            Err(ClientError::Desk(e)) => panic!("the daemon refused {:?}: {e}", sent.op),
            Err(_) => {
                log.in_flight = Some(sent);
                break;
            }
        }
    }
    log
}

#[derive(Default, Debug)]
struct Tally {
    acked: u64,
    retried: u64,
    missing: u64,
    duplicated: u64,
    half_applied: u64,
}

/// Checks one round's customer against what was acknowledged and retried.
fn verify(c: &mut Client, customer: CustomerId, acked: &[Sent], retried: &[Sent], t: &mut Tally) {
    let cd = card(c, customer);
    let mut by_token: HashMap<&str, usize> = HashMap::new();
    for case in &cd.cases {
        *by_token.entry(case.description.as_str()).or_default() += 1;
    }
    let known: HashSet<&str> = acked
        .iter()
        .chain(retried)
        .filter(|s| s.op == Op::Add)
        .map(|s| s.target.as_str())
        .collect();
    for token in &known {
        match by_token.get(token).copied().unwrap_or(0) {
            0 => t.missing += 1,
            1 => {}
            _ => t.duplicated += 1,
        }
    }
    // Nothing appears that no client sent.
    for token in by_token.keys() {
        assert!(known.contains(token), "a case nobody sent: {token}");
    }
    let case_of = |ticket: &str| cd.cases.iter().find(|k| k.ticket.0 == ticket);
    for s in acked.iter().chain(retried) {
        match s.op {
            Op::Add => {}
            Op::Dispatch => {
                if case_of(&s.target)
                    .and_then(|k| k.handler.as_ref())
                    .is_none()
                {
                    t.missing += 1;
                }
            }
            Op::Resolve => {
                if case_of(&s.target).is_none_or(|k| k.status.is_open() || k.callback.is_none()) {
                    t.missing += 1;
                }
            }
            Op::Record => {
                let done = cd.callbacks.iter().any(|cb| {
                    cb.id.to_string() == s.target && matches!(cb.status, CallbackStatus::Done(_))
                });
                if !done {
                    t.missing += 1;
                }
            }
        }
    }
    // Resolve writes the case and its callback in one transaction: both or neither.
    let callbacks: HashSet<_> = cd.callbacks.iter().map(|cb| cb.id).collect();
    for case in &cd.cases {
        if let Some(id) = case.callback {
            if !callbacks.contains(&id) {
                t.half_applied += 1;
            }
        }
    }
    let linked: HashSet<_> = cd.cases.iter().filter_map(|k| k.callback).collect();
    for cb in &cd.callbacks {
        if !linked.contains(&cb.id) {
            t.half_applied += 1;
        }
    }
}

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
