//! Reports (R-RPT-01..08) against a small seeded desk whose every figure is counted by hand
//! below: a September case for the trend, four October cases (one a repeat complaint, one
//! reopened by its callback, one registered at 23:30 on the last evening) and one just after
//! midnight on 1 November that must not count. Also: the JSON shape (snapshot), the CSV's
//! BOM and formula neutralising, and who may ask.

mod common;

use common::clocked::{clocked_desk, local, Desk};
use common::*;
use frontdesk::client::Calls;
use frontdesk::client::Client;
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::report::{render, Format, Period, PeriodKind, Report};
use frontdesk::domain::{CaseKind, Channel, CustomerId, Outcome, Severity, Ticket};
use frontdesk::protocol::req;
use frontdesk::protocol::{CaseStep, DispatchTarget};
use frontdesk::testkit::{BOSS, LI, WANG};

fn case(
    c: &mut Client,
    who: CustomerId,
    kind: CaseKind,
    channel: Channel,
    category: &str,
    severity: Severity,
) -> Ticket {
    c.send(req::CaseAdd {
        draft: CaseDraft {
            customer: Some(who),
            kind,
            channel,
            category: category.into(),
            severity,
            description: format!("{category} case"),
            promised_at: Some(common::FAR_PROMISE.parse().unwrap()),
            ..CaseDraft::default()
        },
    })
    .expect("case add")
    .ticket
}

fn go(c: &mut Client, t: &Ticket, s: CaseStep) {
    c.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: s,
    })
    .expect("step");
}

fn to(login: &str) -> CaseStep {
    CaseStep::Dispatch(DispatchTarget::Staff(login.into()))
}

/// The pending callback of `t`, answered.
fn call_back(c: &mut Client, t: &Ticket, outcome: Outcome, onsite: bool, signed: bool) {
    let rows = c
        .send(req::CallbackList {
            overdue_only: false,
            until: None,
        })
        .expect("callbacks");
    let row = rows
        .iter()
        .find(|r| r.ticket() == Some(t))
        .expect("a callback for the case");
    c.send(req::CallbackRecord {
        id: row.callback.id,
        outcome,
        onsite,
        signed,
        note: "回访".into(),
    })
    .expect("record callback");
}

fn seeded() -> (Desk, Report) {
    let d = clocked_desk("2026-09-01 08:00");
    let (mut li, mut wang) = (d.desk.client(LI).unwrap(), d.desk.client(WANG).unwrap());
    let a = add_customer(&mut li, "张伟", "13800000001", "1-1-101");
    let b = add_customer(&mut li, "王强", "13800000002", "2-1-201");
    let cc = add_customer(&mut li, "刘洋", "13800000003", "2-2-202");

    // September: one complaint, resolved in an hour, called back satisfied.
    d.at("2026-09-10 09:00");
    let s1 = case(
        &mut li,
        a,
        CaseKind::Complaint,
        Channel::Phone,
        "noise",
        Severity::L2,
    );
    d.at("2026-09-10 09:01");
    go(&mut li, &s1, to("wang"));
    d.at("2026-09-10 10:00");
    go(&mut li, &s1, CaseStep::Reply("楼上已停止施工".into()));
    go(&mut li, &s1, CaseStep::Resolve(fixed("quiet now")));
    d.at("2026-09-11 10:00");
    call_back(&mut li, &s1, Outcome::Satisfied, false, false);

    // C1: the same resident and category 25 days later — a repeat (R-LIFE-09). Every clock met.
    d.at("2026-10-05 09:00");
    let c1 = case(
        &mut li,
        a,
        CaseKind::Complaint,
        Channel::Counter,
        "noise",
        Severity::L2,
    );
    d.at("2026-10-05 09:02");
    go(&mut li, &c1, to("wang"));
    d.at("2026-10-05 09:30");
    go(&mut wang, &c1, CaseStep::Start);
    d.at("2026-10-05 12:00");
    go(&mut li, &c1, CaseStep::Reply("已与邻居沟通".into()));
    go(
        &mut li,
        &c1,
        CaseStep::Resolve(fixed("talked to the neighbour")),
    );
    d.at("2026-10-06 10:00");
    call_back(&mut li, &c1, Outcome::Satisfied, true, true);

    // C2: a repair dispatched late, answered late, resolved late, reopened by an unsatisfied
    // callback, resolved again and then satisfied.
    d.at("2026-10-08 09:00");
    let c2 = case(
        &mut wang,
        b,
        CaseKind::Repair,
        Channel::Phone,
        "plumbing",
        Severity::L3,
    );
    d.at("2026-10-08 09:10");
    go(&mut wang, &c2, to("li"));
    d.at("2026-10-08 15:00");
    go(&mut li, &c2, CaseStep::Start);
    d.at("2026-10-12 09:00");
    go(&mut wang, &c2, CaseStep::Resolve(fixed("valve replaced")));
    d.at("2026-10-13 10:00");
    call_back(&mut wang, &c2, Outcome::Unsatisfied, false, false);
    d.at("2026-10-14 09:00");
    go(&mut wang, &c2, CaseStep::Resolve(fixed("pipe replaced")));
    d.at("2026-10-15 10:00");
    call_back(&mut wang, &c2, Outcome::Satisfied, false, false);

    // C3: an inquiry nobody touched. C4: a suggestion at 23:30 on 31 October (still October
    // at the desk, though 15:30 UTC). C5: 00:30 on 1 November — not October's.
    d.at("2026-10-20 09:00");
    case(
        &mut li,
        cc,
        CaseKind::Inquiry,
        Channel::Counter,
        "fees",
        Severity::L3,
    );
    d.at("2026-10-31 23:30");
    case(
        &mut li,
        b,
        CaseKind::Suggestion,
        Channel::Letter,
        "greening",
        Severity::L3,
    );
    d.at("2026-11-01 00:30");
    case(
        &mut li,
        b,
        CaseKind::Complaint,
        Channel::Counter,
        "noise",
        Severity::L3,
    );

    d.at("2026-11-02 10:00");
    let october = Period::parse(
        PeriodKind::Month,
        Some("2026-10"),
        local("2026-11-02 10:00").date_naive(),
    )
    .unwrap();
    let report = d
        .desk
        .client(BOSS)
        .unwrap()
        .send(req::Report { period: october })
        .expect("report");
    (d, report)
}

