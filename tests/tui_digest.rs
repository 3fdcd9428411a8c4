//! The shift-start digest on the counter screen: what it lists (my work, and others'
//! changes since my screen last closed), its keys, and the tab and global keys from it as
//! from any overlay.

mod common;

use common::cases::{li_case, wang_notes};
use common::screen::{desk, screen, text_of};
use frontdesk::client::Calls;
use frontdesk::domain::Ticket;
use frontdesk::protocol::{req, CaseStep};
use frontdesk::testkit::{Drive, LI, WANG};
use frontdesk::tui::app::Focus;
use frontdesk::tui::i18n::Lang;

/// li's digest after wang noted on li's case and a callback of li's came due.
fn digest_desk() -> (tempfile::TempDir, frontdesk::testkit::TestDesk, Ticket, u64) {
    let (d, fx) = desk();
    let t = li_case(&fx);
    let seen = fx.client(LI).unwrap().welcome.last_seq;
    wang_notes(&fx, &t, "住户下午三点在家");
    (d, fx, t, seen)
}

#[test]
fn snapshot_digest_and_its_keys() {
    let (_d, fx, t, seen) = digest_desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    assert!(app.open_digest(seen));
    let text = text_of(&mut app);
    assert!(
        text.contains(&format!("王芳 noted on a case: {}", t.0)),
        "{text}"
    );
    insta::assert_snapshot!("digest", screen(&mut app).backend());
    // The change is told in the reader's words, not the audit log's English line.
    let mut zh = fx.app(LI, Lang::Zh).unwrap();
    assert!(zh.open_digest(seen));
    let text = text_of(&mut zh);
    assert!(text.contains(&format!("王芳备注了工单：{}", t.0)), "{text}");
    insta::assert_snapshot!("digest_zh", screen(&mut zh).backend());
    // Enter on the first row (my case, 3 minutes to dispatch) opens it.
    app.press("<Enter>");
    assert_eq!(
        app.cases.open.as_ref().map(|d| d.case.ticket.clone()),
        Some(t)
    );
    // Esc goes to Lookup.
    assert!(app.open_digest(seen));
    app.press("<Esc>");
    assert_eq!(app.focus, Focus::Lookup);
    assert!(matches!(app.overlay, frontdesk::tui::app::Overlay::None));
    // A letter goes straight into the search.
    assert!(app.open_digest(seen));
    app.press("z");
    assert_eq!(app.focus, Focus::Lookup);
    assert_eq!(app.lookup.query.text(), "z");
}

/// The tab bar above the digest says `<F6> Cases`: F6 goes there, as from any pane; so do
/// the tab keys from the help and the palette.
#[test]
fn the_tab_keys_work_from_the_digest_the_help_and_the_palette() {
    let (_d, fx, _t, seen) = digest_desk();
    let mut app = fx.app(LI, Lang::Zh).unwrap();
    assert!(app.open_digest(seen));
    app.press("<F6>");
    assert_eq!(app.focus, Focus::Cases);
    assert!(matches!(app.overlay, frontdesk::tui::app::Overlay::None));
    app.press("?");
    assert!(matches!(app.overlay, frontdesk::tui::app::Overlay::Help));
    app.press("<F5>");
    assert_eq!(app.focus, Focus::Callbacks);
    assert!(matches!(app.overlay, frontdesk::tui::app::Overlay::None));
    app.press("<C-p>");
    assert!(matches!(
        app.overlay,
        frontdesk::tui::app::Overlay::Palette(_)
    ));
    app.press("<F2>");
    assert_eq!(app.focus, Focus::Lookup);
    assert!(matches!(app.overlay, frontdesk::tui::app::Overlay::None));
    // A global shortcut into a pane's view works from the digest too (`<A-d>`: deadlines).
    assert!(app.open_digest(seen));
    app.press("<A-d>");
    assert_eq!(app.focus, Focus::Cases);
    assert_eq!(app.cases.view, frontdesk::domain::case::CaseView::Deadlines);
    assert!(matches!(app.overlay, frontdesk::tui::app::Overlay::None));
}

#[test]
fn the_digest_lists_only_my_work_and_others_changes_since_i_closed() {
    let (_d, fx, t, seen) = digest_desk();
    let mut li = fx.client(LI).unwrap();
    let d = li
        .send(req::Digest {
            changes_after: seen,
        })
        .unwrap();
    assert_eq!(d.cases.len(), 1);
    assert_eq!(d.cases[0].ticket, t.0);
    assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
    assert!(d.changes[0].summary.contains("added a note"));
    // My own steps are not news to me; wang's digest has none of li's work.
    li.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step: CaseStep::Note("已回电".into()),
    })
    .unwrap();
    assert_eq!(
        li.send(req::Digest {
            changes_after: seen
        })
        .unwrap()
        .changes
        .len(),
        1
    );
    let mut wang = fx.client(WANG).unwrap();
    let wd = wang
        .send(req::Digest {
            changes_after: seen,
        })
        .unwrap();
    assert!(wd.cases.is_empty() && wd.changes.is_empty());
    // From 0: no changes are listed (nothing was seen yet, so everything would be news).
    assert!(li
        .send(req::Digest { changes_after: 0 })
        .unwrap()
        .changes
        .is_empty());
}
