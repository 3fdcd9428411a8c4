//! Edits to residents' records: loaded, version-checked against what the editor saw, changed
//! by the domain's rules, committed with the reason in the audit trail; the lookup index
//! follows in the same commit.

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::{ChangeRecord, ChangeSubject, CustomerEdit, CustomerId, DeskError};
use crate::protocol::Reply;
use crate::store::WriteSet;

impl Desk {
    pub(super) fn customer_edit(
        &mut self,
        tx: &mut Tx<'_>,
        id: CustomerId,
        base_version: Option<u32>,
        edit: &CustomerEdit,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
        let mut customer = self.customer(id)?;
        if let Some(base) = base_version {
            if base != customer.version {
                return Err(DeskError::stale(
                    &format!("customer {id}"),
                    customer.version,
                    base,
                ));
            }
        }
        let changed = customer.edit(edit, tx.me)?;
        let summary = format!(
            "{} edited customer {} {}: {}",
            tx.me.label(),
            id,
            customer.name,
            changed.join("; ")
        );
        let ws = WriteSet {
            customers: vec![customer.clone()],
            ..WriteSet::default()
        };
        self.commit(
            tx,
            ws,
            "customer.edit",
            ChangeSubject::Customer(id),
            summary,
            Reply::Customer(customer),
        )
    }

    /// Likely duplicates among every resident (`duplicates`), at most `limit` (200 when 0).
    pub(super) fn customer_duplicates(&self, limit: u32) -> DeskResult<Reply> {
        let records = self.store.lookup_records()?;
        let limit = if limit == 0 { 200 } else { limit as usize };
        Ok(Reply::Duplicates(super::duplicates::likely_duplicates(
            &records, limit,
        )))
    }
}
