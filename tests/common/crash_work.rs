//! The crash and power-loss harnesses' shared work and checks: clients doing `case add`,
//! dispatch, resolve (a multi-tree change: the case and its callback) and callback record
//! until the daemon disappears under them, and after the restart a check that every
//! acknowledged write is there exactly once, nothing nobody sent appears, no multi-tree
//! change is half-applied, and a retried request id was applied once.
#![allow(dead_code)]

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use frontdesk::client::{new_request_id, Client, ClientError};
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::{
    CallbackStatus, CaseKind, CustomerId, Outcome, RequestId, Severity, Ticket,
};
use frontdesk::protocol::{CaseStep, CustomerCard, DispatchTarget, Reply, Request};

pub const WORKERS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Dispatch,
    Resolve,
    Record,
}

/// A request and what is known of it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub op: Op,
    /// Description token (adds) or ticket / callback id (the rest).
    pub target: String,
    pub id: RequestId,
    pub request: Request,
}

#[derive(Default)]
pub struct WorkerLog {
    pub acked: Vec<Sent>,
    /// Cut off by the kill: outcome unknown until retried.
    pub in_flight: Option<Sent>,
}

pub fn connect(socket: &Path) -> Client {
    Client::connect(socket).expect("connect to the daemon")
}

pub fn card(c: &mut Client, id: CustomerId) -> CustomerCard {
    c.send(req::CustomerShow::of(id)).expect("customer card")
}

/// One client's work until the daemon disappears under it.
pub fn work(
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
                request: Request::CaseAdd(req::CaseAdd {
                    draft: CaseDraft {
                        customer: Some(customer),
                        kind: CaseKind::Repair,
                        severity: Severity::L2,
                        description: token,
                        promised_at: Some(super::FAR_PROMISE.parse().expect("a time")),
                        ..CaseDraft::default()
                    },
                }),
            }
        } else if roll < 7 && !fresh.is_empty() {
            let t = fresh.swap_remove(rng.usize(..fresh.len()));
            Sent {
                op: Op::Dispatch,
                target: t.to_string(),
                id: new_request_id(),
                request: Request::CaseStep(req::CaseStep {
                    ticket: t,
                    base_version: None,
                    step: CaseStep::Dispatch(DispatchTarget::Department("工程部".into())),
                }),
            }
        } else if roll < 9 && !dispatched.is_empty() {
            let t = dispatched.swap_remove(rng.usize(..dispatched.len()));
            Sent {
                op: Op::Resolve,
                target: t.to_string(),
                id: new_request_id(),
                request: Request::CaseStep(req::CaseStep {
                    ticket: t,
                    base_version: None,
                    step: CaseStep::Resolve(super::fixed("修好了")),
                }),
            }
        } else if !resolved.is_empty() {
            let t = resolved.swap_remove(rng.usize(..resolved.len()));
            // The callback id of that ticket, from the card.
            let Ok(cd) = c.send(req::CustomerShow::of(customer)) else {
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
                request: Request::CallbackRecord(req::CallbackRecord {
                    id: cb,
                    outcome: Outcome::Satisfied,
                    onsite: false,
                    signed: false,
                    note: String::new(),
                }),
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
            // The disk went away under the commit (a power cut seen before the kill): not
            // acknowledged, so its outcome is unknown until retried, like a lost reply.
            Err(ClientError::Desk(frontdesk::domain::DeskError::StorageUnavailable(_))) => {
                log.in_flight = Some(sent);
                break;
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
pub struct Tally {
    pub acked: u64,
    pub retried: u64,
    pub missing: u64,
    pub duplicated: u64,
    pub half_applied: u64,
}

/// Checks one round's customer against what was acknowledged and retried.
pub fn verify(
    c: &mut Client,
    customer: CustomerId,
    acked: &[Sent],
    retried: &[Sent],
    t: &mut Tally,
) {
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

/// One round's resident: every round's work is about its own customer.
pub fn round_customer(socket: &Path, round: u64) -> CustomerId {
    let new = frontdesk::domain::NewCustomer {
        name: format!("轮次{round}"),
        phones: vec![format!("1380000{round:04}")],
        units: vec!["3-2-1102".into()],
        tier: frontdesk::domain::Tier::General,
        notes: String::new(),
    };
    connect(socket)
        .send(req::CustomerAdd { customer: new })
        .unwrap()
        .id
}

/// The round's clients at work until `stop`.
pub struct Workers {
    stop: std::sync::Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<WorkerLog>>,
}

impl Workers {
    pub fn start(
        socket: &Path,
        customer: CustomerId,
        round: u64,
        rng: &mut fastrand::Rng,
    ) -> Workers {
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let threads = (0..WORKERS)
            .map(|w| {
                let (socket, stop) = (socket.to_path_buf(), stop.clone());
                let seed = rng.u64(..);
                std::thread::spawn(move || {
                    work(&socket, customer, format!("r{round}w{w}"), seed, &stop)
                })
            })
            .collect();
        Workers { stop, threads }
    }

    /// After the daemon died under them: what each acknowledged, and what was in flight.
    pub fn finish(self) -> Vec<WorkerLog> {
        self.stop.store(true, Ordering::Relaxed);
        self.threads
            .into_iter()
            .map(|w| w.join().unwrap())
            .collect()
    }
}

/// What one round acknowledged and retried, for the final check over every round.
pub struct Round {
    pub customer: CustomerId,
    pub acked: Vec<Sent>,
    pub retried: Vec<Sent>,
}

/// After the restart: each request cut off mid-flight is sent again under its request id
/// (applied now, or answered from the record of the first try, never both), then the
/// round is checked.
pub fn retry_and_verify(
    c: &mut Client,
    customer: CustomerId,
    logs: Vec<WorkerLog>,
    t: &mut Tally,
) -> Round {
    let mut acked = Vec::new();
    let mut retried = Vec::new();
    for log in logs {
        acked.extend(log.acked);
        if let Some(sent) = log.in_flight {
            match c.call_with_id(sent.id, sent.request.clone()) {
                Ok(_) => retried.push(sent),
                Err(e) => panic!("retry of {:?} {} failed: {e}", sent.op, sent.target),
            }
        }
    }
    t.acked += acked.len() as u64;
    t.retried += retried.len() as u64;
    verify(c, customer, &acked, &retried, t);
    Round {
        customer,
        acked,
        retried,
    }
}

/// Every earlier round, still whole after every later crash.
pub fn verify_history(c: &mut Client, history: &[Round]) -> Tally {
    let mut last = Tally::default();
    for r in history {
        verify(c, r.customer, &r.acked, &r.retried, &mut last);
    }
    last
}
