//! Drawing the Reports pane: a headline of key figures with their change, horizontal bars by
//! category, a sparkline of daily volume, one gauge per deadline clock (green at 90 % met,
//! yellow at 70 %, red below) and the per-staff table.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min, Percentage, Ratio};
use ratatui::layout::{Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Gauge, Paragraph, Row, Sparkline, Table, Widget,
};

use super::ReportsPane;
use crate::domain::report::{Change, PeriodKind, Report};
use crate::tui::command::Command;
use crate::tui::i18n::{fill, Lang, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{style, View};

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "–".into(), |p| format!("{p:.1}%"))
}

/// "24 (+5)" — the figure and its change from the previous period.
fn with_change(now: String, c: &Change) -> Span<'static> {
    Span::raw(match c.change {
        Some(d) if d > 0.0 => format!("{now} (+{d})"),
        Some(d) if d < 0.0 => format!("{now} ({d})"),
        _ => now,
    })
}

fn clock_msg(clock: &str) -> Msg {
    match clock {
        "acknowledge" => Msg::ClockAcknowledge,
        "dispatch" => Msg::ClockDispatch,
        "respond" => Msg::ClockRespond,
        "resolve" => Msg::ClockResolve,
        "investigate" => Msg::ClockInvestigate,
        _ => Msg::ClockPromised,
    }
}

fn kind_msg(kind: PeriodKind) -> Msg {
    match kind {
        PeriodKind::Day => Msg::ReportDay,
        PeriodKind::Month => Msg::ReportMonth,
        PeriodKind::Quarter => Msg::ReportQuarter,
    }
}

impl ReportsPane {
    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        if self.showing_survey {
            return self.render_survey(area, buf, view);
        }
        let [head, body, hint] = Layout::vertical([Length(3), Min(6), Length(1)]).areas(area);
        let keys = [
            Command::PrevPeriod,
            Command::NextPeriod,
            Command::ReportDay,
            Command::ReportMonth,
            Command::ReportQuarter,
            Command::WriteReport,
            Command::ToggleSurvey,
        ]
        .map(|c| format!("{} {}", view.key(Section::Reports, c), c.describe(lang)))
        .join("  ");
        Paragraph::new(Line::styled(keys, style::dim())).render(hint, buf);
        let Some(r) = &self.report else {
            let text = self
                .error
                .clone()
                .unwrap_or_else(|| Msg::ReportLoading.text(lang).to_string());
            Paragraph::new(Line::styled(text, style::error())).render(head, buf);
            return;
        };
        render_headline(r, head, buf, lang);
        let [charts, gauges, staff] =
            Layout::vertical([Percentage(40), Length(3), Min(4)]).areas(body);
        let [bars, spark] = Layout::horizontal([Percentage(45), Percentage(55)]).areas(charts);
        render_categories(r, bars, buf, view);
        render_daily(r, spark, buf, lang);
        render_gauges(r, gauges, buf, lang);
        render_staff(r, staff, buf, lang);
    }
}

fn render_headline(r: &Report, area: Rect, buf: &mut Buffer, lang: Lang) {
    let v = &r.volumes;
    let cb = &r.callbacks;
    let title = Line::from(vec![
        Span::styled(
            format!("{} {}", kind_msg(r.kind).text(lang), r.period),
            style::title(),
        ),
        Span::styled(
            format!(
                "  {} – {}  ·  {}",
                r.first_day,
                r.last_day,
                fill(
                    if r.trend.to_date {
                        Msg::ReportVersusToDate
                    } else {
                        Msg::ReportVersus
                    }
                    .text(lang),
                    &[&r.trend.previous]
                )
            ),
            style::dim(),
        ),
    ]);
    let figures = Line::from(vec![
        Span::styled(format!("{} ", Msg::ReportCases.text(lang)), style::label()),
        with_change(v.cases.to_string(), &r.trend.cases),
        Span::styled(
            format!("  {} ", Msg::ReportComplaints.text(lang)),
            style::label(),
        ),
        Span::raw(fill(
            Msg::ReportNewRepeat.text(lang),
            &[
                &v.complaints_new.to_string(),
                &v.complaints_repeat.to_string(),
            ],
        )),
        Span::styled(
            format!("  {} ", Msg::ReportCallbackRate.text(lang)),
            style::label(),
        ),
        with_change(
            pct(cb.callback_rate_percent),
            &r.trend.callback_rate_percent,
        ),
        Span::styled(
            format!("  {} ", Msg::ReportSatisfaction.text(lang)),
            style::label(),
        ),
        with_change(pct(cb.satisfaction_percent), &r.trend.satisfaction_percent),
    ]);
    let more = Line::from(vec![
        Span::styled(
            format!("{} ", Msg::ReportOnsiteSigned.text(lang)),
            style::label(),
        ),
        Span::raw(format!(
            "{} / {}",
            pct(cb.onsite_percent),
            pct(cb.signed_percent)
        )),
        Span::styled(
            format!("  {} ", Msg::ReportReopened.text(lang)),
            style::label(),
        ),
        Span::raw(cb.reopened.to_string()),
    ]);
    Paragraph::new(vec![title, figures, more]).render(area, buf);
}

