//! The Paperwork pane's lists, one per tab: permits grouped by where they stand (overdue
//! first), slips, visitors, loans and fees, each row styled when selected. Drawn on the
//! pane's left; `draw.rs` arranges the pane around them.

use ratatui::style::Style;
use ratatui::text::Line;

use super::detail::{outcome_label, permit_detail, slip_detail};
use super::{queue_rank, PaperworkPane};
use crate::domain::permit::PermitQueue;
use crate::domain::release::Verdict;
use crate::domain::text::pad_to_width;
use crate::tui::command::Command;
use crate::tui::i18n::{fill, Lang, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{style, View};

fn queue_title(q: PermitQueue, lang: Lang) -> &'static str {
    match q {
        PermitQueue::AwaitingApproval => Msg::PaperAwaitingApproval.text(lang),
        PermitQueue::Overdue => Msg::PaperOverdue.text(lang),
        PermitQueue::Expiring => Msg::PaperExpiringWithinDays.text(lang),
        PermitQueue::AwaitingInspection => Msg::PaperAwaitingInspection.text(lang),
        PermitQueue::Refundable => Msg::PaperRefundable.text(lang),
        PermitQueue::AwaitingRefundPapers => Msg::PaperPassedChecklistOpen.text(lang),
        PermitQueue::InWorks => Msg::PaperInWorks.text(lang),
        PermitQueue::Closed => Msg::PaperClosed.text(lang),
    }
}

impl PaperworkPane {
    pub(super) fn row_style(&self, i: usize) -> Style {
        if i == self.selected {
            style::selected()
        } else {
            Style::new()
        }
    }

