//! Callback rules, each test naming the rule it checks.

use super::*;
use chrono::TimeZone;

fn t0() -> Time {
    chrono::Utc.with_ymd_and_hms(2026, 11, 2, 1, 0, 0).unwrap()
}

fn call(outcome: Outcome, onsite: bool, signed: bool, note: &str) -> CallResult {
    CallResult {
        outcome,
        onsite,
        signed,
        note: note.into(),
    }
}

fn cb(onsite: bool) -> Callback {
    let key = CaseKey {
        customer: CustomerId(1),
        seq: 1,
    };
    Callback::for_case(
        CallbackId(1),
        key,
        Ticket::new(2026, 11, 1),
        onsite,
        &Policy::default(),
        t0(),
    )
}

#[test]
fn r_cb_01_every_resolved_case_is_called_back_by_default() {
    let p = Policy::default();
    let mut tally = SampleTally::default();
    for _ in 0..50 {
        assert_eq!(
            choose_callback(&p, CaseKind::Complaint, false, &mut tally),
            Some(false)
        );
    }
}

#[test]
fn r_cb_02_sample_is_ten_percent_with_at_least_thirty_percent_onsite() {
    let p = Policy {
        callback_mode: CallbackMode::Sample,
        ..Policy::default()
    };
    let mut tally = SampleTally::default();
    let picks: Vec<Option<bool>> = (0..1000)
        .map(|_| choose_callback(&p, CaseKind::Complaint, false, &mut tally))
        .collect();
    let sampled = picks.iter().filter(|p| p.is_some()).count();
    let onsite = picks.iter().filter(|p| **p == Some(true)).count();
    assert_eq!(sampled, 100);
    assert!(onsite * 100 >= 30 * sampled, "{onsite} of {sampled}");
    // The first resolution is sampled so a small desk still gets callbacks.
    assert!(picks[0].is_some());
}

#[test]
fn r_cb_02_the_sample_is_drawn_from_complaints_only_and_r_cb_03_repairs_follow_their_rule() {
    let p = Policy {
        callback_mode: CallbackMode::Sample,
        ..Policy::default()
    };
    let mut tally = SampleTally::default();
    // Repairs are all called back by default (R-CB-03) and do not move the complaint sample.
    for _ in 0..20 {
        assert_eq!(
            choose_callback(&p, CaseKind::Repair, false, &mut tally),
            Some(false)
        );
    }
    assert_eq!(tally, SampleTally::default());
    // Inquiries, suggestions and help requests are answered on the spot: no callback.
    for kind in [CaseKind::Inquiry, CaseKind::Suggestion, CaseKind::Help] {
        assert_eq!(choose_callback(&p, kind, false, &mut tally), None);
    }
    // The first complaint is sampled; the next nine are not.
    assert!(choose_callback(&p, CaseKind::Complaint, false, &mut tally).is_some());
    for _ in 0..9 {
        assert_eq!(
            choose_callback(&p, CaseKind::Complaint, false, &mut tally),
            None
        );
    }
    let no_repairs = Policy {
        repair_callback: CallbackRule::None,
        ..p.clone()
    };
    assert_eq!(
        choose_callback(&no_repairs, CaseKind::Repair, false, &mut tally),
        None
    );
}

#[test]
fn r_cb_01_a_case_reopened_by_a_callback_is_always_called_back_again() {
    let p = Policy {
        callback_mode: CallbackMode::Sample,
        repair_callback: CallbackRule::None,
        ..Policy::default()
    };
    let mut tally = SampleTally {
        resolved: 1,
        sampled: 1,
        onsite: 1,
    };
    // Outside the sample, and a repair whose rule is none: reopened by a callback wins.
    assert_eq!(
        choose_callback(&p, CaseKind::Complaint, true, &mut tally),
        Some(false)
    );
    assert_eq!(
        choose_callback(&p, CaseKind::Repair, true, &mut tally),
        Some(false)
    );
}

