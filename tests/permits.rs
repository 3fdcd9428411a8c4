//! Decoration permits through the binary and the daemon (R-OPS-07..12): an application that
//! lacks the waterproof undertaking is refused; a supervisor approves (a clerk cannot) and
//! the owner's callback is queued; extensions past 3 months are refused; a failed inspection
//! sends the works back; the refund is refused naming each missing item until the whole
//! checklist holds; the file index is floor by floor; the printed copies.

mod common;

use common::*;
use frontdesk::client::Calls;
use frontdesk::protocol::req;

fn permit_no(out: &str) -> String {
    out.split_whitespace().next().unwrap().to_string()
}

fn run_ok(data: &std::path::Path, args: &[&str]) -> String {
    let (ok, out, err) = run(data, args);
    assert!(ok, "{args:?}: {err}");
    out
}

/// `permit apply` for 张伟 (C1) at `unit`, with `more` options.
fn apply(data: &std::path::Path, unit: &str, more: &[&str]) -> (bool, String, String) {
    apply_for(data, "C1", unit, more)
}

fn apply_for(
    data: &std::path::Path,
    customer: &str,
    unit: &str,
    more: &[&str],
) -> (bool, String, String) {
    let mut args = vec![
        "permit",
        "apply",
        "--unit",
        unit,
        "--customer",
        customer,
        "--works",
        "厨卫翻新，铺地砖",
        "--contractor",
        "安居装饰",
        "--licence",
        "91310000MA1K",
        "--supervisor",
        "王工",
        "--supervisor-phone",
        "13800000001",
        "--supervisor-id",
        "310101198001010011",
        "--workers",
        "张三:T001,李四:T002",
        "--docs",
        "all",
    ];
    args.extend_from_slice(more);
    run(data, &args)
}

fn days_from_today(days: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(days)).to_string()
}

