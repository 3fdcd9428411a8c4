//! Cases (complaints, repairs, inquiries, suggestions, help requests) and their lifecycle under
//! the first-responder rule (首问负责制). Whoever registers a case owns it through handling,
//! follow-up and reply (R-INT-01..04, R-LIFE-01); dispatch names a handler but never moves
//! ownership (R-LIFE-03/04); only a supervisor reassigns, with a logged reason; the subject of a
//! complaint never owns or handles it (R-INT-12). Every step appends to the timeline.
//! The vocabulary (kinds, statuses, events) is in `types`; the steps an operator takes on a
//! case (dispatch, take, start, note, reply, promise, escalate, reassign, resolve, close, name
//! the subject) in `steps`; this file holds the case, its registration, the shared checks
//! and the clocks.

mod incident_link;
mod investigation;
mod query;
mod step;
mod steps;
mod telling;
mod types;
mod undo;

pub use query::{CaseQuery, CaseView};
pub use step::{CaseStep, DispatchTarget, StepKind};
pub use types::*;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::refusal::{Act, CaseRefusal};
use super::text::{self, MAX_SHORT_BYTES, MAX_TEXT_BYTES};
use super::{
    CallbackId, CaseKey, CustomerId, DeskError, Field, Policy, Staff, StaffId, Ticket, Time,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub key: CaseKey,
    pub ticket: Ticket,
    pub kind: CaseKind,
    pub channel: Channel,
    pub category: String,
    pub severity: Severity,
    pub description: String,
    /// First responder: set from the caller's identity, never changes (R-INT-01..03).
    pub received_by: StaffId,
    /// = received_by unless a supervisor reassigned (logged).
    pub owner: StaffId,
    pub handler: Option<Handler>,
    pub assists: Vec<StaffId>,
    /// The staff member the complaint is about (R-INT-12).
    pub subject: Option<StaffId>,
    /// R-INT-06 promised service time.
    pub promised_at: Option<Time>,
    pub registered_at: Time,
    pub deadlines: Deadlines,
    pub dispatched_at: Option<Time>,
    pub responded_at: Option<Time>,
    pub resolved_at: Option<Time>,
    pub status: CaseStatus,
    pub callback: Option<CallbackId>,
    pub timeline: Vec<TimelineEntry>,
    pub version: u32,
}

/// A case as chosen at intake: the choices are already typed (the screen's choice widgets and
/// the CLI's value parsers made them); the free text is checked by `Case::register`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDraft {
    pub customer: Option<CustomerId>,
    pub kind: CaseKind,
    pub channel: Channel,
    /// An entry of the desk's list by code, label or alias (empty: `other`); the case
    /// stores the entry's code.
    pub category: String,
    pub severity: Severity,
    pub description: String,
    /// Login of the staff member complained about, if any.
    pub subject: Option<String>,
    pub promised_at: Option<Time>,
    /// The unit the case is about, one of the resident's (their first when `None`); the
    /// case is filed under it (R-REC-01).
    pub unit: Option<super::UnitCode>,
}

impl CaseDraft {
    /// R-INT-06: a complaint or repair (the policy's `promise_kinds`) taken at the desk and
    /// not solved on the spot is registered with the service time promised to the resident.
    /// Checked at intake only: a case a survey opens was not a conversation with anyone.
    pub fn require_promise(&self, policy: &Policy) -> Result<(), DeskError> {
        if self.promised_at.is_none() && policy.promise_kinds.contains(&self.kind) {
            return Err(DeskError::invalid(
                Field::Promised,
                CaseRefusal::PromiseNeeded {},
            ));
        }
        Ok(())
    }
}

/// Everything the daemon resolved for a draft: ids, the subject's staff record.
pub struct NewCase<'a> {
    pub key: CaseKey,
    pub ticket: Ticket,
    pub draft: &'a CaseDraft,
    pub subject: Option<&'a Staff>,
}

