//! The real binary: a daemon child process, scripted commands, CSV import, durability across
//! SIGKILL, and the errors a person at the terminal sees.

mod common;

use common::*;

#[test]
fn a_case_whose_ticket_was_printed_survives_sigkill_of_the_daemon() {
    let (dir, mut daemon) = initialised_desk();
    let (ok, out, err) = run(
        dir.path(),
        &[
            "customer",
            "add",
            "--name",
            "张伟",
            "--phone",
            "138 0000 1102",
            "--unit",
            "3栋2单元1102",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("C1"), "{out}");
    let (ok, ticket, err) = run(
        dir.path(),
        &case_add("C1", "厨房漏水", &["--severity", "L1", "--kind", "repair"]),
    );
    assert!(ok, "{err}");
    let ticket = ticket.trim().to_string();
    assert!(ticket.starts_with('T') && ticket.len() == 10, "{ticket}");
    // Killed the instant the ticket was printed: no clean shutdown, no flush on exit.
    daemon.kill9();
    let _daemon = Daemon::start(dir.path());
    let (ok, json, err) = run(dir.path(), &["--json", "case", "show", &ticket]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["ticket"], ticket.as_str());
    assert_eq!(v["description"], "厨房漏水");
}

#[test]
fn a_second_daemon_on_the_same_data_dir_is_refused() {
    let (dir, _daemon) = initialised_desk();
    let out = std::process::Command::new(bin())
        .arg("--data")
        .arg(dir.path())
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already"), "{err}");
    // Even on another socket path, the store lock refuses it.
    let out = std::process::Command::new(bin())
        .arg("--data")
        .arg(dir.path())
        .arg("--socket")
        .arg(dir.path().join("other.sock"))
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use by another frontdesk daemon"), "{err}");
}

#[test]
fn csv_import_reports_every_bad_row_and_imports_nothing_then_imports_a_good_file() {
    let (dir, _daemon) = initialised_desk();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "name,phone,unit,tier\n张伟,13800001102,3-2-1102,key\n ,13800001103,3-2-1103,\n王芳,12,5-1-302,general\n赵敏,13900002222,5-1,vip\nJohn Smith,13600004444,8-1-801,gold\n",
    )
    .unwrap();
    // --check reports the same bad rows and writes nothing either.
    let (ok, _, err) = run(
        dir.path(),
        &["import", "customers", bad.to_str().unwrap(), "--check"],
    );
    assert!(!ok && err.contains("line 4: phone:"), "{err}");
    let (ok, _, err) = run(dir.path(), &["import", "customers", bad.to_str().unwrap()]);
    assert!(!ok);
    for want in [
        "line 3: name:",
        "line 4: phone:",
        "line 5: unit:",
        "line 6: tier:",
        "nothing imported",
    ] {
        assert!(err.contains(want), "missing {want}: {err}");
    }
    let (_, out, _) = run(dir.path(), &["status"]);
    assert!(out.contains("customers 0"), "{out}");

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "name,phone,unit,tier,id,notes\n张伟,13800001102,3-2-1102,key,100,\"老住户, 腿脚不便\"\n王芳,139-0000-2222;13611112222,5-1-302,,,\n",
    )
    .unwrap();
    let (ok, out, err) = run(
        dir.path(),
        &["import", "customers", good.to_str().unwrap(), "--check"],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("2 residents (3 phones) would be imported"),
        "{out}"
    );
    let (_, status, _) = run(dir.path(), &["status"]);
    assert!(
        status.contains("customers 0"),
        "--check wrote nothing: {status}"
    );
    let (ok, out, err) = run(dir.path(), &["import", "customers", good.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("imported 2"), "{out}");
    let (ok, out, _) = run(dir.path(), &["customer", "show", "C100"]);
    assert!(ok);
    assert!(out.contains("老住户, 腿脚不便"), "{out}");
    let (_, out, _) = run(dir.path(), &["customer", "find", "wf"]);
    assert!(out.contains("王芳") && out.contains("13611112222"), "{out}");
    // The same ids again are refused as a whole.
    let (ok, _, err) = run(dir.path(), &["import", "customers", good.to_str().unwrap()]);
    assert!(!ok && err.contains("C100 already exists"), "{err}");
}

