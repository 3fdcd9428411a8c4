//! Demo paperwork, made through the daemon's own requests by whoever runs it (an admin or
//! supervisor: one permit is approved): three residents, a permit awaiting approval, one
//! expiring within the week, one awaiting inspection, a release slip, a visitor on site, a
//! radio out and arrears for two units. Dates are relative to `now`, so `--demo` shows
//! live lists; the test kit calls it on its fixed clock for snapshots and screenshots.

use crate::protocol::req;
use chrono::{Duration, NaiveDate};

use crate::client::Calls;
use crate::domain::fees::Arrear;
use crate::domain::money::Fen;
use crate::domain::permit::{
    Approval, Contractor, Doc, PermitApplicant, PermitDraft, PermitNo, Worker,
};
use crate::domain::release::{Applicant, Scope, SlipDraft, SlipNo};
use crate::domain::visitor::VisitorDraft;
use crate::domain::{CustomerId, DeskError, NewCustomer, Tier, Time, UnitCode};
use crate::protocol::{PermitDecision, PermitStep};

/// What `seed` made that tests look for.
pub struct Paperwork {
    pub zhang: CustomerId,
    pub slip: SlipNo,
    pub awaiting: PermitNo,
    pub expiring: PermitNo,
    pub inspecting: PermitNo,
}

fn unit(s: &str) -> Result<UnitCode, DeskError> {
    UnitCode::parse(s)
}

/// Seeds the paperwork; `today` is the desk's local day at `now`; the radio goes to the
/// colleague `borrower` (a login).
pub fn seed<C: Calls>(
    c: &mut C,
    now: Time,
    today: NaiveDate,
    borrower: &str,
) -> Result<Paperwork, C::Error> {
    let resident = |c: &mut C, name: &str, phone: &str, u: &str| -> Result<CustomerId, C::Error> {
        Ok(c.send(req::CustomerAdd {
            customer: NewCustomer {
                name: name.into(),
                phones: vec![phone.into()],
                units: vec![u.into()],
                tier: Tier::General,
                notes: String::new(),
            },
        })?
        .id)
    };
    let zhang = resident(c, "张伟", "13800001102", "3-2-1102")?;
    let wang = resident(c, "王磊", "13800000502", "5-1-502")?;
    let chen = resident(c, "陈静", "13800001002", "3-2-1002")?;
    let (awaiting, expiring, inspecting) = permits(c, today, [zhang, wang, chen])?;
    let (slip, _) = c.send(req::ReleaseIssue {
        draft: SlipDraft {
            unit: unit("3-2-1102")?,
            customer: zhang,
            applicant: Applicant::Owner,
            scope: Scope::Partial,
            lease_end: false,
            items: "旧沙发一套、书柜一个".into(),
            fee_receipt: None,
            id_number: "310101198003150017".into(),
            waive_arrears: None,
            day: today,
            valid_days: None,
        },
    })?;
    c.send(req::VisitorIn {
        draft: VisitorDraft {
            host_unit: Some(unit("3-2-1102")?),
            name: "王先生".into(),
            phone: "13700001234".into(),
            party: 2,
            plate: "沪A12345".into(),
            reason: "探亲".into(),
            card: "V-07".into(),
        },
    })?;
    c.send(req::LoanOut {
        item: "对讲机 #4".into(),
        to: borrower.into(),
        due: now + Duration::hours(6),
        condition: "完好".into(),
    })?;
    let row = |line,
               u: &str,
               fee: &str,
               period: &str,
               amount: &str|
     -> Result<(u32, Arrear), DeskError> {
        Ok((line, Arrear::from_row(u, fee, period, amount)?))
    };
    c.send(req::FeesImport {
        rows: vec![
            row(2, "3-2-1102", "物业服务费", "2026-07..2026-09", "1234.50")?,
            row(3, "3-2-1102", "水费", "2026-10", "86.30")?,
            row(4, "5-1-502", "停车费", "2026-10", "300")?,
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

/// Three permits: one awaiting a decision, one approved and about to expire, one whose works
/// are finished and wait for the inspection.
fn permits<C: Calls>(
    c: &mut C,
    today: NaiveDate,
    [zhang, wang, chen]: [CustomerId; 3],
) -> Result<(PermitNo, PermitNo, PermitNo), C::Error> {
    let draft = |u: &str,
                 customer,
                 works: &str,
                 contractor: &str,
                 workers: &str|
     -> Result<PermitDraft, DeskError> {
        Ok(PermitDraft {
            unit: unit(u)?,
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
            workers: Worker::parse_list(workers)?,
            docs: Doc::ALL.to_vec(),
            waterproof_touched: false,
            waterproof_undertaking: false,
        })
    };
    let approve = |no: &PermitNo, from: i64, until: i64| req::PermitDecide {
        no: no.clone(),
        decision: PermitDecision::Approve(Approval {
            deposit: Fen(200_000),
            deposit_receipt: "YJ-0041".into(),
            rubbish_fee: Fen(30_000),
            rubbish_receipt: "LJ-0041".into(),
            valid_from: today + Duration::days(from),
            valid_until: today + Duration::days(until),
        }),
    };
    let awaiting = c
        .send(req::PermitApply {
            draft: draft(
                "3-2-1102",
                zhang,
                "厨卫翻新",
                "安居装饰",
                "张三:T001,李四:T002",
            )?,
        })?
        .no;
    let expiring = c
        .send(req::PermitApply {
            draft: draft("5-1-502", wang, "刷墙、换地板", "美家装修", "赵五:T011")?,
        })?
        .no;
    c.send(approve(&expiring, -60, 5))?;
    let inspecting = c
        .send(req::PermitApply {
            draft: draft("3-2-1002", chen, "阳台封窗", "安居装饰", "钱六:T021")?,
        })?
        .no;
    c.send(approve(&inspecting, -40, 40))?;
    c.send(req::PermitStep {
        no: inspecting.clone(),
        step: PermitStep::Finish,
    })?;
    Ok((awaiting, expiring, inspecting))
}
