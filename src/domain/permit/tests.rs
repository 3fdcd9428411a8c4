//! Every transition of a decoration permit, and every refusal (R-OPS-07..12).

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn at(d: &str) -> Time {
    let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap())
}

fn day(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
}

const CLERK: StaffId = StaffId(1001);
const SUP: StaffId = StaffId(1002);

fn draft() -> PermitDraft {
    PermitDraft {
        unit: UnitCode::parse("3-2-1102").unwrap(),
        customer: CustomerId(7),
        applicant: PermitApplicant::Owner,
        works: "厨卫翻新，铺地砖".into(),
        contractor: Contractor {
            name: "安居装饰".into(),
            licence: "91310000MA1K".into(),
            supervisor_name: "王工".into(),
            supervisor_phone: "13800000001".into(),
            supervisor_id: "310101198001010011".into(),
        },
        workers: Worker::parse_list("张三:T001,李四:T002").unwrap(),
        docs: Doc::ALL.to_vec(),
        waterproof_touched: true,
        waterproof_undertaking: true,
    }
}

fn approval() -> Approval {
    Approval {
        deposit: Fen(200_000),
        deposit_receipt: "YJ-0042".into(),
        rubbish_fee: Fen(30_000),
        rubbish_receipt: "LJ-0042".into(),
        valid_from: day("2026-11-24"),
        valid_until: day("2027-02-24"),
    }
}

fn applied() -> Permit {
    Permit::apply(
        PermitNo::new(2026, 11, 7),
        &draft(),
        "张伟",
        CLERK,
        at("2026-11-23"),
    )
    .unwrap()
}

fn issued() -> Permit {
    let mut p = applied();
    p.approve(SUP, &approval(), at("2026-11-24")).unwrap();
    p
}

fn passed() -> Permit {
    let mut p = issued();
    p.finish().unwrap();
    p.inspect(CLERK, true, "", at("2027-01-20")).unwrap();
    p
}

#[test]
fn r_ops_07_permit_numbers_read_over_a_radio() {
    assert_eq!(applied().no.0, "P2611-0007");
    assert_eq!(PermitNo::parse("p2611-0007").unwrap().0, "P2611-0007");
    assert!(PermitNo::parse("R2611-0007")
        .unwrap_err()
        .to_string()
        .contains("permit"));
}

#[test]
fn r_ops_07_an_application_names_each_missing_part() {
    let now = at("2026-11-23");
    let no = || PermitNo::new(2026, 11, 1);
    let mut d = draft();
    d.contractor.licence = " ".into();
    let e = Permit::apply(no(), &d, "张伟", CLERK, now).unwrap_err();
    assert_eq!(e.field(), Some(Field::Licence));
    let mut d = draft();
    d.contractor.supervisor_phone.clear();
    assert_eq!(
        Permit::apply(no(), &d, "张伟", CLERK, now)
            .unwrap_err()
            .field(),
        Some(Field::SupervisorPhone)
    );
    let mut d = draft();
    d.workers.clear();
    assert_eq!(
        Permit::apply(no(), &d, "张伟", CLERK, now)
            .unwrap_err()
            .field(),
        Some(Field::Workers)
    );
    let mut d = draft();
    d.workers = Worker::parse_list("张三:T001,李四:t001x,王五:T001").unwrap();
    assert!(Permit::apply(no(), &d, "张伟", CLERK, now)
        .unwrap_err()
        .to_string()
        .contains("T001 is listed twice"));
    assert!(Worker::parse_list("张三")
        .unwrap_err()
        .to_string()
        .contains("name:pass"));
    let mut d = draft();
    d.applicant = PermitApplicant::Tenant {
        owner_consent: "".into(),
    };
    assert_eq!(
        Permit::apply(no(), &d, "张伟", CLERK, now)
            .unwrap_err()
            .field(),
        Some(Field::Consent)
    );
    d.applicant = PermitApplicant::Tenant {
        owner_consent: "业主同意书 13900000000".into(),
    };
    assert!(Permit::apply(no(), &d, "张伟", CLERK, now).is_ok());
}

#[test]
fn r_ops_08_touching_the_waterproof_layer_needs_the_owners_undertaking() {
    let mut d = draft();
    d.waterproof_undertaking = false;
    let e = Permit::apply(
        PermitNo::new(2026, 11, 1),
        &d,
        "张伟",
        CLERK,
        at("2026-11-23"),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some(Field::Undertaking));
    assert!(e.to_string().contains("waterproof undertaking"), "{e}");
    d.waterproof_touched = false;
    assert!(Permit::apply(
        PermitNo::new(2026, 11, 1),
        &d,
        "张伟",
        CLERK,
        at("2026-11-23")
    )
    .is_ok());
}

