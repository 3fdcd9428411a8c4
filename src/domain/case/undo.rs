//! Undoing one's own last step on a case, as a compensating change: the case's state goes
//! back to what it was before the step, nothing is deleted — the step's entries stay in the
//! timeline and an `Undone` entry says who undid what, and when. Whoever reads the timeline
//! for what happened (a reply given, a finding, an escalation) reads `entries`, which leaves
//! undone steps out.

use super::{Case, CaseEvent, TimelineEntry};
use crate::domain::{StaffId, Time};

impl Case {
    /// `self` with the step that made it from `before` undone by `by` at `now`: `before`'s
    /// state, `self`'s whole timeline and one more entry naming the step's entries.
    pub fn undone(&self, before: &Case, operation: &str, by: StaffId, now: Time) -> Case {
        let mut c = before.clone();
        c.timeline = self.timeline.clone();
        c.version = self.version;
        c.log(
            by,
            now,
            CaseEvent::Undone {
                operation: operation.to_string(),
                from: before.timeline.len() as u32,
                to: self.timeline.len() as u32,
            },
        );
        c
    }

    /// The timeline without the entries of undone steps (nor the undo entries themselves).
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &TimelineEntry> {
        let undone = self.undone_entries();
        self.timeline
            .iter()
            .enumerate()
            .filter(move |(i, _)| !undone.contains(i))
            .map(|(_, e)| e)
    }

    /// When the step an undo entry names was taken.
    pub fn undone_at(&self, from: u32) -> Option<Time> {
        self.timeline.get(from as usize).map(|e| e.at)
    }

    /// The timeline's entries of steps later undone, and the undo entries themselves.
    pub fn undone_entries(&self) -> std::collections::BTreeSet<usize> {
        let mut out = std::collections::BTreeSet::new();
        for (i, e) in self.timeline.iter().enumerate() {
            if let CaseEvent::Undone { from, to, .. } = e.event {
                out.insert(i);
                out.extend(from as usize..to as usize);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{register, staff};
    use crate::domain::case::{CaseStatus, Handler};
    use crate::domain::Role;

    #[test]
    fn an_undone_dispatch_leaves_the_state_as_before_and_the_timeline_whole() {
        let li = || staff(5001, "li", Role::Clerk);
        let wang = || staff(5002, "wang", Role::Clerk);
        let mut c = register(&li(), None);
        let before = c.clone();
        let t = before.registered_at + chrono::Duration::minutes(1);
        c.dispatch(&li(), Handler::Staff(wang().uid), t).unwrap();
        let undone = c.undone(
            &before,
            "case.dispatch",
            li().uid,
            t + chrono::Duration::minutes(1),
        );
        assert_eq!(undone.status, before.status);
        assert_eq!(undone.handler, None);
        assert_eq!(
            undone.dispatched_at, None,
            "the three-minute clock runs again"
        );
        assert_eq!(
            undone.timeline.len(),
            c.timeline.len() + 1,
            "nothing deleted"
        );
        assert_eq!(undone.version, c.version + 1);
        assert_eq!(undone.entries().count(), before.timeline.len());
        assert_eq!(undone.status, CaseStatus::Registered);
        // A step taken again at the same instant is not read as undone.
        let mut again = undone.clone();
        again.note(&li(), "再派一次前先说明", t).unwrap();
        assert_eq!(again.entries().count(), before.timeline.len() + 1);
    }
}
