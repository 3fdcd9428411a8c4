//! The Cases pane and the case view on the screen: the views and their counts, a status-bar
//! count straight into the deadline board, every step from the keyboard, steps the operator
//! may not take dimmed with the reason, and other counters' changes arriving live.

mod common;

use common::cases::{li_case, wang_notes};
use common::screen::{desk, screen, text_of};
use frontdesk::client::Calls;
use frontdesk::domain::case::{CaseEvent, CaseView};
use frontdesk::domain::CaseStatus;
use frontdesk::protocol::req;
use frontdesk::protocol::CaseStep;
use frontdesk::testkit::{Drive, BOSS, LI, WANG};
use frontdesk::tui::app::Focus;
use frontdesk::tui::i18n::Lang;

#[test]
fn snapshot_cases_views() {
    let (_d, fx) = desk();
    li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<F6>");
    assert_eq!(app.focus, Focus::Cases);
    insta::assert_snapshot!("cases_mine", screen(&mut app).backend());
    app.press("d");
    insta::assert_snapshot!("cases_deadlines", screen(&mut app).backend());
    let mut zh = fx.app(LI, Lang::Zh).unwrap();
    zh.press("<F6>h");
    insta::assert_snapshot!("cases_handling_zh", screen(&mut zh).backend());
    let mut boss = fx.app(BOSS, Lang::En).unwrap();
    boss.press("<F6>a");
    insta::assert_snapshot!("cases_all_open_supervisor", screen(&mut boss).backend());
    let t = li_case(&fx);
    fx.client(LI)
        .unwrap()
        .send(req::CaseStep {
            ticket: t.clone(),
            base_version: None,
            step: CaseStep::Escalate {
                to: "boss".into(),
                reason: "住户要求主管出面".into(),
            },
        })
        .unwrap();
    boss.press("e");
    insta::assert_snapshot!("cases_escalated_supervisor", screen(&mut boss).backend());
}

#[test]
fn snapshot_case_view_owner_and_clerk() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut owner = fx.app(LI, Lang::En).unwrap();
    owner.press(&format!("{}<Enter>", t.0));
    assert_eq!(owner.focus, Focus::Cases);
    insta::assert_snapshot!("case_view_owner", screen(&mut owner).backend());
    // A clerk sees the owner's steps dimmed, with the reason (R-LIFE-01).
    let mut clerk = fx.app(WANG, Lang::En).unwrap();
    clerk.press(&format!("{}<Enter>", t.0));
    let text = text_of(&mut clerk);
    assert!(text.contains("only the case owner may reply"), "{text}");
    insta::assert_snapshot!("case_view_clerk", screen(&mut clerk).backend());
    // The key itself is refused with the same reason, and nothing is written.
    let before = fx
        .client(LI)
        .unwrap()
        .send(req::CaseShow::of(t.clone()))
        .unwrap()
        .version;
    clerk.press("r");
    assert!(clerk.cases.open.as_ref().unwrap().form.is_none());
    assert_eq!(
        fx.client(LI)
            .unwrap()
            .send(req::CaseShow::of(t.clone()))
            .unwrap()
            .version,
        before
    );
    let mut zh = fx.app(LI, Lang::Zh).unwrap();
    zh.press(&format!("{}<Enter>", t.0));
    insta::assert_snapshot!("case_view_owner_zh", screen(&mut zh).backend());
}

