//! Printing calls (who rang which extension, and what the operator's pop-up says of them)
//! and the step the undo command offers.

use super::Printer;
use crate::domain::call::Call;
use crate::protocol::Ringing;

impl Printer {
    pub fn ringing(&self, r: &Ringing) -> anyhow::Result<()> {
        json_or_text!(self, r);
        let c = &r.call;
        let to = c.to.map_or_else(
            || "nobody has that extension".to_string(),
            |u| self.n.who(u),
        );
        p!(
            "call {}  from {}  at extension {} ({to})",
            c.id,
            c.from,
            c.ext
        );
        if r.callers.is_empty() {
            p!("  a number on no resident's record");
        }
        for who in &r.callers {
            let last = who
                .last_contact
                .map_or_else(|| "never".to_string(), |t| self.n.time(t));
            p!(
                "  {} {}  {}  {} open case(s)  last contact {last}",
                who.customer.id,
                who.customer.name,
                who.customer.units.join(", "),
                who.open_cases
            );
        }
        Ok(())
    }

    pub fn undo_offer(&self, o: &crate::protocol::UndoOffer) -> anyhow::Result<()> {
        json_or_text!(self, o);
        p!(
            "your last step: {} on {} at {}; `frontdesk undo --yes` undoes it",
            o.operation,
            o.ticket,
            self.n.time(o.at)
        );
        Ok(())
    }

    pub fn call(&self, c: &Call) -> anyhow::Result<()> {
        json_or_text!(self, c);
        p!("{}", self.call_line(c));
        Ok(())
    }

    /// `2026-11-23 10:31  call #12 from 13800138000 at 801, 95 s`.
    pub(super) fn call_line(&self, c: &Call) -> String {
        let length = c.seconds().map_or_else(String::new, |s| format!(", {s} s"));
        format!(
            "{}  call {} from {} at {}{length}",
            self.n.time(c.at),
            c.id,
            c.from,
            c.ext
        )
    }
}
