//! The case, callback and visit subcommands that ask the daemon: each becomes one typed
//! call (a case step, a queue, a visit), its reply printed.

use anyhow::bail;
use chrono::Duration;

use super::args::{CallbackCmd, CaseCmd, Due, TicketArg, VisitCmd};
use super::print::{show, Printer};
use super::{end_of_today, Env};
use crate::client::{Calls, Client};
use crate::domain::case::CaseDraft;
use crate::domain::local_time::{parse_time, parse_time_on};
use crate::domain::{DeskError, Field};
use crate::protocol::{req, CaseFilter, CaseStep, DispatchTarget, NewVisit};

pub(super) fn case(env: &Env, c: &mut Client, cmd: CaseCmd, offset: i32) -> anyhow::Result<()> {
    match cmd {
        CaseCmd::Add {
            customer,
            kind,
            channel,
            category,
            severity,
            text,
            subject,
            promise,
            unit,
        } => {
            let case = c.send(req::CaseAdd {
                draft: CaseDraft {
                    unit,
                    customer: Some(customer),
                    kind,
                    channel,
                    category: category.unwrap_or_default(),
                    severity,
                    description: text,
                    subject,
                    // As on the screen, a bare `HH:MM` is that time today (local).
                    promised_at: promise
                        .map(|p| {
                            let today = (chrono::Utc::now()
                                + chrono::Duration::minutes(offset.into()))
                            .date_naive();
                            parse_time_on(Field::Promise, &p, offset, Some(today))
                        })
                        .transpose()?,
                },
            })?;
            if env.json {
                return show(case, env, c, Printer::case);
            }
            // Scripts read the ticket from stdout; it is printed only now, after the daemon
            // acknowledged the write as durable.
            p!("{}", case.ticket);
            Ok(())
        }
        CaseCmd::List {
            view,
            filter,
            after,
            mine,
            open,
            overdue,
            customer,
            limit,
        } => show(
            c.send(req::CaseList {
                filter: CaseFilter {
                    view,
                    query: filter.unwrap_or_default(),
                    after,
                    mine,
                    open_only: open,
                    overdue_only: overdue,
                    customer,
                    limit,
                },
            })?,
            env,
            c,
            Printer::cases,
        ),
        CaseCmd::Show { ticket, reason } => show(
            c.send(req::CaseShow {
                ticket: ticket.clone(),
                reason: reason.as_deref().map(String::from),
            })?,
            env,
            c,
            Printer::case,
        ),
        other => match step_of(other, offset)? {
            Some((t, step)) => show(
                c.send(req::CaseStep {
                    ticket: t.ticket.clone(),
                    base_version: t.base_version,
                    step,
                })?,
                env,
                c,
                Printer::case,
            ),
            None => bail!("this case command is not a step"),
        },
    }
}

/// The case step a step command asks for (`None`: not a step command).
fn step_of(cmd: CaseCmd, offset: i32) -> anyhow::Result<Option<(TicketArg, CaseStep)>> {
    Ok(match cmd {
        CaseCmd::Subject { t, staff } => Some((t, CaseStep::NameSubject(staff))),
        CaseCmd::Dispatch {
            t,
            to_staff,
            to_dept,
        } => {
            let target = match (to_staff, to_dept) {
                (Some(s), _) => DispatchTarget::Staff(s),
                (None, Some(d)) => DispatchTarget::Department(d),
                (None, None) => {
                    bail!("to: name a colleague (--to-staff) or a department (--to-dept)")
                }
            };
            Some((t, CaseStep::Dispatch(target)))
        }
        CaseCmd::Start { t } => Some((t, CaseStep::Start)),
        CaseCmd::Note { t, text } => Some((t, CaseStep::Note(text))),
        CaseCmd::Investigate { t, finding } => Some((t, CaseStep::Investigate(finding))),
        CaseCmd::Assist { t } => Some((t, CaseStep::Assist)),
        CaseCmd::Reply { t, text } => Some((t, CaseStep::Reply(text))),
        CaseCmd::Promise {
            t,
            at,
            reason,
            agreed,
        } => {
            let at = parse_time(Field::At, &at, offset)?;
            Some((t, CaseStep::Promise { at, reason, agreed }))
        }
        CaseCmd::Escalate { t, to, reason } => Some((t, CaseStep::Escalate { to, reason })),
        CaseCmd::Resolve { t, resolution } => Some((t, CaseStep::Resolve(resolution.into()))),
        CaseCmd::Reassign { t, to, reason } => Some((t, CaseStep::Reassign { to, reason })),
        CaseCmd::Close { t } => Some((t, CaseStep::Close)),
        CaseCmd::Take { t } => Some((t, CaseStep::Take)),
        _ => None,
    })
}

