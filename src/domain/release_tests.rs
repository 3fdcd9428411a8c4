//! The release slip's one state machine (R-OPS-02..05): every allowed transition, and every
//! other refused with a message that says what to do.

use super::*;
use crate::domain::fees::Arrear;
use crate::domain::test_time::{at, day};

fn now() -> Time {
    at("2026-11-23T02:00:00Z")
}

fn draft(scope: Scope) -> SlipDraft {
    SlipDraft {
        unit: UnitCode::parse("3-2-1102").unwrap(),
        customer: CustomerId(7),
        applicant: Applicant::Owner,
        scope,
        lease_end: false,
        items: "沙发一套，冰箱一台".into(),
        fee_receipt: None,
        id_number: "310101198003150017".into(),
        waive_arrears: None,
        day: day("2026-11-23"),
        valid_days: None,
    }
}

/// Nothing on file against the slip: no arrears, no dwelling record, a clerk issuing.
fn clear() -> SlipRecord<'static> {
    SlipRecord {
        arrears: &[],
        occupant: None,
        owner: None,
        name: "张伟",
        issuer: Role::Clerk,
    }
}

fn slip(scope: Scope, receipt: Option<&str>) -> ReleaseSlip {
    let mut d = draft(scope);
    d.fee_receipt = receipt.map(str::to_string);
    ReleaseSlip::issue(SlipNo::new(2026, 11, 7), &d, &clear(), StaffId(1), now()).unwrap()
}

#[test]
fn r_ops_03_04_a_full_or_lease_end_move_needs_the_fee_receipt() {
    let e = ReleaseSlip::issue(
        SlipNo::new(2026, 11, 1),
        &draft(Scope::Full),
        &clear(),
        StaffId(1),
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some(Field::Receipt), "{e}");
    assert!(e.to_string().contains("fee-clearance receipt"), "{e}");
    let mut lease = draft(Scope::Partial);
    lease.lease_end = true;
    let e = ReleaseSlip::issue(
        SlipNo::new(2026, 11, 1),
        &lease,
        &clear(),
        StaffId(1),
        now(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("lease end"), "{e}");
    assert!(ReleaseSlip::issue(
        SlipNo::new(2026, 11, 1),
        &draft(Scope::Partial),
        &clear(),
        StaffId(1),
        now()
    )
    .is_ok());
    assert_eq!(
        slip(Scope::Full, Some("SF-2026-0091"))
            .fee_receipt
            .as_deref(),
        Some("SF-2026-0091")
    );
}

#[test]
fn r_ops_03_04_05_who_applies_and_what_leaves() {
    let mut d = draft(Scope::Partial);
    d.items = "  ".into();
    let e =
        ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, &clear(), StaffId(1), now()).unwrap_err();
    assert_eq!(e.field(), Some(Field::Items), "R-OPS-05: {e}");
    let mut d = draft(Scope::Partial);
    d.applicant = Applicant::Proxy {
        name: "王五".into(),
        attorney: "".into(),
    };
    let e =
        ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, &clear(), StaffId(1), now()).unwrap_err();
    assert_eq!(e.field(), Some(Field::Attorney), "R-OPS-03: {e}");
    let mut d = draft(Scope::Partial);
    d.applicant = Applicant::Tenant {
        owner_phone: "".into(),
    };
    let e =
        ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, &clear(), StaffId(1), now()).unwrap_err();
    assert!(e.to_string().contains("owner's signed consent"), "{e}");
}

#[test]
fn r_ops_02_a_slip_is_used_once() {
    let mut s = slip(Scope::Partial, None);
    let today = day("2026-11-23");
    assert_eq!(s.verdict(today), Verdict::Valid);
    s.release(StaffId(9), "南门", now(), today).unwrap();
    assert_eq!(s.verdict(today), Verdict::Used);
    let e = s.release(StaffId(9), "北门", now(), today).unwrap_err();
    assert!(e.to_string().contains("USED"), "{e}");
    let e = s.void(StaffId(1), "录错", now()).unwrap_err();
    assert!(e.to_string().contains("used"), "{e}");
}

#[test]
fn expired_early_and_void_slips_do_not_open_the_gate() {
    let mut s = slip(Scope::Partial, None);
    // Valid through the 26th (three days after its day), expired on the 27th.
    assert_eq!(s.verdict(day("2026-11-26")), Verdict::Valid);
    assert_eq!(s.verdict(day("2026-11-27")), Verdict::Expired);
    let e = s
        .release(StaffId(9), "南门", now(), day("2026-11-27"))
        .unwrap_err();
    assert!(e.to_string().contains("EXPIRED"), "{e}");
    let e = s
        .release(StaffId(9), "南门", now(), day("2026-11-22"))
        .unwrap_err();
    assert!(e.to_string().contains("before"), "{e}");
    let e = s
        .release(StaffId(9), " ", now(), day("2026-11-23"))
        .unwrap_err();
    assert_eq!(e.field(), Some(Field::Gate), "{e}");
    s.void(StaffId(1), "住户取消搬家", now()).unwrap();
    assert_eq!(s.verdict(day("2026-11-23")), Verdict::Void);
    let e = s
        .release(StaffId(9), "南门", now(), day("2026-11-23"))
        .unwrap_err();
    assert!(e.to_string().contains("VOID"), "{e}");
    assert!(s.void(StaffId(1), "again", now()).is_err());
}

