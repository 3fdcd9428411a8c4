//! Drawing the schedule: the day's visits by staff member, the visit form and the report
//! field, and the hint line from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::{SchedulePane, VisitForm, KINDS, ROWS};
use crate::domain::text::pad_to_width;
use crate::domain::visit::VisitStatus;
use crate::protocol::VisitRow;
use crate::tui::command::Command;
use crate::tui::hints::HintItem;
use crate::tui::i18n::{fill, visit_kind_label, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{frame, style, View};

/// What the day view offers, shown from the active keymap.
const DAY_HINT: &[HintItem] = &[
    (&[Command::PrevDay, Command::NextDay], Msg::HintDay),
    (&[Command::Today], Msg::HintToday),
    (&[Command::NewVisit], Msg::HintBookNew),
    (&[Command::MarkDone], Msg::HintDone),
    (&[Command::MoveVisit], Msg::HintMoveVisit),
    (&[Command::CancelVisit], Msg::HintCancelVisit),
];
const FORM_HINT: &[HintItem] = &[
    (&[Command::NextField], Msg::HintFields),
    (&[Command::Confirm], Msg::HintSave),
    (&[Command::Back], Msg::HintCancel),
];

impl SchedulePane {
    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let day = self.day(view.local(view.now).date_naive());
        let form_h = if self.form.is_some() { 9 } else { 0 };
        let report_h = if self.report.is_some() { 3 } else { 0 };
        let [agenda, form, report, hint] =
            Layout::vertical([Min(3), Length(form_h), Length(report_h), Length(1)]).areas(area);
        // The weekday in the screen's words: `Mon` / `周一`.
        let weekday = Msg::Weekdays
            .text(lang)
            .split(' ')
            .nth(chrono::Datelike::weekday(&day).num_days_from_monday() as usize)
            .unwrap_or_default();
        let title = fill(
            Msg::ScheduleTitle.text(lang),
            &[&format!("{} {weekday}", day.format("%Y-%m-%d"))],
        );
        let ordered = self.ordered();
        let mut lines: Vec<Line> = Vec::new();
        let mut staff: Vec<&crate::domain::Staff> =
            view.staff.iter().filter(|s| s.active).collect();
        staff.sort_by_key(|s| s.uid);
        for s in staff {
            let theirs: Vec<(usize, &&VisitRow)> = ordered
                .iter()
                .enumerate()
                .filter(|(_, r)| r.visit.staff == s.uid)
                .collect();
            let name = pad_to_width(&s.name, 12);
            if theirs.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled(name.clone(), style::label()),
                    Span::styled(Msg::NoVisits.text(lang), style::dim()),
                ]));
            }
            for (n, (i, row)) in theirs.iter().enumerate() {
                let v = &row.visit;
                let who = if n == 0 { name.clone() } else { " ".repeat(12) };
                let done = v.status != VisitStatus::Scheduled;
                let said = match v.status {
                    VisitStatus::Done => Msg::VisitDone,
                    _ => Msg::VisitCancelledTag,
                };
                let row = format!(
                    "{}–{}  {} {} {}  {}{}",
                    view.local(v.start).format("%H:%M"),
                    view.local(v.end).format("%H:%M"),
                    pad_to_width(visit_kind_label(v.kind, lang), 16),
                    pad_to_width(&v.unit.to_string(), 10),
                    pad_to_width(&row.customer_name, 10),
                    v.purpose,
                    if done {
                        format!("  [{}] {}", said.text(lang), v.report)
                    } else {
                        String::new()
                    }
                );
                let st = if *i == self.selected {
                    style::selected()
                } else if done {
                    style::dim()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(who, style::label()),
                    Span::styled(row, st),
                ]));
            }
        }
        Paragraph::new(lines)
            .block(frame::titled(title))
            .render(agenda, buf);
        if let Some(f) = &self.form {
            render_form(f, form, buf, view);
        }
        if let Some((act, r)) = &self.report {
            let block = Block::default()
                .borders(Borders::ALL)
                .title(act.label().text(lang));
            let inner = block.inner(report);
            block.render(report, buf);
            r.render(inner, buf, style::field(true), true);
        }
        let hint_items = if self.form.is_some() {
            FORM_HINT
        } else {
            DAY_HINT
        };
        Span::styled(view.hint(Section::Schedule, hint_items), style::dim()).render(hint, buf);
    }
}

fn render_form(f: &VisitForm, area: Rect, buf: &mut Buffer, view: &View<'_>) {
    let lang = view.lang;
    let title = format!(
        "{} — {} {} {}",
        Msg::VisitFormTitle.text(lang),
        f.customer.name,
        f.customer.units.first().map(String::as_str).unwrap_or(""),
        f.ticket.as_ref().map_or("", |t| t.0.as_str())
    );
    let block = frame::titled(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let labels = [
        Msg::FieldStaff,
        Msg::FieldVisitKind,
        Msg::FieldStart,
        Msg::FieldMinutes,
        Msg::FieldPurpose,
    ];
    for (row, label) in labels.iter().enumerate() {
        let y = inner.y + row as u16;
        if y >= inner.bottom() {
            break;
        }
        let focused = row == f.row;
        let ls = if focused {
            style::title()
        } else {
            style::label()
        };
        Span::styled(
            format!("{}{}", if focused { "› " } else { "  " }, label.text(lang)),
            ls,
        )
        .render(Rect::new(inner.x, y, 24.min(inner.width), 1), buf);
        let value = Rect::new(inner.x + 24, y, inner.width.saturating_sub(24), 1);
        match row {
            0 => f.staff.render(value, buf, style::field(focused), focused),
            1 => Span::styled(
                format!("◀ {} ▶", visit_kind_label(KINDS[f.kind], lang)),
                style::field(focused),
            )
            .render(value, buf),
            2 => f.start.render(value, buf, style::field(focused), focused),
            3 => f.minutes.render(value, buf, style::field(focused), focused),
            _ => f.purpose.render(value, buf, style::field(focused), focused),
        }
    }
    if let Some(e) = &f.error {
        let y = inner.y + ROWS as u16;
        if y < inner.bottom() {
            Paragraph::new(Span::styled(format!("✗ {e}"), style::error()))
                .render(Rect::new(inner.x, y, inner.width, inner.bottom() - y), buf);
        }
    }
}
