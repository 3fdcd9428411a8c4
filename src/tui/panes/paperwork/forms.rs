//! The Paperwork pane's forms: one per record and per transition that needs typing. A form
//! is labelled text fields (its kind says which); `submit.rs` parses and sends them.

use crate::domain::loan::LoanNo;
use crate::domain::permit::PermitNo;
use crate::domain::release::SlipNo;
use crate::domain::{CustomerId, Field, UnitCode};
use crate::tui::field::TextField;
use crate::tui::i18n::Msg;

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
    pub label: Msg,
    pub value: TextField,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub inputs: Vec<Input>,
    pub focus: usize,
    pub error: Option<String>,
}

fn input(field: Field, label: Msg, value: &str) -> Input {
    Input {
        field,
        label,
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
                vec![input(F::Reason, Msg::FieldReason2, "")]
            }
            FormKind::Extend(_) => vec![input(F::Until, Msg::FieldExtendUntilYyyyMmDd, "")],
            FormKind::InspectFail(_) => vec![input(F::Note, Msg::FieldWhatToPutRight, "")],
            FormKind::PassBack(_) => vec![input(F::Pass, Msg::FieldPassNumber, "")],
            FormKind::Occupied(_) => {
                vec![input(F::Since, Msg::FieldMovedInOnYyyyMm, "")]
            }
            FormKind::Neighbour(_) => vec![input(F::Name, Msg::FieldNeighbourSName, "")],
            FormKind::IssueSlip => vec![
                input(F::Unit, Msg::FieldUnit, &unit),
                input(F::Customer, Msg::FieldResidentC, &customer),
                input(F::Scope, Msg::FieldScopeFullPartial, "partial"),
                input(F::Items, Msg::FieldMainItems, ""),
                input(F::Receipt, Msg::FieldFeeClearanceReceipt, ""),
                input(F::TenantOwnerPhone, Msg::FieldTenantOwnerSPhone, ""),
                input(F::IdNumber, Msg::FieldApplicantIdNumber, ""),
                input(F::WaiveArrears, Msg::FieldWaiveArrearsSupervisor, ""),
            ],
            FormKind::VerifySlip => vec![input(F::Slip, Msg::FieldSlipNumber, "")],
            FormKind::LetOut(_) => vec![input(F::Gate, Msg::FieldGate, &pre.gate)],
            FormKind::VisitorIn => vec![
                input(F::Unit, Msg::FieldHostUnit, &unit),
                input(F::Name, Msg::FieldVisitor, ""),
                input(F::Phone, Msg::FieldPhone, ""),
                input(F::Party, Msg::FieldPartySize, "1"),
                input(F::Plate, Msg::FieldPlate, ""),
                input(F::Reason, Msg::FieldReason3, ""),
                input(F::Card, Msg::FieldCardNo, ""),
            ],
            FormKind::LendItem => vec![
                input(F::Item, Msg::FieldKeyOrRadio, ""),
                input(F::To, Msg::FieldToLogin, ""),
                input(F::Until, Msg::FieldBackByOrDateTime, ""),
                input(F::Condition, Msg::FieldCondition, "完好"),
            ],
            FormKind::LoanBack(_) => vec![input(F::Condition, Msg::FieldCondition, "完好")],
            FormKind::Cover => vec![
                input(F::Covers, Msg::FieldWhoCoversLogin, ""),
                input(F::Until, Msg::FieldUntilHhMm, ""),
                input(F::ApprovedBy, Msg::FieldApprovedBySupervisorLogin, ""),
            ],
            FormKind::Remind(_) => vec![
                input(F::Way, Msg::FieldWayPhoneSmsLetter, "phone"),
                input(F::Outcome, Msg::FieldOutcomePaidPromisedDate, ""),
                input(F::Note, Msg::FieldNote, ""),
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
        let (title, no) = match &self.kind {
            FormKind::ApplyPermit => (Msg::TitleNewDecorationPermit, String::new()),
            FormKind::Approve(n) => (Msg::TitleApprove, n.to_string()),
            FormKind::Reject(n) => (Msg::TitleReject, n.to_string()),
            FormKind::Withdraw(n) => (Msg::TitleWithdrawnByTheOwner, n.to_string()),
            FormKind::Extend(n) => (Msg::TitleExtend, n.to_string()),
            FormKind::InspectFail(n) => (Msg::TitleInspectionFailed, n.to_string()),
            FormKind::PassBack(n) => (Msg::TitlePassReturned, n.to_string()),
            FormKind::Occupied(n) => (Msg::TitleMovedIn, n.to_string()),
            FormKind::Neighbour(n) => (Msg::TitleDownstairsNeighbourSigned, n.to_string()),
            FormKind::IssueSlip => (Msg::TitleNewReleaseSlip, String::new()),
            FormKind::VerifySlip => (Msg::TitleVerifyASlip, String::new()),
            FormKind::LetOut(n) => (Msg::TitleLetTheGoodsOut, n.to_string()),
            FormKind::VoidSlip(n) => (Msg::TitleVoid, n.to_string()),
            FormKind::VisitorIn => (Msg::TitleVisitorArrives, String::new()),
            FormKind::LendItem => (Msg::TitleSignOutAKeyOr, String::new()),
            FormKind::LoanBack(n) => (Msg::TitleSignedBack, n.to_string()),
            FormKind::Cover => (Msg::TitleCoverHandOver, String::new()),
            FormKind::Remind(u) => (Msg::TitleFeeReminder, u.to_string()),
        };
        format!("{} {no}", title.text(lang)).trim_end().to_string()
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
        input(F::Unit, Msg::FieldUnit, unit),
        input(F::Customer, Msg::FieldResidentC, customer),
        input(F::Works, Msg::FieldWorks, ""),
        input(F::Contractor, Msg::FieldContractor, ""),
        input(F::Licence, Msg::FieldLicenceNo, ""),
        input(F::SupervisorName, Msg::FieldSiteSupervisor, ""),
        input(F::SupervisorPhone, Msg::FieldSupervisorPhone, ""),
        input(F::SupervisorId, Msg::FieldSupervisorId, ""),
        input(F::Workers, Msg::FieldWorkersNamePass, ""),
        input(F::Docs, Msg::FieldDocumentsAllOrList, "all"),
        input(F::Waterproof, Msg::FieldWaterproofTouchedYN, "n"),
        input(F::Undertaking, Msg::FieldUndertakingSignedYN, "n"),
        input(F::Consent, Msg::FieldTenantOwnerConsent, ""),
    ]
}

/// A supervisor's approval (R-OPS-08/09): deposit and rubbish fee with receipts, the works'
/// dates.
fn approval_inputs() -> Vec<Input> {
    use Field as F;
    vec![
        input(F::Deposit, Msg::FieldDepositYuan, ""),
        input(F::DepositReceipt, Msg::FieldDepositReceipt, ""),
        input(F::RubbishFee, Msg::FieldRubbishFeeYuan, ""),
        input(F::RubbishReceipt, Msg::FieldRubbishFeeReceipt, ""),
        input(F::From, Msg::FieldWorksFromYyyyMmDd, ""),
        input(F::Until, Msg::FieldWorksUntilMonths, ""),
    ]
}