pub(super) fn callback(
    env: &Env,
    c: &mut Client,
    cmd: CallbackCmd,
    offset: i32,
) -> anyhow::Result<()> {
    match cmd {
        CallbackCmd::List { due } => {
            let (overdue_only, until) = match due {
                Due::All => (false, None),
                Due::Overdue => (true, None),
                Due::Today => (false, Some(end_of_today(offset))),
            };
            show(
                c.send(req::CallbackList {
                    overdue_only,
                    until,
                })?,
                env,
                c,
                Printer::callbacks,
            )
        }
        CallbackCmd::Plan { until } => {
            let until = match until {
                Some(d) => parse_time(Field::Until, &format!("{d} 23:59:59"), offset)?,
                None => end_of_today(offset),
            };
            show(
                c.send(req::CallbackPlan { until })?,
                env,
                c,
                Printer::planned,
            )
        }
        CallbackCmd::Record {
            id,
            outcome,
            onsite,
            signed,
            note,
        } => show(
            c.send(req::CallbackRecord {
                id,
                outcome,
                onsite,
                signed,
                note: note.to_string(),
            })?,
            env,
            c,
            Printer::callback,
        ),
    }
}

pub(super) fn visit(env: &Env, c: &mut Client, cmd: VisitCmd, offset: i32) -> anyhow::Result<()> {
    match cmd {
        VisitCmd::Add {
            customer,
            staff,
            kind,
            at,
            minutes,
            ticket,
            unit,
            purpose,
        } => {
            let start = parse_time(Field::At, &at, offset)?;
            check_minutes(minutes)?;
            show(
                c.send(req::VisitAdd {
                    visit: NewVisit {
                        customer,
                        staff,
                        kind,
                        start,
                        end: start + Duration::minutes(minutes),
                        ticket,
                        unit,
                        purpose,
                    },
                })?,
                env,
                c,
                Printer::visit,
            )
        }
        VisitCmd::List { day, staff } => {
            let from = match day {
                Some(d) => parse_time(Field::Day, &format!("{d} 00:00"), offset)?,
                None => end_of_today(offset) - Duration::days(1),
            };
            show(
                c.send(req::VisitList {
                    from,
                    to: from + Duration::days(1),
                    staff: staff.as_deref().map(String::from),
                })?,
                env,
                c,
                Printer::visits,
            )
        }
        VisitCmd::Done { id, report } => show(
            c.send(req::VisitDone {
                id,
                report: report.to_string(),
            })?,
            env,
            c,
            Printer::visit,
        ),
        VisitCmd::Cancel { id, reason } => show(
            c.send(req::VisitCancel {
                id,
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::visit,
        ),
        VisitCmd::Move {
            id,
            at,
            minutes,
            reason,
        } => {
            let start = parse_time(Field::At, &at, offset)?;
            let end = match minutes {
                Some(m) => Some(start + Duration::minutes(check_minutes(m)?)),
                None => None,
            };
            show(
                c.send(req::VisitMove {
                    id,
                    start,
                    end,
                    reason: reason.to_string(),
                })?,
                env,
                c,
                Printer::visit,
            )
        }
    }
}

/// A visit's length in minutes: 1 to a day.
fn check_minutes(minutes: i64) -> anyhow::Result<i64> {
    if !(1..=24 * 60).contains(&minutes) {
        return Err(DeskError::invalid(
            Field::Minutes,
            crate::domain::refusal::InputRefusal::NumberRange { min: 1, max: 1440 },
        )
        .into());
    }
    Ok(minutes)
}
