//! End to end at the gate (R-OPS-02): a clerk and a guard, each a real Unix user at their own
//! terminal (tmux windows running the real binary under `runuser`). The clerk opens 张伟's
//! card, issues a release slip from the Paperwork pane (F8); the guard, whose screen is the
//! gate alone, verifies it — VALID — and lets the goods out; the clerk's screen shows USED
//! without a key press, and the guard's second check answers USED. Skips, with a message,
//! without root, runuser or tmux (`.ci/run` installs them).

mod common;

use common::shared_box::SharedBox;
use common::tmux::Tmux;

#[test]
fn the_desk_issues_a_slip_and_the_guard_verifies_and_releases_it_from_another_screen() {
    let Some(users) = Tmux::users("fg", 2) else {
        return;
    };
    let [clerk, guard] = [0, 1].map(|i| users.users[i].as_str());
    let desk = SharedBox::start(&users.group);
    let root = |args: &[&str]| common::run_ok_on(&desk.socket, args);
    root(&["init"]);
    root(&["staff", "add", clerk, "--name", "李娜", "--role", "clerk"]);
    root(&[
        "staff",
        "add",
        guard,
        "--name",
        "门卫老张",
        "--role",
        "guard",
    ]);
    root(&common::ADD_ZHANG_WEI);

    let screen = |user: &str| Tmux::screen_as(user, &desk.socket);
    let tmux = Tmux::start(
        &format!("gate{}", std::process::id()),
        "desk",
        &screen(clerk),
    );
    tmux.window("gate", &screen(guard));
    tmux.wait_for("gate", "Gate: release slips");

    // The desk: 张伟's card, then F8, the slips list, a new slip for his unit.
    tmux.wait_for("desk", "Search");
    tmux.open_zhang_wei("desk");
    tmux.key("desk", "F8");
    tmux.wait_for("desk", "Permits");
    tmux.type_text("desk", "2");
    tmux.type_text("desk", "n");
    tmux.wait_for("desk", "New release slip");
    for _ in 0..3 {
        tmux.key("desk", "Tab");
    }
    tmux.type_text("desk", "旧沙发一套");
    // Past the receipt and the tenant's owner phone: the applicant's ID number.
    for _ in 0..3 {
        tmux.key("desk", "Tab");
    }
    tmux.type_text("desk", "310101198003150017");
    tmux.key("desk", "Enter");
    let shown = tmux.wait_for("desk", "VALID");
    let slip = shown
        .split(|c: char| c.is_whitespace() || c == '│')
        .find(|w| {
            w.len() == 10
                && w.starts_with('R')
                && w[1..].chars().all(|c| c.is_ascii_digit() || c == '-')
        })
        .unwrap_or_else(|| panic!("a slip number on the desk's screen:\n{shown}"))
        .to_string();
    assert!(slip.starts_with('R'), "{shown}");
    eprintln!("gate e2e: the desk issued {slip}");

    // The gate: the number, Enter: VALID with the unit and the items; `o`, the gate: USED.
    tmux.type_text("gate", &slip);
    tmux.key("gate", "Enter");
    let verdict = tmux.wait_for("gate", "VALID");
    assert!(
        verdict.contains("3-2-1102") && verdict.contains("旧沙发一套"),
        "{verdict}"
    );
    tmux.type_text("gate", "o");
    tmux.wait_for("gate", "Let the goods out");
    tmux.type_text("gate", "南门");
    tmux.key("gate", "Enter");
    tmux.wait_for("gate", "USED");

    // The desk sees it used, live.
    let desk_screen = tmux.wait_for("desk", "USED");
    assert!(desk_screen.contains("南门"), "{desk_screen}");

    // A second check at the gate: USED, and a second release is refused.
    tmux.key("gate", "Enter");
    tmux.type_text("gate", &slip);
    tmux.key("gate", "Enter");
    tmux.wait_for("gate", "Released at");
    tmux.type_text("gate", "o");
    tmux.type_text("gate", "北门");
    tmux.key("gate", "Enter");
    tmux.wait_for("gate", "used already");
}
