//! The caller pop-up on the screen, in both languages: a known caller's card opens with no
//! key when the desk is idle; over a pane in use a banner names the caller and one key
//! opens the card, another starts intake by phone; an unknown number's key opens the
//! new-resident form with the number filled in, and saving it shows the new card. The
//! Chinese snapshots are checked for English sentences by `plain_words`.

mod common;

use common::clocked::{clocked_desk, Desk};
use common::screen::{screen, text_of};
use common::*;
use frontdesk::client::{Calls, Client};
use frontdesk::domain::{Channel, CustomerId};
use frontdesk::protocol::req;
use frontdesk::testkit::{Drive, ADMIN, LI, WANG};
use frontdesk::tui::app::{ringing_call, App, Focus};
use frontdesk::tui::i18n::Lang;
use frontdesk::tui::panes::intake::Stage;

/// Li has extension 801; 张伟 is on record with a case; Wang's login plays the exchange.
fn desk_with_a_caller() -> (Desk, Client, CustomerId) {
    let d = clocked_desk("2026-11-24 09:00");
    let mut admin = d.desk.client(ADMIN).unwrap();
    admin.send(req::StaffSet::extension("li", "801")).unwrap();
    let mut li = d.desk.client(LI).unwrap();
    let zhang = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    li.send(req::CaseAdd {
        draft: draft(zhang, "楼上漏水"),
    })
    .unwrap();
    let exchange = d.desk.client(WANG).unwrap();
    (d, exchange, zhang)
}

/// The snapshot's language tag (`plain_words` checks every `zh` one for English).
fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

fn ring(exchange: &mut Client, from: &str) {
    exchange
        .send(req::CallRing {
            from: from.into(),
            ext: "801".into(),
            line: None,
        })
        .unwrap();
}

#[test]
fn a_known_caller_is_on_screen_with_no_key_and_intake_by_phone_is_one_key() {
    for (lang, words, hint, phone) in [
        (
            Lang::En,
            "Call from 138 0000 1102",
            "F9 card · F10 new case by phone",
            "phone",
        ),
        (
            Lang::Zh,
            "来电 138 0000 1102",
            "F9 打开档案 · F10 电话受理",
            "电话",
        ),
    ] {
        let (d, mut exchange, zhang) = desk_with_a_caller();
        let mut app = d.app(LI, lang);
        ring(&mut exchange, "+86 138 0000 1102");
        app.await_events();
        // Zero keys: the idle desk shows the caller's card, the banner over it.
        assert_eq!(app.focus, Focus::Lookup);
        assert_eq!(app.lookup.shows_customer(), Some(zhang));
        let text = text_of(&mut app);
        assert!(text.contains(words), "{text}");
        assert!(text.contains(hint), "{text}");
        assert!(text.contains("3-2-1102"), "{text}");
        insta::assert_snapshot!(
            format!("caller_popup_{}", code(lang)),
            screen(&mut app).backend()
        );
        // One key: intake by phone for him.
        app.press("<F10>");
        assert_eq!(app.focus, Focus::Intake);
        assert_eq!(ringing_call(&app), None, "the pop-up is answered");
        let text = text_of(&mut app);
        assert!(text.contains("张伟"), "{text}");
        assert!(text.contains(phone), "{text}");
    }
}

/// README "The phone": a known caller's card takes no key; a promised repair saved for
/// them takes five keys beyond the typed text, by phone, and a sixth dispatches it.
#[test]
fn r_int_06_from_the_ring_to_a_saved_case_by_phone_in_five_keys() {
    let (d, mut exchange, zhang) = desk_with_a_caller();
    let mut app = d.app(LI, Lang::Zh);
    ring(&mut exchange, "13800001102");
    app.await_events(); // no key: the card
    assert_eq!(app.lookup.shows_customer(), Some(zhang));
    app.press("<F10>"); // key 1: intake by phone, for him
    app.press("sd"); // typed: 水电维修
    app.press("<Tab>"); // key 2: take it
    app.press("厨房水管漏水"); // typed
    app.press("<Tab>"); // key 3: the promised time (R-INT-06)
    app.press("19:00"); // typed
    app.press("<Enter><Enter>"); // keys 4–5: read back, save
    let Stage::Saved { case } = &app.intake.stage else {
        panic!("not saved: {:?}", app.message)
    };
    assert_eq!(case.key.customer, zhang);
    assert_eq!(case.channel, Channel::Phone);
    assert_eq!(case.category, "water-power");
    app.press("<Enter>"); // key 6: dispatched to the department offered
    let Stage::Saved { case } = &app.intake.stage else {
        panic!()
    };
    assert!(case.handler.is_some());
}

