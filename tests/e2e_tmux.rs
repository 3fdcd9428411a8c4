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
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed (.ci/run installs it)");
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
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed (.ci/run installs it)");
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
