//! The screen's keyboard, whatever is typed: a remapped key works and shows in help and hint
//! lines, the palette runs any action by name, a paste never presses a key, every pane
//! renders at any terminal size, and random key mashing never crashes the app.

mod common;

use common::screen::{desk, text_of};
use frontdesk::testkit::{Drive, LI};
use frontdesk::tui::app::{Focus, Overlay};
use frontdesk::tui::i18n::Lang;
use frontdesk::tui::keymap::Keymap;
use frontdesk::tui::panes::intake::Stage;
use frontdesk::tui::ui;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[test]
fn a_remapped_key_works_and_shows_in_help() {
    let (_d, fx) = desk();
    let mut keymap = Keymap::default_map();
    keymap.merge(
        Keymap::parse(
            "[global]\n\"<F9>\" = \"toggle_help\"\n\"?\" = \"noop\"\n",
            "test",
        )
        .unwrap(),
    );
    let mut app = fx.app_with(LI, Lang::En, keymap).unwrap();
    app.press("<F5>?");
    assert!(matches!(app.overlay, Overlay::None), "? was unbound");
    app.press("<F9>");
    assert!(matches!(app.overlay, Overlay::Help));
    let text = text_of(&mut app);
    assert!(text.contains("<F9>"), "{text}");
}

/// Hint lines come from the active keymap: a remapped key shows in the pane's hint, an
/// unbound action drops out of it.
#[test]
fn hint_lines_follow_the_keymap() {
    let (_d, fx) = desk();
    let mut keymap = Keymap::default_map();
    keymap.merge(
        Keymap::parse(
            "[callbacks]\n\"S\" = \"record_satisfied\"\n\"s\" = \"noop\"\n\"v\" = \"noop\"\n[schedule]\n\"<C-t>\" = \"today\"\n\"t\" = \"noop\"\n",
            "test",
        )
        .unwrap(),
    );
    let mut app = fx.app_with(LI, Lang::En, keymap).unwrap();
    app.press("<F5>");
    let text = text_of(&mut app);
    assert!(text.contains("S satisfied · u unsatisfied"), "{text}");
    assert!(!text.contains("book an on-site visit"), "{text}");
    app.press("<F4>");
    let text = text_of(&mut app);
    assert!(text.contains("Ctrl-T today"), "{text}");
}

#[test]
fn the_palette_runs_any_action_by_name() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<C-p>schedule pane<Enter>");
    assert_eq!(app.focus, Focus::Schedule);
    assert!(matches!(app.overlay, Overlay::None));
}

/// A multi-line paste lands in the field as text; its line breaks do not press Enter.
#[test]
fn a_paste_never_presses_a_key() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw<Enter>nnoise<Tab>");
    app.paste("楼上漏水\n已经三天了\u{1b}[2J");
    assert!(matches!(app.intake.stage, Stage::Edit));
    app.press("<Tab>19:00<Enter>");
    let Stage::ReadBack { case, .. } = &app.intake.stage else {
        panic!("{:?}", app.intake.error)
    };
    assert_eq!(case.description, "楼上漏水 已经三天了[2J");
}

/// A small or squeezed terminal never crashes the screen: every pane state renders at any
/// size.
#[test]
fn every_pane_renders_at_any_terminal_size() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    let states = [
        "zw",
        "<Enter>",
        "n",
        "noise<Tab>漏水<Enter>",
        "<Enter>",
        "<C-b>",
        "<Esc><F5>",
        "s",
        "<Esc>?",
        "<Esc><C-p>",
    ];
    for keys in states {
        app.press(keys);
        for (w, h) in [
            (1, 1),
            (10, 3),
            (20, 5),
            (40, 10),
            (60, 12),
            (80, 24),
            (200, 60),
        ] {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| ui::render(&mut app, f))
                .unwrap_or_else(|e| panic!("{keys} at {w}x{h}: {e}"));
        }
    }
}

/// Thousands of random keys — letters, CJK, controls, function keys, Esc, Enter — never
/// crash the app, and it still renders after each one.
#[test]
fn random_key_mashing_never_crashes_the_app() {
    use frontdesk::tui::keymap::{Key, KeyName};
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    let mut rng = fastrand::Rng::with_seed(11);
    let named = [
        KeyName::Enter,
        KeyName::Esc,
        KeyName::Tab,
        KeyName::BackTab,
        KeyName::Backspace,
        KeyName::Delete,
        KeyName::Up,
        KeyName::Down,
        KeyName::Left,
        KeyName::Right,
        KeyName::Home,
        KeyName::End,
        KeyName::PageUp,
        KeyName::PageDown,
    ];
    let chars = [
        'a', 'n', 'v', 's', 'u', 'r', 'd', 't', '?', ':', '/', '3', '-', '张', '@', ' ', '\u{1b}',
        '\u{202e}',
    ];
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    for _ in 0..3000 {
        let code = match rng.u8(0..10) {
            0..=4 => KeyName::Char(chars[rng.usize(..chars.len())]),
            5 => KeyName::F(rng.u8(1..=12)),
            _ => named[rng.usize(..named.len())],
        };
        let key = Key {
            code,
            ctrl: rng.u8(0..8) == 0,
            alt: rng.u8(0..12) == 0,
        };
        app.press_key(key);
        app.settle();
        app.drain_events();
        t.draw(|f| ui::render(&mut app, f)).unwrap();
        // The palette can run `quit` too; the session goes on for the test.
        app.quit = false;
    }
}

/// `<C-n>` (a phone rings) starts a blank intake from any pane that does not take it
/// itself — also with a form open there, which stays as it was.
#[test]
fn ctrl_n_starts_intake_from_every_pane_that_does_not_take_it() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    for pane in ["<F4>", "<F5>", "<F6>", "<F7>", "<F8>", "<F4>a"] {
        app.press("<F2>");
        app.press(pane);
        let from = app.focus;
        app.press("<C-n>");
        assert_eq!(app.focus, Focus::Intake, "from {from:?} ({pane})");
        assert!(matches!(app.intake.stage, Stage::Edit), "from {pane}");
        assert!(app.intake.customer.is_none(), "from {pane}");
    }
}
