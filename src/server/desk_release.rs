//! Move-out release slips at the desk and the gate (R-OPS-02..05): the desk issues a slip for
//! a resident's unit (numbered `R2611-0007` in the month's series) and may void it unused;
//! the guard asks for its verdict and lets the goods out once.

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::release::{ReleaseSlip, SlipDraft, SlipNo};
use crate::domain::{ChangeRecord, ChangeSubject, DeskError, Field};
use crate::protocol::Reply;
use crate::store::{Series, WriteSet};

type Written = DeskResult<(Reply, Option<ChangeRecord>)>;

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
    ) -> Written {
        let no = slip.no.clone();
        ws.slips.push(slip.clone());
        let reply = self.slip_reply(tx, slip);
        self.commit(tx, ws, action, ChangeSubject::Slip(no), summary, reply)
    }

    fn stored_slip(&self, no: &SlipNo) -> DeskResult<ReleaseSlip> {
        self.store.slip(no)?.ok_or_else(|| {
            DeskError::not_found(crate::domain::refusal::PaperRefusal::NoSuchSlip {
                slip: no.to_string(),
            })
        })
    }

    pub(super) fn release_issue(&mut self, tx: &mut Tx<'_>, draft: &SlipDraft) -> Written {
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
        let (year, month, n) = self.next_in_month(&mut ws, Series::Slip, tx.now)?;
        let no = SlipNo::new(year, month, n);
        let slip = ReleaseSlip::issue(no.clone(), draft, tx.me.uid, tx.now)?;
        let summary = format!(
            "{} issued release slip {no} for {} ({}, {}): {}",
            tx.me.label(),
            slip.unit,
            slip.scope.as_str(),
            customer.name,
            super::desk_cases::excerpt(&slip.items)
        );
        self.commit_slip(tx, ws, slip, "release.issue", summary)
    }

    /// The desk's list of slips out: not used or voided, the newest first.
    pub(super) fn release_list(&self, tx: &Tx<'_>) -> DeskResult<Reply> {
        let today = self.local_day(tx.now);
        let mut slips: Vec<_> = self
            .store
            .slips_open()?
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

    pub(super) fn release_out(&mut self, tx: &mut Tx<'_>, no: &SlipNo, gate: &str) -> Written {
        let mut slip = self.stored_slip(no)?;
        let mut ws = WriteSet::default();
        ws.read(&slip);
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

    pub(super) fn release_void(&mut self, tx: &mut Tx<'_>, no: &SlipNo, reason: &str) -> Written {
        let mut slip = self.stored_slip(no)?;
        let mut ws = WriteSet::default();
        ws.read(&slip);
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
