//! Move-out release slips through the binary (R-OPS-02..05): the desk issues (a full move-out
//! without fee clearance is refused), the guard verifies twice — VALID, then after the goods
//! are let out, USED — a second release is refused, a voided slip is VOID; a guard's login
//! verifies and releases, and is refused anything else.

mod common;

use common::*;
use frontdesk::client::Calls;
use frontdesk::protocol::req;

fn slip_no(out: &str) -> String {
    out.split_whitespace().next().unwrap().to_string()
}

#[test]
fn r_ops_02_a_slip_is_issued_verified_released_once_and_the_second_answer_is_used() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    // `release issue` for 张伟's unit, with the scope, the items and whatever else.
    let issue = |scope: &str, items: &str, more: &[&str]| {
        let mut args = vec![
            "release",
            "issue",
            "--unit",
            "3-2-1102",
            "--customer",
            "C1",
            "--scope",
            scope,
            "--items",
            items,
            "--id-number",
            "310101198003150017",
        ];
        args.extend_from_slice(more);
        run(&data, &args)
    };
    // R-OPS-03: a full move-out needs the fees settled first.
    let (ok, _, err) = issue("full", "全部家具", &[]);
    assert!(!ok && err.contains("receipt"), "{err}");
    let (ok, out, err) = issue("full", "全部家具", &["--receipt", "SF-2026-0091"]);
    assert!(ok, "{err}");
    assert!(out.contains("VALID") && out.contains("全部家具"), "{out}");
    assert!(
        err.contains("unit move-out 3-2-1102"),
        "R-REC-03 prompt: {err}"
    );
    let no = slip_no(&out);
    assert!(no.starts_with('R'), "{out}");

    // At the gate (the desk's own staff may check a slip too; what a guard alone may do is
    // tests/rights.rs's and the in-process test below).
    let (ok, out, _) = run(&data, &["release", "verify", &no]);
    assert!(
        ok && out.contains("VALID") && out.contains("3-2-1102"),
        "{out}"
    );
    let (ok, out, err) = run(&data, &["release", "out", &no, "--gate", "南门"]);
    assert!(ok, "{err}");
    assert!(out.contains("USED") && out.contains("南门"), "{out}");
    let (ok, out, _) = run(&data, &["release", "verify", &no]);
    assert!(
        ok && out.starts_with(&format!("{no}  USED")),
        "the second answer is USED: {out}"
    );
    let (ok, _, err) = run(&data, &["release", "out", &no, "--gate", "北门"]);
    assert!(!ok && err.contains("USED"), "exactly once: {err}");

    let (ok, out, err) = issue("partial", "旧冰箱一台", &[]);
    assert!(ok, "{err}");
    let second = slip_no(&out);
    // The slips out: the unused one, not the used one.
    let out = run_ok(&data, &["release", "list"]);
    assert!(out.contains(&second) && !out.contains(&no), "{out}");
    run_ok(&data, &["release", "void", &second, "--reason", "住户改期"]);
    let (_, out, _) = run(&data, &["release", "verify", &second]);
    assert!(out.contains("VOID"), "{out}");
    let (ok, _, err) = run(&data, &["release", "verify", "R2611-9999"]);
    assert!(!ok && err.contains("do not let the goods out"), "{err}");
}

fn run_ok(data: &std::path::Path, args: &[&str]) -> String {
    let (ok, out, err) = run(data, args);
    assert!(ok, "{args:?}: {err}");
    out
}

#[test]
fn a_guard_verifies_and_releases_and_is_refused_anything_else() {
    use frontdesk::domain::release::{Applicant, Scope, SlipDraft, Verdict};
    use frontdesk::domain::Role;

    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let draft = SlipDraft {
        unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
        customer: who,
        applicant: Applicant::Tenant {
            owner_phone: "13900001111".into(),
        },
        scope: Scope::Partial,
        lease_end: false,
        items: "电视一台".into(),
        fee_receipt: None,
        id_number: "310101199001010021".into(),
        waive_arrears: None,
        day: chrono::Utc::now().date_naive(),
        valid_days: None,
    };
    let (slip, _) = li.send(req::ReleaseIssue { draft }).unwrap();
    d.client(ADMIN, "admin")
        .send(req::StaffAdd {
            username: "gate".into(),
            name: "门卫老张".into(),
            role: Role::Guard,
            dept: "保安部".into(),
            uid: Some(7002),
        })
        .unwrap();
    let mut gate = d.client(7002, "gate");
    let (_, verdict) = gate
        .send(req::ReleaseVerify {
            no: slip.no.clone(),
        })
        .unwrap();
    assert_eq!(verdict, Verdict::Valid);
    let (_, verdict) = gate
        .send(req::ReleaseOut {
            no: slip.no.clone(),
            gate: "南门".into(),
        })
        .unwrap();
    assert_eq!(verdict, Verdict::Used);
    for refused in [
        gate.send(req::CustomerFind {
            query: "zw".into(),
            limit: 5,
        })
        .map(|_| ()),
        gate.send(req::CustomerShow::of(who)).map(|_| ()),
        gate.send(req::Stats {}).map(|_| ()),
        gate.subscribe(0).map(|_| ()),
        gate.send(req::ReleaseVoid {
            no: slip.no.clone(),
            reason: "x".into(),
        })
        .map(|_| ()),
    ] {
        let e = refused.unwrap_err().to_string();
        assert!(e.contains("you (gate) are a guard"), "{e}");
    }
}

