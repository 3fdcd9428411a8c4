//! Lifecycle and first-responder tests for `Case`, each naming the rule it checks.

use super::*;
use crate::domain::callback::Settled;
use crate::domain::policy::StepRules;
use crate::domain::ParseWord;
use crate::domain::Role;
use chrono::TimeZone;

/// The tests' clock (shared with `tests_follow_through`).
pub(super) fn now() -> Time {
    chrono::Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap()
}

pub(super) fn staff(uid: u32, user: &str, role: Role) -> Staff {
    Staff::new(StaffId(uid), user, user, role, "", now()).unwrap()
}

/// A complaint's resolution with its cause and action (R-LIFE-02/08).
fn fixed(summary: &str) -> Resolution {
    Resolution::new(summary, "管道老化", "更换并加入巡检")
}

fn draft(severity: &str) -> CaseDraft {
    CaseDraft {
        customer: Some(CustomerId(1)),
        kind: CaseKind::Complaint,
        channel: Channel::Phone,
        category: "noise".into(),
        severity: Severity::parse(severity).unwrap(),
        description: "楼上装修噪音".into(),
        ..Default::default()
    }
}

pub(super) fn register(by: &Staff, subject: Option<&Staff>) -> Case {
    register_draft(&draft("L2"), subject, by, &Policy::default(), now())
}

/// `d` registered as resident 1's first case, T2611-0001 (shared with `tests_follow_through`).
pub(super) fn register_draft(
    d: &CaseDraft,
    subject: Option<&Staff>,
    by: &Staff,
    policy: &Policy,
    at: Time,
) -> Case {
    let key = CaseKey {
        customer: CustomerId(1),
        seq: 1,
    };
    let ticket = Ticket::new(2026, 11, 1);
    Case::register(
        NewCase {
            key,
            ticket,
            draft: d,
            subject,
        },
        by,
        policy,
        at,
    )
    .unwrap()
}

#[test]
fn r_int_01_r_life_01_receiver_owns_the_case() {
    let li = staff(1001, "li", Role::Clerk);
    let c = register(&li, None);
    assert_eq!(c.received_by, li.uid);
    assert_eq!(c.owner, li.uid);
    assert_eq!(c.status, CaseStatus::Registered);
    assert_eq!(c.timeline.len(), 1);
}

#[test]
fn r_int_15_deadlines_follow_severity_and_r_int_07_dispatch_in_three_minutes() {
    let li = staff(1001, "li", Role::Clerk);
    let c = register(&li, None);
    assert_eq!(c.deadlines.acknowledge, now() + Duration::minutes(30));
    assert_eq!(c.deadlines.dispatch, Some(now() + Duration::minutes(3)));
    assert_eq!(c.deadlines.respond, now() + Duration::hours(2));
    assert_eq!(c.deadlines.resolve, now() + Duration::hours(24));
    assert_eq!(c.dispatch_countdown(now()), Some(180));
    assert_eq!(
        c.overdue(now() + Duration::minutes(4)),
        vec![SlaClock::Dispatch]
    );
}

#[test]
fn r_life_03_dispatch_sends_work_but_keeps_the_owner() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let mut c = register(&li, None);
    c.dispatch(&li, Handler::Staff(wang.uid), now()).unwrap();
    assert_eq!(c.owner, li.uid, "dispatch never moves ownership");
    assert_eq!(c.status, CaseStatus::Dispatched);
    assert_eq!(c.dispatch_countdown(now()), None);
    // The handler works on it but cannot resolve or reply: the owner follows up (R-LIFE-04).
    c.start(&wang, now()).unwrap();
    assert!(matches!(
        c.resolve(&wang, &fixed("done"), now()),
        Err(DeskError::Forbidden(_))
    ));
    assert!(matches!(
        c.reply(&wang, "hi", StepRules::default(), now()),
        Err(DeskError::Forbidden(_))
    ));
    c.reply(&li, "已告知住户", StepRules::default(), now())
        .unwrap();
    c.resolve(&li, &fixed("fixed"), now()).unwrap();
    assert_eq!(c.status, CaseStatus::Resolved);
}

#[test]
fn r_life_01_only_the_owner_resolves_replies_and_closes_others_may_note_and_assist() {
    let li = staff(1001, "li", Role::Clerk);
    let zhao = staff(1003, "zhao", Role::Clerk);
    let boss = staff(1, "boss", Role::Supervisor);
    let mut c = register(&li, None);
    assert!(matches!(
        c.resolve(&zhao, &fixed("x"), now()),
        Err(DeskError::Forbidden(_))
    ));
    // Not even a supervisor resolves someone else's case: they reassign instead.
    assert!(matches!(
        c.resolve(&boss, &fixed("x"), now()),
        Err(DeskError::Forbidden(_))
    ));
    c.note(&zhao, "resident called again", now()).unwrap();
    c.assist(&zhao, now()).unwrap();
    assert!(c.involves(zhao.uid));
    assert!(c.assist(&zhao, now()).is_err(), "joining twice is refused");
    c.reply(&li, "已告知住户", StepRules::default(), now())
        .unwrap();
    c.resolve(&li, &fixed("fixed"), now()).unwrap();
    assert!(matches!(
        c.close(&zhao, now()),
        Err(DeskError::Forbidden(_))
    ));
}

