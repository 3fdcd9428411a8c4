//! Undo: an operator's own last step on a case, within the policy's window (two minutes by
//! default), undone as an audited compensating change — the case's state as before the
//! step, nothing deleted from its timeline; refused with the reason once someone else has
//! acted on it, once the window has passed, or when the step queued a callback. On the
//! screen Ctrl-Z names the step first, in both languages.

mod common;

use common::cases::take_step;
use common::clocked::{clocked_desk, local};
use common::screen::{screen, text_of};
use common::*;
use frontdesk::client::Client;
use frontdesk::domain::case::{CaseEvent, CaseStatus, Resolution};
use frontdesk::domain::{Case, Ticket};
use frontdesk::protocol::{req, CaseStep, DispatchTarget};
use frontdesk::testkit::{Drive, ADMIN, LI, WANG};
use frontdesk::tui::i18n::Lang;

fn complaint(c: &mut Client) -> Ticket {
    let who = add_customer(c, "张伟", "13800001102", "3-2-1102");
    c.send(req::CaseAdd {
        draft: draft(who, "楼上漏水"),
    })
    .unwrap()
    .ticket
}

fn dispatch_to_wang(c: &mut Client, t: &Ticket) -> Case {
    take_step(
        c,
        t,
        CaseStep::Dispatch(DispatchTarget::Staff("wang".into())),
    )
    .unwrap()
}

fn undo(c: &mut Client) -> Result<Case, String> {
    let offer = c.send(req::UndoPreview {}).map_err(|e| e.to_string())?;
    c.send(req::Undo {
        ticket: offer.ticket,
        at: offer.at,
    })
    .map_err(|e| e.to_string())
}

#[test]
fn a_mistaken_dispatch_is_undone_by_its_operator_and_nothing_is_deleted() {
    let d = clocked_desk("2026-11-24 09:00");
    let mut li = d.desk.client(LI).unwrap();
    let t = complaint(&mut li);
    let before = dispatch_to_wang(&mut li, &t);
    assert_eq!(before.status, CaseStatus::Dispatched);

    d.at("2026-11-24 09:01");
    let offer = li.send(req::UndoPreview {}).unwrap();
    assert_eq!(offer.ticket, t);
    assert_eq!(offer.operation, "case.dispatch");
    assert_eq!(offer.at, local("2026-11-24 09:00"));
    let undone = undo(&mut li).unwrap();
    assert_eq!(undone.status, CaseStatus::Registered);
    assert_eq!(undone.handler, None);
    assert_eq!(undone.dispatched_at, None, "the dispatch clock runs again");
    // Never a deletion: the dispatch is still on the timeline, and the undo after it.
    assert!(undone
        .timeline
        .iter()
        .any(|e| matches!(e.event, CaseEvent::Dispatched(_))));
    assert!(matches!(
        undone.timeline.last().map(|e| &e.event),
        Some(CaseEvent::Undone { operation, .. }) if operation == "case.dispatch"
    ));
    assert!(undone.version > before.version);
    // Audited.
    let mut admin = d.desk.client(ADMIN).unwrap();
    let trail = admin
        .send(req::Changes {
            after_seq: 0,
            limit: 1000,
        })
        .unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.operation, "case.undo");
    assert!(
        last.summary.contains("undid their case.dispatch"),
        "{}",
        last.summary
    );
    // Undone once.
    let again = undo(&mut li).unwrap_err();
    assert!(again.contains("no step on a case to undo"), "{again}");
}

#[test]
fn too_late_or_after_a_colleague_acted_the_step_stands_and_the_reason_is_given() {
    let d = clocked_desk("2026-11-24 09:00");
    let mut li = d.desk.client(LI).unwrap();
    let mut wang = d.desk.client(WANG).unwrap();
    let t = complaint(&mut li);
    dispatch_to_wang(&mut li, &t);
    d.at("2026-11-24 09:03");
    let late = undo(&mut li).unwrap_err();
    assert!(late.contains("more than 2 minutes ago"), "{late}");

    // A new step, then Wang starts work on it: Li's undo would take it from under him.
    take_step(&mut li, &t, CaseStep::Note("已电话联系住户".into())).unwrap();
    take_step(&mut wang, &t, CaseStep::Start).unwrap();
    let version = li
        .send(req::CaseShow {
            ticket: t.clone(),
            reason: None,
        })
        .unwrap()
        .version;
    let since = undo(&mut li).unwrap_err();
    assert!(since.contains("王芳 has acted on"), "{since}");
    let after = li
        .send(req::CaseShow {
            ticket: t.clone(),
            reason: None,
        })
        .unwrap();
    assert_eq!(after.version, version, "nothing written");
    assert_eq!(after.status, CaseStatus::InProgress);
}

