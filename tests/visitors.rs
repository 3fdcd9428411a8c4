//! Visitors through the binary (R-OPS-14): registered with unit, name, phone, party, plate,
//! reason and card; on the on-site list until they leave, once; the day's log keeps both,
//! and its CSV export opens in Excel and WPS and is formula-safe.

mod common;

use common::*;

#[test]
fn r_ops_14_visitors_come_in_appear_on_site_leave_once_and_stay_in_the_days_log() {
    let (dir, data, _daemon) = zhang_wei_desk();
    let arrive = |name: &str, plate: &str| {
        let (ok, out, err) = run(
            &data,
            &[
                "visitor",
                "in",
                "--unit",
                "3-2-1102",
                "--name",
                name,
                "--phone",
                "13800001234",
                "--party",
                "2",
                "--plate",
                plate,
                "--reason",
                "探亲",
                "--card",
                "K-017",
            ],
        );
        assert!(ok, "{err}");
        out.split_whitespace().next().unwrap().to_string()
    };
    let first = arrive("王先生", "沪a12345");
    let second = arrive("=HYPERLINK(\"x\")", "");
    let (ok, _, err) = run(
        &data,
        &[
            "visitor", "in", "--unit", "3-2-1102", "--name", "李", "--phone", "138", "--reason",
            "送货",
        ],
    );
    assert!(!ok && err.contains("phone"), "the field is named: {err}");

    let (_, now, _) = run(&data, &["visitor", "list"]);
    assert!(
        now.contains(&first) && now.contains(&second) && now.contains("沪A12345"),
        "{now}"
    );
    let (ok, out, err) = run(&data, &["visitor", "out", &first]);
    assert!(ok && !out.contains("on site"), "{out}{err}");
    let (ok, _, err) = run(&data, &["visitor", "out", &first]);
    assert!(!ok && err.contains("left already"), "{err}");
    let (_, now, _) = run(&data, &["visitor", "list"]);
    assert!(!now.contains(&first) && now.contains(&second), "{now}");

    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
        .to_string();
    let csv = dir.path().join("log.csv");
    let (ok, _, err) = run(
        &data,
        &[
            "visitor",
            "list",
            "--day",
            &today,
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel and WPS");
    assert!(text.contains(&first) && text.contains(&second), "{text}");
    assert!(text.contains("'=HYPERLINK"), "formula neutralised: {text}");
}
