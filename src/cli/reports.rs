//! `frontdesk report`, `survey` and `calendar`: the supervisor's figures, the satisfaction
//! survey rounds and the working-day calendar, each one call to the daemon and its printing.

use std::path::PathBuf;

use anyhow::Context;

use super::args::SurveyCmd;
use super::print::Printer;
use super::Env;
use crate::client::{Client, OfficeCalls};
use crate::domain::report::{render, Format, Period, PeriodKind};
use crate::domain::survey::RoundMonth;
use crate::protocol::Request;

/// A report in the asked format, to standard output or `out`.
pub fn report(
    env: &Env,
    c: &mut Client,
    kind: PeriodKind,
    period: Option<&str>,
    format: Option<Format>,
    out: Option<PathBuf>,
) -> anyhow::Result<()> {
    let period = Period::parse(
        kind,
        period,
        super::desk_today(c.welcome.utc_offset_minutes),
    )?;
    let format = format.unwrap_or(if env.json { Format::Json } else { Format::Text });
    let text = render::render(&c.report(period)?, format);
    match out {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("frontdesk: wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// One survey request; every one answers with the round's status.
pub fn survey(env: &Env, c: &mut Client, cmd: SurveyCmd) -> anyhow::Result<()> {
    let (request, report) = match cmd {
        SurveyCmd::Open {
            month,
            off_cycle,
            issue_on,
        } => {
            let month = month
                .unwrap_or_else(|| RoundMonth::of(super::desk_today(c.welcome.utc_offset_minutes)));
            let open = Request::SurveyOpen {
                month,
                off_cycle,
                issue_on,
            };
            (open, false)
        }
        SurveyCmd::Issue {
            units,
            all_occupied,
            round,
        } => {
            let issue = Request::SurveyIssue {
                round,
                units,
                all_occupied,
            };
            (issue, false)
        }
        SurveyCmd::Record {
            unit,
            scores,
            comment,
            round,
        } => {
            let record = Request::SurveyRecord {
                round,
                unit,
                scores,
                comment,
            };
            (record, false)
        }
        SurveyCmd::Close { round } => (Request::SurveyClose { round }, false),
        SurveyCmd::Status { round } => (Request::SurveyStatus { round }, false),
        SurveyCmd::Report { round } => (Request::SurveyStatus { round }, true),
    };
    let status = c.survey(request)?;
    let printer = Printer::new(env, c);
    if report {
        printer.survey_report(&status)
    } else {
        printer.survey(&status)
    }
}

/// A calendar year; a year calendar.toml does not list is said on stderr.
pub fn calendar(env: &Env, c: &mut Client, year: i32) -> anyhow::Result<()> {
    let (y, listed) = c.calendar(year)?;
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
