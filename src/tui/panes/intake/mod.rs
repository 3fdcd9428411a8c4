//! Intake under the first-responder rule: the case form, the read-back (R-INT-05) the
//! operator reads to the resident before saving, and after saving the ticket with the
//! three-minute dispatch countdown (R-INT-07) and a dispatch field. The daemon validates
//! (`case_preview`) and computes deadlines from its policy, so the read-back states exactly
//! what will be saved; the confirm carries one request id, so pressing Enter again after a
//! lost connection saves once. This file holds the pane's state, its commands and its
//! calls to the daemon; `form` the fields and the draft, `draw` the drawing.

mod draw;
mod form;
mod link;

pub use form::Field;

use super::{error_field, Cx, Outcome};
use crate::client::Calls;
use crate::domain::{Case, RequestId, Ticket, Time};
use crate::protocol::req;
use crate::protocol::{CaseStep, CustomerSummary, DispatchTarget};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::{fill, Lang, Msg};
use crate::tui::keymap::Section;
use crate::tui::link::LinkError;
use form::FIELDS;

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Edit,
    ReadBack {
        case: Box<Case>,
        request_id: RequestId,
    },
    Saved {
        case: Box<Case>,
    },
}

#[derive(Debug)]
pub struct IntakePane {
    pub customer: Option<CustomerSummary>,
    resident: TextField,
    resident_hit: Option<CustomerSummary>,
    resident_dirty: bool,
    channel: usize,
    kind: usize,
    severity: usize,
    category: TextField,
    /// The highlighted row of the category list while the category is typed.
    category_pick: usize,
    /// The list entry taken (its code); typing in the field again lets it go.
    category_taken: Option<String>,
    /// The operator chose the kind themselves: a category taken later leaves it.
    kind_chosen: bool,
    description: TextField,
    subject: TextField,
    promised: TextField,
    pub focus: Field,
    pub error: Option<(Field, String)>,
    pub stage: Stage,
    dispatch: TextField,
    /// The dispatch field holds the department the list offers: typing replaces it.
    dispatch_offered: bool,
    /// What the saved case may be linked to (`link.rs`).
    pub offers: Vec<crate::protocol::LinkOffer>,
}

impl Default for IntakePane {
    fn default() -> Self {
        IntakePane {
            customer: None,
            resident: TextField::default(),
            resident_hit: None,
            resident_dirty: false,
            channel: 0,
            kind: 0,
            severity: 2,
            category: TextField::default(),
            category_pick: 0,
            category_taken: None,
            kind_chosen: false,
            description: TextField::default(),
            subject: TextField::default(),
            promised: TextField::default(),
            focus: Field::Resident,
            error: None,
            stage: Stage::Edit,
            dispatch: TextField::default(),
            dispatch_offered: false,
            offers: Vec::new(),
        }
    }
}

impl IntakePane {
    /// A blank form for `customer` (from the card), focus on the first thing to type.
    pub fn start(customer: Option<CustomerSummary>) -> IntakePane {
        let focus = if customer.is_some() {
            Field::Category
        } else {
            Field::Resident
        };
        IntakePane {
            customer,
            focus,
            ..IntakePane::default()
        }
    }

    /// A blank form for a caller on the phone: the channel is the phone; a number on no
    /// record is typed into the resident field, to search by or to name the new resident.
    pub fn by_phone(customer: Option<CustomerSummary>, number: &str) -> IntakePane {
        let unknown = customer.is_none();
        let mut form = IntakePane::start(customer);
        form.channel = form::CHANNELS
            .iter()
            .position(|c| *c == crate::domain::Channel::Phone)
            .unwrap_or(0);
        if unknown {
            form.resident = TextField::with(number);
            form.resident_dirty = true;
        }
        form
    }

    /// The saved case whose dispatch countdown is still running.
    pub fn undispatched(&self, now: Time) -> Option<(&Case, i64)> {
        match &self.stage {
            Stage::Saved { case } => case.dispatch_countdown(now).map(|s| (&**case, s)),
            _ => None,
        }
    }

    pub fn saved_ticket(&self) -> Option<&Ticket> {
        match &self.stage {
            Stage::Saved { case } => Some(&case.ticket),
            _ => None,
        }
    }