#[test]
fn over_a_pane_in_use_the_banner_waits_for_its_key() {
    let (d, mut exchange, zhang) = desk_with_a_caller();
    let mut app = d.app(LI, Lang::Zh);
    // Li is typing a search for someone at the counter.
    app.press("王");
    ring(&mut exchange, "13800001102");
    app.await_events();
    assert_eq!(
        app.lookup.shows_customer(),
        None,
        "nothing typed is thrown away"
    );
    assert!(ringing_call(&app).is_some());
    // On another pane too.
    app.press("<F6>");
    let text = text_of(&mut app);
    assert!(text.contains("来电 138 0000 1102"), "{text}");
    assert!(text.contains("张伟 3-2-1102"), "{text}");
    assert!(text.contains("未结 1 件"), "{text}");
    // One key: the card.
    app.press("<F9>");
    assert_eq!(app.focus, Focus::Lookup);
    assert_eq!(app.lookup.shows_customer(), Some(zhang));
    assert_eq!(ringing_call(&app), None);
    // The exchange's hang-up of a call not yet answered keeps its banner, with the length.
    ring(&mut exchange, "13800001102");
    app.await_events();
    app.press("<F6>");
    let id = ringing_call(&app).expect("rings again");
    d.at("2026-11-24 09:02");
    exchange.send(req::CallEnd { id }).unwrap();
    app.await_events();
    let text = text_of(&mut app);
    assert!(text.contains("已挂断，通话 02:00"), "{text}");
    app.press("<A-x>");
    assert!(!text_of(&mut app).contains("来电"), "closed");
}

#[test]
fn an_unknown_number_opens_the_new_resident_form_with_the_number() {
    for lang in [Lang::En, Lang::Zh] {
        let (d, mut exchange, _) = desk_with_a_caller();
        let mut app = d.app(LI, lang);
        ring(&mut exchange, "139-1234-5678");
        app.await_events();
        // No card to show: the banner offers a new resident.
        assert_eq!(app.lookup.shows_customer(), None);
        app.press("<F9>");
        let text = text_of(&mut app);
        assert!(text.contains("13912345678"), "{text}");
        insta::assert_snapshot!(
            format!("caller_new_resident_{}", code(lang)),
            screen(&mut app).backend()
        );
        app.press("王芳<Tab><Tab>5-1-501<Enter>");
        let shown = app.lookup.shows_customer().expect("the new card");
        let card = app.lookup.card().unwrap();
        assert_eq!(card.customer.id, shown);
        assert_eq!(card.customer.name, "王芳");
        assert_eq!(card.customer.phones[0].0, "13912345678");
    }
}

/// Not a screen: what a second resident on the same number makes of the pop-up.
#[test]
fn a_shared_number_lists_its_residents_to_choose_from() {
    let (d, mut exchange, _) = desk_with_a_caller();
    let mut li = d.desk.client(LI).unwrap();
    add_customer(&mut li, "李娟", "13800001102", "3-2-1102");
    let mut app: App = d.app(LI, Lang::Zh);
    ring(&mut exchange, "13800001102");
    app.await_events();
    assert_eq!(app.lookup.shows_customer(), None);
    let names: Vec<String> = app
        .lookup
        .results
        .iter()
        .map(|m| m.customer.name.clone())
        .collect();
    assert!(names.contains(&"张伟".to_string()) && names.contains(&"李娟".to_string()));
}