#[test]
fn r_ops_09_approval_needs_the_whole_file_and_both_receipts() {
    let mut d = draft();
    d.docs =
        Doc::parse_list("application,undertaking,plan,licence,drawings,supervisor-id,worker-ids")
            .unwrap();
    let mut p = Permit::apply(
        PermitNo::new(2026, 11, 1),
        &d,
        "张伟",
        CLERK,
        at("2026-11-23"),
    )
    .unwrap();
    let e = p.approve(SUP, &approval(), at("2026-11-24")).unwrap_err();
    assert!(e.to_string().contains("装修管理协议"), "{e}");
    assert_eq!(p.state, PermitState::Applied);

    let mut p = applied();
    let mut a = approval();
    a.deposit_receipt = " ".into();
    assert_eq!(
        p.approve(SUP, &a, at("2026-11-24")).unwrap_err().field(),
        Some(Field::DepositReceipt)
    );
    let mut a = approval();
    a.rubbish_receipt.clear();
    assert_eq!(
        p.approve(SUP, &a, at("2026-11-24")).unwrap_err().field(),
        Some(Field::RubbishReceipt)
    );
    let mut a = approval();
    a.deposit = Fen(0);
    assert_eq!(
        p.approve(SUP, &a, at("2026-11-24")).unwrap_err().field(),
        Some(Field::Deposit)
    );
    assert!(Doc::parse_list("application,roof")
        .unwrap_err()
        .to_string()
        .contains("roof"));
}

#[test]
fn r_ops_07_a_permit_runs_at_most_three_months() {
    let mut p = applied();
    let mut a = approval();
    a.valid_until = day("2027-02-25");
    let e = p.approve(SUP, &a, at("2026-11-24")).unwrap_err();
    assert!(e.to_string().contains("2027-02-24"), "{e}");
    a.valid_until = day("2026-11-20");
    assert!(p.approve(SUP, &a, at("2026-11-24")).is_err());
    p.approve(SUP, &approval(), at("2026-11-24")).unwrap();
    assert_eq!(p.valid_until(), Some(day("2027-02-24")));
}

#[test]
fn r_ops_12_each_extension_adds_at_most_three_months_and_is_stamped() {
    let mut p = issued();
    let e = p
        .extend(CLERK, day("2027-05-25"), at("2027-02-20"))
        .unwrap_err();
    assert!(e.to_string().contains("at most 3 months"), "{e}");
    assert!(p
        .extend(CLERK, day("2027-02-24"), at("2027-02-20"))
        .is_err());
    let stamp = p
        .extend(CLERK, day("2027-05-24"), at("2027-02-20"))
        .unwrap();
    assert_eq!(stamp, "同意延期 · 延期至 2027-05-24");
    assert_eq!(p.valid_until(), Some(day("2027-05-24")));
    // A second extension counts from the first one's end.
    p.extend(CLERK, day("2027-08-24"), at("2027-05-20"))
        .unwrap();
    assert_eq!(p.extensions.len(), 2);
    assert_eq!(p.extensions[1].from, day("2027-05-24"));
}

#[test]
fn every_transition_refuses_the_states_it_does_not_start_from() {
    let t = at("2027-01-01");
    let mut a = applied();
    assert!(a
        .extend(CLERK, day("2027-01-10"), t)
        .unwrap_err()
        .to_string()
        .contains("applied"));
    assert!(a.finish().is_err());
    assert!(a.inspect(CLERK, true, "", t).is_err());
    assert!(a.return_pass("T001").is_err());
    assert!(a.record_occupancy(day("2027-01-01")).is_err());

    let mut i = issued();
    assert!(i
        .approve(SUP, &approval(), t)
        .unwrap_err()
        .to_string()
        .contains("issued"));
    assert!(i.reject(SUP, "late", t).is_err());
    assert!(i.inspect(CLERK, true, "", t).is_err());
    assert!(i.neighbour_signed("赵", t).is_err());
    assert!(i.papers_back().is_err());
    assert!(i.file_complete().is_err());

    let mut w = issued();
    w.finish().unwrap();
    assert!(w.finish().is_err());
    assert!(w.extend(CLERK, day("2027-03-01"), t).is_err());
    assert_eq!(
        w.inspect(CLERK, false, "", t).unwrap_err().field(),
        Some(Field::Note)
    );
    w.inspect(CLERK, false, "卫生间闭水试验渗漏", t).unwrap();
    assert_eq!(
        w.state,
        PermitState::Issued,
        "a failed inspection sends the works back"
    );
    assert_eq!(w.queue(day("2027-01-01")), PermitQueue::InWorks);

    let mut w = applied();
    assert_eq!(
        w.withdraw(CLERK, " ", t).unwrap_err().field(),
        Some(Field::Reason)
    );
    w.withdraw(CLERK, "业主暂缓装修", t).unwrap();
    assert_eq!(w.queue(day("2027-01-01")), PermitQueue::Closed);
    assert!(w
        .approve(SUP, &approval(), t)
        .unwrap_err()
        .to_string()
        .contains("withdrawn"));
    assert!(issued()
        .withdraw(CLERK, "x", t)
        .unwrap_err()
        .to_string()
        .contains("inspection and refund"));

    let mut r = applied();
    r.reject(SUP, "资料不全", t).unwrap();
    assert!(r.withdraw(CLERK, "x", t).is_err());
    assert!(matches!(r.state, PermitState::Rejected { .. }));
    assert!(r.approve(SUP, &approval(), t).is_err());
    assert!(r
        .refund(CLERK, day("2027-06-01"), t)
        .unwrap_err()
        .to_string()
        .contains("inspection"));
    assert_eq!(r.queue(day("2027-01-01")), PermitQueue::Closed);
}

