//! The group's staff and listings on the hotline's daemon, as the real binaries run them:
//! two estates' desks and the hotline on one throwaway cluster. A person is one login across
//! the group, added, changed and locked out at every estate they serve with one command;
//! the hotline's listings span its estates, each row naming its own.

mod common;

use std::path::PathBuf;

use common::*;
use frontdesk::testkit::postgres::Cluster;

/// Two estates (DH01 东湖花园 and XS02 西山苑), each with its daemon, this process's login
/// the first admin of both, 张伟 a resident of both; and the hotline over both.
struct Group {
    _cluster: Cluster,
    _dir: tempfile::TempDir,
    desks: [Daemon; 2],
    hotline: Daemon,
}

impl Group {
    fn start() -> Group {
        let cluster = Cluster::start().expect("a PostgreSQL cluster");
        let conninfo = cluster.create_database("group").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let boxes: [PathBuf; 3] = ["east", "west", "hotline"].map(|d| dir.path().join(d));
        for (code, name) in [("DH01", "东湖花园"), ("XS02", "西山苑")] {
            run_ok(
                &boxes[0],
                &[
                    "estate",
                    "add",
                    code,
                    "--name",
                    name,
                    "--postgres",
                    &conninfo,
                ],
            );
        }
        let desks = [("DH01", &boxes[0]), ("XS02", &boxes[1])].map(|(code, data)| {
            let d = Daemon::start_with(data, &["--postgres", &conninfo, "--estate", code]);
            run_ok_on(&d.socket, &["init"]);
            run_ok_on(
                &d.socket,
                &[
                    "customer",
                    "add",
                    "--name",
                    "张伟",
                    "--phone",
                    "13800138000",
                    "--unit",
                    "3-2-1102",
                ],
            );
            d
        });
        let hotline = Daemon::start_with(&boxes[2], &["--postgres", &conninfo, "--estates", "all"]);
        Group {
            _cluster: cluster,
            _dir: dir,
            desks,
            hotline,
        }
    }

    fn on_hotline(&self, args: &[&str]) -> String {
        run_ok_on(&self.hotline.socket, args)
    }

    fn at_desk(&self, i: usize, args: &[&str]) -> String {
        run_ok_on(&self.desks[i].socket, args)
    }
}

#[test]
fn a_group_staff_member_is_added_changed_and_locked_out_at_every_estate_at_once() {
    let group = Group::start();
    let added = group.on_hotline(&[
        "staff",
        "add",
        "wang",
        "--name",
        "王芳",
        "--role",
        "clerk",
        "--uid",
        "7001",
        "--estates",
        "all",
    ]);
    assert!(
        added.contains("DH01  王芳 (wang)") && added.contains("XS02  王芳 (wang)"),
        "{added}"
    );
    // Each estate's own daemon has her on its staff.
    for i in 0..2 {
        let list = group.at_desk(i, &["staff", "list"]);
        assert!(list.contains("wang") && list.contains("clerk"), "{list}");
    }
    // Promoted at one estate only: roles are an estate's.
    group.on_hotline(&[
        "staff",
        "set",
        "wang",
        "--role",
        "supervisor",
        "--reason",
        "东湖主管",
        "--estates",
        "DH01",
    ]);
    let listed = group.on_hotline(&["staff", "list"]);
    let line = listed.lines().find(|l| l.starts_with("wang")).unwrap_or("");
    assert!(
        line.contains("王芳") && line.contains("DH01 supervisor") && line.contains("XS02 clerk"),
        "one row per login, each estate's role: {listed}"
    );
    let json = group.on_hotline(&["--json", "staff", "list"]);
    let members: serde_json::Value = serde_json::from_str(&json).unwrap();
    let wang = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == "wang")
        .expect("wang in the group's staff");
    assert_eq!(wang["estates"].as_array().map(Vec::len), Some(2), "{json}");

    // She leaves the group: locked out at every estate that has her, in one command.
    let off = group.on_hotline(&[
        "staff",
        "deactivate",
        "wang",
        "--reason",
        "离职",
        "--estates",
        "all",
    ]);
    assert_eq!(off.matches("(deactivated)").count(), 2, "{off}");
    for i in 0..2 {
        let list = group.at_desk(i, &["staff", "list"]);
        let line = list.lines().find(|l| l.starts_with("wang")).unwrap_or("");
        assert!(line.contains("(deactivated)"), "{list}");
    }
    // A login no estate has is named, and nothing is done.
    let (ok, _, err) = run_on(
        &group.hotline.socket,
        &[
            "staff",
            "deactivate",
            "nobody",
            "--reason",
            "x",
            "--estates",
            "all",
        ],
    );
    assert!(
        !ok && err.contains("nobody") && err.contains("staff add"),
        "{err}"
    );
    // An estate the hotline does not serve is refused before anything is sent.
    let (ok, _, err) = run_on(
        &group.hotline.socket,
        &[
            "staff",
            "add",
            "li",
            "--name",
            "李娜",
            "--uid",
            "7002",
            "--estates",
            "DH01,ZZ99",
        ],
    );
    assert!(
        !ok && err.contains("ZZ99") && err.contains("DH01, XS02"),
        "{err}"
    );
    assert!(!group.at_desk(0, &["staff", "list"]).contains("李娜"));
}

#[test]
fn the_hotlines_case_list_and_counts_span_its_estates_each_case_under_its_estate() {
    let group = Group::start();
    for (code, text) in [("DH01", "电梯困人"), ("XS02", "楼上漏水")] {
        group.on_hotline(&[&["--estate", code][..], &case_add("C1", text, &[])].concat());
    }
    let listed = group.on_hotline(&["case", "list", "--open"]);
    let rows: Vec<&str> = listed.lines().collect();
    assert_eq!(rows.len(), 2, "{listed}");
    // Newest first, each ticket under its estate (both estates number from 1).
    assert!(
        rows[0].starts_with("XS02/T") && rows[1].starts_with("DH01/T"),
        "{listed}"
    );
    let json = group.on_hotline(&["--json", "case", "list", "--open"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let estates: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["estate"].as_str())
        .collect();
    assert_eq!(estates, ["XS02", "DH01"], "{json}");
    // Narrowed to one estate, as at that estate's desk.
    let narrowed = group.on_hotline(&["--estate", "DH01", "case", "list", "--open"]);
    assert_eq!(narrowed.lines().count(), 1, "{narrowed}");
    assert!(
        narrowed.starts_with('T') && narrowed.contains("张伟"),
        "{narrowed}"
    );
    // The counts add up over the estates, or are one estate's.
    let all = group.on_hotline(&["--json", "status"]);
    let one = group.on_hotline(&["--estate", "XS02", "--json", "status"]);
    let open =
        |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["open_cases"].clone();
    assert_eq!(
        (open(&all), open(&one)),
        (2.into(), 1.into()),
        "{all}\n{one}"
    );
    // A next page is one estate's.
    let (ok, _, err) = run_on(
        &group.hotline.socket,
        &["case", "list", "--after", "T2612-0001"],
    );
    assert!(!ok && err.contains("--estate"), "{err}");
}
