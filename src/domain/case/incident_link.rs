//! A case's part in an incident (`domain::incident`): linking it, and resolving it with the
//! incident's resolution while its owner stays and its resident is told first (R-LIFE-02).

use super::{Case, CaseEvent, CaseRefusal, Resolution};
use crate::domain::incident::IncidentNo;
use crate::domain::{DeskError, Staff, Time};

impl Case {
    /// The incident this case is part of.
    pub fn incident(&self) -> Option<&IncidentNo> {
        self.entries().rev().find_map(|e| match &e.event {
            CaseEvent::Linked { incident } => Some(incident),
            _ => None,
        })
    }

    /// Ties the case to `incident`: whoever works on it (owner, handler, assist) or a
    /// supervisor, while it is open.
    pub fn link(
        &mut self,
        actor: &Staff,
        incident: &IncidentNo,
        now: Time,
    ) -> Result<(), DeskError> {
        if !self.involves(actor.uid) && !actor.role.can_reassign() {
            return Err(DeskError::forbidden(CaseRefusal::LinkNeedsWorker {
                ticket: self.ticket.clone(),
            }));
        }
        self.link_as_lead(actor, incident, now)
    }

    /// Ties the open case a new caller's case matched to the incident that grows from it:
    /// the colleague taking the new call may, since it only groups the case (its owner,
    /// clocks and steps stay its own).
    pub fn link_as_lead(
        &mut self,
        actor: &Staff,
        incident: &IncidentNo,
        now: Time,
    ) -> Result<(), DeskError> {
        self.recuse(actor.uid)?;
        if !self.status.is_open() {
            return Err(DeskError::conflict(CaseRefusal::Closed {
                ticket: self.ticket.clone(),
            }));
        }
        if self.incident() == Some(incident) {
            return Err(DeskError::conflict(CaseRefusal::AlreadyLinked {
                ticket: self.ticket.clone(),
                incident: incident.to_string(),
            }));
        }
        self.log(
            actor.uid,
            now,
            CaseEvent::Linked {
                incident: incident.clone(),
            },
        );
        Ok(())
    }

    /// Resolved with its incident: the incident's resolution, whoever owns the case (the
    /// owner stays), once its resident has been told (R-LIFE-02).
    pub fn resolve_with_incident(
        &mut self,
        by: &Staff,
        resolution: &Resolution,
        now: Time,
    ) -> Result<(), DeskError> {
        // On record as the one who resolved the incident; the owner stays.
        self.record_resolution(by.uid, resolution, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::tests::{register, staff};
    use crate::domain::incident::Incident;
    use crate::domain::Role;

    fn no() -> IncidentNo {
        IncidentNo::new(2026, 12, 1)
    }

    #[test]
    fn r_life_02_a_linked_complaint_resolves_with_its_incident_only_once_its_resident_was_told() {
        let li = staff(5001, "li", Role::Clerk);
        let boss = staff(5003, "boss", Role::Supervisor);
        let mut c = register(&li, None);
        let t = c.registered_at;
        c.link(&li, &no(), t).unwrap();
        assert_eq!(c.incident(), Some(&no()));
        assert!(c.link(&li, &no(), t).is_err(), "linked once");
        let fix = Resolution::new("总阀已修复", "总阀老化", "加入月检");
        // R-LIFE-02: not told yet, so it stays open for its owner.
        assert!(c.resolve_with_incident(&boss, &fix, t).is_err());
        c.reply(&li, "今晚恢复供水", Default::default(), t).unwrap();
        c.resolve_with_incident(&boss, &fix, t).unwrap();
        assert_eq!(c.owner, li.uid, "the first responder still owns it");
        assert_eq!(c.timeline.last().unwrap().by, boss.uid);
        let mut i = Incident::open(no(), 3, "water-power", "3栋停水", boss.uid, t, None).unwrap();
        i.resolve(boss.uid, fix.clone(), t).unwrap();
        assert!(i.resolve(boss.uid, fix, t).is_err());
    }
}
