//! The Paperwork pane (F8, 办事) on a desk with a permit awaiting approval, one expiring,
//! one awaiting inspection, a slip, a visitor, a radio out and arrears: snapshots in English
//! and Chinese, a form and its field errors, transitions by their keys, and the guard's
//! screen, which is the gate alone.

mod common;

use common::screen::{screen, text_of};
use frontdesk::domain::Policy;
use frontdesk::protocol::req;
use frontdesk::testkit::paperwork::{Paperwork, GATE};
use frontdesk::testkit::{fixed_now, Drive, TestDesk, BOSS, LI};
use frontdesk::tui::app::Focus;
use frontdesk::tui::i18n::Lang;

fn desk() -> (tempfile::TempDir, TestDesk, Paperwork) {
    let dir = tempfile::tempdir().unwrap();
    let fx = TestDesk::frozen(dir.path(), Policy::default(), fixed_now())
        .and_then(|d| d.staff_up(0))
        .unwrap();
    let papers = fx.paperwork_demo().unwrap();
    (dir, fx, papers)
}

#[test]
fn snapshot_paperwork_pane_lists_in_english_and_chinese() {
    let (_d, fx, _) = desk();
    let mut li = fx.app(LI, Lang::En).unwrap();
    li.press("<F8>");
    assert_eq!(li.focus, Focus::Paperwork);
    insta::assert_snapshot!("paperwork_permits", screen(&mut li).backend());
    li.press("5");
    insta::assert_snapshot!("paperwork_fees", screen(&mut li).backend());
    let mut zh = fx.app(LI, Lang::Zh).unwrap();
    zh.press("<F8>");
    insta::assert_snapshot!("paperwork_permits_zh", screen(&mut zh).backend());
    zh.press("4");
    let text = text_of(&mut zh);
    assert!(
        text.contains("对讲机 #4") && text.contains("王芳"),
        "{text}"
    );
}

#[test]
fn r_ops_07_a_new_permit_form_names_the_field_to_fix() {
    let (_d, fx, _) = desk();
    let mut li = fx.app(LI, Lang::En).unwrap();
    li.press("<F8>n");
    insta::assert_snapshot!("paperwork_permit_form", screen(&mut li).backend());
    // Unit, resident, works, contractor, licence, supervisor, phone, ID — then the workers
    // without a pass number.
    li.press("3-2-1102<Tab>C1<Tab>刷墙<Tab>安居装饰<Tab>L-1<Tab>王工<Tab>13900000001<Tab>X1<Tab>张三<Enter>");
    let text = text_of(&mut li);
    assert!(
        text.contains("workers:") && text.contains("name:pass"),
        "{text}"
    );
    li.press(":T9<Enter>");
    let text = text_of(&mut li);
    assert!(!text.contains("Form"), "saved, the form closed: {text}");
    assert!(
        text.contains("applied") || text.contains("Awaiting approval"),
        "{text}"
    );
}

#[test]
fn r_ops_08_to_10_transitions_by_their_keys() {
    let (_d, fx, papers) = desk();
    let mut li = fx.app(LI, Lang::En).unwrap();
    li.press("<F8>");
    // The list: awaiting approval first (selected), then expiring, then awaiting inspection.
    let text = text_of(&mut li);
    let order: Vec<usize> = [&papers.awaiting, &papers.expiring, &papers.inspecting]
        .iter()
        .map(|no| text.find(&no.0).unwrap_or_else(|| panic!("{no} in {text}")))
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{text}");
    // A clerk's approval is refused by the daemon, in the form.
    li.press("A2000<Tab>YJ-1<Tab>300<Tab>LJ-1<Tab><Tab>2026-12-20<Enter>");
    assert!(
        text_of(&mut li).contains("only a supervisor"),
        "{}",
        text_of(&mut li)
    );
    li.press("<Esc>");
    // The inspection: third row.
    li.press("<Down><Down>i");
    let text = text_of(&mut li);
    assert!(
        text.contains(&format!("{} passed", papers.inspecting)),
        "{text}"
    );
    // A supervisor approves with the keys; R-OPS-07's cap is the daemon's.
    let mut boss = fx.app(BOSS, Lang::En).unwrap();
    boss.press("<F8>A2000<Tab>YJ-1<Tab>300<Tab>LJ-1<Tab><Tab>2027-03-01<Enter>");
    assert!(
        text_of(&mut boss).contains("at most 3 months"),
        "{}",
        text_of(&mut boss)
    );
    boss.press("<C-u>2027-02-20<Enter>");
    let text = text_of(&mut boss);
    assert!(
        text.contains(&format!("{} issued", papers.awaiting)),
        "{text}"
    );
}

