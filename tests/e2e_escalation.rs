//! End to end with real people: two clerks and a supervisor, each a real Unix user at their
//! own terminal (tmux windows running the real binary under `runuser`). Counter one registers
//! a complaint and escalates it from the case view; counter two's deadline board and the
//! supervisor's Escalated view show it without a key press (R-INT-16). Skips, with a message,
//! without root, runuser or tmux (`.ci/run` installs them).

mod common;

use common::shared_box::SharedBox;
use common::tmux::Tmux;

#[test]
fn an_escalation_travels_live_from_a_clerk_to_the_supervisor() {
    let Some(users) = Tmux::users("fe", 3) else {
        return;
    };
    let [one, two, boss] = [0, 1, 2].map(|i| users.users[i].as_str());
    let desk = SharedBox::start(&users.group);
    let root = |args: &[&str]| common::run_ok_on(&desk.socket, args);
    root(&["init"]);
    root(&["staff", "add", one, "--name", "李娜", "--role", "clerk"]);
    root(&["staff", "add", two, "--name", "王磊", "--role", "clerk"]);
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

    let screen = |user: &str| Tmux::screen_as(user, &desk.socket);
    let tmux = Tmux::start(&format!("esc{}", std::process::id()), "one", &screen(one));
    tmux.window("two", &screen(two));
    tmux.window("boss", &screen(boss));

    // The supervisor watches the Escalated view; counter two the deadline board.
    tmux.wait_for("boss", "Search");
    tmux.key("boss", "F6");
    tmux.wait_for("boss", "Escalated 0");
    tmux.type_text("boss", "e");
    tmux.wait_for("two", "Search");
    tmux.key("two", "F6");
    tmux.type_text("two", "d");
    tmux.wait_for("two", "Deadlines");

    // Counter one registers a complaint, opens it from Mine and escalates it to the boss.
    tmux.wait_for("one", "Search");
    tmux.open_zhang_wei("one");
    let ticket = tmux.register_noise_case("one");
    tmux.wait_for("two", &ticket);
    tmux.key("one", "F6");
    tmux.wait_for("one", &ticket);
    tmux.key("one", "Enter");
    tmux.wait_for("one", "Steps");
    tmux.type_text("one", "e");
    tmux.wait_for("one", "To (login)");
    tmux.type_text("one", boss);
    tmux.key("one", "Tab");
    tmux.type_text("one", "住户要求主管出面");
    tmux.key("one", "Enter");
    tmux.wait_for("one", "Escalated to 陈静");

    // The supervisor sees it without a key press, and opens it.
    tmux.wait_for("boss", &ticket);
    tmux.wait_for("boss", "Escalated 1");
    tmux.key("boss", "Enter");
    tmux.wait_for("boss", "住户要求主管出面");
}
