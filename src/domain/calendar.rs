//! The desk's working-day calendar (工作日历): China's public holidays and weekend make-up
//! working days (调休上班) by date, read from `calendar.toml`, and the arithmetic built on it —
//! "10 working days after the 15th" for survey deadlines (R-SAT-03/04), and business-time
//! SLA deadlines when `sla_clock = "business"`. A year the file does not list counts Monday
//! to Friday less the fixed-date statutory holidays (`STATUTORY`), and says so (`covers`):
//! the lunar holidays and the 调休 days are only known once the State Council publishes them.
//! Pure: no file access here.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Weekday};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::Time;

/// The default shipped with Frontdesk (written to the data dir when it has none).
pub const SHIPPED: &str = include_str!("../../contrib/calendar.toml");

/// One year's published schedule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearSchedule {
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend dates that are working days (调休上班).
    pub workdays: BTreeSet<NaiveDate>,
}

/// Business hours on a working day, `open` before `close`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    pub years: BTreeMap<i32, YearSchedule>,
    pub hours: Option<BusinessHours>,
}

/// A bad calendar file: the line (1-based) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CalendarError {
    pub line: usize,
    pub message: String,
}

/// `frontdesk calendar YEAR --json`: the year's holidays, its weekend working days, and the
/// count of working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    pub holidays: Vec<NaiveDate>,
    pub workdays: Vec<NaiveDate>,
    pub working_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    holidays: Option<Vec<Spanned<String>>>,
    workdays: Option<Vec<Spanned<String>>>,
    open: Option<Spanned<String>>,
    close: Option<Spanned<String>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The fixed-date public holidays of 《全国年节及纪念日放假办法》 (as amended in 2024): New
/// Year's Day, 1–2 May, 1–3 October, as (month, day). Used for years the file does not list.
pub const STATUTORY: [(u32, u32); 6] = [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)];

fn statutory(d: NaiveDate) -> bool {
    STATUTORY.contains(&(d.month(), d.day()))
}

impl WorkCalendar {
    /// The calendar shipped with Frontdesk.
    pub fn shipped() -> WorkCalendar {
        WorkCalendar::parse(SHIPPED).expect("the shipped calendar parses (tested)")
    }

