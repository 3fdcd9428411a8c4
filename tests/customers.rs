//! Residents' records that stay true (issue 11, in part): edits versioned, audited with their
//! reason (R-REC-14), a tier change for supervisors only (R-REC-10), the lookup index following
//! every edit at once — through the protocol, the CLI and the card's edit form.

mod common;

use common::screen::{desk, screen, text_of};
use common::*;
use frontdesk::domain::{CustomerEdit, DeskError, Field, Tier};
use frontdesk::protocol::req;
use frontdesk::testkit::{Drive, BOSS};
use frontdesk::tui::i18n::Lang;

fn edit(reason: &str) -> CustomerEdit {
    CustomerEdit {
        reason: reason.into(),
        ..Default::default()
    }
}

#[test]
fn r_rec_14_two_counters_editing_one_resident_get_one_conflict_naming_the_version() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let id = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let seen = li.send(req::CustomerShow::of(id)).unwrap().customer.version;
    li.send(req::CustomerEdit {
        id,
        base_version: Some(seen),
        edit: CustomerEdit {
            add_phones: vec!["13900001102".into()],
            ..edit("住户新号码")
        },
    })
    .unwrap();
    let e = desk_err(wang.call(frontdesk::protocol::Request::CustomerEdit(
        req::CustomerEdit {
            id,
            base_version: Some(seen),
            edit: CustomerEdit {
                notes: Some("轮椅出入".into()),
                ..edit("补充备注")
            },
        },
    )));
    match e {
        DeskError::Conflict {
            reason,
            current_version,
        } => {
            assert_eq!(current_version, Some(2));
            assert!(reason.to_string().contains("now version 2"), "{reason}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // The trail has the edit with its reason; the refused one wrote nothing.
    let mut boss = d.client(BOSS.uid, "boss");
    let edits: Vec<String> = boss
        .send(req::Changes {
            after_seq: 0,
            limit: 1000,
        })
        .unwrap()
        .into_iter()
        .filter(|c| c.operation == "customer.edit")
        .map(|c| c.summary)
        .collect();
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert!(edits[0].contains("phone +13900001102") && edits[0].contains("住户新号码"));
}

#[test]
fn the_index_follows_an_edit_at_once_and_r_rec_10_tiers_are_for_supervisors() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let id = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    li.send(req::CustomerEdit {
        id,
        base_version: None,
        edit: CustomerEdit {
            name: Some("张玮".into()),
            add_phones: vec!["13912345678".into()],
            remove_phones: vec!["13800001102".into()],
            ..edit("登记时写错")
        },
    })
    .unwrap();
    let found = |c: &mut frontdesk::client::Client, q: &str| {
        c.send(req::CustomerFind {
            query: q.into(),
            limit: 10,
        })
        .unwrap()
        .iter()
        .map(|m| m.customer.id)
        .collect::<Vec<_>>()
    };
    assert_eq!(found(&mut li, "5678"), vec![id]);
    assert!(found(&mut li, "01102").is_empty());
    assert_eq!(found(&mut li, "张玮"), vec![id]);
    let vip = CustomerEdit {
        tier: Some(Tier::Vip),
        ..edit("业委会成员")
    };
    assert!(matches!(
        li.send(req::CustomerEdit {
            id,
            base_version: None,
            edit: vip.clone()
        }),
        Err(frontdesk::client::ClientError::Desk(DeskError::Forbidden(
            _
        )))
    ));
    let mut boss = d.client(BOSS.uid, "boss");
    assert_eq!(
        boss.send(req::CustomerEdit {
            id,
            base_version: None,
            edit: vip
        })
        .unwrap()
        .tier,
        Tier::Vip
    );
    // A bad phone is refused by field and changes nothing.
    let e = desk_err(li.call(frontdesk::protocol::Request::CustomerEdit(
        req::CustomerEdit {
            id,
            base_version: None,
            edit: CustomerEdit {
                add_phones: vec!["12".into()],
                ..edit("x")
            },
        },
    )));
    assert!(
        matches!(
            e,
            DeskError::Validation {
                field: Field::Phone,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn customer_edit_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let _daemon = desk_with_zhang_wei(dir.path());
    let (ok, out, err) = run(
        dir.path(),
        &[
            "customer",
            "edit",
            "C1",
            "--add-phone",
            "139 0000 1102",
            "--unit",
            "3-2-1102",
            "--unit",
            "5-1-302",
            "--reason",
            "住户租了第二套",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("5-1-302"), "{out}");
    let (ok, _, err) = run(dir.path(), &["customer", "edit", "C1", "--notes", "x"]);
    assert!(!ok && err.contains("--reason"), "{err}");
    let (ok, out, _) = run(dir.path(), &["customer", "find", "0000 1102"]);
    assert!(ok && out.contains("张伟"), "{out}");
}

#[test]
fn the_card_edits_a_resident_with_a_reason_and_names_a_refused_field() {
    let (_d, fx) = desk();
    let mut app = fx.app(frontdesk::testkit::LI, Lang::En).unwrap();
    app.press("zw<Enter>e");
    assert!(app.lookup.edit.is_some());
    // Tab to phones, add one; Tab×4 to the reason.
    app.press("<Tab><End>, 13911112222<Tab><Tab><Tab><Tab>住户来电更新号码");
    insta::assert_snapshot!("card_edit_form", screen(&mut app).backend());
    app.press("<Enter>");
    assert!(app.lookup.edit.is_none(), "{:?}", app.lookup.edit);
    let card = app.lookup.card().unwrap();
    assert!(card.customer.phones.iter().any(|p| p.0 == "13911112222"));
    // A clerk changing the tier is refused on the form, which stays open with the reason.
    app.press("e<Tab><Tab><Tab><Tab><C-u>vip<Tab>业委会");
    app.press("<Enter>");
    let form = app.lookup.edit.as_ref().expect("the form stays open");
    assert!(form
        .error
        .as_ref()
        .is_some_and(|e| e.1.contains("supervisor")));
    assert!(text_of(&mut app).contains("supervisor"));
}

#[test]
fn the_duplicates_report_finds_planted_pairs_in_a_seeded_corpus() {
    use frontdesk::protocol::DuplicateReason as R;
    let d = Desktop::staffed();
    let mut admin = d.client(ADMIN, "admin");
    admin
        .send(req::Demo {
            customers: 2000,
            seed: 7,
            history_days: 0,
        })
        .unwrap();
    let mut boss = d.client(BOSS.uid, "boss");
    let background = boss
        .send(req::CustomerDuplicates { limit: 1000 })
        .unwrap()
        .len();
    let mut li = d.client(LI, "li");
    let phone_a = add_customer(&mut li, "陈明", "13711112222", "1-1-901");
    let phone_b = add_customer(&mut li, "陈敏", "13711112222", "2-2-902");
    let name_a = add_customer(&mut li, "赵磊", "13722223333", "7-7-707");
    let name_b = add_customer(&mut li, "赵磊", "13722224444", "7-7-707");
    let pinyin_a = add_customer(&mut li, "张伟", "13733335555", "8-8-808");
    let pinyin_b = add_customer(&mut li, "张玮", "13733336666", "8-8-808");
    let pairs = boss.send(req::CustomerDuplicates { limit: 1000 }).unwrap();
    let reasons_of = |a, b| {
        pairs
            .iter()
            .find(|p| p.a.id == a && p.b.id == b)
            .map(|p| p.reasons.clone())
    };
    assert_eq!(reasons_of(phone_a, phone_b), Some(vec![R::SamePhone]));
    assert_eq!(reasons_of(name_a, name_b), Some(vec![R::SameNameSameUnit]));
    assert_eq!(
        reasons_of(pinyin_a, pinyin_b),
        Some(vec![R::SamePinyinSameUnit])
    );
    assert_eq!(
        pairs.len(),
        background + 3,
        "only the planted pairs are new"
    );
    // A clerk may not run it.
    assert!(li.send(req::CustomerDuplicates { limit: 10 }).is_err());
}

#[test]
fn r_rec_07_records_are_verified_from_the_card_and_leave_the_to_verify_list() {
    use frontdesk::tui::panes::lookup::Mode;
    let (_d, fx) = desk();
    let mut li = fx.client(frontdesk::testkit::LI).unwrap();
    let before = li
        .send(req::ToVerify {
            building: None,
            limit: 10_000,
        })
        .unwrap();
    assert_eq!(before.len(), 300, "no demo resident was ever verified");
    // By building, then unit.
    let units: Vec<String> = before.iter().map(|r| r.customer.units[0].clone()).collect();
    let mut sorted = units.clone();
    sorted.sort_by_key(|u| frontdesk::domain::UnitCode::parse(u).unwrap());
    assert_eq!(units, sorted);
    let first = before[0].customer.id;
    let mut app = fx.app(frontdesk::testkit::LI, Lang::En).unwrap();
    app.press("<A-v>");
    assert_eq!(app.lookup.mode, Mode::ToVerify);
    insta::assert_snapshot!("to_verify", screen(&mut app).backend());
    app.press("<Enter>");
    assert!(text_of(&mut app).contains("never verified"));
    app.press("V");
    assert!(
        text_of(&mut app).contains("verified 11-23"),
        "{}",
        text_of(&mut app)
    );
    app.press("<Esc>");
    assert_eq!(app.lookup.mode, Mode::ToVerify);
    let after = li
        .send(req::ToVerify {
            building: None,
            limit: 10_000,
        })
        .unwrap();
    assert_eq!(after.len(), 299);
    assert!(after.iter().all(|r| r.customer.id != first));
    // One building only.
    let b = frontdesk::domain::UnitCode::parse(&units[0])
        .unwrap()
        .building;
    assert!(li
        .send(req::ToVerify {
            building: Some(b),
            limit: 10_000
        })
        .unwrap()
        .iter()
        .all(|r| r.customer.units[0].starts_with(&format!("{b}-"))));
}

/// R-REC-07: the re-check interval is the policy's `verify_days` (a quarter by default); the
/// to-verify list and the card's "due" follow it.
#[test]
fn r_rec_07_the_re_check_interval_is_the_policys() {
    let d = common::clocked::clocked_desk_with(
        "2026-10-01 09:00",
        frontdesk::domain::Policy {
            verify_days: 30,
            ..Default::default()
        },
    );
    let mut li = d.desk.client(frontdesk::testkit::LI).unwrap();
    let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    li.send(req::CustomerVerify { id: who }).unwrap();
    let due = |li: &mut frontdesk::client::Client| {
        let listed = li
            .send(req::ToVerify {
                building: None,
                limit: 100,
            })
            .unwrap()
            .iter()
            .any(|r| r.customer.id == who);
        let card = li
            .send(req::CustomerShow {
                id: who,
                reason: None,
            })
            .unwrap();
        assert_eq!(card.verify_due, listed);
        listed
    };
    d.at("2026-10-30 09:00");
    assert!(!due(&mut li), "29 days on");
    d.at("2026-11-01 09:00");
    assert!(due(&mut li), "31 days on: due under a 30-day policy");
}

#[test]
fn a_merge_moves_the_duplicates_history_and_leaves_a_forward() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut boss = d.client(BOSS.uid, "boss");
    let keep = add_customer(&mut li, "李四", "13711112222", "3-2-1102");
    let drop = add_customer(&mut li, "李四", "13733334444", "3-2-1102");
    let t = add_case(&mut li, drop, "门禁卡失效").ticket;
    tell_resident(&mut li, &t);
    li.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: frontdesk::protocol::CaseStep::Resolve(fixed("已补卡")),
    })
    .unwrap();
    assert_eq!(
        boss.send(req::CustomerDuplicates { limit: 10 })
            .unwrap()
            .len(),
        1
    );
    // Clerks may not merge.
    assert!(li
        .send(req::CustomerMerge {
            keep,
            drop,
            reason: "重复登记".into()
        })
        .is_err());
    let kept = boss
        .send(req::CustomerMerge {
            keep,
            drop,
            reason: "重复登记".into(),
        })
        .unwrap();
    assert_eq!(kept.phones.len(), 2);
    // The ticket, the old id and the old phone all lead to the kept record.
    assert_eq!(
        li.send(req::CaseShow::of(t.clone())).unwrap().key.customer,
        keep
    );
    let card = li.send(req::CustomerShow::of(drop)).unwrap();
    assert_eq!(card.customer.id, keep);
    assert_eq!(card.cases.len(), 1);
    assert_eq!(card.callbacks.len(), 1, "the case's callback moved with it");
    let found: Vec<_> = li
        .send(req::CustomerFind {
            query: "3333 4444".into(),
            limit: 10,
        })
        .unwrap()
        .iter()
        .map(|m| m.customer.id)
        .collect();
    assert_eq!(found, vec![keep]);
    assert!(boss
        .send(req::CustomerDuplicates { limit: 10 })
        .unwrap()
        .is_empty());
    // Merging the same duplicate again is refused by name.
    let e = desk_err(boss.call(frontdesk::protocol::Request::CustomerMerge(
        req::CustomerMerge {
            keep,
            drop,
            reason: "x".into(),
        },
    )));
    assert!(e.to_string().contains("already merged"), "{e}");
    let trail = boss
        .send(req::Changes {
            after_seq: 0,
            limit: 100,
        })
        .unwrap();
    assert!(trail
        .iter()
        .any(|c| c.operation == "customer.merge" && c.summary.contains("重复登记")));
}

#[test]
fn a_supervisor_merges_a_duplicate_from_the_screen() {
    use frontdesk::tui::panes::lookup::Mode;
    let (_d, fx) = desk();
    let mut li = fx.client(frontdesk::testkit::LI).unwrap();
    let keep = add_customer(&mut li, "李四", "13711112222", "3-2-1102");
    let drop = add_customer(&mut li, "李四", "13733334444", "3-2-1102");
    // A clerk is told the list is a supervisor's.
    let mut clerk = fx.app(frontdesk::testkit::LI, Lang::En).unwrap();
    clerk.press("<A-u>");
    assert!(clerk
        .message
        .as_ref()
        .is_some_and(|m| m.1.contains("supervisor")));
    let mut boss = fx.app(BOSS, Lang::En).unwrap();
    boss.press("<A-u>");
    assert_eq!(boss.lookup.mode, Mode::Duplicates);
    let pairs = &boss.lookup.duplicates.as_ref().unwrap().pairs;
    let at = pairs
        .iter()
        .position(|p| p.a.id == keep && p.b.id == drop)
        .expect("the planted pair is listed");
    for _ in 0..at {
        boss.press("<Down>");
    }
    boss.press("M重复登记");
    insta::assert_snapshot!("duplicates_merge", screen(&mut boss).backend());
    boss.press("<Enter>");
    let message = boss.message.clone().map(|m| m.1).unwrap_or_default();
    assert!(message.contains("merged into"), "{message}");
    assert_eq!(
        li.send(req::CustomerShow::of(drop)).unwrap().customer.id,
        keep
    );
}

/// R-REC-11 (000:391 "数据更新设专人维护，其他人无权维护"): a record is kept by whoever added
/// it; another clerk's edit is refused naming the keeper, a supervisor's goes through, a
/// handover moves the keeping to the successor, and the card says who keeps it. The policy
/// switch opens every record to every clerk.
#[test]
fn r_rec_11_a_record_is_edited_by_its_keeper_a_supervisor_or_after_a_handover_the_successor() {
    let d = Desktop::staffed();
    let (mut li, mut wang) = (d.client(LI, "li"), d.client(WANG, "wang"));
    let mut boss = d.client(common::BOSS, "boss");
    let id = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let phone = |reason: &str| req::CustomerEdit {
        id,
        base_version: None,
        edit: CustomerEdit {
            add_phones: vec!["13900001102".into()],
            ..edit(reason)
        },
    };
    let e = desk_err(wang.send(phone("住户新号码")));
    assert!(matches!(e, DeskError::Forbidden(_)), "{e:?}");
    assert!(e.to_string().contains("kept by 李娜"), "{e}");
    let card = wang.send(req::CustomerShow::of(id)).unwrap();
    assert_eq!(card.customer.version, 1, "nothing written");
    assert_eq!(card.customer.keeper, Some(frontdesk::domain::StaffId(LI)));
    boss.send(phone("主管代为更正")).unwrap();
    // Li leaves: Wang keeps her records from now on.
    let report = boss
        .send(req::StaffHandover {
            leaver: "li".into(),
            successor: "wang".into(),
            reason: "李娜调岗".into(),
        })
        .unwrap();
    assert_eq!(report.records, 1);
    wang.send(req::CustomerEdit {
        id,
        base_version: None,
        edit: CustomerEdit {
            notes: Some("轮椅出入".into()),
            ..edit("王磊接手维护")
        },
    })
    .unwrap();
    // A desk whose policy opens records to every clerk.
    let open = Desktop::staffed_with(frontdesk::domain::Policy {
        keeper_edits_only: false,
        ..Default::default()
    });
    let mut li = open.client(LI, "li");
    let id = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    open.client(WANG, "wang")
        .send(req::CustomerEdit {
            id,
            base_version: None,
            edit: CustomerEdit {
                add_phones: vec!["13900001102".into()],
                ..edit("住户新号码")
            },
        })
        .unwrap();
}
