//! The Reports pane (F7) on a demo desk with 75 days of carried-through history: the month's
//! charts, moving between periods and kinds, writing the shown report to files, and a
//! clerk told that reports are for supervisors.

mod common;

use common::screen::{screen, text_of};
use frontdesk::client::Calls;
use frontdesk::domain::Policy;
use frontdesk::protocol::req;
use frontdesk::testkit::{fixed_now, Drive, TestDesk, ADMIN, BOSS, LI};
use frontdesk::tui::app::Focus;
use frontdesk::tui::i18n::Lang;

fn history_desk() -> (tempfile::TempDir, TestDesk) {
    let dir = tempfile::tempdir().unwrap();
    let fx = TestDesk::frozen(dir.path(), Policy::default(), fixed_now())
        .and_then(|d| d.staff_up(0))
        .unwrap();
    fx.client(ADMIN)
        .unwrap()
        .send(req::Demo {
            customers: 300,
            seed: 1,
            history_days: 75,
        })
        .unwrap();
    (dir, fx)
}

#[test]
fn r_rpt_01_03_snapshot_reports_pane_month_and_quarter() {
    let (_d, fx) = history_desk();
    let mut boss = fx.app(BOSS, Lang::En).unwrap();
    boss.press("<F7>");
    assert_eq!(boss.focus, Focus::Reports);
    insta::assert_snapshot!("reports_month", screen(&mut boss).backend());
    boss.press("<Left>");
    let october = text_of(&mut boss);
    assert!(october.contains("Monthly report 2026-10"), "{october}");
    assert!(october.contains("change vs 2026-09"), "{october}");
    boss.press("<Right><Right>");
    assert!(
        text_of(&mut boss).contains("Monthly report 2026-11"),
        "no report for a month that has not begun"
    );
    boss.press("q");
    assert!(text_of(&mut boss).contains("Quarterly report 2026-Q4"));
    let mut zh = fx.app(BOSS, Lang::Zh).unwrap();
    zh.press("<F7>");
    insta::assert_snapshot!("reports_month_zh", screen(&mut zh).backend());
}

#[test]
fn w_writes_the_shown_report_and_clerks_are_refused() {
    let (_d, fx) = history_desk();
    let out = tempfile::tempdir().unwrap();
    let mut boss = fx.app(BOSS, Lang::En).unwrap();
    boss.reports.out_dir = out.path().to_path_buf();
    boss.press("<F7><Left>w");
    let md = std::fs::read_to_string(out.path().join("report-2026-10.md")).unwrap();
    assert!(md.starts_with("# Frontdesk month report 2026-10"), "{md}");
    let csv = std::fs::read_to_string(out.path().join("report-2026-10.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(text_of(&mut boss).contains("report-2026-10.csv"));

    let mut li = fx.app(LI, Lang::En).unwrap();
    li.press("<F7>");
    let screen = text_of(&mut li);
    assert!(screen.contains("supervisor"), "{screen}");
}

#[test]
fn snapshot_survey_view() {
    use frontdesk::domain::survey::{RoundMonth, Scores};

    let (_d, fx) = history_desk();
    let mut boss_c = fx.client(BOSS).unwrap();
    boss_c
        .send(req::SurveyOpen {
            month: RoundMonth::parse("2026-12").unwrap(),
            off_cycle: false,
            issue_on: None,
        })
        .unwrap();
    boss_c
        .send(req::SurveyIssue {
            round: None,
            units: vec![],
            all_occupied: true,
        })
        .unwrap();
    let mut li = fx.client(LI).unwrap();
    for (id, scores) in [
        (30, "5,5,4,4,5,5,5"),
        (31, "4,3,2,4,4,5,4"),
        (32, "4,4,4,-,5,5,4"),
    ] {
        let card = li
            .send(req::CustomerShow::of(frontdesk::domain::CustomerId(id)))
            .unwrap();
        li.send(req::SurveyRecord {
            round: None,
            unit: card.customer.units[0],
            scores: Scores::parse(scores).unwrap(),
            comment: String::new(),
        })
        .unwrap();
    }
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<F7>s");
    let text = text_of(&mut app);
    assert!(text.contains("Satisfaction survey 2026-12"), "{text}");
    assert!(text.contains("working days left"), "{text}");
    insta::assert_snapshot!("survey_view", screen(&mut app).backend());
    let mut zh = fx.app(BOSS, Lang::Zh).unwrap();
    zh.press("<F7>s");
    insta::assert_snapshot!("survey_view_zh", screen(&mut zh).backend());

    // Another counter records a form: the open survey view follows without a key.
    let card = li
        .send(req::CustomerShow::of(frontdesk::domain::CustomerId(40)))
        .unwrap();
    li.send(req::SurveyRecord {
        round: None,
        unit: card.customer.units[0],
        scores: Scores::parse("5,5,5,5,5,5,5").unwrap(),
        comment: String::new(),
    })
    .unwrap();
    app.await_events();
    let text = text_of(&mut app);
    assert!(
        text.contains("Valid return 3/"),
        "two valid before, three now: {text}"
    );
}

#[test]
fn the_survey_view_before_any_round_says_so_in_the_screens_language() {
    let (_d, fx) = history_desk();
    let mut zh = fx.app(LI, Lang::Zh).unwrap();
    zh.press("<F7>s");
    let text = text_of(&mut zh);
    assert!(text.contains("暂无满意度调查"), "{text}");
}