#[test]
fn r_ops_07_to_12_a_permit_from_application_to_refund() {
    let (dir, data, _daemon) = zhang_wei_desk();

    // R-OPS-08: the waterproof layer without the owner's undertaking.
    let (ok, _, err) = apply(&data, "3-2-1102", &["--waterproof"]);
    assert!(!ok && err.contains("undertaking"), "{err}");
    let (ok, out, err) = apply(&data, "3-2-1102", &["--waterproof", "--undertaking"]);
    assert!(ok, "{err}");
    let no = permit_no(&out);
    assert!(no.starts_with('P') && out.contains("applied"), "{out}");
    assert!(run_ok(&data, &["permit", "list"]).contains("awaiting approval (1)"));
    // The unit's view lists its permit.
    let unit = run_ok(&data, &["unit", "show", "3-2-1102"]);
    assert!(
        unit.contains("Decoration permits (1)") && unit.contains(&no),
        "{unit}"
    );

    // R-OPS-07: at most 3 months.
    let approve = |until: &str| {
        run(
            &data,
            &[
                "permit",
                "approve",
                &no,
                "--deposit",
                "2000",
                "--deposit-receipt",
                "YJ-0042",
                "--rubbish-fee",
                "300",
                "--rubbish-receipt",
                "LJ-0042",
                "--until",
                until,
            ],
        )
    };
    // A refusal names the option to fix, as typed.
    let (ok, _, err) = run(
        &data,
        &[
            "permit",
            "approve",
            &no,
            "--deposit",
            "2000",
            "--deposit-receipt",
            " ",
            "--rubbish-fee",
            "300",
            "--rubbish-receipt",
            "LJ-0042",
            "--until",
            &days_from_today(5),
        ],
    );
    assert!(
        !ok && err.starts_with("frontdesk: deposit-receipt:"),
        "{err}"
    );
    let (ok, _, err) = approve(&days_from_today(100));
    assert!(!ok && err.contains("at most 3 months"), "{err}");
    let (ok, out, err) = approve(&days_from_today(5));
    assert!(ok, "{err}");
    assert!(out.contains("issued") && out.contains("¥2,000.00"), "{out}");
    // Expiring within 7 days.
    assert!(run_ok(&data, &["permit", "list"]).contains("expiring within 7 days (1)"));

    // R-OPS-12: an extension adds at most 3 months, stamped 延期至.
    let (ok, _, err) = run(
        &data,
        &[
            "permit",
            "extend",
            &no,
            "--until",
            &days_from_today(5 + 100),
        ],
    );
    assert!(!ok && err.contains("at most 3 months"), "{err}");
    let until = days_from_today(40);
    let out = run_ok(&data, &["permit", "extend", &no, "--until", &until]);
    assert!(out.contains(&format!("延期至 {until}")), "{out}");

    // A failed inspection sends the works back; a passed one opens the refund.
    run_ok(&data, &["permit", "finish", &no]);
    assert!(run_ok(&data, &["permit", "list"]).contains("awaiting inspection (1)"));
    let (ok, _, err) = run(&data, &["permit", "inspect", &no, "--fail"]);
    assert!(!ok && err.contains("what to put right"), "{err}");
    let out = run_ok(
        &data,
        &[
            "permit",
            "inspect",
            &no,
            "--fail",
            "--note",
            "卫生间闭水试验渗漏",
        ],
    );
    assert!(out.contains("  issued") || out.contains(" issued"), "{out}");
    let (ok, _, err) = run(&data, &["permit", "refund", &no]);
    assert!(!ok && err.contains("completion inspection"), "{err}");
    run_ok(&data, &["permit", "finish", &no]);
    run_ok(&data, &["permit", "inspect", &no, "--pass"]);

    // R-OPS-10, item by item: each refusal names the next missing item.
    let refused = |want: &str| {
        let (ok, _, err) = run(&data, &["permit", "refund", &no]);
        assert!(
            !ok && err.contains(want) && err.contains("cannot be refunded yet"),
            "want {want}: {err}"
        );
    };
    refused("3 months of occupancy");
    run_ok(
        &data,
        &["permit", "occupied", &no, "--since", &days_from_today(-30)],
    );
    refused("refundable from");
    run_ok(
        &data,
        &["permit", "occupied", &no, "--since", &days_from_today(-100)],
    );
    refused("downstairs neighbour (3-2-1002)");
    run_ok(&data, &["permit", "neighbour", &no, "--name", "赵六"]);
    refused("original permit and the deposit receipt");
    run_ok(&data, &["permit", "papers", &no]);
    refused("worker passes not returned: T001, T002");
    run_ok(&data, &["permit", "pass-back", &no, "T001"]);
    refused("not returned: T002");
    run_ok(&data, &["permit", "pass-back", &no, "t002"]);
    refused("file");
    run_ok(&data, &["permit", "file-complete", &no]);
    assert!(run_ok(&data, &["permit", "list"]).contains("refundable (1)"));
    let out = run_ok(&data, &["permit", "refund", &no]);
    assert!(
        out.contains("refunded") && out.contains("¥2,000.00"),
        "{out}"
    );
    let (ok, _, err) = run(&data, &["permit", "refund", &no]);
    assert!(!ok && err.contains("paid back already"), "{err}");
    assert!(run_ok(&data, &["permit", "list"]).contains("no open decoration permits"));

    // The printed copies: the door copy and the one for access passes only (R-OPS-09).
    let page = dir.path().join("permit.txt");
    run_ok(
        &data,
        &["permit", "show", &no, "--out", page.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(
        text.contains("门贴联") && text.contains("仅供办理出入证"),
        "{text}"
    );
    assert!(
        text.contains(&format!("延期至 {until}")) && text.contains("T002"),
        "{text}"
    );
    assert!(
        !text.contains("13800001102"),
        "the door copy carries no resident phone:\n{text}"
    );
    // The owner withdraws a second application before a decision; it leaves the lists.
    let (ok, out, err) = apply(&data, "3-2-1102", &[]);
    assert!(ok, "{err}");
    let second = permit_no(&out);
    let out = run_ok(
        &data,
        &["permit", "withdraw", &second, "--reason", "业主暂缓装修"],
    );
    assert!(
        out.contains("withdrawn") && out.contains("业主暂缓装修"),
        "{out}"
    );
    assert!(run_ok(&data, &["permit", "list"]).contains("no open decoration permits"));
    let (ok, _, err) = run(&data, &["permit", "withdraw", &no, "--reason", "x"]);
    assert!(!ok && err.contains("inspection and refund"), "{err}");
}

#[test]
fn r_ops_11_the_file_index_runs_floor_by_floor_low_to_high() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    for (unit, phone) in [
        ("3-1-1501", "13800001501"),
        ("3-2-201", "13800000201"),
        ("4-1-101", "13800000101"),
    ] {
        run_ok(
            &data,
            &[
                "customer", "add", "--name", "住户", "--phone", phone, "--unit", unit, "--tier",
                "general",
            ],
        );
    }
    let ids = |unit: &str| {
        let out = run_ok(&data, &["unit", "show", unit]);
        out.split(['(', ')', ' '])
            .find(|w| {
                w.starts_with('C') && w[1..].chars().all(|c| c.is_ascii_digit()) && w.len() > 1
            })
            .map(String::from)
            .unwrap_or_else(|| panic!("{out}"))
    };
    for unit in ["3-1-1501", "3-2-201", "4-1-101"] {
        let c = ids(unit);
        let (ok, _, err) = apply_for(&data, &c, unit, &[]);
        assert!(ok, "{err}");
    }
    assert!(apply(&data, "3-2-1102", &[]).0, "张伟's permit");
    let out = run_ok(&data, &["permit", "index", "3"]);
    let floors: Vec<&str> = out.lines().filter(|l| l.starts_with("floor")).collect();
    assert_eq!(floors, ["floor 2", "floor 11", "floor 15"], "{out}");
    assert!(
        !out.contains("4-1-101") && out.contains("3 permits"),
        "{out}"
    );
    // The index names each applicant (R-OPS-11), as on record when they applied.
    let zhang = out
        .lines()
        .find(|l| l.contains("3-2-1102"))
        .unwrap_or_default();
    assert!(zhang.contains("张伟"), "{out}");
}

#[test]
fn r_ops_08_only_a_supervisor_decides_and_the_owner_is_called_back() {
    use frontdesk::domain::permit::*;
    use frontdesk::protocol::PermitDecision;
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let draft = PermitDraft {
        unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
        customer: who,
        applicant: PermitApplicant::Owner,
        works: "刷墙".into(),
        contractor: Contractor {
            name: "安居装饰".into(),
            licence: "L".into(),
            supervisor_name: "王工".into(),
            supervisor_phone: "13800000001".into(),
            supervisor_id: "X".into(),
        },
        workers: Worker::parse_list("张三:T1").unwrap(),
        docs: Doc::ALL.to_vec(),
        waterproof_touched: false,
        waterproof_undertaking: false,
    };
    let p = li.send(req::PermitApply { draft }).unwrap();
    let today = chrono::Utc::now().date_naive();
    let approve = req::PermitDecide {
        no: p.no.clone(),
        decision: PermitDecision::Approve(Approval {
            deposit: frontdesk::domain::money::Fen(200_000),
            deposit_receipt: "YJ-1".into(),
            rubbish_fee: frontdesk::domain::money::Fen(30_000),
            rubbish_receipt: "LJ-1".into(),
            valid_from: today,
            valid_until: today + chrono::Duration::days(30),
        }),
    };
    let e = li.send(approve.clone()).unwrap_err().to_string();
    assert!(e.contains("only a supervisor may approve"), "{e}");
    let mut boss = d.client(BOSS, "boss");
    let p = boss.send(approve).unwrap();
    assert_eq!(p.state, PermitState::Issued);
    let due = li
        .send(req::CallbackList {
            overdue_only: false,
            until: Some(chrono::Utc::now() + chrono::Duration::days(1)),
        })
        .unwrap();
    assert!(
        due.iter().any(|row| row.callback.customer == who
            && matches!(
                &row.callback.reason,
                frontdesk::domain::callback::CallbackReason::PermitDecided { approved: true, .. }
            )),
        "R-OPS-08: the owner is told: {due:?}"
    );
    let rows = li
        .send(req::CallbackList {
            overdue_only: false,
            until: Some(chrono::Utc::now() + chrono::Duration::days(1)),
        })
        .unwrap();
    let row = rows.iter().find(|r| r.callback.customer == who).unwrap();
    assert_eq!(
        row.about(),
        format!("{} approved", p.no),
        "the queue names the permit"
    );
    // The unit's view lists its permit.
    let unit = li
        .send(req::UnitShow {
            unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
            reason: None,
        })
        .unwrap();
    assert_eq!(unit.permits.len(), 1);
}
