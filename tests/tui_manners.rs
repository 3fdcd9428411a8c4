//! Terminal manners on the counter screen: one line asking for a larger window below the
//! smallest size, no colour at all under `--theme mono` (or `NO_COLOR`), and `y` copying
//! the selected phone or ticket to the operator's own clipboard.

mod common;

use common::screen::{desk, screen};
use frontdesk::testkit::{Drive, LI};
use frontdesk::tui::app::Level;
use frontdesk::tui::i18n::Lang;

/// Resident search → card → new case with category and description typed.
const NEW_CASE: &str = "zw<Enter>nnoise<Tab>楼上装修噪音，晚上十点以后还在施工<Tab>19:00";

/// Below the smallest size the layout is drawn for, one line asks for a larger window (in
/// the screen's language) instead of a broken layout; at that size the screen is back.
#[test]
fn a_window_too_small_asks_for_a_larger_one() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let (_d, fx) = desk();
    for (lang, want) in [
        (Lang::En, "Make the window at least 80×24 (it is 60×20)"),
        (Lang::Zh, "请把窗口放大到至少 80×24（当前 60×20）"),
    ] {
        let mut app = fx.app(LI, lang).unwrap();
        let mut t = Terminal::new(TestBackend::new(60, 20)).unwrap();
        t.draw(|f| frontdesk::tui::ui::render(&mut app, f)).unwrap();
        let text: String = t
            .backend()
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(&want.split_whitespace().collect::<Vec<_>>().join(" ")),
            "{text}"
        );
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| frontdesk::tui::ui::render(&mut app, f)).unwrap();
        assert!(!t.backend().to_string().contains("80×24"));
    }
}

/// `--theme mono` (or `NO_COLOR`): not one cell of any pane is coloured; what colour said
/// (selected, overdue, a label) is bold, reversed or underlined instead.
#[test]
fn the_mono_theme_paints_no_colour_on_any_pane() {
    use frontdesk::tui::panes::style::{set_theme, Theme};
    use ratatui::style::Color;
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::Zh).unwrap();
    set_theme(Theme::Mono);
    app.press("zw<Enter>");
    for pane in ["<F2>", "<F3>", "<F4>", "<F5>", "<F6>", "<F7>", "<F8>"] {
        app.press(pane);
        let t = screen(&mut app);
        let coloured = t
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count();
        assert_eq!(coloured, 0, "{pane}: {}", t.backend());
    }
    set_theme(Theme::Dark);
}

/// `y` puts what is selected on the operator's own clipboard (OSC 52, sent when the screen
/// is next drawn): the open resident's phone, the selected case's ticket; and says so.
#[test]
fn y_copies_the_selected_phone_or_ticket() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::Zh).unwrap();
    app.press("zw<Enter>");
    let phone = app.lookup.card.as_ref().unwrap().card.customer.phones[0]
        .0
        .clone();
    app.press("<Esc>");
    app.press("<F2>");
    // In the search box `y` is a letter; on the card it copies.
    app.press("zw<Enter>");
    app.press("y");
    assert_eq!(app.clipboard.take(), Some(phone.clone()));
    assert!(
        matches!(&app.message, Some((Level::Info, m)) if m.contains(&phone) && m.contains("已复制"))
    );
    app.press(NEW_CASE);
    app.press("<Enter><Enter>");
    // The saved case's dispatch field has the keys now: `y` is a letter there.
    app.press("<F6>");
    let selected = app.cases.rows[app.cases.selected].ticket.clone();
    app.press("y");
    assert_eq!(app.clipboard.take(), Some(selected));
    app.press("<F7>");
    app.press("y");
    assert_eq!(app.clipboard.take(), None);
    assert!(matches!(&app.message, Some((Level::Error, _))));
}

/// R-REC-12 (lock the terminal when leaving the desk): after the policy's idle minutes the
/// screen hides every resident detail, in the screen's language; the next key only shows
/// the screen again, exactly as it was.
#[test]
fn r_rec_12_an_idle_screen_hides_the_resident_until_a_key_is_pressed() {
    use common::screen::text_of;
    let (_d, fx) = desk();
    for (lang, hidden) in [
        (Lang::En, "the screen is hidden while you are away"),
        (Lang::Zh, "离开期间屏幕已隐藏住户信息"),
    ] {
        let mut app = fx.app(LI, lang).unwrap();
        app.press("zw<Enter>");
        let card = text_of(&mut app);
        // The card's phone number: what must not stay on the screen.
        let phone: String = card
            .split(|c: char| !c.is_ascii_digit())
            .find(|run| run.len() == 11)
            .unwrap_or_else(|| panic!("a card with a phone: {card}"))
            .to_string();
        app.now += chrono::Duration::minutes(4);
        assert!(
            text_of(&mut app).contains(&phone),
            "not yet: four minutes idle"
        );
        app.now += chrono::Duration::minutes(1);
        let away = text_of(&mut app);
        assert!(away.contains(hidden) && !away.contains(&phone), "{away}");
        // The first key wakes the screen and does nothing else (n would start intake).
        app.press("n");
        assert!(text_of(&mut app).contains(&phone));
        assert_eq!(
            app.focus,
            frontdesk::tui::app::Focus::Lookup,
            "n did not start intake"
        );
    }
}
