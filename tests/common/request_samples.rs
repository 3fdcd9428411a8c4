//! One harmless request of every kind, for the rights test that sends each kind as each
//! kind of caller (the paperwork kinds come from `paperwork_samples`).

use chrono::Utc;
use frontdesk::domain::{
    CallbackId, CustomerId, NewCustomer, Outcome, Role, Ticket, VisitId, VisitKind,
};
use frontdesk::protocol::req;
use frontdesk::protocol::{CaseFilter, CaseStep, ImportRow, NewVisit, Request, RequestKind};

/// One request of each kind, harmless whoever sends it.
pub fn sample(
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
            ext: None,
            reason: "moved".into(),
        }),
        K::CallRing => Request::CallRing(req::CallRing {
            from: "13800001102".into(),
            ext: "899".into(),
            line: None,
        }),
        K::CallEnd => Request::CallEnd(req::CallEnd {
            id: frontdesk::domain::call::CallId(999),
        }),
        K::CallShow => Request::CallShow(req::CallShow {
            id: frontdesk::domain::call::CallId(999),
        }),
        K::UndoPreview => Request::UndoPreview(req::UndoPreview {}),
        K::IncidentOpen => Request::IncidentOpen(req::IncidentOpen {
            building: 0,
            category: "水电维修".into(),
            text: "3栋停水".into(),
        }),
        K::IncidentList => Request::IncidentList(req::IncidentList {}),
        K::TemplateList => Request::TemplateList(req::TemplateList {
            category: None,
            kind: None,
        }),
        K::TemplateSave => Request::TemplateSave(req::TemplateSave {
            id: Some(999),
            category: None,
            kind: None,
            title: "上门时间".into(),
            text: "{姓名}您好".into(),
        }),
        K::TemplateRemove => Request::TemplateRemove(req::TemplateRemove { id: 999 }),
        K::IncidentOffers => Request::IncidentOffers(req::IncidentOffers {
            ticket: ticket.clone(),
        }),
        K::IncidentLink => Request::IncidentLink(req::IncidentLink {
            ticket: ticket.clone(),
            to: frontdesk::protocol::LinkTo::Incident(
                frontdesk::domain::incident::IncidentNo::parse("I2612-0999").unwrap(),
            ),
        }),
        K::IncidentResolve => Request::IncidentResolve(req::IncidentResolve {
            no: frontdesk::domain::incident::IncidentNo::parse("I2612-0999").unwrap(),
            resolution: frontdesk::domain::case::Resolution::new("修好了", "", ""),
        }),
        K::Undo => Request::Undo(req::Undo {
            ticket: ticket.clone(),
            at: now,
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
                kinship_proof: String::new(),
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
            let draft = super::draft(customer, "水管漏水");
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
        | K::CoverConfirm
        | K::CoverList
        | K::ReleaseVerify
        | K::ReleaseOut
        | K::ReleaseVoid => super::paperwork_samples::sample(kind, customer),
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
        K::VisitCancel => Request::VisitCancel(req::VisitCancel {
            id: VisitId(999_999),
            reason: "住户出差".into(),
        }),
        K::VisitMove => Request::VisitMove(req::VisitMove {
            id: VisitId(999_999),
            start: now,
            end: Some(now + chrono::Duration::hours(1)),
            reason: "住户改约".into(),
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
