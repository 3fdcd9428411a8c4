//! End to end: the real binary in two detached, fixed-size tmux windows on one temp data dir.
//! Counter one finds a resident, registers a case through the read-back and quits; the
//! scripted CLI confirms it was stored with the operator as `received_by`; counter two,
//! which had the resident's card open, shows the new ticket without a key press.
//! Skips (with a message) when tmux is missing; `.ci/run` installs it.

mod common;

use common::tmux::Tmux;

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant};

fn tui_command(data: &Path) -> String {
    format!(
        "env LANG=C.UTF-8 TERM=xterm-256color {} --data {} --lang en",
        common::bin().display(),
        data.display()
    )
}

#[test]
fn two_counters_register_and_see_a_case_through_the_real_binary() {
    if Tmux::missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let _daemon = common::desk_with_zhang_wei(data);

    let cmd = tui_command(data);
    let tmux = Tmux::start("e2e", "one", &cmd);
    tmux.window("two", &cmd);

    // Counter two opens the resident's card and waits.
    tmux.wait_for("two", "Search");
    tmux.open_zhang_wei("two");
    tmux.wait_for("two", "No cases, visits or callbacks yet");

    // Counter one registers a case through the read-back.
    tmux.wait_for("one", "Search");
    tmux.open_zhang_wei("one");
    let ticket = tmux.register_noise_case("one");
    tmux.wait_for("one", "Dispatch within");

    // Counter two sees it without a key press.
    tmux.wait_for("two", &ticket);

    tmux.key("one", "C-q");
    let deadline = Instant::now() + Duration::from_secs(10);
    while tmux.cmd(&["list-windows", "-t", "e2e"]).contains("one") {
        assert!(Instant::now() < deadline, "counter one did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }

    let (ok, out, err) = common::run(data, &["--json", "case", "list"]);
    assert!(ok, "{err}");
    let cases: serde_json::Value = serde_json::from_str(&out).unwrap();
    let case = cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ticket"] == ticket.as_str())
        .unwrap_or_else(|| panic!("{ticket} not in {out}"));
    let me = std::fs::metadata(data).unwrap().uid();
    assert_eq!(case["received_by"], me, "{case}");
    assert_eq!(case["owner"], me, "{case}");
}

/// A terminal that hangs up without SIGHUP reaching the screen (a dropped SSH session under
/// `runuser`, a killed tmux) must not leave the screen spinning on end-of-file: it exits.
#[test]
fn the_screen_exits_when_its_terminal_hangs_up() {
    if Tmux::missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let _daemon = common::desk_with_zhang_wei(data);
    let marker = format!("hangup-{}", std::process::id());
    let cmd = format!(
        "trap '' HUP; exec env FRONTDESK_TEST_MARK={marker} {}",
        tui_command(data)
    );
    let tmux = Tmux::start("hangup", "one", &cmd);
    tmux.wait_for("one", "Search");
    let screens = || {
        std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| std::fs::read(e.ok()?.path().join("environ")).ok())
            .filter(|env| {
                env.split(|b| *b == 0)
                    .any(|kv| kv == format!("FRONTDESK_TEST_MARK={marker}").as_bytes())
            })
            .count()
    };
    assert_eq!(screens(), 1, "the screen is running");
    drop(tmux); // kills the tmux server: the pane's terminal hangs up, SIGHUP is ignored
    let deadline = Instant::now() + Duration::from_secs(10);
    while screens() > 0 {
        assert!(
            Instant::now() < deadline,
            "the screen outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A Chinese counter, end to end through the real binary in tmux: the resident found, the
/// case's category picked from the desk's list by typing part of it, a dispatch to a login
/// that does not exist refused in Chinese, and `y` putting the ticket on the operator's own
/// clipboard through OSC 52 (tmux, with `set-clipboard on`, keeps it as its paste buffer).
#[test]
fn a_chinese_counter_meets_the_category_list_a_refusal_and_a_copy() {
    if Tmux::missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let _daemon = common::desk_with_zhang_wei(data);
    let cmd = tui_command(data).replace("--lang en", "--lang zh");
    let tmux = Tmux::start("zh", "one", &cmd);
    tmux.cmd(&["set-option", "-g", "set-clipboard", "on"]);

    tmux.wait_for("one", "搜索");
    tmux.type_text("one", "zw");
    tmux.wait_for("one", "3-2-1102");
    tmux.key("one", "Enter");
    tmux.wait_for("one", "历史记录");
    // Intake: the category from the list, narrowed by typing part of its name.
    tmux.type_text("one", "n");
    tmux.wait_for("one", "类别表");
    tmux.type_text("one", "噪音");
    tmux.wait_for("one", "噪音扰民");
    tmux.key("one", "Tab");
    tmux.type_text("one", "楼上装修噪音");
    tmux.key("one", "Tab");
    tmux.type_text("one", "2099-12-31 18:00");
    tmux.key("one", "Enter");
    tmux.key("one", "Enter");
    let saved = tmux.wait_for("one", "已保存为 T");
    let ticket: String = saved
        .split("已保存为 ")
        .nth(1)
        .map(|s| s.chars().take_while(|c| !c.is_whitespace()).collect())
        .expect("a ticket on the saved screen");
    // The list entry's department is offered first; a login nobody has is refused, in
    // Chinese.
    tmux.wait_for("one", "秩序部");
    for _ in 0..3 {
        tmux.key("one", "BSpace");
    }
    tmux.type_text("one", "@nobody");
    tmux.key("one", "Enter");
    let refused = tmux.wait_for("one", "不是员工账号");
    assert!(!refused.contains("is not a staff"), "{refused}");
    // The ticket to the operator's clipboard.
    tmux.key("one", "F6");
    tmux.wait_for("one", &ticket);
    tmux.key("one", "Enter");
    tmux.wait_for("one", "处理记录");
    tmux.type_text("one", "y");
    tmux.wait_for("one", "已复制");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let buffer = tmux.cmd(&["show-buffer"]);
        if buffer == ticket {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the clipboard holds {buffer:?}, not {ticket}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = common::run_ok(data, &["--json", "case", "show", &ticket]);
    let case: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(case["category"], "noise", "{case:#}");
}
