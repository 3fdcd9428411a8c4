//! Dwellings: a unit's view (every occupant past and present, its papers, the whole history
//! of cases, visits and callbacks of the people who lived there), move-in and move-out
//! (R-REC-03, R-OPS-06) and filing the move-in papers (R-REC-01). A move changes the
//! dwelling and the resident's own record in one commit: a move-in adds the unit to the
//! resident's units, a move-out takes it off (unless it is their last: their record keeps
//! it, marked moved out, so their history stays searchable).

use chrono::NaiveDate;

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::{ChangeSubject, CustomerId, DeskError, DocKind, Dwelling, MoveIn, UnitCode};
use crate::protocol::{CustomerSummary, Reply, UnitResident, UnitView};
use crate::store::{Papers, Prior, WriteSet};

impl Desk {
    /// A move or a paper is recorded once it has happened: a date after today (desk local
    /// time) is refused by field.
    fn happened(&self, date: NaiveDate, tx: &Tx<'_>) -> DeskResult<()> {
        if date > self.local_day(tx.now) {
            return Err(DeskError::invalid(
                crate::domain::Field::Date,
                crate::domain::refusal::PaperRefusal::FutureDate {
                    date: date.to_string(),
                },
            ));
        }
        Ok(())
    }

    fn dwelling_at(&self, unit: UnitCode) -> DeskResult<Dwelling> {
        Ok(self
            .store
            .dwelling(unit)?
            .unwrap_or_else(|| Dwelling::new(unit)))
    }

    /// The dwelling and the resident a change is about to change, as read: both are
    /// checked again at commit, so no other writer's move-in is lost.
    fn for_update(
        &self,
        ws: &mut WriteSet,
        unit: UnitCode,
        who: CustomerId,
    ) -> DeskResult<(Dwelling, crate::domain::Customer)> {
        let stored = self.store.dwelling(unit)?;
        ws.read(Prior::Dwelling(unit, stored.clone().map(Box::new)));
        let customer = self.customer(who)?;
        ws.read(&customer);
        Ok((stored.unwrap_or_else(|| Dwelling::new(unit)), customer))
    }

    /// Residents whose record lists `unit` (from the in-memory index).
    pub(super) fn listed_at(&self, unit: UnitCode) -> Vec<CustomerId> {
        let code = unit.to_string();
        let index = self.index.read().unwrap_or_else(|p| p.into_inner());
        let hits = index
            .search(&mut Default::default(), &code, 200, &|| false)
            .unwrap_or_default();
        hits.into_iter()
            .map(|h| h.id)
            .filter(|id| index.summary(*id).is_some_and(|r| r.units.contains(&code)))
            .collect()
    }

    pub(super) fn unit_show(&self, tx: &Tx<'_>, unit: UnitCode) -> DeskResult<Reply> {
        let dwelling = self.dwelling_at(unit)?;
        let mut residents: Vec<UnitResident> = Vec::new();
        let summary = |id: CustomerId| -> DeskResult<CustomerSummary> {
            Ok(CustomerSummary::from(&self.customer(id)?))
        };
        for o in &dwelling.occupants {
            residents.push(UnitResident {
                customer: summary(o.customer)?,
                occupancy: Some(o.clone()),
            });
        }
        for id in self.listed_at(unit) {
            if !dwelling.occupants.iter().any(|o| o.customer == id) {
                residents.push(UnitResident {
                    customer: summary(id)?,
                    occupancy: None,
                });
            }
        }
        let mut people: Vec<CustomerId> = residents.iter().map(|r| r.customer.id).collect();
        people.sort();
        people.dedup();
        // The unit's own cases (filed under it when registered), not its residents' others.
        let filed = self.store.cases_at(unit)?;
        let hidden: Vec<_> = filed
            .iter()
            .filter(|c| c.subject == Some(tx.me.uid))
            .map(|c| c.key)
            .collect();
        let keys: Vec<_> = filed.iter().map(|c| c.key).collect();
        let mut cases: Vec<_> = filed
            .iter()
            .filter(|c| c.subject != Some(tx.me.uid))
            .map(|c| self.summarize(c, tx.now))
            .collect();
        let (mut visits, mut callbacks) = (Vec::new(), Vec::new());
        for id in &people {
            visits.extend(
                self.store
                    .visits_for(*id)?
                    .into_iter()
                    .filter(|v| v.unit == unit && !v.case.is_some_and(|k| hidden.contains(&k))),
            );
            // The unit's cases' callbacks, and its residents' own (tier, new contact).
            callbacks.extend(self.store.callbacks_for(*id)?.into_iter().filter(|c| {
                c.case()
                    .is_none_or(|k| keys.contains(&k) && !hidden.contains(&k))
            }));
        }
        cases.sort_by_key(|c| std::cmp::Reverse(c.registered_at));
        visits.sort_by_key(|v| std::cmp::Reverse(v.start));
        callbacks.sort_by_key(|c| std::cmp::Reverse(c.due));
        let papers = self.store.unit_papers(unit)?;
        Ok(Reply::Unit(Box::new(UnitView {
            dwelling,
            residents,
            cases,
            visits,
            callbacks,
            permits: papers.permits,
            slips: papers.slips,
            visitors: papers.visitors,
            arrears: self.store.arrears_of(unit)?,
        })))
    }

