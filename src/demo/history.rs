//! Demo history (`demo --history-days N`, and the screen's `--demo`): a few cases a day over
//! the past N days, each carried through by the domain's own steps — dispatched, started or
//! answered, resolved, called back (mostly satisfied; some reopened and resolved again) — so
//! a new desk's Reports pane has months to compare. Some clocks are missed on purpose.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration};

use super::DemoDesk;
use crate::domain::callback::{CallResult, Outcome};
use crate::domain::case::{CaseDraft, NewCase, Resolution};
use crate::domain::{
    Callback, CallbackId, Case, CaseKey, CaseKind, CaseStatus, Channel, Customer, DeskError,
    Handler, Severity, Staff, Ticket, Time,
};
use crate::store::{Counter, WriteSet};

const PROBLEMS: [(CaseKind, &str, Severity); 8] = [
    (CaseKind::Repair, "water-power", Severity::L2),
    (CaseKind::Complaint, "noise", Severity::L2),
    (CaseKind::Inquiry, "fees", Severity::L3),
    (CaseKind::Repair, "lift", Severity::L1),
    (CaseKind::Complaint, "cleaning", Severity::L3),
    (CaseKind::Suggestion, "greening", Severity::L3),
    (CaseKind::Complaint, "parking", Severity::L2),
    (CaseKind::Help, "access", Severity::L2),
];

/// Where the demo's counters stand: the next case key, and each month's last ticket number.
pub struct Counters {
    pub key_seq: u64,
    pub months: BTreeMap<(i32, u32), u32>,
}

impl Counters {
    fn ticket(&mut self, at: chrono::DateTime<chrono::FixedOffset>) -> (u64, Ticket) {
        self.key_seq += 1;
        let n = self.months.entry((at.year(), at.month())).or_default();
        *n += 1;
        (self.key_seq, Ticket::new(at.year(), at.month(), *n))
    }
}

/// Whose history, how long, and the seed that makes it the same every time.
pub(super) struct History<'a> {
    /// The operator, a clerk colleague, a supervisor and an engineer, in that order.
    pub staff: &'a [Staff],
    pub customers: &'a [Customer],
    pub days: u32,
    pub seed: u64,
}

/// Adds `days` of carried-through cases for `customers` to `ws`.
pub(super) fn history(
    d: &DemoDesk<'_>,
    ws: &mut WriteSet,
    plan: History<'_>,
    counters: &mut Counters,
) -> Result<(), DeskError> {
    let History {
        staff,
        customers,
        days,
        seed,
    } = plan;
    if customers.is_empty() {
        return Ok(());
    }
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x4157_0121);
    let policy = d.policy;
    let rules = policy.step_rules();
    let mut who = customers.iter().cycle();
    // Oldest first, ending three days ago (the recent demo cases cover the last three).
    for day in (3..days as i64).rev() {
        for _ in 0..rng.usize(2..7) {
            let c = who.next().expect("cycle of a non-empty list");
            let (kind, category, severity) = PROBLEMS[rng.usize(..PROBLEMS.len())];
            let at = d.now - Duration::days(day) + Duration::minutes(rng.i64(-300..300));
            let receiver = &staff[rng.usize(..2)];
            let worker = &staff[3];
            let draft = CaseDraft {
                customer: Some(c.id),
                kind,
                channel: [Channel::Counter, Channel::Phone, Channel::Phone][rng.usize(..3)],
                category: category.into(),
                severity,
                description: format!("{}（演示历史）", policy.categories.label(category, true)),
                subject: None,
                promised_at: super::promise(policy, kind, severity, at),
                unit: None,
            };
            let (seq, ticket) = counters.ticket(policy.local(at));
            let key = CaseKey {
                customer: c.id,
                seq,
            };
            let new = NewCase {
                key,
                ticket,
                draft: &draft,
                subject: None,
            };
            let mut case = Case::register(new, receiver, policy, at)?;
            // Mostly on time; one in six late on each clock.
            let late = |rng: &mut fastrand::Rng, on: i64, off: i64| {
                Duration::minutes(if rng.u8(..6) == 0 { off } else { on })
            };
            let mut t = at + late(&mut rng, 2, 12);
            if case.dispatch_clock_runs() {
                case.dispatch(receiver, Handler::Staff(worker.uid), t)?;
                t += late(&mut rng, 40, 400);
                case.start(worker, t)?;
            } else {
                t += late(&mut rng, 60, 1800);
                case.reply(receiver, "已答复住户", rules, t)?;
            }
            // R-INT-17: a complaint is looked into the day it came in, one in six too late.
            if case.deadlines.investigate.is_some() {
                t += Duration::minutes(if case.key.seq % 6 == 0 { 1500 } else { 45 });
                case.investigate(receiver, "现场核实：情况属实，已安排处理", t)?;
            }
            let fix = Resolution::new("已处理完毕", "设备老化", "更换部件并加入月度巡检");
            t += Duration::hours(rng.i64(1..30));
            // R-LIFE-02: the resident hears the outcome before it is resolved.
            if !case.replied_since_opened() {
                case.reply(receiver, "已将处理结果告知住户", rules, t)?;
            }
            case.resolve(receiver, &fix, t)?;
            if matches!(kind, CaseKind::Complaint | CaseKind::Repair) {
                let reopened = callback(d, ws, &mut case, receiver, &mut rng, t)?;
                if reopened {
                    t += Duration::hours(rng.i64(4..48));
                    case.reply(receiver, "已再次处理并告知住户", rules, t)?;
                    case.resolve(receiver, &fix, t)?;
                    callback(d, ws, &mut case, receiver, &mut rng, t)?;
                }
            }
            // The owner closes what is done, so history stays out of the open work.
            let done = case.status == CaseStatus::CallbackDone
                || (case.status == CaseStatus::Resolved && case.callback.is_none());
            let last = case.timeline.last().map_or(t, |e| e.at) + Duration::hours(1);
            if done && last < d.now {
                case.close(receiver, last)?;
            }
            if let Some(unit) = c.units.first() {
                ws.case_units.push((*unit, case.key));
            }
            ws.cases.push(case);
        }
    }
    Ok(())
}

/// A callback for `case` resolved at `at`, answered a few hours later; whether the
/// resident was unsatisfied (and the case reopened).
fn callback(
    d: &DemoDesk<'_>,
    ws: &mut WriteSet,
    case: &mut Case,
    by: &Staff,
    rng: &mut fastrand::Rng,
    at: Time,
) -> Result<bool, DeskError> {
    let now = d.now;
    let id = CallbackId((d.numbers)(ws, Counter::Callback)?);
    let mut cb = Callback::for_case(id, case.key, case.ticket.clone(), false, d.policy, at);
    case.attach_callback(id, by.uid, at);
    let when = at + Duration::hours(rng.i64(2..30));
    let unsatisfied = rng.u8(..8) == 0;
    let onsite = rng.u8(..3) == 0;
    let call = CallResult {
        outcome: if unsatisfied {
            Outcome::Unsatisfied
        } else {
            Outcome::Satisfied
        },
        onsite,
        signed: onsite,
        note: if unsatisfied {
            "住户反映问题仍在".into()
        } else {
            String::new()
        },
    };
    // Only callbacks already due by now are answered; the rest wait in the queue.
    if when < now {
        if let Some(settled) = cb.record(by.uid, &call, d.policy, when)? {
            case.apply_callback(by.uid, settled, when);
        }
    }
    ws.callbacks.push((None, cb));
    Ok(unsatisfied && case.status == CaseStatus::Reopened)
}
