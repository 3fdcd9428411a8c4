//! One incident, many callers: a supervisor declares one, new cases of its building and
//! category are offered to it and linked in one step; an open case grows into one when the
//! next caller's case matches it within the window; the group lists its cases; resolving
//! it resolves each linked case whose resident has been told (R-LIFE-02), each keeping its
//! owner (首问负责制, R-INT-01) and its own callback, and leaves the rest to their owners.
//! Both stores.

mod common;

use common::cases::take_step;
use common::*;
use frontdesk::client::{Calls, Client, ClientError};
use frontdesk::domain::case::{CaseDraft, CaseStatus, Resolution};
use frontdesk::domain::{CaseKind, DeskError, StaffId, Ticket};
use frontdesk::protocol::{req, CaseStep, LinkTo};
use frontdesk::testkit::{BOSS, LI, WANG};

/// A case for a new resident of `unit`, registered by `c`.
fn call_in(
    c: &mut Client,
    name: &str,
    phone: &str,
    unit: &str,
    kind: CaseKind,
    category: &str,
) -> Ticket {
    let who = add_customer(c, name, phone, unit);
    c.send(req::CaseAdd {
        draft: CaseDraft {
            kind,
            category: category.into(),
            ..draft(who, "没有水了")
        },
    })
    .unwrap()
    .ticket
}

fn r_int_01_r_life_02_a_declared_incident_gathers_the_calls_and_resolves_them_each_with_its_owner()
{
    let d = Desktop::staffed();
    let (mut li, mut wang) = (d.client(LI.uid, LI.login), d.client(WANG.uid, WANG.login));
    let mut boss = d.client(BOSS.uid, BOSS.login);
    // Only a supervisor declares one.
    let open = req::IncidentOpen {
        building: 3,
        category: "停水".into(),
        text: "3栋总阀爆裂，全楼停水".into(),
    };
    assert!(matches!(
        li.send(open.clone()),
        Err(ClientError::Desk(DeskError::Forbidden(_)))
    ));
    let incident = boss.send(open.clone()).unwrap();
    assert_eq!(
        incident.category, "water-power",
        "filed under the list entry"
    );
    assert!(
        boss.send(open).is_err(),
        "one open incident per building and category"
    );
    let stats = li.send(req::Stats {}).unwrap();
    assert_eq!(stats.incidents.len(), 1, "the status bar shows it");

    // Two callers in building 3, a third in building 5.
    let a = call_in(
        &mut li,
        "张伟",
        "13800001102",
        "3-2-1102",
        CaseKind::Repair,
        "water-power",
    );
    let b = call_in(
        &mut wang,
        "李娟",
        "13800001203",
        "3-1-203",
        CaseKind::Complaint,
        "water-power",
    );
    let c = call_in(
        &mut li,
        "赵强",
        "13800005101",
        "5-1-101",
        CaseKind::Repair,
        "water-power",
    );
    for (client, t) in [(&mut li, &a), (&mut wang, &b)] {
        let offers = client
            .send(req::IncidentOffers { ticket: t.clone() })
            .unwrap();
        assert_eq!(offers[0].to, LinkTo::Incident(incident.no.clone()));
        let linked = client
            .send(req::IncidentLink {
                ticket: t.clone(),
                to: offers[0].to.clone(),
            })
            .unwrap();
        assert_eq!(linked.incident(), Some(&incident.no));
    }
    let elsewhere = li.send(req::IncidentOffers { ticket: c.clone() }).unwrap();
    assert!(
        elsewhere
            .iter()
            .all(|o| o.to != LinkTo::Incident(incident.no.clone())),
        "building 5 is another building: {elsewhere:?}"
    );

    let groups = li.send(req::IncidentList {}).unwrap();
    let tickets: Vec<&str> = groups[0].cases.iter().map(|c| c.ticket.as_str()).collect();
    assert_eq!(tickets, vec![a.0.as_str(), b.0.as_str()]);

    // Resolved: the repair with it; the complaint waits for its resident to be told.
    let fix = Resolution::new("总阀已更换，恢复供水", "总阀老化爆裂", "全小区总阀加入月检");
    let done = boss
        .send(req::IncidentResolve {
            no: incident.no.clone(),
            resolution: fix.clone(),
        })
        .unwrap();
    assert_eq!(done.resolved, vec![a.clone()]);
    assert_eq!(done.left.len(), 1);
    assert_eq!(done.left[0].0, b);
    let repaired = li
        .send(req::CaseShow {
            ticket: a.clone(),
            reason: None,
        })
        .unwrap();
    assert_eq!(repaired.status, CaseStatus::Resolved);
    assert_eq!(
        repaired.owner,
        StaffId(LI.uid),
        "the first responder still owns it"
    );
    assert!(li.send(req::Stats {}).unwrap().incidents.is_empty());
    // Wang tells the resident, then resolves the complaint with the incident's words.
    take_step(
        &mut wang,
        &b,
        CaseStep::Reply("总阀已换，今晚恢复供水".into()),
    )
    .unwrap();
    let resolved = take_step(&mut wang, &b, CaseStep::Resolve(fix)).unwrap();
    assert_eq!(resolved.status, CaseStatus::Resolved);
    assert!(resolved.callback.is_some(), "its own callback");
}

