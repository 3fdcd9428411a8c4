//! A call ringing at my extension. The daemon pushes the ring as a change naming the
//! operator it rang for; this screen asks who it is and shows them at once: the card
//! itself when the desk is idle (Lookup, nothing typed), and over whatever pane is open a
//! banner whose keys open the card (or a new resident's form with the number), start
//! intake by phone, or close it.

use super::*;
use crate::domain::call::CallId;
use crate::protocol::Ringing;

impl App {
    /// A ring or the end of a call, when it is mine (from `on_change`).
    pub(super) fn on_call(&mut self, change: &ChangeRecord) {
        let ChangeSubject::Call { id, to } = change.subject else {
            return;
        };
        if to.is_none() || to != self.me.as_ref().map(|m| m.uid) {
            return;
        }
        let ringing = change.operation == "call.ring";
        // An end only updates the pop-up it belongs to.
        if !ringing && self.ringing.as_ref().is_none_or(|r| r.call.id != id) {
            return;
        }
        match self.link.send(req::CallShow { id }) {
            Ok(r) => self.ringing = Some(r),
            Err(e) => return self.apply(Outcome::from_error(e)),
        }
        let idle = self.focus == Focus::Lookup
            && self.lookup.idle()
            && matches!(self.overlay, Overlay::None);
        if ringing && idle {
            let o = self.find_caller(false);
            self.apply(o);
        }
    }

    /// The caller on the Lookup pane: one resident's card, the residents sharing the number
    /// as a search, or (when `add`) the new-resident form with the number.
    fn find_caller(&mut self, add: bool) -> Outcome {
        let Some(r) = &self.ringing else {
            return Outcome::Info(Msg::NoCallRinging.text(self.lang).into());
        };
        let (number, callers) = (r.call.from.clone(), caller_ids(r));
        if callers.is_empty() && !add {
            return Outcome::Nothing;
        }
        Outcome::Hand(Handoff::Caller(callers, number))
    }

    /// `call_card`: the caller's card, the residents of the number, or a new resident.
    pub(super) fn call_card(&mut self) {
        if self.lookup.edit.is_some() && self.ringing.is_some() {
            // A form in hand is not thrown away: it is shown, and the pop-up stays.
            self.show(Focus::Lookup);
            return;
        }
        let o = self.find_caller(true);
        self.ringing = None;
        self.apply(o);
    }

    /// `call_intake`: a new case by phone for the caller.
    pub(super) fn call_intake(&mut self) {
        let Some(r) = self.ringing.take() else {
            return self.say(Level::Info, Msg::NoCallRinging.text(self.lang));
        };
        let resident = match r.callers.as_slice() {
            [one] => Some(one.customer.clone()),
            _ => None,
        };
        self.apply(Outcome::Hand(Handoff::PhoneIntake(resident, r.call.from)));
    }
}

fn caller_ids(r: &Ringing) -> Vec<crate::domain::CustomerId> {
    r.callers.iter().map(|c| c.customer.id).collect()
}

/// The call the pop-up is about, if one is showing.
pub fn ringing_call(app: &App) -> Option<CallId> {
    app.ringing.as_ref().map(|r| r.call.id)
}
