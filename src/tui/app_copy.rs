//! `y`: what the operator has selected — a ticket, a resident's phone, a record's number —
//! goes to their own clipboard through the terminal (OSC 52: it works over SSH and inside
//! tmux, where the box's clipboard would be the wrong one).

use base64::Engine;

use super::{App, Level};
use crate::tui::i18n::{fill, Msg};

/// The most a copy carries: a number or a phone is a few bytes; anything larger is refused
/// rather than flooding the terminal.
const MAX_COPY_BYTES: usize = 1024;

impl App {
    /// Puts the selection on the clipboard when the screen is next drawn, and says so.
    pub(super) fn copy_selection(&mut self) {
        let lang = self.lang;
        match self.selection().filter(|t| t.len() <= MAX_COPY_BYTES) {
            Some(text) => {
                self.message = Some((Level::Info, fill(Msg::Copied.text(lang), &[&text])));
                self.clipboard = Some(text);
            }
            None => self.message = Some((Level::Error, Msg::NothingToCopy.text(lang).into())),
        }
    }

    /// What `y` copies on the pane in view.
    fn selection(&mut self) -> Option<String> {
        let today = self.now.with_timezone(&self.offset).date_naive();
        let (pane, _, _) = self.split(self.focus);
        pane.selection(today)
    }
}

/// The bytes that ask the terminal to put `text` on the clipboard: OSC 52, and inside tmux
/// the same wrapped for tmux to pass on (`allow-passthrough`), so either setting works.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let plain = format!("\x1b]52;c;{payload}\x07");
    if in_tmux {
        format!("{plain}\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\")
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::osc52;

    #[test]
    fn osc52_carries_the_text_base64_encoded_and_nothing_raw() {
        let seq = osc52("T2612-0001", false);
        assert_eq!(seq, "\x1b]52;c;VDI2MTItMDAwMQ==\x07");
        // A hostile value cannot reach the terminal as a control sequence.
        let seq = osc52("\x1b]0;pwned\x07", false);
        assert_eq!(seq.matches('\x1b').count(), 1, "{seq:?}");
        assert!(osc52("x", true).contains("\x1bPtmux;"));
    }
}