fn counts(list: &[frontdesk::domain::report::Count]) -> Vec<(&str, u64)> {
    list.iter().map(|c| (c.key.as_str(), c.count)).collect()
}

#[test]
fn r_rpt_01_every_figure_of_the_monthly_report_counted_by_hand() {
    let (_d, r) = seeded();
    assert_eq!(r.period, "2026-10");
    let v = &r.volumes;
    assert_eq!(v.cases, 4, "C1–C4; C5 is November's");
    assert_eq!(
        counts(&v.by_kind),
        [
            ("complaint", 1),
            ("inquiry", 1),
            ("repair", 1),
            ("suggestion", 1)
        ]
    );
    assert_eq!(
        counts(&v.by_category),
        [
            ("fees", 1),
            ("greening", 1),
            ("noise", 1),
            ("water-power", 1)
        ]
    );
    assert_eq!(
        counts(&v.by_channel),
        [("counter", 2), ("letter", 1), ("phone", 1)]
    );
    assert_eq!(counts(&v.by_building), [("2", 3), ("1", 1)]);
    assert_eq!(
        (v.complaints_new, v.complaints_repeat),
        (0, 1),
        "R-LIFE-09: C1 repeats S1"
    );

    let clock = |name: &str| {
        let d = r.deadline(name).unwrap();
        (
            d.cases,
            d.met,
            d.missed,
            d.pending,
            d.met_percent,
            d.p50_minutes,
            d.p90_minutes,
        )
    };
    // R-INT-15 acknowledge: C1 at 2 min, C2 at 10 min; C3 and C4 never, now past 30 min.
    assert_eq!(
        clock("acknowledge"),
        (4, 2, 2, 0, Some(50.0), Some(2), Some(10))
    );
    // R-INT-07 dispatch (every kind but an inquiry, 000:1007): C1 in 2 min, C2 in 10, the
    // suggestion C4 never (missed).
    assert_eq!(
        clock("dispatch"),
        (3, 1, 2, 0, Some(33.3), Some(2), Some(10))
    );
    // Respond: C1 started at 30 min (L2: 2 h), C2 at 6 h (L3: 4 h), C3 (24 h) and C4 never.
    assert_eq!(
        clock("respond"),
        (4, 1, 3, 0, Some(25.0), Some(30), Some(360))
    );
    // Resolve: C1 in 3 h (L2: 24 h), C2 after 6 days, C3 overdue, C4 due tonight.
    assert_eq!(
        clock("resolve"),
        (4, 1, 2, 1, Some(33.3), Some(180), Some(8640))
    );
    // Promise (R-INT-06): every case here was promised a time at intake, none due before
    // 2099: C1 and C2 resolved within it (3 h, 6 days), C3 and C4 still running.
    assert_eq!(
        clock("promise"),
        (4, 2, 0, 2, Some(100.0), Some(180), Some(8640))
    );

    let cb = &r.callbacks;
    assert_eq!(
        (
            cb.resolved,
            cb.callbacks_due,
            cb.called_back,
            cb.callback_rate_percent
        ),
        (2, 2, 2, Some(100.0))
    );
    assert_eq!((cb.satisfied, cb.unsatisfied, cb.unreachable), (2, 1, 0));
    assert_eq!(cb.satisfaction_percent, Some(66.7));
    // R-CB-02: one of three answered callbacks was on site and signed.
    assert_eq!(
        (cb.onsite, cb.signed, cb.onsite_percent, cb.signed_percent),
        (1, 1, Some(33.3), Some(33.3))
    );
    assert_eq!(cb.reopened, 1, "R-CB-01: C2 reopened");

    // R-RPT-08: li received C1, C3, C4 and resolved C1 on time; wang received and resolved C2 late.
    let staff: Vec<_> = r
        .staff
        .iter()
        .map(|s| {
            (
                s.login.as_str(),
                s.received,
                s.resolved,
                s.resolved_on_time,
                s.on_time_percent,
                s.satisfied,
                s.unsatisfied,
                s.satisfaction_percent,
            )
        })
        .collect();
    assert_eq!(
        staff,
        [
            ("li", 3, 1, 1, Some(100.0), 1, 0, Some(100.0)),
            ("wang", 1, 1, 0, Some(0.0), 1, 1, Some(50.0)),
        ]
    );

    assert_eq!(r.daily.len(), 31);
    let busy: Vec<_> = r
        .daily
        .iter()
        .filter(|d| d.cases > 0)
        .map(|d| d.day.format("%d").to_string())
        .collect();
    assert_eq!(busy, ["05", "08", "20", "31"]);

    let t = &r.trend;
    assert_eq!(t.previous, "2026-09");
    assert_eq!(
        (t.cases.now, t.cases.before, t.cases.change),
        (Some(4.0), Some(1.0), Some(3.0))
    );
    assert_eq!(t.complaints.change, Some(0.0));
    assert_eq!(t.resolve_met_percent.change, Some(-66.7));
    assert_eq!(t.callback_rate_percent.change, Some(0.0));
    assert_eq!(t.satisfaction_percent.change, Some(-33.3));
}

