//! Staff on the desk: registering a login, locking a leaver out (deactivate, reactivate),
//! changing role, department or name, and the handover (R-REC-16) that moves a leaver's
//! open cases and future visits to a successor in one audited change, with a "new contact
//! person" callback to every resident concerned. Each change is audited with its reason.

use std::collections::BTreeSet;

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::callback::Callback;
use crate::domain::text::{self, MAX_TEXT_BYTES};
use crate::domain::visit::{find_clash, VisitStatus};
use crate::domain::{
    CallbackId, CallbackStatus, CaseStatus, ChangeSubject, DeskError, Field, Role, Staff, StaffId,
};
use crate::protocol::{HandoverReport, Reply};
use crate::store::{Counter, Expect, Prior, Slot, WriteSet};

impl Desk {
    pub(super) fn staff_add(
        &mut self,
        tx: &mut Tx<'_>,
        username: &str,
        name: &str,
        role: Role,
        dept: &str,
        uid: Option<u32>,
    ) -> Handled {
        let uid = match uid {
            Some(u) => u,
            None => super::identity::uid_of(username.trim()).ok_or_else(|| {
                DeskError::invalid(
                    Field::User,
                    crate::domain::refusal::DeskRefusal::NoUnixAccount {
                        login: username.to_string(),
                    },
                )
            })?,
        };
        let staff = Staff::new(StaffId(uid), username, name, role, dept, tx.now)?;
        let existing = self.store.staff(staff.uid)?;
        // Registered once: another admin registering the same uid meanwhile is a conflict.
        let prior = Prior::Staff(staff.uid, existing.clone().map(Box::new));
        if let Some(existing) = existing {
            if existing.active && existing.username != staff.username {
                return Err(DeskError::conflict(
                    crate::domain::refusal::DeskRefusal::UidTaken {
                        uid,
                        login: existing.username.clone(),
                    },
                ));
            }
        }
        let summary = format!(
            "{} registered {} as {}",
            tx.me.label(),
            staff.label(),
            role.as_str()
        );
        self.staff_change(tx, prior, staff, "staff.add", summary)
    }

    /// A staff record by login, active or not (lifecycle changes reach leavers too).
    fn staff_record(&self, field: Field, username: &str) -> DeskResult<Staff> {
        let u = username.trim();
        self.store
            .all_staff()?
            .into_iter()
            .find(|s| s.username == u)
            .ok_or_else(|| {
                DeskError::invalid(
                    field,
                    crate::domain::refusal::DeskRefusal::NotStaffLogin {
                        login: u.to_string(),
                    },
                )
            })
    }

    /// Refuses a change that would leave the desk without an active admin.
    fn keep_an_admin(&self, changed: &Staff) -> DeskResult<()> {
        let admins = self
            .store
            .all_staff()?
            .into_iter()
            .filter(|s| s.uid != changed.uid && s.active && s.role == Role::Admin)
            .count();
        if admins == 0 && !(changed.active && changed.role == Role::Admin) {
            return Err(DeskError::conflict(
                crate::domain::refusal::DeskRefusal::LastAdmin {
                    person: changed.label(),
                },
            ));
        }
        Ok(())
    }

    /// Writes `staff` over `prior`, the record as the change read it.
    fn staff_change(
        &mut self,
        tx: &Tx<'_>,
        prior: impl Into<Prior>,
        staff: Staff,
        operation: &str,
        summary: String,
    ) -> Handled {
        let mut ws = WriteSet {
            staff: vec![staff.clone()],
            ..WriteSet::default()
        };
        ws.read(prior);
        self.commit(
            tx,
            ws,
            operation,
            ChangeSubject::Staff(staff.uid),
            summary,
            Reply::Staff(staff),
        )
    }

    /// Locks a leaver out (`active = false`; the router then closes their connections) or
    /// lets them back in. Nobody deactivates themselves, and one active admin always stays.
    pub(super) fn staff_set_active(
        &mut self,
        tx: &mut Tx<'_>,
        username: &str,
        active: bool,
        reason: &str,
    ) -> Handled {
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        let mut staff = self.staff_record(Field::User, username)?;
        let prior = Prior::from(&staff);
        let (verb, operation) = if active {
            ("reactivated", "staff.reactivate")
        } else {
            ("deactivated", "staff.deactivate")
        };
        if staff.active == active {
            return Err(DeskError::conflict(if active {
                crate::domain::refusal::DeskRefusal::AlreadyActive {
                    person: staff.label(),
                }
            } else {
                crate::domain::refusal::DeskRefusal::AlreadyDeactivated {
                    person: staff.label(),
                }
            }));
        }
        if !active && staff.uid == tx.me.uid {
            return Err(DeskError::conflict(
                crate::domain::refusal::DeskRefusal::DeactivateSelf {},
            ));
        }
        staff.active = active;
        self.keep_an_admin(&staff)?;
        let summary = format!(
            "{} {verb} {} because: {reason}",
            tx.me.label(),
            staff.label()
        );
        self.staff_change(tx, prior, staff, operation, summary)
    }

