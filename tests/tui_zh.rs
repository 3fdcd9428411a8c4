//! Every pane and overlay of the counter screen in Chinese (`--lang zh`), as a clerk on her
//! eighth hour meets them: snapshots of each, and no English sentence on any of them —
//! only names, codes, units and key names may be in Latin letters.

mod common;

use common::screen::{latin_sentence, screen};
use frontdesk::domain::Policy;
use frontdesk::testkit::{fixed_now, Drive, TestDesk, BOSS, LI};
use frontdesk::tui::app::App;
use frontdesk::tui::i18n::Lang;

fn desk() -> (tempfile::TempDir, TestDesk) {
    let dir = tempfile::tempdir().unwrap();
    let fx = TestDesk::frozen(dir.path(), Policy::default(), fixed_now())
        .and_then(|d| d.staff_up(300))
        .unwrap();
    fx.paperwork_demo().unwrap();
    (dir, fx)
}

/// Draws the screen, checks it for English sentences and keeps its snapshot as `zh_<name>`.
fn shot(app: &mut App, name: &str) {
    app.drain_events();
    let t = screen(app);
    let buffer = t.backend().buffer();
    let width = buffer.area.width as usize;
    let cells: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    let text: Vec<String> = cells.chunks(width).map(|row| row.concat()).collect();
    let text = text.join("\n");
    if let Some(found) = latin_sentence(&text) {
        panic!("`{found}` on the Chinese screen `{name}`:\n{text}");
    }
    insta::assert_snapshot!(format!("zh_{name}"), t.backend());
}

/// One intake from the card, read back and saved: the case the later panes show.
const INTAKE: &str = "zw<Enter>n噪音<Tab>楼上装修噪音，晚上十点以后还在施工<Tab>19:00";

#[test]
fn every_pane_of_the_counter_in_chinese() {
    let (_d, fx) = desk();
    let mut li = fx.app(LI, Lang::Zh).unwrap();
    li.press("zw");
    shot(&mut li, "lookup_results");
    li.press("<Enter>");
    shot(&mut li, "card");
    li.press("e");
    shot(&mut li, "card_edit");
    li.press("<Esc><Esc><Esc><Esc>");
    li.press("<A-v>");
    shot(&mut li, "to_verify");
    li.press("<Esc><F2>zw<Enter>n");
    shot(&mut li, "intake_category_list");
    li.press("<Esc><F2><Esc><Esc><Esc>");
    li.press(INTAKE);
    li.press("<Enter>");
    shot(&mut li, "intake_read_back");
    li.press("<Enter>");
    // The save's echo brings the counts.
    li.await_events();
    shot(&mut li, "intake_saved");
    li.press("<F4>");
    shot(&mut li, "schedule");
    li.press("<F2><Esc><Esc><Esc>zw<Enter>v");
    shot(&mut li, "visit_form");
    li.press("<Esc><F5>");
    shot(&mut li, "callbacks");
    li.press("<F6>m");
    shot(&mut li, "cases_mine");
    li.press("<Enter>");
    shot(&mut li, "case_view");
    li.press("r");
    shot(&mut li, "case_step_form");
    li.press("<Esc>?");
    shot(&mut li, "help_on_a_case");
    li.press("<Esc><C-p>");
    shot(&mut li, "palette");
    li.press("<Esc><F8>");
    shot(&mut li, "paperwork_permits");
    for (key, tab) in [
        ("2", "slips"),
        ("3", "visitors"),
        ("4", "loans"),
        ("5", "fees"),
    ] {
        li.press(key);
        shot(&mut li, &format!("paperwork_{tab}"));
    }
    li.press("1n");
    shot(&mut li, "paperwork_permit_form");
}

#[test]
fn every_supervisor_pane_in_chinese() {
    let (_d, fx) = desk();
    let mut boss = fx.app(BOSS, Lang::Zh).unwrap();
    boss.press("<A-u>");
    shot(&mut boss, "duplicates");
    boss.press("<Esc><F7>");
    shot(&mut boss, "reports_month");
    boss.press("s");
    shot(&mut boss, "survey");
    boss.press("<F2>3-2-1102<Enter>");
    shot(&mut boss, "unit");
}

#[test]
fn the_finder_of_english_sentences_finds_what_it_must() {
    assert!(latin_sentence("│ 派单 to: `nobody` is not a staff username │").is_some());
    assert!(latin_sentence("类别 plumbing parking").is_some());
    assert!(latin_sentence("│ Mia Wilson  138-0000-1234  3-2-1102 │").is_none());
    assert!(latin_sentence("按 Esc 返回，Ctrl-P 命令  T2612-0001  uid 5001").is_none());
    // A command to type and a filter's keys are codes, not sentences.
    assert!(latin_sentence("主管开启一轮：frontdesk survey open").is_none());
    assert!(latin_sentence("筛选 — 关键词、kind: cat: sev: unit: staff:").is_none());
}