/// The README's path: a resident phones about their case → case open → reply logged, in 3
/// keys beyond the typed text (ticket, Enter; r, text, Enter).
#[test]
fn a_count_opens_deadlines_then_reply_and_resolve_with_a_cause_from_the_keyboard() {
    let (_d, fx) = desk();
    li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    // The status bar's past-SLA count: one key into the deadline board.
    app.press("<A-d>");
    assert_eq!(app.focus, Focus::Cases);
    assert_eq!(app.cases.view, CaseView::Deadlines);
    assert!(!app.cases.rows.is_empty());
    // Filter to my own cases and open the first (nearest deadline).
    app.press("/staff:li<Enter><Enter>");
    let t = app
        .cases
        .open
        .as_ref()
        .expect("case open")
        .case
        .ticket
        .clone();
    app.press("r已联系工程部，明天上午上门<Enter>");
    app.press("f换了阀门<Tab>阀门老化<Tab>加入月度巡检<Enter>");
    let case = fx
        .client(LI)
        .unwrap()
        .send(req::CaseShow::of(t.clone()))
        .unwrap();
    assert!(case
        .timeline
        .iter()
        .any(|e| matches!(&e.event, CaseEvent::Replied(t) if t.contains("明天上午"))));
    let resolution = case.timeline.iter().find_map(|e| match &e.event {
        CaseEvent::ResolvedWith(r) => Some(r.clone()),
        _ => None,
    });
    let r = resolution.expect("resolved from the keyboard");
    assert_eq!(r.cause, "阀门老化");
    assert_eq!(r.action, "加入月度巡检");
    assert_eq!(case.status, CaseStatus::Resolved);
    // Typed straight from Lookup: the ticket opens the case view.
    app.press("<Esc><Esc><F2>");
    app.press(&format!("{}<Enter>", t.0));
    assert_eq!(
        app.cases.open.as_ref().map(|d| d.case.ticket.clone()),
        Some(t)
    );
}

#[test]
fn a_complaint_without_a_cause_keeps_the_form_and_names_the_field() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(&format!("{}<Enter>", t.0));
    let kind = app.cases.open.as_ref().unwrap().case.kind;
    app.press("r已告知住户处理结果<Enter>");
    app.press("f修好了<Enter>");
    let form = app.cases.open.as_ref().unwrap().form.as_ref();
    if kind == frontdesk::domain::CaseKind::Complaint {
        let err = form.and_then(|f| f.error.clone()).expect("refused");
        assert!(err.contains("cause"), "{err}");
    }
}

/// Issue 24: the daemon's refusal reaches a Chinese screen in Chinese, naming the field by
/// its Chinese label, and an English screen in English: it travels as a code, not a sentence.
#[test]
fn a_refusal_is_shown_in_the_screens_language() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    for (lang, expected, foreign) in [
        (Lang::Zh, "“nobody”不是员工账号", "is not a staff"),
        (Lang::En, "`nobody` is not a staff username", "不是员工账号"),
    ] {
        let mut app = fx.app(LI, lang).unwrap();
        app.press(&format!("{}<Enter>", t.0));
        app.press("d@nobody<Enter>");
        let open = app.cases.open.as_ref().expect("case open");
        let err = open
            .form
            .as_ref()
            .and_then(|f| f.error.clone())
            .expect("the dispatch form keeps the refusal");
        assert!(err.contains(expected), "{lang:?}: {err}");
        assert!(!err.contains(foreign), "{lang:?}: {err}");
    }
}

#[test]
fn an_escalation_at_counter_one_appears_in_the_supervisors_view_without_a_key() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut boss = fx.app(BOSS, Lang::En).unwrap();
    boss.press("<F6>e");
    assert!(boss.cases.rows.iter().all(|r| r.ticket != t.0));
    fx.client(LI)
        .unwrap()
        .send(req::CaseStep {
            ticket: t.clone(),
            base_version: None,
            step: CaseStep::Escalate {
                to: "boss".into(),
                reason: "住户要求主管出面".into(),
            },
        })
        .unwrap();
    boss.await_events();
    assert!(boss.cases.rows.iter().any(|r| r.ticket == t.0));
    assert!(text_of(&mut boss).contains(&t.0));
    assert_eq!(boss.stats.views.escalated, 1);
}

#[test]
fn a_step_at_another_counter_shows_live_in_the_open_case() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(&format!("{}<Enter>", t.0));
    wang_notes(&fx, &t, "住户又来电催促");
    app.await_events();
    assert!(text_of(&mut app).contains("住户又来电催促"));
}

#[test]
fn a_row_of_the_card_history_opens_in_the_case_view() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    // The resident's card: the newest case is selected; Enter opens it.
    app.press("谢娟伟<Enter>");
    assert!(text_of(&mut app).contains(&format!("› {}", t.0)));
    app.press("<Enter>");
    assert_eq!(app.focus, Focus::Cases);
    assert_eq!(
        app.cases.open.as_ref().map(|d| d.case.ticket.clone()),
        Some(t)
    );
    // Esc returns to the Cases list, again to Lookup.
    app.press("<Esc>");
    assert!(app.cases.open.is_none());
}

