//! Reports (R-RPT-01..08): what came in, whether deadlines held, how callbacks went and who
//! carried what, for a day, month or quarter, with the change from the period before. The
//! types here are the report's JSON (documented field by field in the README); `build`
//! computes one in a single pass over the desk's cases and callbacks.

mod build;
pub mod group;
mod period;
pub mod render;

pub use build::ReportBuilder;
pub use period::{Period, PeriodKind};
pub use render::Format;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Time;

/// R-LIFE-09: a complaint is a repeat when the same resident complained in the same category
/// within this many days before (the default of `policy.repeat_days`).
pub const REPEAT_WINDOW_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `2026-11-23`, `2026-11` or `2026-Q4`.
    pub period: String,
    pub kind: PeriodKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub generated_at: Time,
    pub volumes: Volumes,
    pub deadlines: Vec<DeadlineStat>,
    pub callbacks: CallbackStats,
    pub staff: Vec<StaffStat>,
    /// Cases registered on each day of the period.
    pub daily: Vec<DayCount>,
    pub trend: Trend,
}

/// A label and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volumes {
    /// Cases registered in the period.
    pub cases: u64,
    pub by_kind: Vec<Count>,
    pub by_category: Vec<Count>,
    pub by_channel: Vec<Count>,
    /// By the building of the unit the case is filed under (the resident's first unit when
    /// none); `-` when the resident has no unit.
    pub by_building: Vec<Count>,
    pub complaints_new: u64,
    /// Same resident and category within 90 days before (R-LIFE-09).
    pub complaints_repeat: u64,
    /// Cases in the period filed under a category on no entry of the desk's list (free
    /// text from before the list): `frontdesk category map` files them.
    pub unmapped: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineStat {
    /// `acknowledge`, `dispatch`, `respond`, `resolve`, `promise` or `investigate`.
    pub clock: String,
    /// Cases registered in the period that had this clock.
    pub cases: u64,
    /// Stopped in time.
    pub met: u64,
    /// Stopped late, or ran out and still running.
    pub missed: u64,
    /// Still running and not yet due.
    pub pending: u64,
    /// met / (met + missed), one decimal; null when nothing was decided.
    pub met_percent: Option<f64>,
    /// Minutes from registration to the step that stopped the clock (nearest rank).
    pub p50_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallbackStats {
    /// Cases resolved in the period (once each, by their last resolution in it).
    pub resolved: u64,
    /// Of those, the ones whose resolution drew a callback under the policy (R-CB-01/02/03:
    /// complaints and repairs by default; inquiries answered on the spot are not called back).
    pub callbacks_due: u64,
    /// Of those, the ones whose callback got an answer (satisfied or unsatisfied).
    pub called_back: u64,
    /// called_back / callbacks_due.
    pub callback_rate_percent: Option<f64>,
    /// Case callbacks settled in the period, by outcome (a reopened case's first, unsatisfied
    /// callback counts as well as its second).
    pub satisfied: u64,
    pub unsatisfied: u64,
    /// Given up after every attempt: complaints the callback never reached (R-CB-01).
    pub unreachable: u64,
    /// satisfied / (satisfied + unsatisfied).
    pub satisfaction_percent: Option<f64>,
    /// R-CB-02: answered callbacks made on site, and signed by the resident; the percentages
    /// are of satisfied + unsatisfied.
    pub onsite: u64,
    pub signed: u64,
    pub onsite_percent: Option<f64>,
    pub signed_percent: Option<f64>,
    /// Reopenings by an unsatisfied callback in the period (R-CB-01).
    pub reopened: u64,
}

/// R-RPT-08: one person's workload and outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffStat {
    pub login: String,
    pub name: String,
    /// Cases they registered in the period (first responder, 首问).
    pub received: u64,
    /// Cases they owned that were resolved in the period.
    pub resolved: u64,
    pub resolved_on_time: u64,
    pub on_time_percent: Option<f64>,
    pub satisfied: u64,
    pub unsatisfied: u64,
    pub satisfaction_percent: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: NaiveDate,
    pub cases: u64,
}

/// A figure now and in the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub now: Option<f64>,
    pub before: Option<f64>,
    /// now − before; null when either is.
    pub change: Option<f64>,
}

impl Change {
    pub fn new(now: Option<f64>, before: Option<f64>) -> Change {
        Change {
            now,
            before,
            change: now.zip(before).map(|(a, b)| round1(a - b)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// The previous period's label.
    pub previous: String,
    /// The period is still in progress: it is compared with the same number of days at the
    /// start of the previous period (本月至今 vs 上月同期), not with all of it.
    pub to_date: bool,
    pub cases: Change,
    pub complaints: Change,
    pub resolve_met_percent: Change,
    pub callback_rate_percent: Change,
    pub satisfaction_percent: Change,
}

/// One decimal place, so the JSON and the screen agree.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `part / whole` in percent, one decimal; None when `whole` is 0.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round1(part as f64 * 100.0 / whole as f64))
}

impl Report {
    pub fn deadline(&self, clock: &str) -> Option<&DeadlineStat> {
        self.deadlines.iter().find(|d| d.clock == clock)
    }
}

#[cfg(test)]
mod tests;
