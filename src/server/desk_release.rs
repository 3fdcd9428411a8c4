//! Move-out release slips at the desk and the gate (R-OPS-02..05): the desk issues a slip for
//! a resident's unit (numbered `R2611-0007` in the month's series) and may void it unused;
//! the guard asks for its verdict and lets the goods out once.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::fees::Arrear;
use crate::domain::refusal::PaperRefusal;
use crate::domain::release::{ReleaseSlip, SlipDraft, SlipNo, SlipRecord};
use crate::domain::{ChangeSubject, Customer, DeskError, Field, UnitCode};
use crate::protocol::Reply;
use crate::store::{to_change, Expect, Papers, Prior, WriteSet};

impl Desk {
    fn slip_reply(&self, tx: &Tx<'_>, slip: ReleaseSlip) -> Reply {
        let verdict = slip.verdict(self.local_day(tx.now));
        Reply::Slip {
            slip: Box::new(slip),
            verdict,
        }
    }

    /// Writes `slip` (with whatever else `ws` holds) under one audit entry, answering with
    /// the slip and its verdict.
    fn commit_slip(
        &mut self,
        tx: &mut Tx<'_>,
        mut ws: WriteSet,
        slip: ReleaseSlip,
        action: &str,
        summary: String,
    ) -> Handled {
        let no = slip.no.clone();
        ws.put(&slip);
        let reply = self.slip_reply(tx, slip);
        self.commit(tx, ws, action, ChangeSubject::Slip(no), summary, reply)
    }

    fn stored_slip(&self, no: &SlipNo) -> DeskResult<ReleaseSlip> {
        self.stored_paper::<ReleaseSlip>(&no.0, |slip| PaperRefusal::NoSuchSlip { slip })
    }

    pub(super) fn release_issue(&mut self, tx: &mut Tx<'_>, draft: &SlipDraft) -> Handled {
        let customer = self.customer(draft.customer)?;
        if !customer.units.contains(&draft.unit) {
            return Err(DeskError::invalid(
                Field::Unit,
                crate::domain::refusal::PaperRefusal::NotSlipUnit {
                    unit: draft.unit.to_string(),
                    name: customer.name.clone(),
                },
            ));
        }
        let mut ws = WriteSet::default();
        let arrears = self.store.arrears_of(draft.unit)?;
        let record = self.slip_record(&mut ws, &customer, draft.unit, &arrears, tx)?;
        let no: SlipNo = self.next_no(&mut ws, tx.now)?;
        let slip = ReleaseSlip::issue(no.clone(), draft, &record, tx.me.uid, tx.now)?;
        // The arrears the slip was decided on are still the unit's when it is written: an
        // import committed meanwhile is seen (R-OPS-03/04).
        ws.expect.push(Expect::Owes {
            unit: draft.unit,
            owed: crate::domain::fees::owed(&arrears),
        });
        let mut summary = format!(
            "{} issued release slip {no} for {} ({}, {}): {}",
            tx.me.label(),
            slip.unit,
            slip.scope.as_str(),
            customer.name,
            super::desk_cases::excerpt(&slip.items)
        );
        if let Some(w) = &slip.waiver {
            summary.push_str(&format!(
                "; let out owing {} ({}): {}",
                w.owed, w.periods, w.reason
            ));
        }
        self.commit_slip(tx, ws, slip, "release.issue", summary)
    }

    /// What the dwelling, its owner and the billing import say about a slip's applicant.
    fn slip_record<'a>(
        &self,
        ws: &mut WriteSet,
        customer: &'a Customer,
        unit: UnitCode,
        arrears: &'a [Arrear],
        tx: &Tx<'_>,
    ) -> DeskResult<SlipRecord<'a>> {
        let dwelling = self.store.dwelling(unit)?;
        let occupancy = dwelling.as_ref().and_then(|d| {
            d.occupants
                .iter()
                .rev()
                .find(|o| o.customer == customer.id && o.moved_out.is_none())
                .cloned()
        });
        ws.expect.push(Expect::Unchanged(Prior::Dwelling(
            unit,
            dwelling.map(Box::new),
        )));
        let owner = match occupancy.as_ref().and_then(|o| o.owner) {
            Some(id) => {
                let owner = self.customer(id)?;
                Some((owner.name, owner.phones))
            }
            None => None,
        };
        Ok(SlipRecord {
            arrears,
            occupant: occupancy.map(|o| o.role),
            owner,
            name: &customer.name,
            issuer: tx.me.role,
        })
    }

    /// The desk's list of slips out: not used or voided, the newest first.
    pub(super) fn release_list(&self, tx: &Tx<'_>) -> DeskResult<Reply> {
        let today = self.local_day(tx.now);
        let mut slips: Vec<_> = self
            .store
            .papers::<ReleaseSlip>(true)?
            .into_iter()
            .map(|s| {
                let v = s.verdict(today);
                (s, v)
            })
            .collect();
        slips.reverse();
        Ok(Reply::Slips(slips))
    }

    /// The guard's question: VALID, USED, EXPIRED or VOID, with the unit and the items.
    pub(super) fn release_verify(&self, tx: &Tx<'_>, no: &SlipNo) -> DeskResult<Reply> {
        Ok(self.slip_reply(tx, self.stored_slip(no)?))
    }

    pub(super) fn release_out(&mut self, tx: &mut Tx<'_>, no: &SlipNo, gate: &str) -> Handled {
        let (mut slip, ws) = to_change(self.stored_slip(no)?);
        let today = self.local_day(tx.now);
        slip.release(tx.me.uid, gate, tx.now, today)?;
        let summary = format!(
            "{} let the goods of {no} ({}) out at {}",
            tx.me.label(),
            slip.unit,
            gate.trim()
        );
        self.commit_slip(tx, ws, slip, "release.out", summary)
    }

    pub(super) fn release_void(&mut self, tx: &mut Tx<'_>, no: &SlipNo, reason: &str) -> Handled {
        let (mut slip, ws) = to_change(self.stored_slip(no)?);
        slip.void(tx.me.uid, reason, tx.now)?;
        let summary = format!("{} voided {no}: {}", tx.me.label(), reason.trim());
        self.commit_slip(tx, ws, slip, "release.void", summary)
    }
}

super::serve::serve! {
    write ReleaseIssue(r, desk, cx) => desk.release_issue(&mut cx.tx, &r.draft);
    read ReleaseVerify(r, desk, cx) => desk.release_verify(&cx.tx, &r.no);
    write ReleaseOut(r, desk, cx) => desk.release_out(&mut cx.tx, &r.no, &r.gate);
    read ReleaseList(r, desk, cx) => desk.release_list(&cx.tx);
    write ReleaseVoid(r, desk, cx) => desk.release_void(&mut cx.tx, &r.no, &r.reason);
}
