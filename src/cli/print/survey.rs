//! Printing a survey round: its status against the targets, and with `report` each topic's
//! average and spread of scores.

use super::Printer;
use crate::domain::survey::{SurveyStatus, Topic};
use crate::domain::text::pad_to_width;

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "-".into(), |p| format!("{p:.1}%"))
}

fn mark(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT MET"
    }
}

impl Printer {
    pub fn survey(&self, s: &SurveyStatus) -> anyhow::Result<()> {
        json_or_text!(self, s);
        let state = match s.closed_on {
            Some(d) => format!("closed {d}"),
            None if s.collect_overdue => "collecting, PAST its deadline".to_string(),
            None => format!("collecting, {} working days left", s.collect_days_left),
        };
        p!("Survey {}  ({state})", s.round);
        p!(
            "  forms out {}   back by {}   statistics due {}   report due {}",
            s.issue_date,
            s.collect_by,
            s.stats_due,
            s.report_due
        );
        p!(
            "  coverage {} of {} occupied = {} (target 95%: {})",
            s.issued,
            s.occupied,
            pct(s.coverage_percent),
            mark(s.coverage_met)
        );
        p!(
            "  returned {}, valid {} of {} issued = {} (target 95%: {})",
            s.returned,
            s.valid,
            s.issued,
            pct(s.return_percent),
            mark(s.return_met)
        );
        if !s.cases.is_empty() {
            p!("  low scores opened {}", s.cases.join(", "));
        }
        Ok(())
    }

    pub fn survey_report(&self, s: &SurveyStatus) -> anyhow::Result<()> {
        json_or_text!(self, s);
        self.survey(s)?;
        p!("");
        p!(
            "  {}  answered  average    1    2    3    4    5",
            pad_to_width("topic", 24)
        );
        for (t, score) in Topic::ALL.iter().zip(&s.topics) {
            let name = format!("{} {}", t.as_str(), t.zh());
            let avg = score
                .average
                .map_or_else(|| "-".into(), |a| format!("{a:.1}"));
            let spread: Vec<String> = score
                .distribution
                .iter()
                .map(|n| format!("{n:>4}"))
                .collect();
            p!(
                "  {}  {:>8}  {:>7} {}",
                pad_to_width(&name, 24),
                score.answered,
                avg,
                spread.join(" ")
            );
        }
        Ok(())
    }
}
