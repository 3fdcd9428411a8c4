//! Intake by the desk's category list, in keys: from a lookup to a dispatched case in seven
//! keys beyond the typed text (README, "Intake in seven keys"); the list filters as the
//! category is typed (pinyin initials too), the arrows choose, the kind follows the entry
//! and dispatch offers the entry's department. Rule ids refer to ../shared/DOMAIN.md.

mod common;

use frontdesk::domain::{CaseKind, Handler, StaffId};
use frontdesk::testkit::{Drive, LI};
use frontdesk::tui::i18n::Lang;
use frontdesk::tui::panes::intake::Stage;

use common::screen::{desk, text_of};

/// R-INT-05/07: lookup → card → new case → category from the list → description →
/// read back → save → dispatch to the department the list offers. The keys beyond the
/// typed text: Enter, n, Tab, Enter, Enter, Enter.
#[test]
fn r_int_07_r_int_06_intake_from_lookup_to_a_promised_dispatched_case_in_seven_keys() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::Zh).unwrap();
    app.press("zw"); // typed: the resident
    app.press("<Enter>n"); // keys 1–2: the card, a new case
    app.press("sd"); // typed: 水电维修 by its pinyin initials
    let screen = text_of(&mut app);
    assert!(screen.contains("类别表"), "{screen}");
    assert!(screen.contains("› 水电维修"), "{screen}");
    app.press("<Tab>"); // key 3: take it
    app.press("厨房水管漏水"); // typed: the description
    app.press("<Tab>"); // key 4: to the promised time (R-INT-06)
                        // Typed: the time promised to the resident, tomorrow at ten (the desk's local time).
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(8 + 24)).date_naive();
    app.press(&format!("{tomorrow} 10:00"));
    app.press("<Enter><Enter>"); // keys 5–6: read back, save
    let Stage::Saved { case } = &app.intake.stage else {
        panic!("not saved: {:?}", app.message)
    };
    assert_eq!(case.category, "water-power");
    assert_eq!(case.kind, CaseKind::Repair, "the kind follows the entry");
    assert!(
        text_of(&mut app).contains("工程部"),
        "dispatch offers 工程部"
    );
    app.press("<Enter>"); // key 7: dispatch
    let Stage::Saved { case } = &app.intake.stage else {
        panic!()
    };
    assert_eq!(case.handler, Some(Handler::Department("工程部".into())));
    assert_eq!(case.owner, StaffId(LI.uid), "the first responder keeps it");
}

#[test]
fn the_arrows_choose_another_match_and_a_chosen_kind_stays() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw<Enter>n");
    // Suggestion chosen first (BackTab to the kind, → three times: complaint → suggestion).
    app.press("<BackTab><BackTab><Right><Right><Right><Tab><Tab>");
    // Every entry with "p" in it; the second one is taken.
    app.press("p");
    let first_two: Vec<String> = {
        let list = frontdesk::domain::category::CategoryList::shipped();
        list.filter("p")
            .iter()
            .take(2)
            .map(|c| c.code.clone())
            .collect()
    };
    app.press("<Down><Enter>");
    app.press("something to say<Enter><Enter>");
    let Stage::Saved { case } = &app.intake.stage else {
        panic!("not saved: {:?}", app.message)
    };
    assert_eq!(case.category, first_two[1]);
    assert_eq!(case.kind, CaseKind::Suggestion, "the operator's kind stays");
}

#[test]
fn a_word_on_no_entry_is_said_on_the_field_and_saves_nothing() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::Zh).unwrap();
    app.press("zw<Enter>nqqqq");
    let screen = text_of(&mut app);
    assert!(screen.contains("类别表中没有匹配项"), "{screen}");
    app.press("<Tab>漏水<Enter>");
    assert!(matches!(app.intake.stage, Stage::Edit));
    let (field, why) = app.intake.error.clone().expect("refused on a field");
    assert_eq!(field, frontdesk::tui::panes::intake::Field::Category);
    assert!(why.contains("类别表"), "{why}");
}
