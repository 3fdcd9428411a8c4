//! The open-work lists through the protocol (the Cases pane's views and `case list --view`):
//! who sees what, in which order, filtered and paged, with the counts the tab bar shows.

mod common;

use common::cases::case_view;

use common::*;
use frontdesk::client::Client;
use frontdesk::domain::case::{CaseQuery, CaseView, SlaClock};
use frontdesk::domain::{CaseKind, DeskError, Field, Ticket};
use frontdesk::protocol::req;
use frontdesk::protocol::{CaseFilter, CasePage, CaseStep, DispatchTarget};
use frontdesk::testkit::DEPT;

fn tickets(page: &CasePage) -> Vec<String> {
    page.rows.iter().map(|r| r.ticket.clone()).collect()
}

fn escalate(to: &str) -> CaseStep {
    CaseStep::Escalate {
        to: to.into(),
        reason: "整层漏水，需主管协调".into(),
    }
}

fn r_int_16_an_escalation_waits_in_its_targets_view_until_they_act() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut boss = d.client(BOSS, "boss");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "整层漏水").ticket;
    // Only a supervisor or the director is a target.
    let e = desk_err(li.call(step(&t, escalate("wang"))));
    assert!(
        matches!(
            e,
            DeskError::Validation {
                field: Field::To,
                ..
            }
        ),
        "{e}"
    );
    li.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: escalate("boss"),
    })
    .unwrap();
    assert_eq!(
        tickets(&case_view(&mut boss, CaseView::Escalated)),
        vec![t.0.clone()]
    );
    assert!(case_view(&mut li, CaseView::Escalated).rows.is_empty());
    // A later dispatch and start no longer erase it.
    li.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: CaseStep::Dispatch(DispatchTarget::Staff("wang".into())),
    })
    .unwrap();
    d.client(WANG, "wang")
        .send(req::CaseStep {
            ticket: t.clone(),
            base_version: None,
            step: CaseStep::Start,
        })
        .unwrap();
    let rows = case_view(&mut boss, CaseView::Escalated).rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].escalated_to, Some(frontdesk::domain::StaffId(BOSS)));
    assert_eq!(boss.send(req::Stats {}).unwrap().views.escalated, 1);
    // The supervisor acts; it leaves their view.
    boss.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: CaseStep::Note("已约工程部明早到场".into()),
    })
    .unwrap();
    assert!(case_view(&mut boss, CaseView::Escalated).rows.is_empty());
    assert_eq!(boss.send(req::Stats {}).unwrap().views.escalated, 0);
}

fn mine_and_handling_follow_the_owner_and_the_department_until_someone_takes_it() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let mut zhao = d.client(ZHAO, "zhao");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "电梯异响").ticket;
    assert_eq!(
        tickets(&case_view(&mut li, CaseView::Mine)),
        vec![t.0.clone()]
    );
    assert!(case_view(&mut wang, CaseView::Mine).rows.is_empty());
    li.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: CaseStep::Dispatch(DispatchTarget::Department(DEPT.into())),
    })
    .unwrap();
    // Sent to the department: every member sees it until one takes it.
    assert_eq!(case_view(&mut wang, CaseView::Handling).rows.len(), 1);
    assert_eq!(case_view(&mut zhao, CaseView::Handling).rows.len(), 1);
    assert_eq!(zhao.send(req::Stats {}).unwrap().views.handling, 1);
    wang.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: CaseStep::Take,
    })
    .unwrap();
    assert_eq!(case_view(&mut wang, CaseView::Handling).rows.len(), 1);
    assert!(case_view(&mut zhao, CaseView::Handling).rows.is_empty());
    // The owner keeps it in Mine (R-LIFE-01).
    assert_eq!(li.send(req::Stats {}).unwrap().views.mine, 1);
}

fn the_deadline_board_lists_the_nearest_deadline_first_and_all_open_is_for_supervisors() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let mut inquiry = draft(cust, "物业费怎么交");
    inquiry.kind = CaseKind::Inquiry;
    let slow = li.send(req::CaseAdd { draft: inquiry }).unwrap().ticket;
    let fast = add_case(&mut li, cust, "漏水").ticket;
    let board = case_view(&mut li, CaseView::Deadlines);
    // The complaint's 3-minute dispatch comes before anything the inquiry has.
    assert_eq!(tickets(&board), vec![fast.0.clone(), slow.0.clone()]);
    assert_eq!(board.rows[0].nearest.map(|n| n.0), Some(SlaClock::Dispatch));
    // R-INT-10: an inquiry has no dispatch clock; its first is the acknowledgement.
    assert_eq!(
        board.rows[1].nearest.map(|n| n.0),
        Some(SlaClock::Acknowledge)
    );

    let e = desk_err(li.send(req::CaseList {
        filter: CaseFilter {
            view: Some(CaseView::Open),
            ..CaseFilter::default()
        },
    }));
    assert!(matches!(e, DeskError::Forbidden(_)), "{e}");
    let mut boss = d.client(BOSS, "boss");
    assert_eq!(case_view(&mut boss, CaseView::Open).rows.len(), 2);
    assert_eq!(boss.send(req::Stats {}).unwrap().views.open, 2);
}

