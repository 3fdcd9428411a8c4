//! Satisfaction surveys through the daemon (R-SAT-01..05): a supervisor opens December's
//! round on the occupied dwellings, the counter hands out and records forms, a low score on a
//! property topic opens a case owned by whoever recorded it, one answer per dwelling, and
//! the round's status against its targets and working-day deadlines.

mod common;

use chrono::TimeZone;
use common::*;
use frontdesk::client::Calls;
use frontdesk::client::Client;
use frontdesk::domain::survey::{RoundMonth, Scores};
use frontdesk::domain::{CaseKind, Policy, UnitCode};
use frontdesk::protocol::req;
use frontdesk::testkit::{TestDesk, BOSS, LI, WANG};

fn unit(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn desk() -> (tempfile::TempDir, TestDesk) {
    let dir = tempfile::tempdir().unwrap();
    // Thursday 10 December 2026, 10:00 at the desk.
    let now = chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 10, 10, 0, 0)
        .unwrap()
        .to_utc();
    let fx = TestDesk::frozen(dir.path(), Policy::default(), now)
        .and_then(|d| d.staff_up(0))
        .unwrap();
    (dir, fx)
}

fn record(
    c: &mut Client,
    u: &str,
    scores: &str,
    comment: &str,
) -> Result<frontdesk::domain::survey::SurveyStatus, frontdesk::client::ClientError> {
    c.send(req::SurveyRecord {
        round: None,
        unit: unit(u),
        scores: Scores::parse(scores).unwrap(),
        comment: comment.into(),
    })
}

#[test]
fn r_sat_01_to_05_a_december_round_from_open_to_close() {
    let (_d, fx) = desk();
    let mut li = fx.client(LI).unwrap();
    // Four occupied dwellings: three residents' units, one with two residents.
    let zhang = add_customer(&mut li, "张伟", "13800000001", "1-1-101");
    add_customer(&mut li, "李强", "13800000002", "1-1-102");
    add_customer(&mut li, "王芳", "13800000003", "1-2-201");
    add_customer(&mut li, "王小芳", "13800000004", "1-2-201");
    add_customer(&mut li, "刘洋", "13800000005", "2-1-301");

    let open = req::SurveyOpen {
        month: RoundMonth::parse("2026-12").unwrap(),
        off_cycle: false,
        issue_on: None,
    };
    let e = li.send(open.clone()).unwrap_err();
    assert!(
        e.to_string().contains("supervisor"),
        "a clerk does not open rounds: {e}"
    );
    let mut boss = fx.client(BOSS).unwrap();
    let s = boss.send(open.clone()).unwrap();
    assert_eq!(s.occupied, 4);
    assert_eq!(
        (s.issue_date.to_string(), s.collect_by.to_string()),
        ("2026-12-15".into(), "2026-12-29".into())
    );
    assert_eq!(
        s.stats_due.to_string(),
        "2027-01-04",
        "R-SAT-04: 1 January is a holiday by law"
    );
    assert_eq!(s.collect_days_left, 13, "11–29 December, weekends off");
    assert!(boss.send(open).is_err(), "one round collecting at a time");

    let s = li
        .send(req::SurveyIssue {
            round: None,
            units: vec![unit("1-1-101"), unit("1-1-102"), unit("1-2-201")],
            all_occupied: false,
        })
        .unwrap();
    assert_eq!(
        (s.issued, s.coverage_percent, s.coverage_met),
        (3, Some(75.0), false)
    );

    record(&mut li, "1-1-101", "5,5,4,5,5,5,5", "").unwrap();
    let e = record(&mut wang_client(&fx), "1-1-101", "4,4,4,4,4,4,4", "").unwrap_err();
    assert!(
        e.to_string().contains("one response per dwelling"),
        "one answer per dwelling: {e}"
    );
    // R-SAT-05: security 2 and facilities 1 open one complaint, owned by the recorder, filed
    // under the unit and naming the topics; `overall` 1 alone would not.
    let mut wang = wang_client(&fx);
    let s = record(&mut wang, "1-2-201", "2,4,1,4,4,4,1", "电梯经常坏").unwrap();
    assert_eq!(s.cases.len(), 1);
    let case = wang
        .send(req::CaseShow::of(
            frontdesk::domain::Ticket(s.cases[0].clone()).clone(),
        ))
        .unwrap();
    assert_eq!(case.kind, CaseKind::Complaint);
    assert_eq!(case.owner.0, WANG.uid);
    assert!(
        case.description.contains("安全 2分") && case.description.contains("公共设施 1分"),
        "{}",
        case.description
    );
    assert!(case.description.contains("电梯经常坏"));
    assert!(
        [zhang].iter().all(|z| *z != case.key.customer),
        "the case is for the resident of 1-2-201"
    );
    let s = record(&mut li, "2-1-301", "4,4,4,4,4,4,1", "").unwrap();
    assert_eq!(
        s.cases.len(),
        1,
        "overall is not a property topic (R-SAT-05)"
    );
    assert_eq!(
        (s.issued, s.coverage_percent, s.coverage_met),
        (4, Some(100.0), true),
        "a returned form was handed out"
    );
    assert_eq!(
        (s.returned, s.valid, s.return_percent, s.return_met),
        (3, 3, Some(75.0), false)
    );

    let closed = boss.send(req::SurveyClose { round: None }).unwrap();
    assert_eq!(
        closed.closed_on.map(|d| d.to_string()),
        Some("2026-12-10".into())
    );
    assert_eq!(
        closed.stats_due.to_string(),
        "2026-12-15",
        "R-SAT-04: three working days after closing"
    );
    let e = record(&mut li, "1-1-102", "4,4,4,4,4,4,4", "").unwrap_err();
    assert!(e.to_string().contains("closed"), "{e}");
    let status = li.send(req::SurveyStatus { round: None }).unwrap();
    assert_eq!(status.topics[0].distribution, [0, 1, 0, 1, 1]);
    assert_eq!(status.topics[6].average, Some(2.3), "overall: 5, 1, 1");
}

fn wang_client(fx: &TestDesk) -> Client {
    fx.client(WANG).unwrap()
}

#[test]
fn survey_commands_through_the_binary() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let (ok, out, err) = run(
        &data,
        &["survey", "open", "2026-06", "--issue-on", "2026-06-15"],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("back by 2026-06-30"),
        "R-SAT-03 across 端午: {out}"
    );
    let (ok, _, err) = run(
        &data,
        &["survey", "record", "3-2-1102", "--scores", "4,5,3"],
    );
    assert!(
        !ok && err.contains("scores") && err.contains("7 scores"),
        "{err}"
    );
    let (ok, out, err) = run(
        &data,
        &[
            "survey",
            "record",
            "3-2-1102",
            "--scores",
            "security=1,overall=4",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("low scores opened T"), "{out}");
    let (ok, out, err) = run(&data, &["survey", "report"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("security 安全") && out.contains("valid 0 of 1"),
        "{out}"
    );
}
