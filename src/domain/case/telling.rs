//! What the resident has been told: a complaint is resolved and closed only after a reply
//! (R-LIFE-02 "…propose a solution → reply → callback", R-LIFE-04 the desk replies, then
//! registers closure), and a case whose resolve or promised time ran out with no reply since
//! owes the resident the plan (R-LIFE-06, R-INT-06: "for anything not solved in time, give
//! the plan and its progress").

use super::*;

impl Case {
    /// Whether the resident has had a reply since the case was opened, or since an
    /// unsatisfied callback last reopened it (a reopened complaint is answered again).
    pub fn replied_since_opened(&self) -> bool {
        for e in self.entries().rev() {
            match e.event {
                CaseEvent::Replied(_) => return true,
                CaseEvent::ReopenedByCallback(_) => return false,
                _ => {}
            }
        }
        false
    }

    /// R-LIFE-02/04: a complaint is not resolved or closed before the resident has had a
    /// reply; `refusal` names the step refused.
    pub(super) fn require_told(&self, refusal: CaseRefusal) -> Result<(), DeskError> {
        if self.kind == CaseKind::Complaint && !self.replied_since_opened() {
            return Err(DeskError::conflict(refusal));
        }
        Ok(())
    }

    /// R-LIFE-06, R-INT-06: the clock (the promised time if one was given, else the
    /// resolve deadline) that ran out on this open case with no reply to the resident
    /// since (nor since an unsatisfied callback last reopened it): the owner tells the
    /// resident the plan (a reply) or agrees a new time (a promise), either of which clears
    /// it.
    pub fn plan_owed(&self, now: Time) -> Option<(SlaClock, Time)> {
        if !self.status.is_open() {
            return None;
        }
        let (clock, at) = match self.promised_at {
            Some(p) => (SlaClock::Promised, p),
            None => (SlaClock::Resolve, self.deadlines.resolve),
        };
        let reopened = self
            .entries()
            .rev()
            .find(|e| matches!(e.event, CaseEvent::ReopenedByCallback(_)))
            .map(|e| e.at);
        let since = reopened.map_or(at, |r| r.max(at));
        let told_since = self
            .entries()
            .any(|e| e.at >= since && matches!(e.event, CaseEvent::Replied(_)));
        (now > at && !told_since).then_some((clock, at))
    }
}
