//! Supervisor bulk actions: rows marked with Space in any view are reassigned, or escalated,
//! together with one target and one reason. Each case is its own step — its own audited
//! change, version-checked against the row shown — so a refusal of one (closed meanwhile,
//! the new owner is its subject) is reported by ticket without undoing the others.

use crate::protocol::req;
use std::collections::BTreeSet;

use crate::client::Calls;
use crate::domain::Ticket;
use crate::protocol::{CaseStep, CaseSummary};
use crate::tui::field::TextField;
use crate::tui::i18n::{fill, Msg};
use crate::tui::keymap::Key;
use crate::tui::link::LinkError;
use crate::tui::panes::{Cx, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkStep {
    Reassign,
    Escalate,
}

#[derive(Debug)]
pub struct BulkForm {
    pub step: BulkStep,
    pub to: TextField,
    pub reason: TextField,
    /// 0: to, 1: reason.
    pub focus: usize,
    pub error: Option<String>,
}

impl BulkForm {
    pub fn new(step: BulkStep) -> BulkForm {
        BulkForm {
            step,
            to: TextField::default(),
            reason: TextField::default(),
            focus: 0,
            error: None,
        }
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        if self.focus == 0 {
            self.to.edit(key)
        } else {
            self.reason.edit(key)
        }
    }

    /// Takes the step on every marked row; returns the tickets done and the summary to show.
    pub fn submit(
        &mut self,
        marked: &BTreeSet<String>,
        rows: &[CaseSummary],
        cx: &mut Cx<'_>,
    ) -> (Vec<String>, Outcome) {
        let (to, reason) = (self.to.text().trim().to_string(), self.reason.text());
        let mut done = Vec::new();
        let mut refused = Vec::new();
        for ticket in marked {
            let version = rows.iter().find(|r| r.ticket == *ticket).map(|r| r.version);
            let step = match self.step {
                BulkStep::Reassign => CaseStep::Reassign {
                    to: to.clone(),
                    reason: reason.clone(),
                },
                BulkStep::Escalate => CaseStep::Escalate {
                    to: to.clone(),
                    reason: reason.clone(),
                },
            };
            match cx.link.send(req::CaseStep {
                ticket: Ticket(ticket.clone()).clone(),
                base_version: version,
                step,
            }) {
                Ok(_) => done.push(ticket.clone()),
                Err(LinkError::Offline) => return (done, Outcome::Offline),
                Err(LinkError::Desk(e)) => refused.push(format!(
                    "{ticket}: {}",
                    crate::words::desk_error(cx.lang, &e)
                )),
            }
        }
        let summary = fill(
            Msg::BulkDone.text(cx.lang),
            &[&done.len().to_string(), &marked.len().to_string()],
        );
        if refused.is_empty() {
            (done, Outcome::Info(summary))
        } else {
            if done.is_empty() {
                // Nothing went through: keep the form so the target or reason can be fixed.
                self.error = Some(refused.join("; "));
                return (done, Outcome::Nothing);
            }
            (
                done,
                Outcome::Error(format!("{summary}; {}", refused.join("; "))),
            )
        }
    }
}
