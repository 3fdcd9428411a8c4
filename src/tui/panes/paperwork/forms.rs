//! The Paperwork pane's forms: one per record and per transition that needs typing. A form
//! is labelled text fields; submitting parses them once, here at the edge, into the typed
//! request — a bad value names its field and the cursor goes to it.

use crate::protocol::req;
use chrono::NaiveDate;

use crate::domain::fees::{ReminderOutcome, Way};
use crate::domain::loan::LoanNo;
use crate::domain::money::Fen;
use crate::domain::permit::{
    Approval, Contractor, Doc, PermitApplicant, PermitDraft, PermitNo, Worker,
};
use crate::domain::release::{Applicant, Scope, SlipDraft, SlipNo};
use crate::domain::visitor::VisitorDraft;
use crate::domain::{CustomerId, DeskError, Field, Time, UnitCode};
use crate::protocol::{PermitDecision, PermitStep, Request};
use crate::tui::field::TextField;

/// What a form makes when it is submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    ApplyPermit,
    Approve(PermitNo),
    Reject(PermitNo),
    Withdraw(PermitNo),
    Extend(PermitNo),
    InspectFail(PermitNo),
    PassBack(PermitNo),
    Occupied(PermitNo),
    Neighbour(PermitNo),
    IssueSlip,
    VerifySlip,
    LetOut(SlipNo),
    VoidSlip(SlipNo),
    VisitorIn,
    LendItem,
    LoanBack(LoanNo),
    Cover,
    Remind(UnitCode),
}

#[derive(Debug, Clone)]
pub struct Input {
    pub field: Field,
    pub en: &'static str,
    pub zh: &'static str,
    pub value: TextField,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub inputs: Vec<Input>,
    pub focus: usize,
    pub error: Option<String>,
}

fn input(field: Field, en: &'static str, zh: &'static str, value: &str) -> Input {
    Input {
        field,
        en,
        zh,
        value: TextField::with(value),
    }
}

/// Values the form starts with: the open resident, the last gate used.
#[derive(Debug, Default, Clone)]
pub struct Prefill {
    pub customer: Option<CustomerId>,
    pub unit: Option<UnitCode>,
    pub gate: String,
}

