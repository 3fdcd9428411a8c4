//! `y`: what the operator has selected — a ticket, a resident's phone, a record's number —
//! goes to their own clipboard through the terminal (OSC 52: it works over SSH and inside
//! tmux, where the box's clipboard would be the wrong one).

use base64::Engine;

use super::{App, Focus, Level};
use crate::tui::i18n::{fill, Msg};
use crate::tui::panes::paperwork::Tab;

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
    fn selection(&self) -> Option<String> {
        match self.focus {
            Focus::Lookup => match &self.lookup.card {
                Some(card) => card.card.customer.phones.first().map(|p| p.0.clone()),
                None => self
                    .lookup
                    .results
                    .get(self.lookup.selected)
                    .and_then(|m| m.customer.phones.first().cloned()),
            },
            Focus::Intake => self.intake.saved_ticket().map(|t| t.0.clone()),
            Focus::Cases => match &self.cases.open {
                Some(d) => Some(d.case.ticket.0.clone()),
                None => self
                    .cases
                    .rows
                    .get(self.cases.selected)
                    .map(|r| r.ticket.clone()),
            },
            Focus::Callbacks => self
                .callbacks
                .rows
                .get(self.callbacks.selected)
                .and_then(|r| r.ticket())
                .map(|t| t.0.clone()),
            Focus::Paperwork => {
                let p = &self.paperwork;
                let today = self.now.with_timezone(&self.offset).date_naive();
                match p.tab {
                    Tab::Permits => p
                        .sorted_permits(today)
                        .get(p.selected)
                        .map(|x| x.no.to_string()),
                    Tab::Slips => p.current_slip().map(|(s, _)| s.no.to_string()),
                    Tab::Visitors => p.visitors.get(p.selected).map(|v| v.no.to_string()),
                    Tab::Loans => p.loans.get(p.selected).map(|l| l.no.to_string()),
                    Tab::Fees => p.arrears.get(p.selected).map(|a| a.unit.to_string()),
                }
            }
            Focus::Schedule | Focus::Reports => None,
        }
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
