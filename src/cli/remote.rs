//! The subcommands that ask the daemon: each parsed command becomes one typed call on the
//! client (`Calls`), whose typed reply goes to the printer. Text was parsed by clap; times
//! are read here in the desk's time zone, which the daemon announced in its welcome.

use anyhow::{bail, Context};
use chrono::Duration;

use super::args::{CallbackCmd, CaseCmd, Command, CustomerCmd, Due, StaffCmd, TicketArg, VisitCmd};
use super::print::Printer;
use super::{end_of_today, Env};
use crate::client::{Calls, Client};
use crate::domain::case::CaseDraft;
use crate::domain::local_time::parse_time;
use crate::domain::{DeskError, Field, NewCustomer};
use crate::protocol::{CaseFilter, CaseStep, DispatchTarget, NewVisit};

/// Runs one daemon command and prints its answer.
pub fn run(env: &Env, c: &mut Client, command: Command) -> anyhow::Result<()> {
    let offset = c.welcome.utc_offset_minutes;
    let out = Printer::new(env, c);
    match command {
        Command::Init { name } => out.staff(&c.init(&name.unwrap_or_default())?),
        Command::Staff(StaffCmd::Add {
            user,
            name,
            role,
            dept,
            uid,
        }) => out.staff(&c.staff_add(&user, &name, role, &dept, uid)?),
        Command::Staff(StaffCmd::List) => out.staff_list(&c.staff_list()?),
        Command::Staff(StaffCmd::Deactivate { user, reason }) => {
            out.staff(&c.staff_deactivate(&user, &reason)?)
        }
        Command::Staff(StaffCmd::Reactivate { user, reason }) => {
            out.staff(&c.staff_reactivate(&user, &reason)?)
        }
        Command::Staff(StaffCmd::Set {
            user,
            role,
            dept,
            name,
            reason,
        }) => out.staff(&c.staff_set(&user, role, dept.as_deref(), name.as_deref(), &reason)?),
        Command::Staff(StaffCmd::Handover { leaver, to, reason }) => {
            out.handover(&c.staff_handover(&leaver, &to, &reason)?)
        }
        Command::Demo { customers, seed } => out.imported(c.demo(customers, seed)?),
        Command::Customer(CustomerCmd::Add {
            name,
            phone,
            unit,
            tier,
            notes,
        }) => out.customer(&c.customer_add(NewCustomer {
            name,
            phones: phone,
            units: unit,
            tier,
            notes,
        })?),
        Command::Customer(CustomerCmd::Find { query, limit }) => {
            out.matches(&c.customer_find(&query.join(" "), limit)?)
        }
        Command::Customer(CustomerCmd::Show { id, reason }) => {
            out.card(&c.customer_show_because(id, reason.as_deref())?)
        }
        Command::Case(cmd) => case(env, c, &out, cmd, offset),
        Command::Callback(CallbackCmd::List { due }) => {
            let (overdue_only, until) = match due {
                Due::All => (false, None),
                Due::Overdue => (true, None),
                Due::Today => (false, Some(end_of_today(offset))),
            };
            out.callbacks(&c.callback_list(overdue_only, until)?)
        }
        Command::Callback(CallbackCmd::Plan { until }) => {
            let until = match until {
                Some(d) => parse_time(Field::Until, &format!("{d} 23:59:59"), offset)?,
                None => end_of_today(offset),
            };
            let (created, more) = c.callback_plan(until)?;
            out.planned(created, more)
        }
        Command::Callback(CallbackCmd::Record {
            id,
            outcome,
            onsite,
            signed,
            note,
        }) => out.callback(&c.callback_record(id, outcome, onsite, signed, &note)?),
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
            out.visit(&c.visit_add(NewVisit {
                customer,
                staff,
                kind,
                start,
                end: start + Duration::minutes(minutes),
                ticket,
                unit,
                purpose,
            })?)
        }
        Command::Visit(VisitCmd::List { day, staff }) => {
            let from = match day {
                Some(d) => parse_time(Field::Day, &format!("{d} 00:00"), offset)?,
                None => end_of_today(offset) - Duration::days(1),
            };
            out.visits(&c.visit_list(from, from + Duration::days(1), staff.as_deref())?)
        }
        Command::Visit(VisitCmd::Done { id, report }) => out.visit(&c.visit_done(id, &report)?),
        Command::Export { dir } => {
            let dir = std::path::absolute(&dir).context("resolving the export dir")?;
            out.exported(&c.export(&dir)?)
        }
        Command::Backup => out.exported(&c.backup()?),
        Command::Status => out.stats(&c.stats()?),
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
            out.accesses(&c.access_log(staff.as_deref(), customer, since, limit)?)
        }
        Command::Audit { after, limit, .. } => out.changes(&c.changes(after, limit)?),
        Command::Serve { .. }
        | Command::Restore { .. }
        | Command::Screenshots { .. }
        | Command::Import { .. }
        | Command::Watch { .. } => bail!("this command runs without the daemon; see --help"),
    }
}

fn case(env: &Env, c: &mut Client, out: &Printer, cmd: CaseCmd, offset: i32) -> anyhow::Result<()> {
    let mut step = |t: TicketArg, step: CaseStep| -> anyhow::Result<()> {
        out.case(&c.case_step(&t.ticket, t.base_version, step)?)
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
        } => {
            let case = c.case_add(CaseDraft {
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
            })?;
            if env.json {
                return out.case(&case);
            }
            // Scripts read the ticket from stdout; it is printed only now, after the daemon
            // acknowledged the write as durable.
            p!("{}", case.ticket);
            Ok(())
        }
        CaseCmd::List {
            mine,
            open,
            overdue,
            customer,
            limit,
        } => out.cases(&c.case_list(CaseFilter {
            mine,
            open_only: open,
            overdue_only: overdue,
            customer,
            limit,
        })?),
        CaseCmd::Show { ticket, reason } => {
            out.case(&c.case_show_because(&ticket, reason.as_deref())?)
        }
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
        CaseCmd::Escalate { t, reason } => step(t, CaseStep::Escalate(reason)),
        CaseCmd::Resolve { t, summary } => step(t, CaseStep::Resolve(summary)),
        CaseCmd::Reassign { t, to, reason } => step(t, CaseStep::Reassign { to, reason }),
        CaseCmd::Close { t } => step(t, CaseStep::Close),
        CaseCmd::Take { t } => step(t, CaseStep::Take),
    }
}