#[test]
fn the_report_json_is_stable() {
    let (_d, r) = seeded();
    let mut json = serde_json::to_value(&r).unwrap();
    json["generated_at"] = "<now>".into();
    insta::assert_snapshot!(
        "report_month_json",
        serde_json::to_string_pretty(&json).unwrap()
    );
}

#[test]
fn text_and_csv_are_aligned_and_safe() {
    let (_d, mut r) = seeded();
    r.volumes.by_category[0].key = "=HYPERLINK(\"http://x\")".into();
    r.volumes.by_category[1].key = "绿化 greening".into();
    let csv = render::render(&r, Format::Csv);
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel and WPS");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "formula neutralised: {csv}"
    );
    assert!(!csv.lines().any(|l| l.starts_with('=')));
    for risky in ["+A1", "@SUM(A1)", "-2+3", "\tx", "-", "+-1", "=1", "-1e5"] {
        assert!(render::csv_cell(risky).starts_with('\''), "{risky}");
    }
    for number in ["-66.7", "+3", "12"] {
        assert_eq!(render::csv_cell(number), number, "a number stays a number");
    }
    let text = render::render(&r, Format::Text);
    // CJK columns: the count after a two-column-wide name lines up with the header's end.
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("category"))
        .unwrap();
    let row = text.lines().find(|l| l.contains("绿化 greening")).unwrap();
    use unicode_width::UnicodeWidthStr;
    assert_eq!(header.width(), row.width(), "{header}\n{row}");
    let md = render::render(&r, Format::Markdown);
    assert!(
        md.contains("## Deadlines") && md.contains("| acknowledge |"),
        "{md}"
    );
}

