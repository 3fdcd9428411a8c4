//! The vocabulary of a case: its kind, channel and severity (parsed from people's words in
//! English or Chinese, once, at the edge), its status, handler, deadlines and timeline events.

use serde::{Deserialize, Serialize};

use crate::domain::{CallbackId, Field, StaffId, Time};

crate::domain::by_word::words! {
    #[derive(Default)]
    pub enum CaseKind in Field::Kind {
        #[default]
        Complaint = ["complaint", "投诉"],
        Repair = ["repair", "报修"],
        Inquiry = ["inquiry", "咨询"],
        Suggestion = ["suggestion", "建议"],
        Help = ["help", "求助"],
    }
}

crate::domain::by_word::words! {
    /// R-INT-09: phone, in person, letter, e-mail, via PM staff.
    #[derive(Default)]
    pub enum Channel in Field::Channel {
        #[default]
        Counter = ["counter", "visit", "in-person"],
        Phone = ["phone", "call"],
        Letter = ["letter"],
        Email = ["email", "e-mail"],
        Staff = ["staff"],
    }
}

crate::domain::by_word::words! {
    /// R-INT-15: L1 urgent, L2 important, L3 general.
    #[derive(Default, PartialOrd, Ord)]
    pub enum Severity in Field::Severity,
        "L1 (urgent), L2 (important) or L3 (general)", "L1（紧急）、L2（重要）或 L3（一般）" {
        L1 = ["l1", "1", "urgent"],
        L2 = ["l2", "2", "important"],
        #[default]
        L3 = ["l3", "3", "general"],
    }
}

crate::domain::by_word::words! {
    /// R-LIFE-11 states (DESIGN §3 names): Registered → Dispatched → InProgress → Resolved →
    /// CallbackDone → Closed, with Escalated and Reopened.
    pub enum CaseStatus as "state" {
        Registered = ["registered"],
        Dispatched = ["dispatched"],
        InProgress = ["in-progress"],
        Escalated = ["escalated"],
        Resolved = ["resolved"],
        CallbackDone = ["callback-done"],
        Closed = ["closed"],
        Reopened = ["reopened"],
        /// R-CB-01: the last callback attempt found nobody; a supervisor decides (close it, or
        /// call again). Appended: older records decode as before.
        AwaitingDecision = ["awaiting-decision"],
    }
}

impl CaseStatus {
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseStatus::Resolved
                | CaseStatus::CallbackDone
                | CaseStatus::Closed
                | CaseStatus::AwaitingDecision
        )
    }
}

/// Who the work was sent to. Never the owner field: dispatch does not move ownership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Handler {
    #[serde(alias = "Department")]
    Department(String),
    #[serde(alias = "Staff")]
    Staff(StaffId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    // For an inquiry `respond` is the reply deadline (R-INT-10, `inquiry_reply_hours`).
    /// R-INT-15: acknowledge and confirm the type.
    pub acknowledge: Time,
    /// R-INT-07: the three-minute rule, for the kinds `Policy::dispatch_kinds` lists; `None`
    /// for the others (an inquiry is answered, not dispatched). Record version 3; older
    /// records are upgraded by the rule they were written under (`store/upgrade.rs`).
    pub dispatch: Option<Time>,
    pub respond: Time,
    pub resolve: Time,
    /// R-INT-17: the end of the day of registration, for the kinds `Policy::investigate_kinds`
    /// lists; `None` for the others. Record version 7; older cases have none.
    pub investigate: Option<Time>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseEvent {
    #[serde(alias = "Registered")]
    Registered,
    #[serde(alias = "Dispatched")]
    Dispatched(Handler),
    #[serde(alias = "Started")]
    Started,
    #[serde(alias = "Note")]
    Note(String),
    #[serde(alias = "AssistJoined")]
    AssistJoined,
    #[serde(alias = "Replied")]
    Replied(String),
    #[serde(alias = "PromiseChanged")]
    PromiseChanged { promised: Time, reason: String },
    #[serde(alias = "Escalated")]
    Escalated(String),
    #[serde(alias = "Reassigned")]
    Reassigned {
        from: StaffId,
        to: StaffId,
        reason: String,
    },
    #[serde(alias = "Resolved")]
    Resolved(String),
    #[serde(alias = "CallbackScheduled")]
    CallbackScheduled(CallbackId),
    #[serde(alias = "CallbackSatisfied")]
    CallbackSatisfied,
    /// R-CB-01: an unsatisfied resident reopens the case to its owner.
    #[serde(alias = "ReopenedByCallback")]
    ReopenedByCallback(String),
    #[serde(alias = "CallbackGaveUp")]
    CallbackGaveUp,
    #[serde(alias = "Closed")]
    Closed,
    /// A colleague in the department took the work (appended: older records decode as
    /// before).
    #[serde(alias = "Taken")]
    Taken { department: String },
    /// R-INT-12: a supervisor named the staff member the complaint is about after intake.
    #[serde(alias = "SubjectNamed")]
    SubjectNamed(StaffId),
    /// R-INT-16: escalated to a named supervisor or the director, who sees it until they act.
    #[serde(alias = "EscalatedTo")]
    EscalatedTo { to: StaffId, reason: String },
    /// R-LIFE-02/08: the resolution with the cause found and the corrective action taken.
    #[serde(alias = "ResolvedWith")]
    ResolvedWith(Resolution),
    /// A supervisor filed the case under a list entry (`category map`); `from` is what it
    /// was filed under before. Appended: older records decode as before.
    #[serde(alias = "Recategorized")]
    Recategorized { from: String, to: String },
    /// R-LIFE-09: a complaint from the same resident or unit in the same category within
    /// the repeat window: the earlier one, flagged at intake. Appended: older records decode
    /// as before.
    RepeatOf { earlier: crate::domain::Ticket },
    /// R-INT-06: a new service time, why, and whether the resident agreed to it (a missed
    /// promise is renewed with their agreement). Appended: older records decode as before,
    /// their promises as `PromiseChanged`.
    Promised {
        promised: Time,
        reason: String,
        agreed: bool,
    },
    /// R-INT-17: what the same-day investigation found. Appended: older records decode as
    /// before.
    Investigated(String),
    /// The step `operation` was undone by whoever took it: the case's state is as it was
    /// before it; its entries (the timeline's `from..to`) stay, read as undone. Appended.
    Undone {
        operation: String,
        from: u32,
        to: u32,
    },
    /// Tied to an incident with the other callers' cases about it. Appended.
    Linked {
        incident: crate::domain::record_no::IncidentNo,
    },
}

/// How a case was resolved (R-LIFE-02: investigate the cause, propose a solution; R-LIFE-08:
/// verify the fix and take corrective action). Cause and action are required for complaints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub summary: String,
    pub cause: String,
    pub action: String,
}

impl Resolution {
    pub fn new(summary: &str, cause: &str, action: &str) -> Resolution {
        Resolution {
            summary: summary.into(),
            cause: cause.into(),
            action: action.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: Time,
    pub by: StaffId,
    pub event: CaseEvent,
}