#[test]
fn r_ops_02_the_guards_screen_is_the_gate_verify_then_let_out_once() {
    let (_d, fx, papers) = desk();
    let mut gate = fx.app(GATE, Lang::Zh).unwrap();
    assert_eq!(gate.focus, Focus::Paperwork, "a guard starts at the gate");
    gate.press("<F2>");
    assert_eq!(gate.focus, Focus::Paperwork, "and stays there");
    gate.press(&format!("{}<Enter>", papers.slip));
    let text = text_of(&mut gate);
    assert!(
        text.contains("VALID") && text.contains("旧沙发一套"),
        "{text}"
    );
    insta::assert_snapshot!("paperwork_gate_valid_zh", screen(&mut gate).backend());
    gate.press("o南门<Enter>");
    assert!(
        text_of(&mut gate).contains("USED"),
        "{}",
        text_of(&mut gate)
    );
    gate.press(&format!("<Enter>{}<Enter>", papers.slip));
    let text = text_of(&mut gate);
    assert!(
        text.contains("USED") && text.contains("南门"),
        "the second answer is USED: {text}"
    );
    gate.press("o北门<Enter>");
    assert!(text_of(&mut gate).contains("USED"), "exactly once");
}

#[test]
fn the_desks_lists_show_slips_out_and_a_units_arrears_in_capitals() {
    let (_d, fx, papers) = desk();
    let mut li = fx.app(LI, Lang::Zh).unwrap();
    li.press("<F8>2");
    let text = text_of(&mut li);
    assert!(
        text.contains(&papers.slip.0) && text.contains("VALID"),
        "{text}"
    );
    li.press("x住户改期<Enter>");
    let text = text_of(&mut li);
    assert!(text.contains("VOID") && text.contains("住户改期"), "{text}");
    li.press("5");
    let text = text_of(&mut li);
    assert!(text.contains("壹仟叁佰贰拾元捌角"), "R-OPS-13 大写: {text}");
    li.press("r<Tab>refused<Enter>");
    assert!(text_of(&mut li).contains("拒缴"), "{}", text_of(&mut li));
}

#[test]
fn a_long_reminder_list_keeps_the_selected_unit_on_screen() {
    use frontdesk::client::Calls;
    use frontdesk::domain::fees::Arrear;

    let dir = tempfile::tempdir().unwrap();
    let fx = TestDesk::frozen(dir.path(), Policy::default(), fixed_now())
        .and_then(|d| d.staff_up(300))
        .unwrap();
    let mut units: Vec<String> = frontdesk::demo::residents(300, 1)
        .into_iter()
        .filter_map(|r| r.units.first().cloned())
        .collect();
    units.sort();
    units.dedup();
    let rows: Vec<(u32, Arrear)> = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            (
                i as u32 + 2,
                Arrear::from_row(u, "water", "2026-10", "10").unwrap(),
            )
        })
        .collect();
    assert!(rows.len() > 100, "{} units", rows.len());
    let list = fx
        .client(frontdesk::testkit::ADMIN)
        .unwrap()
        .send(req::FeesImport { rows })
        .unwrap();
    let mut li = fx.app(LI, Lang::En).unwrap();
    li.press("<F8>5");
    li.press(&"<Down>".repeat(100));
    let shown = list[100].unit.to_string();
    let text = text_of(&mut li);
    assert!(
        text.contains(&format!(" {shown} ")),
        "{shown} on screen:\n{text}"
    );
    assert!(!text.contains(&format!(" {} ", list[0].unit)), "{text}");
}