/// Supervisor bulk reassignment: one audited change per case; a refusal of one is reported
/// by ticket and does not undo the others (R-INT-12: the new owner may not be the subject).
#[test]
fn a_bulk_reassignment_writes_one_audit_entry_per_case_and_reports_a_refusal() {
    let (_d, fx) = desk();
    let a = li_case(&fx);
    let b = li_case(&fx);
    let mut about_wang = common::draft(frontdesk::domain::CustomerId(1), "王芳态度差");
    about_wang.subject = Some("wang".into());
    let c = fx
        .client(LI)
        .unwrap()
        .send(req::CaseAdd { draft: about_wang })
        .unwrap()
        .ticket;
    let mut boss = fx.app(BOSS, Lang::En).unwrap();
    boss.press("<F6>a/staff:li<Enter>");
    assert_eq!(boss.cases.rows.len(), 3);
    boss.press("<Space><Space><Space>R");
    assert_eq!(boss.cases.marked.len(), 3);
    boss.press("wang<Tab>李娜休假，王芳接手");
    insta::assert_snapshot!("cases_bulk_reassign", screen(&mut boss).backend());
    boss.press("<Enter>");
    let message = boss.message.clone().map(|m| m.1).unwrap_or_default();
    assert!(
        message.contains("2 of 3 done") && message.contains(&c.0),
        "{message}"
    );
    let changes = fx
        .client(BOSS)
        .unwrap()
        .send(req::Changes {
            after_seq: 0,
            limit: 10_000,
        })
        .unwrap();
    let reassigned: Vec<&str> = changes
        .iter()
        .filter(|ch| ch.operation == "case.reassign")
        .map(|ch| ch.summary.as_str())
        .collect();
    assert_eq!(reassigned.len(), 2, "{reassigned:?}");
    assert!(reassigned.iter().any(|s| s.contains(&a.0)));
    assert!(reassigned.iter().any(|s| s.contains(&b.0)));
    let mut li = fx.client(LI).unwrap();
    assert_eq!(
        li.send(req::CaseShow::of(a.clone())).unwrap().owner.0,
        WANG.uid
    );
    assert_eq!(
        li.send(req::CaseShow::of(c.clone())).unwrap().owner.0,
        LI.uid
    );
    // The refused case stays marked for another try.
    assert_eq!(boss.cases.marked.len(), 1);
}

// ---- the shift-start digest ----

#[test]
fn a_long_view_loads_its_next_page_when_the_selection_reaches_the_end() {
    let (_d, fx) = desk();
    let page = frontdesk::tui::panes::cases::PAGE as usize;
    let mut li = fx.client(LI).unwrap();
    for i in 0..page + 5 {
        li.send(req::CaseAdd {
            draft: common::draft(frontdesk::domain::CustomerId(1), &format!("噪音 {i}")),
        })
        .unwrap();
    }
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<F6>m");
    assert_eq!(app.cases.rows.len(), page);
    assert!(app.cases.more);
    for _ in 0..page {
        app.press("<Down>");
    }
    assert_eq!(app.cases.rows.len(), page + 5);
    assert!(!app.cases.more);
    assert_eq!(app.cases.selected, page);
    // No ticket twice.
    let mut tickets: Vec<_> = app.cases.rows.iter().map(|r| r.ticket.clone()).collect();
    tickets.dedup();
    assert_eq!(tickets.len(), page + 5);
}

