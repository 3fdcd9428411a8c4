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
use crate::tui::panes::{cursor, Cx, Outcome};

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
    /// The reply templates' list over the form (Ctrl-T).
    pub picker: Option<super::TemplatePicker>,
    pub scroll: u16,
}

/// A step as the case view offers it: its kind (`Case::permits` decides whether the
/// operator may take it), the command its key runs (which carries its description), the
/// fields its form asks for, and how the typed text becomes the step sent.
pub struct ScreenStep {
    pub kind: StepKind,
    pub command: Command,
    pub fields: &'static [Msg],
    pub build: fn(&Typed) -> Result<CaseStep, crate::domain::DeskError>,
}

/// What the operator typed into a step's form, with the desk's clock for times.
pub struct Typed {
    texts: Vec<String>,
    now: crate::domain::Time,
    offset: chrono::FixedOffset,
}

impl Typed {
    fn text(&self, i: usize) -> String {
        self.texts.get(i).cloned().unwrap_or_default()
    }

    fn login(&self, i: usize) -> String {
        self.text(i).trim().to_string()
    }
}

/// Every step the case view offers, in the order it lists them.
pub const STEPS: [ScreenStep; 12] = [
    ScreenStep {
        kind: StepKind::Dispatch,
        command: Command::StepDispatch,
        fields: &[Msg::FieldDispatchTo],
        // `@login` names a colleague (the clock stops, R-INT-07); else a department.
        build: |t| {
            let to = t.login(0);
            Ok(CaseStep::Dispatch(match to.strip_prefix('@') {
                Some(login) => DispatchTarget::Staff(login.to_string()),
                None => DispatchTarget::Department(to),
            }))
        },
    },
    ScreenStep {
        kind: StepKind::Note,
        command: Command::StepNote,
        fields: &[Msg::FieldText],
        build: |t| Ok(CaseStep::Note(t.text(0))),
    },
    ScreenStep {
        kind: StepKind::Investigate,
        command: Command::StepInvestigate,
        fields: &[Msg::FieldFinding],
        build: |t| Ok(CaseStep::Investigate(t.text(0))),
    },
    ScreenStep {
        kind: StepKind::Reply,
        command: Command::StepReply,
        fields: &[Msg::FieldText],
        build: |t| Ok(CaseStep::Reply(t.text(0))),
    },
    ScreenStep {
        kind: StepKind::Start,
        command: Command::StepStart,
        fields: &[],
        build: |_| Ok(CaseStep::Start),
    },
    ScreenStep {
        kind: StepKind::Assist,
        command: Command::StepAssist,
        fields: &[],
        build: |_| Ok(CaseStep::Assist),
    },
    ScreenStep {
        kind: StepKind::Take,
        command: Command::StepTake,
        fields: &[],
        build: |_| Ok(CaseStep::Take),
    },
    ScreenStep {
        kind: StepKind::Promise,
        command: Command::StepPromise,
        fields: &[Msg::FieldWhen, Msg::FieldReason, Msg::FieldAgreed],
        build: |t| {
            let offset = t.offset.local_minus_utc() / 60;
            let day = t.now.with_timezone(&t.offset).date_naive();
            let at = parse_time_on(Field::Promised, &t.text(0), offset, Some(day))?;
            Ok(CaseStep::Promise {
                at,
                reason: t.text(1),
                agreed: crate::domain::text::yes_no(Field::Agreed, &t.text(2))?,
            })
        },
    },
    ScreenStep {
        kind: StepKind::Escalate,
        command: Command::StepEscalate,
        fields: &[Msg::FieldTo, Msg::FieldReason],
        build: |t| {
            Ok(CaseStep::Escalate {
                to: t.login(0),
                reason: t.text(1),
            })
        },
    },
    ScreenStep {
        kind: StepKind::Resolve,
        command: Command::StepResolve,
        fields: &[Msg::FieldSummary, Msg::FieldCause, Msg::FieldAction],
        build: |t| {
            Ok(CaseStep::Resolve(Resolution {
                summary: t.text(0),
                cause: t.text(1),
                action: t.text(2),
            }))
        },
    },
    ScreenStep {
        kind: StepKind::Close,
        command: Command::StepClose,
        fields: &[],
        build: |_| Ok(CaseStep::Close),
    },
    ScreenStep {
        kind: StepKind::Reassign,
        command: Command::StepReassign,
        fields: &[Msg::FieldTo, Msg::FieldReason],
        build: |t| {
            Ok(CaseStep::Reassign {
                to: t.login(0),
                reason: t.text(1),
            })
        },
    },
];

/// The screen's entry for `kind` (every kind the view opens a form for has one).
pub fn screen_step(kind: StepKind) -> Option<&'static ScreenStep> {
    STEPS.iter().find(|s| s.kind == kind)
}

