//! Importing residents with bounded memory, all or nothing. Rows wait on disk (staging, see
//! `store::sled_store::staging`); the commit first checks every row streaming from there
//! (keeping only the given ids and, for 身份 rows, owners per unit), then marks the import
//! pending, applies it in batches — each a durable commit that consumes its staged rows and
//! advances the marker — and ends with the audit entry and the reply. A daemon killed midway
//! finishes the import when it starts again, before it serves anyone, so no one ever sees
//! half an import; one that is refused writes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::{
    ChangeSubject, CustomerId, DeskError, Dwelling, Field, MoveIn, OccupantRole, Staff, UnitCode,
};
use crate::protocol::{ImportRow, Reply};
use crate::store::{Counter, PendingImport, StoreError, WriteSet};

/// Rows applied per durable commit: bounds the daemon's memory whatever the file's size.
const BATCH: usize = 5000;
/// Bad rows described in a refusal (all are counted).
const MAX_REPORTED: usize = 1000;

impl Desk {
    /// Commits the rows staged under `token`, or refuses them all.
    pub(super) fn import_staged(&mut self, tx: &mut Tx<'_>, token: u64) -> Handled {
        let checked = self.check_staged(token);
        let (count, base) = match checked {
            Ok(ok) => ok,
            Err(e) => {
                self.store.clear_staging(token)?;
                return Err(e);
            }
        };
        let pending = PendingImport {
            token,
            by: tx.me.uid,
            request_id: tx.request_id,
            started: tx.now,
            next_id: base + 1,
            applied: 0,
            first_id: 0,
        };
        let ws = WriteSet {
            pending_import: Some(Some(pending.clone())),
            ..WriteSet::default()
        };
        self.store.commit(&ws)?;
        let (applied, first_id, next_id) = self.apply_batches(pending)?;
        debug_assert_eq!(applied, count, "every checked row applied");
        self.finish_import(tx, applied, first_id, next_id)
    }

