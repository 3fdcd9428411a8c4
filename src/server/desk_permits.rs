//! Decoration permits at the desk (R-OPS-07..12): the application for a resident's unit
//! (numbered `P2611-0007`), a supervisor's decision (which creates the callback that tells
//! the owner, R-OPS-08), extensions, and the desk's steps to the deposit refund. Each request
//! is one transition of `domain::permit::Permit`.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::permit::{Permit, PermitApplicant, PermitDraft, PermitNo};
use crate::domain::record_no::Permits;
use crate::domain::refusal::PaperRefusal;
use crate::domain::{Callback, CallbackId, ChangeSubject, DeskError, Field, OccupantRole};
use crate::protocol::{PermitDecision, PermitStep, Reply};
use crate::store::{to_change, Counter, Papers, Which, WriteSet};

impl Desk {
    fn stored_permit(&self, no: &PermitNo) -> DeskResult<Permit> {
        self.stored_paper::<Permit>(&no.0, |permit| PaperRefusal::NoSuchPermit { permit })
    }

    fn commit_permit(
        &mut self,
        tx: &mut Tx<'_>,
        mut ws: WriteSet,
        permit: Permit,
        action: &str,
        summary: String,
    ) -> Handled {
        let no = permit.no.clone();
        ws.put(&permit);
        self.commit(
            tx,
            ws,
            action,
            ChangeSubject::Permit(no),
            summary,
            Reply::Permit(Box::new(permit)),
        )
    }

    pub(super) fn permit_apply(&mut self, tx: &mut Tx<'_>, draft: &PermitDraft) -> Handled {
        let customer = self.customer(draft.customer)?;
        if !customer.units.contains(&draft.unit) {
            return Err(DeskError::invalid(
                Field::Unit,
                crate::domain::refusal::PaperRefusal::NotApplicantsUnit {
                    unit: draft.unit.to_string(),
                    name: customer.name.clone(),
                },
            ));
        }
        // R-OPS-07: a tenant recorded in the dwelling applies with the owner's consent.
        let role = self.store.dwelling(draft.unit)?.and_then(|d| {
            d.occupants
                .iter()
                .rev()
                .find(|o| o.customer == customer.id && o.moved_out.is_none())
                .map(|o| o.role)
        });
        if role == Some(OccupantRole::Tenant) && draft.applicant == PermitApplicant::Owner {
            return Err(DeskError::invalid(
                Field::Consent,
                crate::domain::refusal::PaperRefusal::TenantApplies {
                    name: customer.name.clone(),
                    unit: draft.unit.to_string(),
                },
            ));
        }
        let mut ws = WriteSet::default();
        let permit = Permit::apply(
            self.next_no::<Permits>(&mut ws, tx.now)?,
            draft,
            &customer.name,
            tx.me.uid,
            tx.now,
        )?;
        let summary = format!(
            "{} registered decoration permit {} for {} ({}): {}",
            tx.me.label(),
            permit.no,
            permit.unit,
            customer.name,
            super::desk_cases::excerpt(&permit.works)
        );
        self.commit_permit(tx, ws, permit, "permit.apply", summary)
    }

    pub(super) fn permit_decide(
        &mut self,
        tx: &mut Tx<'_>,
        no: &PermitNo,
        decision: &PermitDecision,
    ) -> Handled {
        let (mut permit, mut ws) = to_change(self.stored_permit(no)?);
        let me = tx.me.label();
        let (action, summary) = match decision {
            PermitDecision::Approve(a) => {
                permit.approve(tx.me.uid, a, tx.now)?;
                (
                    "permit.approve",
                    format!(
                        "{me} approved {no} until {}; deposit {}",
                        a.valid_until, a.deposit
                    ),
                )
            }
            PermitDecision::Reject { reason } => {
                permit.reject(tx.me.uid, reason, tx.now)?;
                (
                    "permit.reject",
                    format!("{me} rejected {no}: {}", reason.trim()),
                )
            }
            PermitDecision::Extend { until } => {
                let stamp = permit.extend(tx.me.uid, *until, tx.now)?;
                ("permit.extend", format!("{me} extended {no}: {stamp}"))
            }
        };
        if !matches!(decision, PermitDecision::Extend { .. }) {
            // R-OPS-08: the owner is told at once; the callback queue makes sure of it.
            let id = CallbackId(self.next_counter(&mut ws, Counter::Callback)?);
            let approved = matches!(decision, PermitDecision::Approve(_));
            ws.callbacks.push((
                None,
                Callback::for_permit(id, permit.customer, no.clone(), approved, tx.now),
            ));
        }
        self.commit_permit(tx, ws, permit, action, summary)
    }