    pub(super) fn staff_set(
        &mut self,
        tx: &mut Tx<'_>,
        r: &crate::protocol::req::StaffSet,
    ) -> Handled {
        let reason = text::required_text(Field::Reason, &r.reason, MAX_TEXT_BYTES)?;
        let old = self.staff_record(Field::User, &r.username)?;
        let new = old.edited(
            r.role,
            r.dept.as_deref(),
            r.name.as_deref(),
            r.ext.as_deref(),
        )?;
        self.keep_an_admin(&new)?;
        // One extension rings one screen.
        if let Some(ext) = new.ext.as_deref() {
            if let Some(other) = self
                .staff
                .iter()
                .find(|s| s.uid != new.uid && s.active && s.ext.as_deref() == Some(ext))
            {
                return Err(DeskError::invalid(
                    Field::Ext,
                    crate::domain::refusal::DeskRefusal::ExtensionTaken {
                        ext: ext.to_string(),
                        person: other.label(),
                    },
                ));
            }
        }
        let mut changes = Vec::new();
        if new.role != old.role {
            changes.push(format!(
                "role {} → {}",
                old.role.as_str(),
                new.role.as_str()
            ));
        }
        if new.dept != old.dept {
            changes.push(format!("dept {} → {}", old.dept, new.dept));
        }
        if new.name != old.name {
            changes.push(format!("name {} → {}", old.name, new.name));
        }
        if new.ext != old.ext {
            let ext = |e: &Option<String>| e.clone().unwrap_or_else(|| "none".into());
            changes.push(format!("extension {} → {}", ext(&old.ext), ext(&new.ext)));
        }
        let summary = format!(
            "{} changed {}: {} because: {reason}",
            tx.me.label(),
            old.label(),
            changes.join(", ")
        );
        self.staff_change(tx, &old, new, "staff.set", summary)
    }

    /// R-REC-16: the leaver's open cases (as owner) and future visits move to the successor
    /// in one change; their cases' pending callbacks follow the cases; every resident
    /// concerned gets a "new contact person" callback due within a week. A visit slot where
    /// the successor is already booked refuses the whole handover, naming the clash, so
    /// nothing is half moved.
    pub(super) fn staff_handover(
        &mut self,
        tx: &mut Tx<'_>,
        leaver: &str,
        successor: &str,
        reason: &str,
    ) -> Handled {
        let reason = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        let from = self.staff_record(Field::User, leaver)?;
        let to = self.staff_by_username(Field::To, successor)?;
        if from.uid == to.uid {
            return Err(DeskError::invalid(
                Field::To,
                crate::domain::refusal::DeskRefusal::SuccessorIsLeaver {},
            ));
        }
        let mut ws = WriteSet::default();
        let mut report = HandoverReport::default();
        let mut residents = BTreeSet::new();
        let handover_reason = format!("handover from {}: {reason}", from.label());
        for mut case in self.store.all_cases()? {
            // Not closed: open work, and resolved cases still waiting for their callback
            // (an unsatisfied resident reopens the case to its owner, R-CB-01).
            if case.owner != from.uid || case.status == CaseStatus::Closed {
                continue;
            }
            ws.read_case(&case);
            case.reassign(tx.me, &to, &handover_reason, tx.now)
                .map_err(|e| {
                    DeskError::conflict(crate::domain::refusal::DeskRefusal::HandoverRefused {
                        ticket: case.ticket.clone(),
                        why: Box::new(e.refusal().cloned().unwrap_or_else(|| {
                            crate::domain::refusal::SystemRefusal::Internal {
                                detail: crate::domain::refusal::Detail(e.to_string()),
                            }
                            .into()
                        })),
                    })
                })?;
            if let Some(cb) = case.callback {
                if self
                    .store
                    .callback(cb)?
                    .is_some_and(|c| c.status == CallbackStatus::Pending)
                {
                    report.callbacks += 1;
                }
            }
            residents.insert(case.key.customer);
            report.cases += 1;
            ws.cases.push(case);
        }
        self.hand_over_visits(tx.now, &from, &to, &mut ws, &mut report, &mut residents)?;
        // R-REC-11: the records the leaver kept are kept by the successor.
        for customer in self.store.customers()? {
            if customer.keeper == Some(from.uid) {
                ws.read(&customer);
                ws.customers.push(customer.kept_by(to.uid));
                report.records += 1;
            }
        }
        for customer in residents {
            let id = CallbackId(self.next_counter(&mut ws, Counter::Callback)?);
            ws.callbacks.push((
                None,
                Callback::for_new_contact(
                    id,
                    customer,
                    (from.uid, to.uid),
                    self.policy.successor_callback_days,
                    tx.now,
                ),
            ));
            report.contact_callbacks += 1;
        }
        let summary = format!(
            "{} handed {}'s work to {}: {} cases ({} pending callbacks), {} visits, {} records kept, {} residents to call back; because: {reason}",
            tx.me.label(),
            from.label(),
            to.label(),
            report.cases,
            report.callbacks,
            report.visits,
            report.records,
            report.contact_callbacks
        );
        self.commit(
            tx,
            ws,
            "staff.handover",
            ChangeSubject::Staff(from.uid),
            summary,
            Reply::Handover(report),
        )
    }