#[test]
fn slip_numbers_read_as_typed() {
    assert_eq!(
        SlipNo::parse("r2611-0007").unwrap(),
        SlipNo::new(2026, 11, 7)
    );
    assert_eq!(SlipNo::parse("2611-0007").unwrap().0, "R2611-0007");
    assert!(SlipNo::parse("T2611-0007").is_err());
}

fn owing() -> Vec<Arrear> {
    let unit = UnitCode::parse("3-2-1102").unwrap();
    vec![
        Arrear::from_row("3-2-1102", "property", "2026-09..2026-11", "960.00").unwrap(),
        Arrear::from_row("3-2-1102", "water", "2026-10", "320.00").unwrap(),
    ]
    .into_iter()
    .inspect(|a| assert_eq!(a.unit, unit))
    .collect()
}

#[test]
fn r_ops_03_04_arrears_on_file_stop_a_full_move_unless_a_supervisor_waives_them() {
    let arrears = owing();
    let mut d = draft(Scope::Full);
    d.fee_receipt = Some("SF-2026-0091".into());
    let record = SlipRecord {
        arrears: &arrears,
        ..clear()
    };
    let e =
        ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, &record, StaffId(1), now()).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("¥1,280.00") && text.contains("2026-09..2026-11") && text.contains("2026-10"),
        "names the amount and the periods: {text}"
    );
    // A clerk cannot waive them.
    d.waive_arrears = Some("已当场缴清".into());
    let e =
        ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, &record, StaffId(1), now()).unwrap_err();
    assert_eq!(e.field(), Some(Field::WaiveArrears), "{e}");
    let by_supervisor = SlipRecord {
        issuer: Role::Supervisor,
        ..record
    };
    let s = ReleaseSlip::issue(
        SlipNo::new(2026, 11, 1),
        &d,
        &by_supervisor,
        StaffId(9),
        now(),
    )
    .unwrap();
    let w = s.waiver.expect("the waiver is on the slip");
    assert_eq!(
        (w.by, w.owed, w.reason.as_str()),
        (StaffId(9), Fen(128_000), "已当场缴清")
    );
    // A partial move is not held by arrears (R-OPS-03 speaks of a full move-out).
    let partial = ReleaseSlip::issue(
        SlipNo::new(2026, 11, 2),
        &draft(Scope::Partial),
        &SlipRecord {
            arrears: &arrears,
            ..clear()
        },
        StaffId(1),
        now(),
    )
    .unwrap();
    assert_eq!(partial.waiver, None);
}

#[test]
fn r_ops_03_04_the_applicant_matches_the_dwelling_and_shows_an_id() {
    let issue = |d: &SlipDraft, r: &SlipRecord<'_>| {
        ReleaseSlip::issue(SlipNo::new(2026, 11, 1), d, r, StaffId(1), now())
    };
    // A tenant on record is not issued a slip as the owner.
    let tenant = SlipRecord {
        occupant: Some(OccupantRole::Tenant),
        owner: Some(("王芳".into(), vec![Phone("13900001111".into())])),
        ..clear()
    };
    let e = issue(&draft(Scope::Partial), &tenant).unwrap_err();
    assert!(e.to_string().contains("a tenant of 3-2-1102"), "{e}");
    // As a tenant, with the phone of the owner on record (written any way).
    let mut d = draft(Scope::Partial);
    d.applicant = Applicant::Tenant {
        owner_phone: "139 0000-1111".into(),
    };
    assert!(issue(&d, &tenant).is_ok());
    d.applicant = Applicant::Tenant {
        owner_phone: "13900002222".into(),
    };
    let e = issue(&d, &tenant).unwrap_err();
    assert_eq!(e.field(), Some(Field::TenantOwnerPhone), "{e}");
    assert!(e.to_string().contains("王芳"), "{e}");
    // The owner on record does not apply as a tenant.
    let owner = SlipRecord {
        occupant: Some(OccupantRole::Owner),
        ..clear()
    };
    assert!(issue(&d, &owner).is_err());
    // The ID number is required, kept upper-case, and masked where it is shown.
    let mut d = draft(Scope::Partial);
    d.id_number = "  ".into();
    assert_eq!(
        issue(&d, &clear()).unwrap_err().field(),
        Some(Field::IdNumber)
    );
    d.id_number = "31010119800315001x".into();
    let s = issue(&d, &clear()).unwrap();
    assert_eq!(s.id_number, "31010119800315001X");
    assert_eq!(masked_id(&s.id_number), "310101********001X");
}
