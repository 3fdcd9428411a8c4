//! Repeats seen at intake (R-LIFE-09): a complaint in the same category as an earlier one
//! from the same resident or their unit, within the policy's window, is flagged on its
//! timeline naming the earlier ticket; another category, another kind, or an old complaint
//! is not.

mod common;

use common::*;
use frontdesk::client::Client;
use frontdesk::domain::{Case, CaseKind, CustomerId, Ticket};
use frontdesk::protocol::req;

fn complaint(c: &mut Client, who: CustomerId, category: &str, kind: CaseKind) -> Case {
    let mut d = draft(who, "又来了");
    d.category = category.into();
    d.kind = kind;
    c.send(req::CaseAdd { draft: d }).unwrap()
}

fn r_life_09_a_repeat_complaint_is_flagged_at_intake_naming_the_earlier_ticket() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let zhang = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let first = complaint(&mut li, zhang, "noise", CaseKind::Complaint);
    assert_eq!(first.repeats(), None, "the first is no repeat");
    let again = complaint(&mut li, zhang, "noise", CaseKind::Complaint);
    assert_eq!(again.repeats(), Some(&first.ticket));
    // The flag is kept: the case read back says so.
    let stored = li.send(req::CaseShow::of(again.ticket.clone())).unwrap();
    assert_eq!(stored.repeats(), Some(&first.ticket));
    // Another category, or not a complaint: no repeat.
    assert_eq!(
        complaint(&mut li, zhang, "lift", CaseKind::Complaint).repeats(),
        None
    );
    assert_eq!(
        complaint(&mut li, zhang, "noise", CaseKind::Inquiry).repeats(),
        None
    );
    // Someone else in the same unit: a repeat of that unit's latest.
    let wife = add_customer(&mut li, "李静", "13800001103", "3-2-1102");
    let theirs = complaint(&mut li, wife, "noise", CaseKind::Complaint);
    assert_eq!(theirs.repeats(), Some(&again.ticket));
    // A neighbour in another unit is not.
    let neighbour = add_customer(&mut li, "王强", "13800001104", "3-2-1202");
    assert_eq!(
        complaint(&mut li, neighbour, "noise", CaseKind::Complaint).repeats(),
        None::<&Ticket>
    );
}

/// Outside the window (the policy's `repeat_days`) a complaint is not a repeat.
fn r_life_09_the_repeat_window_is_the_policys() {
    let d = Desktop::staffed_with(frontdesk::domain::Policy {
        repeat_days: 0,
        ..frontdesk::domain::Policy::default()
    });
    let mut li = d.client(LI, "li");
    let zhang = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    complaint(&mut li, zhang, "noise", CaseKind::Complaint);
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert_eq!(
        complaint(&mut li, zhang, "noise", CaseKind::Complaint).repeats(),
        None
    );
}

on_both_stores!(
    r_life_09_a_repeat_complaint_is_flagged_at_intake_naming_the_earlier_ticket,
    r_life_09_the_repeat_window_is_the_policys,
);
