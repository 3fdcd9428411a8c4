//! The demo's cases (`frontdesk demo`, the screen's `--demo`): a handful in every state
//! over the first residents, then, with `history_days`, months of carried-through history
//! (`history.rs`). Built with the domain's own steps into the demo load's one write set.

use chrono::{Datelike, Duration};

use super::history::{history, Counters, History};
use super::DemoDesk;
use crate::domain::case::{CaseDraft, NewCase};
use crate::domain::{
    Case, CaseKey, CaseKind, Channel, Customer, DeskError, Handler, Severity, Staff, Ticket, Time,
    Visit, VisitId, VisitKind,
};
use crate::store::{Counter, WriteSet};

/// The recent cases' problems, in turn: kind, category (the shipped list's code), severity
/// and what was said.
const PROBLEMS: [(CaseKind, &str, Severity, &str); 8] = [
    (
        CaseKind::Repair,
        "water-power",
        Severity::L1,
        "厨房水管漏水，楼下已经渗水",
    ),
    (
        CaseKind::Complaint,
        "noise",
        Severity::L2,
        "楼上装修噪音，晚上十点后仍在施工",
    ),
    (
        CaseKind::Inquiry,
        "fees",
        Severity::L3,
        "询问物业费缴纳方式和发票",
    ),
    (CaseKind::Repair, "lift", Severity::L1, "3号电梯按钮失灵"),
    (
        CaseKind::Complaint,
        "cleaning",
        Severity::L3,
        "楼道垃圾两天没有清理",
    ),
    (
        CaseKind::Suggestion,
        "greening",
        Severity::L3,
        "建议在南门增加座椅",
    ),
    (
        CaseKind::Complaint,
        "parking",
        Severity::L2,
        "车位被外来车辆占用",
    ),
    (
        CaseKind::Help,
        "access",
        Severity::L2,
        "门禁卡失效，无法进入单元门",
    ),
];

/// A handful of cases in every state, spread over the first residents, and the history;
/// where the case and ticket counters end.
pub fn cases(d: &DemoDesk<'_>, ws: &mut WriteSet) -> Result<Counters, DeskError> {
    let (staff, seed, history_days) = (d.staff, d.seed, d.history_days);
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5eed);
    let customers: Vec<_> = ws.customers.iter().take(24).cloned().collect();
    let mut ticket_seq = 0u32;
    let local = d.policy.local(d.now);
    for (i, c) in customers.iter().enumerate() {
        let (kind, category, severity, text) = PROBLEMS[i % PROBLEMS.len()];
        // The operator and one colleague take turns as first responder.
        let receiver = &staff[i % 2];
        let at = d.now - Duration::minutes(rng.i64(5..(60 * 72)));
        let draft = CaseDraft {
            customer: Some(c.id),
            kind,
            channel: [Channel::Counter, Channel::Phone][i % 2],
            category: category.into(),
            severity,
            description: text.into(),
            subject: None,
            promised_at: super::promise(d.policy, kind, severity, at),
            unit: None,
        };
        ticket_seq += 1;
        let mut case = Case::register(
            NewCase {
                key: CaseKey {
                    customer: c.id,
                    seq: ticket_seq as u64,
                },
                ticket: Ticket::new(local.year(), local.month(), ticket_seq),
                draft: &draft,
                subject: None,
            },
            receiver,
            d.policy,
            at,
        )?;
        let step_at = at + Duration::minutes(2);
        match i % 4 {
            0 => {}
            1 => {
                // To the department the list sends such a case.
                let dept = d
                    .policy
                    .categories
                    .get(category)
                    .map_or("工程部", |c| &c.department);
                case.dispatch(receiver, Handler::Department(dept.into()), step_at)?
            }
            2 => {
                case.dispatch(receiver, Handler::Staff(staff[3].uid), step_at)?;
                case.start(&staff[3], step_at)?;
                // R-INT-17: the colleague on it looked into the complaint within the hour.
                if case.deadlines.investigate.is_some() {
                    let found = "现场核实：情况属实，已安排处理";
                    case.investigate(&staff[3], found, step_at + Duration::minutes(40))?;
                }
            }
            _ => {
                case.dispatch(receiver, Handler::Staff(staff[3].uid), step_at)?;
                case.resolve(
                    receiver,
                    &crate::domain::case::Resolution::new(
                        "已处理完毕，住户确认",
                        "设备老化",
                        "已更换并加入月度巡检",
                    ),
                    step_at + Duration::hours(2),
                )?;
                let id = crate::domain::CallbackId((d.numbers)(ws, Counter::Callback)?);
                let cb = crate::domain::Callback::for_case(
                    id,
                    case.key,
                    case.ticket.clone(),
                    false,
                    d.policy,
                    step_at + Duration::hours(2),
                );
                case.attach_callback(id, receiver.uid, step_at + Duration::hours(2));
                ws.callbacks.push((None, cb));
            }
        }
        if i % 8 == 0 {
            let start = d.now + Duration::hours(20 + (i as i64 % 3) * 2);
            let id = VisitId((d.numbers)(ws, Counter::Visit)?);
            ws.visits
                .push((None, repair_visit(id, c, &case, &staff[3], receiver, start)));
        }
        if let Some(unit) = c.units.first() {
            ws.case_units.push((*unit, case.key));
        }
        ws.cases.push(case);
    }
    let mut counters = Counters {
        key_seq: ticket_seq as u64,
        months: [((local.year(), local.month()), ticket_seq)].into(),
    };
    if history_days > 0 {
        let rest: Vec<_> = ws.customers.iter().skip(24).cloned().collect();
        let plan = History {
            staff,
            customers: &rest,
            days: history_days,
            seed,
        };
        history(d, ws, plan, &mut counters)?;
    }
    Ok(counters)
}

/// The engineer's repair visit for a recent case, booked for tomorrow.
fn repair_visit(
    id: VisitId,
    c: &Customer,
    case: &Case,
    engineer: &Staff,
    by: &Staff,
    start: Time,
) -> Visit {
    Visit {
        id,
        customer: c.id,
        unit: c.units[0],
        staff: engineer.uid,
        kind: VisitKind::Repair,
        start,
        end: start + Duration::hours(1),
        case: Some(case.key),
        callback: None,
        purpose: "上门检修".into(),
        status: crate::domain::VisitStatus::Scheduled,
        report: String::new(),
        created_by: by.uid,
        version: 1,
    }
}
