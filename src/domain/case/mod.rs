//! Cases (complaints, repairs, inquiries, suggestions, help requests) and their lifecycle under
//! the first-responder rule (首问负责制). Whoever registers a case owns it through handling,
//! follow-up and reply (R-INT-01..04, R-LIFE-01); dispatch names a handler but never moves
//! ownership (R-LIFE-03/04); only a supervisor reassigns, with a logged reason; the subject of a
//! complaint never owns or handles it (R-INT-12). Every step appends to the timeline.
//! The vocabulary (kinds, statuses, events) is in `types`; this file holds the case and its
//! lifecycle.

mod types;

pub use types::*;

use chrono::Duration;
use serde::{Deserialize, Serialize};

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
    /// Empty: the kind's name.
    pub category: String,
    pub severity: Severity,
    pub description: String,
    /// Login of the staff member complained about, if any.
    pub subject: Option<String>,
    pub promised_at: Option<Time>,
}

/// Everything the daemon resolved for a draft: ids, the subject's staff record.
pub struct NewCase<'a> {
    pub key: CaseKey,
    pub ticket: Ticket,
    pub draft: &'a CaseDraft,
    pub subject: Option<&'a Staff>,
}

/// Which SLA clocks have run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaClock {
    Dispatch,
    Respond,
    Resolve,
    /// R-INT-06: the service time promised to the resident passed before it was resolved.
    Promised,
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
        let category = if d.category.trim().is_empty() {
            kind.as_str().to_string()
        } else {
            text::required_line(Field::Category, &d.category, MAX_SHORT_BYTES)?
        };
        let description = text::required_text(Field::Description, &d.description, MAX_TEXT_BYTES)?;
        if let Some(subject) = new.subject {
            if subject.uid == receiver.uid {
                // R-INT-12: the subject of a complaint cannot own it, and the first responder
                // owns what they register, so the subject must not register it.
                return Err(DeskError::forbidden(
                    "you are named as the subject of this complaint and cannot own it (R-INT-12); ask a colleague to register it",
                ));
            }
        }
        if let Some(p) = d.promised_at {
            if p <= now {
                return Err(DeskError::invalid(
                    Field::Promised,
                    "is in the past; promise a service time later than now (R-INT-06)",
                ));
            }
        }
        let (respond, resolve) = policy.windows(severity);
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
                dispatch: now + Duration::minutes(policy.dispatch_minutes),
                respond: now + respond,
                resolve: now + resolve,
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

    fn log(&mut self, by: StaffId, at: Time, event: CaseEvent) {
        self.timeline.push(TimelineEntry { at, by, event });
        self.version += 1;
    }

    fn require_owner(&self, actor: &Staff, step: &str) -> Result<(), DeskError> {
        if actor.uid != self.owner {
            return Err(DeskError::forbidden(format!(
                "only the case owner may {step} {} (R-LIFE-01 谁受理谁回复); add a note or join as assist instead",
                self.ticket
            )));
        }
        Ok(())
    }

    fn require_open(&self, step: &str) -> Result<(), DeskError> {
        if !self.status.is_open() {
            return Err(DeskError::conflict(format!(
                "{} is {}; it cannot be {step}",
                self.ticket,
                self.status.as_str()
            )));
        }
        Ok(())
    }

    /// R-INT-12 in full: the staff member a complaint is about takes no step on it, whatever
    /// their role, and may not read it.
    pub fn recuse(&self, who: StaffId) -> Result<(), DeskError> {
        if self.subject == Some(who) {
            return Err(DeskError::forbidden(format!(
                "you are the subject of complaint {}; a colleague handles it (R-INT-12 recusal)",
                self.ticket
            )));
        }
        Ok(())
    }

    /// R-INT-12: a supervisor names the staff member a complaint is about after intake. They
    /// must not own or handle it: reassign or re-dispatch first.
    pub fn name_subject(
        &mut self,
        actor: &Staff,
        subject: &Staff,
        now: Time,
    ) -> Result<(), DeskError> {
        if !actor.role.can_reassign() {
            return Err(DeskError::forbidden(
                "only a supervisor or admin may name the subject of a complaint",
            ));
        }
        self.require_open("given a subject")?;
        if self.subject == Some(subject.uid) {
            return Err(DeskError::conflict(format!(
                "{} already names {}",
                self.ticket,
                subject.label()
            )));
        }
        if self.owner == subject.uid {
            return Err(DeskError::conflict(format!(
                "{} owns {}; reassign it to a colleague first (R-INT-12)",
                subject.label(),
                self.ticket
            )));
        }
        if self.handler == Some(Handler::Staff(subject.uid)) || self.assists.contains(&subject.uid)
        {
            return Err(DeskError::conflict(format!(
                "{} works on {}; dispatch it to a colleague first (R-INT-12)",
                subject.label(),
                self.ticket
            )));
        }
        self.subject = Some(subject.uid);
        self.log(actor.uid, now, CaseEvent::SubjectNamed(subject.uid));
        Ok(())
    }

    fn require_not_subject(&self, who: StaffId, role: &str) -> Result<(), DeskError> {
        if self.subject == Some(who) {
            return Err(DeskError::forbidden(format!(
                "the staff member this complaint is about cannot {role} it (R-INT-12 recusal)"
            )));
        }
        Ok(())
    }

    /// Sends the work to a department or colleague. Ownership stays (R-LIFE-03/04).
    pub fn dispatch(&mut self, actor: &Staff, to: Handler, now: Time) -> Result<(), DeskError> {
        if actor.uid != self.owner && !actor.role.can_reassign() {
            return Err(DeskError::forbidden(format!(
                "only the owner or a supervisor may dispatch {}",
                self.ticket
            )));
        }
        self.require_open("dispatched")?;
        match &to {
            Handler::Staff(uid) => self.require_not_subject(*uid, "handle")?,
            Handler::Department(d) => {
                text::required_line(Field::To, d, MAX_SHORT_BYTES)?;
            }
        }
        self.handler = Some(to.clone());
        self.status = CaseStatus::Dispatched;
        self.dispatched_at.get_or_insert(now);
        self.log(actor.uid, now, CaseEvent::Dispatched(to));
        Ok(())
    }

    /// A colleague takes work dispatched to a department and becomes its handler. Only one
    /// can: once a person handles it, the next taker is told who has it. Ownership does not
    /// move (R-LIFE-03/04: the first responder still follows up and replies).
    pub fn take(&mut self, actor: &Staff, taker_name: &str, now: Time) -> Result<(), DeskError> {
        self.require_open("taken")?;
        self.require_not_subject(actor.uid, "handle")?;
        let department = match &self.handler {
            Some(Handler::Department(d)) => d.clone(),
            Some(Handler::Staff(uid)) if *uid == actor.uid => {
                return Err(DeskError::conflict(format!(
                    "you already handle {}",
                    self.ticket
                )))
            }
            Some(Handler::Staff(_)) => {
                return Err(DeskError::conflict(format!(
                    "{} is already taken by {taker_name}",
                    self.ticket
                )))
            }
            None => {
                return Err(DeskError::conflict(format!(
                    "{} has not been dispatched to a department; its owner dispatches it",
                    self.ticket
                )))
            }
        };
        self.handler = Some(Handler::Staff(actor.uid));
        self.log(actor.uid, now, CaseEvent::Taken { department });
        Ok(())
    }

    /// The handler (or the owner, or an assist) starts work: the response clock stops.
    pub fn start(&mut self, actor: &Staff, now: Time) -> Result<(), DeskError> {
        self.require_open("started")?;
        self.require_not_subject(actor.uid, "handle")?;
        let is_handler = self.handler == Some(Handler::Staff(actor.uid));
        if !(is_handler || actor.uid == self.owner || self.assists.contains(&actor.uid)) {
            return Err(DeskError::forbidden(format!(
                "only the owner, the handler or an assist may start work on {}; join as assist first",
                self.ticket
            )));
        }
        self.status = CaseStatus::InProgress;
        self.responded_at.get_or_insert(now);
        self.log(actor.uid, now, CaseEvent::Started);
        Ok(())
    }

    /// Anyone may add a note, in any state (事事有记录, R-LIFE-03).
    pub fn note(&mut self, actor: &Staff, text: &str, now: Time) -> Result<(), DeskError> {
        let text = text::required_text(Field::Text, text, MAX_TEXT_BYTES)?;
        self.log(actor.uid, now, CaseEvent::Note(text));
        Ok(())
    }

    /// A colleague joins to help; ownership stays.
    pub fn assist(&mut self, actor: &Staff, now: Time) -> Result<(), DeskError> {
        self.require_open("assisted")?;
        self.require_not_subject(actor.uid, "assist on")?;
        if actor.uid == self.owner || self.assists.contains(&actor.uid) {
            return Err(DeskError::conflict(format!(
                "you already work on {}",
                self.ticket
            )));
        }
        self.assists.push(actor.uid);
        self.log(actor.uid, now, CaseEvent::AssistJoined);
        Ok(())
    }

    /// The owner replies to the resident (R-LIFE-01, R-LIFE-10: individually).
    pub fn reply(&mut self, actor: &Staff, text: &str, now: Time) -> Result<(), DeskError> {
        self.require_owner(actor, "reply on")?;
        if self.status == CaseStatus::Closed {
            return Err(DeskError::conflict(format!("{} is closed", self.ticket)));
        }
        let text = text::required_text(Field::Text, text, MAX_TEXT_BYTES)?;
        self.responded_at.get_or_insert(now);
        self.log(actor.uid, now, CaseEvent::Replied(text));
        Ok(())
    }

    /// R-INT-06: a promise that will be missed is renewed with the resident's agreement.
    pub fn promise(
        &mut self,
        actor: &Staff,
        promised: Time,
        reason: &str,
        now: Time,
    ) -> Result<(), DeskError> {
        // R-LIFE-03: the owner, or the handler who needs time, promises a handling time.
        if actor.uid != self.owner && self.handler != Some(Handler::Staff(actor.uid)) {
            return Err(DeskError::forbidden(format!(
                "only the owner or the handler may promise a time for {}; add a note instead",
                self.ticket
            )));
        }
        self.require_open("re-promised")?;
        if promised <= now {
            return Err(DeskError::invalid(
                Field::Promised,
                "is in the past; promise a time later than now",
            ));
        }
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        self.promised_at = Some(promised);
        self.log(
            actor.uid,
            now,
            CaseEvent::PromiseChanged { promised, reason },
        );
        Ok(())
    }

    /// R-INT-16: hard or major cases go up. The owner keeps the case.
    pub fn escalate(&mut self, actor: &Staff, reason: &str, now: Time) -> Result<(), DeskError> {
        if actor.uid != self.owner && !actor.role.can_reassign() {
            return Err(DeskError::forbidden(format!(
                "only the owner or a supervisor may escalate {}",
                self.ticket
            )));
        }
        self.require_open("escalated")?;
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        self.status = CaseStatus::Escalated;
        self.log(actor.uid, now, CaseEvent::Escalated(reason));
        Ok(())
    }

    /// A supervisor moves ownership, with a reason that is logged.
    pub fn reassign(
        &mut self,
        actor: &Staff,
        new_owner: &Staff,
        reason: &str,
        now: Time,
    ) -> Result<(), DeskError> {
        if !actor.role.can_reassign() {
            return Err(DeskError::forbidden(
                "only a supervisor or admin may reassign a case; ask your supervisor",
            ));
        }
        if self.status == CaseStatus::Closed {
            return Err(DeskError::conflict(format!("{} is closed", self.ticket)));
        }
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        self.require_not_subject(new_owner.uid, "own")?;
        if new_owner.uid == self.owner {
            return Err(DeskError::conflict(format!(
                "{} already owns {}",
                new_owner.label(),
                self.ticket
            )));
        }
        let from = self.owner;
        self.owner = new_owner.uid;
        self.assists.retain(|a| *a != new_owner.uid);
        self.log(
            actor.uid,
            now,
            CaseEvent::Reassigned {
                from,
                to: new_owner.uid,
                reason,
            },
        );
        Ok(())
    }

    /// The owner resolves the case; the daemon then schedules the callback (R-CB-01/02).
    pub fn resolve(&mut self, actor: &Staff, summary: &str, now: Time) -> Result<(), DeskError> {
        self.require_owner(actor, "resolve")?;
        self.require_open("resolved")?;
        let summary = text::required_text(Field::Summary, summary, MAX_TEXT_BYTES)?;
        self.status = CaseStatus::Resolved;
        self.resolved_at = Some(now);
        self.log(actor.uid, now, CaseEvent::Resolved(summary));
        Ok(())
    }

    pub fn attach_callback(&mut self, id: CallbackId, by: StaffId, now: Time) {
        self.callback = Some(id);
        self.log(by, now, CaseEvent::CallbackScheduled(id));
    }

    /// Applies a settled callback: satisfied → callback done; unsatisfied → reopened to the
    /// same owner (R-CB-01, R-LIFE-01); given up after the last unreachable try → callback done.
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
                self.status = CaseStatus::CallbackDone;
                self.log(by, now, CaseEvent::CallbackGaveUp);
            }
        }
    }

    /// The owner registers closure (R-LIFE-04). A pending callback must be done first.
    pub fn close(&mut self, actor: &Staff, now: Time) -> Result<(), DeskError> {
        self.require_owner(actor, "close")?;
        let ready = self.status == CaseStatus::CallbackDone
            || (self.status == CaseStatus::Resolved && self.callback.is_none());
        if !ready {
            return Err(DeskError::conflict(format!(
                "{} is {}; it can be closed once resolved and called back (R-CB-01)",
                self.ticket,
                self.status.as_str()
            )));
        }
        self.status = CaseStatus::Closed;
        self.log(actor.uid, now, CaseEvent::Closed);
        Ok(())
    }

    /// Whether `who` works on the case (owner, handler or assist).
    pub fn involves(&self, who: StaffId) -> bool {
        self.owner == who
            || self.handler == Some(Handler::Staff(who))
            || self.assists.contains(&who)
    }

    /// SLA clocks that have run out at `now` (R-INT-07, R-INT-15).
    pub fn overdue(&self, now: Time) -> Vec<SlaClock> {
        let mut out = Vec::new();
        if self.dispatched_at.is_none() && self.status.is_open() && now > self.deadlines.dispatch {
            out.push(SlaClock::Dispatch);
        }
        if self.responded_at.is_none() && self.status.is_open() && now > self.deadlines.respond {
            out.push(SlaClock::Respond);
        }
        if self.resolved_at.is_none() && now > self.deadlines.resolve {
            out.push(SlaClock::Resolve);
        }
        if self.resolved_at.is_none() && self.promised_at.is_some_and(|p| now > p) {
            out.push(SlaClock::Promised);
        }
        out
    }

    /// Seconds left on the three-minute dispatch countdown, or None once dispatched.
    pub fn dispatch_countdown(&self, now: Time) -> Option<i64> {
        if self.dispatched_at.is_some() || !self.status.is_open() {
            return None;
        }
        Some((self.deadlines.dispatch - now).num_seconds())
    }
}

#[cfg(test)]
mod tests;
