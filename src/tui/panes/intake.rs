//! Intake under the first-responder rule: the case form, the read-back (R-INT-05) the
//! operator reads to the resident before saving, and after saving the ticket with the
//! three-minute dispatch countdown (R-INT-07) and a dispatch field. The daemon validates
//! (`CasePreview`) and computes deadlines from its policy, so the read-back states exactly
//! what will be saved; the confirm carries one request id, so pressing Enter again after a
//! lost connection saves once.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{clock_span, error_field, style, Cx, Outcome, View};
use crate::client::Calls;
use crate::domain::case::CaseDraft;
use crate::domain::local_time::parse_time_on;
use crate::domain::Field as WireField;
use crate::domain::{Case, CaseKind, Channel, RequestId, Severity, Ticket, Time};
use crate::protocol::{CaseStep, CustomerSummary, DispatchTarget};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::hints::HintItem;
use crate::tui::i18n::{channel_label, fill, kind_label, severity_label, Msg};
use crate::tui::keymap::Key;
use crate::tui::keymap::Section;
use crate::tui::link::LinkError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Resident,
    Channel,
    Kind,
    Category,
    Severity,
    Description,
    Subject,
    Promised,
}

const FIELDS: [Field; 8] = [
    Field::Resident,
    Field::Channel,
    Field::Kind,
    Field::Severity,
    Field::Category,
    Field::Description,
    Field::Subject,
    Field::Promised,
];
const CHANNELS: [Channel; 5] = [
    Channel::Counter,
    Channel::Phone,
    Channel::Letter,
    Channel::Email,
    Channel::Staff,
];
const KINDS: [CaseKind; 5] = [
    CaseKind::Complaint,
    CaseKind::Repair,
    CaseKind::Inquiry,
    CaseKind::Suggestion,
    CaseKind::Help,
];
const SEVERITIES: [Severity; 3] = [Severity::L1, Severity::L2, Severity::L3];

/// What each stage offers, shown from the active keymap.
const FORM_HINT: &[HintItem] = &[
    (&[Command::NextField, Command::PrevField], Msg::HintFields),
    (&[Command::PrevOption, Command::NextOption], Msg::HintChoose),
    (&[Command::Confirm], Msg::HintReadBack),
];
const READ_BACK_HINT: &[HintItem] = &[
    (&[Command::Confirm], Msg::HintConfirmedSave),
    (&[Command::Back], Msg::HintBackToEdit),
];
const SAVED_HINT: &[HintItem] = &[
    (&[Command::Confirm], Msg::HintDispatch),
    (&[Command::NewVisit], Msg::HintBookVisit),
    (&[Command::NewCase], Msg::HintAnotherCase),
    (&[Command::Back], Msg::HintToLookup),
];

impl Field {
    /// The field the daemon names in validation errors.
    fn wire(self) -> WireField {
        match self {
            Field::Resident => WireField::Customer,
            Field::Channel => WireField::Channel,
            Field::Kind => WireField::Kind,
            Field::Category => WireField::Category,
            Field::Severity => WireField::Severity,
            Field::Description => WireField::Description,
            Field::Subject => WireField::Subject,
            Field::Promised => WireField::Promised,
        }
    }

    fn label(self) -> Msg {
        match self {
            Field::Resident => Msg::FieldResident,
            Field::Channel => Msg::FieldChannel,
            Field::Kind => Msg::FieldKind,
            Field::Category => Msg::FieldCategory,
            Field::Severity => Msg::FieldSeverity,
            Field::Description => Msg::FieldDescription,
            Field::Subject => Msg::FieldSubject,
            Field::Promised => Msg::FieldPromised,
        }
    }
}

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
    description: TextField,
    subject: TextField,
    promised: TextField,
    pub focus: Field,
    pub error: Option<(Field, String)>,
    pub stage: Stage,
    dispatch: TextField,
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
            description: TextField::default(),
            subject: TextField::default(),
            promised: TextField::default(),
            focus: Field::Resident,
            error: None,
            stage: Stage::Edit,
            dispatch: TextField::default(),
        }
    }
}

