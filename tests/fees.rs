//! Fee arrears and reminders through the binary (R-OPS-13): the billing import is all or
//! nothing and names the line of each bad row; the monthly list by building; reminders with
//! their way and outcome; the payment notice with its total in 大写, printed through `lp`
//! when a printer is configured and written to a file otherwise. And the cover hand-over
//! (R-OPS-15).

mod common;

use frontdesk::protocol::req;
use std::path::Path;

use common::*;

fn run_ok(data: &Path, args: &[&str]) -> String {
    let (ok, out, err) = run(data, args);
    assert!(ok, "{args:?}: {err}");
    out
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn r_ops_13_the_arrears_import_is_all_or_nothing_and_names_each_bad_line() {
    let (dir, data, _daemon) = zhang_wei_desk();
    run_ok(
        &data,
        &[
            "customer",
            "add",
            "--name",
            "李娜",
            "--phone",
            "13800000502",
            "--unit",
            "5-1-502",
            "--tier",
            "general",
        ],
    );

    let bad = write(
        dir.path(),
        "bad.csv",
        "\u{feff}房号,收费项目,所属期,金额\n3-2-1102,物业服务费,2026-07..2026-09,1234.50\n3-2-1102,gas,2026-10,10\n5-1-502,water,2026-13,20\n5-1-502,电费,2026-10,-3\n",
    );
    let (ok, _, err) = run(&data, &["fees", "import", &bad]);
    assert!(!ok, "{err}");
    for want in [
        "line 3: fee",
        "line 4: period",
        "line 5: amount",
        "nothing was imported",
    ] {
        assert!(err.contains(want), "want {want}: {err}");
    }
    assert!(!err.contains("line 2"), "line 2 is good: {err}");
    assert!(
        run_ok(&data, &["fees", "list"]).contains("no arrears"),
        "nothing was imported"
    );

    // A unit the desk does not know: refused by the daemon, naming the line.
    let unknown = write(
        dir.path(),
        "unknown.csv",
        "unit,fee,period,amount\n3-2-1102,water,2026-10,12\n9-9-909,water,2026-10,12\n",
    );
    let (ok, _, err) = run(&data, &["fees", "import", &unknown]);
    assert!(!ok && err.contains("line 3: unit: 9-9-909"), "{err}");
    assert!(run_ok(&data, &["fees", "list"]).contains("no arrears"));

    let good = write(
        dir.path(),
        "arrears.csv",
        "unit,fee,period,amount\n3-2-1102,property,2026-07..2026-09,1234.50\n3-2-1102,water,2026-10,86.3\n5-1-502,parking,2026-10,300\n",
    );
    let (ok, out, err) = run(&data, &["fees", "import", &good]);
    assert!(ok, "{err}");
    assert!(err.contains("imported 3 arrears rows for 2 units"), "{err}");
    assert!(
        out.contains("building 3: 1 units, ¥1,320.80, reminded this month 0/1"),
        "{out}"
    );
    assert!(out.contains("building 5: 1 units, ¥300.00"), "{out}");
    assert!(out.contains("NOT REMINDED"), "{out}");
    // The unit's view lists its arrears.
    let unit = run_ok(&data, &["unit", "show", "3-2-1102"]);
    assert!(unit.contains("Arrears (2): ¥1,320.80"), "{unit}");

    // R-OPS-13: each reminder with its way and outcome.
    let (ok, _, err) = run(
        &data,
        &[
            "fees",
            "remind",
            "3-2-1102",
            "--way",
            "fax",
            "--outcome",
            "paid",
        ],
    );
    assert!(!ok && err.contains("way"), "{err}");
    let (ok, _, err) = run(
        &data,
        &[
            "fees",
            "remind",
            "3-2-1102",
            "--way",
            "phone",
            "--outcome",
            "promised",
        ],
    );
    assert!(!ok && err.contains("promised:YYYY-MM-DD"), "{err}");
    let by = (chrono::Utc::now().date_naive() + chrono::Duration::days(10)).to_string();
    let out = run_ok(
        &data,
        &[
            "fees",
            "remind",
            "3-2-1102",
            "--way",
            "phone",
            "--outcome",
            &format!("promised:{by}"),
        ],
    );
    assert!(
        out.contains("phone by") && out.contains(&format!("promised by {by}")),
        "{out}"
    );
    let out = run_ok(&data, &["fees", "list", "--building", "3"]);
    assert!(
        out.contains("reminded this month 1/1") && !out.contains("5-1-502"),
        "{out}"
    );
    let (ok, _, err) = run(
        &data,
        &[
            "fees",
            "remind",
            "3-2-1102",
            "--way",
            "sms",
            "--outcome",
            "refused",
        ],
    );
    assert!(ok, "{err}");

    // A new import replaces the last one whole.
    let paid = write(
        dir.path(),
        "paid.csv",
        "unit,fee,period,amount\n5-1-502,parking,2026-10,300\n",
    );
    let out = run_ok(&data, &["fees", "import", &paid]);
    assert!(
        !out.contains("3-2-1102") && out.contains("5-1-502"),
        "{out}"
    );
}

#[test]
fn r_ops_13_an_import_larger_than_one_request_is_still_one_commit() {
    let (dir, data, _daemon) = zhang_wei_desk();
    // 6 fee kinds × 1296 periods for one unit: 7776 rows, more than one request carries.
    let mut csv = String::from("unit,fee,period,amount\n");
    let month = |n: u32| format!("{}-{:02}", 2000 + n / 12, n % 12 + 1);
    for fee in [
        "property",
        "value-added",
        "energy",
        "parking",
        "water",
        "electricity",
    ] {
        for from in 0..324 {
            for span in 0..4 {
                csv += &format!("3-2-1102,{fee},{}..{},1\n", month(from), month(from + span));
            }
        }
    }
    let file = write(dir.path(), "big.csv", &csv);
    let (ok, out, err) = run(&data, &["fees", "import", &file]);
    assert!(ok, "{err}");
    assert!(
        err.contains("imported 7776 arrears rows for 1 units"),
        "{err}"
    );
    assert!(out.contains("¥7,776.00"), "{out}");
    // A bad row in the last chunk: nothing of the earlier chunks is imported.
    let bad = format!("{csv}9-9-909,water,2026-10,1\n");
    let bad_file = write(dir.path(), "bad-big.csv", &bad);
    let (ok, _, err) = run(&data, &["fees", "import", &bad_file]);
    assert!(!ok && err.contains("line 7778: unit: 9-9-909"), "{err}");
    let out = run_ok(&data, &["fees", "list"]);
    assert!(
        out.contains("¥7,776.00"),
        "the previous import stands: {out}"
    );
}

#[test]
fn r_ops_13_the_payment_notice_totals_in_figures_and_capitals_and_goes_to_the_printer() {
    let (dir, data, _daemon) = zhang_wei_desk();
    let good = write(dir.path(), "a.csv", "unit,fee,period,amount\n3-2-1102,property,2026-07..2026-09,1234.50\n3-2-1102,water,2026-10,86.3\n");
    run_ok(&data, &["fees", "import", &good]);
    let out = run_ok(&data, &["fees", "notice", "3-2-1102"]);
    assert!(
        out.contains("缴费通知单")
            && out.contains("物业服务费")
            && out.contains("2026-07..2026-09"),
        "{out}"
    );
    assert!(
        out.contains("¥1,320.80") && out.contains("人民币壹仟叁佰贰拾元捌角"),
        "{out}"
    );
    for line in out.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= frontdesk::pages::WIDTH,
            "{line}"
        );
    }

    // --print without a printer: the page goes to a file, and the user is told.
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    let printed = dir.path().join("printed.txt");
    let notice = |path: &str| {
        std::process::Command::new(bin())
            .current_dir(&work)
            .env("PATH", path)
            .args([
                "--data",
                data.to_str().unwrap(),
                "fees",
                "notice",
                "3-2-1102",
                "--print",
            ])
            .output()
            .unwrap()
    };
    let out = notice(bin_dir.to_str().unwrap());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.contains("no printer is configured"),
        "{err}"
    );
    let file = std::fs::read_to_string(work.join("notice-3-2-1102.txt")).unwrap();
    assert!(file.contains("人民币壹仟叁佰贰拾元捌角"));

    // With a printer configured, the page goes to `lp` on the default destination.
    let script = |name: &str, body: &str| {
        let p = bin_dir.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
        std::fs::set_permissions(&p, perm).unwrap();
    };
    script("lpstat", "echo 'system default destination: desk-a5'");
    script(
        "lp",
        &format!("echo \"$@\" > {0}.args; cat > {0}", printed.display()),
    );
    let out = notice(&format!("{}:/usr/bin:/bin", bin_dir.display()));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.contains("sent notice-3-2-1102.txt to printer desk-a5"),
        "{err}"
    );
    assert!(std::fs::read_to_string(&printed)
        .unwrap()
        .contains("缴费通知单"));
    let args = std::fs::read_to_string(format!("{}.args", printed.display())).unwrap();
    assert!(
        args.contains("-d desk-a5") && args.contains("media=A5"),
        "{args}"
    );
}

#[test]
fn r_ops_15_the_cover_hand_over_is_signed_and_approved_by_a_supervisor() {
    use frontdesk::client::Calls;

    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let now = chrono::Utc::now();
    let cover = |covering: &str, approved_by: &str| req::CoverSign {
        covering: covering.into(),
        from: now,
        until: now + chrono::Duration::hours(1),
        approved_by: approved_by.into(),
    };
    let e = li.send(cover("wang", "wang")).unwrap_err().to_string();
    assert!(e.contains("not a team lead"), "{e}");
    let e = li.send(cover("li", "boss")).unwrap_err().to_string();
    assert!(e.contains("someone else covers"), "{e}");
    let list = li.send(cover("wang", "boss")).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].leaving.0, list[0].covering.0, list[0].approved_by.0),
        (LI, WANG, BOSS)
    );
    assert_eq!(
        d.client(WANG, "wang")
            .send(req::CoverList {})
            .unwrap()
            .len(),
        1
    );
}
