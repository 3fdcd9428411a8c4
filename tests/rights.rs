//! The rights table (`server::rights`): every request kind has exactly one row, and the
//! router applies it before any handler — searches and subscriptions included — so a Unix
//! user who is not registered staff learns nothing about residents; and every request sent
//! as each kind of caller is allowed or denied as a hand-written table says.

mod common;

use common::request_samples::sample;
use common::*;
use frontdesk::client::{Client, ClientError};
use frontdesk::domain::{DeskError, Role};
use frontdesk::protocol::req;
use frontdesk::protocol::Allowed;
use frontdesk::protocol::RequestKind;
use frontdesk::server::rights::right;
use strum::IntoEnumIterator;

#[test]
fn only_init_is_open_to_callers_the_desk_does_not_know() {
    let open: Vec<_> = RequestKind::iter()
        .filter(|k| k.allowed() == Allowed::Anyone)
        .collect();
    assert_eq!(open, vec![RequestKind::Init]);
    assert_eq!(right(RequestKind::Export).allowed, Allowed::Admin);
    assert_eq!(right(RequestKind::Changes).allowed, Allowed::Supervisor);
}

fn refused_as_unregistered<T: std::fmt::Debug>(r: Result<T, ClientError>) {
    match r {
        Err(ClientError::Desk(DeskError::NotRegistered(why))) => {
            assert!(why.to_string().contains("not registered"), "{why}")
        }
        other => panic!("expected a not-registered refusal, got {other:?}"),
    }
}

/// R-REC-13: resident data is for staff. A local user who can reach the socket but is not
/// registered gets neither search results nor the live stream of new cases.
fn an_unregistered_user_can_neither_search_nor_subscribe() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    add_case(&mut li, customer, "楼上漏水");

    let mut stranger: Client = d.client(7777, "mallory");
    refused_as_unregistered(stranger.send(req::CustomerFind {
        query: "zw".into(),
        limit: 10,
    }));
    refused_as_unregistered(stranger.send(req::CustomerFind {
        query: "13800001102".into(),
        limit: 10,
    }));
    refused_as_unregistered(stranger.subscribe(0));
    refused_as_unregistered(stranger.send(req::Stats {}));
    refused_as_unregistered(stranger.send(req::CustomerShow::of(customer)));
    // The connection still answers (the refusal is per request, not a hang-up).
    refused_as_unregistered(stranger.send(req::CustomerFind {
        query: "张".into(),
        limit: 1,
    }));
}

