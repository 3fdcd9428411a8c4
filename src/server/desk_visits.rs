//! Visit requests (R-VIS-01..05): booking with the double-booking check, the day's list,
//! done with its report and the call after it, cancelled or moved with the resident told.

use crate::domain::Field;
use chrono::Duration;

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::visit::{check_window, find_clash, VisitKind};
use crate::domain::{
    Callback, CallbackId, ChangeSubject, DeskError, Role, Staff, Time, Visit, VisitId, VisitStatus,
};
use crate::protocol::{NewVisit, Reply};
use crate::store::{Counter, Expect, Slot, WriteSet};

impl Desk {
    pub(super) fn visit_add(&mut self, tx: &mut Tx<'_>, v: &NewVisit) -> Handled {
        let customer = self.customer(v.customer)?;
        let staff = match v.staff.as_deref().map(str::trim) {
            None | Some("") => tx.me.clone(),
            Some(u) => self.staff_by_username(Field::Staff, u)?,
        };
        let kind = v.kind;
        check_window(&self.policy, v.start, v.end)?;
        let unit = match v.unit {
            None => *customer.units.first().ok_or_else(|| {
                DeskError::invalid(
                    Field::Unit,
                    crate::domain::refusal::DeskRefusal::CustomerNoUnit {},
                )
            })?,
            Some(u) => u,
        };
        let case = match &v.ticket {
            None => None,
            Some(t) => {
                let c = self.case_by_ticket(t)?;
                if c.key.customer != customer.id {
                    return Err(DeskError::invalid(
                        Field::Ticket,
                        crate::domain::refusal::DeskRefusal::TicketOtherCustomer {
                            ticket: c.ticket.clone(),
                        },
                    ));
                }
                if c.subject == Some(staff.uid) {
                    return Err(DeskError::forbidden(
                        crate::domain::refusal::DeskRefusal::SubjectNoVisit {},
                    ));
                }
                Some(c.key)
            }
        };
        let purpose = crate::domain::text::optional_text(
            Field::Purpose,
            &v.purpose,
            crate::domain::text::MAX_TEXT_BYTES,
        )?;
        let mut ws = WriteSet::default();
        self.book_slot(&mut ws, &staff, v.start, v.end, None)?;
        let id = VisitId(self.next_counter(&mut ws, Counter::Visit)?);
        let visit = Visit {
            id,
            customer: customer.id,
            unit,
            staff: staff.uid,
            kind,
            start: v.start,
            end: v.end,
            case,
            callback: None,
            purpose,
            status: VisitStatus::Scheduled,
            report: String::new(),
            created_by: tx.me.uid,
            version: 1,
        };
        let summary = format!(
            "{} booked visit {id} ({}) for {} at {} with {}",
            tx.me.label(),
            kind.as_str(),
            customer.name,
            unit,
            staff.label()
        );
        ws.visits.push((None, visit.clone()));
        self.commit(
            tx,
            ws,
            "visit.add",
            ChangeSubject::Visit {
                id,
                customer: customer.id,
            },
            summary,
            Reply::Visit(visit),
        )
    }

    pub(super) fn visit_list(
        &self,
        tx: &Tx<'_>,
        from: Time,
        to: Time,
        staff: Option<&str>,
    ) -> DeskResult<Reply> {
        let visits = match staff.map(str::trim).filter(|s| !s.is_empty()) {
            Some(u) => {
                let s = self.staff_by_username(Field::Staff, u)?;
                self.store.staff_visits_starting(s.uid, from, to)?
            }
            None => self.store.visits_starting(from, to)?,
        };
        let mut rows = Vec::with_capacity(visits.len());
        for visit in visits {
            if self.hides_case(visit.case, tx.me.uid)? {
                continue;
            }
            rows.push(self.visit_row(visit)?);
        }
        Ok(Reply::Visits(rows))
    }

    /// A scheduled visit, for its visitor, whoever booked it, or a supervisor to change.
    fn visit_to_change(&self, tx: &Tx<'_>, id: VisitId) -> DeskResult<Visit> {
        let old = self.store.visit(id)?.ok_or_else(|| {
            DeskError::not_found(crate::domain::refusal::DeskRefusal::VisitNotFound {
                visit: id.to_string(),
            })
        })?;
        if old.staff != tx.me.uid && old.created_by != tx.me.uid && tx.me.role < Role::Supervisor {
            return Err(DeskError::forbidden(
                crate::domain::refusal::DeskRefusal::VisitNotYours {
                    visit: id.to_string(),
                    person: self.staff_name(old.staff),
                },
            ));
        }
        Ok(old)
    }

    /// Marks a visit done with its report. R-VIS-05, R-CB-13: a visit that is neither a
    /// callback itself nor for a case (called back when it is resolved) queues the call
    /// after it, when the policy asks for one.
    pub(super) fn visit_done(&mut self, tx: &mut Tx<'_>, id: VisitId, report: &str) -> Handled {
        let old = self.visit_to_change(tx, id)?;
        let mut v = old.clone();
        v.complete(report)?;
        let mut ws = WriteSet::default();
        let hours = self.policy.visit_callback_hours;
        if hours > 0 && v.case.is_none() && v.kind != VisitKind::OnsiteCallback {
            let cb = CallbackId(self.next_counter(&mut ws, Counter::Callback)?);
            ws.callbacks.push((
                None,
                Callback::after_visit(cb, v.customer, id, hours, tx.now),
            ));
        }
        let summary = format!("{} completed visit {id}", tx.me.label());
        self.commit_visit(tx, ws, old, v, "visit.done", summary)
    }

