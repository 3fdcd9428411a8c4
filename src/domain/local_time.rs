//! Reading times as operators type them, in the desk's local time: `2026-11-23 14:00`,
//! RFC 3339, or just `14:00` for a time on a given day. Pure: the offset and the day are
//! passed in.

use crate::domain::refusal::InputRefusal;
use crate::domain::Field;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use super::{DeskError, Time};

/// The desk's offset from its minutes east of UTC (UTC for an offset out of range, which
/// policy validation refuses anyway).
pub fn fixed_offset(offset_minutes: i32) -> FixedOffset {
    FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid"))
}

/// The desk-local day at `t`.
pub fn local_day(t: Time, offset_minutes: i32) -> NaiveDate {
    t.with_timezone(&fixed_offset(offset_minutes)).date_naive()
}

fn offset_of(field: Field, offset_minutes: i32) -> Result<FixedOffset, DeskError> {
    FixedOffset::east_opt(offset_minutes * 60)
        .ok_or_else(|| DeskError::invalid(field, InputRefusal::BadOffset {}))
}

/// A full date and time (`2026-11-23 14:00`, seconds optional, or RFC 3339).
pub fn parse_time(field: Field, s: &str, offset_minutes: i32) -> Result<Time, DeskError> {
    parse_time_on(field, s, offset_minutes, None)
}

/// Like `parse_time`, and when `day` is given a bare `HH:MM` means that time on that day.
pub fn parse_time_on(
    field: Field,
    s: &str,
    offset_minutes: i32,
    day: Option<NaiveDate>,
) -> Result<Time, DeskError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    let offset = offset_of(field, offset_minutes)?;
    let t = s.trim().replace('T', " ");
    let full = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&t, f).ok());
    let on_day = || {
        let d = day?;
        let time = NaiveTime::parse_from_str(&t, "%H:%M").ok()?;
        Some(d.and_time(time))
    };
    full.or_else(on_day)
        .and_then(|n| offset.from_local_datetime(&n).single())
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(|| {
            let value = s.to_string();
            let refusal = if day.is_some() {
                InputRefusal::NotTimeOrHour { value }
            } else {
                InputRefusal::NotTime { value }
            };
            DeskError::invalid(field, refusal)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_times() {
        let t = parse_time(Field::At, "2026-11-23 14:00", 480).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T06:00:00+00:00");
        let day = NaiveDate::from_ymd_opt(2026, 11, 23);
        assert_eq!(parse_time_on(Field::At, "14:00", 480, day).unwrap(), t);
        let e = parse_time(Field::Promised, "14:00", 480).unwrap_err();
        assert!(e.to_string().contains("promised"), "{e}");
        assert!(parse_time(Field::At, "\u{1b}[2J", 480)
            .unwrap_err()
            .to_string()
            .contains("\\u{1b}"));
    }
}

/// A length of time as people read it on a deadline board: `45m`, `2h05m`, `3d04h`.
pub fn span(seconds: i64) -> String {
    let m = seconds.abs() / 60;
    match m {
        0..=59 => format!("{m}m"),
        60..=1439 => format!("{}h{:02}m", m / 60, m % 60),
        _ => format!("{}d{:02}h", m / 1440, m / 60 % 24),
    }
}

#[cfg(test)]
mod span_tests {
    #[test]
    fn spans_read_as_minutes_hours_or_days() {
        assert_eq!(super::span(59), "0m");
        assert_eq!(super::span(-45 * 60), "45m");
        assert_eq!(super::span(125 * 60), "2h05m");
        assert_eq!(super::span(76 * 3600), "3d04h");
    }
}
