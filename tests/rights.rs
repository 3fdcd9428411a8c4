//! The rights table (`server::rights`): every request kind has exactly one row, and the
//! router applies it before any handler — searches and subscriptions included — so a Unix
//! user who is not registered staff learns nothing about residents; and every request sent
//! as each kind of caller is allowed or denied as a hand-written table says.

mod common;

use chrono::Utc;
use common::*;
use frontdesk::client::{Client, ClientError};
use frontdesk::domain::{
    CallbackId, CustomerId, DeskError, NewCustomer, Outcome, Role, Ticket, VisitId, VisitKind,
};
use frontdesk::protocol::req;
use frontdesk::protocol::Allowed;
use frontdesk::protocol::{CaseFilter, CaseStep, ImportRow, NewVisit, Request, RequestKind};
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
        // R-OPS-08/12: decisions on permits; R-OPS-13: the billing import.
        K::PermitDecide | K::FeesImport | K::FeesStage => Lowest::Supervisor,
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

/// One request of each kind, harmless whoever sends it.
fn sample(
    kind: RequestKind,
    customer: CustomerId,
    ticket: &Ticket,
    dir: &std::path::Path,
) -> Request {
    use RequestKind as K;
    let now = Utc::now();
    match kind {
        K::Init => Request::Init(req::Init {
            name: "someone".into(),
        }),
        K::StaffAdd => Request::StaffAdd(req::StaffAdd {
            username: "newbie".into(),
            name: "新人".into(),
            role: Role::Clerk,
            dept: String::new(),
            uid: Some(7100),
        }),
        K::StaffList => Request::StaffList(req::StaffList {}),
        K::StaffDeactivate => Request::StaffDeactivate(req::StaffDeactivate {
            username: "nobody-here".into(),
            reason: "left".into(),
        }),
        K::StaffReactivate => Request::StaffReactivate(req::StaffReactivate {
            username: "nobody-here".into(),
            reason: "back".into(),
        }),
        K::StaffSet => Request::StaffSet(req::StaffSet {
            username: "nobody-here".into(),
            role: None,
            dept: Some("工程部".into()),
            name: None,
            reason: "moved".into(),
        }),
        K::CategoryMap => Request::CategoryMap(req::CategoryMap {
            from: "水管".into(),
            to: "water-power".into(),
        }),
        K::StaffHandover => Request::StaffHandover(req::StaffHandover {
            leaver: "nobody-here".into(),
            successor: "wang".into(),
            reason: "left".into(),
        }),
        K::CustomerAdd => Request::CustomerAdd(req::CustomerAdd {
            customer: NewCustomer {
                name: "赵六".into(),
                phones: vec!["13900009999".into()],
                units: vec!["9-9-909".into()],
                ..NewCustomer::default()
            },
        }),
        K::CustomerFind => Request::CustomerFind(req::CustomerFind {
            query: "zw".into(),
            limit: 5,
        }),
        K::CustomerShow => Request::CustomerShow(req::CustomerShow::of(customer)),
        K::CustomerDuplicates => Request::CustomerDuplicates(req::CustomerDuplicates { limit: 10 }),
        K::CustomerVerify => Request::CustomerVerify(req::CustomerVerify { id: customer }),
        K::CustomerMerge => Request::CustomerMerge(req::CustomerMerge {
            keep: customer,
            drop: frontdesk::domain::CustomerId(999_999),
            reason: "重复登记".into(),
        }),
        K::ToVerify => Request::ToVerify(req::ToVerify {
            building: None,
            limit: 10,
        }),
        K::UnitShow => Request::UnitShow(req::UnitShow {
            unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
            reason: None,
        }),
        K::UnitMoveIn => Request::UnitMoveIn(req::UnitMoveIn {
            unit: frontdesk::domain::UnitCode::parse("4-4-404").unwrap(),
            move_in: frontdesk::domain::MoveIn {
                customer,
                role: frontdesk::domain::OccupantRole::Family,
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                residence_card: String::new(),
                owner: None,
            },
        }),
        K::UnitMoveOut => Request::UnitMoveOut(req::UnitMoveOut {
            unit: frontdesk::domain::UnitCode::parse("4-4-404").unwrap(),
            customer,
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            reason: "退租".into(),
        }),
        K::UnitDocument => Request::UnitDocument(req::UnitDocument {
            unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
            kind: frontdesk::domain::DocKind::InterimRules,
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        }),
        K::CustomerEdit => Request::CustomerEdit(req::CustomerEdit {
            id: customer,
            base_version: None,
            edit: frontdesk::domain::CustomerEdit {
                notes: Some(format!("核对于 {now}")),
                reason: "季度核对".into(),
                ..Default::default()
            },
        }),
        K::CaseAdd | K::CasePreview => {
            let draft = draft(customer, "水管漏水");
            if kind == K::CaseAdd {
                Request::CaseAdd(req::CaseAdd { draft })
            } else {
                Request::CasePreview(req::CasePreview { draft })
            }
        }
        K::CaseList => Request::CaseList(req::CaseList {
            filter: CaseFilter::default(),
        }),
        K::Digest => Request::Digest(req::Digest { changes_after: 0 }),
        K::Report => Request::Report(req::Report {
            period: frontdesk::domain::report::Period::containing(
                frontdesk::domain::report::PeriodKind::Month,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            ),
        }),
        K::Calendar => Request::Calendar(req::Calendar { year: 2026 }),
        K::SurveyOpen => Request::SurveyOpen(req::SurveyOpen {
            month: frontdesk::domain::survey::RoundMonth::parse("2026-12").unwrap(),
            off_cycle: false,
            issue_on: None,
        }),
        K::SurveyIssue => Request::SurveyIssue(req::SurveyIssue {
            round: None,
            units: vec![],
            all_occupied: true,
        }),
        K::SurveyRecord => Request::SurveyRecord(req::SurveyRecord {
            round: None,
            unit: frontdesk::domain::UnitCode::parse("1-1-101").unwrap(),
            scores: frontdesk::domain::survey::Scores::parse("4,4,4,4,4,4,4").unwrap(),
            comment: String::new(),
        }),
        K::SurveyClose => Request::SurveyClose(req::SurveyClose { round: None }),
        K::SurveyStatus => Request::SurveyStatus(req::SurveyStatus { round: None }),
        K::ReleaseIssue
        | K::VisitorIn
        | K::VisitorOut
        | K::VisitorList
        | K::LoanOut
        | K::LoanBack
        | K::LoanList
        | K::ReleaseList
        | K::PermitApply
        | K::PermitDecide
        | K::PermitStep
        | K::PermitShow
        | K::PermitList
        | K::PermitIndex
        | K::FeesImport
        | K::FeesStage
        | K::FeesList
        | K::FeesUnit
        | K::FeesRemind
        | K::CoverSign
        | K::CoverList
        | K::ReleaseVerify
        | K::ReleaseOut
        | K::ReleaseVoid => common::paperwork_samples::sample(kind, customer),
        K::CaseShow => Request::CaseShow(req::CaseShow::of(ticket.clone())),
        K::CaseStep => Request::CaseStep(req::CaseStep {
            ticket: ticket.clone(),
            base_version: None,
            step: CaseStep::Note("已电话联系".into()),
        }),
        K::CallbackList => Request::CallbackList(req::CallbackList {
            overdue_only: false,
            until: None,
        }),
        K::CallbackRecord => Request::CallbackRecord(req::CallbackRecord {
            id: CallbackId(999_999),
            outcome: Outcome::Satisfied,
            onsite: false,
            signed: false,
            note: String::new(),
        }),
        K::CallbackPlan => Request::CallbackPlan(req::CallbackPlan { until: now }),
        K::VisitAdd => Request::VisitAdd(req::VisitAdd {
            visit: NewVisit {
                customer,
                staff: None,
                kind: VisitKind::Courtesy,
                start: now + chrono::Duration::days(30),
                end: now + chrono::Duration::days(30) + chrono::Duration::minutes(30),
                ticket: None,
                unit: None,
                purpose: String::new(),
            },
        }),
        K::VisitList => Request::VisitList(req::VisitList {
            from: now,
            to: now + chrono::Duration::days(1),
            staff: None,
        }),
        K::VisitDone => Request::VisitDone(req::VisitDone {
            id: VisitId(999_999),
            report: "done".into(),
        }),
        K::ImportStage => Request::ImportStage(req::ImportStage {
            rows: vec![ImportRow {
                role: None,
                line: 2,
                id: None,
                customer: NewCustomer {
                    name: "钱七".into(),
                    phones: vec!["13900008888".into()],
                    units: vec!["8-8-808".into()],
                    ..NewCustomer::default()
                },
            }],
        }),
        K::ImportCommit => Request::ImportCommit(req::ImportCommit {}),
        K::Demo => Request::Demo(req::Demo {
            customers: 0,
            seed: 1,
            history_days: 0,
        }),
        K::Export => Request::Export(req::Export {
            dir: dir
                .join(format!("export-{}", fastrand::u32(..)))
                .display()
                .to_string(),
        }),
        K::Backup => Request::Backup(req::Backup {
            to: None,
            keep: None,
        }),
        K::Changes => Request::Changes(req::Changes {
            after_seq: 0,
            limit: 5,
        }),
        K::Stats => Request::Stats(req::Stats {}),
        K::DatabaseStatus => Request::DatabaseStatus(req::DatabaseStatus {}),
        K::AccessLog => Request::AccessLog(req::AccessLog {
            staff: None,
            customer: None,
            since: None,
            limit: 5,
        }),
        K::Subscribe => Request::Subscribe(req::Subscribe { after_seq: 0 }),
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