    pub(super) fn permit_step(
        &mut self,
        tx: &mut Tx<'_>,
        no: &PermitNo,
        step: &PermitStep,
    ) -> Handled {
        let (mut permit, ws) = to_change(self.stored_permit(no)?);
        let today = self.local_day(tx.now);
        let me = tx.me.label();
        let (action, summary) = match step {
            PermitStep::Finish => {
                permit.finish()?;
                (
                    "permit.finish",
                    format!("{me}: works of {no} finished, awaiting inspection"),
                )
            }
            PermitStep::Inspect { passed, note } => {
                permit.inspect(tx.me.uid, *passed, note, tx.now)?;
                let verdict = if *passed { "passed" } else { "failed" };
                (
                    "permit.inspect",
                    format!("{me}: inspection of {no} {verdict} {}", note.trim()),
                )
            }
            PermitStep::PassBack { pass } => {
                permit.return_pass(pass)?;
                (
                    "permit.pass",
                    format!("{me}: pass {} of {no} returned", pass.trim()),
                )
            }
            PermitStep::Occupied { since } => {
                if *since > today {
                    return Err(DeskError::invalid(
                        Field::Since,
                        crate::domain::refusal::PaperRefusal::MovedInFuture {},
                    ));
                }
                permit.record_occupancy(*since)?;
                (
                    "permit.occupied",
                    format!("{me}: {} occupied since {since}", permit.unit),
                )
            }
            PermitStep::NeighbourSigned { name } => {
                permit.neighbour_signed(name, tx.now)?;
                let below = permit
                    .downstairs()
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                (
                    "permit.neighbour",
                    format!("{me}: downstairs neighbour of {no} ({below}) signed"),
                )
            }
            PermitStep::PapersBack => {
                permit.papers_back()?;
                (
                    "permit.papers",
                    format!("{me}: original permit and deposit receipt of {no} back"),
                )
            }
            PermitStep::FileComplete => {
                permit.file_complete()?;
                (
                    "permit.file",
                    format!("{me}: file of {no} checked complete"),
                )
            }
            PermitStep::Withdraw { reason } => {
                permit.withdraw(tx.me.uid, reason, tx.now)?;
                (
                    "permit.withdraw",
                    format!("{me}: {no} withdrawn: {}", reason.trim()),
                )
            }
            PermitStep::Refund => {
                let amount = permit.refund(tx.me.uid, today, tx.now)?;
                (
                    "permit.refund",
                    format!("{me} refunded the deposit of {no}: {amount}"),
                )
            }
        };
        self.commit_permit(tx, ws, permit, action, summary)
    }

    pub(super) fn permit_show(&self, no: &PermitNo) -> DeskResult<Reply> {
        Ok(Reply::Permit(Box::new(self.stored_permit(no)?)))
    }

    /// Every open permit; the client sorts them onto the lists by date.
    pub(super) fn permit_list(&self) -> DeskResult<Reply> {
        Ok(Reply::Permits(self.store.papers::<Permit>(true)?))
    }

    /// R-OPS-11: a building's file, floor by floor, low to high, then by unit and number.
    pub(super) fn permit_index(&self, building: u32) -> DeskResult<Reply> {
        let mut permits = self
            .store
            .papers_where::<Permit>(Which::Building(building))?;
        permits.sort_by(|a, b| {
            (a.unit.room / 100, a.unit.unit, a.unit.room, &a.no).cmp(&(
                b.unit.room / 100,
                b.unit.unit,
                b.unit.room,
                &b.no,
            ))
        });
        Ok(Reply::Permits(permits))
    }
}

super::serve::serve! {
    write PermitApply(r, desk, cx) => desk.permit_apply(&mut cx.tx, &r.draft);
    write PermitDecide(r, desk, cx) => desk.permit_decide(&mut cx.tx, &r.no, &r.decision);
    write PermitStep(r, desk, cx) => desk.permit_step(&mut cx.tx, &r.no, &r.step);
    read PermitShow(r, desk, cx) => desk.permit_show(&r.no);
    read PermitList(r, desk, cx) => desk.permit_list();
    read PermitIndex(r, desk, cx) => desk.permit_index(r.building);
}
