//! What the daemon's pushed events do to the screen: a change refreshes the counts and
//! whatever shows it (an open card or case, the queues, the paperwork lists); a lost link
//! shows "reconnecting…" and comes back with a full reload.

use super::*;

impl App {
    /// A pushed change or a link state change.
    pub fn on_link(&mut self, event: LinkEvent) {
        match event {
            LinkEvent::Change(change) => self.on_change(&change),
            LinkEvent::Resync => self.reload_all(),
            LinkEvent::Down => self.apply(Outcome::Offline),
            LinkEvent::Up => self.try_reconnect(),
            LinkEvent::Refused(why) => {
                self.online = false;
                self.say(Level::Error, crate::words::desk_error(self.lang, &why));
            }
            LinkEvent::Waiting(wait) => {
                let level = if wait.is_some() {
                    Level::Error
                } else {
                    Level::Info
                };
                self.say(level, crate::tui::i18n::waiting(wait).text(self.lang));
            }
        }
    }

    /// Another change, durable in the daemon: counts, and whatever on screen shows it.
    fn on_change(&mut self, change: &ChangeRecord) {
        self.seen_seq = self.seen_seq.max(change.seq);
        self.schedule.stale = true;
        self.callbacks.stale = true;
        self.cases.stale = true;
        let customer = match &change.subject {
            ChangeSubject::Case { key, .. } => Some(key.customer),
            ChangeSubject::Visit { customer, .. } | ChangeSubject::Callback { customer, .. } => {
                Some(*customer)
            }
            ChangeSubject::Customer(id) => Some(*id),
            ChangeSubject::Customers { .. }
            | ChangeSubject::Staff(_)
            | ChangeSubject::Unit(_)
            | ChangeSubject::Survey(_)
            | ChangeSubject::Slip(_)
            | ChangeSubject::Visitor(_)
            | ChangeSubject::Loan(_)
            | ChangeSubject::Permit(_)
            | ChangeSubject::Fees(_)
            | ChangeSubject::Cover(_)
            | ChangeSubject::Category(_) => None,
        };
        if matches!(
            change.subject,
            ChangeSubject::Permit(_)
                | ChangeSubject::Slip(_)
                | ChangeSubject::Visitor(_)
                | ChangeSubject::Loan(_)
                | ChangeSubject::Fees(_)
                | ChangeSubject::Cover(_)
        ) {
            // The paperwork lists are live on every screen: read again when next shown
            // (or now, below, when they are).
            self.paperwork.stale = true;
        }
        if let ChangeSubject::Customer(_) | ChangeSubject::Customers { .. } = change.subject {
            // Names, phones or units changed: search again (in `settle` below).
            self.lookup.dirty = !self.lookup.query.is_empty();
        }
        if let ChangeSubject::Staff(_) = change.subject {
            self.reload_staff();
        }
        // The survey view follows every recorded form live; a report is recomputed only on
        // request (it reads a whole period).
        if let ChangeSubject::Survey(_) = change.subject {
            self.reports.stale |= self.reports.showing_survey;
        }
        if change.by.0 != self.link.welcome.uid {
            let told = crate::tui::told::told(change, &self.staff, &self.categories, self.lang);
            self.say(Level::Info, told);
        }
        // The counts come with every change, this screen's own saves included (their echo
        // arrives at once: the loop wakes on it).
        self.refresh_stats();
        // A save made here answered with the record, which the pane that made it applied:
        // its echo does not load that record again. (The card is another pane's: it
        // reloads, so that going back to it shows the step.)
        let echo = self.link.sent_here(&change.request_id);
        if customer.is_some() && self.lookup.shows_customer() == customer {
            let o = self.lookup.reload_card(&mut cx!(self));
            self.apply(o);
        }
        if let ChangeSubject::Case { ticket, .. } = &change.subject {
            if !echo && self.intake.saved_ticket() == Some(ticket) {
                let o = self.intake.refresh(&mut cx!(self));
                self.apply(o);
            }
            if !echo {
                let o = self.cases.refresh_open(ticket, &mut cx!(self));
                self.apply(o);
            }
        }
        // A callback recorded elsewhere moves its case on (R-CB-01): the open case shows it.
        if let ChangeSubject::Callback { id, .. } = &change.subject {
            let open = self.cases.open.as_ref().map(|d| &d.case);
            if let Some(ticket) = open
                .filter(|c| c.callback == Some(*id))
                .map(|c| c.ticket.clone())
            {
                if !echo {
                    let o = self.cases.refresh_open(&ticket, &mut cx!(self));
                    self.apply(o);
                }
            }
        }
        self.refresh_visible();
        self.settle();
    }

    /// When offline, tries the link again; on success reloads and says so.
    pub fn try_reconnect(&mut self) {
        if self.online {
            return;
        }
        if self.link.reconnect() {
            self.online = true;
            // A restarted daemon may have read an edited categories.toml.
            self.categories = self.link.welcome.categories.clone();
            self.say(Level::Info, Msg::Reconnected.text(self.lang));
            self.reload_all();
        }
    }
}
