//! Refusals about the desk's people, residents and queues: who is staff, who may do what,
//! whose record it is, what is booked, what was changed by someone else.

use super::super::Ticket;
use super::{refusals, Refusal, Rows, Term};

refusals! {
    DeskRefusal "desk" {
        NotStaffLogin { login: String }
        /// A case changed under an edit.
        CaseStale { ticket: Ticket, current: u32, base: u32 }
        /// A resident's record changed under an edit.
        CustomerStale { customer: String, current: u32, base: u32 }
        Deactivated { login: String }
        NoStaffYet {}
        NotStaff { login: String, uid: u32 }
        AlreadyInitialised { admins: String, login: String }
        RoleNeeded { needed: Term, right: Term, login: String, role: Term }
        ViewNeedsRole { view: Term, needed: Term }
        NoUnixAccount { login: String }
        UidTaken { uid: u32, login: String }
        /// Another active operator's phone has that extension.
        ExtensionTaken { ext: String, person: String }
        NoSuchCall { call: String }
        /// A reply template's `{…}` names no field the case fills.
        UnknownTemplateField { field: String, known: String }
        NoSuchTemplate { id: u64 }
        LastAdmin { person: String }
        AlreadyActive { person: String }
        AlreadyDeactivated { person: String }
        DeactivateSelf {}
        /// Someone deactivated the caller, with their reason.
        DeactivatedBy { person: String, reason: String }
        TooManyConnections { login: String, held: usize, max: u32 }
        SuccessorIsLeaver {}
        HandoverRefused { ticket: Ticket, why: Box<Refusal> }
        HandoverClash { person: String, start: String, end: String, visit: String, leaver: String, moving: String }
        NothingToChange {}
        /// `category map`: no case is filed under `value`.
        NoCaseUnder { value: String }
        CustomerNotFound { customer: String }
        MergedAlready { customer: String }
        MergeSame {}
        CustomerMissing {}
        NoPhone {}
        NoUnit {}
        TierNeedsSupervisor {}
        PhoneNotOnRecord { phone: String, name: String }
        EditChangesNothing {}
        NotTheirUnit { unit: String, name: String, units: String }
        TicketNotFound { ticket: Ticket }
        ComplaintNamesYou { ticket: Ticket }
        TicketOtherCustomer { ticket: Ticket }
        AfterNotListed { after: String }
        CallbackNotFound { callback: String }
        CallbackFinished { callback: String }
        OnsiteSample {}
        SignatureOnsite {}
        UnhappyNote {}
        SubjectNoCallback {}
        SubjectNoVisit {}
        CustomerNoUnit {}
        VisitEndBeforeStart {}
        VisitTooLong { hours: i64 }
        VisitNotScheduled { visit: String }
        VisitNotFound { visit: String }
        VisitNotYours { visit: String, person: String }
        Booked { person: String, visit: String, kind: Term, who: String, unit: String, start: String, end: String }
        CoverSelf {}
        CoverOwnApproval {}
        CoverBackwards {}
        CoverTooLong {}
        CoverNotYours {}
        RecordKept { name: String, keeper: String }
        CoverAlreadyOk {}
        NoCoverAwaitsYou {}
        BadRows { count: u64, rows: Rows }
        IdRepeats { id: u64 }
        IdExists { id: u64 }
        TenantNeedsOneOwner { unit: String }
        DemoNotEmpty { count: usize }
        NoRowsToImport {}
        WhichEstate { codes: String }
        NotOurEstate { value: String, codes: String }
        NoEstateStaff {}
        PageOneEstate {}
    }
}
