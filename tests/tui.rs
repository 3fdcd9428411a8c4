//! The counter TUI driven through its keymap against an in-process daemon with a fixed clock:
//! render snapshots of every pane state (ratatui `TestBackend` + insta; review with
//! `cargo insta review`, or `INSTA_UPDATE=always cargo test --test tui` and read the diff),
//! and key-sequence tests of what operators do. Rule ids refer to ../shared/DOMAIN.md.

mod common;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::time::{Duration, Instant};

use frontdesk::domain::{CaseStatus, Handler, StaffId};
use frontdesk::protocol::{CaseFilter, CaseStep};
use frontdesk::testkit::{Drive, ADMIN, LI, WANG};
use frontdesk::tui::app::{App, Focus, Level, Overlay};
use frontdesk::tui::i18n::Lang;
use frontdesk::tui::keymap::Keymap;
use frontdesk::tui::panes::intake::Stage;
use frontdesk::tui::panes::lookup::Mode;

use common::screen::{desk, screen, text_of};

/// Resident search → card → new case with category and description typed.
const NEW_CASE: &str = "zw<Enter>nnoise<Tab>楼上装修噪音，晚上十点以后还在施工<Tab>19:00";

// ---- render snapshots ----

#[test]
fn snapshot_lookup_results() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw");
    insta::assert_snapshot!("lookup_results", screen(&mut app).backend());
}

#[test]
fn snapshot_customer_card() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw<Enter>");
    insta::assert_snapshot!("customer_card", screen(&mut app).backend());
}

#[test]
fn snapshot_intake_error_on_the_field() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw<Enter>n<Enter>");
    assert_eq!(
        app.intake.error.as_ref().map(|(f, _)| *f),
        Some(frontdesk::tui::panes::intake::Field::Description)
    );
    insta::assert_snapshot!("intake_field_error", screen(&mut app).backend());
}

/// R-INT-05 read-back, with the R-INT-06 promised service time in it.
#[test]
fn snapshot_intake_read_back() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    app.press("<Enter>");
    insta::assert_snapshot!("intake_read_back", screen(&mut app).backend());
}

#[test]
fn snapshot_intake_saved_with_countdown() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    app.press("<Enter><Enter>");
    // The save's echo brings the counts, as the screen's loop applies it.
    app.await_events();
    insta::assert_snapshot!("intake_saved", screen(&mut app).backend());
}

#[test]
fn snapshot_schedule_tomorrow() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<F4><Right>");
    insta::assert_snapshot!("schedule", screen(&mut app).backend());
}

#[test]
fn snapshot_callbacks_queue() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<F5>");
    insta::assert_snapshot!("callbacks", screen(&mut app).backend());
}

#[test]
fn snapshot_help_from_keymap() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<F5>?");
    insta::assert_snapshot!("help", screen(&mut app).backend());
}

#[test]
fn snapshot_command_palette() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<C-p>pane");
    insta::assert_snapshot!("palette", screen(&mut app).backend());
}

#[test]
fn snapshot_lookup_in_chinese() {
    let (_d, fx) = desk();
    let mut app = fx.app(WANG, Lang::Zh).unwrap();
    app.press("3-2-");
    insta::assert_snapshot!("lookup_zh", screen(&mut app).backend());
}

// ---- key sequences ----

