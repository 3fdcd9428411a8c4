//! Where a survey round stands, computed from the round and its responses on a given day:
//! coverage and valid return against the 95 % targets (R-SAT-02/03), working days left to
//! collect, the statistics and report due dates (R-SAT-04, R-RPT-05), and each topic's
//! average and spread — the survey view and `survey status|report` both show this.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{SurveyResponse, SurveyRound, Topic, TARGET_PERCENT};
use crate::domain::calendar::WorkCalendar;
use crate::domain::report::percent;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicScore {
    /// `security`, `cleaning`, … (`Topic::ALL` order).
    pub topic: String,
    pub answered: u32,
    /// Mean score, one decimal.
    pub average: Option<f64>,
    /// Responses scoring 1, 2, 3, 4 and 5.
    pub distribution: [u32; 5],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyStatus {
    /// `2026-12`.
    pub round: String,
    pub issue_date: NaiveDate,
    pub collect_by: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub stats_due: NaiveDate,
    pub report_due: NaiveDate,
    /// Occupied dwellings when the round opened.
    pub occupied: u32,
    pub issued: u32,
    /// issued / occupied (R-SAT-02: at least 95 %).
    pub coverage_percent: Option<f64>,
    pub coverage_met: bool,
    pub returned: u32,
    /// Responses that answer every topic.
    pub valid: u32,
    /// valid / issued (R-SAT-03: at least 95 %).
    pub return_percent: Option<f64>,
    pub return_met: bool,
    /// Working days from today to `collect_by` (0 once it is reached or the round closed).
    pub collect_days_left: u32,
    /// Still collecting after `collect_by`.
    pub collect_overdue: bool,
    pub topics: Vec<TopicScore>,
    /// Tickets of the cases low scores opened (R-SAT-05).
    pub cases: Vec<String>,
}

impl SurveyRound {
    pub fn status(
        &self,
        responses: &[SurveyResponse],
        today: NaiveDate,
        calendar: &WorkCalendar,
    ) -> SurveyStatus {
        let issued = self.issued.len() as u32;
        let valid = responses.iter().filter(|r| r.scores.complete()).count() as u32;
        let coverage = percent(u64::from(issued), u64::from(self.occupied));
        let returns = percent(u64::from(valid), u64::from(issued));
        let collecting = self.closed_on.is_none();
        let topics = Topic::ALL
            .iter()
            .map(|t| {
                let mut distribution = [0u32; 5];
                for s in responses.iter().filter_map(|r| r.scores.get(*t)) {
                    distribution[usize::from(s - 1)] += 1;
                }
                let answered: u32 = distribution.iter().sum();
                let total: u32 = distribution
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (i as u32 + 1) * n)
                    .sum();
                TopicScore {
                    topic: t.as_str().to_string(),
                    answered,
                    average: (answered > 0).then(|| {
                        crate::domain::report::round1(f64::from(total) / f64::from(answered))
                    }),
                    distribution,
                }
            })
            .collect();
        SurveyStatus {
            round: self.month.to_string(),
            issue_date: self.issue_date,
            collect_by: self.collect_by,
            closed_on: self.closed_on,
            stats_due: self.stats_due(calendar),
            report_due: self.report_due(),
            occupied: self.occupied,
            issued,
            coverage_met: coverage.is_some_and(|c| c >= TARGET_PERCENT),
            coverage_percent: coverage,
            returned: responses.len() as u32,
            valid,
            return_met: returns.is_some_and(|r| r >= TARGET_PERCENT),
            return_percent: returns,
            collect_days_left: if collecting {
                calendar.working_days_between(today, self.collect_by)
            } else {
                0
            },
            collect_overdue: collecting && today > self.collect_by,
            topics,
            cases: responses
                .iter()
                .filter_map(|r| r.case.as_ref().map(|t| t.0.clone()))
                .collect(),
        }
    }
}