impl Form {
    pub fn new(kind: FormKind, pre: &Prefill) -> Form {
        let customer = pre.customer.map(|c| c.to_string()).unwrap_or_default();
        let unit = pre.unit.map(|u| u.to_string()).unwrap_or_default();
        use Field as F;
        let inputs = match &kind {
            FormKind::ApplyPermit => vec![
                input(F::Unit, "Unit", "房号", &unit),
                input(F::Customer, "Resident (C42)", "住户（C42）", &customer),
                input(F::Works, "Works", "装修内容", ""),
                input(F::Contractor, "Contractor", "施工单位", ""),
                input(F::Licence, "Licence no.", "营业执照号", ""),
                input(F::SupervisorName, "Site supervisor", "现场负责人", ""),
                input(F::SupervisorPhone, "Supervisor phone", "负责人电话", ""),
                input(F::SupervisorId, "Supervisor ID", "负责人身份证", ""),
                input(
                    F::Workers,
                    "Workers (name:pass,…)",
                    "施工人员（姓名:证号,…）",
                    "",
                ),
                input(
                    F::Docs,
                    "Documents (all or list)",
                    "资料（all 或列表）",
                    "all",
                ),
                input(
                    F::Waterproof,
                    "Waterproof touched (y/n)",
                    "涉及防水层（y/n）",
                    "n",
                ),
                input(
                    F::Undertaking,
                    "Undertaking signed (y/n)",
                    "已签防水承诺（y/n）",
                    "n",
                ),
                input(F::Consent, "Tenant: owner consent", "租户：业主同意书", ""),
            ],
            FormKind::Approve(_) => vec![
                input(F::Deposit, "Deposit (yuan)", "装修押金（元）", ""),
                input(F::DepositReceipt, "Deposit receipt", "押金收据号", ""),
                input(F::RubbishFee, "Rubbish fee (yuan)", "垃圾清运费（元）", ""),
                input(F::RubbishReceipt, "Rubbish-fee receipt", "清运费收据号", ""),
                input(F::From, "Works from (YYYY-MM-DD)", "施工开始", ""),
                input(
                    F::Until,
                    "Works until (≤3 months)",
                    "施工截止（≤3个月）",
                    "",
                ),
            ],
            FormKind::Reject(_) | FormKind::Withdraw(_) | FormKind::VoidSlip(_) => {
                vec![input(F::Reason, "Reason", "原因", "")]
            }
            FormKind::Extend(_) => vec![input(F::Until, "Extend until (YYYY-MM-DD)", "延期至", "")],
            FormKind::InspectFail(_) => vec![input(F::Note, "What to put right", "整改要求", "")],
            FormKind::PassBack(_) => vec![input(F::Pass, "Pass number", "出入证号", "")],
            FormKind::Occupied(_) => {
                vec![input(F::Since, "Moved in on (YYYY-MM-DD)", "入住日期", "")]
            }
            FormKind::Neighbour(_) => vec![input(F::Name, "Neighbour's name", "楼下邻居姓名", "")],
            FormKind::IssueSlip => vec![
                input(F::Unit, "Unit", "房号", &unit),
                input(F::Customer, "Resident (C42)", "住户（C42）", &customer),
                input(
                    F::Scope,
                    "Scope (full / partial)",
                    "类别（全部 / 部分）",
                    "partial",
                ),
                input(F::Items, "Main items", "主要物品", ""),
                input(F::Receipt, "Fee-clearance receipt", "费用结清收据号", ""),
                input(
                    F::TenantOwnerPhone,
                    "Tenant: owner's phone",
                    "租户：业主电话",
                    "",
                ),
            ],
            FormKind::VerifySlip => vec![input(F::Slip, "Slip number", "放行条号", "")],
            FormKind::LetOut(_) => vec![input(F::Gate, "Gate", "门岗", &pre.gate)],
            FormKind::VisitorIn => vec![
                input(F::Unit, "Host unit", "被访房号", &unit),
                input(F::Name, "Visitor", "访客姓名", ""),
                input(F::Phone, "Phone", "电话", ""),
                input(F::Party, "Party size", "人数", "1"),
                input(F::Plate, "Plate", "车牌", ""),
                input(F::Reason, "Reason", "事由", ""),
                input(F::Card, "Card no.", "访客卡号", ""),
            ],
            FormKind::LendItem => vec![
                input(F::Item, "Key or radio", "钥匙或对讲机", ""),
                input(F::To, "To (login)", "借用人（登录名）", ""),
                input(F::Until, "Back by (18:00 or date time)", "归还时间", ""),
                input(F::Condition, "Condition", "状况", "完好"),
            ],
            FormKind::LoanBack(_) => vec![input(F::Condition, "Condition", "状况", "完好")],
            FormKind::Cover => vec![
                input(F::Covers, "Who covers (login)", "替岗人（登录名）", ""),
                input(F::Until, "Until (HH:MM)", "至（时:分）", ""),
                input(
                    F::ApprovedBy,
                    "Approved by (supervisor login)",
                    "批准人（主管登录名）",
                    "",
                ),
            ],
            FormKind::Remind(_) => vec![
                input(
                    F::Way,
                    "Way (phone/sms/letter/…)",
                    "方式（电话/短信/书面/…）",
                    "phone",
                ),
                input(
                    F::Outcome,
                    "Outcome (paid/promised:DATE/…)",
                    "结果（paid/promised:日期/…）",
                    "",
                ),
                input(F::Note, "Note", "备注", ""),
            ],
        };
        Form {
            kind,
            inputs,
            focus: 0,
            error: None,
        }
    }

