//! `frontdesk report`, `survey` and `calendar`: the supervisor's figures, the satisfaction
//! survey rounds and the working-day calendar, each one call to the daemon and its printing.

use crate::protocol::req;
use std::path::PathBuf;

use anyhow::Context;

use super::args::SurveyCmd;
use super::print::Printer;
use super::Env;
use crate::client::{Calls, Client};
use crate::domain::report::group::{EstateReport, GroupReport};
use crate::domain::report::{render, Format, Period, PeriodKind};
use crate::domain::survey::RoundMonth;

/// What `frontdesk report` was asked for.
pub struct Asked<'a> {
    pub kind: PeriodKind,
    pub period: Option<&'a str>,
    pub format: Option<Format>,
    /// The group's report over these estates (`all`, or codes) on the hotline's daemon.
    pub estates: Option<&'a str>,
}

/// A report in the asked format, to standard output or `out`.
pub fn report(
    env: &Env,
    c: &mut Client,
    asked: Asked<'_>,
    out: Option<PathBuf>,
) -> anyhow::Result<()> {
    let period = Period::parse(
        asked.kind,
        asked.period,
        super::desk_today(c.welcome.utc_offset_minutes),
    )?;
    let format = asked
        .format
        .unwrap_or(if env.json { Format::Json } else { Format::Text });
    let text = match asked.estates {
        None => render::render(&c.send(req::Report { period })?, format),
        Some(which) => group_report(c, which, period)?.render(format),
    };
    match out {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("frontdesk: wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// Each estate's report from its desk on the hotline's daemon (the estate's own rights
/// apply: a supervisor of each), then their total.
fn group_report(c: &mut Client, which: &str, period: Period) -> anyhow::Result<GroupReport> {
    let asked = super::estates::named(c, which)?;
    let parts = super::estates::at_each(c, &asked, |c, _| Ok(c.send(req::Report { period })?))?
        .into_iter()
        .map(|(estate, report)| EstateReport { estate, report })
        .collect();
    Ok(GroupReport::new(parts))
}

/// One survey request; every one answers with the round's status.
pub fn survey(env: &Env, c: &mut Client, cmd: SurveyCmd) -> anyhow::Result<()> {
    let (status, report) = match cmd {
        SurveyCmd::Open {
            month,
            off_cycle,
            issue_on,
        } => {
            let month = month
                .unwrap_or_else(|| RoundMonth::of(super::desk_today(c.welcome.utc_offset_minutes)));
            let open = c.send(req::SurveyOpen {
                month,
                off_cycle,
                issue_on,
            })?;
            (open, false)
        }
        SurveyCmd::Issue {
            units,
            all_occupied,
            round,
        } => {
            let issue = c.send(req::SurveyIssue {
                round,
                units,
                all_occupied,
            })?;
            (issue, false)
        }
        SurveyCmd::Record {
            unit,
            scores,
            comment,
            round,
        } => {
            let record = c.send(req::SurveyRecord {
                round,
                unit,
                scores,
                comment,
            })?;
            (record, false)
        }
        SurveyCmd::Close { round } => (c.send(req::SurveyClose { round })?, false),
        SurveyCmd::Status { round } => (c.send(req::SurveyStatus { round })?, false),
        SurveyCmd::Report { round } => (c.send(req::SurveyStatus { round })?, true),
    };
    let printer = Printer::new(env, c);
    if report {
        printer.survey_report(&status)
    } else {
        printer.survey(&status)
    }
}

/// A calendar year; a year calendar.toml does not list is said on stderr.
pub fn calendar(env: &Env, c: &mut Client, year: i32) -> anyhow::Result<()> {
    let (y, listed) = c.send(req::Calendar { year })?;
    if !listed {
        eprintln!(
            "frontdesk: calendar.toml has no [{year}] schedule; {year} counts Monday to Friday less the fixed-date statutory holidays (1 Jan, 1–2 May, 1–3 Oct). Add the State Council's notice for {year} to calendar.toml in the data dir."
        );
    }
    if env.json {
        println!("{}", serde_json::to_string(&y)?);
        return Ok(());
    }
    let list = |v: &[chrono::NaiveDate]| {
        v.iter()
            .map(|d| d.format("%m-%d %a").to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("{}: {} working days", y.year, y.working_days);
    println!("Holidays ({}): {}", y.holidays.len(), list(&y.holidays));
    println!(
        "Weekend working days, 调休上班 ({}): {}",
        y.workdays.len(),
        list(&y.workdays)
    );
    Ok(())
}
