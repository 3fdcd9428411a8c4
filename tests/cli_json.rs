//! The `--json` contract from outside, through the real binary: staff named by login beside
//! each uid, the CLI's own words for every value, ids spelt as the CLI prints them, and a
//! help line for every option.

mod common;

use common::*;

/// `--json` names staff by login beside each uid, and every subcommand and option says what
/// it takes in `--help`.
#[test]
fn json_names_staff_by_login_and_help_describes_every_option() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let ticket = run_ok(&data, &case_add("C1", "漏水", &[]));
    let case = run_ok(&data, &["--json", "case", "show", ticket.trim()]);
    let case: serde_json::Value = serde_json::from_str(&case).unwrap();
    let staff = run_ok(&data, &["--json", "staff", "list"]);
    let staff: serde_json::Value = serde_json::from_str(&staff).unwrap();
    let me = &staff[0];
    assert_eq!(case["owner"], me["uid"]);
    assert_eq!(case["owner_login"], me["username"], "{case:#}");
    assert_eq!(case["received_by_login"], me["username"]);
    assert_eq!(case["timeline"][0]["by_login"], me["username"]);

    let help = run_ok(&data, &["case", "add", "--help"]);
    for option in [
        "--customer",
        "--kind",
        "--channel",
        "--severity",
        "--subject",
    ] {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(option))
            .unwrap_or_else(|| panic!("{option} missing from:\n{help}"));
        assert!(!line.contains("[default: \"\"]"), "{line}");
        let described =
            line.split_whitespace().count() > 2 || help.contains(&format!("{option} <"));
        assert!(described, "{option} has no help: {line}");
    }
    assert!(help.contains("complaint | repair"), "{help}");
    for sub in [
        &["customer", "add"][..],
        &["case", "list"],
        &["case", "show"],
        &["case", "note"],
        &["visit", "done"],
        &["callback", "record"],
    ] {
        let mut args = sub.to_vec();
        args.push("--help");
        let help = run_ok(&data, &args);
        // clap prints an option without help as a bare `--name <NAME>` line.
        for line in help.lines().filter(|l| l.trim_start().starts_with("--")) {
            let words = line.split_whitespace().count();
            assert!(words > 2, "{sub:?}: option without help: {line}");
        }
    }
}

/// `--json` speaks the CLI's words: every word it writes is the one the CLI takes and prints
/// (`inquiry`, `counter`, `dispatch`, `registered`), never a Rust variant name; every numeric
/// customer, callback or visit id has its printed form beside it (`"customer_ref": "C1"`).
#[test]
fn json_speaks_the_clis_words_and_spells_ids_as_printed() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = run_ok(&data, &[&["--json"], args].concat());
        serde_json::from_str(&out).unwrap()
    };
    let added = case_add("C1", "咨询物业费", &["--kind", "inquiry"]);
    let ticket = run_ok(&data, &added);
    let ticket = ticket.trim();
    run_ok(&data, &["case", "dispatch", ticket, "--to-dept", "工程部"]);
    let rows = json(&["case", "list"]);
    let row = &rows[0];
    assert_eq!(row["kind"], "inquiry", "{row:#}");
    assert_eq!(row["handler"]["department"], "工程部");
    assert!(row["nearest"][0]
        .as_str()
        .unwrap()
        .starts_with(char::is_lowercase));
    assert_eq!(row["customer_ref"], "C1");
    let case = json(&["case", "show", ticket]);
    assert_eq!(case["timeline"][0]["event"], "registered", "{case:#}");
    assert_eq!(case["channel"], "counter");
    assert_eq!(case["key"]["customer_ref"], "C1");
    let card = json(&["customer", "show", "C1"]);
    // No key and no word anywhere is a Rust name (`Dispatched`, `Registered`, `Staff`).
    for json in [&rows, &case, &card] {
        if let Some(found) = rust_name(json) {
            panic!("`{found}` in {json:#}");
        }
    }
}

/// The first key or word in `v` spelt as a Rust variant is (`InProgress`).
fn rust_name(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let rusty = |t: &str| {
        t.len() > 1
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && t.chars().all(|c| c.is_ascii_alphanumeric())
            && t.chars().any(|c| c.is_ascii_lowercase())
    };
    match v {
        Value::String(t) if rusty(t) => Some(t.clone()),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if rusty(k) {
                Some(k.clone())
            } else {
                rust_name(v)
            }
        }),
        Value::Array(items) => items.iter().find_map(rust_name),
        _ => None,
    }
}