#[test]
fn r_int_12_subject_of_complaint_cannot_own_handle_or_assist() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let boss = staff(1, "boss", Role::Supervisor);
    // The subject cannot register (and so own) a complaint about themself.
    let d = draft("L2");
    let own = Case::register(
        NewCase {
            key: CaseKey {
                customer: CustomerId(1),
                seq: 1,
            },
            ticket: Ticket::new(2026, 11, 1),
            draft: &d,
            subject: Some(&wang),
        },
        &wang,
        &Policy::default(),
        now(),
    );
    assert!(matches!(own, Err(DeskError::Forbidden(_))));

    let mut c = register(&li, Some(&wang));
    assert_eq!(c.subject, Some(wang.uid));
    assert!(matches!(
        c.dispatch(&li, Handler::Staff(wang.uid), now()),
        Err(DeskError::Forbidden(_))
    ));
    assert!(matches!(
        c.assist(&wang, now()),
        Err(DeskError::Forbidden(_))
    ));
    assert!(matches!(
        c.reassign(&boss, &wang, "cover", now()),
        Err(DeskError::Forbidden(_))
    ));
    assert_eq!(c.owner, li.uid);
}

#[test]
fn reassign_needs_a_supervisor_and_a_logged_reason() {
    let li = staff(1001, "li", Role::Clerk);
    let zhao = staff(1003, "zhao", Role::Clerk);
    let boss = staff(1, "boss", Role::Supervisor);
    let mut c = register(&li, None);
    assert!(matches!(
        c.reassign(&li, &zhao, "leaving", now()),
        Err(DeskError::Forbidden(_))
    ));
    assert!(matches!(
        c.reassign(&boss, &zhao, "  ", now()),
        Err(DeskError::Validation { .. })
    ));
    c.reassign(&boss, &zhao, "li on leave", now()).unwrap();
    assert_eq!(c.owner, zhao.uid);
    assert_eq!(
        c.received_by, li.uid,
        "the first responder is kept for the record"
    );
    assert!(matches!(
        c.timeline.last().unwrap().event,
        CaseEvent::Reassigned { ref reason, .. } if reason == "li on leave"
    ));
}

/// Also walks the R-LIFE-11 lifecycle: resolved → reopened → resolved → callback done →
/// closed.
#[test]
fn r_cb_01_unsatisfied_callback_reopens_to_the_same_owner() {
    let li = staff(1001, "li", Role::Clerk);
    let mut c = register(&li, None);
    c.reply(&li, "已告知住户", StepRules::default(), now())
        .unwrap();
    c.resolve(&li, &fixed("fixed"), now()).unwrap();
    c.attach_callback(CallbackId(1), li.uid, now());
    assert!(
        c.close(&li, now()).is_err(),
        "cannot close before the callback"
    );
    c.apply_callback(
        StaffId(9),
        Settled::Unsatisfied("still noisy".into()),
        now(),
    );
    assert_eq!(c.status, CaseStatus::Reopened);
    assert_eq!(c.owner, li.uid);
    c.reply(&li, "已告知住户", StepRules::default(), now())
        .unwrap();
    c.resolve(&li, &fixed("talked to neighbour"), now())
        .unwrap();
    c.attach_callback(CallbackId(2), li.uid, now());
    c.apply_callback(StaffId(9), Settled::Satisfied, now());
    assert_eq!(c.status, CaseStatus::CallbackDone);
    c.close(&li, now()).unwrap();
    assert_eq!(c.status, CaseStatus::Closed);
    assert!(
        c.note(&li, "closing remark", now()).is_ok(),
        "notes are always allowed"
    );
}

#[test]
fn r_int_06_promised_time_must_be_in_the_future() {
    let li = staff(1001, "li", Role::Clerk);
    let mut d = draft("L1");
    d.promised_at = Some(now() - Duration::minutes(1));
    let r = Case::register(
        NewCase {
            key: CaseKey {
                customer: CustomerId(1),
                seq: 1,
            },
            ticket: Ticket::new(2026, 11, 1),
            draft: &d,
            subject: None,
        },
        &li,
        &Policy::default(),
        now(),
    );
    assert!(matches!(r, Err(DeskError::Validation { ref field, .. }) if *field == Field::Promised));
    let mut c = register(&li, None);
    c.promise(
        &li,
        now() + Duration::hours(5),
        "parts arrive tomorrow",
        true,
        now(),
    )
    .unwrap();
    assert_eq!(c.promised_at, Some(now() + Duration::hours(5)));
    // R-INT-06: whether the resident agreed is recorded with the new time.
    assert!(matches!(
        c.timeline.last().unwrap().event,
        CaseEvent::Promised { agreed: true, .. }
    ));
    c.promise(
        &li,
        now() + Duration::hours(6),
        "工程部排不开",
        false,
        now(),
    )
    .unwrap();
    assert!(matches!(
        c.timeline.last().unwrap().event,
        CaseEvent::Promised { agreed: false, ref reason, .. } if reason == "工程部排不开"
    ));
}

