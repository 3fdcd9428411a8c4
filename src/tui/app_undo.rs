//! Ctrl-Z: the operator's own last step on a case undone. The key asks the daemon what it
//! would undo and shows it; Enter undoes exactly that step, Esc keeps it. A refusal (too
//! late, someone acted since, nothing to undo) is said on the status line in the operator's
//! words.

use super::*;
use crate::protocol::UndoOffer;

impl App {
    /// `undo_last`: the confirmation, or why there is nothing to confirm.
    pub(super) fn undo_last(&mut self) {
        match self.link.send(req::UndoPreview {}) {
            Ok(offer) => self.overlay = Overlay::Undo(offer),
            Err(e) => self.apply(Outcome::from_error(e)),
        }
    }

    /// A key on the confirmation: Enter undoes, Esc (or the undo key again) keeps.
    pub(super) fn undo_key(&mut self, key: Key, offer: UndoOffer) {
        let enter = key == Key::plain(crate::tui::keymap::KeyName::Enter);
        match self.keymap.lookup(Section::Global, key) {
            _ if enter => {
                self.overlay = Overlay::None;
                let sent = self.link.send(req::Undo {
                    ticket: offer.ticket.clone(),
                    at: offer.at,
                });
                match sent {
                    Ok(case) => {
                        let what = crate::tui::told::operation_words(&offer.operation, self.lang);
                        let done = Msg::UndoDone.with(self.lang, &[&what, &case.ticket.0]);
                        self.say(Level::Info, done);
                    }
                    Err(e) => self.apply(Outcome::from_error(e)),
                }
            }
            Some(Command::Back | Command::UndoLast) => self.overlay = Overlay::None,
            _ => self.overlay = Overlay::Undo(offer),
        }
    }
}
