//! The steps an operator takes on a case, each checking who may take it (R-LIFE-01 the owner
//! replies, resolves and closes; R-LIFE-03 dispatch never moves ownership; R-INT-12 the
//! subject is recused) and appending to the timeline.

use super::step::StepKind;
use super::*;
use crate::domain::policy::{ReplyBy, StepRules};

impl Case {
    /// R-INT-12: a supervisor names the staff member a complaint is about after intake. They
    /// must not own or handle it: reassign or re-dispatch first.
    pub fn name_subject(
        &mut self,
        actor: &Staff,
        subject: &Staff,
        now: Time,
    ) -> Result<(), DeskError> {
        self.may_name_subject(actor)?;
        if self.subject == Some(subject.uid) {
            return Err(DeskError::conflict(CaseRefusal::SubjectAlreadyNamed {
                ticket: self.ticket.clone(),
                person: subject.label(),
            }));
        }
        if self.owner == subject.uid {
            return Err(DeskError::conflict(CaseRefusal::SubjectOwns {
                person: subject.label(),
                ticket: self.ticket.clone(),
            }));
        }
        if self.handler == Some(Handler::Staff(subject.uid)) || self.assists.contains(&subject.uid)
        {
            return Err(DeskError::conflict(CaseRefusal::SubjectWorksOn {
                person: subject.label(),
                ticket: self.ticket.clone(),
            }));
        }
        self.subject = Some(subject.uid);
        self.log(actor.uid, now, CaseEvent::SubjectNamed(subject.uid));
        Ok(())
    }

    /// Sends the work to a department or colleague. Ownership stays (R-LIFE-03/04).
    pub fn dispatch(&mut self, actor: &Staff, to: Handler, now: Time) -> Result<(), DeskError> {
        if actor.uid != self.owner && !actor.role.can_reassign() {
            return Err(DeskError::forbidden(CaseRefusal::DispatchNeedsOwner {
                ticket: self.ticket.clone(),
            }));
        }
        self.require_open(Act::Dispatched)?;
        match &to {
            Handler::Staff(uid) => self.require_not_subject(*uid, Act::Handle)?,
            Handler::Department(d) => {
                text::required_line(Field::To, d, MAX_SHORT_BYTES)?;
            }
        }
        if matches!(to, Handler::Staff(_)) {
            // R-INT-07: the three-minute clock stops when a person is named, not a department.
            self.dispatched_at.get_or_insert(now);
        }
        self.handler = Some(to.clone());
        self.status = CaseStatus::Dispatched;
        self.log(actor.uid, now, CaseEvent::Dispatched(to));
        Ok(())
    }

    /// A colleague takes work dispatched to a department and becomes its handler. Only one
    /// can: once a person handles it, the next taker is told who has it. Ownership does not
    /// move (R-LIFE-03/04: the first responder still follows up and replies).
    pub fn take(&mut self, actor: &Staff, taker_name: &str, now: Time) -> Result<(), DeskError> {
        self.require_open(Act::Taken)?;
        self.require_not_subject(actor.uid, Act::Handle)?;
        let department = match &self.handler {
            Some(Handler::Department(d)) => d.clone(),
            Some(Handler::Staff(uid)) if *uid == actor.uid => {
                return Err(DeskError::conflict(CaseRefusal::AlreadyHandling {
                    ticket: self.ticket.clone(),
                }))
            }
            Some(Handler::Staff(_)) => {
                return Err(DeskError::conflict(CaseRefusal::AlreadyTaken {
                    ticket: self.ticket.clone(),
                    taker: taker_name.to_string(),
                }))
            }
            None => {
                return Err(DeskError::conflict(
                    CaseRefusal::NotDispatchedToDepartment {
                        ticket: self.ticket.clone(),
                    },
                ))
            }
        };
        self.handler = Some(Handler::Staff(actor.uid));
        // R-INT-07: a department member taking the work is the person named.
        self.dispatched_at.get_or_insert(now);
        self.log(actor.uid, now, CaseEvent::Taken { department });
        Ok(())
    }