#[test]
fn r_cb_02_onsite_callbacks_need_onsite_and_signature() {
    let p = Policy::default();
    let mut c = cb(true);
    let err = c
        .record(
            StaffId(1),
            &call(Outcome::Satisfied, false, false, ""),
            &p,
            t0(),
        )
        .unwrap_err();
    assert!(matches!(err, DeskError::Validation { ref field, .. } if *field == Field::Onsite));
    assert!(c.attempts.is_empty(), "a refused record changes nothing");
    let s = c
        .record(
            StaffId(1),
            &call(Outcome::Satisfied, true, true, ""),
            &p,
            t0(),
        )
        .unwrap();
    assert_eq!(s, Some(Settled::Satisfied));
}

#[test]
fn unreachable_is_tried_three_times_then_given_up() {
    let p = Policy::default();
    let mut c = cb(false);
    for i in 0..2 {
        let s = c
            .record(
                StaffId(1),
                &call(Outcome::Unreachable, false, false, ""),
                &p,
                t0(),
            )
            .unwrap();
        assert_eq!(s, None, "try {i}");
        assert_eq!(c.status, CallbackStatus::Pending);
    }
    assert!(c.due > t0());
    let s = c
        .record(
            StaffId(1),
            &call(Outcome::Unreachable, false, false, ""),
            &p,
            t0(),
        )
        .unwrap();
    assert_eq!(s, Some(Settled::GaveUp));
    assert!(c
        .record(
            StaffId(1),
            &call(Outcome::Satisfied, false, false, ""),
            &p,
            t0()
        )
        .is_err());
}

#[test]
fn unsatisfied_needs_a_reason() {
    let p = Policy::default();
    let mut c = cb(false);
    assert!(c
        .record(
            StaffId(1),
            &call(Outcome::Unsatisfied, false, false, " "),
            &p,
            t0()
        )
        .is_err());
    let s = c
        .record(
            StaffId(1),
            &call(Outcome::Unsatisfied, false, false, "still leaking"),
            &p,
            t0(),
        )
        .unwrap();
    assert_eq!(s, Some(Settled::Unsatisfied("still leaking".into())));
}

#[test]
fn r_cb_08_next_tier_callback_waits_for_pending_and_counts_from_the_last() {
    let p = Policy::default();
    let later = t0() + Duration::days(100);
    assert_eq!(next_tier_callback(&p, Tier::Vip, t0(), &[], t0()), None);
    let due = next_tier_callback(&p, Tier::Vip, t0(), &[], later).unwrap();
    assert_eq!(due, t0() + Duration::days(91));
    let mut pending = Callback::for_tier(CallbackId(1), CustomerId(1), Tier::Vip, due, t0());
    assert!(pending.require_onsite);
    assert_eq!(
        next_tier_callback(&p, Tier::Vip, t0(), &[pending.clone()], later),
        None
    );
    let call = CallResult {
        outcome: Outcome::Satisfied,
        onsite: true,
        signed: true,
        note: String::new(),
    };
    pending.record(StaffId(1), &call, &p, due).unwrap();
    assert_eq!(
        next_tier_callback(&p, Tier::Vip, t0(), &[pending.clone()], later),
        None
    );
    assert_eq!(
        next_tier_callback(&p, Tier::Vip, t0(), &[pending], due + Duration::days(91)),
        Some(due + Duration::days(91))
    );
    assert!(
        !Callback::for_tier(CallbackId(2), CustomerId(1), Tier::General, due, t0()).require_onsite
    );
}

#[test]
fn r_cb_08_tier_cadence() {
    let p = Policy::default();
    assert_eq!(
        tier_due(&p, Tier::Vip, None, t0()),
        t0() + Duration::days(91)
    );
    assert_eq!(
        tier_due(&p, Tier::Key, None, t0()),
        t0() + Duration::days(91)
    );
    assert_eq!(
        tier_due(&p, Tier::General, Some(t0()), t0()),
        t0() + Duration::days(182)
    );
}