/// R-CB-01: a callback recorded at another counter shows in the open case at once; the owner
/// then closes it from the keyboard.
#[test]
fn a_callback_recorded_elsewhere_arrives_live_and_the_owner_closes_the_case() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(&format!("{}<Enter>", t.0));
    app.press("r阀门已换<Enter>");
    app.press("f换了阀门<Tab>阀门老化<Tab>加入月检<Enter>");
    // The resolve's own echo (it brings the counts).
    app.await_events();
    let case = fx
        .client(LI)
        .unwrap()
        .send(req::CaseShow::of(t.clone()))
        .unwrap();
    let id = case.callback.expect("a callback was scheduled");
    // Closing before the callback is refused with the reason.
    app.press("c");
    assert_eq!(
        fx.client(LI)
            .unwrap()
            .send(req::CaseShow::of(t.clone()))
            .unwrap()
            .status,
        CaseStatus::Resolved
    );
    fx.client(WANG)
        .unwrap()
        .send(req::CallbackRecord {
            id,
            outcome: frontdesk::domain::Outcome::Satisfied,
            onsite: false,
            signed: false,
            note: "很满意".into(),
        })
        .unwrap();
    app.await_events();
    assert_eq!(
        app.cases.open.as_ref().map(|d| d.case.status),
        Some(CaseStatus::CallbackDone)
    );
    assert!(text_of(&mut app).contains("callback: satisfied"));
    app.press("c");
    assert_eq!(
        fx.client(LI)
            .unwrap()
            .send(req::CaseShow::of(t.clone()))
            .unwrap()
            .status,
        CaseStatus::Closed
    );
}

/// Another operator's step is told on a Chinese screen in Chinese: who, what, which case;
/// never the audit log's English summary.
#[test]
fn another_counters_step_is_told_in_the_readers_language() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut app = fx.app(LI, Lang::Zh).unwrap();
    wang_notes(&fx, &t, "住户又来电催促");
    app.await_events();
    let said = app
        .message
        .as_ref()
        .map(|(_, m)| m.clone())
        .unwrap_or_default();
    assert!(said.contains("备注了工单"), "{said}");
    assert!(said.contains(&t.0), "{said}");
    assert!(!said.contains("note"), "{said}");
}

/// The screen's loop waits on one queue for keys and pushed changes: the link wakes it as
/// soon as a change is queued, with the change there to apply (no waiting for a tick).
#[test]
fn a_pushed_change_wakes_the_screen_at_once() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let app = fx.app(LI, Lang::En).unwrap();
    let (woke, woken) = std::sync::mpsc::channel();
    app.link.on_event(Box::new(move || {
        let _ = woke.send(());
    }));
    wang_notes(&fx, &t, "住户又来电催促");
    // Generous: this asserts that a wake comes at all, not how fast.
    woken
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the link wakes the loop when a change arrives");
    let mut changes = 0;
    while let Some(e) = app.link.next_event() {
        changes += usize::from(matches!(e, frontdesk::tui::link::LinkEvent::Change(_)));
    }
    assert_eq!(changes, 1);
}

/// A save applies its reply: a reply in the case view costs the step itself and, with its
/// pushed echo, one count refresh; the echo reloads neither the case nor anything else.
#[test]
fn a_reply_in_the_case_view_costs_the_step_and_its_counts() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(&format!("{}<Enter>", t.0));
    app.press("n");
    let before = app.link.calls;
    app.press("住户又来电催促<Enter>");
    app.await_events();
    assert_eq!(
        app.cases.open.as_ref().map(|d| d.case.timeline.len()),
        Some(2),
        "the reply's case is on screen"
    );
    assert_eq!(app.link.calls - before, 2, "the step and the counts");
    assert!(text_of(&mut app).contains("住户又来电催促"));
}

/// R-INT-06: a new promised time from the keyboard says whether the resident agreed; an
/// answer other than yes or no keeps the form and names the field.
#[test]
fn a_promise_from_the_keyboard_records_whether_the_resident_agreed() {
    let (_d, fx) = desk();
    let t = li_case(&fx);
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(&format!("{}<Enter>", t.0));
    app.press("p2099-01-05 10:00<Tab>配件明天到<Tab>maybe<Enter>");
    let err = app
        .cases
        .open
        .as_ref()
        .unwrap()
        .form
        .as_ref()
        .and_then(|f| f.error.clone());
    assert!(
        err.as_deref().is_some_and(|e| e.contains("yes or no")),
        "{err:?}"
    );
    // Corrected in place: the form kept what was typed.
    app.press("<BS><BS><BS><BS><BS>n<Enter>");
    let case = fx
        .client(LI)
        .unwrap()
        .send(req::CaseShow::of(t.clone()))
        .unwrap();
    assert!(
        matches!(
            case.timeline.last().map(|e| &e.event),
            Some(CaseEvent::Promised { agreed: false, .. })
        ),
        "{:?}",
        case.timeline.last()
    );
    assert!(text_of(&mut app).contains("the resident did NOT agree"));
}