/// R-INT-01..03, R-INT-05: the read-back comes before anything is saved; the saved case is
/// received and owned by the operator at the keyboard; R-INT-07: the countdown starts at 3:00.
#[test]
fn intake_reads_back_then_saves_a_case_owned_by_the_operator() {
    let (_d, fx) = desk();
    let mut admin = fx.client(ADMIN).unwrap();
    let count = |c: &mut frontdesk::client::Client| {
        c.send(req::CaseList {
            filter: CaseFilter {
                limit: 10_000,
                ..CaseFilter::default()
            },
        })
        .unwrap()
        .rows
        .len()
    };
    let before = count(&mut admin);
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    app.press("<Enter>");
    assert!(matches!(app.intake.stage, Stage::ReadBack { .. }));
    assert_eq!(
        count(&mut admin),
        before,
        "nothing is saved before confirmation"
    );
    let text = text_of(&mut app);
    assert!(text.contains("reports a complaint (Noise)"), "{text}");
    app.press("<Enter>");
    let Stage::Saved { case } = &app.intake.stage else {
        panic!("not saved: {:?}", app.message);
    };
    assert_eq!(count(&mut admin), before + 1);
    let stored = admin.send(req::CaseShow::of(case.ticket.clone())).unwrap();
    assert_eq!(stored.received_by, StaffId(LI.uid));
    assert_eq!(stored.owner, StaffId(LI.uid));
    assert_eq!(app.dispatch_countdown().map(|(_, s)| s), Some(180));
}

/// R-INT-07 and R-LIFE-03/04: dispatching from the intake screen stops the countdown and
/// sends the work to a colleague while the first responder keeps ownership.
#[test]
fn dispatch_from_intake_stops_the_countdown_and_keeps_the_owner() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    app.press("<Enter><Enter>@wang<Enter>");
    let Stage::Saved { case } = &app.intake.stage else {
        panic!("{:?}", app.message)
    };
    assert_eq!(case.handler, Some(Handler::Staff(StaffId(WANG.uid))));
    assert_eq!(case.owner, StaffId(LI.uid));
    assert_eq!(app.dispatch_countdown(), None);
    assert!(!text_of(&mut app).contains("dispatch in"));
}

#[test]
fn esc_backs_out_one_level_at_a_time() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw<Enter>");
    assert_eq!(app.lookup.mode, Mode::Card);
    app.press("<Esc>");
    assert_eq!(app.lookup.mode, Mode::Results);
    app.press("<Esc>");
    assert_eq!(app.lookup.mode, Mode::Search);
    assert_eq!(app.lookup.query.text(), "zw");
    app.press("<Esc>");
    assert_eq!(app.lookup.query.text(), "");
    app.press("<F3><Esc>");
    assert_eq!(app.focus, Focus::Lookup);
    app.press("<F5>?");
    assert!(matches!(app.overlay, Overlay::Help));
    app.press("<Esc>");
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn single_letter_hotkeys_never_fire_while_a_text_field_has_focus() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("nv?:");
    assert_eq!(app.focus, Focus::Lookup);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.lookup.query.text(), "nv?:");
    app.press("<Esc>zw<Enter>n?s");
    assert_eq!(app.focus, Focus::Intake);
    assert!(matches!(app.overlay, Overlay::None));
    // Out of the text field, the same letter is a command again.
    app.press("<F5>");
    app.press("s");
    assert!(app.callbacks.recording.is_some());
}

/// Live: a case registered at counter 1 appears on counter 2's open card without a key.
#[test]
fn another_operators_new_case_appears_without_a_key_press() {
    let (_d, fx) = desk();
    let mut watcher = fx.app(WANG, Lang::En).unwrap();
    watcher.press("zw<Enter>");
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    app.press("<Enter><Enter>");
    let Stage::Saved { case } = &app.intake.stage else {
        panic!()
    };
    let ticket = case.ticket.clone();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !text_of(&mut watcher).contains(&ticket.0) {
        assert!(Instant::now() < deadline, "{ticket} never appeared");
        if let Some(e) = watcher.link.wait_event(Duration::from_millis(200)) {
            watcher.on_link(e);
        }
    }
    assert!(matches!(&watcher.message, Some((Level::Info, m)) if m.contains(&ticket.0)));
}

