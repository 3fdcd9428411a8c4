//! Survey arithmetic: rounds and their deadlines on the working-day calendar, coverage and
//! valid return against 95 %, scores as people type them, and which scores open a case.

use super::*;
use crate::domain::calendar::WorkCalendar;
use crate::domain::test_time::{at, day as d};

fn now() -> Time {
    at("2026-12-01T02:00:00Z")
}

fn unit(n: u32) -> UnitCode {
    UnitCode {
        building: 1,
        unit: 1,
        room: n,
    }
}

fn round(month: &str, occupied: u32) -> SurveyRound {
    let cal = WorkCalendar::shipped();
    SurveyRound::open(
        RoundMonth::parse(month).unwrap(),
        false,
        None,
        occupied,
        StaffId(1),
        now(),
        &cal,
    )
    .unwrap()
}

#[test]
fn r_sat_01_rounds_are_june_and_december() {
    let cal = WorkCalendar::shipped();
    let e = SurveyRound::open(
        RoundMonth::parse("2026-11").unwrap(),
        false,
        None,
        10,
        StaffId(1),
        now(),
        &cal,
    )
    .unwrap_err();
    assert!(e.to_string().contains("June and December"), "{e}");
    assert!(SurveyRound::open(
        RoundMonth::parse("2026-11").unwrap(),
        true,
        None,
        10,
        StaffId(1),
        now(),
        &cal
    )
    .is_ok());
    let e = SurveyRound::open(
        RoundMonth::parse("2026-12").unwrap(),
        false,
        Some(d("2027-01-04")),
        10,
        StaffId(1),
        now(),
        &cal,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("issue"), "{e}");
}

#[test]
fn r_sat_03_04_r_rpt_05_deadlines_count_working_days() {
    let cal = WorkCalendar::shipped();
    // June 2026: Mon 15 June is a working day; ten working days on (the 19th is 端午) → 30 June.
    let june = round("2026-06", 100);
    assert_eq!(june.issue_date, d("2026-06-15"));
    assert_eq!(june.collect_by, d("2026-06-30"));
    // R-SAT-04: three working days after → 3 July; R-RPT-05: the report by 31 July.
    assert_eq!(june.stats_due(&cal), d("2026-07-03"));
    assert_eq!(june.report_due(), d("2026-07-31"));
    // December 2026: Tue 15th → collect by Tue 29th; closed early on the 23rd, stats by the 28th.
    let mut dec = round("2026-12", 100);
    assert_eq!(
        (dec.issue_date, dec.collect_by),
        (d("2026-12-15"), d("2026-12-29"))
    );
    dec.close(d("2026-12-23")).unwrap();
    assert_eq!(dec.stats_due(&cal), d("2026-12-28"));
    assert_eq!(dec.report_due(), d("2027-01-31"));
    assert!(
        dec.issue(&[unit(1)]).is_err(),
        "a closed round takes no more forms"
    );
}

#[test]
fn the_fifteenth_on_a_day_off_moves_to_the_next_working_day() {
    // 15 November 2026 is a Sunday.
    let cal = WorkCalendar::shipped();
    let r = SurveyRound::open(
        RoundMonth::parse("2026-11").unwrap(),
        true,
        None,
        1,
        StaffId(1),
        now(),
        &cal,
    )
    .unwrap();
    assert_eq!(r.issue_date, d("2026-11-16"));
}

#[test]
fn r_sat_02_03_coverage_and_valid_return_against_95_percent() {
    let cal = WorkCalendar::shipped();
    let mut r = round("2026-12", 40);
    let units: Vec<_> = (1..=38).map(unit).collect();
    assert_eq!(r.issue(&units).unwrap(), 38);
    assert_eq!(r.issue(&units[..3]).unwrap(), 0, "a dwelling gets one form");
    let full = Scores::parse("4,5,4,4,5,5,4").unwrap();
    let partial = Scores::parse("security=2,overall=4").unwrap();
    let mut responses: Vec<_> = units[..36]
        .iter()
        .map(|u| SurveyResponse::new(&r, *u, full, "", StaffId(2), now()).unwrap())
        .collect();
    responses.push(SurveyResponse::new(&r, units[36], partial, "", StaffId(2), now()).unwrap());
    let s = r.status(&responses, d("2026-12-22"), &cal);
    // 38 of 40 = 95.0 % coverage: met. 36 valid of 38 issued = 94.7 %: not met.
    assert_eq!((s.coverage_percent, s.coverage_met), (Some(95.0), true));
    assert_eq!(
        (s.returned, s.valid, s.return_percent, s.return_met),
        (37, 36, Some(94.7), false)
    );
    // 22 → 29 December: 23, 24, 25, 28, 29.
    assert_eq!((s.collect_days_left, s.collect_overdue), (5, false));
    let security = &s.topics[0];
    assert_eq!(
        (security.answered, security.distribution),
        (37, [0, 1, 0, 36, 0])
    );
    assert_eq!(security.average, Some(3.9));
    let late = r.status(&responses, d("2026-12-30"), &cal);
    assert!(late.collect_overdue);
}

#[test]
fn r_cb_05_scores_parse_in_form_order_or_by_name() {
    assert_eq!(
        Scores::parse("4,5,3,-,5,4,4")
            .unwrap()
            .get(Topic::ServiceFees),
        None
    );
    assert_eq!(
        Scores::parse("安全=1 overall=5")
            .unwrap()
            .get(Topic::Security),
        Some(1)
    );
    for bad in [
        "4,5,3",
        "6,5,4,4,5,5,4",
        "security=0",
        "-,-,-,-,-,-,-",
        "colour=3",
    ] {
        let e = Scores::parse(bad).unwrap_err();
        assert!(matches!(e, DeskError::Validation { .. }), "{bad}: {e}");
    }
}

#[test]
fn r_sat_05_low_scores_on_property_topics_only() {
    let r = round("2026-12", 10);
    let resp = SurveyResponse::new(
        &r,
        unit(1),
        Scores::parse("2,5,1,4,5,5,1").unwrap(),
        "电梯常坏",
        StaffId(2),
        now(),
    )
    .unwrap();
    assert_eq!(
        resp.low_scores(),
        [(Topic::Security, 2), (Topic::Facilities, 1)],
        "overall is not a PM topic"
    );
}
