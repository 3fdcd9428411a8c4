//! The desk's category list (issue: "A category list the desk keeps"): intake files a case
//! under a list entry whatever word was typed for it; an unknown word is refused by field;
//! a case filed under an entry since removed counts as unmapped until a supervisor maps it
//! (`frontdesk category map`, audited, each case's timeline keeping what it was). Against
//! the real binary and a daemon on its own data dir, so `categories.toml` is the daemon's.

mod common;

use common::{case_add, desk_with_zhang_wei, run, run_in_locale, Daemon};

/// The shipped list plus an entry `pipes` the desk later removes.
fn list_with_pipes() -> String {
    format!(
        "{}\n[[category]]\ncode = \"pipes\"\nzh = \"管道\"\nen = \"Pipes\"\nkind = \"repair\"\ndepartment = \"工程部\"\n",
        frontdesk::domain::category::SHIPPED
    )
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn add_case(data: &std::path::Path, category: &str) -> (bool, String, String) {
    run(
        data,
        &[
            &["--json"][..],
            &case_add("C1", "厨房水管漏水", &["--category", category]),
        ]
        .concat(),
    )
}

#[test]
fn a_case_is_filed_under_its_list_entry_whatever_word_was_typed() {
    let (_dir, data, _daemon) = common::zhang_wei_desk();
    for typed in ["水管", "water-power", "Water and power", "PLUMBING"] {
        let (ok, out, err) = add_case(&data, typed);
        assert!(ok, "{typed}: {err}");
        assert_eq!(json(&out)["category"], "water-power", "{typed}");
    }
    // Nothing typed: `other`.
    let (ok, out, err) = run(
        &data,
        &[&["--json"][..], &case_add("C1", "问路", &[])].concat(),
    );
    assert!(ok, "{err}");
    assert_eq!(json(&out)["category"], "other");
    // A word on no entry is refused by field, in the reader's language, and nothing is saved.
    let (ok, _, err) = add_case(&data, "天台漏雨");
    assert!(!ok);
    assert!(
        err.contains("category") && err.contains("frontdesk category list"),
        "{err}"
    );
    let (ok, _, err) = run_in_locale(
        &data,
        Some("zh_CN.UTF-8"),
        &case_add("C1", "x", &["--category", "天台漏雨"]),
    );
    assert!(!ok);
    assert!(err.contains("类别表"), "{err}");
    let (ok, out, _) = run(&data, &["--json", "case", "list"]);
    assert!(ok);
    assert_eq!(json(&out).as_array().map(Vec::len), Some(5));
    // The Cases filter finds them by any word of their entry.
    for words in ["cat:水电", "cat:plumbing", "漏水 cat:water"] {
        let (ok, out, err) = run(
            &data,
            &[
                "--json", "case", "list", "--view", "mine", "--filter", words,
            ],
        );
        assert!(ok, "{err}");
        assert_eq!(json(&out).as_array().map(Vec::len), Some(4), "{words}");
    }
}

#[test]
fn the_list_is_the_data_dirs_and_lists_in_the_readers_language() {
    let (_dir, data, _daemon) = common::zhang_wei_desk();
    assert!(
        data.join("categories.toml").exists(),
        "the shipped list is written where the admin edits it"
    );
    let (ok, out, err) = run_in_locale(&data, Some("zh_CN.UTF-8"), &["category", "list"]);
    assert!(ok, "{err}");
    let line = out.lines().find(|l| l.starts_with("water-power")).unwrap();
    assert!(
        line.contains("水电维修") && line.contains("工程部"),
        "{line}"
    );
    let (ok, out, _) = run_in_locale(&data, Some("C"), &["category", "list"]);
    assert!(ok);
    assert!(out.contains("Water and power"), "{out}");
    let (ok, out, _) = run(&data, &["--json", "category", "list"]);
    assert!(ok);
    let entries = json(&out);
    let lift = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "lift")
        .unwrap();
    assert_eq!(lift["kind"], "repair");
    assert_eq!(lift["zh"], "电梯");
}

#[test]
fn a_bad_list_stops_the_daemon_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("desk");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("categories.toml"),
        "[[category]]\ncode = \"Water Power\"\nzh = \"水\"\nen = \"W\"\nkind = \"repair\"\ndepartment = \"工程部\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(common::bin())
        .arg("--data")
        .arg(&data)
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("categories.toml") && err.contains("Water Power"),
        "{err}"
    );
}

#[test]
fn unmapped_cases_are_counted_until_a_supervisor_maps_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("desk");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("categories.toml"), list_with_pipes()).unwrap();
    let mut daemon = desk_with_zhang_wei(&data);
    let mut tickets = Vec::new();
    for _ in 0..2 {
        let (ok, out, err) = add_case(&data, "管道");
        assert!(ok, "{err}");
        assert_eq!(json(&out)["category"], "pipes");
        tickets.push(json(&out)["ticket"].as_str().unwrap().to_string());
    }
    let (ok, _, err) = add_case(&data, "水管");
    assert!(ok, "{err}");
    // The desk takes `pipes` off its list.
    daemon.kill9();
    std::fs::write(
        data.join("categories.toml"),
        frontdesk::domain::category::SHIPPED,
    )
    .unwrap();
    let _daemon = Daemon::start(&data);
    let report = |data: &std::path::Path| {
        let (ok, out, err) = run(data, &["--json", "report", "month"]);
        assert!(ok, "{err}");
        json(&out)
    };
    let r = report(&data);
    assert_eq!(r["volumes"]["unmapped"], 2, "{r}");
    let count = |r: &serde_json::Value, key: &str| {
        r["volumes"]["by_category"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .map(|c| c["count"].as_u64().unwrap())
    };
    assert_eq!(count(&r, "pipes"), Some(2));
    assert_eq!(count(&r, "water-power"), Some(1));
    let (ok, out, _) = run(&data, &["report", "month"]);
    assert!(ok);
    assert!(out.contains("categories unmapped"), "{out}");

    // The supervisor (here the admin) maps them; one change, audited.
    let (ok, out, err) = run(&data, &["category", "map", "pipes", "水电维修"]);
    assert!(ok, "{err}");
    assert!(out.contains("2"), "{out}");
    let r = report(&data);
    assert_eq!(r["volumes"]["unmapped"], 0, "{r}");
    assert_eq!(count(&r, "water-power"), Some(3));
    assert_eq!(count(&r, "pipes"), None);
    let (ok, out, _) = run(&data, &["--json", "audit"]);
    assert!(ok);
    let changes = json(&out);
    let mapped: Vec<_> = changes
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["operation"] == "category.map")
        .collect();
    assert_eq!(mapped.len(), 1, "{changes}");
    let (ok, out, _) = run(&data, &["case", "show", &tickets[0]]);
    assert!(ok);
    assert!(out.contains("category pipes → water-power"), "{out}");

    // Nothing left under `pipes`: said, nothing written.
    let (ok, _, err) = run(&data, &["category", "map", "pipes", "water-power"]);
    assert!(!ok);
    assert!(err.contains("no case is filed under `pipes`"), "{err}");
    let (ok, _, err) = run(&data, &["category", "map", "water-power", "天台"]);
    assert!(!ok);
    assert!(err.contains("to:") && err.contains("天台"), "{err}");
}
