//! `frontdesk survey …`: satisfaction survey rounds (R-SAT-01..05).

use chrono::NaiveDate;
use clap::Subcommand;

use super::units::parse_date;
use crate::domain::survey::{RoundMonth, Scores};
use crate::domain::UnitCode;

#[derive(Subcommand, Debug)]
pub enum SurveyCmd {
    /// Open a round: June or December, forms out on the first working day from
    /// the 15th, back within 10 working days (supervisors).
    Open {
        /// The round's month, like 2026-12 (default: this month).
        #[arg(value_parser = RoundMonth::parse)]
        month: Option<RoundMonth>,
        /// Allow a round outside June and December.
        #[arg(long)]
        off_cycle: bool,
        /// The day forms go out, YYYY-MM-DD (default: the 15th, or the next working day).
        #[arg(long, value_parser = parse_date)]
        issue_on: Option<NaiveDate>,
    },
    /// Record forms handed out, by unit (coverage).
    Issue {
        #[arg(value_parser = UnitCode::parse)]
        units: Vec<UnitCode>,
        /// Every occupied dwelling.
        #[arg(long)]
        all_occupied: bool,
        /// The round (default: the one collecting).
        #[arg(long, value_parser = RoundMonth::parse)]
        round: Option<RoundMonth>,
    },
    /// Record one dwelling's answers. A 1 or 2 on a property topic opens a case you own.
    Record {
        #[arg(value_parser = UnitCode::parse)]
        unit: UnitCode,
        /// Seven scores 1–5 in the form's order — security, cleaning, facilities, fees,
        /// convenience, attitude, overall — `-` for a blank: 4,5,3,4,5,4,4. Or by name:
        /// security=4,overall=5.
        #[arg(long, value_parser = Scores::parse)]
        scores: Scores,
        /// The resident's own words.
        #[arg(long, default_value = "")]
        comment: String,
        #[arg(long, value_parser = RoundMonth::parse)]
        round: Option<RoundMonth>,
    },
    /// End collection; statistics are due 3 working days later (supervisors).
    Close {
        #[arg(long, value_parser = RoundMonth::parse)]
        round: Option<RoundMonth>,
    },
    /// Coverage, valid return and deadlines against the targets.
    Status {
        #[arg(long, value_parser = RoundMonth::parse)]
        round: Option<RoundMonth>,
    },
    /// The round's results: every topic's average and spread, with the targets.
    Report {
        #[arg(long, value_parser = RoundMonth::parse)]
        round: Option<RoundMonth>,
    },
}
