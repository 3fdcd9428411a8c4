//! Drawing the Paperwork pane: the lists' tab row with counts, the shown list on the left
//! (permits grouped by where they stand), the selected record or the open form on the
//! right, and the keys for what can be done. A slip's verdict is drawn large and coloured,
//! as the guard reads it from a step away.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min, Percentage};
use ratatui::layout::{Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::detail::{fee_detail, loan_detail, render_form, slip_detail, visitor_detail};
use super::{PaperworkPane, Tab};
use crate::tui::command::Command;
use crate::tui::i18n::{Lang, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{style, View};

fn tab_title(tab: Tab, lang: Lang) -> &'static str {
    match tab {
        Tab::Permits => Msg::PaperPermits.text(lang),
        Tab::Slips => Msg::PaperReleaseSlips.text(lang),
        Tab::Visitors => Msg::PaperVisitors.text(lang),
        Tab::Loans => Msg::PaperKeysRadios.text(lang),
        Tab::Fees => Msg::PaperFees.text(lang),
    }
}

/// A transition's name in the hint line: short, so a tab's keys fit two lines.
fn short_label(c: Command, lang: Lang) -> &'static str {
    match c {
        Command::NewRecord => Msg::PaperNew.text(lang),
        Command::PermitApprove => Msg::PaperApprove.text(lang),
        Command::PermitReject => Msg::PaperReject.text(lang),
        Command::PermitWithdraw => Msg::PaperWithdrawn.text(lang),
        Command::PermitExtend => Msg::PaperExtend.text(lang),
        Command::PermitFinish => Msg::PaperFinished.text(lang),
        Command::InspectPass => Msg::PaperInspect.text(lang),
        Command::InspectFail => Msg::PaperInspect2.text(lang),
        Command::SignBack => Msg::PaperReturned.text(lang),
        Command::PermitOccupied => Msg::PaperMovedIn.text(lang),
        Command::NeighbourSigned => Msg::PaperNeighbour.text(lang),
        Command::PapersBack => Msg::PaperPapers.text(lang),
        Command::FileComplete => Msg::PaperFileOk.text(lang),
        Command::RefundDeposit => Msg::PaperRefund.text(lang),
        Command::PrintPage => Msg::PaperPrint.text(lang),
        Command::LetOut => Msg::PaperOut2.text(lang),
        Command::VoidSlip => Msg::PaperVoid2.text(lang),
        Command::SignCover => Msg::PaperCover.text(lang),
        Command::OkCover => Msg::PaperOkCover.text(lang),
        Command::LogReminder => Msg::PaperRemind.text(lang),
        c => c.describe(lang),
    }
}

impl PaperworkPane {
    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let [tabs, body, hint] = Layout::vertical([Length(1), Min(4), Length(2)]).areas(area);
        self.render_tabs(tabs, buf, view);
        let split = if self.form.is_some() { 42 } else { 56 };
        let [left, right] =
            Layout::horizontal([Percentage(split), Percentage(100 - split)]).areas(body);
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
                    Tab::Slips if self.gate_only => gate_steps(view),
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
            let t = Msg::PaperGateReleaseSlips.text(lang);
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
                Tab::Loans => &[
                    Command::NewRecord,
                    Command::SignBack,
                    Command::SignCover,
                    Command::OkCover,
                ],
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
                    Command::Confirm if self.form.is_some() => Msg::PaperSave.text(lang),
                    Command::Confirm => Msg::PaperNextSlip.text(lang),
                    Command::FocusSearch => Msg::PaperVerifyANumber.text(lang),
                    Command::NextField => Msg::PaperNextField.text(lang),
                    Command::Back => Msg::PaperCancel.text(lang),
                    c => short_label(*c, lang),
                };
                format!("{} {label}", view.key(section, *c))
            })
            .collect::<Vec<_>>()
            .join("  ")
    }
}

/// What the guard does, step by step, beside the verdict.
fn gate_steps(view: &View<'_>) -> Vec<Line<'static>> {
    let key = |c: Command| view.key(Section::Paperwork, c);
    let lang = view.lang;
    [
        Msg::GateTypeTheSlipNumberEnter.with(lang, &[&key(Command::Confirm)]),
        Msg::GateValidGreenCheckTheUnit.text(lang).to_string(),
        Msg::GateOTheGateEnterThe.with(lang, &[&key(Command::LetOut), &key(Command::Confirm)]),
        Msg::GateUsedExpiredOrVoidRed.text(lang).to_string(),
    ]
    .into_iter()
    .map(Line::raw)
    .collect()
}
