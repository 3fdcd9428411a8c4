//! The shipped calendar against the State Council's 2026 notice, working-day arithmetic across
//! the Spring Festival and a make-up Sunday, business time, and line-numbered file errors.

use super::*;
use crate::domain::test_time::day as d;

fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn at(s: &str) -> Time {
    cst()
        .from_local_datetime(&chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[test]
fn shipped_2026_matches_the_published_notice() {
    // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), counted by hand: 33 days off in
    // seven periods, six weekend days worked.
    let c = WorkCalendar::shipped();
    let y = c.year(2026);
    assert_eq!(y.holidays.len(), 3 + 9 + 3 + 5 + 3 + 3 + 7);
    assert_eq!(
        y.workdays,
        [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10"
        ]
        .map(d)
    );
    for (first, last) in [
        ("2026-01-01", "2026-01-03"),
        ("2026-02-15", "2026-02-23"),
        ("2026-04-04", "2026-04-06"),
        ("2026-05-01", "2026-05-05"),
        ("2026-06-19", "2026-06-21"),
        ("2026-09-25", "2026-09-27"),
        ("2026-10-01", "2026-10-07"),
    ] {
        for day in d(first).iter_days().take_while(|x| *x <= d(last)) {
            assert!(!c.is_working_day(day), "{day} is a day off");
        }
    }
    // 365 days − 104 weekend days − 19 holidays on weekdays + 6 make-up days.
    assert_eq!(y.working_days, 248);
    assert!(c.covers(2026));
}

#[test]
fn a_year_not_listed_counts_weekdays_less_the_fixed_statutory_days() {
    let c = WorkCalendar::shipped();
    assert!(!c.covers(2031));
    // 2031-01-01 is a Wednesday; 365 days = 52 weeks + 1 → 261 weekdays, less 1 January,
    // 1–2 May (Thu, Fri) and 1–3 October (Wed–Fri).
    let y = c.year(2031);
    assert_eq!(y.working_days, 255);
    assert_eq!(y.holidays.len(), 6);
    assert!(
        !c.is_working_day(d("2027-01-01")),
        "New Year's Day is fixed by law"
    );
}

#[test]
fn r_sat_03_ten_working_days_across_the_spring_festival() {
    let c = WorkCalendar::shipped();
    // From Fri 2026-02-06: 9,10,11,12,13 (5), Sat 14 worked (6), 15–23 off, 24,25,26,27 (10).
    assert_eq!(c.add_working_days(d("2026-02-06"), 10), d("2026-02-27"));
    assert_eq!(c.working_days_between(d("2026-02-06"), d("2026-02-27")), 10);
    // Without the calendar it would have been 2026-02-20, in the middle of the holiday.
    assert_eq!(
        WorkCalendar::default().add_working_days(d("2026-02-06"), 10),
        d("2026-02-20")
    );
}

#[test]
fn r_sat_04_three_working_days_across_a_make_up_sunday() {
    let c = WorkCalendar::shipped();
    // Thu 2026-09-17: Fri 18 (1), Sun 20 worked (2), Mon 21 (3).
    assert!(c.is_working_day(d("2026-09-20")));
    assert_eq!(c.add_working_days(d("2026-09-17"), 3), d("2026-09-21"));
    // Tue 2026-09-29: Wed 30 (1), 1–7 October off, Thu 8 (2), Fri 9 (3).
    assert_eq!(c.add_working_days(d("2026-09-29"), 3), d("2026-10-09"));
    assert_eq!(c.add_working_days(d("2026-09-29"), 0), d("2026-09-29"));
}

#[test]
fn business_time_skips_days_off_and_hours_outside() {
    let mut c = WorkCalendar::shipped();
    // Whole days: 24 h from Wed 2026-09-30 18:00 runs 6 h on the 30th, then resumes on 8 Oct.
    assert_eq!(
        c.add_business(at("2026-09-30 18:00"), Duration::hours(24), cst()),
        at("2026-10-08 18:00")
    );
    c.hours = Some(BusinessHours {
        open: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
        close: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
    });
    // 4 business hours from Fri 16:00 (1.5 h that day) resume Mon 08:30 → 11:00.
    assert_eq!(
        c.add_business(at("2026-11-20 16:00"), Duration::hours(4), cst()),
        at("2026-11-23 11:00")
    );
    // Before opening counts from the opening.
    assert_eq!(
        c.add_business(at("2026-11-23 07:00"), Duration::hours(2), cst()),
        at("2026-11-23 10:30")
    );
}

#[test]
fn a_bad_calendar_names_its_line() {
    let e = WorkCalendar::parse("[2026]\nholidays = [\n  \"2026-01-01\",\n  \"2026-13-01\",\n]\n")
        .unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("2026-13-01"), "{e}");
    let e = WorkCalendar::parse("[2026]\nworkdays = [\"2026-01-05\"]\n").unwrap_err();
    assert!(e.message.contains("weekday"), "{e}");
    let e = WorkCalendar::parse("[2026]\nholidays = [\"2027-01-01\"]\n").unwrap_err();
    assert!(e.message.contains("[2027]"), "{e}");
    let e = WorkCalendar::parse("\n\n[2026]\nholiday = []\n").unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    let e = WorkCalendar::parse("[hours]\nopen = \"8h\"\nclose = \"17:30\"\n").unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.to_string().starts_with("line 2: open"), "{e}");
    let e = WorkCalendar::parse("[twenty]\n").unwrap_err();
    assert_eq!(e.line, 1, "{e}");
}
