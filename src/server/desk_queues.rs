//! Callback and visit requests: the due-ordered callback queue and outcomes (an unsatisfied
//! resident reopens the case to its owner), and visit booking with the double-booking check.

use crate::domain::Field;
use chrono::Duration;

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::callback::{next_tier_callback, CallResult};
use crate::domain::visit::{check_window, find_clash};
use crate::domain::{
    Callback, CallbackId, ChangeRecord, ChangeSubject, DeskError, Outcome, Role, Time, Visit,
    VisitId, VisitStatus,
};
use crate::protocol::{CallbackRow, NewVisit, Reply, VisitRow};
use crate::store::{Counter, Expect, WriteSet};

impl Desk {
    pub(super) fn callback_list(
        &self,
        tx: &Tx<'_>,
        overdue_only: bool,
        until: Option<Time>,
    ) -> DeskResult<Reply> {
        let until = if overdue_only { Some(tx.now) } else { until };
        let mut rows = Vec::new();
        for cb in self.store.pending_callbacks(until)? {
            if self.hides_case(cb.case(), tx.me.uid)? {
                continue;
            }
            rows.push(self.callback_row(cb, tx.now)?);
        }
        Ok(Reply::Callbacks(rows))
    }

    /// A queue row: the callback with its resident's name and phones.
    pub(super) fn callback_row(&self, cb: Callback, now: Time) -> DeskResult<CallbackRow> {
        let customer = self.store.customer(cb.customer)?;
        Ok(CallbackRow {
            overdue: cb.is_overdue(now),
            customer_name: customer
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            phones: customer
                .map(|c| c.phones.iter().map(|p| p.0.clone()).collect())
                .unwrap_or_default(),
            callback: cb,
        })
    }

    /// A schedule row: the visit with its resident's name.
    pub(super) fn visit_row(&self, visit: Visit) -> DeskResult<VisitRow> {
        let customer_name = self
            .store
            .customer(visit.customer)?
            .map(|c| c.name)
            .unwrap_or_default();
        Ok(VisitRow {
            visit,
            customer_name,
        })
    }

    pub(super) fn callback_record(
        &mut self,
        tx: &mut Tx<'_>,
        id: CallbackId,
        outcome: Outcome,
        onsite: bool,
        signed: bool,
        note: &str,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
        let old = self.store.callback(id)?.ok_or_else(|| {
            DeskError::not_found(crate::domain::refusal::DeskRefusal::CallbackNotFound {
                callback: id.to_string(),
            })
        })?;
        let mut case = match old.case() {
            Some(k) => self.store.case(k)?,
            None => None,
        };
        if let Some(c) = &case {
            if c.subject == Some(tx.me.uid) {
                return Err(DeskError::forbidden(
                    crate::domain::refusal::DeskRefusal::SubjectNoCallback {},
                ));
            }
        }
        let mut cb = old.clone();
        let call = CallResult {
            outcome,
            onsite,
            signed,
            note: note.to_string(),
        };
        let settled = cb.record(tx.me.uid, &call, &self.policy, tx.now)?;
        let mut ws = WriteSet::default();
        // The case's state and recusal, as read above, must still hold at commit.
        if let Some(c) = &case {
            ws.read_case(c);
        }
        let mut detail = format!("callback {id}: {}", outcome.as_str());
        if let (Some(s), Some(c)) = (settled, case.as_mut()) {
            c.apply_callback(tx.me.uid, s, tx.now);
            detail.push_str(&format!(", case {} now {}", c.ticket, c.status.as_str()));
            ws.cases.push(c.clone());
        }
        let summary = format!("{} recorded {detail}", tx.me.label());
        let customer = cb.customer;
        ws.callbacks.push((Some(old), cb.clone()));
        self.commit(
            tx,
            ws,
            "callback.record",
            ChangeSubject::Callback { id, customer },
            summary,
            Reply::Callback(cb),
        )
    }

    /// R-CB-08: periodic callbacks by tier, at most `PLAN_BATCH` per run (one transaction).
    pub(super) fn callback_plan(
        &mut self,
        tx: &mut Tx<'_>,
        until: Time,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
        const PLAN_BATCH: usize = 5000;
        let mut ws = WriteSet::default();
        let mut more = false;
        for c in self.store.customers()? {
            // R-REC-03: a resident who moved out leaves the tier callback plans.
            if self.store.moved_out(c.id)? {
                continue;
            }
            let existing = self.store.callbacks_for(c.id)?;
            let Some(due) =
                next_tier_callback(&self.policy, c.tier, c.created_at, &existing, until)
            else {
                continue;
            };
            if ws.callbacks.len() == PLAN_BATCH {
                more = true;
                break;
            }
            let id = CallbackId(self.next_counter(&mut ws, Counter::Callback)?);
            ws.callbacks
                .push((None, Callback::for_tier(id, c.id, c.tier, due, tx.now)));
        }
        let created = ws.callbacks.len() as u64;
        let summary = format!("{} planned {created} tier callbacks", tx.me.label());
        self.commit(
            tx,
            ws,
            "callback.plan",
            ChangeSubject::Customers { count: created },
            summary,
            Reply::Planned { created, more },
        )
    }

    pub(super) fn visit_add(
        &mut self,
        tx: &mut Tx<'_>,
        v: &NewVisit,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
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
        // R-VIS-02: never double-book. Only visits that started up to the longest allowed
        // window before this one can overlap it.
        let nearby = self.store.staff_visits_starting(
            staff.uid,
            v.start - Duration::hours(self.policy.max_visit_hours),
            v.end,
        )?;
        if let Some(clash) = find_clash(&nearby, staff.uid, v.start, v.end) {
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
                    kind: clash.kind,
                    who,
                    unit: clash.unit.to_string(),
                    start: local(clash.start),
                    end: local(clash.end),
                }
                .into(),
                current_version: None,
            });
        }
        let mut ws = WriteSet::default();
        // The slot found free above must still be free at commit.
        ws.expect.push(Expect::SlotFree {
            staff: staff.uid,
            since: v.start - Duration::hours(self.policy.max_visit_hours),
            start: v.start,
            end: v.end,
        });
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

    pub(super) fn visit_done(
        &mut self,
        tx: &mut Tx<'_>,
        id: VisitId,
        report: &str,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
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
        let mut v = old.clone();
        v.complete(report)?;
        let summary = format!("{} completed visit {id}", tx.me.label());
        let customer = v.customer;
        self.commit(
            tx,
            WriteSet {
                visits: vec![(Some(old), v.clone())],
                ..WriteSet::default()
            },
            "visit.done",
            ChangeSubject::Visit { id, customer },
            summary,
            Reply::Visit(v),
        )
    }
}

super::serve::serve! {
    read CallbackList(r, desk, cx) => desk.callback_list(&cx.tx, r.overdue_only, r.until);
    write CallbackRecord(r, desk, cx) =>
        desk.callback_record(&mut cx.tx, r.id, r.outcome, r.onsite, r.signed, &r.note);
    write CallbackPlan(r, desk, cx) => desk.callback_plan(&mut cx.tx, r.until);
    write VisitAdd(r, desk, cx) => desk.visit_add(&mut cx.tx, &r.visit);
    read VisitList(r, desk, cx) => desk.visit_list(&cx.tx, r.from, r.to, r.staff.as_deref());
    write VisitDone(r, desk, cx) => desk.visit_done(&mut cx.tx, r.id, &r.report);
}