fn a_clerk_is_refused_what_the_table_reserves_and_told_who_may() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    for r in [
        li.send(req::Changes {
            after_seq: 0,
            limit: 10,
        })
        .map(|_| ()),
        li.send(req::Export {
            dir: d.dir.path().join("x").display().to_string(),
        })
        .map(|_| ()),
        li.send(req::StaffAdd {
            username: "eve".into(),
            name: "夏娃".into(),
            role: frontdesk::domain::Role::Clerk,
            dept: "".into(),
            uid: Some(9999),
        })
        .map(|_| ()),
    ] {
        match r {
            Err(ClientError::Desk(DeskError::Forbidden(why))) => {
                assert!(why.to_string().contains("only a"), "{why}");
                assert!(why.to_string().contains("clerk"), "{why}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // A supervisor may read the audit trail.
    let mut boss = d.client(BOSS, "boss");
    assert!(boss
        .send(req::Changes {
            after_seq: 0,
            limit: 10
        })
        .is_ok());
}

/// The lowest caller each request is for, written out by hand (not read from the table
/// under test). A new request kind fails to compile here until it has a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lowest {
    Anyone,
    Guard,
    Clerk,
    Supervisor,
    Admin,
}

fn expected(kind: RequestKind) -> Lowest {
    use RequestKind as K;
    match kind {
        K::Init => Lowest::Anyone,
        // R-OPS-02: all a guard may do.
        K::ReleaseVerify | K::ReleaseOut => Lowest::Guard,
        K::ReleaseIssue | K::ReleaseVoid | K::ReleaseList => Lowest::Clerk,
        K::VisitorIn | K::VisitorOut | K::VisitorList => Lowest::Clerk,
        K::LoanOut | K::LoanBack | K::LoanList => Lowest::Clerk,
        // The exchange's bridge runs as a clerk's account; any operator may see a call.
        K::CallRing | K::CallEnd | K::CallShow => Lowest::Clerk,
        // One's own last step: anyone who takes steps.
        K::UndoPreview | K::Undo => Lowest::Clerk,
        // Linking one's case to an incident; declaring and resolving one is a supervisor's.
        K::IncidentList | K::IncidentOffers | K::IncidentLink => Lowest::Clerk,
        K::IncidentOpen | K::IncidentResolve => Lowest::Supervisor,
        // Reply templates: kept by supervisors, read by everyone at the desk.
        K::TemplateList => Lowest::Clerk,
        K::TemplateSave | K::TemplateRemove => Lowest::Supervisor,
        K::PermitApply
        | K::PermitStep
        | K::PermitShow
        | K::PermitList
        | K::PermitIndex
        | K::FeesList
        | K::FeesUnit
        | K::FeesRemind
        | K::CoverSign
        | K::CoverList => Lowest::Clerk,
        // R-OPS-08/12: decisions on permits; R-OPS-13: the billing import; R-OPS-15: a
        // cover's OK.
        K::PermitDecide | K::FeesImport | K::FeesStage | K::CoverConfirm => Lowest::Supervisor,
        K::StaffList
        | K::CustomerAdd
        | K::CustomerEdit
        | K::CustomerVerify
        | K::ToVerify
        | K::UnitShow
        | K::UnitMoveIn
        | K::UnitMoveOut
        | K::UnitDocument
        | K::CustomerFind
        | K::CustomerShow
        | K::CaseAdd
        | K::CasePreview
        | K::CaseList
        | K::Digest
        | K::Calendar
        | K::SurveyIssue
        | K::SurveyRecord
        | K::SurveyStatus
        | K::CaseShow
        | K::CaseStep
        | K::CallbackList
        | K::CallbackRecord
        | K::VisitAdd
        | K::VisitList
        | K::VisitDone
        | K::VisitCancel
        | K::VisitMove
        | K::Stats
        | K::Subscribe => Lowest::Clerk,
        K::CallbackPlan
        | K::CustomerMerge
        | K::CustomerDuplicates
        | K::StaffHandover
        | K::CategoryMap
        | K::ImportStage
        | K::ImportCommit
        | K::Demo
        | K::Backup
        | K::Changes
        | K::AccessLog
        | K::Report
        | K::SurveyOpen
        | K::SurveyClose => Lowest::Supervisor,
        K::StaffAdd
        | K::StaffDeactivate
        | K::StaffReactivate
        | K::StaffSet
        | K::Export
        | K::DatabaseStatus => Lowest::Admin,
    }
}

/// Whether the rights table (not a rule about the record) refused.
fn refused_by_table(r: &Result<frontdesk::protocol::Reply, ClientError>) -> bool {
    match r {
        Err(ClientError::Desk(DeskError::NotRegistered(_))) => true,
        Err(ClientError::Desk(DeskError::Forbidden(why))) => why.to_string().starts_with("only a "),
        _ => false,
    }
}

fn every_request_as_every_kind_of_caller_is_allowed_or_denied_as_the_table_says() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let ticket = add_case(&mut li, customer, "楼上漏水").ticket;
    let mut admin = d.client(ADMIN, "admin");
    admin
        .send(req::StaffAdd {
            username: "leaver".into(),
            name: "离职者".into(),
            role: Role::Clerk,
            dept: "".into(),
            uid: Some(7001),
        })
        .unwrap();
    admin
        .send(req::StaffDeactivate {
            username: "leaver".into(),
            reason: "离职".into(),
        })
        .unwrap();
    admin
        .send(req::StaffAdd {
            username: "gate".into(),
            name: "门卫老张".into(),
            role: Role::Guard,
            dept: "保安部".into(),
            uid: Some(7002),
        })
        .unwrap();

    let callers: [(u32, &str, Option<Lowest>); 6] = [
        (7000, "stranger", None),
        (7001, "leaver", None),
        (7002, "gate", Some(Lowest::Guard)),
        (LI, "li", Some(Lowest::Clerk)),
        (BOSS, "boss", Some(Lowest::Supervisor)),
        (ADMIN, "admin", Some(Lowest::Admin)),
    ];
    let mut clients: Vec<_> = callers
        .iter()
        .map(|(uid, login, _)| d.client(*uid, login))
        .collect();
    let mut checked = 0;
    for kind in RequestKind::iter() {
        let needs = expected(kind);
        for (c, (_, login, rank)) in clients.iter_mut().zip(callers) {
            let r = c.call(sample(kind, customer, &ticket, d.dir.path()));
            let allowed = needs == Lowest::Anyone || rank.is_some_and(|r| r >= needs);
            assert_eq!(
                !refused_by_table(&r),
                allowed,
                "{kind:?} as {login}: expected {}, got {r:?}",
                if allowed { "allowed" } else { "denied" }
            );
            checked += 1;
        }
    }
    assert_eq!(checked, RequestKind::iter().count() * 6);
}

on_both_stores!(
    an_unregistered_user_can_neither_search_nor_subscribe,
    a_clerk_is_refused_what_the_table_reserves_and_told_who_may,
    every_request_as_every_kind_of_caller_is_allowed_or_denied_as_the_table_says,
);
