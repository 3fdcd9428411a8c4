//! The Reports pane (报表, F7): the month at a glance for a supervisor — bars by category, a
//! sparkline of daily volume, gauges for deadline compliance and a per-staff table — with
//! ←/→ moving between periods, `d`/`m`/`q` choosing day, month or quarter, and `w` writing
//! the shown report to files (Markdown and CSV) in the working directory. `s` switches to
//! the satisfaction survey view (any staff): the round's coverage and return against their
//! targets, its working-day deadlines and each topic's average.

pub mod draw;
mod survey_view;

use crate::protocol::req;
use std::path::PathBuf;

use crate::client::Calls;
use crate::domain::report::{render, Format, Period, PeriodKind, Report};
use crate::domain::survey::SurveyStatus;
use crate::tui::command::Command;
use crate::tui::i18n::{fill, Msg};
use crate::tui::link::LinkError;

use super::{Cx, Outcome};

#[derive(Debug)]
pub struct ReportsPane {
    pub kind: PeriodKind,
    /// The period shown (the current one until the operator moves).
    pub period: Option<Period>,
    pub report: Option<Report>,
    pub error: Option<String>,
    pub stale: bool,
    /// Where `w` writes (the working directory by default).
    pub out_dir: PathBuf,
    /// The survey view instead of the report.
    pub showing_survey: bool,
    pub survey: Option<SurveyStatus>,
}

impl Default for ReportsPane {
    fn default() -> Self {
        ReportsPane {
            kind: PeriodKind::Month,
            period: None,
            report: None,
            error: None,
            stale: true,
            out_dir: PathBuf::from("."),
            showing_survey: false,
            survey: None,
        }
    }
}

/// Puts a daemon's answer on screen: the value, or its refusal in place of it (a clerk asking
/// for a report is told why); a lost connection goes to the app.
fn shown<T>(
    answer: Result<T, LinkError>,
    slot: &mut Option<T>,
    error: &mut Option<String>,
    lang: crate::tui::i18n::Lang,
) -> Outcome {
    match answer {
        Ok(v) => {
            *slot = Some(v);
            *error = None;
            Outcome::Nothing
        }
        Err(LinkError::Desk(e)) => {
            *slot = None;
            *error = Some(crate::words::desk_error(lang, &e));
            Outcome::Nothing
        }
        Err(e) => Outcome::from_error(e),
    }
}

impl ReportsPane {
    fn today(cx: &Cx<'_>) -> chrono::NaiveDate {
        cx.now.with_timezone(&cx.offset).date_naive()
    }

    /// Asks the daemon for the shown period's report, or the survey round's status.
    pub fn load(&mut self, cx: &mut Cx<'_>) -> Outcome {
        self.stale = false;
        if self.showing_survey {
            let answer = cx.link.send(req::SurveyStatus { round: None });
            return shown(answer, &mut self.survey, &mut self.error, cx.lang);
        }
        let period = self
            .period
            .unwrap_or_else(|| Period::containing(self.kind, Self::today(cx)));
        self.period = Some(period);
        let answer = cx.link.send(req::Report { period });
        shown(answer, &mut self.report, &mut self.error, cx.lang)
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        if cmd == Command::ToggleSurvey {
            self.showing_survey = !self.showing_survey;
            return self.load(cx);
        }
        if self.showing_survey {
            return match cmd {
                Command::Refresh => self.load(cx),
                _ => Outcome::NotTaken,
            };
        }
        let today = Self::today(cx);
        let current = self
            .period
            .unwrap_or_else(|| Period::containing(self.kind, today));
        let next = match cmd {
            Command::PrevPeriod => current.previous(),
            // The future has no report yet.
            Command::NextPeriod if current.last < today => current.next(),
            Command::NextPeriod => return Outcome::Nothing,
            Command::ReportDay | Command::ReportMonth | Command::ReportQuarter => {
                self.kind = match cmd {
                    Command::ReportDay => PeriodKind::Day,
                    Command::ReportQuarter => PeriodKind::Quarter,
                    _ => PeriodKind::Month,
                };
                // The new kind's period around the one shown.
                Period::containing(self.kind, current.first.min(today))
            }
            Command::Refresh => current,
            Command::WriteReport => return self.write(cx),
            _ => return Outcome::NotTaken,
        };
        self.period = Some(next);
        self.load(cx)
    }

    /// Writes the shown report as `report-<period>.md` and `.csv` (Excel and WPS read the
    /// CSV's BOM) beside each other.
    fn write(&self, cx: &Cx<'_>) -> Outcome {
        let Some(r) = &self.report else {
            return Outcome::Nothing;
        };
        let mut written = Vec::new();
        for format in [Format::Markdown, Format::Csv] {
            let path = self
                .out_dir
                .join(format!("report-{}.{}", r.period, format.extension()));
            if let Err(e) = std::fs::write(&path, render::render(r, format)) {
                return Outcome::Error(format!("{}: {e}", path.display()));
            }
            written.push(path.display().to_string());
        }
        Outcome::Info(fill(
            Msg::ReportWritten.text(cx.lang),
            &[&written.join(", ")],
        ))
    }
}
