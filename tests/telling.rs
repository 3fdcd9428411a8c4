//! What the resident is told, through the daemon and the screen: a complaint is resolved
//! only after a reply (R-LIFE-02/04); a resolve or promised time run out with no reply since
//! is "tell the plan" on the deadline board, in the digest and on the case (R-LIFE-06,
//! R-INT-06); who may reply is the policy's `reply_by` (R-LIFE-01/05).

mod common;

use common::clocked::{clocked_desk, local};
use common::screen::text_of;
use common::*;
use frontdesk::client::Client;
use frontdesk::domain::case::{CaseView, SlaClock};
use frontdesk::domain::policy::ReplyBy;
use frontdesk::domain::{DeskError, Policy, Ticket};
use frontdesk::protocol::req;
use frontdesk::protocol::{CaseFilter, CaseStep, DispatchTarget};
use frontdesk::testkit::{Drive, LI};
use frontdesk::tui::i18n::Lang;

fn deadlines(c: &mut Client) -> Vec<frontdesk::protocol::CaseSummary> {
    c.send(req::CaseList {
        filter: CaseFilter {
            view: Some(CaseView::Deadlines),
            ..CaseFilter::default()
        },
    })
    .expect("case list")
    .rows
}

fn step(c: &mut Client, t: &Ticket, s: CaseStep) -> Result<frontdesk::domain::Case, DeskError> {
    c.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: s,
    })
    .map_err(|e| match e {
        frontdesk::client::ClientError::Desk(d) => d,
        other => panic!("{other:?}"),
    })
}

#[test]
fn r_life_06_r_int_06_a_resolve_time_run_out_unanswered_asks_for_the_plan_everywhere() {
    let d = clocked_desk("2026-10-05 09:00");
    let mut li = d.desk.client(LI).unwrap();
    let who = add_customer(&mut li, "张伟", "13800000001", "1-1-101");
    let case = add_case(&mut li, who, "楼上装修噪音");
    let t = case.ticket.clone();
    // An L2 complaint is resolved within 24 hours; two days on, nobody has told the resident.
    d.at("2026-10-07 09:00");
    let row = deadlines(&mut li)
        .into_iter()
        .find(|r| r.ticket == t.0)
        .unwrap();
    assert_eq!(
        row.plan_owed,
        Some((SlaClock::Resolve, case.deadlines.resolve))
    );
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
        let mut app = d.desk.app(LI, lang).unwrap();
        // The screen's clock, as its tick would set it; the last key now too, or the idle
        // screen hides the residents (R-REC-12).
        app.now = local("2026-10-07 09:00");
        app.last_key = app.now;
        app.press("<A-d>");
        let text = text_of(&mut app);
        assert!(text.contains(board), "{text}");
        app.press("<Enter>");
        let text = text_of(&mut app);
        assert!(text.contains(line), "{text}");
    }
    // Telling the resident the plan clears it, and then the case can be resolved.
    tell_resident(&mut li, &t);
    let row = deadlines(&mut li)
        .into_iter()
        .find(|r| r.ticket == t.0)
        .unwrap();
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