    /// The leaver's scheduled visits moved to the successor, each checked against the
    /// successor's bookings (inside the commit too, `SlotFree`); a clash refuses the whole
    /// handover, naming both visits.
    fn hand_over_visits(
        &self,
        now: crate::domain::Time,
        from: &Staff,
        to: &Staff,
        ws: &mut WriteSet,
        report: &mut HandoverReport,
        residents: &mut BTreeSet<crate::domain::CustomerId>,
    ) -> DeskResult<()> {
        let successor_visits = self.store.staff_visits_starting(
            to.uid,
            now - chrono::Duration::hours(self.policy.max_visit_hours),
            now + chrono::Duration::days(3650),
        )?;
        let leaver_visits =
            self.store
                .staff_visits_starting(from.uid, now, now + chrono::Duration::days(3650))?;
        let mut booked = successor_visits;
        for old in leaver_visits {
            if old.status != VisitStatus::Scheduled {
                continue;
            }
            if let Some(clash) = find_clash(&booked, to.uid, old.start, old.end) {
                let local = |t| self.policy.local(t).format("%Y-%m-%d %H:%M").to_string();
                return Err(DeskError::conflict(
                    crate::domain::refusal::DeskRefusal::HandoverClash {
                        person: to.label(),
                        start: local(clash.start),
                        end: local(clash.end),
                        visit: clash.id.to_string(),
                        leaver: from.label(),
                        moving: old.id.to_string(),
                    },
                ));
            }
            ws.expect.push(Expect::SlotFree(Slot {
                staff: to.uid,
                since: old.start - chrono::Duration::hours(self.policy.max_visit_hours),
                start: old.start,
                end: old.end,
                moving: None,
            }));
            let mut moved = old.clone();
            moved.staff = to.uid;
            moved.version += 1;
            residents.insert(moved.customer);
            booked.push(moved.clone());
            ws.visits.push((Some(old), moved));
            report.visits += 1;
        }
        Ok(())
    }

    /// The uid of a staff login (for filters), active or not.
    pub(super) fn staff_uid(&self, field: Field, username: &str) -> DeskResult<StaffId> {
        Ok(self.staff_record(field, username)?.uid)
    }
}

super::serve::serve! {
    write StaffAdd(r, desk, cx) =>
        desk.staff_add(&mut cx.tx, &r.username, &r.name, r.role, &r.dept, r.uid);
    read StaffList(r, desk, cx) =>
        desk.store.all_staff().map(Reply::StaffList).map_err(Into::into);
    write StaffReactivate(r, desk, cx) =>
        desk.staff_set_active(&mut cx.tx, &r.username, true, &r.reason);
    write StaffSet(r, desk, cx) => desk.staff_set(&mut cx.tx, r);
    write StaffHandover(r, desk, cx) =>
        desk.staff_handover(&mut cx.tx, &r.leaver, &r.successor, &r.reason);
}