    /// Every staged row checked with the rules a new resident meets, ids unique and free,
    /// a tenant's unit with its owner; returns (rows, the highest id already taken).
    fn check_staged(&self, token: u64) -> DeskResult<(u64, u64)> {
        let mut errors: Vec<(u64, DeskError)> = Vec::new();
        let mut bad = 0u64;
        let mut count = 0u64;
        let mut given: HashSet<u64> = HashSet::new();
        let mut owners: HashMap<UnitCode, u32> = HashMap::new();
        let mut note = |errors: &mut Vec<(u64, DeskError)>, line: u64, what: DeskError| {
            bad += 1;
            if errors.len() < MAX_REPORTED {
                errors.push((line, what));
            }
        };
        self.store.for_each_staged(token, &mut |row| {
            count += 1;
            let valid = match row.customer.validate() {
                Ok(v) => Some(v),
                Err(e) => {
                    note(&mut errors, row.line, e);
                    None
                }
            };
            if let Some(id) = row.id {
                if id == 0 || !given.insert(id) {
                    note(
                        &mut errors,
                        row.line,
                        DeskError::invalid(
                            Field::Id,
                            crate::domain::refusal::DeskRefusal::IdRepeats { id },
                        ),
                    );
                } else if self.store.customer(CustomerId(id))?.is_some() {
                    note(
                        &mut errors,
                        row.line,
                        DeskError::invalid(
                            Field::Id,
                            crate::domain::refusal::DeskRefusal::IdExists { id },
                        ),
                    );
                }
            }
            if let (Some(role), Some(unit)) =
                (row.role, valid.and_then(|v| v.units.first().copied()))
            {
                let at = match owners.entry(unit) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let recorded = self.store.dwelling(unit)?.map_or(0, |d| {
                            d.current()
                                .filter(|o| o.role == OccupantRole::Owner)
                                .count() as u32
                        });
                        e.insert(recorded)
                    }
                };
                match role {
                    OccupantRole::Owner => *at += 1,
                    OccupantRole::Tenant if *at != 1 => note(
                        &mut errors,
                        row.line,
                        DeskError::invalid(
                            Field::Role,
                            crate::domain::refusal::DeskRefusal::TenantNeedsOneOwner {
                                unit: unit.to_string(),
                            },
                        ),
                    ),
                    _ => {}
                }
            }
            Ok(())
        })?;
        if bad > 0 {
            let more = bad - errors.len() as u64;
            return Err(DeskError::invalid(
                Field::Import,
                crate::domain::refusal::DeskRefusal::BadRows {
                    count: bad,
                    rows: crate::domain::refusal::Rows(errors, more),
                },
            ));
        }
        if count == 0 {
            return Err(DeskError::invalid(
                Field::File,
                crate::domain::refusal::DeskRefusal::NoRowsToImport {},
            ));
        }
        let next = self.store.counter(Counter::Customer)?;
        Ok((count, next.max(given.into_iter().max().unwrap_or(0))))
    }

    /// Applies the pending import's remaining staged rows, batch by batch; returns (rows
    /// applied, first id, next id to give).
    fn apply_batches(&mut self, mut p: PendingImport) -> DeskResult<(u64, u64, u64)> {
        let today = self.policy.local(p.started).date_naive();
        loop {
            let rows: Vec<ImportRow> = self.store.staged_rows(p.token, BATCH)?;
            if rows.is_empty() {
                return Ok((p.applied, p.first_id, p.next_id));
            }
            let mut ws = WriteSet::default();
            let mut dwellings: BTreeMap<UnitCode, Dwelling> = BTreeMap::new();
            for row in &rows {
                let valid = row.customer.validate()?;
                let id = match row.id {
                    Some(id) => id,
                    None => {
                        p.next_id += 1;
                        p.next_id - 1
                    }
                };
                if p.first_id == 0 {
                    p.first_id = id;
                }
                // R-REC-11: the supervisor who imports the records keeps them until handed on.
                let customer = valid.into_customer(CustomerId(id), p.started).kept_by(p.by);
                if let (Some(role), Some(unit)) = (row.role, customer.units.first().copied()) {
                    let d = match dwellings.entry(unit) {
                        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::btree_map::Entry::Vacant(e) => e.insert(
                            self.store
                                .dwelling(unit)?
                                .unwrap_or_else(|| Dwelling::new(unit)),
                        ),
                    };
                    let owner = (role == OccupantRole::Tenant)
                        .then(|| {
                            d.current()
                                .find(|o| o.role == OccupantRole::Owner)
                                .map(|o| o.customer)
                        })
                        .flatten();
                    d.move_in(&MoveIn {
                        customer: customer.id,
                        role,
                        date: today,
                        residence_card: String::new(),
                        owner,
                        kinship_proof: String::new(),
                    })?;
                }
                ws.customers.push(customer);
            }
            p.applied += rows.len() as u64;
            ws.dwellings.extend(dwellings.into_values());
            ws.unstaged = Some((p.token, rows.iter().map(|r| r.line).collect()));
            ws.pending_import = Some(Some(p.clone()));
            // No change of its own: the last commit's says "all customers" to the pump.
            self.store.commit(&ws)?;
        }
    }

    /// The audit entry and the reply, with the marker cleared, in one last commit.
    fn finish_import(
        &mut self,
        tx: &mut Tx<'_>,
        count: u64,
        first_id: u64,
        next_id: u64,
    ) -> Handled {
        let next_customer = self.store.counter(Counter::Customer)?;
        let mut ws = WriteSet {
            pending_import: Some(None),
            // The batches wrote customers without a change of their own.
            touches_all_customers: true,
            ..WriteSet::default()
        };
        self.set_counter(&mut ws, Counter::Customer, next_customer.max(next_id - 1))?;
        let summary = format!("{} imported {count} customers", tx.me.label());
        self.commit(
            tx,
            ws,
            "customer.import",
            ChangeSubject::Customers { count },
            summary,
            Reply::Imported { count, first_id },
        )
    }

    /// At start-up: finishes an import a killed daemon left midway, before serving anyone.
    pub(super) fn resume_import(&mut self) -> Result<(), StoreError> {
        let Some(p) = self.store.pending_import()? else {
            return Ok(());
        };
        let as_store =
            |e: DeskError| StoreError::Io(format!("finishing an interrupted import: {e}"));
        let me: Staff = self.store.staff(p.by)?.ok_or_else(|| {
            StoreError::Io(format!(
                "finishing an interrupted import: staff {} is gone",
                p.by.0
            ))
        })?;
        let (request_id, started) = (p.request_id, p.started);
        tracing::info!("finishing an import interrupted after {} rows", p.applied);
        let (count, first_id, next_id) = self.apply_batches(p).map_err(as_store)?;
        let mut tx = Tx {
            me: &me,
            request_id,
            now: started,
        };
        self.finish_import(&mut tx, count, first_id, next_id)
            .map_err(as_store)?;
        Ok(())
    }
}