/// R-OPS-03/04 against the record: a full move-out from a unit owing fees on file is refused
/// naming what and when; a clerk cannot waive it, a supervisor can, with a reason that is on
/// the printed slip; a tenant on record is refused as the owner and must give the phone of
/// the owner on record; the applicant's ID shows masked on the slip.
fn r_ops_03_04_a_slip_is_checked_against_the_arrears_and_the_dwelling_on_file() {
    use frontdesk::domain::fees::Arrear;
    use frontdesk::domain::release::{Applicant, Scope, SlipDraft};
    use frontdesk::domain::{OccupantRole, UnitCode};

    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let unit = UnitCode::parse("3-2-1102").unwrap();
    let owner = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let tenant = add_customer(&mut li, "李四", "13800002222", "9-9-909");
    let mut boss = d.client(BOSS, "boss");
    for (who, role, of) in [
        (owner, OccupantRole::Owner, None),
        (tenant, OccupantRole::Tenant, Some(owner)),
    ] {
        li.send(req::UnitMoveIn {
            unit,
            move_in: moving_in(who, role, of),
        })
        .unwrap();
    }
    boss.send(req::FeesImport {
        rows: vec![
            (
                2,
                Arrear::from_row("3-2-1102", "property", "2026-09..2026-11", "960").unwrap(),
            ),
            (
                3,
                Arrear::from_row("3-2-1102", "water", "2026-10", "320").unwrap(),
            ),
        ],
    })
    .unwrap();
    let draft = |customer, applicant, waive: Option<&str>| SlipDraft {
        unit,
        customer,
        applicant,
        scope: Scope::Full,
        lease_end: false,
        items: "全部家具".into(),
        fee_receipt: Some("SF-2026-0091".into()),
        id_number: "310101198003150017".into(),
        waive_arrears: waive.map(str::to_string),
        day: chrono::Utc::now().date_naive(),
        valid_days: None,
    };
    let e = desk_err(li.send(req::ReleaseIssue {
        draft: draft(owner, Applicant::Owner, None),
    }))
    .to_string();
    assert!(
        e.contains("owes ¥1,280.00") && e.contains("2026-09..2026-11, 2026-10"),
        "{e}"
    );
    let e = desk_err(li.send(req::ReleaseIssue {
        draft: draft(owner, Applicant::Owner, Some("已当场缴清")),
    }))
    .to_string();
    assert!(e.contains("only a supervisor"), "{e}");
    // The tenant on record is not the owner, and gives the owner's phone on record.
    let e = desk_err(boss.send(req::ReleaseIssue {
        draft: draft(tenant, Applicant::Owner, Some("已当场缴清")),
    }))
    .to_string();
    assert!(e.contains("李四 is a tenant of 3-2-1102"), "{e}");
    let as_tenant = |phone: &str| Applicant::Tenant {
        owner_phone: phone.into(),
    };
    let e = desk_err(boss.send(req::ReleaseIssue {
        draft: draft(tenant, as_tenant("13900009999"), Some("已当场缴清")),
    }))
    .to_string();
    assert!(e.contains("not a phone of 张伟"), "{e}");
    let (slip, _) = boss
        .send(req::ReleaseIssue {
            draft: draft(
                tenant,
                as_tenant("138 0000 1102"),
                Some("已当场缴清，收据 SF-0091"),
            ),
        })
        .unwrap();
    let waiver = slip.waiver.as_ref().expect("waived");
    assert_eq!(waiver.owed.0, 128_000);
    let page = frontdesk::pages::release_slip(
        &slip,
        &frontdesk::pages::Names {
            who: Box::new(|_| "陈静".to_string()),
            offset_minutes: 480,
        },
    );
    assert!(
        page.contains("¥1,280.00") && page.contains("已当场缴清，收据 SF-0091"),
        "{page}"
    );
    assert!(page.contains("310101********0017"), "{page}");
    assert!(!page.contains("310101198003150017"), "{page}");
}

on_both_stores!(r_ops_03_04_a_slip_is_checked_against_the_arrears_and_the_dwelling_on_file);
