//! R-INT-17 (001:397): a resident's complaint is investigated and verified the same day, and
//! the result goes to the responsible department and the office head (主任). The clock runs
//! out at the end of the local day the case was registered (`Policy::investigate_by`); the
//! finding is a step on the case, kept on its timeline, which supervisors read on the case
//! and in their digest.

use super::*;

impl Case {
    /// R-INT-17: the finding of the same-day investigation. Whoever works on the case (the
    /// owner, its handler or an assist) or a supervisor records it; never the staff member
    /// complained about. A later finding adds to the first; the clock stopped at the first.
    pub fn investigate(
        &mut self,
        actor: &Staff,
        finding: &str,
        now: Time,
    ) -> Result<(), DeskError> {
        if !self.involves(actor.uid) && !actor.role.can_reassign() {
            return Err(DeskError::forbidden(CaseRefusal::InvestigateNeedsWorker {
                ticket: self.ticket.clone(),
            }));
        }
        self.require_open(Act::Investigated)?;
        // R-INT-12: the staff member complained about does not investigate it.
        self.require_not_subject(actor.uid, Act::Handle)?;
        let finding = text::required_text(Field::Finding, finding, MAX_TEXT_BYTES)?;
        self.log(actor.uid, now, CaseEvent::Investigated(finding));
        Ok(())
    }

    /// When the first finding was recorded.
    pub fn investigated_at(&self) -> Option<Time> {
        self.entries()
            .find(|e| matches!(e.event, CaseEvent::Investigated(_)))
            .map(|e| e.at)
    }

    /// The findings recorded, oldest first, with who found them and when.
    pub fn findings(&self) -> impl Iterator<Item = (&TimelineEntry, &str)> {
        self.entries().filter_map(|e| match &e.event {
            CaseEvent::Investigated(f) => Some((e, f.as_str())),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::staff;
    use super::super::tests_follow_through::{mins, register};
    use super::*;
    use crate::domain::Role;

    #[test]
    fn r_int_17_a_complaint_is_investigated_by_the_end_of_the_day_it_came_in() {
        let policy = Policy::default();
        // 2026-11-23 22:30 at the desk (+08:00): the clock runs out at 23:59:59 that day.
        let late: Time = "2026-11-23T14:30:00Z".parse().unwrap();
        let by = policy.investigate_by(CaseKind::Complaint, late).unwrap();
        assert_eq!(by, "2026-11-23T15:59:59Z".parse::<Time>().unwrap());
        assert_eq!(policy.investigate_by(CaseKind::Repair, late), None);
        let off = Policy {
            investigate_kinds: vec![],
            ..Policy::default()
        };
        assert_eq!(off.investigate_by(CaseKind::Complaint, late), None);
    }

    #[test]
    fn r_int_17_the_finding_stops_the_clock_and_only_those_on_the_case_record_it() {
        let li = staff(1001, "li", Role::Clerk);
        let zhao = staff(1005, "zhao", Role::Clerk);
        let boss = staff(1100, "boss", Role::Supervisor);
        let mut c = register(CaseKind::Complaint, &li);
        let by = c.deadlines.investigate.expect("a complaint has the clock");
        assert!(c.pending_deadlines().contains(&(SlaClock::Investigate, by)));
        let refused = c.investigate(&zhao, "看过了", mins(5)).unwrap_err();
        assert!(matches!(refused, DeskError::Forbidden(_)), "{refused:?}");
        assert!(
            c.investigate(&li, " ", mins(5)).is_err(),
            "a finding is text"
        );
        c.investigate(&li, "核实：楼上夜间施工属实", mins(30))
            .unwrap();
        assert_eq!(c.investigated_at(), Some(mins(30)));
        assert!(!c
            .pending_deadlines()
            .iter()
            .any(|(clock, _)| *clock == SlaClock::Investigate));
        // A supervisor may add to it; the clock stopped at the first finding.
        c.investigate(&boss, "已约谈施工队", mins(40)).unwrap();
        assert_eq!(c.findings().count(), 2);
        assert_eq!(c.investigated_at(), Some(mins(30)));
        // A repair has no such clock.
        let r = register(CaseKind::Repair, &li);
        assert_eq!(r.deadlines.investigate, None);
    }
}