#[test]
fn r_life_02_an_undone_reply_is_no_reply_and_a_resolution_that_queued_a_callback_stands() {
    let d = clocked_desk("2026-11-24 09:00");
    let mut li = d.desk.client(LI).unwrap();
    let t = complaint(&mut li);
    take_step(&mut li, &t, CaseStep::Reply("明天上午上门".into())).unwrap();
    let undone = undo(&mut li).unwrap();
    assert!(
        !undone.replied_since_opened(),
        "R-LIFE-02: the undone reply does not count"
    );
    let fix = Resolution::new("换了阀门", "阀门老化", "加入月检");
    let refused = take_step(&mut li, &t, CaseStep::Resolve(fix.clone())).unwrap_err();
    assert!(refused.to_string().contains("reply"), "{refused}");

    take_step(&mut li, &t, CaseStep::Reply("明天上午上门".into())).unwrap();
    let resolved = take_step(&mut li, &t, CaseStep::Resolve(fix)).unwrap();
    let queued = resolved.callback.expect("a complaint is called back");
    let stands = undo(&mut li).unwrap_err();
    assert!(
        stands.contains(&format!("queued callback {queued}")),
        "{stands}"
    );
}

#[test]
fn ctrl_z_names_the_step_then_undoes_it_in_both_languages() {
    for (lang, asks, done, mark) in [
        (
            Lang::En,
            "Undo your last step — dispatched a case on T2611-0001",
            "Undone: dispatched a case on T2611-0001",
            "(undone)",
        ),
        (
            Lang::Zh,
            "撤销您的上一步：11-24 09:00 在 T2611-0001 上“派了工单”",
            "已撤销：T2611-0001 上的“派了工单”",
            "（已撤销）",
        ),
    ] {
        let d = clocked_desk("2026-11-24 09:00");
        let mut li = d.desk.client(LI).unwrap();
        let t = complaint(&mut li);
        dispatch_to_wang(&mut li, &t);
        let mut app = d.app(LI, lang);
        app.press("<C-z>");
        let text = text_of(&mut app);
        assert!(text.contains(asks), "{text}");
        insta::assert_snapshot!(
            format!(
                "undo_confirm_{}",
                if lang == Lang::En { "en" } else { "zh" }
            ),
            screen(&mut app).backend()
        );
        // Esc keeps it; Ctrl-Z again and Enter undoes it.
        app.press("<Esc>");
        assert!(!text_of(&mut app).contains(asks));
        app.press("<C-z><Enter>");
        app.drain_events();
        let text = text_of(&mut app);
        assert!(text.contains(done), "{text}");
        // The case view shows the dispatch, marked undone.
        app.press(&format!("<F2>{}<Enter>", t.0));
        let text = text_of(&mut app);
        assert!(text.contains(mark), "{text}");
    }
}

#[test]
fn the_cli_says_what_it_would_undo_and_undoes_it_with_yes() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let out = run_ok(&data, &case_add("C1", "楼上漏水", &[]));
    let ticket = out
        .split_whitespace()
        .find(|w| w.starts_with('T'))
        .unwrap()
        .to_string();
    run_ok(&data, &["case", "note", &ticket, "--text", "已联系"]);
    let said = run_ok(&data, &["undo"]);
    assert!(said.contains(&format!("case.note on {ticket}")), "{said}");
    assert!(said.contains("frontdesk undo --yes"), "{said}");
    let done = run_ok(&data, &["undo", "--yes"]);
    assert!(done.contains("undid case.note"), "{done}");
    let (ok, _, err) = run(&data, &["undo"]);
    assert!(!ok);
    assert!(err.contains("no step on a case to undo"), "{err}");
}
