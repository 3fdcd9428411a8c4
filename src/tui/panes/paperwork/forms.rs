//! The Paperwork pane's forms: one per record and per transition that needs typing. A form
//! is labelled text fields (its kind says which); `submit.rs` parses and sends them.

use crate::domain::loan::LoanNo;
use crate::domain::permit::PermitNo;
use crate::domain::release::SlipNo;
use crate::domain::{CustomerId, Field, UnitCode};
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
            FormKind::ApplyPermit => permit_inputs(&unit, &customer),
            FormKind::Approve(_) => approval_inputs(),
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
            FormKind::ApplyPermit => ("New decoration permit", "装修备案申请", String::new()),
            FormKind::Approve(n) => ("Approve", "批准", n.to_string()),
            FormKind::Reject(n) => ("Reject", "驳回", n.to_string()),
            FormKind::Withdraw(n) => ("Withdrawn by the owner", "业主撤回", n.to_string()),
            FormKind::Extend(n) => ("Extend", "延期", n.to_string()),
            FormKind::InspectFail(n) => ("Inspection failed", "验收不合格", n.to_string()),
            FormKind::PassBack(n) => ("Pass returned", "出入证归还", n.to_string()),
            FormKind::Occupied(n) => ("Moved in", "入住", n.to_string()),
            FormKind::Neighbour(n) => {
                ("Downstairs neighbour signed", "楼下邻居签字", n.to_string())
            }
            FormKind::IssueSlip => ("New release slip", "开具放行条", String::new()),
            FormKind::VerifySlip => ("Verify a slip", "核验放行条", String::new()),
            FormKind::LetOut(n) => ("Let the goods out", "放行", n.to_string()),
            FormKind::VoidSlip(n) => ("Void", "作废", n.to_string()),
            FormKind::VisitorIn => ("Visitor arrives", "访客登记", String::new()),
            FormKind::LendItem => ("Sign out a key or radio", "钥匙/对讲机借出", String::new()),
            FormKind::LoanBack(n) => ("Signed back", "归还", n.to_string()),
            FormKind::Cover => ("Cover hand-over", "替岗登记", String::new()),
            FormKind::Remind(u) => ("Fee reminder", "催缴记录", u.to_string()),
        };
        format!("{} {no}", pick(lang, en, zh))
            .trim_end()
            .to_string()
    }

    pub fn get(&self, field: Field) -> String {
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
}

/// The permit application's fields (R-OPS-07): the works, the contractor, its people and
/// papers, waterproofing, and a tenant's owner consent.
fn permit_inputs(unit: &str, customer: &str) -> Vec<Input> {
    use Field as F;
    vec![
        input(F::Unit, "Unit", "房号", unit),
        input(F::Customer, "Resident (C42)", "住户（C42）", customer),
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
    ]
}

/// A supervisor's approval (R-OPS-08/09): deposit and rubbish fee with receipts, the works'
/// dates.
fn approval_inputs() -> Vec<Input> {
    use Field as F;
    vec![
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
    ]
}
