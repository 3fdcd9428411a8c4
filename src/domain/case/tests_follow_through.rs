//! The follow-through rules: every clock watched (R-INT-15 acknowledge, R-INT-07 dispatch to
//! a person, R-INT-10 inquiry reply), escalation to a named target (R-INT-16), resolution
//! with cause and action (R-LIFE-02/08), and an unreached callback left to a supervisor
//! (R-CB-01).

use super::tests::{now, register_draft, staff};
use super::*;
use crate::domain::callback::Settled;
use crate::domain::policy::StepRules;
use crate::domain::Role;

pub(super) fn mins(m: i64) -> Time {
    now() + Duration::minutes(m)
}

pub(super) fn register(kind: CaseKind, by: &Staff) -> Case {
    register_with(kind, Severity::L3, by, &Policy::default(), now())
}

fn register_with(
    kind: CaseKind,
    severity: Severity,
    by: &Staff,
    policy: &Policy,
    at: Time,
) -> Case {
    let d = CaseDraft {
        customer: Some(CustomerId(1)),
        kind,
        severity,
        channel: Channel::Phone,
        description: "楼上漏水".into(),
        ..Default::default()
    };
    register_draft(&d, None, by, policy, at)
}

#[test]
fn r_int_15_an_unacknowledged_case_goes_overdue_after_thirty_minutes() {
    let li = staff(1001, "li", Role::Clerk);
    let c = register(CaseKind::Repair, &li);
    assert!(!c.overdue(mins(30)).contains(&SlaClock::Acknowledge));
    assert!(c.overdue(mins(31)).contains(&SlaClock::Acknowledge));
    let mut acted = c.clone();
    acted
        .dispatch(&li, Handler::Department("工程部".into()), mins(10))
        .unwrap();
    assert_eq!(acted.acknowledged_at(), Some(mins(10)));
    assert!(!acted.overdue(mins(31)).contains(&SlaClock::Acknowledge));
    // A note is not an acknowledgement: nothing was decided.
    let mut noted = c;
    noted.note(&li, "记下了", mins(5)).unwrap();
    assert!(noted.overdue(mins(31)).contains(&SlaClock::Acknowledge));
}

#[test]
fn r_int_07_naming_a_department_does_not_stop_the_three_minute_clock_but_a_taker_does() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let mut c = register(CaseKind::Repair, &li);
    c.dispatch(&li, Handler::Department("工程部".into()), mins(1))
        .unwrap();
    assert_eq!(c.dispatched_at, None);
    assert!(c.dispatch_countdown(mins(2)).is_some());
    assert!(c.overdue(mins(4)).contains(&SlaClock::Dispatch));
    c.take(&wang, "", mins(2)).unwrap();
    assert_eq!(c.dispatched_at, Some(mins(2)));
    assert_eq!(c.dispatch_countdown(mins(2)), None);
    assert!(!c.overdue(mins(4)).contains(&SlaClock::Dispatch));
}

#[test]
fn r_int_07_dispatching_a_colleague_stops_the_clock() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let mut c = register(CaseKind::Complaint, &li);
    c.dispatch(&li, Handler::Staff(wang.uid), mins(2)).unwrap();
    assert_eq!(c.dispatched_at, Some(mins(2)));
    assert!(!c.overdue(mins(10)).contains(&SlaClock::Dispatch));
}

#[test]
fn r_int_07_10_an_inquiry_has_no_dispatch_clock_a_suggestion_does_and_an_inquiry_is_replied_within_24_hours(
) {
    let li = staff(1001, "li", Role::Clerk);
    let inquiry = register(CaseKind::Inquiry, &li);
    assert_eq!(inquiry.dispatch_countdown(now()), None);
    assert_eq!(
        inquiry.deadlines.respond,
        now() + Duration::hours(Policy::default().inquiry_reply_hours)
    );
    let at_5h = now() + Duration::hours(5);
    assert!(!inquiry.overdue(at_5h).contains(&SlaClock::Dispatch));
    assert!(!inquiry.overdue(at_5h).contains(&SlaClock::Respond));
    let at_25h = now() + Duration::hours(25);
    assert!(inquiry.overdue(at_25h).contains(&SlaClock::Respond));
    let mut answered = inquiry;
    answered
        .reply(&li, "物业费按季度缴纳", StepRules::default(), mins(60))
        .unwrap();
    assert!(!answered.overdue(at_25h).contains(&SlaClock::Respond));

    // 000:1007 states the three-minute chain for a suggestion: it runs by default.
    let suggestion = register(CaseKind::Suggestion, &li);
    assert_eq!(suggestion.dispatch_countdown(now()), Some(180));
    assert!(suggestion.overdue(at_5h).contains(&SlaClock::Dispatch));
    // A desk whose policy leaves suggestions out stores no dispatch clock for them at all.
    let policy = Policy {
        dispatch_kinds: vec![CaseKind::Complaint, CaseKind::Repair],
        ..Policy::default()
    };
    let quiet = register_with(CaseKind::Suggestion, Severity::L3, &li, &policy, now());
    assert_eq!(quiet.deadlines.dispatch, None);
    assert_eq!(quiet.dispatch_countdown(now()), None);
    assert!(!quiet.overdue(at_5h).contains(&SlaClock::Dispatch));
}

