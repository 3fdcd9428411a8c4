//! Edits to residents' records: loaded, version-checked against what the editor saw, changed
//! by the domain's rules, committed with the reason in the audit trail; the lookup index
//! follows in the same commit.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::verification::due_for_check;
use crate::domain::{Case, CaseKey};
use crate::domain::{ChangeSubject, CustomerEdit, CustomerId, DeskError, Verification};
use crate::protocol::{CustomerCard, Reply, ToVerify};
use crate::store::WriteSet;

/// The latest calls a card lists.
const CARD_CALLS: usize = 10;

impl Desk {
    /// Commits `ws` with `customer` as its record (added, edited or the one a merge kept),
    /// the change filed under them, and answers with the record.
    pub(super) fn commit_customer(
        &mut self,
        tx: &Tx<'_>,
        mut ws: WriteSet,
        operation: &str,
        customer: crate::domain::Customer,
        summary: String,
    ) -> Handled {
        ws.customers.push(customer.clone());
        let subject = ChangeSubject::Customer(customer.id);
        self.commit(
            tx,
            ws,
            operation,
            subject,
            summary,
            Reply::Customer(customer),
        )
    }

    pub(super) fn customer_add(
        &mut self,
        tx: &mut Tx<'_>,
        c: &crate::domain::NewCustomer,
    ) -> Handled {
        let valid = c.validate()?;
        let mut ws = WriteSet::default();
        let id = CustomerId(self.next_counter(&mut ws, crate::store::Counter::Customer)?);
        // R-REC-11: whoever adds the record keeps it.
        let customer = valid.into_customer(id, tx.now).kept_by(tx.me.uid);
        let summary = format!(
            "{} added customer {} {} ({})",
            tx.me.label(),
            id,
            customer.name,
            customer.first_unit()
        );
        self.commit_customer(tx, ws, "customer.add", customer, summary)
    }

    pub(super) fn customer_edit(
        &mut self,
        tx: &mut Tx<'_>,
        id: CustomerId,
        base_version: Option<u32>,
        edit: &CustomerEdit,
    ) -> Handled {
        let mut customer = self.customer(id)?;
        if let Some(base) = base_version {
            if base != customer.version {
                return Err(DeskError::stale(
                    crate::domain::refusal::DeskRefusal::CustomerStale {
                        customer: id.to_string(),
                        current: customer.version,
                        base,
                    },
                    customer.version,
                ));
            }
        }
        // Decided on this record: another writer's edit in between is a conflict, not lost.
        // R-REC-11 (000:391): records are kept by one person; others do not edit them.
        if self.policy.keeper_edits_only {
            if let Some(keeper) = edit.held_by_keeper(&customer, tx.me) {
                return Err(DeskError::forbidden(
                    crate::domain::refusal::DeskRefusal::RecordKept {
                        name: customer.name.clone(),
                        keeper: self.staff_name(keeper),
                    },
                ));
            }
        }
        let mut ws = WriteSet::default();
        ws.read(&customer);
        let changed = customer.edit(edit, tx.me)?;
        let summary = format!(
            "{} edited customer {} {}: {}",
            tx.me.label(),
            id,
            customer.name,
            changed.join("; ")
        );
        self.commit_customer(tx, ws, "customer.edit", customer, summary)
    }

    /// Likely duplicates among every resident (`duplicates`), at most `limit` (200 when 0).
    pub(super) fn customer_duplicates(&self, limit: u32) -> DeskResult<Reply> {
        let records = self.store.lookup_records()?;
        let limit = if limit == 0 { 200 } else { limit as usize };
        Ok(Reply::Duplicates(super::duplicates::likely_duplicates(
            &records, limit,
        )))
    }

    /// R-REC-07: the caller confirmed the resident's details today.
    pub(super) fn customer_verify(&mut self, tx: &mut Tx<'_>, id: CustomerId) -> Handled {
        let customer = self.customer(id)?;
        let v = Verification {
            customer: id,
            at: tx.now,
            by: tx.me.uid,
        };
        let summary = format!(
            "{} verified the record of {} {}",
            tx.me.label(),
            id,
            customer.name
        );
        let ws = WriteSet {
            verifications: vec![v],
            ..WriteSet::default()
        };
        self.commit(
            tx,
            ws,
            "customer.verify",
            ChangeSubject::Customer(id),
            summary,
            Reply::Verified(v),
        )
    }

