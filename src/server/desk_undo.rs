//! Undoing one's own last step on a case (Ctrl-Z, `frontdesk undo`). The desk remembers,
//! per operator, the last step they took on a case and the case as it was before it; an
//! undo within the policy's window writes the case back to that state as a new, audited
//! change, its timeline kept whole with an entry saying what was undone
//! (`Case::undone`). Refused, with the reason, once someone else has acted on the case,
//! once the window has passed, or when the step wrote another record (a resolution that
//! queued a callback). What may be undone is kept in the daemon's memory: a restart
//! forgets it, as it forgets nothing that was saved.

use super::desk::{Desk, DeskResult, Handled, LastStep, Tx};
use crate::domain::refusal::CaseRefusal;
use crate::domain::{Case, ChangeSubject, DeskError, StaffId, Ticket, Time};
use crate::protocol::{Reply, UndoOffer};
use crate::store::WriteSet;

impl Desk {
    /// Notes a step `me` just took, from `before` to `after`.
    pub(super) fn remember_step(
        &mut self,
        me: StaffId,
        operation: &str,
        at: Time,
        before: Case,
        after: &Case,
        queued: Option<crate::domain::CallbackId>,
    ) {
        let step = LastStep {
            operation: operation.to_string(),
            at,
            before: Box::new(before),
            after_version: after.version,
            after_len: after.timeline.len(),
            queued,
        };
        self.last_steps.insert(me, step);
    }

    /// The caller's last step if it may be undone now, with the case as it stands.
    fn undoable(&self, tx: &Tx<'_>) -> DeskResult<(&LastStep, Case)> {
        let step = self
            .last_steps
            .get(&tx.me.uid)
            .ok_or_else(|| DeskError::conflict(CaseRefusal::NothingToUndo {}))?;
        let ticket = step.before.ticket.clone();
        let minutes = self.policy.undo_minutes;
        if minutes <= 0 || tx.now - step.at > chrono::Duration::minutes(minutes) {
            return Err(DeskError::conflict(CaseRefusal::UndoTooLate {
                ticket,
                minutes: minutes.max(0),
            }));
        }
        let current = self.case_by_ticket(&ticket)?;
        if current.version != step.after_version {
            let by = current
                .timeline
                .get(step.after_len..)
                .and_then(|later| later.iter().find(|e| e.by != tx.me.uid))
                .map_or(tx.me.uid, |e| e.by);
            return Err(DeskError::conflict(CaseRefusal::UndoChangedSince {
                ticket,
                person: self.staff_name(by),
            }));
        }
        if let Some(cb) = step.queued {
            return Err(DeskError::conflict(CaseRefusal::UndoQueuedCallback {
                ticket,
                callback: cb.to_string(),
            }));
        }
        Ok((step, current))
    }

    pub(super) fn undo_preview(&self, tx: &Tx<'_>) -> DeskResult<Reply> {
        let (step, current) = self.undoable(tx)?;
        Ok(Reply::UndoOffer(UndoOffer {
            ticket: current.ticket,
            operation: step.operation.clone(),
            at: step.at,
        }))
    }

    pub(super) fn undo(&mut self, tx: &mut Tx<'_>, ticket: &Ticket, at: Time) -> Handled {
        let (step, current) = self.undoable(tx)?;
        if current.ticket != *ticket || step.at != at {
            return Err(DeskError::conflict(CaseRefusal::UndoNotLast {
                ticket: ticket.clone(),
            }));
        }
        let operation = step.operation.clone();
        let undone = current.undone(&step.before, &operation, tx.me.uid, tx.now);
        let mut ws = WriteSet::default();
        ws.read_case(&current);
        ws.cases.push(undone.clone());
        let summary = format!(
            "{} {}: undid their {operation} of {}",
            tx.me.label(),
            current.ticket,
            step.at.format("%Y-%m-%d %H:%M:%S UTC")
        );
        let subject = ChangeSubject::Case {
            key: current.key,
            ticket: current.ticket.clone(),
        };
        let written = self.commit(
            tx,
            ws,
            "case.undo",
            subject,
            summary,
            Reply::Case(Box::new(undone)),
        )?;
        // Undone once: the undo itself is not undone by the same key.
        self.last_steps.remove(&tx.me.uid);
        Ok(written)
    }
}

super::serve::serve! {
    read UndoPreview(r, desk, cx) => desk.undo_preview(&cx.tx);
    write Undo(r, desk, cx) => desk.undo(&mut cx.tx, &r.ticket, r.at);
}