/// The case's clocks, in the order they normally run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlaClock {
    /// R-INT-15: acknowledged (a first step taken on it) within 30 minutes.
    #[serde(alias = "Acknowledge")]
    Acknowledge,
    /// R-INT-07: a person named to go — a colleague dispatched or a department member taking it.
    #[serde(alias = "Dispatch")]
    Dispatch,
    #[serde(alias = "Respond")]
    Respond,
    #[serde(alias = "Resolve")]
    Resolve,
    /// R-INT-06: the service time promised to the resident passed before it was resolved.
    #[serde(alias = "Promised")]
    Promised,
    /// R-INT-17: a complaint investigated and verified the same day. Appended.
    Investigate,
}

/// Of `pending` clocks (from `Case::pending_deadlines`), those run out at `now`, in clock order.
pub fn run_out(pending: &[(SlaClock, Time)], now: Time) -> Vec<SlaClock> {
    let mut out: Vec<SlaClock> = pending
        .iter()
        .filter(|(_, at)| now > *at)
        .map(|(clock, _)| *clock)
        .collect();
    out.sort();
    out
}

impl Case {
    /// Registers a case received by `receiver` (R-INT-01..05, R-LIFE-01). The receiver owns it.
    pub fn register(
        new: NewCase<'_>,
        receiver: &Staff,
        policy: &Policy,
        now: Time,
    ) -> Result<Case, DeskError> {
        let d = new.draft;
        let (kind, channel, severity) = (d.kind, d.channel, d.severity);
        let category = policy.categories.file_under(&d.category)?.code.clone();
        let description = text::required_text(Field::Description, &d.description, MAX_TEXT_BYTES)?;
        if let Some(subject) = new.subject {
            if subject.uid == receiver.uid {
                // R-INT-12: the subject of a complaint cannot own it, and the first responder
                // owns what they register, so the subject must not register it.
                return Err(DeskError::forbidden(CaseRefusal::SubjectCannotRegister {}));
            }
        }
        if let Some(p) = d.promised_at {
            if p <= now {
                return Err(DeskError::invalid(
                    Field::Promised,
                    CaseRefusal::PromiseInPast {},
                ));
            }
        }
        let (mut respond, resolve) = policy.windows(severity);
        if kind == CaseKind::Inquiry {
            // R-INT-10: an inquiry not answered on the spot is replied to within a day (policy).
            respond = Duration::hours(policy.inquiry_reply_hours);
        }
        Ok(Case {
            key: new.key,
            ticket: new.ticket,
            kind,
            channel,
            category,
            severity,
            description,
            received_by: receiver.uid,
            owner: receiver.uid,
            handler: None,
            assists: Vec::new(),
            subject: new.subject.map(|s| s.uid),
            promised_at: d.promised_at,
            registered_at: now,
            deadlines: Deadlines {
                acknowledge: now + Duration::minutes(policy.ack_minutes),
                dispatch: policy
                    .dispatch_kinds
                    .contains(&kind)
                    .then(|| now + Duration::minutes(policy.dispatch_minutes)),
                respond: policy.deadline(severity, now, respond),
                resolve: policy.deadline(severity, now, resolve),
                investigate: policy.investigate_by(kind, now),
            },
            dispatched_at: None,
            responded_at: None,
            resolved_at: None,
            status: CaseStatus::Registered,
            callback: None,
            timeline: vec![TimelineEntry {
                at: now,
                by: receiver.uid,
                event: CaseEvent::Registered,
            }],
            version: 1,
        })
    }

    /// Files the case under the list entry `code` (a supervisor mapping an old free-text
    /// category, open and closed cases alike); the timeline keeps what it was before.
    pub fn recategorize(&mut self, by: &Staff, code: &str, at: Time) {
        let from = std::mem::replace(&mut self.category, code.to_string());
        self.log(
            by.uid,
            at,
            CaseEvent::Recategorized {
                from,
                to: code.to_string(),
            },
        );
    }