#[test]
fn r_int_16_escalation_keeps_the_owner() {
    let li = staff(1001, "li", Role::Clerk);
    let boss = staff(1003, "boss", Role::Supervisor);
    let mut c = register(&li, None);
    c.escalate(&li, &boss, "major leak, whole floor", now())
        .unwrap();
    assert_eq!(c.status, CaseStatus::Escalated);
    assert_eq!(c.owner, li.uid);
}

#[test]
fn bad_intake_fields_are_named() {
    let li = staff(1001, "li", Role::Clerk);
    // Choices are parsed at the edge (CLI value parsers, the screen's choice widgets); a bad
    // word is refused there, naming its field.
    let named = |r: Result<(), DeskError>| match r {
        Err(DeskError::Validation { field, .. }) => Some(field),
        _ => None,
    };
    assert_eq!(
        named(Severity::parse("L9").map(|_| ())),
        Some(Field::Severity)
    );
    assert_eq!(
        named(CaseKind::parse("rant").map(|_| ())),
        Some(Field::Kind)
    );
    assert_eq!(
        named(Channel::parse("pigeon").map(|_| ())),
        Some(Field::Channel)
    );
    for (field, mutate) in [
        (
            Field::Description,
            Box::new(|d: &mut CaseDraft| d.description = " ".into()) as Box<dyn Fn(&mut CaseDraft)>,
        ),
        (
            Field::Description,
            Box::new(|d: &mut CaseDraft| d.description = "\u{1b}[2J".into()),
        ),
    ] {
        let mut d = draft("L2");
        mutate(&mut d);
        let r = Case::register(
            NewCase {
                key: CaseKey {
                    customer: CustomerId(1),
                    seq: 1,
                },
                ticket: Ticket::new(2026, 11, 1),
                draft: &d,
                subject: None,
            },
            &li,
            &Policy::default(),
            now(),
        );
        assert!(
            matches!(r, Err(DeskError::Validation { field: ref f, .. }) if *f == field),
            "{field}: {r:?}"
        );
    }
}

#[test]
fn r_life_03_one_colleague_takes_department_work_and_the_owner_stays() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let zhao = staff(1003, "zhao", Role::Clerk);
    let mut c = register(&li, None);
    let e = c.take(&wang, "", now()).unwrap_err();
    assert!(e.to_string().contains("not been dispatched"), "{e}");
    c.dispatch(&li, Handler::Department("工程部".into()), now())
        .unwrap();
    c.take(&wang, "", now()).unwrap();
    assert_eq!(c.handler, Some(Handler::Staff(wang.uid)));
    assert_eq!(c.owner, li.uid);
    let e = c.take(&zhao, "王磊", now()).unwrap_err();
    assert!(matches!(e, DeskError::Conflict { .. }));
    assert!(e.to_string().contains("already taken by 王磊"), "{e}");
}

#[test]
fn r_int_12_the_subject_of_a_complaint_cannot_take_its_work() {
    let li = staff(1001, "li", Role::Clerk);
    let zhao = staff(1003, "zhao", Role::Clerk);
    let mut c = register(&li, Some(&zhao));
    c.dispatch(&li, Handler::Department("客服中心".into()), now())
        .unwrap();
    let e = c.take(&zhao, "", now()).unwrap_err();
    assert!(matches!(e, DeskError::Forbidden(_)), "{e}");
    assert!(e.to_string().contains("complaint is about"), "{e}");
}

#[test]
fn r_life_03_the_handler_may_promise_a_handling_time_others_may_not() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let zhao = staff(1003, "zhao", Role::Clerk);
    let mut c = register(&li, None);
    c.dispatch(&li, Handler::Staff(wang.uid), now()).unwrap();
    let later = now() + Duration::hours(5);
    c.promise(&wang, later, "需要订配件", true, now()).unwrap();
    assert_eq!(c.promised_at, Some(later));
    assert!(matches!(
        c.promise(&zhao, later, "我来", true, now()),
        Err(DeskError::Forbidden(_))
    ));
    // The owner still may.
    c.promise(&li, later + Duration::hours(1), "改期", true, now())
        .unwrap();
}

#[test]
fn r_int_06_a_missed_promised_time_is_overdue_until_resolved() {
    let li = staff(1001, "li", Role::Clerk);
    let mut c = register(&li, None);
    c.dispatch(&li, Handler::Department("工程部".into()), now())
        .unwrap();
    let promised = now() + Duration::hours(1);
    c.promise(&li, promised, "下午上门", true, now()).unwrap();
    assert!(!c.overdue(promised).contains(&SlaClock::Promised));
    assert!(c
        .overdue(promised + Duration::minutes(1))
        .contains(&SlaClock::Promised));
    c.reply(&li, "已告知住户", StepRules::default(), promised)
        .unwrap();
    c.resolve(&li, &fixed("已修好"), promised + Duration::minutes(30))
        .unwrap();
    assert!(!c
        .overdue(promised + Duration::hours(2))
        .contains(&SlaClock::Promised));
}
