//! Satisfaction surveys (满意度调查, R-SAT-01..06): a round opens in June or December, forms go
//! out around the 15th to the occupied dwellings (coverage ≥ 95 %, R-SAT-02), come back
//! within 10 working days (valid return ≥ 95 %, R-SAT-03), the statistics are due 3 working
//! days after collection closes (R-SAT-04) and the report the month after (R-RPT-05). Each
//! response scores the R-CB-05 topics 1–5, one per dwelling; a 1 or 2 on a
//! property-management topic opens a case (R-SAT-05, decided here, opened by the desk).

mod status;

pub use status::{SurveyStatus, TopicScore};

use crate::domain::refusal::PaperRefusal;
use crate::domain::ParseWord;
use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;
use super::text::{self, MAX_TEXT_BYTES};
use super::{DeskError, Field, StaffId, Time, UnitCode};

/// R-SAT-02/03: coverage and valid-return targets, in percent.
pub const TARGET_PERCENT: f64 = 95.0;
/// R-SAT-03: forms come back within this many working days of issue.
pub const COLLECT_WORKING_DAYS: u32 = 10;
/// R-SAT-04: statistics finished within this many working days of collection closing.
pub const STATS_WORKING_DAYS: u32 = 3;
/// R-SAT-02: forms are handed out around this day of the month.
pub const ISSUE_DAY: u32 = 15;

crate::domain::by_word::words! {
    /// The R-CB-05 topics, in the order a form lists them.
    #[derive(PartialOrd, Ord)]
    pub enum Topic in Field::Topic {
        Security = ["security", "安全"],
        CleaningGreening = ["cleaning", "保洁绿化"],
        Facilities = ["facilities", "公共设施"],
        ServiceFees = ["fees", "特约服务收费"],
        Convenience = ["convenience", "便民服务"],
        Attitude = ["attitude", "服务态度"],
        Overall = ["overall", "总体"],
    }
}

impl Topic {
    /// Its name on the form.
    pub fn zh(self) -> &'static str {
        self.words()[1]
    }

    /// R-SAT-05: what the property manager rectifies; `overall` is not one thing to fix.
    pub fn in_pm_scope(self) -> bool {
        self != Topic::Overall
    }
}

/// A round, named by the month its forms go out: `2026-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RoundMonth {
    pub year: i32,
    pub month: u32,
}

impl fmt::Display for RoundMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl RoundMonth {
    pub fn parse(s: &str) -> Result<RoundMonth, DeskError> {
        NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
            .map(RoundMonth::of)
            .map_err(|_| {
                DeskError::invalid(
                    Field::Round,
                    crate::domain::refusal::InputRefusal::NotShaped {
                        value: s.to_string(),
                        shape: crate::domain::refusal::Term::of("shape", "month"),
                        example: "2026-12".to_string(),
                    },
                )
            })
    }

