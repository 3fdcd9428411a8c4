//! Dates and instants as domain tests write them: `day("2026-11-23")`,
//! `at("2026-11-23T02:00:00Z")`. Test-only.

use chrono::NaiveDate;

use super::Time;

/// A `YYYY-MM-DD` date.
pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a YYYY-MM-DD date")
}

/// An RFC 3339 instant.
pub fn at(s: &str) -> Time {
    chrono::DateTime::parse_from_rfc3339(s)
        .expect("an RFC 3339 instant")
        .to_utc()
}
