//! Dwellings (issue 11, in part): one archive per unit code with its occupants past and
//! present and its move-in papers (R-REC-01); move-in of an owner, or a tenant with the owner
//! named, and move-out keeping history (R-REC-03, R-OPS-06); a moved-out resident leaves the
//! tier callback plans but stays searchable; the unit's history is its residents'.

mod common;

use chrono::{NaiveDate, Utc};
use common::*;
use frontdesk::domain::{CustomerEdit, DeskError, Field, OccupantRole as R, Tier, UnitCode};
use frontdesk::protocol::req;
use frontdesk::protocol::{Reply, Request};
use frontdesk::testkit::BOSS;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn r_rec_03_r_ops_06_owner_and_tenant_move_in_the_tenant_moves_out_and_history_stays() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let unit = UnitCode::parse("3-2-1102").unwrap();
    let owner = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let tenant = add_customer(&mut li, "李四", "13800002222", "9-9-909");
    // A tenant needs the owner named, and the owner recorded there.
    let e = desk_err(li.send(req::UnitMoveIn {
        unit,
        move_in: moving_in(tenant, R::Tenant, None),
    }));
    assert!(
        matches!(
            e,
            DeskError::Validation {
                field: Field::Owner,
                ..
            }
        ),
        "{e}"
    );
    li.send(req::UnitMoveIn {
        unit,
        move_in: moving_in(owner, R::Owner, None),
    })
    .unwrap();
    li.send(req::UnitMoveIn {
        unit,
        move_in: moving_in(tenant, R::Tenant, Some(owner)),
    })
    .unwrap();
    // The tenant's record now lists the unit; the unit lists both.
    let card = li.send(req::CustomerShow::of(tenant)).unwrap();
    assert!(card.customer.units.contains(&unit));
    let case = add_case(&mut li, tenant, "卫生间漏水").ticket;
    let view = li.send(req::UnitShow { unit, reason: None }).unwrap();
    assert_eq!(view.residents.len(), 2);
    assert!(
        view.cases.iter().any(|c| c.ticket == case.0),
        "a case belongs to the unit too"
    );

    // Moving out: the unit comes off their record (they keep 9-9-909), the occupancy stays.
    li.send(req::UnitMoveOut {
        unit,
        customer: tenant,
        date: day(6, 30),
        reason: "租约到期".into(),
    })
    .unwrap();
    let card = li.send(req::CustomerShow::of(tenant)).unwrap();
    assert!(!card.customer.units.contains(&unit));
    let view = li.send(req::UnitShow { unit, reason: None }).unwrap();
    let past = view
        .residents
        .iter()
        .find(|r| r.customer.id == tenant)
        .and_then(|r| r.occupancy.clone())
        .unwrap();
    assert_eq!(past.moved_out, Some(day(6, 30)));
    assert!(
        view.cases.iter().any(|c| c.ticket == case.0),
        "the history stays"
    );
    // A case the former tenant registers later, at their other home, is not this unit's.
    let elsewhere = add_case(&mut li, tenant, "9栋门禁故障").ticket;
    let view = li.send(req::UnitShow { unit, reason: None }).unwrap();
    assert!(view.cases.iter().all(|c| c.ticket != elsewhere.0));
    let there = li
        .send(req::UnitShow {
            unit: UnitCode::parse("9-9-909").unwrap(),
            reason: None,
        })
        .unwrap();
    assert!(there.cases.iter().any(|c| c.ticket == elsewhere.0));
    // The owner names which unit a case is about; one not theirs is refused by field.
    let mut about = draft(owner, "楼道灯坏");
    about.unit = Some(UnitCode::parse("3-2-1102").unwrap());
    let lit = li.send(req::CaseAdd { draft: about }).unwrap().ticket;
    assert!(li
        .send(req::UnitShow { unit, reason: None })
        .unwrap()
        .cases
        .iter()
        .any(|c| c.ticket == lit.0));
    let mut wrong = draft(owner, "楼道灯坏");
    wrong.unit = Some(UnitCode::parse("1-1-101").unwrap());
    let e = desk_err(li.send(req::CaseAdd { draft: wrong }));
    assert!(
        matches!(
            e,
            DeskError::Validation {
                field: Field::Unit,
                ..
            }
        ),
        "{e}"
    );
    // A future date is refused by field.
    let e = desk_err(li.send(req::UnitMoveOut {
        unit,
        customer: owner,
        date: Utc::now().date_naive() + chrono::Duration::days(30),
        reason: "卖房".into(),
    }));
    assert!(
        matches!(
            e,
            DeskError::Validation {
                field: Field::Date,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn r_rec_03_a_resident_who_moved_out_leaves_the_tier_plans_but_stays_searchable() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut boss = d.client(BOSS.uid, "boss");
    let unit = UnitCode::parse("5-1-302").unwrap();
    let vip = add_customer(&mut li, "钱总", "13800009999", "5-1-302");
    boss.send(req::CustomerEdit {
        id: vip,
        base_version: None,
        edit: CustomerEdit {
            tier: Some(Tier::Vip),
            reason: "业委会主任".into(),
            ..Default::default()
        },
    })
    .unwrap();
    li.send(req::UnitMoveIn {
        unit,
        move_in: moving_in(vip, R::Owner, None),
    })
    .unwrap();
    li.send(req::UnitMoveOut {
        unit,
        customer: vip,
        date: day(2, 1),
        reason: "房屋出售".into(),
    })
    .unwrap();
    let plan = Request::CallbackPlan(req::CallbackPlan {
        until: Utc::now() + chrono::Duration::days(400),
    });
    assert_eq!(
        boss.call(plan).unwrap(),
        Reply::Planned {
            created: 0,
            more: false
        },
        "a VIP who moved out gets no tier callbacks"
    );
    let found = li
        .send(req::CustomerFind {
            query: "钱总".into(),
            limit: 5,
        })
        .unwrap();
    assert_eq!(found.first().map(|m| m.customer.id), Some(vip));
}

#[test]
fn unit_show_move_in_and_papers_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let _daemon = desk_with_zhang_wei(dir.path());
    let (ok, out, err) = run(
        dir.path(),
        &[
            "unit",
            "move-in",
            "3栋2单元1102",
            "--customer",
            "C1",
            "--role",
            "业主",
            "--date",
            "2026-01-05",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("owner since 2026-01-05"), "{out}");
    assert!(out.contains("[ ] 入伙会签单"), "{out}");
    let (ok, out, err) = run(
        dir.path(),
        &[
            "unit",
            "document",
            "3-2-1102",
            "--kind",
            "入伙会签单",
            "--date",
            "2026-01-05",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("[x] 入伙会签单"), "{out}");
    let (ok, _, err) = run(
        dir.path(),
        &[
            "unit",
            "move-in",
            "3-2-1102",
            "--customer",
            "C1",
            "--role",
            "boss",
        ],
    );
    assert!(
        !ok && err.contains("role") && err.contains("owner, tenant or family"),
        "{err}"
    );
    // Issue 24: the same refusal under a Chinese locale reads in Chinese, the field by its
    // label: the refusal is a code, and the CLI chose its words by LANG.
    let (ok, _, err) = run_in_locale(
        dir.path(),
        Some("zh_CN.UTF-8"),
        &[
            "unit",
            "move-in",
            "3-2-1102",
            "--customer",
            "C1",
            "--role",
            "boss",
        ],
    );
    assert!(
        !ok && err.contains("角色：“boss”无效") && !err.contains("is not valid"),
        "{err}"
    );
    let (ok, _, err) = run(
        dir.path(),
        &[
            "unit",
            "move-out",
            "3-2-1102",
            "--customer",
            "C1",
            "--date",
            "2026-13-01",
            "--reason",
            "x",
        ],
    );
    assert!(
        !ok && err.contains("date") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn the_unit_view_on_the_screen_from_a_typed_unit_and_from_a_card() {
    use common::screen::{desk, screen, text_of};
    use frontdesk::testkit::{Drive, LI};
    use frontdesk::tui::i18n::Lang;
    use frontdesk::tui::panes::lookup::Mode;
    let (_d, fx) = desk();
    let mut li = fx.client(LI).unwrap();
    let first = frontdesk::domain::CustomerId(1);
    let unit = li
        .send(req::CustomerShow::of(first))
        .unwrap()
        .customer
        .units[0];
    li.send(req::UnitMoveIn {
        unit,
        move_in: moving_in(first, R::Owner, None),
    })
    .unwrap();
    li.send(req::UnitDocument {
        unit,
        kind: frontdesk::domain::DocKind::InterimRules,
        date: day(1, 5),
    })
    .unwrap();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(&format!("{unit}<Enter>"));
    assert_eq!(app.lookup.mode, Mode::Unit);
    assert!(text_of(&mut app).contains("owner since 2026-01-05"));
    insta::assert_snapshot!("unit_view", screen(&mut app).backend());
    // Enter opens the occupant's card; `u` there comes back; Esc returns to the card.
    app.press("<Enter>");
    assert_eq!(app.lookup.mode, Mode::Card);
    app.press("u");
    assert_eq!(app.lookup.mode, Mode::Unit);
    app.press("<Esc>");
    assert_eq!(app.lookup.mode, Mode::Card);
    let mut zh = fx.app(LI, Lang::Zh).unwrap();
    zh.press(&format!("{unit}<Enter>"));
    insta::assert_snapshot!("unit_view_zh", screen(&mut zh).backend());
}

/// R-REC-13: a unit's view shows residents' details, so each resident on it is on record as
/// looked at, with the reason given.
#[test]
fn r_rec_13_a_units_view_is_on_record_for_each_resident_shown() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let unit = UnitCode::parse("3-2-1102").unwrap();
    let owner = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let family = add_customer(&mut li, "张小明", "13800002222", "3-2-1102");
    li.send(req::UnitShow {
        unit,
        reason: Some("住户来电核对家属".into()),
    })
    .unwrap();
    let mut boss = d.client(BOSS.uid, "boss");
    for who in [owner, family] {
        let seen = boss
            .send(req::AccessLog {
                staff: Some("li".into()),
                customer: Some(who),
                since: None,
                limit: 100,
            })
            .unwrap();
        assert!(
            seen.iter()
                .any(|a| a.reason.as_deref() == Some("住户来电核对家属")),
            "{who}: {seen:?}"
        );
    }
}

/// R-REC-02 (000:1049) at the desk: a relative's move-in without the notarised proof of
/// kinship is refused naming the field, and writes nothing; with it and the consenting
/// owner, both are on the file.
#[test]
fn r_rec_02_a_relative_moves_in_with_the_owners_consent_and_a_proof_of_kinship() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let unit = UnitCode::parse("3-2-1102").unwrap();
    let owner = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let mother = add_customer(&mut li, "王秀英", "13800002222", "3-2-1102");
    li.send(req::UnitMoveIn {
        unit,
        move_in: moving_in(owner, R::Owner, None),
    })
    .unwrap();
    let e = desk_err(li.send(req::UnitMoveIn {
        unit,
        move_in: moving_in(mother, R::Family, Some(owner)),
    }));
    assert_eq!(e.field(), Some(Field::Kinship), "{e}");
    let file = li.send(req::UnitShow { unit, reason: None }).unwrap();
    assert_eq!(file.dwelling.current().count(), 1, "nothing written");
    li.send(req::UnitMoveIn {
        unit,
        move_in: frontdesk::domain::MoveIn {
            kinship_proof: "(2026)沪东证字第123号".into(),
            ..moving_in(mother, R::Family, Some(owner))
        },
    })
    .unwrap();
    let file = li.send(req::UnitShow { unit, reason: None }).unwrap();
    let o = file
        .dwelling
        .current()
        .find(|o| o.customer == mother)
        .unwrap();
    assert_eq!(
        (o.owner, o.kinship_proof.as_str()),
        (Some(owner), "(2026)沪东证字第123号")
    );
}
