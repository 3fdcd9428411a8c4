//! The release slip's one state machine (R-OPS-02..05): every allowed transition, and every
//! other refused with a message that says what to do.

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> Time {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z")
        .unwrap()
        .to_utc()
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
        day: day("2026-11-23"),
        valid_days: None,
    }
}

fn slip(scope: Scope, receipt: Option<&str>) -> ReleaseSlip {
    let mut d = draft(scope);
    d.fee_receipt = receipt.map(str::to_string);
    ReleaseSlip::issue(SlipNo::new(2026, 11, 7), &d, StaffId(1), now()).unwrap()
}

#[test]
fn r_ops_03_04_a_full_or_lease_end_move_needs_the_fee_receipt() {
    let e = ReleaseSlip::issue(
        SlipNo::new(2026, 11, 1),
        &draft(Scope::Full),
        StaffId(1),
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some(Field::Receipt), "{e}");
    assert!(e.to_string().contains("fee-clearance receipt"), "{e}");
    let mut lease = draft(Scope::Partial);
    lease.lease_end = true;
    let e = ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &lease, StaffId(1), now()).unwrap_err();
    assert!(e.to_string().contains("lease end"), "{e}");
    assert!(ReleaseSlip::issue(
        SlipNo::new(2026, 11, 1),
        &draft(Scope::Partial),
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
    let e = ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, StaffId(1), now()).unwrap_err();
    assert_eq!(e.field(), Some(Field::Items), "R-OPS-05: {e}");
    let mut d = draft(Scope::Partial);
    d.applicant = Applicant::Proxy {
        name: "王五".into(),
        attorney: "".into(),
    };
    let e = ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, StaffId(1), now()).unwrap_err();
    assert_eq!(e.field(), Some(Field::Attorney), "R-OPS-03: {e}");
    let mut d = draft(Scope::Partial);
    d.applicant = Applicant::Tenant {
        owner_phone: "".into(),
    };
    let e = ReleaseSlip::issue(SlipNo::new(2026, 11, 1), &d, StaffId(1), now()).unwrap_err();
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
