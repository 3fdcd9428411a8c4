//! The shared desk service through its protocol, with identities injected in-process: the
//! first-responder rule, rights, recusal, pushed events, the card, bad input and fail-stop.
//! (Callbacks and visits are in `tests/queues.rs`, retries in `tests/retries.rs`.) Rule ids
//! refer to ../shared/DOMAIN.md.

mod common;

use frontdesk::protocol::req;
use std::time::Duration;

use chrono::Utc;
use common::*;
use frontdesk::client::{ClientError, Pushed};
use frontdesk::domain::{CaseStatus, ChangeSubject, DeskError, Field, Role, StaffId, Ticket};
use frontdesk::protocol::{CaseFilter, CaseStep, DispatchTarget, Reply, Request};

#[test]
fn r_int_01_received_by_and_owner_come_from_the_callers_identity() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let case = add_case(&mut li, cust, "楼上漏水");
    assert_eq!(case.received_by, StaffId(LI));
    assert_eq!(case.owner, StaffId(LI));
    assert!(case.ticket.0.starts_with('T'));
}

#[test]
fn r_life_01_another_clerk_cannot_resolve_reply_or_close_but_may_note_and_assist() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "楼上漏水").ticket;
    for s in [
        CaseStep::Resolve(fixed("fixed")),
        CaseStep::Reply("ok".into()),
        CaseStep::Close,
    ] {
        assert!(matches!(
            desk_err(wang.call(step(&t, s))),
            DeskError::Forbidden(_)
        ));
    }
    wang.call(step(&t, CaseStep::Note("业主又来电".into())))
        .unwrap();
    wang.call(step(&t, CaseStep::Assist)).unwrap();
    tell_resident(&mut li, &t);
    let Reply::Case(c) = li
        .call(step(&t, CaseStep::Resolve(fixed("已修好"))))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(c.status, CaseStatus::Resolved);
}

#[test]
fn r_life_03_dispatch_sends_work_but_the_first_responder_keeps_ownership() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "漏水").ticket;
    let Reply::Case(c) = li
        .call(step(
            &t,
            CaseStep::Dispatch(DispatchTarget::Staff("wang".into())),
        ))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(c.owner, StaffId(LI));
    assert_eq!(c.status, CaseStatus::Dispatched);
    // R-INT-07: the countdown stops once dispatched.
    assert_eq!(c.dispatch_countdown(Utc::now()), None);
    wang.call(step(&t, CaseStep::Start)).unwrap();
    assert!(matches!(
        desk_err(wang.call(step(&t, CaseStep::Resolve(fixed("done"))))),
        DeskError::Forbidden(_)
    ));
    li.call(step(
        &t,
        CaseStep::Dispatch(DispatchTarget::Department("工程部".into())),
    ))
    .unwrap();
}

/// R-REC-14: every change is in the audit trail (who, when, what, why); supervisors read it.
#[test]
fn supervisor_reassignment_is_logged_with_its_reason_and_clerks_cannot_reassign() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let mut boss = d.client(BOSS, "boss");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "漏水").ticket;
    let reassign = |reason: &str| {
        step(
            &t,
            CaseStep::Reassign {
                to: "zhao".into(),
                reason: reason.into(),
            },
        )
    };
    assert!(matches!(
        desk_err(wang.call(reassign("x"))),
        DeskError::Forbidden(_)
    ));
    assert!(matches!(
        desk_err(boss.call(reassign(" "))),
        DeskError::Validation { ref field, .. } if *field == Field::Reason
    ));
    boss.call(reassign("李娜休假")).unwrap();
    let log = boss
        .send(req::Changes {
            after_seq: 0,
            limit: 1000,
        })
        .unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.operation, "case.reassign");
    assert_eq!(last.by, StaffId(BOSS));
    assert!(last.summary.contains("李娜休假"), "{}", last.summary);
    // Clerks do not read the audit trail (R-REC-13).
    assert!(matches!(
        desk_err(li.send(req::Changes {
            after_seq: 0,
            limit: 10
        })),
        DeskError::Forbidden(_)
    ));
}

