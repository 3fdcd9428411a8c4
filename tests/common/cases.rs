//! Cases the screen tests start from: li's complaint, and a colleague's note on it.

use frontdesk::client::Calls;
use frontdesk::domain::Ticket;
use frontdesk::protocol::{req, CaseStep};
use frontdesk::testkit::{TestDesk, LI, WANG};

/// A complaint li registers for the demo's first resident, promising a visit by 19:00 on
/// the screen tests' frozen day (R-INT-06).
pub fn li_case(fx: &TestDesk) -> Ticket {
    let mut li = fx.client(LI).unwrap();
    let draft = frontdesk::domain::case::CaseDraft {
        promised_at: Some(frontdesk::testkit::fixed_now() + chrono::Duration::minutes(8 * 60 + 30)),
        ..super::draft(frontdesk::domain::CustomerId(1), "楼上漏水到卫生间")
    };
    li.send(req::CaseAdd { draft }).unwrap().ticket
}

/// wang (another counter) notes on case `t`.
pub fn wang_notes(fx: &TestDesk, t: &Ticket, text: &str) {
    fx.client(WANG)
        .unwrap()
        .send(req::CaseStep {
            ticket: t.clone(),
            base_version: None,
            step: CaseStep::Note(text.into()),
        })
        .unwrap();
}

/// A step on case `t` through the typed client, not version-checked: the case as it now is,
/// or the desk's refusal (anything else panics).
pub fn take_step(
    c: &mut frontdesk::client::Client,
    t: &Ticket,
    step: CaseStep,
) -> Result<frontdesk::domain::Case, frontdesk::domain::DeskError> {
    c.send(req::CaseStep {
        ticket: t.clone(),
        base_version: None,
        step,
    })
    .map_err(|e| match e {
        frontdesk::client::ClientError::Desk(d) => d,
        other => panic!("{other:?}"),
    })
}

/// One of the Cases pane's views (`view`), as `c` sees it.
pub fn case_view(
    c: &mut frontdesk::client::Client,
    view: frontdesk::domain::case::CaseView,
) -> frontdesk::protocol::CasePage {
    c.send(req::CaseList {
        filter: frontdesk::protocol::CaseFilter {
            view: Some(view),
            ..Default::default()
        },
    })
    .expect("case list")
}

/// Case `t`'s row in `view`, as `c` sees it.
pub fn case_row(
    c: &mut frontdesk::client::Client,
    view: frontdesk::domain::case::CaseView,
    t: &Ticket,
) -> frontdesk::protocol::CaseSummary {
    case_view(c, view)
        .rows
        .into_iter()
        .find(|r| r.ticket == t.0)
        .expect("the case is listed")
}