#[test]
fn r_int_16_escalation_names_its_target_and_stays_until_they_act() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let boss = staff(1003, "boss", Role::Supervisor);
    let director = staff(1000, "director", Role::Admin);
    let mut c = register(CaseKind::Complaint, &li);
    // A clerk is not an escalation target.
    assert!(matches!(
        c.escalate(&li, &wang, "整层漏水", mins(1)),
        Err(DeskError::Validation {
            field: Field::To,
            ..
        })
    ));
    c.escalate(&li, &boss, "整层漏水", mins(1)).unwrap();
    assert_eq!(c.escalated_to(), Some(boss.uid));
    // A later dispatch or start by others does not erase it.
    c.dispatch(&li, Handler::Staff(wang.uid), mins(2)).unwrap();
    c.start(&wang, mins(3)).unwrap();
    assert_eq!(c.status, CaseStatus::InProgress);
    assert_eq!(c.escalated_to(), Some(boss.uid));
    // The supervisor acts: it leaves their view. A major complaint goes on to the director.
    c.escalate(&boss, &director, "重大投诉", mins(4)).unwrap();
    assert_eq!(c.escalated_to(), Some(director.uid));
    c.note(&director, "明早到现场", mins(5)).unwrap();
    assert_eq!(c.escalated_to(), None);
}

#[test]
fn r_life_02_08_a_complaint_is_resolved_with_its_cause_and_corrective_action() {
    let li = staff(1001, "li", Role::Clerk);
    let mut c = register(CaseKind::Complaint, &li);
    c.reply(
        &li,
        "已查明原因，今天更换阀门",
        StepRules::default(),
        mins(8),
    )
    .unwrap();
    let field = |r: Result<(), DeskError>| match r {
        Err(DeskError::Validation { field, .. }) => Some(field),
        _ => None,
    };
    assert_eq!(
        field(c.resolve(&li, &Resolution::new("已修好", "", "换阀门"), mins(9))),
        Some(Field::Cause)
    );
    assert_eq!(
        field(c.resolve(&li, &Resolution::new("已修好", "阀门老化", " "), mins(9))),
        Some(Field::Action)
    );
    let r = Resolution::new("已修好", "阀门老化", "更换阀门，加入月检");
    c.resolve(&li, &r, mins(9)).unwrap();
    assert_eq!(
        c.timeline.last().map(|e| &e.event),
        Some(&CaseEvent::ResolvedWith(r))
    );
    // A repair may be resolved with a summary alone.
    let mut repair = register(CaseKind::Repair, &li);
    repair
        .resolve(&li, &Resolution::new("换了灯泡", "", ""), mins(9))
        .unwrap();
}

#[test]
fn r_cb_01_an_unreached_resident_leaves_the_case_to_a_supervisor() {
    let li = staff(1001, "li", Role::Clerk);
    let boss = staff(1003, "boss", Role::Supervisor);
    let mut c = register(CaseKind::Repair, &li);
    c.resolve(&li, &Resolution::new("修好", "", ""), mins(9))
        .unwrap();
    c.attach_callback(CallbackId(1), li.uid, mins(9));
    c.apply_callback(li.uid, Settled::GaveUp, mins(99));
    assert_eq!(c.status, CaseStatus::AwaitingDecision);
    assert!(matches!(
        c.close(&li, mins(100)),
        Err(DeskError::Forbidden(_))
    ));
    c.close(&boss, mins(100)).unwrap();
    assert_eq!(c.status, CaseStatus::Closed);
}

#[test]
fn r_life_01_r_int_12_permits_gives_the_refusal_the_step_itself_gives() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let boss = staff(1003, "boss", Role::Supervisor);
    let mut c = register(CaseKind::Complaint, &li);
    for step in <StepKind as strum::IntoEnumIterator>::iter() {
        let got = c.permits(step, &li, StepRules::default()).is_ok();
        let expected = !matches!(
            step,
            // R-LIFE-02: a complaint is resolved after the resident has had a reply.
            StepKind::Resolve
                | StepKind::Close
                | StepKind::Take
                | StepKind::Reassign
                | StepKind::Assist
                | StepKind::NameSubject
        );
        assert_eq!(got, expected, "owner, {step:?}");
    }
    let refusal = c
        .permits(StepKind::Reply, &wang, StepRules::default())
        .unwrap_err()
        .to_string();
    assert!(refusal.contains("only the case owner"), "{refusal}");
    assert!(c
        .permits(StepKind::Note, &wang, StepRules::default())
        .is_ok());
    assert!(c
        .permits(StepKind::Reassign, &boss, StepRules::default())
        .is_ok());
    c.subject = Some(wang.uid);
    let refusal = c
        .permits(StepKind::Note, &wang, StepRules::default())
        .unwrap_err()
        .to_string();
    assert!(refusal.contains("subject"), "{refusal}");
}

#[test]
fn r_int_15_business_clock_moves_l2_l3_deadlines_over_the_weekend_but_not_l1() {
    // Friday 2026-11-20 16:00 at the desk; business hours 08:30–17:30.
    let friday = chrono::DateTime::parse_from_rfc3339("2026-11-20T16:00:00+08:00")
        .unwrap()
        .to_utc();
    let mut policy = Policy::from_toml("sla_clock = \"business\"\n").unwrap();
    policy.calendar = std::sync::Arc::new(
        crate::domain::WorkCalendar::parse("[hours]\nopen = \"08:30\"\nclose = \"17:30\"\n")
            .unwrap(),
    );
    let by = staff(1, "li", Role::Clerk);
    let case = |severity| register_with(CaseKind::Complaint, severity, &by, &policy, friday);
    let l2 = case(Severity::L2);
    // 2 business hours: 1.5 on Friday, 0.5 from Monday 08:30.
    assert_eq!(
        l2.deadlines.respond.to_rfc3339(),
        "2026-11-23T01:00:00+00:00"
    );
    assert_eq!(
        l2.deadlines.dispatch,
        Some(friday + Duration::minutes(3)),
        "dispatch: wall clock"
    );
    let l1 = case(Severity::L1);
    assert_eq!(
        l1.deadlines.respond,
        friday + Duration::hours(1),
        "L1: wall clock"
    );
}