#[test]
fn the_lists_follow_the_dates() {
    let mut p = applied();
    assert_eq!(p.queue(day("2026-11-24")), PermitQueue::AwaitingApproval);
    p.approve(SUP, &approval(), at("2026-11-24")).unwrap();
    assert_eq!(p.queue(day("2027-02-16")), PermitQueue::InWorks);
    assert_eq!(p.queue(day("2027-02-17")), PermitQueue::Expiring);
    assert_eq!(p.queue(day("2027-02-24")), PermitQueue::Expiring);
    assert_eq!(p.queue(day("2027-02-25")), PermitQueue::Overdue);
    p.finish().unwrap();
    assert_eq!(p.queue(day("2027-02-25")), PermitQueue::AwaitingInspection);
}

#[test]
fn r_ops_10_the_refund_checklist_is_checked_item_by_item() {
    let mut p = passed();
    let t = at("2027-05-01");
    let refuse =
        |p: &mut Permit, today: &str| p.refund(CLERK, day(today), t).unwrap_err().to_string();

    // 1. Before the inspection passes, that is what is missing.
    let mut early = issued();
    assert!(refuse(&mut early, "2027-06-01").contains("completion inspection passed"));
    // 2. Occupancy: unrecorded, then too recent.
    assert!(refuse(&mut p, "2027-06-01").contains("record the day the household moved in"));
    p.record_occupancy(day("2027-02-01")).unwrap();
    assert!(refuse(&mut p, "2027-04-30").contains("refundable from 2027-05-01"));
    // 3. The neighbour one floor below.
    assert_eq!(p.downstairs(), Some(UnitCode::parse("3-2-1002").unwrap()));
    assert!(refuse(&mut p, "2027-05-01").contains("downstairs neighbour (3-2-1002)"));
    p.neighbour_signed("赵六", t).unwrap();
    // 4. The original permit and the receipt.
    assert!(refuse(&mut p, "2027-05-01").contains("original permit and the deposit receipt"));
    p.papers_back().unwrap();
    // 5. Every pass.
    assert!(refuse(&mut p, "2027-05-01").contains("T001, T002"));
    p.return_pass("t001").unwrap();
    assert!(p
        .return_pass("T001")
        .unwrap_err()
        .to_string()
        .contains("already"));
    assert_eq!(
        p.return_pass("T009").unwrap_err().field(),
        Some(Field::Pass)
    );
    assert!(refuse(&mut p, "2027-05-01").contains("not returned: T002"));
    p.return_pass("T002").unwrap();
    // 6. The file.
    assert!(refuse(&mut p, "2027-05-01").contains("file"));
    assert_eq!(
        p.queue(day("2027-05-01")),
        PermitQueue::AwaitingRefundPapers
    );
    p.file_complete().unwrap();
    assert_eq!(p.queue(day("2027-05-01")), PermitQueue::Refundable);
    assert!(p
        .checklist(day("2027-05-01"))
        .iter()
        .all(|(_, why)| why.is_none()));

    assert_eq!(p.refund(CLERK, day("2027-05-01"), t).unwrap(), Fen(200_000));
    assert!(refuse(&mut p, "2027-05-02").contains("paid back already"));
    assert_eq!(p.queue(day("2027-05-02")), PermitQueue::Closed);
}

#[test]
fn r_ops_10_a_ground_floor_unit_has_no_neighbour_to_sign() {
    let mut d = draft();
    d.unit = UnitCode::parse("3-2-102").unwrap();
    let mut p = Permit::apply(
        PermitNo::new(2026, 11, 2),
        &d,
        "张伟",
        CLERK,
        at("2026-11-23"),
    )
    .unwrap();
    p.approve(SUP, &approval(), at("2026-11-24")).unwrap();
    p.finish().unwrap();
    p.inspect(CLERK, true, "", at("2027-01-20")).unwrap();
    assert_eq!(p.downstairs(), None);
    assert!(p.neighbour_signed("x", at("2027-01-20")).is_err());
    let items = p.checklist(day("2027-06-01"));
    assert_eq!(items[2], (RefundItem::NeighbourSignature, None));
}