fn a_filter_narrows_any_view_and_paging_says_when_rows_were_left_off() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let zhang = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let liu = add_customer(&mut li, "刘旭", "13900008663", "5-1-0301");
    let mut repair = draft(liu, "灯不亮");
    repair.kind = CaseKind::Repair;
    let liu_case = li.send(req::CaseAdd { draft: repair }).unwrap().ticket;
    let mut zhang_cases: Vec<Ticket> = (0..5)
        .map(|i| add_case(&mut li, zhang, &format!("噪音 {i}")).ticket)
        .collect();
    let filtered = |li: &mut Client, q: &str| {
        tickets(
            &li.send(req::CaseList {
                filter: CaseFilter {
                    view: Some(CaseView::Mine),
                    query: CaseQuery::parse(q).unwrap(),
                    ..CaseFilter::default()
                },
            })
            .unwrap(),
        )
    };
    assert_eq!(filtered(&mut li, "kind:repair"), vec![liu_case.0.clone()]);
    assert_eq!(filtered(&mut li, "lx"), vec![liu_case.0.clone()]);
    assert_eq!(filtered(&mut li, "8663"), vec![liu_case.0.clone()]);
    assert_eq!(filtered(&mut li, "unit:5-1"), vec![liu_case.0.clone()]);
    assert_eq!(filtered(&mut li, "zw staff:li").len(), 5);
    assert!(filtered(&mut li, "staff:wang").is_empty());
    assert_eq!(
        filtered(&mut li, &liu_case.0.to_lowercase()),
        vec![liu_case.0.clone()]
    );

    // Newest first, two at a time.
    zhang_cases.reverse();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = li
            .send(req::CaseList {
                filter: CaseFilter {
                    view: Some(CaseView::Mine),
                    query: CaseQuery::parse("zw").unwrap(),
                    after: after.clone(),
                    limit: 2,
                    ..CaseFilter::default()
                },
            })
            .unwrap();
        seen.extend(page.rows.iter().map(|r| Ticket(r.ticket.clone())));
        if !page.more {
            break;
        }
        after = seen.last().cloned();
    }
    assert_eq!(seen, zhang_cases);
    let e = desk_err(li.send(req::CaseList {
        filter: CaseFilter {
            view: Some(CaseView::Mine),
            query: CaseQuery::parse("kind:repair").unwrap(),
            after: Some(zhang_cases[0].clone()),
            ..CaseFilter::default()
        },
    }));
    assert!(
        matches!(
            e,
            DeskError::Validation {
                field: Field::After,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn case_list_view_prints_the_pane_and_a_truncated_listing_says_how_to_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let _daemon = desk_with_zhang_wei(dir.path());
    for i in 0..3 {
        let (ok, _, err) = run(dir.path(), &case_add("1", &format!("噪音 {i}"), &[]));
        assert!(ok, "{err}");
    }
    let (ok, out, err) = run(
        dir.path(),
        &["case", "list", "--view", "mine", "--limit", "2"],
    );
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.contains("acknowledge in") || out.contains("dispatch"),
        "{out}"
    );
    assert!(err.contains("--after T"), "{err}");
    let (ok, _, err) = run(dir.path(), &["case", "list", "--view", "later"]);
    assert!(!ok);
    assert!(
        err.contains("view") && err.contains("mine, handling"),
        "{err}"
    );
}

#[test]
fn frontdesk_digest_prints_the_screens_page() {
    let dir = tempfile::tempdir().unwrap();
    let _daemon = desk_with_zhang_wei(dir.path());
    let (ok, _, err) = run(dir.path(), &case_add("1", "漏水", &[]));
    assert!(ok, "{err}");
    let (ok, out, err) = run(dir.path(), &["digest", "--since", "0"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("My cases past or near a deadline (1)"),
        "{out}"
    );
    assert!(out.contains("dispatch in"), "{out}");
    assert!(out.contains("My callbacks due today (0)"), "{out}");
    let (ok, out, _) = run(dir.path(), &["--json", "digest"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["cases"].as_array().map(Vec::len), Some(1));
}

#[test]
fn json_case_rows_name_the_escalation_target_by_login() {
    let dir = tempfile::tempdir().unwrap();
    let _daemon = desk_with_zhang_wei(dir.path());
    let (_, ticket, _) = run(dir.path(), &case_add("1", "漏水", &[]));
    let ticket = ticket.trim();
    let (ok, _, err) = run(
        dir.path(),
        &[
            "staff",
            "add",
            "boss",
            "--name",
            "高强",
            "--role",
            "supervisor",
            "--uid",
            "7001",
        ],
    );
    assert!(ok, "{err}");
    let (ok, _, err) = run(
        dir.path(),
        &[
            "case",
            "escalate",
            ticket,
            "--to",
            "boss",
            "--reason",
            "整层漏水",
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, err) = run(dir.path(), &["--json", "case", "list", "--view", "mine"]);
    assert!(ok, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["escalated_to"], 7001, "{out}");
    assert_eq!(rows[0]["escalated_to_login"], "boss", "{out}");
}

/// R-INT-12: a complaint about a staff member is in nobody's view for them — not the deadline
/// board, not all open work — and not in their counts.
fn r_int_12_a_complaint_about_you_is_in_none_of_your_views() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let mut about_boss = draft(cust, "主管处理不公");
    about_boss.subject = Some("boss".into());
    let t = li.send(req::CaseAdd { draft: about_boss }).unwrap().ticket;
    let mut boss = d.client(BOSS, "boss");
    for v in [CaseView::Deadlines, CaseView::Open] {
        assert!(
            case_view(&mut boss, v).rows.iter().all(|r| r.ticket != t.0),
            "{v:?}"
        );
    }
    let counts = boss.send(req::Stats {}).unwrap().views;
    assert_eq!((counts.open, counts.past_deadline), (0, 0));
    let mut wang = d.client(WANG, "wang");
    assert_eq!(case_view(&mut wang, CaseView::Deadlines).rows.len(), 1);
}

/// R-INT-10/19: residents' suggestions are reported to a leader: every open suggestion waits
/// in the supervisors' Suggestions view (not a clerk's), with a reply time a supervisor may
/// promise, until it is resolved.
fn r_int_10_r_int_19_suggestions_reach_a_leader_in_the_supervisors_view() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let mut idea = draft(cust, "建议小区增设快递柜");
    idea.kind = CaseKind::Suggestion;
    let idea = li.send(req::CaseAdd { draft: idea }).unwrap().ticket;
    add_case(&mut li, cust, "漏水");
    let refused = desk_err(li.send(req::CaseList {
        filter: CaseFilter {
            view: Some(CaseView::Suggestions),
            ..CaseFilter::default()
        },
    }));
    assert!(matches!(refused, DeskError::Forbidden(_)), "{refused}");
    let mut boss = d.client(BOSS, "boss");
    assert_eq!(
        tickets(&case_view(&mut boss, CaseView::Suggestions)),
        vec![idea.0.clone()]
    );
    assert_eq!(boss.send(req::Stats {}).unwrap().views.suggestions, 1);
    // The leader promises when the resident will hear back.
    let reply_by = chrono::Utc::now() + chrono::Duration::days(3);
    boss.call(step(
        &idea,
        CaseStep::Promise {
            at: reply_by,
            reason: "物业经理周例会讨论后答复".into(),
            agreed: true,
        },
    ))
    .unwrap();
    let row = case_view(&mut boss, CaseView::Suggestions).rows.remove(0);
    assert_eq!(row.promised_at, Some(reply_by));
    tell_resident(&mut li, &idea);
    li.call(step(&idea, CaseStep::Resolve(fixed("已采纳，下月安装"))))
        .unwrap();
    assert!(case_view(&mut boss, CaseView::Suggestions).rows.is_empty());
}

on_both_stores!(
    r_int_16_an_escalation_waits_in_its_targets_view_until_they_act,
    mine_and_handling_follow_the_owner_and_the_department_until_someone_takes_it,
    the_deadline_board_lists_the_nearest_deadline_first_and_all_open_is_for_supervisors,
    a_filter_narrows_any_view_and_paging_says_when_rows_were_left_off,
    r_int_12_a_complaint_about_you_is_in_none_of_your_views,
    r_int_10_r_int_19_suggestions_reach_a_leader_in_the_supervisors_view,
);
