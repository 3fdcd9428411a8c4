//! Callback requests: the due-ordered callback queue and outcomes (an unsatisfied resident
//! reopens the case to its owner), and the periodic care calls by tier.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::callback::{next_tier_callback, CallResult};
use crate::domain::{Callback, CallbackId, ChangeSubject, DeskError, Outcome, Time, Visit};
use crate::protocol::{CallbackRow, Reply, VisitRow};
use crate::store::{Counter, WriteSet};

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
    ) -> Handled {
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
    pub(super) fn callback_plan(&mut self, tx: &mut Tx<'_>, until: Time) -> Handled {
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
}

super::serve::serve! {
    read CallbackList(r, desk, cx) => desk.callback_list(&cx.tx, r.overdue_only, r.until);
    write CallbackRecord(r, desk, cx) =>
        desk.callback_record(&mut cx.tx, r.id, r.outcome, r.onsite, r.signed, &r.note);
    write CallbackPlan(r, desk, cx) => desk.callback_plan(&mut cx.tx, r.until);
}