#[test]
fn csv_that_is_not_utf8_or_has_a_wrong_header_is_refused_with_the_line() {
    let (dir, _daemon) = initialised_desk();
    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(
        &latin1,
        b"name,phone,unit,tier\n\xd5\xc5,13800001102,3-2-1102,\n",
    )
    .unwrap();
    let (ok, _, err) = run(
        dir.path(),
        &["import", "customers", latin1.to_str().unwrap()],
    );
    assert!(
        !ok && err.contains("line 2") && err.contains("UTF-8"),
        "{err}"
    );
    let header = dir.path().join("header.csv");
    std::fs::write(&header, "name,mobile,unit,tier\n").unwrap();
    let (ok, _, err) = run(
        dir.path(),
        &["import", "customers", header.to_str().unwrap()],
    );
    assert!(
        !ok && err.contains("line 1: header") && err.contains("mobile"),
        "{err}"
    );
}

#[test]
fn errors_are_one_line_naming_the_field_with_a_non_zero_exit() {
    let (dir, _daemon) = initialised_desk();
    for (args, want) in [
        (
            vec![
                "customer", "add", "--name", "x", "--phone", "12", "--unit", "3-2-1",
            ],
            "phone:",
        ),
        (
            vec![
                "customer",
                "add",
                "--name",
                "x",
                "--phone",
                "13800001102",
                "--unit",
                "3-2",
            ],
            "unit:",
        ),
        (vec!["case", "show", "T2611-0999"], "not found"),
        (case_add("C42", "x", &[]), "customer C42"),
        (case_add("x", "x", &[]), "customer:"),
        (
            vec![
                "customer",
                "add",
                "--name",
                "\u{1b}[2J",
                "--phone",
                "13800001102",
                "--unit",
                "3-2-1",
            ],
            "name:",
        ),
    ] {
        let (ok, _, err) = run(dir.path(), &args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            !err.contains('\u{1b}'),
            "no escape reaches the terminal: {err:?}"
        );
    }
}

#[test]
fn quickstart_starts_a_daemon_initialises_loads_demo_data_and_shows_a_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(dir.path(), &["--demo"]);
    assert!(ok, "{err}");
    assert!(out.contains("Loaded 2000 demo residents"), "{out}");
    assert!(out.contains("frontdesk customer find zw"), "{out}");
    // The auto-started daemon is still there for the next command; stop it afterwards.
    let (ok, out, _) = run(dir.path(), &["status"]);
    assert!(ok && out.contains("customers 200"), "{out}");
    let (ok, out, _) = run(dir.path(), &["--json", "case", "list", "--limit", "3"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    let log = std::fs::read_to_string(dir.path().join("daemon.log")).unwrap();
    assert!(log.contains("serving"), "{log}");
    kill_spawned_daemon(dir.path());
}

/// The auto-spawned daemon is detached; find it by its data dir and stop it.
fn kill_spawned_daemon(data: &std::path::Path) {
    let needle = data.display().to_string();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if text.contains(&needle) && text.contains(" serve") {
            let _ = std::process::Command::new("kill")
                .arg("-9")
                .arg(entry.file_name())
                .status();
        }
    }
}

/// A daemon whose data dir (and so its socket) is deleted cannot be reached again: it exits
/// rather than linger as an orphan.
#[test]
fn a_daemon_exits_when_its_socket_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut daemon = Daemon::start(dir.path());
    std::fs::remove_file(&daemon.socket).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        if let Some(status) = daemon.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the daemon lingered");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The office's own spreadsheet: Chinese column names and the tier words the screen shows.
