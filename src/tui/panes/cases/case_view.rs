//! One case open: who, what, the clocks, the timeline, and every step as one key. A step the
//! operator may not take is refused at once with the daemon's own reason (`Case::permits`),
//! and drawn dimmed with it; a step that needs text opens a short form (Tab between fields,
//! Enter saves, Esc cancels). Saves are version-checked: a case changed at another counter
//! meanwhile is a conflict that names the current version, never a silent overwrite.

use crate::client::Calls;
use crate::domain::case::{Resolution, StepKind};
use crate::domain::local_time::parse_time_on;
use crate::domain::{Case, Field, Staff, Ticket};
use crate::protocol::req;
use crate::protocol::{CaseFilter, CaseStep, CaseSummary, DispatchTarget};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::{fill, Msg};
use crate::tui::keymap::Key;
use crate::tui::link::LinkError;
use crate::tui::panes::{Cx, Outcome};

#[derive(Debug)]
pub struct StepForm {
    pub step: StepKind,
    pub fields: Vec<(Msg, TextField)>,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct CaseDetail {
    pub case: Case,
    /// The listing row: the resident's name, unit and phone.
    pub row: Option<CaseSummary>,
    pub form: Option<StepForm>,
    pub scroll: u16,
}

/// The key command of each step, in the order the view lists them.
pub const STEP_KEYS: [(StepKind, Command); 11] = [
    (StepKind::Dispatch, Command::StepDispatch),
    (StepKind::Note, Command::StepNote),
    (StepKind::Reply, Command::StepReply),
    (StepKind::Start, Command::StepStart),
    (StepKind::Assist, Command::StepAssist),
    (StepKind::Take, Command::StepTake),
    (StepKind::Promise, Command::StepPromise),
    (StepKind::Escalate, Command::StepEscalate),
    (StepKind::Resolve, Command::StepResolve),
    (StepKind::Close, Command::StepClose),
    (StepKind::Reassign, Command::StepReassign),
];

fn fields_of(step: StepKind) -> &'static [Msg] {
    match step {
        StepKind::Dispatch => &[Msg::FieldDispatchTo],
        StepKind::Note | StepKind::Reply => &[Msg::FieldText],
        StepKind::Promise => &[Msg::FieldWhen, Msg::FieldReason],
        StepKind::Escalate | StepKind::Reassign => &[Msg::FieldTo, Msg::FieldReason],
        StepKind::Resolve => &[Msg::FieldSummary, Msg::FieldCause, Msg::FieldAction],
        StepKind::Assist | StepKind::Start | StepKind::Close | StepKind::Take => &[],
    }
}

impl CaseDetail {
    pub fn load(
        ticket: &Ticket,
        row: Option<CaseSummary>,
        cx: &mut Cx<'_>,
    ) -> Result<CaseDetail, Outcome> {
        let case = cx
            .link
            .send(req::CaseShow {
                ticket: ticket.clone(),
                reason: None,
            })
            .map_err(Outcome::from_error)?;
        let row = match row {
            Some(r) => Some(r),
            // Opened by ticket: the resident's row from their own cases.
            None => cx
                .link
                .send(req::CaseList {
                    filter: CaseFilter {
                        customer: Some(case.key.customer),
                        query: crate::domain::case::CaseQuery {
                            words: vec![ticket.0.to_lowercase()],
                            ..Default::default()
                        },
                        limit: 1,
                        ..CaseFilter::default()
                    },
                })
                .ok()
                .and_then(|p| p.rows.into_iter().next()),
        };
        Ok(CaseDetail {
            case,
            row,
            form: None,
            scroll: 0,
        })
    }

