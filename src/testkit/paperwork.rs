//! A desk's paperwork for snapshots, screenshots and the screen's tests: three residents,
//! a permit awaiting approval, one expiring, one awaiting inspection, a release slip, a
//! visitor on site, a radio out, and arrears for two units — all made through the daemon's
//! own requests, on the kit's fixed clock (2026-11-23).

use chrono::NaiveDate;

use super::{Operator, TestDesk, ADMIN, BOSS, LI};
use crate::client::{Calls, OfficeCalls};
use crate::domain::fees::Arrear;
use crate::domain::money::Fen;
use crate::domain::permit::{
    Approval, Contractor, Doc, PermitApplicant, PermitDraft, PermitNo, Worker,
};
use crate::domain::release::{Applicant, Scope, SlipDraft, SlipNo};
use crate::domain::visitor::VisitorDraft;
use crate::domain::{CustomerId, NewCustomer, Role, Tier, UnitCode};
use crate::protocol::{PermitDecision, PermitStep, Request};

/// The gate's guard, registered by `paperwork_demo`.
pub const GATE: Operator = Operator {
    uid: 5005,
    login: "gate",
    name: "门卫老张",
    role: Role::Guard,
};

/// What `paperwork_demo` made that tests look for.
pub struct Paperwork {
    pub zhang: CustomerId,
    pub slip: SlipNo,
    pub awaiting: PermitNo,
    pub expiring: PermitNo,
    pub inspecting: PermitNo,
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a fixed date")
}

impl TestDesk {
    pub fn paperwork_demo(&self) -> anyhow::Result<Paperwork> {
        self.add_staff(GATE)?;
        let mut li = self.client(LI)?;
        let mut boss = self.client(BOSS)?;
        let mut resident = |name: &str, phone: &str, unit: &str| -> anyhow::Result<CustomerId> {
            Ok(li
                .customer_add(NewCustomer {
                    name: name.into(),
                    phones: vec![phone.into()],
                    units: vec![unit.into()],
                    tier: Tier::General,
                    notes: String::new(),
                })?
                .id)
        };
        let zhang = resident("张伟", "13800001102", "3-2-1102")?;
        let wang = resident("王磊", "13800000502", "5-1-502")?;
        let chen = resident("陈静", "13800001002", "3-2-1002")?;
        let draft =
            |unit: &str, customer, works: &str, contractor: &str, workers: &str| PermitDraft {
                unit: UnitCode::parse(unit).expect("a unit"),
                customer,
                applicant: PermitApplicant::Owner,
                works: works.into(),
                contractor: Contractor {
                    name: contractor.into(),
                    licence: "91310000MA1K".into(),
                    supervisor_name: "王工".into(),
                    supervisor_phone: "13900000001".into(),
                    supervisor_id: "310101198001010011".into(),
                },
                workers: Worker::parse_list(workers).expect("workers"),
                docs: Doc::ALL.to_vec(),
                waterproof_touched: false,
                waterproof_undertaking: false,
            };
        let mut li = self.client(LI)?;
        let awaiting = li
            .permit(Request::PermitApply(draft(
                "3-2-1102",
                zhang,
                "厨卫翻新",
                "安居装饰",
                "张三:T001,李四:T002",
            )))?
            .no;
        let approve = |no: &PermitNo, from: &str, until: &str| Request::PermitDecide {
            no: no.clone(),
            decision: PermitDecision::Approve(Approval {
                deposit: Fen(200_000),
                deposit_receipt: "YJ-0041".into(),
                rubbish_fee: Fen(30_000),
                rubbish_receipt: "LJ-0041".into(),
                valid_from: day(from),
                valid_until: day(until),
            }),
        };
        let expiring = li
            .permit(Request::PermitApply(draft(
                "5-1-502",
                wang,
                "刷墙、换地板",
                "美家装修",
                "赵五:T011",
            )))?
            .no;
        boss.permit(approve(&expiring, "2026-09-01", "2026-11-28"))?;
        let inspecting = li
            .permit(Request::PermitApply(draft(
                "3-2-1002",
                chen,
                "阳台封窗",
                "安居装饰",
                "钱六:T021",
            )))?
            .no;
        boss.permit(approve(&inspecting, "2026-10-08", "2027-01-07"))?;
        li.permit(Request::PermitStep {
            no: inspecting.clone(),
            step: PermitStep::Finish,
        })?;
        let (slip, _) = li.slip(Request::ReleaseIssue(SlipDraft {
            unit: UnitCode::parse("3-2-1102").expect("a unit"),
            customer: zhang,
            applicant: Applicant::Owner,
            scope: Scope::Partial,
            lease_end: false,
            items: "旧沙发一套、书柜一个".into(),
            fee_receipt: None,
            day: day("2026-11-23"),
            valid_days: None,
        }))?;
        li.visitors(Request::VisitorIn(VisitorDraft {
            host_unit: Some(UnitCode::parse("3-2-1102").expect("a unit")),
            name: "王先生".into(),
            phone: "13700001234".into(),
            party: 2,
            plate: "沪A12345".into(),
            reason: "探亲".into(),
            card: "V-07".into(),
        }))?;
        li.loans(Request::LoanOut {
            item: "对讲机 #4".into(),
            to: "wang".into(),
            due: self.now + chrono::Duration::hours(6),
            condition: "完好".into(),
        })?;
        let row = |line, unit: &str, fee: &str, period: &str, amount: &str| {
            (
                line,
                Arrear::from_row(unit, fee, period, amount).expect("a row"),
            )
        };
        self.client(ADMIN)?.arrears(Request::FeesImport {
            rows: vec![
                row(2, "3-2-1102", "物业服务费", "2026-07..2026-09", "1234.50"),
                row(3, "3-2-1102", "水费", "2026-10", "86.30"),
                row(4, "5-1-502", "停车费", "2026-10", "300"),
            ],
        })?;
        Ok(Paperwork {
            zhang,
            slip: slip.no,
            awaiting,
            expiring,
            inspecting,
        })
    }
}
