//! Leavers and recusal: staff deactivation closing open connections at once, role changes,
//! the R-REC-16 handover, and recusal in full (R-INT-12). In-process daemon, identities
//! injected. (Every request as every kind of caller is in `tests/rights.rs`.)

mod common;

use frontdesk::protocol::req;
use std::time::Duration;

use chrono::Utc;
use common::*;
use frontdesk::client::{new_request_id, Calls, ClientError, Pushed};
use frontdesk::domain::case::CaseDraft;
use frontdesk::domain::{
    CaseKind, Channel, CustomerId, DeskError, NewCustomer, Policy, Role, Severity, StaffId, Ticket,
    Time, VisitKind,
};
use frontdesk::protocol::{CaseFilter, CaseStep, DispatchTarget, NewVisit, Request};

#[test]
fn r_rec_14_deactivation_is_audited_with_its_reason_closes_connections_and_refuses_later_requests()
{
    let d = Desktop::staffed();
    let mut wang = d.client(WANG, "wang");
    let mut watcher = d.client(WANG, "wang");
    watcher.subscribe(0).unwrap();
    let customer = add_customer(&mut wang, "张伟", "13800001102", "3-2-1102");
    let case = add_case(&mut wang, customer, "楼道灯坏了");

    let mut admin = d.client(ADMIN, "admin");
    let left = admin
        .send(req::StaffDeactivate {
            username: "wang".into(),
            reason: "合同到期离职".into(),
        })
        .unwrap();
    assert!(!left.active);

    // The watching connection is told, then closed.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let closed = loop {
        match watcher.next_pushed(Duration::from_millis(200)) {
            Err(ClientError::Closed(why)) => break why,
            Err(other) => panic!("expected a closing message, got {other}"),
            Ok(_) => assert!(std::time::Instant::now() < deadline, "never closed"),
        }
    };
    assert!(
        closed.to_string().contains("deactivated") && closed.to_string().contains("合同到期离职"),
        "{closed}"
    );
    // The other open connection is closed too.
    assert!(wang.send(req::Stats {}).is_err());
    // Every later request, on a new connection, is refused saying so.
    let mut again = d.client(WANG, "wang");
    for r in [
        again
            .send(req::CustomerFind {
                query: "zw".into(),
                limit: 5,
            })
            .map(|_| ()),
        again.subscribe(0),
        again.send(req::Stats {}).map(|_| ()),
    ] {
        match r {
            Err(ClientError::Desk(DeskError::NotRegistered(why))) => {
                assert!(why.to_string().contains("deactivated"), "{why}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // Their name stays on the history; staff list shows them as inactive.
    let mut li = d.client(LI, "li");
    let card = li.send(req::CustomerShow::of(customer)).unwrap();
    assert_eq!(card.cases[0].received_by, StaffId(WANG));
    let staff = li.send(req::StaffList {}).unwrap();
    assert!(staff.iter().any(|s| s.username == "wang" && !s.active));
    assert!(li.send(req::CaseShow::of(case.ticket.clone())).is_ok());

    // Reactivated, they work again; each change is in the audit trail with its reason.
    admin
        .send(req::StaffReactivate {
            username: "wang".into(),
            reason: "返聘".into(),
        })
        .unwrap();
    assert!(d.client(WANG, "wang").send(req::Stats {}).is_ok());
    let trail = admin
        .send(req::Changes {
            after_seq: 0,
            limit: 100,
        })
        .unwrap();
    assert!(trail
        .iter()
        .any(|c| c.operation == "staff.deactivate" && c.summary.contains("合同到期离职")));
    assert!(trail
        .iter()
        .any(|c| c.operation == "staff.reactivate" && c.summary.contains("返聘")));
}

#[test]
fn an_admin_changes_role_department_and_name_with_a_reason_but_never_removes_the_last_admin() {
    let d = Desktop::staffed();
    let mut admin = d.client(ADMIN, "admin");
    let li = admin
        .send(req::StaffSet {
            username: "li".into(),
            role: Some(Role::Supervisor),
            dept: Some("工程部".into()),
            name: Some("李娜娜".into()),
            ext: None,
            reason: "升职".into(),
        })
        .unwrap();
    assert_eq!(
        (li.role, li.dept.as_str(), li.name.as_str()),
        (Role::Supervisor, "工程部", "李娜娜")
    );
    // Now a supervisor, li may read the audit trail.
    assert!(d
        .client(LI, "li")
        .send(req::Changes {
            after_seq: 0,
            limit: 5
        })
        .is_ok());
    // Nothing to change, or no reason: refused by field.
    assert!(matches!(
        admin.send(req::StaffSet {
            username: "li".into(),
            role: None,
            dept: None,
            name: None,
            ext: None,
            reason: "x".into()
        }),
        Err(ClientError::Desk(DeskError::Validation { .. }))
    ));
    assert!(matches!(
        admin.send(req::StaffSet {
            username: "li".into(),
            role: Some(Role::Clerk),
            dept: None,
            name: None,
            ext: None,
            reason: " ".into()
        }),
        Err(ClientError::Desk(DeskError::Validation { .. }))
    ));
    // The only admin cannot demote or deactivate themselves away.
    match admin.send(req::StaffSet {
        username: "admin".into(),
        role: Some(Role::Clerk),
        dept: None,
        name: None,
        ext: None,
        reason: "试试".into(),
    }) {
        Err(ClientError::Desk(DeskError::Conflict { reason, .. })) => {
            assert!(reason.to_string().contains("last active admin"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(admin
        .send(req::StaffDeactivate {
            username: "admin".into(),
            reason: "试试".into()
        })
        .is_err());
}

fn visit_at(customer: CustomerId, staff: &str, start: Time) -> NewVisit {
    NewVisit {
        customer,
        staff: Some(staff.into()),
        kind: VisitKind::Repair,
        start,
        end: start + chrono::Duration::hours(1),
        ticket: None,
        unit: None,
        purpose: String::new(),
    }
}

/// R-REC-16: a leaver's open cases and future visits move in one change, and every resident
/// concerned is called back by the successor within a week.
#[test]
fn r_rec_16_handover_moves_open_work_in_one_change_and_books_contact_callbacks() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let a = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let b = add_customer(&mut li, "王芳芳", "13800002203", "5-1-302");
    let c1 = add_case(&mut li, a, "漏水");
    let c2 = add_case(&mut li, b, "噪音");
    let closed_one = add_case(&mut li, b, "咨询");
    tell_resident(&mut li, &closed_one.ticket);
    li.send(req::CaseStep {
        ticket: closed_one.ticket.clone(),
        base_version: None,
        step: CaseStep::Resolve(fixed("已答复")),
    })
    .unwrap();
    let tomorrow = Utc::now() + chrono::Duration::days(1);
    let v = li
        .send(req::VisitAdd {
            visit: visit_at(a, "li", tomorrow),
        })
        .unwrap();

    // A clerk may not hand over.
    let mut wang = d.client(WANG, "wang");
    assert!(wang
        .send(req::StaffHandover {
            leaver: "li".into(),
            successor: "wang".into(),
            reason: "李娜离职".into()
        })
        .is_err());

    // A clash in the successor's diary refuses the whole handover, naming it.
    let clash = wang
        .send(req::VisitAdd {
            visit: visit_at(b, "wang", tomorrow),
        })
        .unwrap();
    let mut boss = d.client(BOSS, "boss");
    match boss.send(req::StaffHandover {
        leaver: "li".into(),
        successor: "wang".into(),
        reason: "李娜离职".into(),
    }) {
        Err(ClientError::Desk(DeskError::Conflict { reason, .. })) => {
            assert!(
                reason.to_string().contains(&clash.id.to_string()),
                "{reason}"
            )
        }
        other => panic!("expected the clash to be named, got {other:?}"),
    }
    assert_eq!(
        li.send(req::CaseShow::of(c1.ticket.clone())).unwrap().owner,
        StaffId(LI),
        "nothing moved"
    );

    // Wang's clashing visit moves out of the way (R-VIS-02: cancelled with its reason).
    wang.send(req::VisitCancel {
        id: clash.id,
        reason: "改期".into(),
    })
    .unwrap();
    let seq_before = boss
        .send(req::Changes {
            after_seq: 0,
            limit: 10_000,
        })
        .unwrap()
        .len();
    let report = boss
        .send(req::StaffHandover {
            leaver: "li".into(),
            successor: "wang".into(),
            reason: "李娜离职".into(),
        })
        .unwrap();
    assert_eq!(
        report.cases, 3,
        "every open case, the resolved one waiting for its callback too"
    );
    assert_eq!(report.callbacks, 1);
    assert_eq!(report.visits, 1);
    assert_eq!(report.contact_callbacks, 2, "one per resident");
    for t in [&c1.ticket, &c2.ticket] {
        let case = wang.send(req::CaseShow::of(t.clone())).unwrap();
        assert_eq!(case.owner, StaffId(WANG));
        assert_eq!(
            case.received_by,
            StaffId(LI),
            "the first responder is history"
        );
    }
    let visits = wang
        .send(req::VisitList {
            from: tomorrow - chrono::Duration::hours(1),
            to: tomorrow + chrono::Duration::hours(2),
            staff: Some("wang".into()),
        })
        .unwrap();
    assert!(visits.iter().any(|r| r.visit.id == v.id));
    let contact: Vec<_> = wang
        .send(req::CallbackList {
            overdue_only: false,
            until: None,
        })
        .unwrap()
        .into_iter()
        .filter(|r| {
            matches!(
                r.callback.reason,
                frontdesk::domain::callback::CallbackReason::ContactChanged { .. }
            )
        })
        .collect();
    assert_eq!(contact.len(), 2);
    assert!(contact
        .iter()
        .all(|r| r.callback.due <= Utc::now() + chrono::Duration::days(7)));
    // One audited change.
    let trail = boss
        .send(req::Changes {
            after_seq: 0,
            limit: 10_000,
        })
        .unwrap();
    assert_eq!(trail.len(), seq_before + 1);
    assert_eq!(trail.last().unwrap().operation, "staff.handover");
}

fn complaint_about(
    c: &mut frontdesk::client::Client,
    customer: CustomerId,
    subject: &str,
) -> Ticket {
    c.send(req::CaseAdd {
        draft: CaseDraft {
            customer: Some(customer),
            kind: CaseKind::Complaint,
            channel: Channel::Counter,
            category: "attitude".into(),
            severity: Severity::L2,
            description: "前台态度差".into(),
            subject: Some(subject.into()),
            promised_at: Some(common::FAR_PROMISE.parse().unwrap()),
            unit: None,
        },
    })
    .unwrap()
    .ticket
}

/// R-INT-12 in full: the subject takes no step on the complaint, cannot read it, and never
/// receives its events; a supervisor can name a subject after intake.
#[test]
fn r_int_12_the_subject_of_a_complaint_neither_acts_on_it_nor_reads_it() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    // The supervisor is the subject: their role does not lift the recusal.
    let mut boss = d.client(BOSS, "boss");
    let mut boss_events = d.client(BOSS, "boss");
    boss_events.subscribe(boss_events.welcome.last_seq).unwrap();
    let t = complaint_about(&mut li, customer, "boss");
    li.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: CaseStep::Note("已安抚".into()),
    })
    .unwrap();

    for step in [
        CaseStep::Note("我来解释".into()),
        CaseStep::Dispatch(DispatchTarget::Department("客服".into())),
        CaseStep::Escalate {
            to: "admin".into(),
            reason: "升级".into(),
        },
        CaseStep::Reassign {
            to: "wang".into(),
            reason: "换人".into(),
        },
    ] {
        match boss.send(req::CaseStep {
            ticket: t.clone(),
            base_version: None,
            step: step.clone(),
        }) {
            Err(ClientError::Desk(DeskError::Forbidden(why))) => {
                assert!(
                    why.to_string().contains("subject of complaint"),
                    "{step:?}: {why}"
                )
            }
            other => panic!("{step:?}: expected a recusal, got {other:?}"),
        }
    }
    // Not readable: as if it did not exist.
    assert!(matches!(
        boss.send(req::CaseShow::of(t.clone())),
        Err(ClientError::Desk(DeskError::NotFound(_)))
    ));
    let card = boss.send(req::CustomerShow::of(customer)).unwrap();
    assert!(card.cases.iter().all(|c| c.ticket != t));
    let list = boss
        .send(req::CaseList {
            filter: CaseFilter::default(),
        })
        .unwrap();
    assert!(list.rows.iter().all(|c| c.ticket != t.0));
    let trail = boss
        .send(req::Changes {
            after_seq: 0,
            limit: 1000,
        })
        .unwrap();
    assert!(trail.iter().all(|c| !c.summary.contains(&t.0)), "{trail:?}");
    // Nor pushed: the subject's subscription sees none of its events.
    li.send(req::CustomerAdd {
        customer: NewCustomer {
            name: "路人".into(),
            phones: vec!["13900001111".into()],
            units: vec!["1-1-101".into()],
            ..NewCustomer::default()
        },
    })
    .unwrap();
    let mut seen = Vec::new();
    while let Ok(Some(Pushed::Change(c))) = boss_events.next_pushed(Duration::from_millis(300)) {
        seen.push(c);
    }
    assert!(
        seen.iter().any(|c| c.operation == "customer.add"),
        "{seen:?}"
    );
    assert!(seen.iter().all(|c| !c.summary.contains(&t.0)), "{seen:?}");

    // A supervisor names a subject after intake (audited); the named owner is refused.
    let other = add_case(&mut li, customer, "维修工迟到");
    match boss.send(req::CaseStep {
        ticket: other.ticket.clone(),
        base_version: None,
        step: CaseStep::NameSubject("li".into()),
    }) {
        Err(ClientError::Desk(DeskError::Conflict { reason, .. })) => {
            assert!(reason.to_string().contains("reassign"), "{reason}")
        }
        r => panic!("{r:?}"),
    }
    let named = boss
        .send(req::CaseStep {
            ticket: other.ticket.clone(),
            base_version: None,
            step: CaseStep::NameSubject("wang".into()),
        })
        .unwrap();
    assert_eq!(named.subject, Some(StaffId(WANG)));
    let mut wang = d.client(WANG, "wang");
    assert!(wang.send(req::CaseShow::of(other.ticket.clone())).is_err());
    // A clerk may not name one.
    assert!(li
        .send(req::CaseStep {
            ticket: other.ticket.clone(),
            base_version: None,
            step: CaseStep::NameSubject("zhao".into())
        })
        .is_err());
}

#[test]
fn with_subject_sees_existence_the_subject_is_told_a_complaint_names_them() {
    let d = Desktop::staffed_with(Policy {
        subject_sees_existence: true,
        ..Policy::default()
    });
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = complaint_about(&mut li, customer, "wang");
    match d.client(WANG, "wang").send(req::CaseShow::of(t.clone())) {
        Err(ClientError::Desk(DeskError::Forbidden(why))) => {
            assert!(
                why.to_string().contains("names you") && !why.to_string().contains("态度"),
                "{why}"
            )
        }
        other => panic!("{other:?}"),
    }
}

/// A retried handover (same request id) is applied once.
#[test]
fn a_retried_handover_applies_once() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    add_case(&mut li, customer, "漏水");
    let mut boss = d.client(BOSS, "boss");
    let id = new_request_id();
    let request = Request::StaffHandover(req::StaffHandover {
        leaver: "li".into(),
        successor: "wang".into(),
        reason: "离职".into(),
    });
    let first = boss.call_with_id(id, request.clone()).unwrap();
    let again = boss.call_with_id(id, request).unwrap();
    assert_eq!(first, again);
    let handovers = boss
        .send(req::Changes {
            after_seq: 0,
            limit: 1000,
        })
        .unwrap()
        .into_iter()
        .filter(|c| c.operation == "staff.handover")
        .count();
    assert_eq!(handovers, 1);
}
