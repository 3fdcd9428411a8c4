//! Printing loans: number, item, who has it, since and until when (OVERDUE when past), and
//! how it went out and came back.

use super::Printer;
use crate::domain::loan::Loan;

impl Printer {
    pub fn loans(&self, list: &Vec<Loan>) -> anyhow::Result<()> {
        json_or_text!(self, list, else "nothing out");
        let now = chrono::Utc::now();
        for l in list {
            let state = match &l.returned {
                Some(r) => format!("back {} ({})", self.n.time(r.at), r.condition),
                None if l.overdue(now) => "OVERDUE".to_string(),
                None => "out".to_string(),
            };
            p!(
                "{}  {}  to {}  out {}  until {}  {}  (went out {})",
                l.no,
                l.item,
                self.n.who(l.borrower),
                self.n.time(l.out_at),
                self.n.time(l.due),
                state,
                l.condition_out
            );
        }
        Ok(())
    }
}