/// R-CB-01: an unsatisfied callback reopens the case to its owner.
#[test]
fn unsatisfied_callback_recorded_in_a_few_keys_reopens_the_case_to_its_owner() {
    let (_d, fx) = desk();
    let mut li = fx.client(LI).unwrap();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    app.press("<Enter><Enter>");
    let ticket = app.intake.saved_ticket().unwrap().clone();
    common::tell_resident(&mut li, &ticket);
    li.send(req::CaseStep {
        ticket: ticket.clone(),
        base_version: None,
        step: CaseStep::Resolve(common::fixed("施工时间已协调")),
    })
    .unwrap();
    let mut wang = fx.app(WANG, Lang::En).unwrap();
    wang.press("<F5>");
    let row = wang
        .callbacks
        .rows
        .iter()
        .position(|r| r.ticket() == Some(&ticket))
        .expect("the resolved case has a callback");
    for _ in 0..row {
        wang.press("<Down>");
    }
    wang.press("u还是很吵<Enter>");
    assert!(wang.callbacks.recording.is_none(), "{:?}", wang.message);
    let case = li.send(req::CaseShow::of(ticket)).unwrap();
    assert_eq!(case.status, CaseStatus::Reopened);
    assert_eq!(case.owner, StaffId(LI.uid));
}

/// R-VIS-02 (appointments kept, never double-booked): the refusal names the clash.
#[test]
fn booking_a_clashing_visit_names_the_clash() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw<Enter>v");
    assert_eq!(app.focus, Focus::Schedule);
    app.press("<Tab><Tab>检查噪音<Enter>");
    assert!(app.schedule.form.is_none(), "{:?}", app.schedule.form);
    assert_eq!(app.schedule.visits.len(), 1);
    let first = app.schedule.visits[0].visit.id.to_string();
    // Back on the card (still open in Lookup), book again.
    app.press("<F2>v<Tab><Tab>复查<Enter>");
    let form = app.schedule.form.as_ref().expect("the form stays open");
    let error = form.error.as_deref().unwrap_or("");
    assert!(
        error.contains(&first) && error.contains("already booked"),
        "{error}"
    );
}

/// A lost daemon: the screen says so, the draft stays, and work carries on once it is back.
#[test]
fn a_draft_survives_a_daemon_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut daemon = common::desk_with_zhang_wei(data);
    let socket = daemon.socket.clone();
    let connector: frontdesk::client::Connector =
        std::sync::Arc::new(move || frontdesk::client::Client::connect(&socket));
    let link = frontdesk::tui::link::Link::open(connector).unwrap();
    let mut app = App::new(link, Keymap::default_map(), Lang::En, chrono::Utc::now());
    // A repair is promised a time (R-INT-06): tomorrow at ten, desk time.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(8 + 24)).date_naive();
    app.press(&format!(
        "zw<Enter>nplumbing<Tab>厨房漏水<Tab>{tomorrow} 10:00"
    ));
    daemon.kill9();
    app.press("<Enter>");
    assert!(!app.online, "{:?} {:?}", app.message, app.intake.stage);
    assert!(text_of(&mut app).contains("reconnecting"));
    assert!(matches!(app.intake.stage, Stage::Edit));
    let _daemon = common::Daemon::start(data);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.online {
        assert!(Instant::now() < deadline, "never reconnected");
        std::thread::sleep(Duration::from_millis(100));
        app.try_reconnect();
    }
    app.press("<Enter>");
    assert!(
        matches!(app.intake.stage, Stage::ReadBack { .. }),
        "{:?}",
        app.message
    );
    assert!(text_of(&mut app).contains("厨房漏水"));
}

/// A visit booked straight from a saved case carries its ticket.
#[test]
fn a_visit_can_be_booked_from_the_saved_case() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    app.press("<Enter><Enter><C-b>");
    let ticket = app.intake.saved_ticket().unwrap().clone();
    assert_eq!(app.focus, Focus::Schedule);
    assert_eq!(
        app.schedule.form.as_ref().and_then(|f| f.ticket.clone()),
        Some(ticket)
    );
    app.press("<Tab><Tab>上门查看<Enter>");
    assert!(app.schedule.form.is_none(), "{:?}", app.schedule.form);
    assert!(app.schedule.visits.iter().any(|r| r.visit.case.is_some()));
}

