//! Merging a duplicate resident (supervisors): one commit moves the duplicate's cases,
//! callbacks, visits, units and phones to the record kept, re-points the dwellings they
//! occupied, removes the duplicate from search and leaves a forward, so its old id and its
//! tickets still resolve. A kill -9 finds the store before or after the merge, never between.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::customer_merge::merged;
use crate::domain::{CaseKey, CustomerId, DeskError, Field};
use crate::store::{Prior, WriteSet};

impl Desk {
    pub(super) fn customer_merge(
        &mut self,
        tx: &mut Tx<'_>,
        keep_id: CustomerId,
        drop_id: CustomerId,
        reason: &str,
    ) -> Handled {
        let reason = crate::domain::text::required_text(
            Field::Reason,
            reason,
            crate::domain::text::MAX_TEXT_BYTES,
        )?;
        let exact = |id: CustomerId| -> DeskResult<crate::domain::Customer> {
            self.store.customer(id)?.ok_or_else(|| {
                DeskError::not_found(crate::domain::refusal::DeskRefusal::MergedAlready {
                    customer: id.to_string(),
                })
            })
        };
        let keep = exact(keep_id)?;
        let drop = exact(drop_id)?;
        let kept = merged(&keep, &drop)?;
        let mut ws = WriteSet::default();
        // Both records and every case moved are checked again at commit.
        ws.read(&keep);
        ws.read(&drop);
        let moved_key = |k: CaseKey| CaseKey {
            customer: keep_id,
            seq: k.seq,
        };
        let cases = self.store.cases_for(drop_id)?;
        for c in &cases {
            ws.read_case(c);
            ws.removed_cases.push(c.key);
            let mut moved = c.clone();
            moved.key = moved_key(c.key);
            ws.cases.push(moved);
        }
        for (unit, key) in self.store.case_units_of(drop_id)? {
            ws.removed_case_units.push((unit, key));
            ws.case_units.push((unit, moved_key(key)));
        }
        let callbacks = self.store.callbacks_for(drop_id)?;
        for cb in &callbacks {
            ws.removed_callbacks.push((drop_id, cb.id));
            let mut moved = cb.clone();
            moved.customer = keep_id;
            if let crate::domain::callback::CallbackReason::CaseResolved { case, .. } =
                &mut moved.reason
            {
                *case = moved_key(*case);
            }
            ws.callbacks.push((Some(cb.clone()), moved));
        }
        let visits = self.store.visits_for(drop_id)?;
        for v in &visits {
            ws.removed_visits.push((drop_id, v.id));
            let mut moved = v.clone();
            moved.customer = keep_id;
            moved.case = v.case.map(moved_key);
            ws.visits.push((Some(v.clone()), moved));
        }
        for unit in &drop.units {
            if let Some(mut d) = self.store.dwelling(*unit)? {
                let prior = Prior::from(&d);
                let mut changed = false;
                for o in d.occupants.iter_mut() {
                    if o.customer == drop_id {
                        o.customer = keep_id;
                        changed = true;
                    }
                    if o.owner == Some(drop_id) {
                        o.owner = Some(keep_id);
                        changed = true;
                    }
                }
                if changed {
                    d.version += 1;
                    ws.read(prior);
                    ws.dwellings.push(d);
                }
            }
        }
        // The more recent R-REC-07 check of the two stands for the kept record.
        let checks = [
            self.store.verification(keep_id)?,
            self.store.verification(drop_id)?,
        ];
        if let Some(latest) = checks.into_iter().flatten().max_by_key(|v| v.at) {
            ws.verifications.push(crate::domain::Verification {
                customer: keep_id,
                ..latest
            });
        }
        if !self.store.moved_out(drop_id)? {
            ws.moved_out.push((keep_id, false));
        }
        ws.removed_customers.push(drop_id);
        ws.forwards.push((drop_id, keep_id));
        let summary = format!(
            "{} merged {} {} into {} {}: {} cases, {} callbacks, {} visits moved, because: {reason}",
            tx.me.label(),
            drop_id,
            drop.name,
            keep_id,
            keep.name,
            cases.len(),
            callbacks.len(),
            visits.len()
        );
        self.commit_customer(tx, ws, "customer.merge", kept, summary)
    }
}

super::serve::serve! {
    write CustomerMerge(r, desk, cx) =>
        desk.customer_merge(&mut cx.tx, r.keep, r.drop, &r.reason);
}