    pub fn title(&self, lang: crate::tui::i18n::Lang) -> String {
        use crate::tui::i18n::pick;
        let (en, zh, no) = match &self.kind {
            FormKind::ApplyPermit => (
                "New decoration permit (R-OPS-07)",
                "装修备案申请（R-OPS-07）",
                String::new(),
            ),
            FormKind::Approve(n) => ("Approve", "批准", n.to_string()),
            FormKind::Reject(n) => ("Reject", "驳回", n.to_string()),
            FormKind::Withdraw(n) => ("Withdrawn by the owner", "业主撤回", n.to_string()),
            FormKind::Extend(n) => ("Extend (R-OPS-12)", "延期（R-OPS-12）", n.to_string()),
            FormKind::InspectFail(n) => ("Inspection failed", "验收不合格", n.to_string()),
            FormKind::PassBack(n) => ("Pass returned", "出入证归还", n.to_string()),
            FormKind::Occupied(n) => ("Moved in", "入住", n.to_string()),
            FormKind::Neighbour(n) => {
                ("Downstairs neighbour signed", "楼下邻居签字", n.to_string())
            }
            FormKind::IssueSlip => (
                "New release slip (R-OPS-02)",
                "开具放行条（R-OPS-02）",
                String::new(),
            ),
            FormKind::VerifySlip => ("Verify a slip", "核验放行条", String::new()),
            FormKind::LetOut(n) => ("Let the goods out", "放行", n.to_string()),
            FormKind::VoidSlip(n) => ("Void", "作废", n.to_string()),
            FormKind::VisitorIn => (
                "Visitor arrives (R-OPS-14)",
                "访客登记（R-OPS-14）",
                String::new(),
            ),
            FormKind::LendItem => ("Sign out a key or radio", "钥匙/对讲机借出", String::new()),
            FormKind::LoanBack(n) => ("Signed back", "归还", n.to_string()),
            FormKind::Cover => (
                "Cover hand-over (R-OPS-15)",
                "替岗登记（R-OPS-15）",
                String::new(),
            ),
            FormKind::Remind(u) => (
                "Fee reminder (R-OPS-13)",
                "催缴记录（R-OPS-13）",
                u.to_string(),
            ),
        };
        format!("{} {no}", pick(lang, en, zh))
            .trim_end()
            .to_string()
    }

    fn get(&self, field: Field) -> String {
        self.inputs
            .iter()
            .find(|i| i.field == field)
            .map(|i| i.value.text())
            .unwrap_or_default()
    }

    /// Puts the cursor on `field` and shows why it is wrong.
    pub fn point_at(&mut self, field: Field, why: String) {
        if let Some(i) = self.inputs.iter().position(|i| i.field == field) {
            self.focus = i;
        }
        self.error = Some(why);
    }

