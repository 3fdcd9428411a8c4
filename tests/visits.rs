//! Visits that move (R-VIS-02): cancelled or moved with a reason, the slot freed or checked
//! like a booking, the resident queued to be told; a visit left scheduled after its window
//! is flagged as missed; a visit done queues the call after it (R-VIS-05, R-CB-13).

mod common;

use chrono::{Duration, Utc};
use common::*;
use frontdesk::client::Client;
use frontdesk::domain::callback::CallbackReason;
use frontdesk::domain::{CustomerId, DeskError, Field, Time, Visit, VisitKind, VisitStatus};
use frontdesk::protocol::{req, NewVisit};

fn book(
    c: &mut Client,
    customer: CustomerId,
    kind: VisitKind,
    start: Time,
    minutes: i64,
) -> Result<Visit, frontdesk::client::ClientError> {
    c.send(req::VisitAdd {
        visit: NewVisit {
            customer,
            staff: Some("wang".into()),
            kind,
            start,
            end: start + Duration::minutes(minutes),
            ticket: None,
            unit: None,
            purpose: "修水管".into(),
        },
    })
}

/// The reasons of the callbacks queued for `customer`.
fn told(c: &mut Client, customer: CustomerId) -> Vec<CallbackReason> {
    c.send(req::CallbackList {
        overdue_only: false,
        until: None,
    })
    .unwrap()
    .into_iter()
    .filter(|row| row.callback.customer == customer)
    .map(|row| row.callback.reason)
    .collect()
}

