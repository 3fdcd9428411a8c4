//! The subcommands that ask the daemon: each parsed command becomes one typed call on the
//! client (`Calls`), whose typed reply goes to the printer. Text was parsed by clap; times
//! are read here in the desk's time zone, which the daemon announced in its welcome.

use crate::protocol::req;
use anyhow::{bail, Context};
use chrono::Duration;

use super::args::{
    CallbackCmd, CaseCmd, Command, CustomerCmd, Due, StaffCmd, TicketArg, UnitCmd, VisitCmd,
};
use super::print::Printer;
use super::{end_of_today, Env};
use crate::client::{Calls, Client};
use crate::domain::case::{CaseDraft, Resolution};
use crate::domain::local_time::parse_time;
use crate::domain::{CustomerEdit, DeskError, Field, MoveIn, NewCustomer};
use crate::protocol::{CaseFilter, CaseStep, DispatchTarget, NewVisit};

/// Prints `value` with `print`. The printer (which asks the daemon for staff names) is made
/// only once there is something to print, so a script's `case add` costs one round trip.
fn show<T: ?Sized>(
    value: impl std::borrow::Borrow<T>,
    env: &Env,
    c: &mut Client,
    print: fn(&Printer, &T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    print(&Printer::new(env, c), value.borrow())
}

/// Runs one daemon command and prints its answer.
pub fn run(env: &Env, c: &mut Client, command: Command) -> anyhow::Result<()> {
    let offset = c.welcome.utc_offset_minutes;
    match command {
        Command::Init { name } => show(
            c.send(req::Init {
                name: name.unwrap_or_default().to_string(),
            })?,
            env,
            c,
            Printer::staff,
        ),
        Command::Staff(StaffCmd::Add {
            user,
            name,
            role,
            dept,
            uid,
        }) => show(
            c.send(req::StaffAdd {
                username: user.to_string(),
                name: name.to_string(),
                role,
                dept: dept.to_string(),
                uid,
            })?,
            env,
            c,
            Printer::staff,
        ),
        Command::Staff(StaffCmd::List) => {
            show(c.send(req::StaffList {})?, env, c, Printer::staff_list)
        }
        Command::Staff(StaffCmd::Deactivate { user, reason }) => show(
            c.send(req::StaffDeactivate {
                username: user.to_string(),
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::staff,
        ),
        Command::Staff(StaffCmd::Reactivate { user, reason }) => show(
            c.send(req::StaffReactivate {
                username: user.to_string(),
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::staff,
        ),
        Command::Staff(StaffCmd::Set {
            user,
            role,
            dept,
            name,
            reason,
        }) => show(
            c.send(req::StaffSet {
                username: user.to_string(),
                role,
                dept: dept.as_deref().map(String::from),
                name: name.as_deref().map(String::from),
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::staff,
        ),
        Command::Staff(StaffCmd::Handover { leaver, to, reason }) => show(
            c.send(req::StaffHandover {
                leaver: leaver.to_string(),
                successor: to.to_string(),
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::handover,
        ),
        Command::Demo {
            customers,
            seed,
            history_days,
        } => show(
            c.send(req::Demo {
                customers,
                seed,
                history_days,
            })?,
            env,
            c,
            Printer::imported,
        ),
        Command::Customer(CustomerCmd::Add {
            name,
            phone,
            unit,
            tier,
            notes,
        }) => show(
            c.send(req::CustomerAdd {
                customer: NewCustomer {
                    name,
                    phones: phone,
                    units: unit,
                    tier,
                    notes,
                },
            })?,
            env,
            c,
            Printer::customer,
        ),
        Command::Customer(CustomerCmd::Find { query, limit }) => show(
            c.send(req::CustomerFind {
                query: (query.join(" ")).to_string(),
                limit,
            })?,
            env,
            c,
            Printer::matches,
        ),
        Command::Customer(CustomerCmd::Edit {
            id,
            name,
            add_phone,
            remove_phone,
            unit,
            notes,
            tier,
            reason,
        }) => {
            // The edit is checked against the version read here: a colleague's edit in
            // between is a conflict naming the current version, not a silent overwrite.
            let seen = c.send(req::CustomerShow {
                id,
                reason: Some((format!("edit: {reason}")).to_string()),
            })?;
            let edit = CustomerEdit {
                name,
                add_phones: add_phone,
                remove_phones: remove_phone,
                units: (!unit.is_empty()).then_some(unit),
                notes,
                tier,
                reason,
            };
            show(
                c.send(req::CustomerEdit {
                    id,
                    base_version: Some(seen.customer.version),
                    edit,
                })?,
                env,
                c,
                Printer::customer,
            )
        }
        Command::Customer(CustomerCmd::Merge { keep, drop, reason }) => show(
            c.send(req::CustomerMerge {
                keep,
                drop,
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::customer,
        ),
        Command::Customer(CustomerCmd::Verify { id }) => {
            let v = c.send(req::CustomerVerify { id })?;
            p!("{} verified {}", v.customer, v.at.format("%Y-%m-%d"));
            Ok(())
        }
        Command::Customer(CustomerCmd::ToVerify { building, limit }) => show(
            c.send(req::ToVerify { building, limit })?,
            env,
            c,
            Printer::to_verify,
        ),
        Command::Customer(CustomerCmd::Duplicates { limit }) => show(
            c.send(req::CustomerDuplicates { limit })?,
            env,
            c,
            Printer::duplicates,
        ),
        Command::Customer(CustomerCmd::Show { id, reason }) => show(
            c.send(req::CustomerShow {
                id,
                reason: reason.as_deref().map(String::from),
            })?,
            env,
            c,
            Printer::card,
        ),
        Command::Case(cmd) => case(env, c, cmd, offset),
        Command::Unit(cmd) => unit(env, c, cmd, offset),
        Command::Callback(CallbackCmd::List { due }) => {
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
        Command::Callback(CallbackCmd::Plan { until }) => {
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
        Command::Callback(CallbackCmd::Record {
            id,
            outcome,
            onsite,
            signed,
            note,
        }) => show(
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
        Command::Visit(VisitCmd::Add {
            customer,
            staff,
            kind,
            at,
            minutes,
            ticket,
            unit,
            purpose,
        }) => {
            let start = parse_time(Field::At, &at, offset)?;
            if !(1..=24 * 60).contains(&minutes) {
                return Err(DeskError::invalid(
                    Field::Minutes,
                    "give a length from 1 to 1440 minutes",
                )
                .into());
            }
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
        Command::Visit(VisitCmd::List { day, staff }) => {
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
        Command::Visit(VisitCmd::Done { id, report }) => show(
            c.send(req::VisitDone {
                id,
                report: report.to_string(),
            })?,
            env,
            c,
            Printer::visit,
        ),
        Command::Export { dir } => {
            let dir = std::path::absolute(&dir).context("resolving the export dir")?;
            show(
                c.send(req::Export {
                    dir: dir.display().to_string(),
                })?,
                env,
                c,
                Printer::exported,
            )
        }
        Command::Backup { to, keep } => {
            let to = match to {
                Some(d) => Some(
                    std::path::absolute(&d)
                        .context("resolving the backup dir")?
                        .display()
                        .to_string(),
                ),
                None => None,
            };
            show(c.send(req::Backup { to, keep })?, env, c, Printer::exported)
        }
        Command::Status => {
            let stats = c.send(req::Stats {})?;
            let admin = c
                .welcome
                .me
                .as_ref()
                .is_some_and(|m| m.role == crate::domain::Role::Admin);
            let database = if admin {
                c.send(req::DatabaseStatus {})?
            } else {
                None
            };
            show(
                crate::cli::print::Status { stats, database },
                env,
                c,
                Printer::status,
            )
        }
        Command::Digest { since } => {
            let since = since.unwrap_or_else(|| {
                crate::client::screen_state::load(
                    &crate::client::screen_state::state_file(),
                    &env.socket,
                )
                .seen_seq
            });
            show(
                c.send(req::Digest {
                    changes_after: since,
                })?,
                env,
                c,
                Printer::digest,
            )
        }
        Command::Report {
            kind,
            period,
            format,
            out,
            estates,
        } => super::reports::report(
            env,
            c,
            super::reports::Asked {
                kind,
                period: period.as_deref(),
                format,
                estates: estates.as_deref(),
            },
            out,
        ),
        Command::Survey(cmd) => super::reports::survey(env, c, cmd),
        Command::Release(cmd) => super::paperwork::release(env, c, cmd),
        Command::Permit(cmd) => super::permits::permit(env, c, cmd),
        Command::Fees(cmd) => super::permits::fees(env, c, cmd),
        Command::Visitor(cmd) => super::paperwork::visitor(env, c, cmd),
        Command::Loan(cmd) => super::paperwork::loan(env, c, cmd),
        Command::Calendar { year } => super::reports::calendar(env, c, year),
        Command::Audit {
            reads: true,
            limit,
            staff,
            customer,
            since,
            ..
        } => {
            let since = since
                .map(|d| parse_time(Field::Since, &format!("{d} 00:00"), offset))
                .transpose()?;
            show(
                c.send(req::AccessLog {
                    staff: staff.as_deref().map(String::from),
                    customer,
                    since,
                    limit,
                })?,
                env,
                c,
                Printer::accesses,
            )
        }
        Command::Audit { after, limit, .. } => show(
            c.send(req::Changes {
                after_seq: after,
                limit,
            })?,
            env,
            c,
            Printer::changes,
        ),
        Command::Serve { .. }
        | Command::Estate(_)
        | Command::Restore { .. }
        | Command::Screenshots { .. }
        | Command::Import { .. }
        | Command::Watch { .. } => bail!("this command runs without the daemon; see --help"),
    }
}

fn case(env: &Env, c: &mut Client, cmd: CaseCmd, offset: i32) -> anyhow::Result<()> {
    let mut step = |t: TicketArg, step: CaseStep| -> anyhow::Result<()> {
        show(
            c.send(req::CaseStep {
                ticket: t.ticket.clone(),
                base_version: t.base_version,
                step,
            })?,
            env,
            c,
            Printer::case,
        )
    };
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
                    promised_at: promise
                        .map(|p| parse_time(Field::Promise, &p, offset))
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
        CaseCmd::Subject { t, staff } => step(t, CaseStep::NameSubject(staff)),
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
            step(t, CaseStep::Dispatch(target))
        }
        CaseCmd::Start { t } => step(t, CaseStep::Start),
        CaseCmd::Note { t, text } => step(t, CaseStep::Note(text)),
        CaseCmd::Assist { t } => step(t, CaseStep::Assist),
        CaseCmd::Reply { t, text } => step(t, CaseStep::Reply(text)),
        CaseCmd::Promise { t, at, reason } => {
            let at = parse_time(Field::At, &at, offset)?;
            step(t, CaseStep::Promise { at, reason })
        }
        CaseCmd::Escalate { t, to, reason } => step(t, CaseStep::Escalate { to, reason }),
        CaseCmd::Resolve {
            t,
            summary,
            cause,
            action,
        } => step(
            t,
            CaseStep::Resolve(Resolution {
                summary,
                cause,
                action,
            }),
        ),
        CaseCmd::Reassign { t, to, reason } => step(t, CaseStep::Reassign { to, reason }),
        CaseCmd::Close { t } => step(t, CaseStep::Close),
        CaseCmd::Take { t } => step(t, CaseStep::Take),
    }
}

/// `unit …`: a move or a paper is written, then the unit's view is printed as it now is.
fn unit(env: &Env, c: &mut Client, cmd: UnitCmd, offset: i32) -> anyhow::Result<()> {
    let today = super::desk_today(offset);
    let unit = match cmd {
        UnitCmd::Show { unit, reason } => {
            return show(
                c.send(req::UnitShow {
                    unit,
                    reason: reason.as_deref().map(String::from),
                })?,
                env,
                c,
                Printer::unit,
            )
        }
        UnitCmd::MoveIn {
            unit,
            customer,
            role,
            owner,
            date,
            card,
        } => {
            c.send(req::UnitMoveIn {
                unit,
                move_in: MoveIn {
                    customer,
                    role,
                    date: date.unwrap_or(today),
                    residence_card: card,
                    owner,
                },
            })?;
            unit
        }
        UnitCmd::MoveOut {
            unit,
            customer,
            date,
            reason,
        } => {
            c.send(req::UnitMoveOut {
                unit,
                customer,
                date: date.unwrap_or(today),
                reason: reason.to_string(),
            })?;
            unit
        }
        UnitCmd::Document { unit, kind, date } => {
            c.send(req::UnitDocument {
                unit,
                kind,
                date: date.unwrap_or(today),
            })?;
            unit
        }
    };
    show(
        c.send(req::UnitShow {
            unit,
            reason: Some("after recording a change".into()),
        })?,
        env,
        c,
        Printer::unit,
    )
}
