//! A report's period — a desk-local day, month or quarter — parsed once from the words people
//! type (`2026-11-23`, `2026-11`, `2026-Q4`), with its first and last day and its neighbours.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::{DeskError, Field};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Day,
    Month,
    Quarter,
}

impl PeriodKind {
    pub fn parse(s: &str) -> Result<PeriodKind, DeskError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "daily" | "日报" => Ok(PeriodKind::Day),
            "month" | "monthly" | "月报" => Ok(PeriodKind::Month),
            "quarter" | "quarterly" | "季报" => Ok(PeriodKind::Quarter),
            other => Err(DeskError::invalid(
                Field::Period,
                crate::domain::refusal::InputRefusal::NotOneOf {
                    value: other.to_string(),
                    choices: crate::domain::refusal::Choices::of(
                        &["day", "month", "quarter"],
                        &["日报", "月报", "季报"],
                    ),
                },
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
        }
    }
}

/// A day, month or quarter of desk-local dates: `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

impl Period {
    /// The period of `kind` containing `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let (first, months) = match kind {
            PeriodKind::Day => {
                return Period {
                    kind,
                    first: day,
                    last: day,
                }
            }
            PeriodKind::Month => (month_start(day.year(), day.month()), 1),
            PeriodKind::Quarter => (month_start(day.year(), (day.month() - 1) / 3 * 3 + 1), 3),
        };
        let first = first.unwrap_or(day);
        let last = first
            .checked_add_months(chrono::Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        Period { kind, first, last }
    }

    /// Reads `2026-11-23` (day), `2026-11` (month) or `2026-Q4` (quarter); the current
    /// period when `text` is None.
    pub fn parse(
        kind: PeriodKind,
        text: Option<&str>,
        today: NaiveDate,
    ) -> Result<Period, DeskError> {
        let Some(s) = text.map(str::trim) else {
            return Ok(Period::containing(kind, today));
        };
        let bad = |hint: &str| {
            DeskError::invalid(
                Field::Period,
                crate::domain::refusal::InputRefusal::NotShaped {
                    value: s.to_string(),
                    shape: crate::domain::refusal::Term::of("shape", kind.as_str()),
                    example: hint.to_string(),
                },
            )
        };
        let day = match kind {
            PeriodKind::Day => {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad("2026-11-23"))?
            }
            PeriodKind::Month => NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
                .map_err(|_| bad("2026-11"))?,
            PeriodKind::Quarter => {
                let (y, q) = s
                    .to_ascii_uppercase()
                    .split_once("-Q")
                    .and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<u32>().ok()?)))
                    .ok_or_else(|| bad("2026-Q4"))?;
                if !(1..=4).contains(&q) {
                    return Err(bad("2026-Q4 (quarters are Q1 to Q4)"));
                }
                month_start(y, (q - 1) * 3 + 1).ok_or_else(|| bad("2026-Q4"))?
            }
        };
        Ok(Period::containing(kind, day))
    }

    pub fn previous(self) -> Period {
        Period::containing(self.kind, self.first - Duration::days(1))
    }

    /// What a report of this period is compared with on `today`: the previous period, or,
    /// while this one is in progress, as many of its first days as have passed of this one
    /// (the 4th of December is compared with 1–4 November, not with all of November).
    pub fn compared_with(self, today: NaiveDate) -> Period {
        let previous = self.previous();
        if !self.contains(today) || today == self.last {
            return previous;
        }
        let elapsed = today - self.first;
        Period {
            last: (previous.first + elapsed).min(previous.last),
            ..previous
        }
    }

    pub fn next(self) -> Period {
        Period::containing(self.kind, self.last + Duration::days(1))
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        let last = self.last;
        self.first.iter_days().take_while(move |d| *d <= last)
    }

    /// `2026-11-23`, `2026-11` or `2026-Q4`.
    pub fn label(self) -> String {
        match self.kind {
            PeriodKind::Day => self.first.format("%Y-%m-%d").to_string(),
            PeriodKind::Month => self.first.format("%Y-%m").to_string(),
            PeriodKind::Quarter => format!(
                "{}-Q{}",
                self.first.year(),
                (self.first.month() - 1) / 3 + 1
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_time::day as d;

    /// Like with like: a month in progress is compared with as many days of the month
    /// before; a finished month, a day and a quarter's last day with the whole.
    #[test]
    fn r_rpt_01_a_period_in_progress_is_compared_with_the_same_days_before() {
        let dec = Period::containing(PeriodKind::Month, d("2026-12-04"));
        let cmp = dec.compared_with(d("2026-12-04"));
        assert_eq!((cmp.first, cmp.last), (d("2026-11-01"), d("2026-11-04")));
        assert_eq!(cmp.label(), "2026-11");
        // 31 March against February: at most the whole of February.
        let mar = Period::containing(PeriodKind::Month, d("2027-03-30"));
        let cmp = mar.compared_with(d("2027-03-30"));
        assert_eq!((cmp.first, cmp.last), (d("2027-02-01"), d("2027-02-28")));
        assert_eq!(dec.compared_with(d("2026-12-31")), dec.previous());
        assert_eq!(dec.compared_with(d("2027-01-10")), dec.previous());
        let q = Period::containing(PeriodKind::Quarter, d("2026-11-15"));
        let cmp = q.compared_with(d("2026-11-15"));
        assert_eq!((cmp.first, cmp.last), (d("2026-07-01"), d("2026-08-15")));
    }

    #[test]
    fn periods_parse_and_step() {
        let today = d("2026-11-23");
        let m = Period::parse(PeriodKind::Month, None, today).unwrap();
        assert_eq!(
            (m.first, m.last, m.label()),
            (d("2026-11-01"), d("2026-11-30"), "2026-11".into())
        );
        assert_eq!(m.previous().label(), "2026-10");
        assert_eq!(m.next().next().label(), "2027-01");
        let q = Period::parse(PeriodKind::Quarter, Some("2026-q1"), today).unwrap();
        assert_eq!((q.first, q.last), (d("2026-01-01"), d("2026-03-31")));
        assert_eq!(q.previous().label(), "2025-Q4");
        assert_eq!(
            Period::parse(PeriodKind::Day, None, today)
                .unwrap()
                .previous()
                .label(),
            "2026-11-22"
        );
        let e = Period::parse(PeriodKind::Quarter, Some("2026-Q5"), today).unwrap_err();
        assert!(e.to_string().contains("period"), "{e}");
        assert!(Period::parse(PeriodKind::Month, Some("November"), today).is_err());
    }
}
