//! Drawing the Paperwork pane: the lists' tab row with counts, the shown list on the left
//! (permits grouped by where they stand), the selected record or the open form on the
//! right, and the keys for what can be done. A slip's verdict is drawn large and coloured,
//! as the guard reads it from a step away.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::detail::{fee_detail, loan_detail, render_form, slip_detail, visitor_detail};
use super::{PaperworkPane, Tab};
use crate::tui::command::Command;
use crate::tui::i18n::{pick, Lang};
use crate::tui::keymap::Section;
use crate::tui::panes::{style, View};

fn tab_title(tab: Tab, lang: Lang) -> &'static str {
    match tab {
        Tab::Permits => pick(lang, "Permits", "装修"),
        Tab::Slips => pick(lang, "Release slips", "放行条"),
        Tab::Visitors => pick(lang, "Visitors", "访客"),
        Tab::Loans => pick(lang, "Keys & radios", "借用"),
        Tab::Fees => pick(lang, "Fees", "催缴"),
    }
}

/// A transition's name in the hint line: short, so a tab's keys fit two lines.
fn short_label(c: Command, lang: Lang) -> &'static str {
    match c {
        Command::NewRecord => pick(lang, "new", "新建"),
        Command::PermitApprove => pick(lang, "approve", "批准"),
        Command::PermitReject => pick(lang, "reject", "驳回"),
        Command::PermitWithdraw => pick(lang, "withdrawn", "撤回"),
        Command::PermitExtend => pick(lang, "extend", "延期"),
        Command::PermitFinish => pick(lang, "finished", "完工"),
        Command::InspectPass => pick(lang, "inspect ✓", "验收✓"),
        Command::InspectFail => pick(lang, "inspect ✗", "验收✗"),
        Command::SignBack => pick(lang, "returned", "归还"),
        Command::PermitOccupied => pick(lang, "moved in", "入住"),
        Command::NeighbourSigned => pick(lang, "neighbour", "邻居签字"),
        Command::PapersBack => pick(lang, "papers", "交回原件"),
        Command::FileComplete => pick(lang, "file ok", "资料齐"),
        Command::RefundDeposit => pick(lang, "refund", "退押"),
        Command::PrintPage => pick(lang, "print", "打印"),
        Command::LetOut => pick(lang, "out", "放行/离开"),
        Command::VoidSlip => pick(lang, "void", "作废"),
        Command::SignCover => pick(lang, "cover", "替岗"),
        Command::LogReminder => pick(lang, "remind", "催缴"),
        c => c.describe(lang),
    }
}