    /// Finds the top match for what was typed in the resident field.
    pub fn settle(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if !self.resident_dirty {
            return Outcome::Nothing;
        }
        self.resident_dirty = false;
        let q = self.resident.text();
        if q.trim().is_empty() {
            self.resident_hit = None;
            return Outcome::Nothing;
        }
        match cx.link.send(req::CustomerFind {
            query: q.to_string(),
            limit: 1,
        }) {
            Ok(m) => {
                self.resident_hit = m.into_iter().next().map(|m| m.customer);
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Takes the top match for what was typed as the resident (Tab out of the field, or
    /// Enter with a name typed but not yet taken).
    pub(super) fn take_resident_hit(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if self.customer.is_some() {
            return Outcome::Nothing;
        }
        let searched = self.settle(cx);
        if let Some(hit) = self.resident_hit.take() {
            self.customer = Some(hit);
            self.resident.clear();
        }
        searched
    }

    /// Shows a refusal on the field it names, or as a message.
    fn refused(&mut self, e: LinkError, lang: Lang) -> Outcome {
        if let Some((wire, reason)) = error_field(&e, lang) {
            if let Some(f) = FIELDS.iter().find(|f| f.wire() == wire) {
                self.focus = *f;
                self.error = Some((*f, reason));
                return Outcome::Nothing;
            }
        }
        Outcome::from_error(e)
    }

    fn read_back(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let searched = self.take_resident_hit(cx);
        if searched != Outcome::Nothing {
            return searched;
        }
        let draft = match self.draft(cx) {
            Ok(d) => d,
            Err((f, msg)) => {
                self.focus = f;
                self.error = Some((f, msg));
                return Outcome::Nothing;
            }
        };
        match cx.link.send(req::CasePreview { draft }) {
            Ok(case) => {
                self.error = None;
                self.stage = Stage::ReadBack {
                    case: Box::new(case),
                    request_id: crate::client::new_request_id(),
                };
                Outcome::Nothing
            }
            Err(e) => self.refused(e, cx.lang),
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>, request_id: RequestId) -> Outcome {
        let draft = match self.draft(cx) {
            Ok(d) => d,
            Err((f, msg)) => {
                self.stage = Stage::Edit;
                self.error = Some((f, msg));
                return Outcome::Nothing;
            }
        };
        match cx.link.send_with_id(request_id, req::CaseAdd { draft }) {
            Ok(case) => {
                let msg = fill(Msg::SavedTicket.text(cx.lang), &[&case.ticket.0]);
                // Dispatch offers the department the list sends such a case to first.
                self.dispatch = cx
                    .categories
                    .get(&case.category)
                    .map(|c| TextField::with(&c.department))
                    .unwrap_or_default();
                self.dispatch_offered = !self.dispatch.is_empty();
                self.stage = Stage::Saved {
                    case: Box::new(case),
                };
                self.load_offers(cx);
                Outcome::Info(msg)
            }
            // Stay on the read-back: Enter again resends with the same request id.
            Err(LinkError::Offline) => Outcome::Offline,
            Err(e) => {
                self.stage = Stage::Edit;
                self.refused(e, cx.lang)
            }
        }
    }

    fn dispatch(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Stage::Saved { case } = &self.stage else {
            return Outcome::Nothing;
        };
        let to = self.dispatch.text();
        let to = to.trim();
        if to.is_empty() {
            return Outcome::Error(
                Msg::DispatchEmpty.with(cx.lang, &[&cx.key(Section::Intake, Command::Confirm)]),
            );
        }
        let target = match to.strip_prefix('@') {
            Some(user) => DispatchTarget::Staff(user.to_string()),
            None => DispatchTarget::Department(to.to_string()),
        };
        match cx.link.send(req::CaseStep {
            ticket: case.ticket.clone(),
            base_version: None,
            step: CaseStep::Dispatch(target),
        }) {
            Ok(updated) => {
                self.stage = Stage::Saved {
                    case: Box::new(updated),
                };
                Outcome::Info(fill(Msg::DispatchedTo.text(cx.lang), &[to]))
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Reloads the saved case after someone changed it (e.g. a supervisor dispatched it).
    pub fn reload_saved(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Stage::Saved { case } = &self.stage else {
            return Outcome::Nothing;
        };
        match cx.link.send(req::CaseShow::of(case.ticket.clone())) {
            Ok(case) => {
                self.stage = Stage::Saved {
                    case: Box::new(case),
                };
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        match (&self.stage, cmd) {
            (_, Command::NewCase) => {
                *self = IntakePane::start(None);
                Outcome::Nothing
            }
            (Stage::Edit, Command::NextField) => self.move_focus(true, cx),
            (Stage::Edit, Command::PrevField) => self.move_focus(false, cx),
            (Stage::Edit, Command::SelectNext | Command::SelectPrev)
                if self.focus == Field::Category =>
            {
                self.move_pick(cmd == Command::SelectNext, cx);
                Outcome::Nothing
            }
            // Enter on a category being typed takes the highlighted entry and moves on.
            (Stage::Edit, Command::Confirm) if self.picking_category() => self.move_focus(true, cx),
            (Stage::Edit, Command::NextOption) => {
                self.cycle(true);
                Outcome::Nothing
            }
            (Stage::Edit, Command::PrevOption) => {
                self.cycle(false);
                Outcome::Nothing
            }
            (Stage::Edit, Command::SaveCase | Command::Confirm) => self.read_back(cx),
            (Stage::ReadBack { request_id, .. }, Command::Confirm | Command::SaveCase) => {
                let id = *request_id;
                self.save(cx, id)
            }
            (Stage::Saved { .. }, Command::Confirm) => self.dispatch(cx),
            (Stage::Saved { case }, Command::NewVisit) => match &self.customer {
                Some(c) => Outcome::Hand(crate::tui::panes::Handoff::Visit(
                    c.clone(),
                    Some(case.ticket.clone()),
                    crate::domain::VisitKind::Repair,
                )),
                None => Outcome::Nothing,
            },
            (Stage::Saved { .. }, Command::Refresh) => self.reload_saved(cx),
            (Stage::Saved { .. }, Command::LinkIncident) => self.link_first(cx),
            _ => Outcome::Nothing,
        }
    }

    /// Esc: read-back → edit; otherwise leave for lookup (the draft stays).
    pub fn back(&mut self) -> bool {
        if let Stage::ReadBack { .. } = self.stage {
            self.stage = Stage::Edit;
            return true;
        }
        false
    }
}
