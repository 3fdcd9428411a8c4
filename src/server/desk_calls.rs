//! Calls the exchange announces: a ring is kept on the caller's history and pushed, as its
//! change, to every screen; the screen of the operator with that extension asks who it
//! is (`CallShow`) and pops the caller up. The end of a call puts its length on record.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::call::{caller_digits, same_number, Call, CallId};
use crate::domain::refusal::DeskRefusal;
use crate::domain::staff::extension;
use crate::domain::{Access, ChangeSubject, CustomerId, DeskError, Field};
use crate::protocol::{Caller, Reply, Ringing};
use crate::search::SearchState;
use crate::store::{Counter, WriteSet};

/// At most this many residents share one number on the pop-up (a family's landline).
const MOST_CALLERS: usize = 8;

impl Desk {
    pub(super) fn call_ring(
        &mut self,
        tx: &mut Tx<'_>,
        from: &str,
        ext: &str,
        line: Option<&str>,
    ) -> Handled {
        let from = caller_digits(from)?;
        let ext = extension(Field::Ext, ext)?;
        let line = line.map(|l| extension(Field::PhoneLine, l)).transpose()?;
        let to = self
            .staff
            .iter()
            .find(|s| s.active && s.ext.as_deref() == Some(ext.as_str()))
            .map(|s| s.uid);
        let customers = self.callers_of(&from);
        let mut ws = WriteSet::default();
        let id = CallId(self.next_counter(&mut ws, Counter::Call)?);
        let call = Call {
            id,
            at: tx.now,
            from: from.clone(),
            ext: ext.clone(),
            line,
            to,
            customers,
            ended: None,
        };
        ws.calls.push(call.clone());
        let who = match call.customers.len() {
            0 => "an unknown number".to_string(),
            n => format!("{n} resident(s)"),
        };
        let summary = format!("call {id} from {from} ({who}) rang extension {ext}");
        let ringing = self.ringing(call)?;
        self.commit(
            tx,
            ws,
            "call.ring",
            ChangeSubject::Call { id, to },
            summary,
            Reply::Ringing(Box::new(ringing)),
        )
    }

    pub(super) fn call_end(&mut self, tx: &mut Tx<'_>, id: CallId) -> Handled {
        let mut call = self.call(id)?;
        if call.ended.is_some() {
            // The exchange may say it twice (both legs hang up): the first end stands.
            return Ok((Reply::Call(Box::new(call)), None));
        }
        call.ended = Some(tx.now.max(call.at));
        let mut ws = WriteSet::default();
        ws.calls.push(call.clone());
        let summary = format!(
            "call {id} from {} ended after {} s",
            call.from,
            call.seconds().unwrap_or(0)
        );
        let to = call.to;
        self.commit(
            tx,
            ws,
            "call.end",
            ChangeSubject::Call { id, to },
            summary,
            Reply::Call(Box::new(call)),
        )
    }

    fn call(&self, id: CallId) -> DeskResult<Call> {
        self.store.call(id)?.ok_or_else(|| {
            DeskError::invalid(
                Field::Call,
                DeskRefusal::NoSuchCall {
                    call: id.to_string(),
                },
            )
        })
    }

    /// The residents whose recorded phone is `digits`, found through the lookup index by
    /// the number's last eight digits (so a landline recorded with its area code is found
    /// from the local number), each checked against the record.
    fn callers_of(&self, digits: &str) -> Vec<CustomerId> {
        let index = self.index.read().unwrap_or_else(|p| p.into_inner());
        let tail = &digits[digits.len().saturating_sub(8)..];
        let hits = index
            .search(&mut SearchState::default(), tail, 64, &|| false)
            .unwrap_or_default();
        hits.into_iter()
            .filter_map(|h| index.summary(h.id))
            .filter(|r| r.phones.iter().any(|p| same_number(p, digits)))
            .map(|r| r.id)
            .take(MOST_CALLERS)
            .collect()
    }

    /// The call with what the pop-up says of each caller.
    fn ringing(&self, call: Call) -> DeskResult<Ringing> {
        let index = self.index.read().unwrap_or_else(|p| p.into_inner());
        let mut callers = Vec::new();
        for id in &call.customers {
            let Some(record) = index.summary(*id) else {
                continue;
            };
            let cases = self.store.cases_for(*id)?;
            let open_cases = cases.iter().filter(|c| c.status.is_open()).count() as u32;
            let acted = cases.iter().filter_map(|c| c.timeline.last().map(|e| e.at));
            let called = self
                .store
                .calls_of(*id, 2)?
                .into_iter()
                .filter(|c| c.id != call.id)
                .map(|c| c.at);
            callers.push(Caller {
                customer: record,
                open_cases,
                last_contact: acted.chain(called).filter(|t| *t <= call.at).max(),
            });
        }
        Ok(Ringing { call, callers })
    }

    pub(super) fn call_show(&self, id: CallId) -> DeskResult<(Ringing, Access)> {
        let call = self.call(id)?;
        let look = Access::Search {
            query: call.from.clone(),
            hits: call.customers.len() as u32,
        };
        Ok((self.ringing(call)?, look))
    }
}

super::serve::serve! {
    write CallRing(r, desk, cx) =>
        desk.call_ring(&mut cx.tx, &r.from, &r.ext, r.line.as_deref());
    write CallEnd(r, desk, cx) => desk.call_end(&mut cx.tx, r.id);
    read CallShow(r, desk, cx) => desk.call_show(r.id).map(|(ringing, look)| {
        cx.noted(look, None);
        Reply::Ringing(Box::new(ringing))
    });
}