    /// R-REC-07: residents not verified within a quarter, by building, unit, then id; those
    /// who moved out are left off. At most `limit` (500 when 0).
    pub(super) fn to_verify(
        &self,
        tx: &Tx<'_>,
        building: Option<u32>,
        limit: u32,
    ) -> DeskResult<Reply> {
        let checked: std::collections::HashMap<CustomerId, Verification> = self
            .store
            .all_verifications()?
            .into_iter()
            .map(|v| (v.customer, v))
            .collect();
        // One read of the moved-out set, not one per resident.
        let gone = self.store.all_moved_out()?;
        let mut rows = Vec::new();
        for r in self.store.lookup_records()? {
            let first = r
                .units
                .first()
                .and_then(|u| crate::domain::UnitCode::parse(u).ok());
            if building.is_some_and(|b| first.is_none_or(|u| u.building != b)) {
                continue;
            }
            let last = checked.get(&r.id).copied();
            if !due_for_check(last.map(|v| v.at), tx.now, self.policy.verify_days)
                || gone.contains(&r.id)
            {
                continue;
            }
            rows.push((first, r.id, ToVerify { customer: r, last }));
        }
        rows.sort_by_key(|(unit, id, _)| (*unit, *id));
        let limit = if limit == 0 { 500 } else { limit as usize };
        Ok(Reply::ToVerify(
            rows.into_iter().take(limit).map(|r| r.2).collect(),
        ))
    }

    /// A resident's card; complaints about the reader are left out, with their callbacks
    /// and visits (R-INT-12).
    pub(super) fn customer_card(
        &self,
        tx: &Tx<'_>,
        id: crate::domain::CustomerId,
    ) -> DeskResult<Reply> {
        let customer = self.customer(id)?;
        // A merged duplicate's id shows the record it was merged into.
        let id = customer.id;
        let (mut cases, hidden): (Vec<Case>, Vec<Case>) = self
            .store
            .cases_for(id)?
            .into_iter()
            .partition(|c| c.subject != Some(tx.me.uid));
        let hidden: Vec<CaseKey> = hidden.iter().map(|c| c.key).collect();
        let withheld = |k: Option<CaseKey>| k.is_some_and(|k| hidden.contains(&k));
        cases.sort_by_key(|c| std::cmp::Reverse(c.registered_at));
        let mut callbacks = self.store.callbacks_for(id)?;
        callbacks.retain(|c| !withheld(c.case()));
        callbacks.sort_by_key(|c| std::cmp::Reverse(c.due));
        let mut visits = self.store.visits_for(id)?;
        visits.retain(|v| !withheld(v.case));
        visits.sort_by_key(|v| std::cmp::Reverse(v.start));
        // R-LIFE-09: repeated complaints of one category are flagged for root-cause analysis.
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for c in cases
            .iter()
            .filter(|c| c.kind == crate::domain::CaseKind::Complaint)
        {
            *counts
                .entry(self.policy.categories.code_of(&c.category))
                .or_default() += 1;
        }
        let repeat_categories = counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(c, _)| c.to_string())
            .collect();
        let verified = self.store.verification(id)?;
        Ok(Reply::Card(Box::new(CustomerCard {
            verify_due: due_for_check(verified.map(|v| v.at), tx.now, self.policy.verify_days),
            verified,
            moved_out: self.store.moved_out(id)?,
            customer,
            cases,
            callbacks,
            visits,
            repeat_categories,
            calls: self.store.calls_of(id, CARD_CALLS)?,
        })))
    }
}

super::serve::serve! {
    write CustomerAdd(r, desk, cx) => desk.customer_add(&mut cx.tx, &r.customer);
    read CustomerDuplicates(r, desk, cx) => desk.customer_duplicates(r.limit);
    write CustomerVerify(r, desk, cx) => desk.customer_verify(&mut cx.tx, r.id);
    read ToVerify(r, desk, cx) => desk.to_verify(&cx.tx, r.building, r.limit);
    write CustomerEdit(r, desk, cx) =>
        desk.customer_edit(&mut cx.tx, r.id, r.base_version, &r.edit);
}