/// R-CB-02: an on-site callback is booked as a visit straight from the queue.
#[test]
fn an_onsite_callback_visit_is_booked_from_the_queue() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("<F5>");
    let row = app.callbacks.rows[0].clone();
    app.press("v");
    assert_eq!(app.focus, Focus::Schedule);
    app.press("<Tab><Tab>回访检查<Enter>");
    assert!(app.schedule.form.is_none(), "{:?}", app.schedule.form);
    let booked = app
        .schedule
        .visits
        .iter()
        .find(|r| r.visit.customer == row.callback.customer)
        .expect("the visit is on the agenda");
    assert_eq!(
        booked.visit.kind,
        frontdesk::domain::VisitKind::OnsiteCallback
    );
}

/// Refusals made on the screen itself name the field and what to type.
#[test]
fn screen_side_refusals_name_the_field_and_what_to_do() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press(NEW_CASE);
    // Saved; the department the list offers (秩序部) is deleted before Enter.
    app.press("<Enter><Enter><BS><BS><BS><Enter>");
    let msg = app.message.clone().map(|(_, m)| m).unwrap_or_default();
    assert!(
        msg.contains("dispatch to") && msg.contains("@login"),
        "{msg}"
    );
    app.press("<Esc><Esc>zw<Enter>v<Tab><BS><BS>x<Enter>");
    let form = app.schedule.form.as_ref().expect("form stays open");
    let error = form.error.as_deref().unwrap_or("");
    assert!(
        error.starts_with("minutes:") && error.contains("60"),
        "{error}"
    );
    // Out of the form, back through the card to an empty search; a new case needs a resident.
    app.press("<Esc><Esc><Esc><Esc><Esc><C-n>");
    assert_eq!(app.focus, Focus::Lookup);
    let msg = app.message.clone().map(|(_, m)| m).unwrap_or_default();
    assert!(msg.contains("find the resident first"), "{msg}");
}

/// R-VIS-05: a visit is marked done with its report from the schedule.
#[test]
fn a_visit_is_marked_done_with_a_report() {
    let (_d, fx) = desk();
    let mut app = fx.app(LI, Lang::En).unwrap();
    app.press("zw<Enter>v<Tab><Tab>检查噪音<Enter>");
    assert_eq!(app.schedule.visits.len(), 1);
    app.press("d已上门，楼上同意晚十点后停工<Enter>");
    assert!(app.schedule.report.is_none(), "{:?}", app.message);
    let row = &app.schedule.visits[0];
    assert_eq!(row.visit.status, frontdesk::domain::VisitStatus::Done);
    assert_eq!(row.visit.report, "已上门，楼上同意晚十点后停工");
}

/// R-REC-13/14: the access log is a record of who looked, not of the screen's timers: a
/// card left open while three cases are added for the resident elsewhere is one look, though
/// the screen read the card again after each.
#[test]
fn r_rec_13_a_card_left_open_while_cases_arrive_is_one_look() {
    let (_d, fx) = desk();
    let mut watcher = fx.app(WANG, Lang::En).unwrap();
    watcher.press("zw<Enter>");
    let customer = watcher
        .lookup
        .card
        .as_ref()
        .expect("a card")
        .card
        .customer
        .id;
    let mut li = fx.client(LI).unwrap();
    for i in 0..3 {
        let ticket = li
            .send(req::CaseAdd {
                draft: common::draft(customer, &format!("楼上漏水 {i}")),
            })
            .unwrap()
            .ticket;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !text_of(&mut watcher).contains(&ticket.0) {
            assert!(Instant::now() < deadline, "{ticket} never appeared");
            watcher.await_events();
        }
    }
    let looks = fx
        .client(frontdesk::testkit::BOSS)
        .unwrap()
        .send(req::AccessLog {
            staff: Some("wang".into()),
            customer: Some(customer),
            since: None,
            limit: 100,
        })
        .unwrap();
    let cards = looks
        .iter()
        .filter(|r| r.what == frontdesk::domain::Access::Card(customer))
        .count();
    assert_eq!(cards, 1, "{looks:?}");
}