    pub(super) fn permit_lines(&self, today: chrono::NaiveDate, lang: Lang) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        let mut last = None;
        for (i, p) in self.sorted_permits(today).into_iter().enumerate() {
            let q = p.queue(today);
            if last != Some(queue_rank(q)) {
                let st = if q == PermitQueue::Overdue {
                    style::overdue()
                } else {
                    style::title()
                };
                lines.push(Line::styled(queue_title(q, lang), st));
                last = Some(queue_rank(q));
            }
            let until = p
                .valid_until()
                .map(|d| d.format("%m-%d").to_string())
                .unwrap_or_else(|| "-".into());
            lines.push(Line::styled(
                format!(
                    " {} {} {} {}",
                    p.no,
                    pad_to_width(&p.unit.to_string(), 10),
                    pad_to_width(&p.contractor.name, 14),
                    until
                ),
                self.row_style(i),
            ));
        }
        if lines.is_empty() {
            lines.push(Line::styled(
                Msg::PaperNoOpenDecorationPermits.text(lang),
                style::dim(),
            ));
        }
        lines
    }

    pub(super) fn permit_detail(
        &self,
        today: chrono::NaiveDate,
        view: &View<'_>,
    ) -> Vec<Line<'static>> {
        let lang = view.lang;
        let Some(p) = self.sorted_permits(today).get(self.selected).copied() else {
            return Vec::new();
        };
        permit_detail(p, today, view, lang)
    }

    pub(super) fn slip_lines(&self, view: &View<'_>) -> Vec<Line<'static>> {
        let lang = view.lang;
        if !self.gate_only {
            let mut lines = vec![Line::styled(
                Msg::PaperSlipsOutNotYetUsed.text(lang),
                style::title(),
            )];
            for (i, (s, v)) in self.slips.iter().enumerate() {
                let st = if *v == Verdict::Expired && i != self.selected {
                    style::overdue()
                } else {
                    self.row_style(i)
                };
                lines.push(Line::styled(
                    format!(
                        " {} {} {} {} {}",
                        s.no,
                        pad_to_width(&s.unit.to_string(), 10),
                        pad_to_width(v.as_str(), 8),
                        s.valid_until.format("%m-%d"),
                        s.items
                    ),
                    st,
                ));
            }
            if self.slips.is_empty() {
                lines.push(Line::styled(
                    Msg::PaperNoneNIssuesOneVerifies.with(
                        lang,
                        &[
                            &view.key(Section::Paperwork, Command::NewRecord),
                            &view.key(Section::Paperwork, Command::FocusSearch),
                        ],
                    ),
                    style::dim(),
                ));
            }
            return lines;
        }
        match &self.slip {
            None => vec![Line::styled(
                Msg::PaperTypeASlipNumberR
                    .with(lang, &[&view.key(Section::Paperwork, Command::Confirm)]),
                style::dim(),
            )],
            Some((s, v)) => slip_detail(s, *v, view),
        }
    }

    pub(super) fn visitor_lines(&self, view: &View<'_>) -> Vec<Line<'static>> {
        let mut lines = vec![Line::styled(
            Msg::PaperOnSiteNow.text(view.lang),
            style::title(),
        )];
        for (i, v) in self.visitors.iter().enumerate() {
            lines.push(Line::styled(
                format!(
                    " {} {} {} ×{} {} {} {}",
                    v.no,
                    pad_to_width(&v.host_unit.to_string(), 10),
                    pad_to_width(&v.name, 8),
                    v.party,
                    view.short_time(v.in_at),
                    v.plate,
                    v.reason
                ),
                self.row_style(i),
            ));
        }
        lines
    }

    pub(super) fn loan_lines(&self, view: &View<'_>) -> Vec<Line<'static>> {
        let lang = view.lang;
        let mut lines = vec![Line::styled(Msg::PaperSignedOut.text(lang), style::title())];
        for (i, l) in self.loans.iter().enumerate() {
            let st = if l.overdue(view.now) && i != self.selected {
                style::overdue()
            } else {
                self.row_style(i)
            };
            let late = if l.overdue(view.now) {
                Msg::PaperOverdue2.text(lang)
            } else {
                ""
            };
            lines.push(Line::styled(
                format!(
                    " {} {} → {} {}{late}",
                    l.no,
                    pad_to_width(&l.item, 14),
                    view.staff_name(l.borrower),
                    view.short_time(l.due)
                ),
                st,
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            Msg::PaperCoverHandOvers.text(lang),
            style::title(),
        ));
        for c in &self.covers {
            let hand_over = format!(
                " {} ⇢ {} {}–{} ",
                view.staff_name(c.leaving),
                view.staff_name(c.covering),
                view.short_time(c.from),
                view.local(c.until).format("%H:%M"),
            );
            // R-OPS-15: the OK is the supervisor's own; until then it is shown as awaited.
            lines.push(match c.confirmed_at {
                Some(_) => Line::raw(format!("{hand_over}✓{}", view.staff_name(c.approved_by))),
                None => Line::styled(
                    hand_over
                        + &fill(
                            Msg::PaperAwaitingOk.text(lang),
                            &[&view.staff_name(c.approved_by)],
                        ),
                    style::warn(),
                ),
            });
        }
        lines
    }

    /// The reminder list, building by building. An estate's list runs to thousands of
    /// units, so only a screenful around the selection is drawn, and each building's
    /// counts are taken in one pass.
    pub(super) fn fee_lines(&self, lang: Lang, rows: usize) -> Vec<Line<'static>> {
        let mut per_building: std::collections::BTreeMap<u32, (usize, usize)> = Default::default();
        for a in &self.arrears {
            let e = per_building.entry(a.unit.building).or_default();
            e.0 += 1;
            e.1 += usize::from(a.reminded());
        }
        let first = self.selected.saturating_sub(rows / 2);
        let mut lines = Vec::new();
        let mut building = None;
        for (i, a) in self.arrears.iter().enumerate().skip(first).take(rows) {
            if building != Some(a.unit.building) {
                building = Some(a.unit.building);
                let (units, done) = per_building
                    .get(&a.unit.building)
                    .copied()
                    .unwrap_or_default();
                lines.push(Line::styled(
                    format!(
                        "{} {} · {done}/{units} {}",
                        Msg::PaperBuilding.text(lang),
                        a.unit.building,
                        Msg::PaperRemindedThisMonth.text(lang)
                    ),
                    style::title(),
                ));
            }
            let last = a.reminders.last().map_or_else(
                || Msg::PaperNotReminded.text(lang).to_string(),
                |r| outcome_label(&r.outcome, lang),
            );
            lines.push(Line::styled(
                format!(
                    " {} {} {}",
                    pad_to_width(&a.unit.to_string(), 10),
                    pad_to_width(&a.total().to_string(), 12),
                    last
                ),
                self.row_style(i),
            ));
        }
        if lines.is_empty() {
            lines.push(Line::styled(
                Msg::PaperNoArrearsImported.text(lang),
                style::dim(),
            ));
        }
        lines
    }
}