    pub fn reload(&mut self, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(req::CaseShow {
            ticket: self.case.ticket.clone(),
            reason: None,
        }) {
            Ok(c) => {
                self.case = c;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        match &mut self.form {
            Some(f) => f.fields.get_mut(f.focus).is_some_and(|(_, t)| t.edit(key)),
            None => false,
        }
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>, me: Option<&Staff>) -> Outcome {
        if let Some(form) = &mut self.form {
            let n = form.fields.len().max(1);
            match cmd {
                Command::NextField => form.focus = (form.focus + 1) % n,
                Command::PrevField => form.focus = (form.focus + n - 1) % n,
                Command::Confirm => return self.submit(cx),
                _ => {}
            }
            return Outcome::Nothing;
        }
        match cmd {
            Command::SelectNext => {
                self.scroll = self.scroll.saturating_add(1);
                return Outcome::Nothing;
            }
            Command::SelectPrev => {
                self.scroll = self.scroll.saturating_sub(1);
                return Outcome::Nothing;
            }
            Command::Refresh => return self.reload(cx),
            _ => {}
        }
        let Some(step) = STEP_KEYS.iter().find(|(_, c)| *c == cmd).map(|(s, _)| *s) else {
            return Outcome::Nothing;
        };
        let Some(me) = me else {
            return Outcome::Error(Msg::NotRegistered.text(cx.lang).into());
        };
        if let Err(why) = self.case.permits(step, me) {
            return Outcome::Error(why.to_string());
        }
        if fields_of(step).is_empty() {
            self.form = Some(StepForm {
                step,
                fields: Vec::new(),
                focus: 0,
                error: None,
            });
            return self.submit(cx);
        }
        self.form = Some(StepForm {
            step,
            fields: fields_of(step)
                .iter()
                .map(|m| (*m, TextField::default()))
                .collect(),
            focus: 0,
            error: None,
        });
        Outcome::Nothing
    }

    /// Sends the open form's step, version-checked.
    fn submit(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(form) = &mut self.form else {
            return Outcome::Nothing;
        };
        let text = |i: usize| {
            form.fields
                .get(i)
                .map(|(_, t)| t.text())
                .unwrap_or_default()
        };
        let step = match form.step {
            StepKind::Dispatch => {
                let to = text(0).trim().to_string();
                // `@login` names a colleague (the clock stops, R-INT-07); else a department.
                CaseStep::Dispatch(match to.strip_prefix('@') {
                    Some(login) => DispatchTarget::Staff(login.to_string()),
                    None => DispatchTarget::Department(to),
                })
            }
            StepKind::Note => CaseStep::Note(text(0)),
            StepKind::Reply => CaseStep::Reply(text(0)),
            StepKind::Assist => CaseStep::Assist,
            StepKind::Start => CaseStep::Start,
            StepKind::Close => CaseStep::Close,
            StepKind::Take => CaseStep::Take,
            StepKind::Promise => {
                let offset = cx.offset.local_minus_utc() / 60;
                let day = cx.now.with_timezone(&cx.offset).date_naive();
                match parse_time_on(Field::Promised, &text(0), offset, Some(day)) {
                    Ok(at) => CaseStep::Promise {
                        at,
                        reason: text(1),
                    },
                    Err(e) => {
                        form.error = Some(e.to_string());
                        return Outcome::Nothing;
                    }
                }
            }
            StepKind::Escalate => CaseStep::Escalate {
                to: text(0).trim().to_string(),
                reason: text(1),
            },
            StepKind::Reassign => CaseStep::Reassign {
                to: text(0).trim().to_string(),
                reason: text(1),
            },
            StepKind::Resolve => CaseStep::Resolve(Resolution {
                summary: text(0),
                cause: text(1),
                action: text(2),
            }),
        };
        let label = (STEP_KEYS
            .iter()
            .find(|(s, _)| *s == form.step)
            .map_or(Command::Noop, |(_, c)| *c))
        .describe(cx.lang);
        match cx.link.send(req::CaseStep {
            ticket: self.case.ticket.clone(),
            base_version: Some(self.case.version),
            step,
        }) {
            Ok(case) => {
                self.case = case;
                self.form = None;
                Outcome::Info(fill(
                    Msg::StepDone.text(cx.lang),
                    &[&self.case.ticket.0, label],
                ))
            }
            Err(LinkError::Offline) => Outcome::Offline,
            Err(LinkError::Desk(e)) => {
                // A step without a form reports on the status line; a form keeps its text.
                if form.fields.is_empty() {
                    self.form = None;
                    return Outcome::Error(e.to_string());
                }
                form.error = Some(e.to_string());
                Outcome::Nothing
            }
        }
    }
}