    pub(super) fn unit_move_in(&mut self, tx: &mut Tx<'_>, unit: UnitCode, m: &MoveIn) -> Handled {
        self.happened(m.date, tx)?;
        let mut ws = WriteSet::default();
        let (mut dwelling, mut customer) = self.for_update(&mut ws, unit, m.customer)?;
        if let Some(owner) = m.owner {
            self.customer(owner)?;
        }
        dwelling.admit(m)?;
        // Where they live now comes first: their new cases are filed under it.
        if customer.units.first() != Some(&unit) {
            customer.units.retain(|u| *u != unit);
            customer.units.insert(0, unit);
            customer.version += 1;
            ws.customers.push(customer.clone());
        }
        ws.moved_out.push((customer.id, false));
        ws.dwellings.push(dwelling.clone());
        let summary = format!(
            "{} recorded {} {} moving into {unit} as {} on {}{}",
            tx.me.label(),
            customer.id,
            customer.name,
            m.role,
            m.date,
            m.owner.map(|o| format!(" (owner {o})")).unwrap_or_default()
        );
        self.commit_dwelling(
            tx,
            ws,
            "unit.move_in",
            ChangeSubject::Customer(m.customer),
            summary,
        )
    }

    pub(super) fn unit_move_out(
        &mut self,
        tx: &mut Tx<'_>,
        unit: UnitCode,
        who: CustomerId,
        date: NaiveDate,
        reason: &str,
    ) -> Handled {
        self.happened(date, tx)?;
        let reason = crate::domain::text::required_text(
            crate::domain::Field::Reason,
            reason,
            crate::domain::text::MAX_TEXT_BYTES,
        )?;
        let mut ws = WriteSet::default();
        let (mut dwelling, mut customer) = self.for_update(&mut ws, unit, who)?;
        dwelling.move_out(who, date)?;
        if customer.units.len() > 1 {
            customer.units.retain(|u| *u != unit);
            customer.version += 1;
            ws.customers.push(customer.clone());
        }
        // Do they still live anywhere on record?
        let mut lives_elsewhere = false;
        for u in customer.units.iter().filter(|u| **u != unit) {
            lives_elsewhere |= self.store.dwelling(*u)?.is_none_or(|d| d.lives_here(who));
        }
        ws.moved_out.push((who, !lives_elsewhere));
        ws.dwellings.push(dwelling);
        let summary = format!(
            "{} recorded {} {} moving out of {unit} on {date} because: {reason}",
            tx.me.label(),
            who,
            customer.name
        );
        self.commit_dwelling(
            tx,
            ws,
            "unit.move_out",
            ChangeSubject::Customer(who),
            summary,
        )
    }

    pub(super) fn unit_document(
        &mut self,
        tx: &mut Tx<'_>,
        unit: UnitCode,
        kind: DocKind,
        dated: NaiveDate,
    ) -> Handled {
        self.happened(dated, tx)?;
        let stored = self.store.dwelling(unit)?;
        let mut ws = WriteSet::default();
        ws.read(Prior::Dwelling(unit, stored.clone().map(Box::new)));
        let mut dwelling = stored.unwrap_or_else(|| Dwelling::new(unit));
        dwelling.file_document(kind, dated);
        let summary = format!(
            "{} filed {} ({}) for {unit}, dated {dated}",
            tx.me.label(),
            kind.chinese(),
            kind.as_str()
        );
        ws.dwellings.push(dwelling);
        self.commit_dwelling(tx, ws, "unit.document", ChangeSubject::Unit(unit), summary)
    }

    /// Commits a dwelling change; the reply (kept for a retry) is the dwelling as saved.
    fn commit_dwelling(
        &mut self,
        tx: &mut Tx<'_>,
        ws: WriteSet,
        operation: &str,
        subject: ChangeSubject,
        summary: String,
    ) -> Handled {
        let dwelling = ws.dwellings.first().cloned().ok_or_else(|| {
            DeskError::internal(crate::domain::refusal::SystemRefusal::Incomplete {
                what: "dwelling".to_string(),
            })
        })?;
        self.commit(
            tx,
            ws,
            operation,
            subject,
            summary,
            Reply::Dwelling(Box::new(dwelling)),
        )
    }
}

super::serve::serve! {
    write UnitMoveIn(r, desk, cx) => desk.unit_move_in(&mut cx.tx, r.unit, &r.move_in);
    write UnitMoveOut(r, desk, cx) =>
        desk.unit_move_out(&mut cx.tx, r.unit, r.customer, r.date, &r.reason);
    write UnitDocument(r, desk, cx) => desk.unit_document(&mut cx.tx, r.unit, r.kind, r.date);
}
