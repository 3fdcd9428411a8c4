//! What the resident is told, through the daemon and the screen: a complaint is resolved
//! only after a reply (R-LIFE-02/04); a resolve or promised time run out with no reply since
//! is "tell the plan" on the deadline board, in the digest and on the case (R-LIFE-06,
//! R-INT-06); who may reply is the policy's `reply_by` (R-LIFE-01/05).

mod common;

use common::cases::{case_row, take_step as step};
use common::clocked::{clocked_desk, local};
use common::screen::text_of;
use common::*;
use frontdesk::domain::case::{CaseDraft, CaseView, SlaClock};
use frontdesk::domain::policy::ReplyBy;
use frontdesk::domain::{CaseKind, DeskError, Field, Policy};
use frontdesk::protocol::req;
use frontdesk::protocol::{CaseStep, DispatchTarget};
use frontdesk::testkit::{Drive, LI};
use frontdesk::tui::i18n::Lang;
use frontdesk::tui::panes::intake::Stage;

#[test]
fn r_life_06_r_int_06_a_promised_time_run_out_unanswered_asks_for_the_plan_everywhere() {
    let d = clocked_desk("2026-10-05 09:00");
    let mut li = d.desk.client(LI).unwrap();
    let who = add_customer(&mut li, "张伟", "13800000001", "1-1-101");
    // R-INT-06: the resident was promised tomorrow noon at intake.
    let promised = local("2026-10-06 12:00");
    let case = li
        .send(req::CaseAdd {
            draft: CaseDraft {
                promised_at: Some(promised),
                ..common::draft(who, "楼上装修噪音")
            },
        })
        .unwrap();
    let t = case.ticket.clone();
    // The promised time has passed; a day on, nobody has told the resident.
    d.at("2026-10-07 09:00");
    let row = case_row(&mut li, CaseView::Deadlines, &t);
    assert_eq!(row.plan_owed, Some((SlaClock::Promised, promised)));
    let digest = li.send(req::Digest { changes_after: 0 }).unwrap();
    assert!(digest
        .cases
        .iter()
        .any(|c| c.ticket == t.0 && c.plan_owed.is_some()));
    // R-LIFE-02: it cannot be resolved before the resident has had a reply; nothing written.
    let err = step(&mut li, &t, CaseStep::Resolve(fixed("已协调"))).unwrap_err();
    assert!(matches!(err, DeskError::Conflict { .. }), "{err:?}");
    assert!(err.to_string().contains("no reply yet"), "{err}");
    let shown = li.send(req::CaseShow::of(t.clone())).unwrap();
    assert_eq!(shown.version, case.version);
    // The screen says so on the board and on the case, in both languages.
    for (lang, board, line) in [
        (Lang::En, "tell the plan", "tell the resident the plan"),
        (Lang::Zh, "告知处理计划", "请告知住户处理计划"),
    ] {
        let mut app = d.app(LI, lang);
        app.press("<A-d>");
        let text = text_of(&mut app);
        assert!(text.contains(board), "{text}");
        app.press("<Enter>");
        let text = text_of(&mut app);
        assert!(text.contains(line), "{text}");
    }
    // Telling the resident the plan clears it, and then the case can be resolved.
    tell_resident(&mut li, &t);
    let row = case_row(&mut li, CaseView::Deadlines, &t);
    assert_eq!(row.plan_owed, None);
    step(&mut li, &t, CaseStep::Resolve(fixed("已协调"))).unwrap();
}

#[test]
fn r_life_05_reply_by_owner_or_handler_lets_the_colleague_handling_it_reply() {
    for (reply_by, handler_may) in [(ReplyBy::Owner, false), (ReplyBy::OwnerOrHandler, true)] {
        let d = Desktop::staffed_with(Policy {
            reply_by,
            ..Policy::default()
        });
        let mut li = d.client(common::LI, "li");
        let mut wang = d.client(common::WANG, "wang");
        let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
        let t = add_case(&mut li, who, "楼上漏水").ticket;
        step(
            &mut li,
            &t,
            CaseStep::Dispatch(DispatchTarget::Staff("wang".into())),
        )
        .unwrap();
        let said = step(&mut wang, &t, CaseStep::Reply("明早九点上门".into()));
        assert_eq!(said.is_ok(), handler_may, "{reply_by:?}: {said:?}");
        if let Err(e) = said {
            assert!(matches!(e, DeskError::Forbidden(_)), "{e:?}");
        }
    }
}

/// R-INT-06: a complaint or repair not solved on the spot is promised a service time at
/// intake. Without one it is refused naming the field, and nothing is written; an inquiry
/// needs none; the policy's `promise_kinds` says which kinds.
#[test]
fn r_int_06_intake_of_a_complaint_or_repair_needs_the_promised_time() {
    for (promise_kinds, refused) in [(Policy::default().promise_kinds, true), (vec![], false)] {
        let d = Desktop::staffed_with(Policy {
            promise_kinds,
            ..Policy::default()
        });
        let mut li = d.client(common::LI, "li");
        let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
        for kind in [CaseKind::Complaint, CaseKind::Repair, CaseKind::Inquiry] {
            let said = li.send(req::CaseAdd {
                draft: CaseDraft {
                    kind,
                    promised_at: None,
                    ..common::draft(who, "厨房水管漏水")
                },
            });
            let must = refused && kind != CaseKind::Inquiry;
            assert_eq!(said.is_err(), must, "{kind:?}: {said:?}");
            if must {
                let err = desk_err(said);
                assert_eq!(err.field(), Some(Field::Promised), "{err:?}");
                assert!(err.to_string().contains("when it will be done"), "{err}");
            }
        }
        let card = li.send(req::CustomerShow::of(who)).unwrap();
        assert_eq!(
            card.cases.len(),
            if refused { 1 } else { 3 },
            "nothing else written"
        );
    }
}

/// R-INT-06 on the screen: Enter on a complaint with no promised time stays on the form at
/// that field, saying in the operator's language what to tell the resident; the read-back,
/// which reads the promise to the resident, comes once it is filled in.
#[test]
fn r_int_06_the_intake_screen_asks_for_the_promised_time() {
    for (lang, words) in [
        (Lang::En, "when it will be done"),
        (Lang::Zh, "承诺服务时间"),
    ] {
        let (_d, fx) = common::screen::desk();
        let mut app = fx.app(LI, lang).unwrap();
        app.press("zw<Enter>nnoise<Tab>楼上装修噪音<Enter>");
        assert!(
            !matches!(app.intake.stage, Stage::ReadBack { .. }),
            "no read-back without the promise"
        );
        let text = text_of(&mut app);
        assert!(text.contains(words), "{text}");
        app.press("2099-12-31 18:00<Enter><Enter>");
        assert!(
            matches!(app.intake.stage, Stage::Saved { .. }),
            "{:?}",
            app.message
        );
    }
}