    /// R-VIS-02: a visit called off, its slot free, the resident to be told.
    pub(super) fn visit_cancel(&mut self, tx: &mut Tx<'_>, id: VisitId, reason: &str) -> Handled {
        let old = self.visit_to_change(tx, id)?;
        let mut v = old.clone();
        v.cancel(reason)?;
        let mut ws = WriteSet::default();
        self.tell_the_resident(tx, &mut ws, &v, true)?;
        let summary = format!("{} cancelled visit {id}: {}", tx.me.label(), v.report);
        self.commit_visit(tx, ws, old, v, "visit.cancel", summary)
    }

    /// R-VIS-02: a visit moved to a window free for its visitor, the resident to be told.
    pub(super) fn visit_move(
        &mut self,
        tx: &mut Tx<'_>,
        r: &crate::protocol::req::VisitMove,
    ) -> Handled {
        let reason = crate::domain::text::required_text(
            Field::Reason,
            &r.reason,
            crate::domain::text::MAX_TEXT_BYTES,
        )?;
        let old = self.visit_to_change(tx, r.id)?;
        let mut v = old.clone();
        let end = r.end.unwrap_or(r.start + (old.end - old.start));
        v.reschedule(&self.policy, r.start, end)?;
        // Staff records are deactivated, never deleted: a visit's visitor is always on file.
        let staff = self.store.staff(v.staff)?.ok_or_else(|| {
            DeskError::internal(crate::domain::refusal::SystemRefusal::Internal {
                detail: crate::domain::refusal::Detail(format!(
                    "visit {} names staff uid {} with no record",
                    r.id, v.staff.0
                )),
            })
        })?;
        let mut ws = WriteSet::default();
        self.book_slot(&mut ws, &staff, v.start, v.end, Some(v.id))?;
        self.tell_the_resident(tx, &mut ws, &v, false)?;
        let local = |t: Time| self.policy.local(t).format("%Y-%m-%d %H:%M").to_string();
        let summary = format!(
            "{} moved visit {} from {} to {}: {reason}",
            tx.me.label(),
            r.id,
            local(old.start),
            local(v.start)
        );
        self.commit_visit(tx, ws, old, v, "visit.move", summary)
    }

    /// Queues the call that tells the resident their visit moved or will not happen.
    fn tell_the_resident(
        &self,
        tx: &Tx<'_>,
        ws: &mut WriteSet,
        v: &Visit,
        cancelled: bool,
    ) -> DeskResult<()> {
        let cb = CallbackId(self.next_counter(ws, Counter::Callback)?);
        ws.callbacks.push((
            None,
            Callback::for_visit_moved(cb, v.customer, v.id, cancelled, tx.now),
        ));
        Ok(())
    }

    fn commit_visit(
        &mut self,
        tx: &mut Tx<'_>,
        mut ws: WriteSet,
        old: Visit,
        v: Visit,
        operation: &str,
        summary: String,
    ) -> Handled {
        let (id, customer) = (v.id, v.customer);
        ws.visits.push((Some(old), v.clone()));
        self.commit(
            tx,
            ws,
            operation,
            ChangeSubject::Visit { id, customer },
            summary,
            Reply::Visit(v),
        )
    }

    /// R-VIS-02: never double-book. Refuses a window that clashes with another of `staff`'s
    /// visits (naming it), and has the commit check the slot is still free then. A visit
    /// being `moving` does not clash with itself.
    fn book_slot(
        &self,
        ws: &mut WriteSet,
        staff: &Staff,
        start: Time,
        end: Time,
        moving: Option<VisitId>,
    ) -> DeskResult<()> {
        // Only visits that started up to the longest allowed window before this one can
        // overlap it.
        let since = start - Duration::hours(self.policy.max_visit_hours);
        let nearby = self.store.staff_visits_starting(staff.uid, since, end)?;
        let others = nearby.iter().filter(|n| Some(n.id) != moving);
        if let Some(clash) = find_clash(others, staff.uid, start, end) {
            let local = |t: Time| self.policy.local(t).format("%Y-%m-%d %H:%M").to_string();
            let who = self
                .store
                .customer(clash.customer)?
                .map(|c| c.name)
                .unwrap_or_default();
            return Err(DeskError::Conflict {
                reason: crate::domain::refusal::DeskRefusal::Booked {
                    person: staff.label(),
                    visit: clash.id.to_string(),
                    kind: clash.kind.into(),
                    who,
                    unit: clash.unit.to_string(),
                    start: local(clash.start),
                    end: local(clash.end),
                }
                .into(),
                current_version: None,
            });
        }
        // The slot found free above must still be free at commit.
        ws.expect.push(Expect::SlotFree(Slot {
            staff: staff.uid,
            since,
            start,
            end,
            moving,
        }));
        Ok(())
    }
}

super::serve::serve! {
    write VisitAdd(r, desk, cx) => desk.visit_add(&mut cx.tx, &r.visit);
    read VisitList(r, desk, cx) => desk.visit_list(&cx.tx, r.from, r.to, r.staff.as_deref());
    write VisitDone(r, desk, cx) => desk.visit_done(&mut cx.tx, r.id, &r.report);
    write VisitCancel(r, desk, cx) => desk.visit_cancel(&mut cx.tx, r.id, &r.reason);
    write VisitMove(r, desk, cx) => desk.visit_move(&mut cx.tx, r);
}
