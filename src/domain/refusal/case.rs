//! Refusals of a step on a case: who may take it (首问负责制, recusal) and what its state
//! allows (R-LIFE-11).

use super::super::Ticket;
use super::{refusals, Act, Term};

refusals! {
    CaseRefusal "case" {
        SubjectAlreadyNamed { ticket: Ticket, person: String }
        SubjectOwns { person: String, ticket: Ticket }
        SubjectWorksOn { person: String, ticket: Ticket }
        /// R-INT-12: the subject of a complaint takes no step on it.
        SubjectCannot { act: Act }
        YouAreSubject { ticket: Ticket }
        SubjectCannotRegister {}
        DispatchNeedsOwner { ticket: Ticket }
        AlreadyHandling { ticket: Ticket }
        AlreadyTaken { ticket: Ticket, taker: String }
        NotDispatchedToDepartment { ticket: Ticket }
        StartNeedsWorker { ticket: Ticket }
        /// R-INT-17: those working on the case, or a supervisor, record the finding.
        InvestigateNeedsWorker { ticket: Ticket }
        AlreadyWorkingOn { ticket: Ticket }
        Closed { ticket: Ticket }
        PromiseNeedsOwner { ticket: Ticket }
        PromiseInPast {}
        /// R-INT-06: not solved on the spot, so a service time is promised at intake.
        PromiseNeeded {}
        /// Undo: no step of the caller's is waiting to be undone.
        NothingToUndo {}
        UndoTooLate { ticket: Ticket, minutes: i64 }
        /// Someone acted on the case after the step.
        UndoChangedSince { ticket: Ticket, person: String }
        /// The resolution queued a callback, which is another record.
        UndoQueuedCallback { ticket: Ticket, callback: String }
        /// The step the screen offered is no longer the caller's last one.
        UndoNotLast { ticket: Ticket }
        /// Incidents: linking and resolving.
        LinkNeedsWorker { ticket: Ticket }
        AlreadyLinked { ticket: Ticket, incident: String }
        IncidentResolved { incident: String }
        NoSuchIncident { incident: String }
        IncidentAlreadyOpen { incident: String }
        NotActiveSupervisor { person: String }
        EscalateToSelf {}
        AlreadyOwns { person: String, ticket: Ticket }
        ComplaintNeedsCause {}
        ComplaintNeedsAction {}
        ReplyBeforeResolve { ticket: Ticket }
        ReplyBeforeClose { ticket: Ticket }
        ReplyNeedsOwnerOrHandler { ticket: Ticket }
        UnreachableSupervisorCloses { ticket: Ticket }
        CloseNotReady { ticket: Ticket, state: Term }
        EscalateNeedsOwner { ticket: Ticket }
        NameSubjectNeedsSupervisor {}
        ReassignNeedsSupervisor {}
        OnlyOwnerMay { act: Act, ticket: Ticket }
        NotInState { ticket: Ticket, state: Term, act: Act }
    }
}
