//! The Paperwork pane's right side: the selected permit with its extensions, inspections
//! and refund checklist; a slip's verdict, drawn large and coloured for the guard; and the
//! open form, its labels aligned and its error under it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::forms::Form;
use crate::domain::fees::{ReminderOutcome, UnitArrears};
use crate::domain::loan::Loan;
use crate::domain::permit::{Permit, PermitState, RefundItem};
use crate::domain::release::{ReleaseSlip, SlipState, Verdict};
use crate::domain::text::pad_to_width;
use crate::domain::visitor::Visitor;
use crate::tui::i18n::{term_of, Lang, Msg};
use crate::tui::panes::{style, View};

/// A permit's state as the screen names it.
pub fn state_label(s: &PermitState, lang: Lang) -> &'static str {
    term_of(lang, "permit-state", s.as_str())
}

/// An R-OPS-10 checklist item as the screen names it.
fn item_label(item: RefundItem, lang: Lang) -> &'static str {
    term_of(lang, "refund-item", item.id())
}

pub fn permit_detail(
    p: &Permit,
    today: chrono::NaiveDate,
    view: &View<'_>,
    lang: Lang,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            format!("{}  {}  {}", p.no, p.unit, state_label(&p.state, lang)),
            style::title(),
        ),
        Line::raw(p.works.clone()),
        Line::raw(format!(
            "{} · {} {}",
            p.contractor.name, p.contractor.supervisor_name, p.contractor.supervisor_phone
        )),
    ];
    if let Some(i) = &p.issued {
        lines.push(Line::raw(format!(
            "{} {} → {} · {} {}",
            Msg::PaperWorks.text(lang),
            i.approval.valid_from,
            p.valid_until().unwrap_or(i.approval.valid_until),
            Msg::PaperDeposit.text(lang),
            i.approval.deposit
        )));
    }
    for e in &p.extensions {
        lines.push(Line::styled(e.stamp(), style::highlight()));
    }
    let workers = crate::domain::permit::Worker::listing(&p.workers, " ✓");
    lines.push(Line::raw(format!(
        "{} {}",
        Msg::PaperWorkers.text(lang),
        workers
    )));
    match p.missing_doc() {
        Some(d) => lines.push(Line::styled(
            format!(
                "{} {}",
                Msg::PaperFileLacks.text(lang),
                term_of(lang, "doc", d.as_str())
            ),
            style::error(),
        )),
        None => lines.push(Line::styled(
            Msg::PaperFileEveryDocument.text(lang),
            style::ok(),
        )),
    }
    if p.waterproof_touched {
        lines.push(Line::raw(
            Msg::PaperWaterproofLayerTouchedUndertakingSigned.text(lang),
        ));
    }
    for i in &p.inspections {
        let (mark, st) = if i.passed {
            ("✓", style::ok())
        } else {
            ("✗", style::error())
        };
        lines.push(Line::styled(
            format!(
                "{mark} {} {} {}",
                Msg::PaperInspection.text(lang),
                view.short_time(i.at),
                i.note
            ),
            st,
        ));
    }
    if matches!(
        p.state,
        crate::domain::permit::PermitState::Passed
            | crate::domain::permit::PermitState::Issued
            | crate::domain::permit::PermitState::AwaitingInspection
    ) {
        lines.push(Line::styled(
            Msg::PaperRefundChecklist.text(lang),
            style::label(),
        ));
        for (item, why) in p.checklist(today) {
            let label = item_label(item, lang);
            match why {
                None => lines.push(Line::styled(format!(" ✓ {label}"), style::ok())),
                Some(why) => lines.push(Line::styled(
                    format!(" ✗ {}", crate::words::refusal(lang, &why)),
                    style::dim(),
                )),
            }
        }
    }
    lines
}

pub fn slip_detail(s: &ReleaseSlip, v: Verdict, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    // Three rows of colour: read from a step away.
    let big = format!("   {}   {}   ", v.as_str(), s.no);
    let pad = " ".repeat(unicode_width::UnicodeWidthStr::width(big.as_str()));
    let shout = style::verdict(v == Verdict::Valid);
    let mut lines = vec![
        Line::styled(pad.clone(), shout),
        Line::styled(big, shout),
        Line::styled(pad, shout),
        Line::raw(""),
    ];
    let scope = match s.scope {
        crate::domain::release::Scope::Full => Msg::PaperFullMoveOut.text(lang),
        crate::domain::release::Scope::Partial => Msg::PaperPartial.text(lang),
    };
    lines.push(Line::raw(format!(
        "{} {}   {scope}",
        Msg::PaperUnit.text(lang),
        s.unit
    )));
    lines.push(Line::raw(format!(
        "{} {}",
        Msg::PaperItems.text(lang),
        s.items
    )));
    lines.push(Line::raw(format!(
        "{} {} → {}",
        Msg::PaperValid.text(lang),
        s.valid_from,
        s.valid_until
    )));
    if !s.id_number.is_empty() {
        lines.push(Line::raw(format!(
            "{} {}",
            Msg::PaperIdNumber.text(lang),
            crate::domain::release::masked_id(&s.id_number)
        )));
    }
    if let Some(w) = &s.waiver {
        lines.push(Line::styled(
            format!(
                "{} {} ({}) {}: {}",
                Msg::PaperLetOutOwing.text(lang),
                w.owed,
                w.periods,
                view.staff_name(w.by),
                w.reason
            ),
            style::warn(),
        ));
    }
    match &s.state {
        SlipState::Used { guard, gate, at } => lines.push(Line::styled(
            format!(
                "{} {gate} {} {}",
                Msg::PaperReleasedAt.text(lang),
                view.staff_name(*guard),
                view.short_time(*at)
            ),
            style::error(),
        )),
        SlipState::Void { reason, .. } => lines.push(Line::styled(
            format!("{} {reason}", Msg::PaperVoid.text(lang)),
            style::error(),
        )),
        SlipState::Issued => {}
    }
    lines
}