impl PaperworkPane {
    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let [tabs, body, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(2),
        ])
        .areas(area);
        self.render_tabs(tabs, buf, view);
        let split = if self.form.is_some() { 42 } else { 56 };
        let [left, right] = Layout::horizontal([
            Constraint::Percentage(split),
            Constraint::Percentage(100 - split),
        ])
        .areas(body);
        let today = view.now.with_timezone(&view.offset).date_naive();
        let lines = match self.tab {
            Tab::Permits => self.permit_lines(today, lang),
            Tab::Slips => self.slip_lines(view),
            Tab::Visitors => self.visitor_lines(view),
            Tab::Loans => self.loan_lines(view),
            Tab::Fees => self.fee_lines(lang, usize::from(left.height.saturating_sub(2))),
        };
        let title = tab_title(self.tab, lang);
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(title))
            .render(left, buf);
        match &self.form {
            Some(form) => render_form(form, right, buf, lang),
            None => {
                let detail = match self.tab {
                    Tab::Permits => self.permit_detail(today, view),
                    Tab::Slips if self.gate_only => gate_steps(lang),
                    Tab::Slips => self
                        .current_slip()
                        .map(|(s, v)| slip_detail(s, *v, view))
                        .unwrap_or_default(),
                    Tab::Fees => self
                        .arrears
                        .get(self.selected)
                        .map(|a| fee_detail(a, view))
                        .unwrap_or_default(),
                    Tab::Visitors => self
                        .visitors
                        .get(self.selected)
                        .map(|v| visitor_detail(v, view))
                        .unwrap_or_default(),
                    Tab::Loans => self
                        .loans
                        .get(self.selected)
                        .map(|l| loan_detail(l, view))
                        .unwrap_or_default(),
                };
                let mut detail = detail;
                if let Some(e) = &self.error {
                    detail.insert(0, Line::styled(e.clone(), style::error()));
                }
                Paragraph::new(detail)
                    .wrap(Wrap { trim: false })
                    .block(Block::default().borders(Borders::ALL))
                    .render(right, buf);
            }
        }
        Paragraph::new(Line::styled(self.hints(view), style::dim()))
            .wrap(Wrap { trim: true })
            .render(hint, buf);
    }

    fn render_tabs(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        if self.gate_only {
            let t = pick(lang, " Gate: release slips", " 门岗：物品放行核验");
            Paragraph::new(Line::styled(t, style::title())).render(area, buf);
            return;
        }
        let keys = [
            Command::PaperPermits,
            Command::PaperSlips,
            Command::PaperVisitors,
            Command::PaperLoans,
            Command::PaperFees,
        ];
        let counts = [
            Some(self.permits.len()),
            None,
            Some(self.visitors.len()),
            Some(self.loans.len()),
            Some(self.arrears.len()),
        ];
        let mut spans = Vec::new();
        for ((tab, cmd), count) in Tab::ALL.iter().zip(keys).zip(counts) {
            let label = match count {
                Some(n) if self.tab == *tab || n > 0 => format!(
                    " {} {} ({n}) ",
                    view.key(Section::Paperwork, cmd),
                    tab_title(*tab, lang)
                ),
                _ => format!(
                    " {} {} ",
                    view.key(Section::Paperwork, cmd),
                    tab_title(*tab, lang)
                ),
            };
            let st = if self.tab == *tab {
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::new()
            };
            spans.push(Span::styled(label, st));
            spans.push(Span::raw("│"));
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }

    fn hints(&self, view: &View<'_>) -> String {
        let cmds: &[Command] = if self.form.is_some() {
            &[Command::Confirm, Command::NextField, Command::Back]
        } else {
            match self.tab {
                _ if self.gate_only => &[Command::Confirm, Command::LetOut, Command::PrintPage],
                Tab::Permits => &[
                    Command::NewRecord,
                    Command::PermitApprove,
                    Command::PermitReject,
                    Command::PermitWithdraw,
                    Command::PermitExtend,
                    Command::PermitFinish,
                    Command::InspectPass,
                    Command::InspectFail,
                    Command::SignBack,
                    Command::PermitOccupied,
                    Command::NeighbourSigned,
                    Command::PapersBack,
                    Command::FileComplete,
                    Command::RefundDeposit,
                    Command::PrintPage,
                ],
                Tab::Slips => &[
                    Command::NewRecord,
                    Command::FocusSearch,
                    Command::LetOut,
                    Command::VoidSlip,
                    Command::PrintPage,
                ],
                Tab::Visitors => &[Command::NewRecord, Command::LetOut],
                Tab::Loans => &[Command::NewRecord, Command::SignBack, Command::SignCover],
                Tab::Fees => &[Command::LogReminder, Command::PrintPage],
            }
        };
        let lang = view.lang;
        cmds.iter()
            .map(|c| {
                let section = if matches!(c, Command::Back) {
                    Section::Global
                } else {
                    Section::Paperwork
                };
                let label = match c {
                    Command::Confirm if self.form.is_some() => pick(lang, "save", "提交"),
                    Command::Confirm => pick(lang, "next slip", "核验下一张"),
                    Command::FocusSearch => pick(lang, "verify a number", "核验单号"),
                    Command::NextField => pick(lang, "next field", "下一项"),
                    Command::Back => pick(lang, "cancel", "取消"),
                    c => short_label(*c, lang),
                };
                format!("{} {label}", view.key(section, *c))
            })
            .collect::<Vec<_>>()
            .join("  ")
    }
}

/// What the guard does, step by step, beside the verdict.
fn gate_steps(lang: Lang) -> Vec<Line<'static>> {
    let steps: [(&str, &str); 4] = [
        (
            "1. Type the slip number, Enter.",
            "1. 输入放行条号，按回车。",
        ),
        (
            "2. VALID (green): check the unit and the items against the goods.",
            "2. 绿色 VALID：核对房号与物品。",
        ),
        (
            "3. o, the gate, Enter: the goods go out (once).",
            "3. 按 o，输入门岗，回车：放行（仅一次）。",
        ),
        (
            "USED, EXPIRED or VOID (red): do not let the goods out; send the resident to the desk.",
            "红色 USED / EXPIRED / VOID：不得放行，请住户到服务中心办理。",
        ),
    ];
    steps
        .iter()
        .map(|(en, zh)| Line::raw(pick(lang, en, zh)))
        .collect()
}