#[test]
fn csv_with_chinese_headers_and_tier_words_imports() {
    let (dir, _daemon) = initialised_desk();
    let file = dir.path().join("住户.csv");
    std::fs::write(
        &file,
        "姓名,电话,房号,等级,备注\n张伟,13800001102,3-2-1102,贵宾,老住户\n王芳,13900002222,5-1-302,普通,\n赵敏,13700003333,6-2-201,重点,\n",
    )
    .unwrap();
    let (ok, out, err) = run(dir.path(), &["import", "customers", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("imported 3 customers"), "{out}");
    let (ok, json, _) = run(dir.path(), &["--json", "customer", "find", "zw"]);
    assert!(ok);
    let found: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(found[0]["customer"]["tier"], "vip", "{json}");
    // A tier word that is none of them is refused naming the line and the field.
    std::fs::write(
        &file,
        "姓名,电话,房号,等级\n钱七,13600004444,8-1-801,金卡\n",
    )
    .unwrap();
    let (ok, _, err) = run(dir.path(), &["import", "customers", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("line 2: tier") && err.contains("贵宾"),
        "{err}"
    );
}

/// The 身份 column records each resident's move-in to their unit (R-REC-03): an owner, family,
/// and a tenant whose owner is the unit's recorded owner; a tenant with no owner on record
/// refuses the whole file, naming the line.
#[test]
fn csv_role_column_records_move_ins_and_a_tenant_needs_the_owner() {
    let (dir, _daemon) = initialised_desk();
    let file = dir.path().join("住户.csv");
    std::fs::write(
        &file,
        "姓名,电话,房号,等级,身份\n张伟,13800001102,3-2-1102,,业主\n李娜,13900002222,3-2-1102,,租户\n张小明,13700003333,3-2-1102,,家属\n赵敏,13600004444,6-2-201,,\n",
    )
    .unwrap();
    let (ok, _, err) = run(dir.path(), &["import", "customers", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (ok, out, err) = run(dir.path(), &["unit", "show", "3-2-1102"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("owner since") && out.contains("family since"),
        "{out}"
    );
    assert!(
        out.contains("tenant since") && out.contains("(owner C1)"),
        "{out}"
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "姓名,电话,房号,等级,身份\n钱七,13500005555,9-9-909,,租户\n",
    )
    .unwrap();
    let (ok, _, err) = run(dir.path(), &["import", "customers", bad.to_str().unwrap()]);
    assert!(
        !ok && err.contains("line 2: role:") && err.contains("owner"),
        "{err}"
    );
    let (_, out, _) = run(dir.path(), &["status"]);
    assert!(
        out.contains("customers 4"),
        "nothing of the bad file: {out}"
    );
}

/// R-INT-06: a new promised time records whether the resident agreed; the CLI asks for it,
/// and a word other than yes or no is refused naming the field, with nothing written.
#[test]
fn r_int_06_a_promise_records_whether_the_resident_agreed() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let ticket = run_ok(&data, &case_add("C1", "厨房漏水", &["--kind", "repair"]));
    let ticket = ticket.trim();
    let promise = |agreed: &str| {
        run(
            &data,
            &[
                "case",
                "promise",
                ticket,
                "--at",
                "2099-01-05 10:00",
                "--reason",
                "配件明天到",
                "--agreed",
                agreed,
            ],
        )
    };
    let (ok, _, err) = promise("maybe");
    assert!(!ok);
    assert!(err.contains("agreed") && err.contains("yes or no"), "{err}");
    let (ok, _, err) = promise("否");
    assert!(ok, "{err}");
    let shown = run_ok(&data, &["case", "show", ticket]);
    assert!(shown.contains("the resident did NOT agree"), "{shown}");
    assert!(promise("yes").0);
    let shown = run_ok(&data, &["case", "show", ticket]);
    assert!(
        shown.contains("配件明天到), the resident agreed"),
        "{shown}"
    );
}
