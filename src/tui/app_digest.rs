//! The shift-start digest as the app shows it: opened over the panes when others changed
//! something since the operator's last shift, and the page's answer to a key applied here.

use super::{App, Focus, Overlay};
use crate::client::Calls;
use crate::protocol::req;
use crate::tui::command::Command;
use crate::tui::digest::{DigestAction, DigestPage, Jump};
use crate::tui::keymap::Key;
use crate::tui::panes::{Handoff, Outcome};

impl App {
    /// Opens the shift-start digest with what others changed after `changes_after`.
    /// An empty digest is not shown: nothing stands between the operator and the search.
    /// Returns whether it was shown.
    pub fn open_digest(&mut self, changes_after: u64) -> bool {
        match self.link.send(req::Digest { changes_after }) {
            Ok(d) if d.is_empty() => false,
            Ok(d) => {
                self.overlay = Overlay::Digest(DigestPage::new(d));
                true
            }
            Err(e) => {
                self.apply(Outcome::from_error(e));
                false
            }
        }
    }

    /// A key on the digest, as the page answers it.
    pub(super) fn digest_key(&mut self, key: Key) {
        let Overlay::Digest(page) = &mut self.overlay else {
            return;
        };
        match page.key(key, &self.keymap) {
            DigestAction::Stay => {}
            DigestAction::Quit => self.quit = true,
            DigestAction::Run(cmd) => {
                self.overlay = Overlay::None;
                self.run(cmd);
            }
            DigestAction::Search(key) => {
                self.overlay = Overlay::None;
                self.show(Focus::Lookup);
                self.run(Command::FocusSearch);
                self.press_key(key);
            }
            DigestAction::Leave(jump) => {
                self.overlay = Overlay::None;
                match jump {
                    Some(Jump::Case(t)) => self.apply(Outcome::Hand(Handoff::Case(t))),
                    Some(Jump::Callbacks) => self.show(Focus::Callbacks),
                    Some(Jump::Schedule) => self.show(Focus::Schedule),
                    None => self.show(Focus::Lookup),
                }
            }
        }
    }
}
