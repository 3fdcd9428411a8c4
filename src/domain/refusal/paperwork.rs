//! Refusals of the desk's paperwork: decoration permits (R-OPS-07..12), release slips
//! (R-OPS-02..04), loans, visitors, fees.

use super::{refusals, Refusal, Rows, Term};

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
        ArrearsOnFile { unit: String, owed: String, periods: String }
        WaiverBySupervisor {}
        NotTheOwner { name: String, unit: String, role: Term }
        OwnerAsTenant { name: String, unit: String }
        NotTheOwnersPhone { owner: String }
        IdNumberNeeded {}
        SlipDays {}
        SlipNotYet { slip: String, from: String }
        SlipNotValid { slip: String, verdict: Term }
        SlipNotVoidable { slip: String, state: Term }
        NoSuchPermit { permit: String }
        NotApplicantsUnit { unit: String, name: String }
        TenantApplies { name: String, unit: String }
        TenantConsent {}
        NoPassNumber { value: String }
        NoSuchPass { permit: String, pass: String, passes: String }
        PassBackAlready { pass: String }
        GroundFloor { unit: String }
        MovedInFuture {}
        /// R-OPS-10: the deposit waits for `item`; `why` says what is missing.
        NotRefundable { permit: String, item: Term, why: Box<Refusal> }
        InspectionNotPassed { permit: String, state: Term }
        OccupancyUnrecorded {}
        OccupancyTooShort { since: String, from: String }
        NeighbourUnsigned { below: String }
        PapersNotBack {}
        PassesOut { passes: String }
        FileUnchecked {}
        NoSuchSlip { slip: String }
        NotSlipUnit { unit: String, name: String }
        NoSuchLoan { loan: String }
        LoanBackAlready { loan: String, item: String, at: String }
        VisitorUnitMissing {}
        PartySize { party: u32, max: u32 }
        NoSuchVisitor { visitor: String }
        VisitorLeft { visitor: String, name: String, at: String }
        AlreadyLivesIn { customer: String, unit: String }
        TenantNeedsOwner {}
        RelativeNeedsOwner {}
        RelativeNeedsKinshipProof {}
        NotOwnerOf { owner: String, unit: String }
        OwnerForTenants {}
        NotLivingIn { customer: String, unit: String }
        MoveOutBeforeIn { date: String, moved_in: String }
        FutureDate { date: String }
        ZeroAmount {}
        PromiseDayPast { day: String }
        PromiseWhen {}
        NoArrearsRows {}
        ArrearsBadRows { rows: Rows }
        UnitUnknown { unit: String }
        SameAsLine { first: u64 }
        NoArrearsFor { unit: String }
        NotCounterStaff { login: String }
        NotTeamLead { login: String }
        SurveyOffCycle { month: String }
        IssueNotInMonth { day: String, month: String }
        NoSuchMonth {}
        SurveyClosed { month: String, closed: String }
        NoSuchSurvey { month: String }
        NoSurveyYet {}
        SurveyStillOpen { month: String }
        SurveyExists { month: String }
        NameUnits {}
        AlreadyAnswered { unit: String, month: String }
        LowScoreNoResident { unit: String }
        NotScore { value: String }
        SevenScores { got: usize }
        TopicEqScore { value: String }
        BlankForm {}
    }
}
