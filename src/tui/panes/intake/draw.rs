//! Drawing the intake pane: the form with its errors on their fields, the read-back
//! paragraph, and the saved ticket with its dispatch countdown; hint lines from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::form::{Field, CHANNELS, FIELDS, KINDS, SEVERITIES};
use super::{IntakePane, Stage};
use crate::domain::{Case, Time};
use crate::protocol::CustomerSummary;
use crate::tui::command::Command;
use crate::tui::hints::HintItem;
use crate::tui::i18n::{channel_label, fill, kind_label, severity_label, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{clock_span, frame, style, View};

/// What each stage offers, shown from the active keymap.
const FORM_HINT: &[HintItem] = &[
    (&[Command::NextField, Command::PrevField], Msg::HintFields),
    (&[Command::PrevOption, Command::NextOption], Msg::HintChoose),
    (&[Command::Confirm], Msg::HintReadBack),
];
const PICK_HINT: &[HintItem] = &[
    (&[Command::SelectPrev, Command::SelectNext], Msg::HintPick),
    (&[Command::NextField], Msg::HintTake),
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

pub(super) fn customer_label(c: &CustomerSummary) -> String {
    format!(
        "{}  {}  ({})",
        c.name,
        c.units.first().map(String::as_str).unwrap_or(""),
        c.id
    )
}

impl IntakePane {
    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        match &self.stage {
            Stage::Edit => self.render_form(area, buf, view),
            Stage::ReadBack { case, .. } => self.render_read_back(case, area, buf, view),
            Stage::Saved { case } => self.render_saved(case, area, buf, view),
        }
    }

    pub(super) fn render_form(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let block = frame::titled(Msg::IntakeTitle.text(lang));
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
        if self.focus == Field::Category && self.category_taken.is_none() {
            let below = Rect::new(inner.x, y + 1, inner.width, hint.y.saturating_sub(y + 1));
            self.render_category_list(below, buf, view);
        }
        Span::styled(view.hint(Section::Intake, FORM_HINT), style::dim()).render(hint, buf);
    }

    /// The desk's list, filtered by what is typed, the highlighted row marked; each with
    /// the kind it usually is and the department it goes to.
    fn render_category_list(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        if area.height < 3 {
            return;
        }
        let lang = view.lang;
        let zh = lang == crate::tui::i18n::Lang::Zh;
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            format!(
                "{} · {}",
                Msg::CategoryListTitle.text(lang),
                view.hint(Section::Intake, PICK_HINT)
            ),
            style::label(),
        ));
        let rows = block.inner(area);
        block.render(area, buf);
        let matches = self.category_matches(view.categories);
        if matches.is_empty() {
            Span::styled(Msg::CategoryNoMatch.text(lang), style::error()).render(rows, buf);
            return;
        }
        let pick = self.category_pick.min(matches.len() - 1);
        let shown = rows.height as usize;
        let first = pick.saturating_sub(shown.saturating_sub(1));
        for (i, c) in matches.iter().enumerate().skip(first).take(shown) {
            let selected = i == pick;
            let line = Line::from(vec![
                Span::raw(if selected { "› " } else { "  " }),
                Span::styled(
                    crate::domain::text::pad_to_width(c.label(zh), 28),
                    if selected {
                        style::selected()
                    } else {
                        style::field(false)
                    },
                ),
                Span::styled(
                    format!("  {} → {}", kind_label(c.kind, lang), c.department),
                    style::dim(),
                ),
            ]);
            let y = rows.y + (i - first) as u16;
            line.render(Rect::new(rows.x, y, rows.width, 1), buf);
        }
    }

    pub(super) fn render_value(
        &self,
        f: Field,
        focused: bool,
        area: Rect,
        buf: &mut Buffer,
        view: &View<'_>,
    ) {
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
                    None if typed.is_empty() => Msg::ResidentHint
                        .with(lang, &[&view.key(Section::Intake, Command::NextField)]),
                    None => String::new(),
                };
                Span::styled(hint, style::dim()).render(rest, buf);
            }
            Field::Category if self.category.is_empty() && !focused => {
                Span::styled(Msg::CategoryHint.text(lang), style::dim()).render(area, buf);
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

    pub(super) fn render_read_back(
        &self,
        case: &Case,
        area: Rect,
        buf: &mut Buffer,
        view: &View<'_>,
    ) {
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
                view.category(&case.category),
                &case.description,
                severity_label(case.severity, lang),
                &when(d.acknowledge),
                // R-INT-07: only a kind the three-minute chain runs for says when.
                &d.dispatch
                    .map(|t| fill(Msg::ReadBackDispatch.text(lang), &[&when(t)]))
                    .unwrap_or_default(),
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
        let [body, hint] = Layout::vertical([Min(3), Length(1)]).areas(area);
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(frame::titled(Msg::ReadBackTitle.text(lang)))
            .render(body, buf);
        Span::styled(view.hint(Section::Intake, READ_BACK_HINT), style::dim()).render(hint, buf);
    }

    pub(super) fn render_saved(&self, case: &Case, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let mut lines = vec![Line::from(Span::styled(
            fill(Msg::SavedTicket.text(lang), &[&case.ticket.0]),
            style::ok(),
        ))];
        // R-LIFE-09: a repeat is said at once, so the operator can tell the resident it is
        // being looked at again.
        if let Some(earlier) = case.repeats() {
            lines.push(Line::from(Span::styled(
                Msg::EventRepeatOf.with(lang, &[&earlier.0]),
                style::overdue(),
            )));
        }
        // One event, many callers: what this case may join, or the incident it is part of.
        match case.incident() {
            Some(no) => lines.push(Line::from(Span::styled(
                Msg::LinkedTo.with(lang, &[&no.0]),
                style::highlight(),
            ))),
            None => {
                for offer in self.offers.iter().take(1) {
                    lines.push(Line::from(Span::styled(
                        super::link::offer_line(offer, view),
                        style::warn(),
                    )));
                }
            }
        }
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
        let [top, field, hint] =
            Layout::vertical([Length(lines.len() as u16 + 2), Length(3), Min(1)]).areas(area);
        Paragraph::new(lines)
            .block(frame::titled(case.ticket.0.clone()))
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
