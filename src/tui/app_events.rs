//! What the daemon's pushed events do to the screen: a change refreshes the counts and
//! each pane answers it (an open card or case, the queues, the paperwork lists); a lost
//! link shows "reconnecting…" and comes back with a full reload.

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

    /// Another change, durable in the daemon: the counts, the staff names, a line saying
    /// what another counter did, and each pane's own answer to it.
    fn on_change(&mut self, change: &ChangeRecord) {
        self.seen_seq = self.seen_seq.max(change.seq);
        if let ChangeSubject::Staff(_) = change.subject {
            self.reload_staff();
        }
        self.on_call(change);
        // A call is the pop-up's (on the one screen it rings), not every screen's news.
        let call = matches!(change.subject, ChangeSubject::Call { .. });
        if change.by.0 != self.link.welcome.uid && !call {
            let told = crate::tui::told::told(change, &self.staff, &self.categories, self.lang);
            self.say(Level::Info, told);
        }
        // The counts come with every change, this screen's own saves included (their echo
        // arrives at once: the loop wakes on it).
        self.refresh_stats();
        // A save made here answered with the record, which the pane that made it applied.
        let echo = self.link.sent_here(&change.request_id);
        self.each_pane(|p, cx| p.changed(change, echo, cx));
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
