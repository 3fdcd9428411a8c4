//! One harmless request of each paperwork kind (slips, permits, fees, covers, visitors,
//! loans), for the rights test that sends every kind as every kind of caller.

use chrono::Utc;
use frontdesk::domain::CustomerId;
use frontdesk::protocol::req;
use frontdesk::protocol::{Request, RequestKind};

pub fn sample(kind: RequestKind, customer: CustomerId) -> Request {
    use RequestKind as K;
    let now = Utc::now();
    match kind {
        K::ReleaseIssue => Request::ReleaseIssue(req::ReleaseIssue {
            draft: frontdesk::domain::release::SlipDraft {
                unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
                customer,
                applicant: frontdesk::domain::release::Applicant::Owner,
                scope: frontdesk::domain::release::Scope::Partial,
                lease_end: false,
                items: "书柜一个".into(),
                fee_receipt: None,
                id_number: "310101198003150017".into(),
                waive_arrears: None,
                day: chrono::Utc::now().date_naive(),
                valid_days: None,
            },
        }),
        K::VisitorIn => Request::VisitorIn(req::VisitorIn {
            draft: frontdesk::domain::visitor::VisitorDraft {
                host_unit: Some(frontdesk::domain::UnitCode::parse("3-2-1102").unwrap()),
                name: "王先生".into(),
                phone: "13800001234".into(),
                party: 1,
                reason: "探亲".into(),
                ..Default::default()
            },
        }),
        K::VisitorOut => Request::VisitorOut(req::VisitorOut {
            no: frontdesk::domain::visitor::VisitorNo::new(2026, 11, 99),
        }),
        K::VisitorList => Request::VisitorList(req::VisitorList { day: None }),
        K::LoanOut => Request::LoanOut(req::LoanOut {
            item: "对讲机 #4".into(),
            to: "li".into(),
            due: Utc::now() + chrono::Duration::hours(2),
            condition: "完好".into(),
        }),
        K::LoanBack => Request::LoanBack(req::LoanBack {
            no: frontdesk::domain::loan::LoanNo::new(2026, 11, 99),
            condition: "完好".into(),
        }),
        K::LoanList => Request::LoanList(req::LoanList {}),
        K::ReleaseList => Request::ReleaseList(req::ReleaseList {}),
        K::PermitApply => Request::PermitApply(req::PermitApply {
            draft: frontdesk::domain::permit::PermitDraft {
                unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
                customer,
                applicant: frontdesk::domain::permit::PermitApplicant::Owner,
                works: "刷墙".into(),
                contractor: frontdesk::domain::permit::Contractor {
                    name: "安居装饰".into(),
                    licence: "L-1".into(),
                    supervisor_name: "王工".into(),
                    supervisor_phone: "13800000001".into(),
                    supervisor_id: "310101198001010011".into(),
                },
                workers: frontdesk::domain::permit::Worker::parse_list("张三:T001").unwrap(),
                docs: frontdesk::domain::permit::Doc::ALL.to_vec(),
                waterproof_touched: false,
                waterproof_undertaking: false,
            },
        }),
        K::PermitDecide => Request::PermitDecide(req::PermitDecide {
            no: frontdesk::domain::permit::PermitNo::new(2026, 11, 99),
            decision: frontdesk::protocol::PermitDecision::Reject {
                reason: "测试".into(),
            },
        }),
        K::PermitStep => Request::PermitStep(req::PermitStep {
            no: frontdesk::domain::permit::PermitNo::new(2026, 11, 99),
            step: frontdesk::protocol::PermitStep::Finish,
        }),
        K::PermitShow => Request::PermitShow(req::PermitShow {
            no: frontdesk::domain::permit::PermitNo::new(2026, 11, 99),
        }),
        K::PermitList => Request::PermitList(req::PermitList {}),
        K::PermitIndex => Request::PermitIndex(req::PermitIndex { building: 3 }),
        K::FeesImport => Request::FeesImport(req::FeesImport {
            rows: vec![(
                2,
                frontdesk::domain::fees::Arrear::from_row("99-9-999", "water", "2026-10", "1")
                    .unwrap(),
            )],
        }),
        K::FeesStage => Request::FeesStage(req::FeesStage { rows: Vec::new() }),
        K::FeesList => Request::FeesList(req::FeesList { building: None }),
        K::FeesUnit => Request::FeesUnit(req::FeesUnit {
            unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
        }),
        K::FeesRemind => Request::FeesRemind(req::FeesRemind {
            unit: frontdesk::domain::UnitCode::parse("3-2-1102").unwrap(),
            way: frontdesk::domain::fees::Way::Phone,
            outcome: frontdesk::domain::fees::ReminderOutcome::Unreachable,
            note: String::new(),
        }),
        K::CoverSign => Request::CoverSign(req::CoverSign {
            covering: "nobody-here".into(),
            from: now,
            until: now + chrono::Duration::hours(1),
            approved_by: "nobody-here".into(),
        }),
        K::CoverConfirm => Request::CoverConfirm(req::CoverConfirm {
            leaving: Some("nobody-here".into()),
        }),
        K::CoverList => Request::CoverList(req::CoverList {}),
        K::ReleaseVerify => Request::ReleaseVerify(req::ReleaseVerify {
            no: frontdesk::domain::release::SlipNo::new(2026, 11, 99),
        }),
        K::ReleaseOut => Request::ReleaseOut(req::ReleaseOut {
            no: frontdesk::domain::release::SlipNo::new(2026, 11, 99),
            gate: "南门".into(),
        }),
        K::ReleaseVoid => Request::ReleaseVoid(req::ReleaseVoid {
            no: frontdesk::domain::release::SlipNo::new(2026, 11, 99),
            reason: "测试".into(),
        }),
        other => panic!("{other:?} is not a paperwork request"),
    }
}