fn r_vis_02_a_visit_moves_or_is_cancelled_with_a_reason_and_the_resident_is_told() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let ten = Utc::now() + Duration::days(1);
    let first = book(&mut li, who, VisitKind::Repair, ten, 60).unwrap();
    let second = book(
        &mut li,
        who,
        VisitKind::Repair,
        ten + Duration::hours(2),
        60,
    )
    .unwrap();
    let move_to = |c: &mut Client, id, start: Time| {
        c.send(req::VisitMove {
            id,
            start,
            end: None,
            reason: "住户改约".into(),
        })
    };
    // Into the second visit's slot: refused, naming it.
    match desk_err(move_to(&mut li, first.id, ten + Duration::minutes(150))) {
        DeskError::Conflict { reason, .. } => {
            assert!(
                reason.to_string().contains(&second.id.to_string()),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    // Half an hour later overlaps only itself: moved, its length kept.
    let moved = move_to(&mut li, first.id, ten + Duration::minutes(30)).unwrap();
    assert_eq!(moved.start, ten + Duration::minutes(30));
    assert_eq!(moved.end - moved.start, Duration::minutes(60));
    assert!(told(&mut li, who).contains(&CallbackReason::VisitMoved {
        visit: first.id,
        cancelled: false
    }));
    // Cancelled only with a reason; then its slot is free for another booking.
    let cancel = |c: &mut Client, reason: &str| {
        c.send(req::VisitCancel {
            id: second.id,
            reason: reason.into(),
        })
    };
    match desk_err(cancel(&mut li, "  ")) {
        DeskError::Validation { field, .. } => assert_eq!(field, Field::Reason),
        other => panic!("{other:?}"),
    }
    let cancelled = cancel(&mut li, "住户出差").unwrap();
    assert_eq!(
        (cancelled.status, cancelled.report.as_str()),
        (VisitStatus::Cancelled, "住户出差")
    );
    assert!(told(&mut li, who).contains(&CallbackReason::VisitMoved {
        visit: second.id,
        cancelled: true
    }));
    book(
        &mut li,
        who,
        VisitKind::Courtesy,
        ten + Duration::hours(2),
        60,
    )
    .unwrap();
    // A cancelled visit neither moves nor is cancelled again.
    assert!(matches!(
        desk_err(cancel(&mut li, "again")),
        DeskError::Conflict { .. }
    ));
    assert!(matches!(
        desk_err(move_to(&mut li, second.id, ten + Duration::hours(6))),
        DeskError::Conflict { .. }
    ));
    // Someone else's visit is not a clerk's to move.
    let mut zhao = d.client(ZHAO, "zhao");
    assert!(matches!(
        desk_err(move_to(&mut zhao, first.id, ten + Duration::hours(8))),
        DeskError::Forbidden(_)
    ));
}

fn r_vis_05_r_cb_13_a_missed_visit_is_flagged_and_a_visit_done_queues_the_call_after_it() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let mut wang = d.client(WANG, "wang");
    let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let two_hours_ago = Utc::now() - Duration::hours(2);
    let courtesy = book(&mut li, who, VisitKind::Courtesy, two_hours_ago, 60).unwrap();
    assert_eq!(li.send(req::Stats {}).unwrap().visits_missed, 1);
    let digest = wang.send(req::Digest { changes_after: 0 }).unwrap();
    assert!(
        digest.visits.iter().any(|v| v.visit.id == courtesy.id),
        "the visitor's digest lists the visit missed: {:?}",
        digest.visits
    );
    wang.send(req::VisitDone {
        id: courtesy.id,
        report: "走访完毕，住户提出加装路灯".into(),
    })
    .unwrap();
    assert_eq!(li.send(req::Stats {}).unwrap().visits_missed, 0);
    assert!(told(&mut li, who).contains(&CallbackReason::AfterVisit { visit: courtesy.id }));
    // An on-site callback is itself the call: nothing more is queued.
    let call = book(&mut li, who, VisitKind::OnsiteCallback, Utc::now(), 30).unwrap();
    let before = told(&mut li, who).len();
    wang.send(req::VisitDone {
        id: call.id,
        report: "住户满意".into(),
    })
    .unwrap();
    assert_eq!(told(&mut li, who).len(), before);
}

on_both_stores!(
    r_vis_02_a_visit_moves_or_is_cancelled_with_a_reason_and_the_resident_is_told,
    r_vis_05_r_cb_13_a_missed_visit_is_flagged_and_a_visit_done_queues_the_call_after_it,
);

/// On the Schedule pane a visit is moved with `m` (the new time, then why) and called off
/// with `x` (why), each shown in place (R-VIS-02).
#[test]
fn r_vis_02_the_schedule_moves_and_cancels_the_selected_visit() {
    use common::screen::{desk, text_of};
    use frontdesk::testkit::{Drive, LI as OPERATOR_LI};
    use frontdesk::tui::i18n::Lang;

    let (_dir, fx) = desk();
    let mut li = fx.client(OPERATOR_LI).unwrap();
    let who = add_customer(&mut li, "路人甲", "13800009999", "9-9-909");
    // Ten days on, where the demo books nothing: the visit is the day's only one.
    let on_the_day = fx.now + Duration::days(10);
    let booked = book(&mut li, who, VisitKind::Repair, on_the_day, 60).unwrap();
    let mut app = fx.app(OPERATOR_LI, Lang::En).unwrap();
    app.press("<F4>");
    for _ in 0..10 {
        app.press("<Right>");
    }
    let shown = text_of(&mut app);
    assert!(
        shown.contains("10:30–11:30") && shown.contains("路人甲"),
        "{shown}"
    );
    app.press("m15:00 resident asked<Enter>");
    let shown = text_of(&mut app);
    assert!(shown.contains("15:00–16:00"), "{shown}");
    let day = li
        .send(req::VisitList {
            from: on_the_day - Duration::hours(12),
            to: on_the_day + Duration::hours(12),
            staff: None,
        })
        .unwrap();
    assert_eq!(day.len(), 1);
    assert_eq!(
        day[0].visit.start,
        booked.start + Duration::minutes(270),
        "moved"
    );
    app.press("x住户出差<Enter>");
    let shown = text_of(&mut app);
    assert!(shown.contains("[cancelled] 住户出差"), "{shown}");
}

/// The command line: `visit move` keeps the booked length unless told, `visit cancel` says
/// the visit is cancelled, and the callback queue lists the calls that tell the resident.
#[test]
fn r_vis_02_visit_move_and_cancel_from_the_command_line() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let booked = run_ok(
        &data,
        &[
            "visit",
            "add",
            "--customer",
            "C1",
            "--at",
            "2030-03-04 09:00",
            "--minutes",
            "90",
            "--purpose",
            "修水管",
        ],
    );
    assert!(
        booked.starts_with("V1 repair 2030-03-04 09:00–2030-03-04 10:30"),
        "{booked}"
    );
    let moved = run_ok(
        &data,
        &[
            "visit",
            "move",
            "V1",
            "--at",
            "2030-03-05 14:00",
            "--reason",
            "住户改约",
        ],
    );
    assert!(
        moved.contains("2030-03-05 14:00–2030-03-05 15:30") && moved.contains("scheduled"),
        "the booked 90 minutes kept: {moved}"
    );
    let (ok, _, err) = run(&data, &["visit", "cancel", "V1", "--reason", " "]);
    assert!(!ok && err.contains("reason"), "{err}");
    let cancelled = run_ok(&data, &["visit", "cancel", "V1", "--reason", "住户出差"]);
    assert!(cancelled.contains("cancelled"), "{cancelled}");
    let queue = run_ok(&data, &["callback", "list"]);
    assert!(
        queue.contains("V1 moved") && queue.contains("V1 cancelled"),
        "{queue}"
    );
}