    /// The handler (or the owner, or an assist) starts work: the response clock stops.
    pub fn start(&mut self, actor: &Staff, now: Time) -> Result<(), DeskError> {
        self.require_open(Act::Started)?;
        self.require_not_subject(actor.uid, Act::Handle)?;
        let is_handler = self.handler == Some(Handler::Staff(actor.uid));
        if !(is_handler || actor.uid == self.owner || self.assists.contains(&actor.uid)) {
            return Err(DeskError::forbidden(CaseRefusal::StartNeedsWorker {
                ticket: self.ticket.clone(),
            }));
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
        self.require_open(Act::Assisted)?;
        self.require_not_subject(actor.uid, Act::AssistOn)?;
        if actor.uid == self.owner || self.assists.contains(&actor.uid) {
            return Err(DeskError::conflict(CaseRefusal::AlreadyWorkingOn {
                ticket: self.ticket.clone(),
            }));
        }
        self.assists.push(actor.uid);
        self.log(actor.uid, now, CaseEvent::AssistJoined);
        Ok(())
    }

    /// The owner replies to the resident (R-LIFE-01, R-LIFE-10: individually); under
    /// `reply_by = "owner_or_handler"` the colleague handling it may too (R-LIFE-05).
    pub fn reply(
        &mut self,
        actor: &Staff,
        text: &str,
        rules: StepRules,
        now: Time,
    ) -> Result<(), DeskError> {
        let handles = self.handler == Some(Handler::Staff(actor.uid));
        match rules.reply_by {
            ReplyBy::OwnerOrHandler if handles => {}
            ReplyBy::OwnerOrHandler if actor.uid != self.owner => {
                return Err(DeskError::forbidden(
                    CaseRefusal::ReplyNeedsOwnerOrHandler {
                        ticket: self.ticket.clone(),
                    },
                ))
            }
            _ => self.require_owner(actor, Act::ReplyOn)?,
        }
        if self.status == CaseStatus::Closed {
            return Err(DeskError::conflict(CaseRefusal::Closed {
                ticket: self.ticket.clone(),
            }));
        }
        let text = text::required_text(Field::Text, text, MAX_TEXT_BYTES)?;
        self.responded_at.get_or_insert(now);
        self.log(actor.uid, now, CaseEvent::Replied(text));
        Ok(())
    }

    /// R-INT-06: a promise that will be missed is renewed with the resident's agreement;
    /// whether they agreed is recorded with it.
    pub fn promise(
        &mut self,
        actor: &Staff,
        promised: Time,
        reason: &str,
        agreed: bool,
        now: Time,
    ) -> Result<(), DeskError> {
        // R-LIFE-03: the owner, or the handler who needs time, promises a handling time;
        // R-INT-19: a suggestion is reported to a leader, who may promise its reply.
        let leader_on_suggestion = self.kind == super::CaseKind::Suggestion
            && actor.role >= crate::domain::Role::Supervisor;
        if actor.uid != self.owner
            && self.handler != Some(Handler::Staff(actor.uid))
            && !leader_on_suggestion
        {
            return Err(DeskError::forbidden(CaseRefusal::PromiseNeedsOwner {
                ticket: self.ticket.clone(),
            }));
        }
        self.require_open(Act::RePromised)?;
        if promised <= now {
            return Err(DeskError::invalid(
                Field::Promised,
                CaseRefusal::PromiseInPast {},
            ));
        }
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        self.promised_at = Some(promised);
        self.log(
            actor.uid,
            now,
            CaseEvent::Promised {
                promised,
                reason,
                agreed,
            },
        );
        Ok(())
    }

    /// R-INT-16: hard complaints go up to a supervisor (客服主管), major ones may go straight
    /// to the service-centre director. The target is named; the case lands in their
    /// Escalated view and stays there until they act on it. The owner keeps the case.
    pub fn escalate(
        &mut self,
        actor: &Staff,
        target: &Staff,
        reason: &str,
        now: Time,
    ) -> Result<(), DeskError> {
        self.may_escalate(actor)?;
        if !target.role.can_reassign() || !target.active {
            return Err(DeskError::invalid(
                Field::To,
                CaseRefusal::NotActiveSupervisor {
                    person: target.label(),
                },
            ));
        }
        if target.uid == actor.uid {
            return Err(DeskError::invalid(
                Field::To,
                CaseRefusal::EscalateToSelf {},
            ));
        }
        self.require_not_subject(target.uid, Act::DecideOn)?;
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        self.status = CaseStatus::Escalated;
        self.log(
            actor.uid,
            now,
            CaseEvent::EscalatedTo {
                to: target.uid,
                reason,
            },
        );
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
        self.may_reassign(actor)?;
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        self.require_not_subject(new_owner.uid, Act::Own)?;
        if new_owner.uid == self.owner {
            return Err(DeskError::conflict(CaseRefusal::AlreadyOwns {
                person: new_owner.label(),
                ticket: self.ticket.clone(),
            }));
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

    /// The owner resolves the case; the daemon then schedules the callback (R-CB-01/02). A
    /// complaint's resolution names the cause and the corrective action (R-LIFE-02/08).
    pub fn resolve(
        &mut self,
        actor: &Staff,
        resolution: &Resolution,
        now: Time,
    ) -> Result<(), DeskError> {
        self.require_owner(actor, Act::Resolve)?;
        self.record_resolution(actor.uid, resolution, now)
    }

    /// The resolution itself, once whoever may resolve has been decided (the owner, or an
    /// incident's resolution for every linked case): open, the resident told, the cause and
    /// action of a complaint given.
    pub(super) fn record_resolution(
        &mut self,
        by: StaffId,
        resolution: &Resolution,
        now: Time,
    ) -> Result<(), DeskError> {
        self.require_open(Act::Resolved)?;
        self.require_told(CaseRefusal::ReplyBeforeResolve {
            ticket: self.ticket.clone(),
        })?;
        let summary = text::required_text(Field::Summary, &resolution.summary, MAX_TEXT_BYTES)?;
        let cause = text::optional_text(Field::Cause, &resolution.cause, MAX_TEXT_BYTES)?;
        let action = text::optional_text(Field::Action, &resolution.action, MAX_TEXT_BYTES)?;
        if self.kind == CaseKind::Complaint {
            if cause.is_empty() {
                return Err(DeskError::invalid(
                    Field::Cause,
                    CaseRefusal::ComplaintNeedsCause {},
                ));
            }
            if action.is_empty() {
                return Err(DeskError::invalid(
                    Field::Action,
                    CaseRefusal::ComplaintNeedsAction {},
                ));
            }
        }
        self.status = CaseStatus::Resolved;
        self.resolved_at = Some(now);
        self.log(
            by,
            now,
            CaseEvent::ResolvedWith(Resolution {
                summary,
                cause,
                action,
            }),
        );
        Ok(())
    }

    /// R-CB-01: whether an unsatisfied callback reopened this case; its next resolution is
    /// always called back (000:665, 100 % for complaints raised in callbacks).
    pub fn was_reopened_by_callback(&self) -> bool {
        self.timeline
            .iter()
            .any(|e| matches!(e.event, CaseEvent::ReopenedByCallback(_)))
    }

    /// The owner registers closure (R-LIFE-04). A pending callback must be done first. A case
    /// whose resident could not be reached is closed by a supervisor's decision (R-CB-01).
    pub fn close(&mut self, actor: &Staff, now: Time) -> Result<(), DeskError> {
        if self.status == CaseStatus::AwaitingDecision {
            if !actor.role.can_reassign() {
                return Err(DeskError::forbidden(
                    CaseRefusal::UnreachableSupervisorCloses {
                        ticket: self.ticket.clone(),
                    },
                ));
            }
            self.status = CaseStatus::Closed;
            self.log(actor.uid, now, CaseEvent::Closed);
            return Ok(());
        }
        self.require_owner(actor, Act::Close)?;
        let ready = self.status == CaseStatus::CallbackDone
            || (self.status == CaseStatus::Resolved && self.callback.is_none());
        if !ready {
            return Err(DeskError::conflict(CaseRefusal::CloseNotReady {
                ticket: self.ticket.clone(),
                state: self.status.into(),
            }));
        }
        self.require_told(CaseRefusal::ReplyBeforeClose {
            ticket: self.ticket.clone(),
        })?;
        self.status = CaseStatus::Closed;
        self.log(actor.uid, now, CaseEvent::Closed);
        Ok(())
    }
}

impl Case {
    /// Whether `actor` may take `step` now, and if not the refusal the step itself gives
    /// ("only the case owner may reply…", "you are the subject…"). Decided by trying the
    /// step on a copy with well-formed stand-in text, so the screen's dimmed keys and the
    /// daemon's answers cannot drift apart. Targets (the supervisor escalated to, the new
    /// owner) are checked when the step is taken.
    pub fn permits(
        &self,
        step: StepKind,
        actor: &Staff,
        rules: StepRules,
    ) -> Result<(), DeskError> {
        self.recuse(actor.uid)?;
        let mut trial = self.clone();
        let now = self.timeline.last().map_or(self.registered_at, |e| e.at);
        let ok = "·";
        let outcome = match step {
            StepKind::Dispatch => trial.dispatch(actor, Handler::Department(ok.into()), now),
            StepKind::Note => trial.note(actor, ok, now),
            StepKind::Assist => trial.assist(actor, now),
            StepKind::Start => trial.start(actor, now),
            StepKind::Promise => trial.promise(actor, now + Duration::days(1), ok, true, now),
            StepKind::Reply => trial.reply(actor, ok, rules, now),
            StepKind::Escalate => self.may_escalate(actor),
            StepKind::Resolve => trial.resolve(actor, &Resolution::new(ok, ok, ok), now),
            StepKind::Close => trial.close(actor, now),
            StepKind::Take => trial.take(actor, "a colleague", now),
            StepKind::Reassign => self.may_reassign(actor),
            StepKind::NameSubject => self.may_name_subject(actor),
            StepKind::Investigate => trial.investigate(actor, ok, now),
        };
        match outcome {
            Err(DeskError::Validation { .. }) => Ok(()),
            other => other,
        }
    }
}

impl Case {
    /// R-INT-16: the owner or a supervisor escalates open work.
    fn may_escalate(&self, actor: &Staff) -> Result<(), DeskError> {
        if actor.uid != self.owner && !actor.role.can_reassign() {
            return Err(DeskError::forbidden(CaseRefusal::EscalateNeedsOwner {
                ticket: self.ticket.clone(),
            }));
        }
        self.require_open(Act::Escalated)
    }

    /// R-INT-12: a supervisor names the staff member a complaint is about, while it is open.
    fn may_name_subject(&self, actor: &Staff) -> Result<(), DeskError> {
        if !actor.role.can_reassign() {
            return Err(DeskError::forbidden(
                CaseRefusal::NameSubjectNeedsSupervisor {},
            ));
        }
        self.require_open(Act::GivenASubject)
    }

    /// Only a supervisor moves ownership, and not of a closed case.
    fn may_reassign(&self, actor: &Staff) -> Result<(), DeskError> {
        if !actor.role.can_reassign() {
            return Err(DeskError::forbidden(
                CaseRefusal::ReassignNeedsSupervisor {},
            ));
        }
        if self.status == CaseStatus::Closed {
            return Err(DeskError::conflict(CaseRefusal::Closed {
                ticket: self.ticket.clone(),
            }));
        }
        Ok(())
    }
}
