//! What the resident is told: a reply before a complaint is resolved or closed (R-LIFE-02/04),
//! who may reply (R-LIFE-01/05, the `reply_by` switch), and the plan owed when a clock runs
//! out with no reply since (R-LIFE-06, R-INT-06).

use super::tests::staff;
use super::tests_follow_through::{mins, register};
use super::*;
use crate::domain::callback::Settled;
use crate::domain::policy::{ReplyBy, StepRules};
use crate::domain::CallbackId;
use crate::domain::Role;

fn refusal(r: Result<(), DeskError>) -> String {
    r.expect_err("refused").to_string()
}

#[test]
fn r_life_02_04_a_complaint_is_resolved_and_closed_only_after_a_reply() {
    let li = staff(1001, "li", Role::Clerk);
    let rules = StepRules::default();
    let fixed = Resolution::new("已修好", "阀门老化", "更换阀门");
    let mut c = register(CaseKind::Complaint, &li);
    let said = refusal(c.resolve(&li, &fixed, mins(5)));
    assert!(said.contains("no reply yet"), "{said}");
    // The screen dims the key with the same words.
    assert_eq!(refusal(c.permits(StepKind::Resolve, &li, rules)), said);
    c.reply(&li, "今天下午更换阀门", rules, mins(6)).unwrap();
    c.resolve(&li, &fixed, mins(7)).unwrap();
    // Reopened by an unsatisfied callback, it is answered again before it is resolved again.
    c.attach_callback(CallbackId(1), li.uid, mins(8));
    c.apply_callback(li.uid, Settled::Unsatisfied("还在漏".into()), mins(9));
    assert!(!c.replied_since_opened());
    assert!(refusal(c.resolve(&li, &fixed, mins(10))).contains("no reply yet"));
    c.reply(&li, "明早再派人", rules, mins(11)).unwrap();
    c.resolve(&li, &fixed, mins(12)).unwrap();
    // A complaint resolved before the rule, with no reply on file, is not closed until
    // the resident hears back.
    let mut old = register(CaseKind::Complaint, &li);
    old.status = CaseStatus::Resolved;
    let said = refusal(old.close(&li, mins(13)));
    assert!(said.contains("reply first, then close"), "{said}");
    old.reply(&li, "已处理完毕", rules, mins(14)).unwrap();
    old.close(&li, mins(15)).unwrap();
    // Other kinds are resolved without one (an inquiry is answered by its reply, a repair
    // is called back).
    let mut repair = register(CaseKind::Repair, &li);
    repair.resolve(&li, &fixed, mins(5)).unwrap();
}

#[test]
fn r_life_05_who_replies_is_the_policys_owner_or_handler() {
    let li = staff(1001, "li", Role::Clerk);
    let wang = staff(1002, "wang", Role::Clerk);
    let zhao = staff(1003, "zhao", Role::Clerk);
    let mut c = register(CaseKind::Complaint, &li);
    c.dispatch(&li, Handler::Staff(wang.uid), mins(1)).unwrap();
    // 000:625 (the default): whoever received it replies.
    let owner_only = StepRules::default();
    assert_eq!(owner_only.reply_by, ReplyBy::Owner);
    assert!(refusal(c.reply(&wang, "x", owner_only, mins(2))).contains("only the case owner"));
    // 001:401: the responsible department replies — the colleague handling it may.
    let either = StepRules {
        reply_by: ReplyBy::OwnerOrHandler,
    };
    assert!(c.permits(StepKind::Reply, &wang, either).is_ok());
    c.reply(&wang, "工程部：明早九点更换", either, mins(3))
        .unwrap();
    c.reply(&li, "已跟进", either, mins(4)).unwrap();
    let said = refusal(c.reply(&zhao, "x", either, mins(5)));
    assert!(said.contains("or the colleague handling it"), "{said}");
    assert_eq!(refusal(c.permits(StepKind::Reply, &zhao, either)), said);
    // Resolving stays the owner's.
    let fixed = Resolution::new("已修好", "阀门老化", "更换阀门");
    assert!(matches!(
        c.resolve(&wang, &fixed, mins(6)),
        Err(DeskError::Forbidden(_))
    ));
}

#[test]
fn r_life_06_r_int_06_a_clock_run_out_with_no_reply_owes_the_resident_the_plan() {
    let li = staff(1001, "li", Role::Clerk);
    let rules = StepRules::default();
    let mut c = register(CaseKind::Complaint, &li);
    let resolve_by = c.deadlines.resolve;
    let after = |m: i64| resolve_by + Duration::minutes(m);
    // A reply before the clock runs out does not count for the plan owed after it.
    c.reply(&li, "已受理，正在安排", rules, mins(5)).unwrap();
    assert_eq!(c.plan_owed(resolve_by), None, "not yet run out");
    assert_eq!(c.plan_owed(after(1)), Some((SlaClock::Resolve, resolve_by)));
    // Telling the resident the plan clears it.
    c.reply(&li, "配件周五到，周六上门", rules, after(30))
        .unwrap();
    assert_eq!(c.plan_owed(after(31)), None);
    // A new time agreed with the resident runs its own clock.
    let promised = after(24 * 60);
    c.promise(&li, promised, "配件周五到，周六上门", true, after(40))
        .unwrap();
    assert_eq!(c.plan_owed(promised), None);
    let late = promised + Duration::minutes(1);
    assert_eq!(c.plan_owed(late), Some((SlaClock::Promised, promised)));
    // Resolved, nothing is owed.
    c.reply(&li, "已修好", rules, late).unwrap();
    c.resolve(
        &li,
        &Resolution::new("已修好", "阀门老化", "更换阀门"),
        late,
    )
    .unwrap();
    assert_eq!(c.plan_owed(late + Duration::days(3)), None);
    // Reopened by an unsatisfied callback past its time: the reply before does not count.
    c.attach_callback(CallbackId(1), li.uid, late);
    let reopened = late + Duration::hours(2);
    c.apply_callback(li.uid, Settled::Unsatisfied("还在漏".into()), reopened);
    assert_eq!(
        c.plan_owed(reopened + Duration::minutes(1)),
        Some((SlaClock::Promised, promised))
    );
    c.reply(&li, "明早再派人", rules, reopened + Duration::minutes(5))
        .unwrap();
    assert_eq!(c.plan_owed(reopened + Duration::minutes(6)), None);
}