    /// Reads a `calendar.toml`; every error names its line.
    pub fn parse(text: &str) -> Result<WorkCalendar, CalendarError> {
        let raw: BTreeMap<Spanned<String>, Spanned<RawTable>> =
            toml::from_str(text).map_err(|e| CalendarError {
                line: e.span().map(|s| line_of(text, s.start)).unwrap_or(1),
                message: e.message().to_string(),
            })?;
        let err = |offset: usize, message: String| CalendarError {
            line: line_of(text, offset),
            message,
        };
        let mut calendar = WorkCalendar::default();
        for (key, table) in raw {
            let (table_at, table) = (table.span().start, table.into_inner());
            if key.get_ref() == "hours" {
                if table.holidays.is_some() || table.workdays.is_some() {
                    return Err(err(table_at, "[hours] holds only open and close".into()));
                }
                let time = |v: Option<Spanned<String>>, name: &str| {
                    let v = v.ok_or_else(|| {
                        err(table_at, format!("[hours] needs {name} = \"HH:MM\""))
                    })?;
                    NaiveTime::parse_from_str(v.get_ref(), "%H:%M").map_err(|_| {
                        err(
                            v.span().start,
                            format!(
                                "{name} `{}` is not a time; write it like \"08:30\"",
                                v.get_ref()
                            ),
                        )
                    })
                };
                let (open, close) = (time(table.open, "open")?, time(table.close, "close")?);
                if open >= close {
                    return Err(err(table_at, "[hours] open must be before close".into()));
                }
                calendar.hours = Some(BusinessHours { open, close });
                continue;
            }
            let year: i32 = key
                .get_ref()
                .parse()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    err(
                        key.span().start,
                        format!(
                            "[{}] is not a year; tables are [2026], [2027] … or [hours]",
                            key.get_ref()
                        ),
                    )
                })?;
            if table.open.is_some() || table.close.is_some() {
                return Err(err(
                    table_at,
                    format!("[{year}] holds holidays and workdays; business hours go in [hours]"),
                ));
            }
            let dates =
                |list: Option<Vec<Spanned<String>>>| -> Result<BTreeSet<NaiveDate>, CalendarError> {
                    let mut out = BTreeSet::new();
                    for v in list.unwrap_or_default() {
                        let at = v.span().start;
                        let d =
                            NaiveDate::parse_from_str(v.get_ref(), "%Y-%m-%d").map_err(|_| {
                                err(
                                    at,
                                    format!(
                                        "`{}` is not a date; write it like \"2026-10-01\"",
                                        v.get_ref()
                                    ),
                                )
                            })?;
                        if d.year() != year {
                            return Err(err(
                                at,
                                format!("{d} is listed under [{year}]; move it to [{}]", d.year()),
                            ));
                        }
                        if !out.insert(d) {
                            return Err(err(at, format!("{d} is listed twice")));
                        }
                    }
                    Ok(out)
                };
            let holidays = dates(table.holidays)?;
            let workdays = dates(table.workdays)?;
            if let Some(d) = workdays.iter().find(|d| !is_weekend(**d)) {
                return Err(err(
                    table_at,
                    format!("{d} is a weekday; workdays lists only weekend days worked (调休上班)"),
                ));
            }
            if let Some(d) = workdays.intersection(&holidays).next() {
                return Err(err(
                    table_at,
                    format!("{d} is both a holiday and a workday"),
                ));
            }
            calendar
                .years
                .insert(year, YearSchedule { holidays, workdays });
        }
        Ok(calendar)
    }

    /// Whether the file lists `year` (otherwise Monday–Friday is assumed).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.years.get(&d.year()) {
            Some(y) if y.holidays.contains(&d) => false,
            Some(y) if y.workdays.contains(&d) => true,
            Some(_) => !is_weekend(d),
            None => !is_weekend(d) && !statutory(d),
        }
    }

    /// The `n`-th working day after `from` (`from` itself not counted); `from` when `n` is 0.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days in `(from, to]`; 0 when `to` is not after `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }

    pub fn year(&self, year: i32) -> CalendarYear {
        let schedule = self
            .years
            .get(&year)
            .cloned()
            .unwrap_or_else(|| YearSchedule {
                holidays: STATUTORY
                    .iter()
                    .filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, *m, *d))
                    .collect(),
                workdays: BTreeSet::new(),
            });
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let working_days = first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| self.is_working_day(*d))
            .count() as u32;
        CalendarYear {
            year,
            holidays: schedule.holidays.into_iter().collect(),
            workdays: schedule.workdays.into_iter().collect(),
            working_days,
        }
    }

    /// `start` plus `span` of business time: only working days count, and only their business
    /// hours when `[hours]` is set (whole days otherwise). Used for L2/L3 deadlines under
    /// `sla_clock = "business"`.
    pub fn add_business(&self, start: Time, span: Duration, offset: FixedOffset) -> Time {
        if span <= Duration::zero() {
            return start;
        }
        let (open, close) = match self.hours {
            Some(h) => (h.open, h.close),
            None => (NaiveTime::MIN, NaiveTime::MIN),
        };
        let mut left = span;
        let mut cursor = start.with_timezone(&offset).naive_local();
        // Ten years of days bounds the walk; a span that long is not a deadline.
        for _ in 0..3660 {
            let day = cursor.date();
            let day_open = day.and_time(open);
            let day_close = if self.hours.is_some() {
                day.and_time(close)
            } else {
                day.and_time(NaiveTime::MIN) + Duration::days(1)
            };
            if self.is_working_day(day) {
                let from = cursor.max(day_open);
                if from < day_close {
                    let available = day_close - from;
                    if left <= available {
                        let local = from + left;
                        return offset
                            .from_local_datetime(&local)
                            .single()
                            .map(|t| t.with_timezone(&chrono::Utc))
                            .unwrap_or(start + span);
                    }
                    left -= available;
                }
            }
            cursor = (day + Duration::days(1)).and_time(NaiveTime::MIN);
        }
        start + span
    }
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