impl CaseDetail {
    pub fn load(
        ticket: &Ticket,
        row: Option<CaseSummary>,
        cx: &mut Cx<'_>,
    ) -> Result<CaseDetail, Outcome> {
        let case = cx
            .link
            .send(req::CaseShow::of(ticket.clone()))
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
            picker: None,
            scroll: 0,
        })
    }

    pub fn reload(&mut self, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(req::CaseShow::of(self.case.ticket.clone())) {
            Ok(c) => {
                self.case = c;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        if let Some(p) = &mut self.picker {
            let typed = p.query.edit(key);
            if typed {
                p.selected = 0;
            }
            return typed;
        }
        match &mut self.form {
            Some(f) => f.fields.get_mut(f.focus).is_some_and(|(_, t)| t.edit(key)),
            None => false,
        }
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>, me: Option<&Staff>) -> Outcome {
        if self.picker.is_some() {
            return self.picker_key(cmd);
        }
        if let Some(form) = &mut self.form {
            let n = form.fields.len().max(1);
            match cmd {
                Command::NextField => form.focus = (form.focus + 1) % n,
                Command::PrevField => form.focus = (form.focus + n - 1) % n,
                Command::Confirm => return self.submit(cx),
                Command::PickTemplate => return self.open_picker(cx),
                _ => return Outcome::NotTaken,
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
        let Some(step) = STEPS.iter().find(|s| s.command == cmd).map(|s| s.kind) else {
            return Outcome::NotTaken;
        };
        let Some(me) = me else {
            return Outcome::Error(Msg::NotRegistered.text(cx.lang).into());
        };
        if let Err(why) = self.case.permits(step, me, cx.link.welcome.step_rules) {
            return Outcome::Refused(why);
        }
        let Some(spec) = screen_step(step) else {
            return Outcome::Nothing;
        };
        if spec.fields.is_empty() {
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
            fields: spec
                .fields
                .iter()
                .map(|m| (*m, TextField::default()))
                .collect(),
            focus: 0,
            error: None,
        });
        Outcome::Nothing
    }

    /// Ctrl-T in a form: the templates offered for this case, over the form.
    fn open_picker(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let c = &self.case;
        let templates = match cx.link.send(req::TemplateList {
            category: Some(c.category.clone()),
            kind: Some(c.kind),
        }) {
            Ok(t) => t,
            Err(e) => return Outcome::from_error(e),
        };
        let row = self.row.as_ref();
        let fill = crate::domain::template::Fill {
            name: row.map(|r| r.customer_name.clone()).unwrap_or_default(),
            unit: row.map(|r| r.unit.clone()).unwrap_or_default(),
            ticket: c.ticket.0.clone(),
            promised: c
                .promised_at
                .map(|t| {
                    t.with_timezone(&cx.offset)
                        .format("%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default(),
        };
        self.picker = Some(super::TemplatePicker {
            templates,
            fill,
            query: TextField::default(),
            selected: 0,
        });
        Outcome::Nothing
    }

    /// A key on the templates' list: move, or put the chosen one into the form's field.
    fn picker_key(&mut self, cmd: Command) -> Outcome {
        let Some(p) = &mut self.picker else {
            return Outcome::Nothing;
        };
        let n = p.matches().len();
        match cmd {
            Command::SelectNext => p.selected = cursor::next(p.selected, n),
            Command::SelectPrev => p.selected = cursor::prev(p.selected),
            Command::Confirm | Command::PickTemplate => {
                let chosen = p.chosen();
                self.picker = None;
                if let (Some(words), Some(form)) = (chosen, &mut self.form) {
                    if let Some((_, field)) = form.fields.get_mut(form.focus) {
                        let typed = field.text();
                        let joined = match typed.trim() {
                            "" => words,
                            t => format!("{t} {words}"),
                        };
                        *field = TextField::with(&joined);
                    }
                }
            }
            _ => return Outcome::NotTaken,
        }
        Outcome::Nothing
    }

    /// Sends the open form's step, version-checked.
    fn submit(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(form) = &mut self.form else {
            return Outcome::Nothing;
        };
        let Some(spec) = screen_step(form.step) else {
            return Outcome::Nothing;
        };
        let typed = Typed {
            texts: form.fields.iter().map(|(_, t)| t.text()).collect(),
            now: cx.now,
            offset: cx.offset,
        };
        let step = match (spec.build)(&typed) {
            Ok(step) => step,
            Err(e) => {
                form.error = Some(crate::words::desk_error(cx.lang, &e));
                return Outcome::Nothing;
            }
        };
        let label = spec.command.describe(cx.lang);
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
                    return Outcome::Refused(e);
                }
                form.error = Some(crate::words::desk_error(cx.lang, &e));
                Outcome::Nothing
            }
        }
    }
}