pub fn render_form(form: &Form, area: Rect, buf: &mut Buffer, lang: Lang) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(form.title(lang));
    let inner = block.inner(area);
    block.render(area, buf);
    let label_cols = form
        .inputs
        .iter()
        .map(|i| unicode_width::UnicodeWidthStr::width(i.label.text(lang)) as u16 + 2)
        .max()
        .unwrap_or(10)
        .min(inner.width * 3 / 5);
    for (n, input) in form.inputs.iter().enumerate() {
        let y = inner.y + n as u16;
        if y >= inner.bottom() {
            break;
        }
        let row = Rect::new(inner.x, y, inner.width, 1);
        input.value.render_labelled(
            input.label.text(lang),
            label_cols,
            row,
            buf,
            n == form.focus,
        );
    }
    if let Some(e) = &form.error {
        let y = inner.y + form.inputs.len() as u16 + 1;
        if y < inner.bottom() {
            Paragraph::new(Line::styled(e.clone(), style::error()))
                .wrap(Wrap { trim: false })
                .render(Rect::new(inner.x, y, inner.width, inner.bottom() - y), buf);
        }
    }
}

/// A reminder's outcome as the screen names it.
pub fn outcome_label(o: &ReminderOutcome, lang: Lang) -> String {
    match o {
        ReminderOutcome::Promised(d) => Msg::ReminderPromised.with(lang, &[&d.to_string()]),
        ReminderOutcome::Paid => Msg::ReminderPaid.text(lang).into(),
        ReminderOutcome::Refused => Msg::ReminderRefused.text(lang).into(),
        ReminderOutcome::Unreachable => Msg::ReminderUnreachable.text(lang).into(),
    }
}

/// A unit in arrears: its items, the total in figures and 大写, this month's reminders.
pub fn fee_detail(a: &UnitArrears, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    let mut lines = vec![Line::styled(a.unit.to_string(), style::title())];
    for item in &a.items {
        let kind = term_of(lang, "fee-kind", item.kind.as_str());
        lines.push(Line::raw(format!(
            " {} {} {}",
            pad_to_width(kind, 12),
            pad_to_width(&item.period.to_string(), 18),
            item.amount
        )));
    }
    let total = a.total();
    lines.push(Line::styled(
        format!("{} {total}", Msg::PaperTotal.text(lang)),
        style::highlight(),
    ));
    lines.push(Line::raw(format!(
        "{}{}",
        Msg::PaperInWords.text(lang),
        total.capital()
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        Msg::PaperRemindersThisMonth.text(lang),
        style::label(),
    ));
    if a.reminders.is_empty() {
        lines.push(Line::styled(Msg::PaperNoneYet.text(lang), style::overdue()));
    }
    for r in &a.reminders {
        lines.push(Line::raw(format!(
            " {} {} {} {}",
            view.short_time(r.at),
            term_of(lang, "fee-way", r.way.as_str()),
            view.staff_name(r.by),
            outcome_label(&r.outcome, lang)
        )));
    }
    lines
}

pub fn visitor_detail(v: &Visitor, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    let field = |label: Msg, value: String| Line::raw(format!("{} {value}", label.text(lang)));
    vec![
        Line::styled(format!("{}  {}", v.no, v.name), style::title()),
        field(Msg::VisitorHostUnit, v.host_unit.to_string()),
        field(Msg::VisitorPhone, v.phone.clone()),
        field(Msg::VisitorParty, v.party.to_string()),
        field(Msg::VisitorPlate, v.plate.clone()),
        field(Msg::VisitorReason, v.reason.clone()),
        field(Msg::VisitorCard, v.card.clone()),
        field(Msg::VisitorIn, view.short_time(v.in_at)),
    ]
}

pub fn loan_detail(l: &Loan, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    let mut lines = vec![
        Line::styled(format!("{}  {}", l.no, l.item), style::title()),
        Line::raw(format!(
            "{} {}  {} {}",
            Msg::PaperTo.text(lang),
            view.staff_name(l.borrower),
            Msg::PaperLentBy.text(lang),
            view.staff_name(l.lent_by)
        )),
        Line::raw(format!(
            "{} {} → {}",
            Msg::PaperOut.text(lang),
            view.short_time(l.out_at),
            view.short_time(l.due)
        )),
        Line::raw(format!(
            "{} {}",
            Msg::PaperCondition.text(lang),
            l.condition_out
        )),
    ];
    if l.overdue(view.now) {
        lines.push(Line::styled(Msg::PaperOverdue.text(lang), style::overdue()));
    }
    lines
}