/// Bars by list entry, under their labels; cases filed under words on no entry are counted
/// in the title until a supervisor maps them.
fn render_categories(r: &Report, area: Rect, buf: &mut Buffer, view: &View<'_>) {
    let lang = view.lang;
    let mut title = Msg::ReportByCategory.text(lang).to_string();
    if r.volumes.unmapped > 0 {
        title += &fill(
            Msg::ReportUnmapped.text(lang),
            &[&r.volumes.unmapped.to_string()],
        );
    }
    let block = Block::default().borders(Borders::ALL).title(title);
    let rows = area.height.saturating_sub(2) as usize;
    let bars: Vec<Bar> = r
        .volumes
        .by_category
        .iter()
        .take(rows.max(1))
        .map(|c| {
            Bar::default()
                .value(c.count)
                .label(Line::from(view.category(&c.key).to_string()))
                .text_value(c.count.to_string())
                .style(style::chart())
        })
        .collect();
    BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars))
        .render(area, buf);
}

fn render_daily(r: &Report, area: Rect, buf: &mut Buffer, lang: Lang) {
    // A quarter has more days than the box has columns: sum days into equal buckets.
    let width = area.width.saturating_sub(2).max(1) as usize;
    let per = r.daily.len().div_ceil(width).max(1);
    let data: Vec<u64> = r
        .daily
        .chunks(per)
        .map(|c| c.iter().map(|d| d.cases).sum())
        .collect();
    let peak = data.iter().copied().max().unwrap_or(0);
    let title = if per == 1 {
        fill(Msg::ReportDaily.text(lang), &[&peak.to_string()])
    } else {
        fill(
            Msg::ReportPerDays.text(lang),
            &[&per.to_string(), &peak.to_string()],
        )
    };
    Sparkline::default()
        .block(Block::default().borders(Borders::ALL).title(title))
        .data(&data)
        .style(style::ok())
        .render(area, buf);
}

fn render_gauges(r: &Report, area: Rect, buf: &mut Buffer, lang: Lang) {
    let n = r.deadlines.len().max(1) as u32;
    let cells = Layout::horizontal(vec![Ratio(1, n); n as usize]).split(area);
    for (d, cell) in r.deadlines.iter().zip(cells.iter()) {
        let ratio = d.met_percent.unwrap_or(0.0) / 100.0;
        let colour = style::score(
            d.met_percent.is_some_and(|p| p >= 90.0),
            d.met_percent.is_some_and(|p| p >= 70.0),
            d.met_percent.is_some(),
        );
        let label = format!("{} ({}/{})", pct(d.met_percent), d.met, d.met + d.missed);
        Gauge::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(clock_msg(&d.clock).text(lang)),
            )
            .gauge_style(colour)
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label)
            .render(*cell, buf);
    }
}

fn render_staff(r: &Report, area: Rect, buf: &mut Buffer, lang: Lang) {
    let header = Row::new(
        [
            Msg::ReportStaff,
            Msg::ReportReceived,
            Msg::ReportResolved,
            Msg::ReportOnTime,
            Msg::ReportSatisfaction,
        ]
        .map(|m| m.text(lang)),
    )
    .style(style::label());
    let rows = r.staff.iter().map(|s| {
        let who = if s.name.is_empty() {
            s.login.clone()
        } else {
            format!("{} ({})", s.name, s.login)
        };
        Row::new(vec![
            who,
            s.received.to_string(),
            s.resolved.to_string(),
            pct(s.on_time_percent),
            format!(
                "{} ({}/{})",
                pct(s.satisfaction_percent),
                s.satisfied,
                s.satisfied + s.unsatisfied
            ),
        ])
    });
    Table::new(
        rows,
        [Length(22), Length(10), Length(10), Length(10), Min(14)],
    )
    .header(header)
    .block(
        Block::default()
            .borders(Borders::ALL)
            .title(Msg::ReportStaffTitle.text(lang)),
    )
    .render(area, buf);
}
