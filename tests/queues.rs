//! The queues through the protocol: R-CB-01/02 callbacks after a resolved case (unsatisfied
//! reopens it to its owner; the sample's on-site share needs a signature), R-CB-08 tier
//! callbacks planned once per cadence, and R-VIS-02 visits never double-booked.

mod common;

use chrono::Utc;
use common::*;
use frontdesk::domain::{CaseStatus, DeskError, Field, Outcome, StaffId, Tier, VisitKind};
use frontdesk::protocol::req;
use frontdesk::protocol::{CaseStep, NewVisit, Reply, Request};

fn r_cb_01_resolve_schedules_a_callback_and_unsatisfied_reopens_to_the_owner() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut zhao = d.client(ZHAO, "zhao");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "漏水").ticket;
    tell_resident(&mut li, &t);
    li.call(step(&t, CaseStep::Resolve(fixed("换了阀门"))))
        .unwrap();
    let q = zhao
        .send(req::CallbackList {
            overdue_only: false,
            until: None,
        })
        .unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].ticket(), Some(&t));
    let id = q[0].callback.id;
    zhao.send(req::CallbackRecord {
        id,
        outcome: Outcome::Unsatisfied,
        onsite: false,
        signed: false,
        note: "还在漏".into(),
    })
    .unwrap();
    let c = li.send(req::CaseShow::of(t.clone())).unwrap();
    assert_eq!(c.status, CaseStatus::Reopened);
    assert_eq!(c.owner, StaffId(LI));
    // Recording again on a finished callback is refused.
    assert!(zhao
        .send(req::CallbackRecord {
            id,
            outcome: Outcome::Satisfied,
            onsite: false,
            signed: false,
            note: String::new(),
        })
        .is_err());
    // Resolve again, satisfied this time, then the owner closes.
    tell_resident(&mut li, &t);
    li.call(step(&t, CaseStep::Resolve(fixed("彻底修好"))))
        .unwrap();
    let q = zhao
        .send(req::CallbackList {
            overdue_only: false,
            until: None,
        })
        .unwrap();
    zhao.send(req::CallbackRecord {
        id: q[0].callback.id,
        outcome: Outcome::Satisfied,
        onsite: false,
        signed: false,
        note: String::new(),
    })
    .unwrap();
    let Reply::Case(c) = li.call(step(&t, CaseStep::Close)).unwrap() else {
        panic!()
    };
    assert_eq!(c.status, CaseStatus::Closed);
}

fn r_cb_02_sample_mode_requires_onsite_signature_on_its_share() {
    let policy = frontdesk::domain::Policy {
        callback_mode: frontdesk::domain::policy::CallbackMode::Sample,
        ..Default::default()
    };
    let d = Desktop::staffed_with(policy);
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "漏水").ticket;
    tell_resident(&mut li, &t);
    li.call(step(&t, CaseStep::Resolve(fixed("ok")))).unwrap();
    let q = li
        .send(req::CallbackList {
            overdue_only: false,
            until: None,
        })
        .unwrap();
    // The first sampled callback is on-site: 0 of 1 would be below the 30 % floor.
    assert!(q[0].callback.require_onsite);
    let record = |onsite, signed| {
        Request::CallbackRecord(req::CallbackRecord {
            id: q[0].callback.id,
            outcome: Outcome::Satisfied,
            onsite,
            signed,
            note: String::new(),
        })
    };
    assert!(matches!(
        desk_err(li.call(record(false, false))),
        DeskError::Validation { ref field, .. } if *field == Field::Onsite
    ));
    li.call(record(true, true)).unwrap();
}

fn r_cb_08_tier_callbacks_are_planned_once_per_cadence() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut boss = d.client(BOSS, "boss");
    li.send(req::CustomerAdd {
        customer: frontdesk::domain::NewCustomer {
            name: "钱总".into(),
            phones: vec!["13800009999".into()],
            units: vec!["1-1-101".into()],
            tier: Tier::Vip,
            notes: String::new(),
        },
    })
    .unwrap();
    add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let plan = |days| {
        Request::CallbackPlan(req::CallbackPlan {
            until: Utc::now() + chrono::Duration::days(days),
        })
    };
    assert!(matches!(
        desk_err(li.call(plan(100))),
        DeskError::Forbidden(_)
    ));
    assert_eq!(
        boss.call(plan(1)).unwrap(),
        Reply::Planned {
            created: 0,
            more: false
        }
    );
    // After a quarter the VIP is due (on-site); the general resident only after half a year.
    assert_eq!(
        boss.call(plan(100)).unwrap(),
        Reply::Planned {
            created: 1,
            more: false
        }
    );
    assert_eq!(
        boss.call(plan(100)).unwrap(),
        Reply::Planned {
            created: 0,
            more: false
        }
    );
    assert_eq!(
        boss.call(plan(200)).unwrap(),
        Reply::Planned {
            created: 1,
            more: false
        }
    );
    let q = boss
        .send(req::CallbackList {
            overdue_only: false,
            until: None,
        })
        .unwrap();
    assert_eq!(q.len(), 2);
    assert!(q[0].callback.require_onsite && q[0].customer_name == "钱总");
}

fn r_vis_02_double_booking_is_refused_naming_the_clash() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let start = Utc::now() + chrono::Duration::days(1);
    let visit = |offset_min: i64| {
        Request::VisitAdd(req::VisitAdd {
            visit: NewVisit {
                customer: cust,
                staff: Some("wang".into()),
                kind: VisitKind::Repair,
                start: start + chrono::Duration::minutes(offset_min),
                end: start + chrono::Duration::minutes(offset_min + 60),
                ticket: None,
                unit: None,
                purpose: "修水管".into(),
            },
        })
    };
    let Reply::Visit(v) = li.call(visit(0)).unwrap() else {
        panic!()
    };
    match desk_err(li.call(visit(30))) {
        DeskError::Conflict { reason, .. } => {
            assert!(
                reason.to_string().contains(&v.id.to_string())
                    && reason.to_string().contains("王芳"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    li.call(visit(60)).unwrap();
    let day = li
        .send(req::VisitList {
            from: start - chrono::Duration::hours(1),
            to: start + chrono::Duration::hours(5),
            staff: Some("wang".into()),
        })
        .unwrap();
    assert_eq!(day.len(), 2);
}

on_both_stores!(
    r_cb_01_resolve_schedules_a_callback_and_unsatisfied_reopens_to_the_owner,
    r_cb_02_sample_mode_requires_onsite_signature_on_its_share,
    r_cb_08_tier_callbacks_are_planned_once_per_cadence,
    r_vis_02_double_booking_is_refused_naming_the_clash,
);
