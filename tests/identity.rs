//! Identity and rights over a real Unix socket with real Unix users (created for the test
//! when running as root; skipped with a message otherwise). The daemon names each caller by
//! SO_PEERCRED, so every command below runs the real binary as that user (`runuser`).

mod common;

use common::case_add;
use common::shared_box::{as_user, SharedBox};
use common::users::TestUsers;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// True when real users can be made and switched to; says why not otherwise.
fn can_switch_users() -> bool {
    if !common::users::is_root() || Command::new("runuser").arg("--version").output().is_err() {
        eprintln!("SKIPPED: needs root (to create test users) and runuser");
        return false;
    }
    true
}

#[test]
fn users_are_who_the_kernel_says_and_rights_hold() {
    if !can_switch_users() {
        return;
    }
    let prefix = format!("fd{}", std::process::id() % 100_000);
    let Some(users) = TestUsers::create(&prefix, 4, 1, false) else {
        eprintln!("SKIPPED: could not create test users");
        return;
    };
    let [clerk1, clerk2, boss, unregistered, outsider] =
        [0, 1, 2, 3, 4].map(|i| users.users[i].as_str());

    let shared_box = SharedBox::start(&users.group);
    let (data, socket) = (shared_box.data.clone(), shared_box.socket.clone());
    let sock_mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    assert_eq!(sock_mode, 0o660, "socket mode");
    let data_mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
    assert_eq!(data_mode, 0o700, "data dir mode");

    // Root sets the desk up and registers the staff by login name.
    let root = |args: &[&str]| common::run_ok_on(&socket, args);
    root(&["init"]);
    root(&["staff", "add", clerk1, "--name", "李娜", "--role", "clerk"]);
    root(&["staff", "add", clerk2, "--name", "王磊", "--role", "clerk"]);
    root(&[
        "staff",
        "add",
        boss,
        "--name",
        "陈静",
        "--role",
        "supervisor",
    ]);
    root(&common::ADD_ZHANG_WEI);

    // An unregistered user gets through the socket and is refused with what to do.
    let (ok, _, err) = as_user(unregistered, &socket, &["status"]);
    assert!(!ok);
    assert!(
        err.contains("not registered") && err.contains("staff add"),
        "{err}"
    );
    // Outside the group the socket itself is closed.
    let (ok, _, err) = as_user(outsider, &socket, &["status"]);
    assert!(!ok);
    assert!(err.to_lowercase().contains("permission denied"), "{err}");

    // Clerk 1 registers a case: the kernel's name for them is the receiver and owner.
    let (ok, ticket, err) = as_user(
        clerk1,
        &socket,
        &case_add(
            "C1",
            "楼上漏水",
            &["--kind", "complaint", "--severity", "L2"],
        ),
    );
    assert!(ok, "{err}");
    let ticket = ticket.trim().to_string();
    let (ok, json, _) = as_user(clerk2, &socket, &["--json", "case", "show", &ticket]);
    assert!(ok);
    let case: serde_json::Value = serde_json::from_str(&json).unwrap();
    let uid_of = |u: &str| {
        let out = Command::new("id").args(["-u", u]).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse::<u64>()
            .unwrap()
    };
    assert_eq!(case["received_by"], uid_of(clerk1));

    // R-LIFE-01: clerk 2 cannot resolve clerk 1's case, nor reassign it.
    let (ok, _, err) = as_user(
        clerk2,
        &socket,
        &[
            "case",
            "resolve",
            &ticket,
            "--summary",
            "好了",
            "--cause",
            "老化",
            "--action",
            "更换",
        ],
    );
    assert!(!ok);
    assert!(err.contains("only the case owner"), "{err}");
    let (ok, _, err) = as_user(
        clerk2,
        &socket,
        &[
            "case", "reassign", &ticket, "--to", clerk2, "--reason", "我来",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("forbidden") || err.contains("supervisor"),
        "{err}"
    );

    // A supervisor may, and the reason is in the case and in the audit trail (R-REC-14).
    let (ok, _, err) = as_user(
        boss,
        &socket,
        &[
            "case",
            "reassign",
            &ticket,
            "--to",
            clerk2,
            "--reason",
            "李娜休假",
        ],
    );
    assert!(ok, "{err}");
    let (_, json, _) = as_user(boss, &socket, &["--json", "case", "show", &ticket]);
    let case: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(case["owner"], uid_of(clerk2));
    assert_eq!(
        case["received_by"],
        uid_of(clerk1),
        "the first responder is history"
    );
    let (ok, audit, err) = as_user(boss, &socket, &["audit"]);
    assert!(ok, "{err}");
    assert!(
        audit
            .lines()
            .any(|l| l.contains("case.reassign") && l.contains("李娜休假")),
        "{audit}"
    );
    // Clerks do not read the audit trail.
    let (ok, _, _) = as_user(clerk1, &socket, &["audit"]);
    assert!(!ok);
}

/// Leavers and subjects with real Unix users: the unregistered and the deactivated are
/// refused search, watch and everything else; a deactivated person's open screen and
/// `watch` are closed at once with the reason; the subject of a complaint can neither read
/// nor act on it (R-INT-12).
#[test]
fn r_int_12_leavers_locked_out_and_subjects_recused_with_real_users() {
    if !can_switch_users() {
        return;
    }
    let prefix = format!("fl{}", std::process::id() % 100_000);
    let Some(users) = TestUsers::create(&prefix, 3, 0, false) else {
        eprintln!("SKIPPED: could not create test users");
        return;
    };
    let [clerk, leaver, stranger] = [0, 1, 2].map(|i| users.users[i].as_str());
    let shared_box = SharedBox::start(&users.group);
    let socket = shared_box.socket.clone();
    let root = |args: &[&str]| common::run_ok_on(&socket, args);
    root(&["init"]);
    root(&["staff", "add", clerk, "--name", "李娜", "--role", "clerk"]);
    root(&["staff", "add", leaver, "--name", "王磊", "--role", "clerk"]);
    root(&common::ADD_ZHANG_WEI);

    // Not registered: no search, no watch, nothing.
    for args in [
        &["customer", "find", "zw"][..],
        &["watch", "--count", "1"],
        &["case", "list"],
    ] {
        let (ok, out, err) = as_user(stranger, &socket, args);
        assert!(!ok, "{args:?}: {out}");
        assert!(!out.contains("张伟"), "{args:?} leaked: {out}");
        assert!(err.contains("not registered"), "{args:?}: {err}");
    }

    // A complaint about the leaver-to-be, registered by the clerk.
    let (ok, ticket, err) = as_user(
        clerk,
        &socket,
        &case_add("C1", "态度差", &["--subject", leaver]),
    );
    assert!(ok, "{err}");
    let ticket = ticket.trim().to_string();
    let (ok, _, err) = as_user(leaver, &socket, &["case", "show", &ticket]);
    assert!(
        !ok && err.contains("not found"),
        "the subject cannot read it: {err}"
    );
    let (ok, _, err) = as_user(
        leaver,
        &socket,
        &["case", "note", &ticket, "--text", "我解释"],
    );
    assert!(
        !ok && err.contains("subject of complaint"),
        "nor act on it: {err}"
    );

    // The leaver has a screen and a watch open when they are deactivated.
    let screen = (common::tmux::Tmux::available()).then(|| {
        let tmux = common::tmux::Tmux::start(
            &format!("leaver{}", std::process::id()),
            "screen",
            &format!(
                "runuser -u {leaver} -- env HOME=/nonexistent LANG=C.UTF-8 {} --socket {} --lang en",
                common::bin().display(),
                socket.display()
            ),
        );
        tmux.wait_for("screen", "Lookup");
        tmux
    });
    let watch = Command::new("runuser")
        .args(["-u", leaver, "--"])
        .arg(common::bin())
        .arg("--socket")
        .arg(&socket)
        .arg("watch")
        .env("HOME", "/nonexistent")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    root(&["staff", "deactivate", leaver, "--reason", "离职"]);
    let out = watch.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("deactivated") && err.contains("离职"), "{err}");
    if let Some(tmux) = &screen {
        tmux.wait_for("screen", "deactivated");
    }
    // And every later request is refused saying so.
    for args in [&["customer", "find", "zw"][..], &["status"]] {
        let (ok, out, err) = as_user(leaver, &socket, args);
        assert!(!ok, "{args:?}: {out}");
        assert!(err.contains("deactivated"), "{args:?}: {err}");
    }
    let staff = root(&["staff", "list"]);
    assert!(
        staff
            .lines()
            .any(|l| l.contains(leaver) && l.contains("deactivated")),
        "{staff}"
    );
}
