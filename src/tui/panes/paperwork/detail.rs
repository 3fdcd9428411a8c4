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
use crate::tui::i18n::{pick, Lang};
use crate::tui::panes::{style, View};

/// A permit's state as the screen names it.
pub fn state_label(s: &PermitState, lang: Lang) -> &'static str {
    let zh = match s {
        PermitState::Applied => "待审批",
        PermitState::Rejected { .. } => "已驳回",
        PermitState::Issued => "施工中",
        PermitState::AwaitingInspection => "待验收",
        PermitState::Passed => "已验收",
        PermitState::Refunded { .. } => "已退押金",
        PermitState::Withdrawn { .. } => "已撤回",
    };
    pick(lang, s.as_str(), zh)
}

/// An R-OPS-10 checklist item as the screen names it.
fn item_label(item: RefundItem, lang: Lang) -> &'static str {
    let zh = match item {
        RefundItem::InspectionPassed => "竣工验收合格",
        RefundItem::Occupancy => "入住满三个月",
        RefundItem::NeighbourSignature => "楼下邻居签字",
        RefundItem::PermitAndReceipt => "交回许可证原件及押金收据",
        RefundItem::PassesReturned => "施工人员出入证全部交回",
        RefundItem::FileComplete => "装修资料齐全",
    };
    pick(lang, item.label(), zh)
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
            pick(lang, "works", "施工"),
            i.approval.valid_from,
            p.valid_until().unwrap_or(i.approval.valid_until),
            pick(lang, "deposit", "押金"),
            i.approval.deposit
        )));
    }
    for e in &p.extensions {
        lines.push(Line::styled(e.stamp(), style::highlight()));
    }
    let workers: Vec<String> = p
        .workers
        .iter()
        .map(|w| {
            format!(
                "{} {}{}",
                w.name,
                w.pass,
                if w.returned { " ✓" } else { "" }
            )
        })
        .collect();
    lines.push(Line::raw(format!(
        "{} {}",
        pick(lang, "Workers", "施工人员"),
        workers.join(", ")
    )));
    match p.missing_doc() {
        Some(d) => lines.push(Line::styled(
            format!("{} {}", pick(lang, "file lacks", "缺资料"), d.label_zh()),
            style::error(),
        )),
        None => lines.push(Line::styled(
            pick(lang, "File: every document", "资料：齐全"),
            style::ok(),
        )),
    }
    if p.waterproof_touched {
        lines.push(Line::raw(pick(
            lang,
            "Waterproof layer touched: undertaking signed",
            "涉及防水层：业主已签承诺书",
        )));
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
                pick(lang, "inspection", "验收"),
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
            pick(lang, "Refund checklist", "退押金核对"),
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
        crate::domain::release::Scope::Full => pick(lang, "full move-out", "全部搬出"),
        crate::domain::release::Scope::Partial => pick(lang, "partial", "部分搬出"),
    };
    lines.push(Line::raw(format!(
        "{} {}   {scope}",
        pick(lang, "Unit", "房号"),
        s.unit
    )));
    lines.push(Line::raw(format!(
        "{} {}",
        pick(lang, "Items", "物品"),
        s.items
    )));
    lines.push(Line::raw(format!(
        "{} {} → {}",
        pick(lang, "Valid", "有效期"),
        s.valid_from,
        s.valid_until
    )));
    match &s.state {
        SlipState::Used { guard, gate, at } => lines.push(Line::styled(
            format!(
                "{} {gate} {} {}",
                pick(lang, "Released at", "已放行"),
                view.staff_name(*guard),
                view.short_time(*at)
            ),
            style::error(),
        )),
        SlipState::Void { reason, .. } => lines.push(Line::styled(
            format!("{} {reason}", pick(lang, "Void:", "已作废：")),
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
        .map(|i| unicode_width::UnicodeWidthStr::width(pick(lang, i.en, i.zh)) as u16 + 2)
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
            pick(lang, input.en, input.zh),
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
    match (o, lang) {
        (ReminderOutcome::Promised(d), Lang::Zh) => format!("承诺 {d} 前缴"),
        (ReminderOutcome::Paid, Lang::Zh) => "已缴".into(),
        (ReminderOutcome::Refused, Lang::Zh) => "拒缴".into(),
        (ReminderOutcome::Unreachable, Lang::Zh) => "未联系上".into(),
        (o, Lang::En) => o.to_string(),
    }
}

/// A unit in arrears: its items, the total in figures and 大写, this month's reminders.
pub fn fee_detail(a: &UnitArrears, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    let mut lines = vec![Line::styled(a.unit.to_string(), style::title())];
    for item in &a.items {
        let kind = pick(lang, item.kind.as_str(), item.kind.label_zh());
        lines.push(Line::raw(format!(
            " {} {} {}",
            pad_to_width(kind, 12),
            pad_to_width(&item.period.to_string(), 18),
            item.amount
        )));
    }
    let total = a.total();
    lines.push(Line::styled(
        format!("{} {total}", pick(lang, "Total", "合计")),
        style::highlight(),
    ));
    lines.push(Line::raw(format!(
        "{}{}",
        pick(lang, "In words: ", "大写："),
        total.capital()
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        pick(lang, "Reminders this month", "本月催缴"),
        style::label(),
    ));
    if a.reminders.is_empty() {
        lines.push(Line::styled(
            pick(lang, " none yet", " 尚未催缴"),
            style::overdue(),
        ));
    }
    for r in &a.reminders {
        lines.push(Line::raw(format!(
            " {} {} {} {}",
            view.short_time(r.at),
            r.way.as_str(),
            view.staff_name(r.by),
            outcome_label(&r.outcome, lang)
        )));
    }
    lines
}

pub fn visitor_detail(v: &Visitor, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    let field = |en: &'static str, zh: &'static str, value: String| {
        Line::raw(format!("{} {value}", pick(lang, en, zh)))
    };
    vec![
        Line::styled(format!("{}  {}", v.no, v.name), style::title()),
        field("Host unit", "被访房号", v.host_unit.to_string()),
        field("Phone", "电话", v.phone.clone()),
        field("Party", "人数", v.party.to_string()),
        field("Plate", "车牌", v.plate.clone()),
        field("Reason", "事由", v.reason.clone()),
        field("Card", "访客卡", v.card.clone()),
        field("In", "到访", view.short_time(v.in_at)),
    ]
}

pub fn loan_detail(l: &Loan, view: &View<'_>) -> Vec<Line<'static>> {
    let lang = view.lang;
    let mut lines = vec![
        Line::styled(format!("{}  {}", l.no, l.item), style::title()),
        Line::raw(format!(
            "{} {}  {} {}",
            pick(lang, "To", "借用人"),
            view.staff_name(l.borrower),
            pick(lang, "lent by", "经手"),
            view.staff_name(l.lent_by)
        )),
        Line::raw(format!(
            "{} {} → {}",
            pick(lang, "Out", "借出"),
            view.short_time(l.out_at),
            view.short_time(l.due)
        )),
        Line::raw(format!(
            "{} {}",
            pick(lang, "Condition", "状况"),
            l.condition_out
        )),
    ];
    if l.overdue(view.now) {
        lines.push(Line::styled(
            pick(lang, "OVERDUE", "已超期"),
            style::overdue(),
        ));
    }
    lines
}