    /// R-LIFE-09: the most recent earlier complaint in the same category among `earlier`
    /// (the resident's and their unit's cases), registered within `days` before this one.
    pub fn repeat_of<'a>(
        &self,
        earlier: impl IntoIterator<Item = &'a Case>,
        days: i64,
    ) -> Option<&'a Case> {
        if self.kind != CaseKind::Complaint {
            return None;
        }
        earlier
            .into_iter()
            .filter(|c| {
                c.key != self.key
                    && c.kind == CaseKind::Complaint
                    && c.category == self.category
                    && c.registered_at <= self.registered_at
                    && self.registered_at - c.registered_at <= Duration::days(days)
            })
            .max_by_key(|c| c.registered_at)
    }

    /// Notes on the timeline that this complaint repeats `earlier` (R-LIFE-09).
    pub fn mark_repeat(&mut self, earlier: &Case, by: StaffId) {
        let at = self.registered_at;
        self.log(
            by,
            at,
            CaseEvent::RepeatOf {
                earlier: earlier.ticket.clone(),
            },
        );
    }

    /// The earlier complaint this one repeats, as flagged at intake.
    pub fn repeats(&self) -> Option<&Ticket> {
        self.timeline.iter().find_map(|e| match &e.event {
            CaseEvent::RepeatOf { earlier } => Some(earlier),
            _ => None,
        })
    }

    fn log(&mut self, by: StaffId, at: Time, event: CaseEvent) {
        self.timeline.push(TimelineEntry { at, by, event });
        self.version += 1;
    }

    fn require_owner(&self, actor: &Staff, act: Act) -> Result<(), DeskError> {
        if actor.uid != self.owner {
            return Err(DeskError::forbidden(CaseRefusal::OnlyOwnerMay {
                act,
                ticket: self.ticket.clone(),
            }));
        }
        Ok(())
    }

    fn require_open(&self, act: Act) -> Result<(), DeskError> {
        if !self.status.is_open() {
            return Err(DeskError::conflict(CaseRefusal::NotInState {
                ticket: self.ticket.clone(),
                state: self.status.into(),
                act,
            }));
        }
        Ok(())
    }

    /// R-INT-12 in full: the staff member a complaint is about takes no step on it, whatever
    /// their role, and may not read it.
    pub fn recuse(&self, who: StaffId) -> Result<(), DeskError> {
        if self.subject == Some(who) {
            return Err(DeskError::forbidden(CaseRefusal::YouAreSubject {
                ticket: self.ticket.clone(),
            }));
        }
        Ok(())
    }

    fn require_not_subject(&self, who: StaffId, act: Act) -> Result<(), DeskError> {
        if self.subject == Some(who) {
            return Err(DeskError::forbidden(CaseRefusal::SubjectCannot { act }));
        }
        Ok(())
    }

    pub fn attach_callback(&mut self, id: CallbackId, by: StaffId, now: Time) {
        self.callback = Some(id);
        self.log(by, now, CaseEvent::CallbackScheduled(id));
    }

    /// Applies a settled callback: satisfied → callback done; unsatisfied → reopened to the
    /// same owner (R-CB-01, R-LIFE-01); given up after the last unreachable try → awaiting a
    /// supervisor's decision.
    pub fn apply_callback(&mut self, by: StaffId, settled: super::callback::Settled, now: Time) {
        use super::callback::Settled;
        match settled {
            Settled::Satisfied => {
                self.status = CaseStatus::CallbackDone;
                self.log(by, now, CaseEvent::CallbackSatisfied);
            }
            Settled::Unsatisfied(why) => {
                self.status = CaseStatus::Reopened;
                self.resolved_at = None;
                self.callback = None;
                self.log(by, now, CaseEvent::ReopenedByCallback(why));
            }
            Settled::GaveUp => {
                // R-CB-01: an unreached resident is not a completed callback; a supervisor
                // decides what happens next.
                self.status = CaseStatus::AwaitingDecision;
                self.log(by, now, CaseEvent::CallbackGaveUp);
            }
        }
    }

    /// Whether `who` works on the case (owner, handler or assist).
    pub fn involves(&self, who: StaffId) -> bool {
        self.owner == who
            || self.handler == Some(Handler::Staff(who))
            || self.assists.contains(&who)
    }

    /// R-INT-07: whether the three-minute clock runs for this case: set at intake from the
    /// policy's `dispatch_kinds` (000:1007 states it for a suggestion; an inquiry is answered).
    pub fn dispatch_clock_runs(&self) -> bool {
        self.deadlines.dispatch.is_some()
    }

    /// R-INT-15: when the case was acknowledged — the first step that moved it (a dispatch,
    /// a take, a start, a reply, an escalation or a resolution).
    pub fn acknowledged_at(&self) -> Option<Time> {
        self.entries()
            .find(|e| {
                matches!(
                    e.event,
                    CaseEvent::Dispatched(_)
                        | CaseEvent::Taken { .. }
                        | CaseEvent::Started
                        | CaseEvent::Replied(_)
                        | CaseEvent::Escalated(_)
                        | CaseEvent::EscalatedTo { .. }
                        | CaseEvent::Resolved(_)
                        | CaseEvent::ResolvedWith(_)
                        | CaseEvent::Investigated(_)
                )
            })
            .map(|e| e.at)
    }

    /// R-INT-16: the supervisor or director this case was escalated to, until they act on
    /// it (any step of theirs on the case). A later dispatch or start by others does not
    /// clear it; nor does the case's status.
    pub fn escalated_to(&self) -> Option<StaffId> {
        if matches!(self.status, CaseStatus::Closed) {
            return None;
        }
        let mut acted = std::collections::BTreeSet::new();
        for e in self.entries().rev() {
            if let CaseEvent::EscalatedTo { to, .. } = e.event {
                return (!acted.contains(&to)).then_some(to);
            }
            acted.insert(e.by);
        }
        None
    }

    /// Every clock still running on the case with the time it runs out, nearest first.
    pub fn pending_deadlines(&self) -> Vec<(SlaClock, Time)> {
        let mut out = Vec::new();
        let open = self.status.is_open();
        if open && self.acknowledged_at().is_none() {
            out.push((SlaClock::Acknowledge, self.deadlines.acknowledge));
        }
        if let Some(dispatch) = self.deadlines.dispatch.filter(|_| open) {
            if self.dispatched_at.is_none() {
                out.push((SlaClock::Dispatch, dispatch));
            }
        }
        if open && self.responded_at.is_none() {
            out.push((SlaClock::Respond, self.deadlines.respond));
        }
        if let Some(by) = self.deadlines.investigate.filter(|_| open) {
            if self.investigated_at().is_none() {
                out.push((SlaClock::Investigate, by));
            }
        }
        if self.resolved_at.is_none() && self.status != CaseStatus::Closed {
            out.push((SlaClock::Resolve, self.deadlines.resolve));
            if let Some(p) = self.promised_at {
                out.push((SlaClock::Promised, p));
            }
        }
        out.sort_by_key(|(clock, at)| (*at, *clock));
        out
    }

    /// The nearest running clock, for the deadline board.
    pub fn nearest_deadline(&self) -> Option<(SlaClock, Time)> {
        self.pending_deadlines().into_iter().next()
    }

    /// SLA clocks that have run out at `now` (R-INT-06, R-INT-07, R-INT-15).
    pub fn overdue(&self, now: Time) -> Vec<SlaClock> {
        run_out(&self.pending_deadlines(), now)
    }

    /// Seconds left on the three-minute dispatch countdown, or None once a person is named
    /// (R-INT-07) or the kind has no such clock.
    pub fn dispatch_countdown(&self, now: Time) -> Option<i64> {
        if self.dispatched_at.is_some() || !self.status.is_open() {
            return None;
        }
        self.deadlines.dispatch.map(|d| (d - now).num_seconds())
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_follow_through;
#[cfg(test)]
mod tests_telling;
