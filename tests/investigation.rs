//! R-INT-17 (001:397): a resident's complaint is investigated and verified the same day; the
//! clock runs to the end of the day it came in, shows on the deadline board and in the
//! report, and what was found reaches the supervisors (the office head) in their digest, on
//! the screen in both languages and on the command line. Rule ids refer to
//! ../shared/DOMAIN.md.

mod common;

use common::cases::case_row;
use common::clocked::{clocked_desk, local};
use common::screen::text_of;
use common::*;
use frontdesk::client::Client;
use frontdesk::domain::case::{CaseView, SlaClock};
use frontdesk::domain::report::{Period, PeriodKind};
use frontdesk::domain::{DeskError, Ticket};
use frontdesk::protocol::req;
use frontdesk::protocol::CaseStep;
use frontdesk::testkit::{Drive, BOSS, LI, WANG};
use frontdesk::tui::i18n::Lang;

fn investigate(c: &mut Client, t: &Ticket, finding: &str) -> Result<(), DeskError> {
    common::cases::take_step(c, t, CaseStep::Investigate(finding.into())).map(|_| ())
}

#[test]
fn r_int_17_a_complaint_is_investigated_the_same_day_and_the_supervisor_reads_the_finding() {
    let d = clocked_desk("2026-10-05 09:00");
    let mut li = d.desk.client(LI).unwrap();
    let mut boss = d.desk.client(BOSS).unwrap();
    let who = add_customer(&mut li, "张伟", "13800000001", "1-1-101");
    let case = add_case(&mut li, who, "楼上夜间装修噪音");
    let t = case.ticket.clone();
    let end_of_day = local("2026-10-06 00:00") - chrono::Duration::seconds(1);
    assert_eq!(case.deadlines.investigate, Some(end_of_day));
    // The day ends with nothing found: the board shows the clock run out.
    d.at("2026-10-06 00:30");
    assert!(case_row(&mut boss, CaseView::Open, &t)
        .overdue
        .contains(&SlaClock::Investigate));
    // A clerk not on the case is refused, naming who may; nothing is written.
    let mut wang = d.desk.client(WANG).unwrap();
    let refused = investigate(&mut wang, &t, "看过了").unwrap_err();
    assert!(matches!(refused, DeskError::Forbidden(_)), "{refused:?}");
    assert!(refused.to_string().contains("supervisor"), "{refused}");
    assert_eq!(
        case_row(&mut boss, CaseView::Open, &t).version,
        case.version
    );
    // The owner records what was found the next morning: the clock stops, late.
    d.at("2026-10-06 08:00");
    investigate(&mut li, &t, "核实：楼上夜间施工属实，已告知施工队").unwrap();
    let now = case_row(&mut boss, CaseView::Open, &t);
    assert!(!now.overdue.contains(&SlaClock::Investigate), "{now:?}");
    // The supervisor's digest lists it; a clerk's has no such section.
    let digest = boss.send(req::Digest { changes_after: 0 }).unwrap();
    let findings = digest
        .findings
        .expect("a supervisor's digest lists findings");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].case.ticket, t.0);
    assert!(findings[0].finding.contains("施工属实"));
    let clerks = li.send(req::Digest { changes_after: 0 }).unwrap();
    assert_eq!(clerks.findings, None);
    // On the supervisor's screen, in both languages.
    for (lang, heading, event) in [
        (
            Lang::En,
            "Investigations recorded today (1)",
            "investigated: 核实",
        ),
        (Lang::Zh, "今日调查核实结果 (1)", "调查核实：核实"),
    ] {
        let mut app = d.app(BOSS, lang);
        assert!(app.open_digest(0));
        let text = text_of(&mut app);
        assert!(text.contains(heading), "{text}");
        assert!(text.contains("楼上夜间施工属实"), "{text}");
        // Enter opens the case, whose timeline holds the finding.
        app.press("<Down><Enter>");
        let text = text_of(&mut app);
        assert!(text.contains(event), "{text}");
    }
    // The day's report counts the clock: one complaint, investigated late.
    let period = Period::parse(
        PeriodKind::Day,
        None,
        local("2026-10-05 10:00").date_naive(),
    )
    .unwrap();
    let report = boss.send(req::Report { period }).unwrap();
    let clock = report
        .deadline("investigate")
        .expect("the investigate clock");
    assert_eq!((clock.cases, clock.met, clock.missed), (1, 0, 1));
}

/// The finding from the command line: `case investigate`, then `case show` lists it.
#[test]
fn r_int_17_case_investigate_on_the_command_line() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let ticket = run_ok(&data, &case_add("C1", "楼上漏水", &[]));
    let t = ticket.trim();
    run_ok(
        &data,
        &[
            "case",
            "investigate",
            t,
            "--finding",
            "核实：楼上卫生间防水层破损",
        ],
    );
    let shown = run_ok(&data, &["case", "show", t]);
    assert!(
        shown.contains("investigated: 核实：楼上卫生间防水层破损"),
        "{shown}"
    );
    assert!(shown.contains("investigate by"), "{shown}");
}
