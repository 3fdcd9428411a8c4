//! The working-day calendar through the binary: `frontdesk calendar YEAR [--json]` from the
//! shipped default the daemon writes on first start, a year the file does not list said on
//! stderr, and a bad calendar.toml stopping the daemon with the line at fault.

mod common;

use common::*;

#[test]
fn calendar_command_prints_the_year_and_a_bad_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("desk");
    let daemon = Daemon::start(&data);
    assert!(
        data.join("calendar.toml").exists(),
        "the shipped default is written on first start"
    );
    assert!(run(&data, &["init"]).0);
    let (ok, out, err) = run(&data, &["--json", "calendar", "2026"]);
    assert!(ok, "{err}");
    let y: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(y["year"], 2026);
    assert_eq!(y["working_days"], 248);
    assert_eq!(y["holidays"][0], "2026-01-01");
    assert_eq!(
        y["workdays"][0], "2026-01-04",
        "the make-up Sunday after New Year"
    );
    assert_eq!(y.as_object().unwrap().len(), 4, "{out}");
    let (ok, out, err) = run(&data, &["calendar", "2031"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("2031: 255 working days"), "{out}");
    assert!(err.contains("no [2031] schedule"), "{err}");
    drop(daemon);

    std::fs::write(
        data.join("calendar.toml"),
        "[2026]\nholidays = [\n  \"2026-02-30\",\n]\n",
    )
    .unwrap();
    let out = std::process::Command::new(bin())
        .args(["serve", "--data"])
        .arg(&data)
        .args(["--socket"])
        .arg(dir.path().join("other.sock"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("calendar.toml line 3") && err.contains("2026-02-30"),
        "{err}"
    );
}