#[test]
fn r_int_12_the_subject_of_a_complaint_can_never_own_or_handle_it() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let mut boss = d.client(BOSS, "boss");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let mut dr = draft(cust, "王磊态度差");
    dr.subject = Some("wang".into());
    // The subject cannot register it (the registrar owns it).
    assert!(matches!(
        desk_err(wang.send(req::CaseAdd { draft: dr.clone() })),
        DeskError::Forbidden(_)
    ));
    let c = li.send(req::CaseAdd { draft: dr }).unwrap();
    let t = c.ticket;
    assert!(matches!(
        desk_err(li.call(step(
            &t,
            CaseStep::Dispatch(DispatchTarget::Staff("wang".into()))
        ))),
        DeskError::Forbidden(_)
    ));
    assert!(matches!(
        desk_err(wang.call(step(&t, CaseStep::Assist))),
        DeskError::Forbidden(_)
    ));
    assert!(matches!(
        desk_err(boss.call(step(
            &t,
            CaseStep::Reassign {
                to: "wang".into(),
                reason: "cover".into()
            }
        ))),
        DeskError::Forbidden(_)
    ));
}

#[test]
fn an_unregistered_user_is_refused_with_how_to_register() {
    let d = Desktop::staffed();
    let mut stranger = d.client(7777, "stranger");
    assert!(stranger.welcome.me.is_none());
    match desk_err(stranger.send(req::StaffList {})) {
        DeskError::NotRegistered(m) => {
            assert!(
                m.to_string().contains("stranger") && m.to_string().contains("frontdesk staff add"),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
    // A second init is refused and names the admin.
    match desk_err(stranger.send(req::Init { name: "x".into() })) {
        DeskError::Conflict { reason, .. } => {
            assert!(reason.to_string().contains("admin"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_an_admin_adds_staff() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    assert!(matches!(
        desk_err(li.send(req::StaffAdd {
            username: "x".into(),
            name: "X".into(),
            role: Role::Admin,
            dept: String::new(),
            uid: Some(9),
        })),
        DeskError::Forbidden(_)
    ));
}

#[test]
fn another_client_sees_a_new_case_as_a_pushed_event_and_catches_up_from_a_seq() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    wang.subscribe(wang.welcome.last_seq).unwrap();
    let case = add_case(&mut li, cust, "漏水");
    let mut seen = None;
    for _ in 0..50 {
        if let Some(Pushed::Change(c)) = wang.next_pushed(Duration::from_millis(200)).unwrap() {
            if c.operation == "case.add" {
                seen = Some(c);
                break;
            }
        }
    }
    let ev = seen.expect("wang saw li's case pushed");
    assert_eq!(ev.by, StaffId(LI));
    assert!(matches!(ev.subject, ChangeSubject::Case { ref ticket, .. } if *ticket == case.ticket));
    // A client that reconnects catches up from its last seq.
    let mut late = d.client(ZHAO, "zhao");
    late.subscribe(ev.seq - 1).unwrap();
    match late.next_pushed(Duration::from_secs(5)).unwrap() {
        Some(Pushed::Change(c)) => assert_eq!(c.seq, ev.seq),
        other => panic!("{other:?}"),
    }
}

#[test]
fn stale_base_version_is_a_conflict_naming_the_current_version() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let case = add_case(&mut li, cust, "漏水");
    let note = |v| {
        Request::CaseStep(req::CaseStep {
            ticket: case.ticket.clone(),
            base_version: Some(v),
            step: CaseStep::Note("n".into()),
        })
    };
    li.call(note(case.version)).unwrap();
    match desk_err(li.call(note(case.version))) {
        DeskError::Conflict {
            current_version, ..
        } => assert_eq!(current_version, Some(case.version + 1)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn customer_card_holds_the_whole_history_and_flags_repeats() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    add_case(&mut li, cust, "噪音一");
    add_case(&mut li, cust, "噪音二");
    let card = li.send(req::CustomerShow::of(cust)).unwrap();
    assert_eq!(card.cases.len(), 2);
    assert!(card.cases[0].registered_at >= card.cases[1].registered_at);
    // R-LIFE-09: repeated complaints of one category are flagged.
    assert_eq!(card.repeat_categories, vec!["noise".to_string()]);
    let m = li
        .send(req::CustomerFind {
            query: "zw 1102".into(),
            limit: 5,
        })
        .unwrap();
    assert_eq!(m[0].customer.id, cust);
    let m = li
        .send(req::CustomerFind {
            query: card.cases[0].ticket.to_string(),
            limit: 5,
        })
        .unwrap();
    assert_eq!(m[0].customer.id, cust);
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let before = li.welcome.last_seq;
    let _ = before;
    let cases: Vec<(Field, Request)> = vec![
        (
            Field::Description,
            Request::CaseAdd(req::CaseAdd {
                draft: draft(cust, "\u{1b}[2J"),
            }),
        ),
        (
            Field::Description,
            Request::CaseAdd(req::CaseAdd {
                draft: draft(cust, "   "),
            }),
        ),
        (
            Field::Description,
            Request::CaseAdd(req::CaseAdd {
                draft: draft(cust, &"长".repeat(2000)),
            }),
        ),
        (
            Field::Description,
            Request::CaseAdd(req::CaseAdd {
                draft: draft(cust, "evil\u{202e}txt"),
            }),
        ),
        (
            Field::Customer,
            Request::CaseAdd(req::CaseAdd {
                draft: frontdesk::domain::case::CaseDraft {
                    customer: None,
                    ..draft(cust, "x")
                },
            }),
        ),
        (
            Field::Name,
            Request::CustomerAdd(req::CustomerAdd {
                customer: frontdesk::domain::NewCustomer {
                    name: " ".into(),
                    phones: vec!["13800001102".into()],
                    units: vec!["3-2-1102".into()],
                    ..Default::default()
                },
            }),
        ),
        (
            Field::Phone,
            Request::CustomerAdd(req::CustomerAdd {
                customer: frontdesk::domain::NewCustomer {
                    name: "x".into(),
                    phones: vec!["123".into()],
                    units: vec!["3-2-1102".into()],
                    ..Default::default()
                },
            }),
        ),
        (
            Field::Unit,
            Request::CustomerAdd(req::CustomerAdd {
                customer: frontdesk::domain::NewCustomer {
                    name: "x".into(),
                    phones: vec!["13800001102".into()],
                    units: vec!["3-2".into()],
                    ..Default::default()
                },
            }),
        ),
    ];
    for (field, req) in cases {
        match desk_err(li.call(req)) {
            DeskError::Validation { field: f, reason } => {
                assert_eq!(f, field, "{reason}");
                assert!(
                    !reason.to_string().contains('\u{1b}'),
                    "the echo is escaped: {reason}"
                );
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    // A mistyped ticket is refused where it is parsed, naming the field.
    assert!(matches!(
        "nonsense".parse::<Ticket>(),
        Err(DeskError::Validation {
            field: Field::Ticket,
            ..
        })
    ));
    // Unknown ids are NotFound.
    assert!(matches!(
        desk_err(li.send(req::CaseShow::of(Ticket::parse("T2611-9999").unwrap()))),
        DeskError::NotFound(_)
    ));
    assert!(matches!(
        desk_err(li.send(req::CustomerShow::of(frontdesk::domain::CustomerId(999)))),
        DeskError::NotFound(_)
    ));
    let rows = li
        .send(req::CaseList {
            filter: CaseFilter::default(),
        })
        .unwrap();
    assert!(rows.rows.is_empty(), "nothing was written");
}

#[test]
fn a_1_mib_paste_is_refused_naming_its_field_and_the_daemon_keeps_serving() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    // A 1 MiB paste is over the 256 KiB frame cap.
    let r = li.send(req::CaseAdd {
        draft: draft(cust, &"x".repeat(1 << 20)),
    });
    // Refused by the client before sending, naming the field to shorten; the daemon
    // refuses an oversized frame too (tests/protocol.rs).
    assert!(
        matches!(&r, Err(ClientError::Desk(DeskError::Validation { field, .. })) if *field == Field::Description),
        "{r:?}"
    );
    let mut again = d.client(LI, "li");
    add_case(&mut again, cust, "still serving");
}

#[test]
fn a_failed_fsync_stops_writes_but_reads_keep_working() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    d.server().with_desk(|desk| desk.inject_sync_failure());
    let r = desk_err(li.send(req::CaseAdd {
        draft: draft(cust, "漏水"),
    }));
    assert!(
        matches!(r, DeskError::StorageUnavailable(ref m) if m.to_string().contains("NOT saved")),
        "{r:?}"
    );
    // Fail-stop: the next write is refused too, without retrying the fsync.
    let r = desk_err(li.send(req::CaseAdd {
        draft: draft(cust, "漏水"),
    }));
    assert!(
        matches!(r, DeskError::StorageUnavailable(ref m) if m.to_string().contains("restart")),
        "{r:?}"
    );
    assert!(li.send(req::CustomerShow::of(cust)).is_ok());
}