fn the_next_callers_case_grows_an_incident_from_the_open_case_it_matches() {
    let d = Desktop::staffed();
    let (mut li, mut wang) = (d.client(LI.uid, LI.login), d.client(WANG.uid, WANG.login));
    let first = call_in(
        &mut li,
        "张伟",
        "13800001102",
        "3-2-1102",
        CaseKind::Repair,
        "lift",
    );
    let next = call_in(
        &mut wang,
        "李娟",
        "13800001203",
        "3-1-203",
        CaseKind::Repair,
        "lift",
    );
    let offers = wang
        .send(req::IncidentOffers {
            ticket: next.clone(),
        })
        .unwrap();
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].to, LinkTo::Case(first.clone()));
    let linked = wang
        .send(req::IncidentLink {
            ticket: next.clone(),
            to: offers[0].to.clone(),
        })
        .unwrap();
    let no = linked.incident().cloned().expect("an incident grew");
    let groups = wang.send(req::IncidentList {}).unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].incident.no, no);
    assert_eq!(groups[0].incident.lead.as_ref(), Some(&first));
    assert_eq!(groups[0].cases.len(), 2);
    // Li's case keeps its owner; only those working on a case link it.
    let mut zhao = d.client(ZHAO, "zhao");
    let other = call_in(
        &mut li,
        "钱多",
        "13800001301",
        "3-1-301",
        CaseKind::Repair,
        "lift",
    );
    let refused = zhao
        .send(req::IncidentLink {
            ticket: other,
            to: LinkTo::Incident(no),
        })
        .unwrap_err();
    assert!(
        refused.to_string().contains("only those working on"),
        "{refused}"
    );
}

on_both_stores!(
    r_int_01_r_life_02_a_declared_incident_gathers_the_calls_and_resolves_them_each_with_its_owner,
    the_next_callers_case_grows_an_incident_from_the_open_case_it_matches,
);

/// The screen, in both languages: the incident on the status bar, the saved case's offer
/// and its one key, and the Cases pane's group of the incident's cases.
#[test]
fn the_status_bar_the_offer_and_the_group_on_the_screen() {
    use common::clocked::clocked_desk;
    use common::screen::{screen, text_of};
    use frontdesk::testkit::Drive;
    use frontdesk::tui::i18n::Lang;
    for (lang, code, bar, offer, linked) in [
        (
            Lang::En,
            "en",
            "incident I2611-0001: building 3 Water and power",
            "Same event? I2611-0001: building 3",
            "Part of incident I2611-0001",
        ),
        (
            Lang::Zh,
            "zh",
            "事件 I2611-0001：3栋 水电维修",
            "同一事件？I2611-0001：3栋",
            "已关联事件 I2611-0001",
        ),
    ] {
        let d = clocked_desk("2026-11-24 09:00");
        let mut boss = d.desk.client(BOSS).unwrap();
        let mut wang = d.desk.client(WANG).unwrap();
        let no = boss
            .send(req::IncidentOpen {
                building: 3,
                category: "停水".into(),
                text: "3栋总阀爆裂，全楼停水".into(),
            })
            .unwrap()
            .no;
        let first = call_in(
            &mut wang,
            "李娟",
            "13800001203",
            "3-1-203",
            CaseKind::Repair,
            "water-power",
        );
        wang.send(req::IncidentLink {
            ticket: first,
            to: LinkTo::Incident(no),
        })
        .unwrap();
        let mut li = d.desk.client(LI).unwrap();
        add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
        let mut app = d.app(LI, lang);
        let text = text_of(&mut app);
        assert!(text.contains(bar), "{text}");
        // Intake by the usual keys; the saved screen offers the incident; one key links it.
        app.press("zw<Enter>n");
        app.press("sd<Tab>家里没水<Tab>19:00<Enter><Enter>");
        let text = text_of(&mut app);
        assert!(text.contains(offer), "{text}");
        app.press("<C-l>");
        let text = text_of(&mut app);
        assert!(text.contains(linked), "{text}");
        insta::assert_snapshot!(
            format!("incident_linked_{code}"),
            screen(&mut app).backend()
        );
        // The Cases pane: the incident as one group, its two cases under it.
        app.press("<F6>i");
        let text = text_of(&mut app);
        assert!(text.contains("李娟") && text.contains("张伟"), "{text}");
        insta::assert_snapshot!(format!("incident_group_{code}"), screen(&mut app).backend());
        app.press("<Down><Enter>");
        assert!(app.cases.open.is_some(), "Enter opens a case of the group");
    }
}