#[test]
fn r_rpt_07_a_daily_report_and_reports_are_for_supervisors() {
    let (d, _) = seeded();
    let period = Period::parse(
        PeriodKind::Day,
        None,
        local("2026-11-02 10:00").date_naive(),
    )
    .unwrap();
    let e = d
        .desk
        .client(LI)
        .unwrap()
        .send(req::Report { period })
        .unwrap_err();
    assert!(e.to_string().contains("supervisor"), "{e}");
    let day = d
        .desk
        .client(BOSS)
        .unwrap()
        .send(req::Report { period })
        .unwrap();
    assert_eq!(day.period, "2026-11-02");
    assert_eq!(day.volumes.cases, 0);
    assert_eq!(day.trend.previous, "2026-11-01");
    assert_eq!(day.trend.cases.before, Some(1.0), "C5");
}

#[test]
fn r_life_09_a_case_from_months_before_counts_where_it_was_resolved_and_old_history_is_not_read() {
    let d = clocked_desk("2025-03-01 09:00");
    let mut li = d.desk.client(LI).unwrap();
    let a = add_customer(&mut li, "张伟", "13800000001", "1-1-101");
    // March 2025: history, resolved the same day; never in October 2026's report.
    let old = case(
        &mut li,
        a,
        CaseKind::Repair,
        Channel::Phone,
        "plumbing",
        Severity::L3,
    );
    go(&mut li, &old, CaseStep::Resolve(fixed("fixed")));
    // July 2026: registered; resolved in October.
    d.at("2026-07-01 09:00");
    let slow = case(
        &mut li,
        a,
        CaseKind::Inquiry,
        Channel::Counter,
        "fees",
        Severity::L3,
    );
    // A complaint in July, and the same resident's same complaint in October: 88 days
    // apart, a repeat (R-LIFE-09), though July is outside October's report and its trend.
    d.at("2026-07-15 09:00");
    case(
        &mut li,
        a,
        CaseKind::Complaint,
        Channel::Phone,
        "noise",
        Severity::L3,
    );
    d.at("2026-10-10 09:00");
    go(&mut li, &slow, CaseStep::Resolve(fixed("answered")));
    d.at("2026-10-11 09:00");
    case(
        &mut li,
        a,
        CaseKind::Complaint,
        Channel::Phone,
        "noise",
        Severity::L3,
    );
    d.at("2026-11-02 10:00");
    let october = Period::parse(
        PeriodKind::Month,
        Some("2026-10"),
        local("2026-11-02 10:00").date_naive(),
    )
    .unwrap();
    let r = d
        .desk
        .client(BOSS)
        .unwrap()
        .send(req::Report { period: october })
        .unwrap();
    assert_eq!(r.volumes.cases, 1);
    assert_eq!(
        (r.volumes.complaints_new, r.volumes.complaints_repeat),
        (0, 1)
    );
    assert_eq!(
        r.callbacks.resolved, 1,
        "resolved in October, registered in July"
    );
    assert_eq!(r.staff[0].resolved_on_time, 0);
    let march = Period::parse(
        PeriodKind::Month,
        Some("2025-03"),
        local("2026-11-02 10:00").date_naive(),
    )
    .unwrap();
    let r = d
        .desk
        .client(BOSS)
        .unwrap()
        .send(req::Report { period: march })
        .unwrap();
    assert_eq!(
        (r.volumes.cases, r.callbacks.resolved),
        (1, 1),
        "an old month reads its own cases"
    );
}

/// R-RPT-01, like with like: on 9 October the month so far is compared with 1–9 September
/// (no case; the September case was registered on the 10th), not with all of September,
/// and the report says so; the same report once October is over compares whole months.
#[test]
fn r_rpt_01_a_month_in_progress_is_compared_with_the_same_days_of_the_month_before() {
    let (d, finished) = seeded();
    assert!(!finished.trend.to_date);
    assert_eq!(finished.trend.cases.before, Some(1.0));
    d.at("2026-10-09 12:00");
    let october = Period::parse(
        PeriodKind::Month,
        Some("2026-10"),
        local("2026-10-09 12:00").date_naive(),
    )
    .unwrap();
    let so_far = d
        .desk
        .client(BOSS)
        .unwrap()
        .send(req::Report { period: october })
        .unwrap();
    assert!(so_far.trend.to_date);
    assert_eq!(so_far.trend.previous, "2026-09");
    assert_eq!(so_far.trend.cases.before, Some(0.0), "1–9 September only");
}