    /// The typed request, or the first field that does not parse.
    pub fn request(&self, now: Time, offset_minutes: i32) -> Result<Request, DeskError> {
        let today = crate::domain::local_time::local_day(now, offset_minutes);
        let get = |f| self.get(f);
        let date = |f: Field| {
            NaiveDate::parse_from_str(get(f).trim(), "%Y-%m-%d")
                .map_err(|_| DeskError::invalid(f, "is not a date; write YYYY-MM-DD"))
        };
        let customer = || -> Result<CustomerId, DeskError> {
            get(Field::Customer).trim().parse().map_err(|_| {
                DeskError::invalid(Field::Customer, "write the resident's number, like C42")
            })
        };
        let time = |f: Field| {
            crate::domain::local_time::parse_time_on(f, &get(f), offset_minutes, Some(today))
        };
        let step = |no: &PermitNo, step| {
            Request::PermitStep(req::PermitStep {
                no: no.clone(),
                step,
            })
        };
        let decide = |no: &PermitNo, decision| {
            Request::PermitDecide(req::PermitDecide {
                no: no.clone(),
                decision,
            })
        };
        Ok(match &self.kind {
            FormKind::ApplyPermit => {
                let yes = |f| {
                    let v = get(f).trim().to_ascii_lowercase();
                    v.starts_with('y') || v.starts_with('是')
                };
                let consent = get(Field::Consent);
                Request::PermitApply(req::PermitApply {
                    draft: PermitDraft {
                        unit: UnitCode::parse(&get(Field::Unit))?,
                        customer: customer()?,
                        applicant: if consent.trim().is_empty() {
                            PermitApplicant::Owner
                        } else {
                            PermitApplicant::Tenant {
                                owner_consent: consent,
                            }
                        },
                        works: get(Field::Works),
                        contractor: Contractor {
                            name: get(Field::Contractor),
                            licence: get(Field::Licence),
                            supervisor_name: get(Field::SupervisorName),
                            supervisor_phone: get(Field::SupervisorPhone),
                            supervisor_id: get(Field::SupervisorId),
                        },
                        workers: Worker::parse_list(&get(Field::Workers))?,
                        docs: Doc::parse_list(&get(Field::Docs))?,
                        waterproof_touched: yes(Field::Waterproof),
                        waterproof_undertaking: yes(Field::Undertaking),
                    },
                })
            }
            FormKind::Approve(no) => decide(
                no,
                PermitDecision::Approve(Approval {
                    deposit: Fen::parse(Field::Deposit, &get(Field::Deposit))?,
                    deposit_receipt: get(Field::DepositReceipt),
                    rubbish_fee: Fen::parse(Field::RubbishFee, &get(Field::RubbishFee))?,
                    rubbish_receipt: get(Field::RubbishReceipt),
                    valid_from: if get(Field::From).trim().is_empty() {
                        today
                    } else {
                        date(Field::From)?
                    },
                    valid_until: date(Field::Until)?,
                }),
            ),
            FormKind::Reject(no) => decide(
                no,
                PermitDecision::Reject {
                    reason: get(Field::Reason),
                },
            ),
            FormKind::Withdraw(no) => step(
                no,
                PermitStep::Withdraw {
                    reason: get(Field::Reason),
                },
            ),
            FormKind::Extend(no) => decide(
                no,
                PermitDecision::Extend {
                    until: date(Field::Until)?,
                },
            ),
            FormKind::InspectFail(no) => step(
                no,
                PermitStep::Inspect {
                    passed: false,
                    note: get(Field::Note),
                },
            ),
            FormKind::PassBack(no) => step(
                no,
                PermitStep::PassBack {
                    pass: get(Field::Pass),
                },
            ),
            FormKind::Occupied(no) => step(
                no,
                PermitStep::Occupied {
                    since: date(Field::Since)?,
                },
            ),
            FormKind::Neighbour(no) => step(
                no,
                PermitStep::NeighbourSigned {
                    name: get(Field::Name),
                },
            ),
            FormKind::IssueSlip => {
                let receipt = get(Field::Receipt);
                let owner_phone = get(Field::TenantOwnerPhone);
                Request::ReleaseIssue(req::ReleaseIssue {
                    draft: SlipDraft {
                        unit: UnitCode::parse(&get(Field::Unit))?,
                        customer: customer()?,
                        applicant: if owner_phone.trim().is_empty() {
                            Applicant::Owner
                        } else {
                            Applicant::Tenant { owner_phone }
                        },
                        scope: Scope::parse(&get(Field::Scope))?,
                        lease_end: false,
                        items: get(Field::Items),
                        fee_receipt: (!receipt.trim().is_empty()).then_some(receipt),
                        day: today,
                        valid_days: None,
                    },
                })
            }
            FormKind::VerifySlip => Request::ReleaseVerify(req::ReleaseVerify {
                no: SlipNo::parse(&get(Field::Slip))?,
            }),
            FormKind::LetOut(no) => Request::ReleaseOut(req::ReleaseOut {
                no: no.clone(),
                gate: get(Field::Gate),
            }),
            FormKind::VoidSlip(no) => Request::ReleaseVoid(req::ReleaseVoid {
                no: no.clone(),
                reason: get(Field::Reason),
            }),
            FormKind::VisitorIn => Request::VisitorIn(req::VisitorIn {
                draft: VisitorDraft {
                    host_unit: Some(UnitCode::parse(&get(Field::Unit))?),
                    name: get(Field::Name),
                    phone: get(Field::Phone),
                    party: get(Field::Party).trim().parse().map_err(|_| {
                        DeskError::invalid(Field::Party, "write how many people, like 2")
                    })?,
                    plate: get(Field::Plate),
                    reason: get(Field::Reason),
                    card: get(Field::Card),
                },
            }),
            FormKind::LendItem => Request::LoanOut(req::LoanOut {
                item: get(Field::Item),
                to: get(Field::To),
                due: time(Field::Until)?,
                condition: get(Field::Condition),
            }),
            FormKind::LoanBack(no) => Request::LoanBack(req::LoanBack {
                no: no.clone(),
                condition: get(Field::Condition),
            }),
            FormKind::Cover => Request::CoverSign(req::CoverSign {
                covering: get(Field::Covers),
                from: now,
                until: time(Field::Until)?,
                approved_by: get(Field::ApprovedBy),
            }),
            FormKind::Remind(unit) => Request::FeesRemind(req::FeesRemind {
                unit: *unit,
                way: Way::parse(&get(Field::Way))?,
                outcome: ReminderOutcome::parse(&get(Field::Outcome), today)?,
                note: get(Field::Note),
            }),
        })
    }
}