fn customer_label(c: &CustomerSummary) -> String {
    format!(
        "{}  {}  ({})",
        c.name,
        c.units.first().map(String::as_str).unwrap_or(""),
        c.id
    )
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

    fn text(&self, f: Field) -> Option<&TextField> {
        Some(match f {
            Field::Resident => &self.resident,
            Field::Category => &self.category,
            Field::Description => &self.description,
            Field::Subject => &self.subject,
            Field::Promised => &self.promised,
            Field::Channel | Field::Kind | Field::Severity => return None,
        })
    }

    fn text_mut(&mut self, f: Field) -> Option<&mut TextField> {
        Some(match f {
            Field::Resident => &mut self.resident,
            Field::Category => &mut self.category,
            Field::Description => &mut self.description,
            Field::Subject => &mut self.subject,
            Field::Promised => &mut self.promised,
            Field::Channel | Field::Kind | Field::Severity => return None,
        })
    }

    pub fn text_focus(&self) -> bool {
        match &self.stage {
            Stage::Edit => self.text(self.focus).is_some(),
            Stage::ReadBack { .. } => false,
            Stage::Saved { case } => case.dispatched_at.is_none(),
        }
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        if let Stage::Saved { .. } = self.stage {
            return self.dispatch.edit(key);
        }
        let focus = self.focus;
        let Some(field) = self.text_mut(focus) else {
            return false;
        };
        let edited = field.edit(key);
        if edited && focus == Field::Resident {
            self.customer = None;
            self.resident_dirty = true;
        }
        if edited && self.error.as_ref().is_some_and(|(f, _)| *f == focus) {
            self.error = None;
        }
        edited
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
        match cx.link.customer_find(&q, 1) {
            Ok(m) => {
                self.resident_hit = m.into_iter().next().map(|m| m.customer);
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Takes the top match for what was typed as the resident (Tab out of the field, or
    /// Enter with a name typed but not yet taken).
    fn take_resident_hit(&mut self, cx: &mut Cx<'_>) -> Outcome {
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

    fn move_focus(&mut self, forward: bool, cx: &mut Cx<'_>) -> Outcome {
        let searched = if self.focus == Field::Resident {
            self.take_resident_hit(cx)
        } else {
            Outcome::Nothing
        };
        let i = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = FIELDS.len();
        self.focus = FIELDS[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        searched
    }

    fn cycle(&mut self, forward: bool) {
        let (idx, len) = match self.focus {
            Field::Channel => (&mut self.channel, CHANNELS.len()),
            Field::Kind => (&mut self.kind, KINDS.len()),
            Field::Severity => (&mut self.severity, SEVERITIES.len()),
            _ => return,
        };
        *idx = if forward {
            (*idx + 1) % len
        } else {
            (*idx + len - 1) % len
        };
    }

    fn draft(&self, cx: &Cx<'_>) -> Result<CaseDraft, (Field, String)> {
        let Some(customer) = &self.customer else {
            return Err((Field::Resident, Msg::NeedResident.text(cx.lang).into()));
        };
        let promised = self.promised.text();
        let promised_at = if promised.trim().is_empty() {
            None
        } else {
            let today = cx.now.with_timezone(&cx.offset).date_naive();
            let minutes = cx.offset.local_minus_utc() / 60;
            Some(
                parse_time_on(WireField::Promised, &promised, minutes, Some(today))
                    .map_err(|e| (Field::Promised, e.to_string()))?,
            )
        };
        Ok(CaseDraft {
            customer: Some(customer.id),
            kind: KINDS[self.kind],
            channel: CHANNELS[self.channel],
            category: self.category.text(),
            severity: SEVERITIES[self.severity],
            description: self.description.text(),
            subject: Some(
                self.subject
                    .text()
                    .trim()
                    .trim_start_matches('@')
                    .to_string(),
            )
            .filter(|s| !s.is_empty()),
            promised_at,
        })
    }

    /// Shows a refusal on the field it names, or as a message.
    fn refused(&mut self, e: LinkError) -> Outcome {
        if let Some((wire, reason)) = error_field(&e) {
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
        match cx.link.case_preview(draft) {
            Ok(case) => {
                self.error = None;
                self.stage = Stage::ReadBack {
                    case: Box::new(case),
                    request_id: crate::client::new_request_id(),
                };
                Outcome::Nothing
            }
            Err(e) => self.refused(e),
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
        match cx.link.case_add_with_id(request_id, draft) {
            Ok(case) => {
                let msg = fill(Msg::SavedTicket.text(cx.lang), &[&case.ticket.0]);
                self.stage = Stage::Saved {
                    case: Box::new(case),
                };
                self.dispatch.clear();
                Outcome::Info(msg)
            }
            // Stay on the read-back: Enter again resends with the same request id.
            Err(LinkError::Offline) => Outcome::Offline,
            Err(e) => {
                self.stage = Stage::Edit;
                self.refused(e)
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
            return Outcome::Error(Msg::DispatchEmpty.text(cx.lang).into());
        }
        let target = match to.strip_prefix('@') {
            Some(user) => DispatchTarget::Staff(user.to_string()),
            None => DispatchTarget::Department(to.to_string()),
        };
        match cx
            .link
            .case_step(&case.ticket, None, CaseStep::Dispatch(target))
        {
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
    pub fn refresh(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Stage::Saved { case } = &self.stage else {
            return Outcome::Nothing;
        };
        match cx.link.case_show(&case.ticket) {
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
                Some(c) => Outcome::Visit(
                    c.clone(),
                    Some(case.ticket.clone()),
                    crate::domain::VisitKind::Repair,
                ),
                None => Outcome::Nothing,
            },
            (Stage::Saved { .. }, Command::Refresh) => self.refresh(cx),
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

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        match &self.stage {
            Stage::Edit => self.render_form(area, buf, view),
            Stage::ReadBack { case, .. } => self.render_read_back(case, area, buf, view),
            Stage::Saved { case } => self.render_saved(case, area, buf, view),
        }
    }

    fn render_form(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(Msg::IntakeTitle.text(lang), style::title()));
        let inner = block.inner(area);
        block.render(area, buf);
        let mut y = inner.y;
        let label_w = 30u16.min(inner.width / 2);
        for f in FIELDS {
            if y >= inner.bottom().saturating_sub(1) {
                break;
            }
            let focused = f == self.focus;
            let label_style = if focused {
                style::title()
            } else {
                style::label()
            };
            let marker = if focused { "› " } else { "  " };
            Span::styled(format!("{marker}{}", f.label().text(lang)), label_style)
                .render(Rect::new(inner.x, y, label_w, 1), buf);
            let value_area =
                Rect::new(inner.x + label_w, y, inner.width.saturating_sub(label_w), 1);
            self.render_value(f, focused, value_area, buf, view);
            y += 1;
            if let Some((ef, msg)) = &self.error {
                if *ef == f {
                    Span::styled(format!("  ✗ {msg}"), style::error())
                        .render(Rect::new(inner.x, y, inner.width, 1), buf);
                    y += 1;
                }
            }
        }
        let hint = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
        Span::styled(view.hint(Section::Intake, FORM_HINT), style::dim()).render(hint, buf);
    }

    fn render_value(&self, f: Field, focused: bool, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let mut choice = |label: &str| {
            let text = if focused {
                format!("◀ {label} ▶")
            } else {
                label.to_string()
            };
            Span::styled(text, style::field(focused)).render(area, buf);
        };
        match f {
            Field::Channel => choice(channel_label(CHANNELS[self.channel], lang)),
            Field::Kind => choice(kind_label(KINDS[self.kind], lang)),
            Field::Severity => choice(severity_label(SEVERITIES[self.severity], lang)),
            Field::Resident => {
                if let Some(c) = &self.customer {
                    Span::styled(customer_label(c), style::ok()).render(area, buf);
                    return;
                }
                let typed = self.resident.text();
                let w = unicode_width::UnicodeWidthStr::width(typed.as_str()) as u16 + 2;
                self.resident.render(
                    Rect {
                        width: w.min(area.width),
                        ..area
                    },
                    buf,
                    style::field(focused),
                    focused,
                );
                let rest = Rect {
                    x: area.x + w.min(area.width),
                    width: area.width.saturating_sub(w),
                    ..area
                };
                let hint = match &self.resident_hit {
                    Some(hit) => format!("→ {}", customer_label(hit)),
                    None if typed.is_empty() => Msg::ResidentHint.text(lang).to_string(),
                    None => String::new(),
                };
                Span::styled(hint, style::dim()).render(rest, buf);
            }
            Field::Promised if self.promised.is_empty() && !focused => {
                Span::styled(Msg::PromisedHint.text(lang), style::dim()).render(area, buf);
            }
            _ => {
                if let Some(field) = self.text(f) {
                    field.render(area, buf, style::field(focused), focused);
                }
            }
        }
    }

    fn render_read_back(&self, case: &Case, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let when = |t: Time| {
            let local = view.local(t);
            if local.date_naive() == view.local(view.now).date_naive() {
                local.format("%H:%M").to_string()
            } else {
                local.format("%m-%d %H:%M").to_string()
            }
        };
        let (name, unit) = self
            .customer
            .as_ref()
            .map(|c| (c.name.clone(), c.units.first().cloned().unwrap_or_default()))
            .unwrap_or_default();
        let d = &case.deadlines;
        let mut text = fill(
            Msg::ReadBack.text(lang),
            &[
                &name,
                &unit,
                kind_label(case.kind, lang),
                &case.category,
                &case.description,
                severity_label(case.severity, lang),
                &when(d.acknowledge),
                &when(d.dispatch),
                &when(d.respond),
                &when(d.resolve),
            ],
        );
        if let Some(p) = case.promised_at {
            text.push_str(&fill(Msg::ReadBackPromise.text(lang), &[&when(p)]));
        }
        if let Some(s) = case.subject {
            text.push_str(&fill(
                Msg::ReadBackSubject.text(lang),
                &[&view.staff_name(s)],
            ));
        }
        let [body, hint] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(Msg::ReadBackTitle.text(lang), style::title())),
            )
            .render(body, buf);
        Span::styled(view.hint(Section::Intake, READ_BACK_HINT), style::dim()).render(hint, buf);
    }

    fn render_saved(&self, case: &Case, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let mut lines = vec![Line::from(Span::styled(
            fill(Msg::SavedTicket.text(lang), &[&case.ticket.0]),
            style::ok(),
        ))];
        match case.dispatch_countdown(view.now) {
            Some(s) if s >= 0 => lines.push(Line::from(Span::styled(
                fill(Msg::DispatchWithin.text(lang), &[&clock_span(s)]),
                style::highlight(),
            ))),
            Some(s) => lines.push(Line::from(Span::styled(
                fill(Msg::DispatchLate.text(lang), &[&clock_span(s)]),
                style::overdue(),
            ))),
            None => {
                let to = match &case.handler {
                    Some(crate::domain::Handler::Department(d)) => d.clone(),
                    Some(crate::domain::Handler::Staff(uid)) => view.staff_name(*uid),
                    None => String::new(),
                };
                lines.push(Line::from(fill(Msg::DispatchedTo.text(lang), &[&to])));
            }
        }
        let [top, field, hint] = Layout::vertical([
            Constraint::Length(lines.len() as u16 + 2),
            Constraint::Length(3),
            Constraint::Min(1),
        ])
        .areas(area);
        Paragraph::new(lines)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(case.ticket.0.clone(), style::title())),
            )
            .render(top, buf);
        if case.dispatched_at.is_none() {
            let block = Block::default()
                .borders(Borders::ALL)
                .title(Msg::DispatchTo.text(lang));
            let inner = block.inner(field);
            block.render(field, buf);
            self.dispatch.render(inner, buf, style::field(true), true);
        }
        Span::styled(view.hint(Section::Intake, SAVED_HINT), style::dim())
            .render(Rect { height: 1, ..hint }, buf);
    }
}
