//! R-OPS-15 (the desk is never unattended; leaving needs the team lead's OK and a cover):
//! the supervisor a cover names approves it from their own login, nobody else can; a cover
//! in force without the OK, or run out with the leaver not back, shows "desk unattended" on
//! supervisors' status lines, in both languages, until the leaver acts at the desk again.

mod common;

use common::clocked::{clocked_desk, local};
use common::screen::text_of;
use common::*;
use frontdesk::client::{Client, ClientError};
use frontdesk::domain::DeskError;
use frontdesk::protocol::req;
use frontdesk::testkit::{Drive, ADMIN, BOSS, LI, WANG};
use frontdesk::tui::i18n::Lang;

/// (covers awaiting my OK, covers leaving the desk unattended) on `c`'s status line.
fn counts(c: &mut Client) -> (u64, u64) {
    let s = c.send(req::Stats {}).unwrap();
    (s.covers_awaiting_me, s.desk_unattended)
}

#[test]
fn r_ops_15_the_named_supervisor_oks_a_cover_and_a_desk_left_unattended_is_noticed() {
    let d = clocked_desk("2026-11-24 09:00");
    let (mut li, mut wang) = (d.desk.client(LI).unwrap(), d.desk.client(WANG).unwrap());
    let (mut boss, mut admin) = (d.desk.client(BOSS).unwrap(), d.desk.client(ADMIN).unwrap());
    let signed = li
        .send(req::CoverSign {
            covering: "wang".into(),
            from: local("2026-11-24 09:00"),
            until: local("2026-11-24 10:00"),
            approved_by: "boss".into(),
        })
        .unwrap();
    assert_eq!(signed[0].confirmed_at, None, "typed in, not yet approved");
    // Left without the OK: the named supervisor has one to approve, and the desk shows as
    // unattended to supervisors (not to clerks).
    assert_eq!(counts(&mut boss), (1, 1));
    assert_eq!(counts(&mut admin), (0, 1));
    assert_eq!(counts(&mut li), (0, 0));
    // Nobody else's login approves it: a clerk is refused by rights, another supervisor
    // finds nothing awaiting them.
    let ok = req::CoverConfirm { leaving: None };
    assert!(matches!(
        wang.send(ok.clone()),
        Err(ClientError::Desk(DeskError::Forbidden(_)))
    ));
    let e = admin.send(ok.clone()).unwrap_err().to_string();
    assert!(e.contains("no cover awaits your OK"), "{e}");
    // The supervisor approves it from their own login.
    d.at("2026-11-24 09:05");
    let approved = boss.send(ok.clone()).unwrap();
    assert_eq!(approved[0].confirmed_at, Some(local("2026-11-24 09:05")));
    assert_eq!(counts(&mut boss), (0, 0));
    let e = boss.send(ok).unwrap_err().to_string();
    assert!(e.contains("no cover awaits your OK"), "{e}");

    // 10:30: the cover ran out and Li has done nothing at the desk since.
    d.at("2026-11-24 10:30");
    assert_eq!(counts(&mut boss), (0, 1));
    for (lang, words) in [
        (Lang::En, "desk unattended 1"),
        (Lang::Zh, "前台无人值守 1"),
    ] {
        let mut app = d.app(BOSS, lang);
        app.press("<F8>");
        let text = text_of(&mut app);
        assert!(text.contains(words), "{text}");
    }
    // Li is back: her next action at the desk clears it.
    add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    assert_eq!(counts(&mut boss), (0, 0));
}