    pub fn of(day: NaiveDate) -> RoundMonth {
        RoundMonth {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The store key: year then month, so rounds sort in time.
    pub fn key(self) -> [u8; 5] {
        let mut k = [0u8; 5];
        k[..4].copy_from_slice(&(self.year as u32).to_be_bytes());
        k[4] = self.month as u8;
        k
    }

    fn day(self, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, d)
    }
}

/// Scores for the seven topics in `Topic::ALL` order (a form's); None where the form left it blank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores(pub [Option<u8>; 7]);

impl Scores {
    /// `4,5,3,4,5,4,4` in topic order (`-` for a blank), or `security=4,overall=5`.
    pub fn parse(s: &str) -> Result<Scores, DeskError> {
        let bad = |why: PaperRefusal| DeskError::invalid(Field::Scores, why);
        let mut out = Scores::default();
        let parts: Vec<&str> = s
            .split([',', '，', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        let score = |v: &str| -> Result<Option<u8>, DeskError> {
            match v.trim() {
                "-" | "" => Ok(None),
                n => match n.parse::<u8>() {
                    Ok(n @ 1..=5) => Ok(Some(n)),
                    _ => Err(bad(PaperRefusal::NotScore {
                        value: n.to_string(),
                    })),
                },
            }
        };
        if parts.iter().all(|p| !p.contains('=')) {
            if parts.len() != Topic::ALL.len() {
                return Err(bad(PaperRefusal::SevenScores { got: parts.len() }));
            }
            for (slot, p) in out.0.iter_mut().zip(parts) {
                *slot = score(p)?;
            }
        } else {
            for p in parts {
                let (topic, v) = p.split_once('=').ok_or_else(|| {
                    bad(PaperRefusal::TopicEqScore {
                        value: p.to_string(),
                    })
                })?;
                out.0[Topic::parse(topic)? as usize] = score(v)?;
            }
        }
        if out.0.iter().all(Option::is_none) {
            return Err(bad(PaperRefusal::BlankForm {}));
        }
        Ok(out)
    }

    pub fn get(&self, t: Topic) -> Option<u8> {
        self.0[t as usize]
    }

    /// R-SAT-03: a valid return answers every topic.
    pub fn complete(&self) -> bool {
        self.0.iter().all(Option::is_some)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyRound {
    pub month: RoundMonth,
    pub opened_at: Time,
    pub opened_by: StaffId,
    /// The day forms go out (around the 15th).
    pub issue_date: NaiveDate,
    /// R-SAT-03: the 10th working day after issue.
    pub collect_by: NaiveDate,
    /// Occupied dwellings when the round opened: the population coverage is measured on.
    pub occupied: u32,
    /// Dwellings handed a form.
    pub issued: BTreeSet<UnitCode>,
    pub closed_on: Option<NaiveDate>,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub month: RoundMonth,
    pub unit: UnitCode,
    pub scores: Scores,
    pub comment: String,
    pub recorded_by: StaffId,
    pub recorded_at: Time,
    /// The case a low score opened (R-SAT-05).
    pub case: Option<super::Ticket>,
}

impl SurveyRound {
    /// R-SAT-01: rounds open in June and December unless `off_cycle`; forms go out on the
    /// first working day from the 15th unless `issue_on` says otherwise.
    pub fn open(
        month: RoundMonth,
        off_cycle: bool,
        issue_on: Option<NaiveDate>,
        occupied: u32,
        by: StaffId,
        now: Time,
        calendar: &WorkCalendar,
    ) -> Result<SurveyRound, DeskError> {
        if !off_cycle && !matches!(month.month, 6 | 12) {
            return Err(DeskError::invalid(
                Field::Round,
                PaperRefusal::SurveyOffCycle {
                    month: month.to_string(),
                },
            ));
        }
        let issue_date = match issue_on {
            Some(d) if RoundMonth::of(d) != month => {
                return Err(DeskError::invalid(
                    Field::Issue,
                    PaperRefusal::IssueNotInMonth {
                        day: d.to_string(),
                        month: month.to_string(),
                    },
                ));
            }
            Some(d) => d,
            None => {
                let fifteenth = month.day(ISSUE_DAY).ok_or_else(|| {
                    DeskError::invalid(Field::Round, PaperRefusal::NoSuchMonth {})
                })?;
                if calendar.is_working_day(fifteenth) {
                    fifteenth
                } else {
                    calendar.add_working_days(fifteenth, 1)
                }
            }
        };
        Ok(SurveyRound {
            month,
            opened_at: now,
            opened_by: by,
            issue_date,
            collect_by: calendar.add_working_days(issue_date, COLLECT_WORKING_DAYS),
            occupied,
            issued: BTreeSet::new(),
            closed_on: None,
            version: 1,
        })
    }

    fn require_open(&self) -> Result<(), DeskError> {
        match self.closed_on {
            Some(d) => Err(DeskError::conflict(PaperRefusal::SurveyClosed {
                month: self.month.to_string(),
                closed: d.to_string(),
            })),
            None => Ok(()),
        }
    }

    /// Marks dwellings as handed a form; how many were new.
    pub fn issue(&mut self, units: &[UnitCode]) -> Result<usize, DeskError> {
        self.require_open()?;
        let before = self.issued.len();
        self.issued.extend(units.iter().copied());
        self.version += 1;
        Ok(self.issued.len() - before)
    }

    /// Ends collection; the statistics are then due 3 working days later (R-SAT-04).
    pub fn close(&mut self, on: NaiveDate) -> Result<(), DeskError> {
        self.require_open()?;
        self.closed_on = Some(on);
        self.version += 1;
        Ok(())
    }

    /// R-SAT-04: statistics due 3 working days after collection closed (or is due to).
    pub fn stats_due(&self, calendar: &WorkCalendar) -> NaiveDate {
        let closed = self.closed_on.unwrap_or(self.collect_by);
        calendar.add_working_days(closed, STATS_WORKING_DAYS)
    }

    /// R-RPT-05: the satisfaction report is due by the end of the month after collection.
    pub fn report_due(&self) -> NaiveDate {
        let closed = self.closed_on.unwrap_or(self.collect_by);
        let next = closed
            .with_day(1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(2)));
        next.and_then(|d| d.pred_opt()).unwrap_or(closed)
    }
}

impl SurveyResponse {
    pub fn new(
        round: &SurveyRound,
        unit: UnitCode,
        scores: Scores,
        comment: &str,
        by: StaffId,
        now: Time,
    ) -> Result<SurveyResponse, DeskError> {
        round.require_open()?;
        Ok(SurveyResponse {
            month: round.month,
            unit,
            scores,
            comment: text::optional_text(Field::Text, comment, MAX_TEXT_BYTES)?,
            recorded_by: by,
            recorded_at: now,
            case: None,
        })
    }

    /// R-SAT-05: the property-management topics scored 1 or 2.
    pub fn low_scores(&self) -> Vec<(Topic, u8)> {
        Topic::ALL
            .iter()
            .copied()
            .filter(|t| t.in_pm_scope())
            .filter_map(|t| self.scores.get(t).filter(|s| *s <= 2).map(|s| (t, s)))
            .collect()
    }
}

#[cfg(test)]
mod tests;
