//! Refusals of the desk's paperwork: decoration permits (R-OPS-07..12), release slips
//! (R-OPS-02..04), loans, visitors, fees.

use super::{refusals, Term};

refusals! {
    PaperRefusal "paper" {
        /// A permit step its state does not allow; `rule` says which state it needs.
        PermitNotNow { permit: String, state: Term, rule: Term }
        WorkersNeeded {}
        PassTwice { pass: String }
        WaterproofUndertaking {}
        DocMissing { doc: Term }
        DepositReceiptNeeded {}
        RubbishReceiptNeeded {}
        DepositNeeded {}
        ExtensionNotLater { current: String }
        FailedInspectionNote {}
        SpanBackwards { what: Term, from: String, to: String }
        SpanTooLong { what: Term, months: u32, from: String, cap: String }
        AttorneyNeeded {}
        TenantOwnerPhone {}
        FeesFirst { why: Term }
        SlipDays {}
        SlipNotYet { slip: String, from: String }
        SlipNotValid { slip: String, verdict: Term }
        SlipNotVoidable { slip: String, state: Term }
    }
}
