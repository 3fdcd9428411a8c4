//! Drawing the survey view: where the round stands (collecting with working days left, past
//! its deadline, or closed), gauges for coverage and valid return against the 95 % targets
//! (green when met), the working-day deadlines, each topic's average as a bar, and the cases
//! low scores opened.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min, Percentage};
use ratatui::layout::{Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Gauge, Paragraph, Widget, Wrap};

use super::ReportsPane;
use crate::domain::survey::{SurveyStatus, Topic, TARGET_PERCENT};
use crate::tui::command::Command;
use crate::tui::i18n::{fill, Lang, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{style, View};

fn gauge(title: String, part: u32, whole: u32, percent: Option<f64>, area: Rect, buf: &mut Buffer) {
    let colour = style::score(
        percent.is_some_and(|p| p >= TARGET_PERCENT),
        percent.is_some_and(|p| p >= TARGET_PERCENT - 15.0),
        percent.is_some(),
    );
    let label = percent.map_or_else(|| "–".to_string(), |p| format!("{p:.1}%"));
    let ratio = if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    };
    Gauge::default()
        .block(Block::default().borders(Borders::ALL).title(title))
        .gauge_style(colour)
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label)
        .render(area, buf);
}

fn state(s: &SurveyStatus, lang: Lang) -> String {
    match s.closed_on {
        Some(d) => fill(Msg::SurveyClosed.text(lang), &[&d.to_string()]),
        None if s.collect_overdue => Msg::SurveyOverdue.text(lang).to_string(),
        None => fill(
            Msg::SurveyCollecting.text(lang),
            &[&s.collect_days_left.to_string()],
        ),
    }
}

impl ReportsPane {
    pub(super) fn render_survey(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let [head, gauges, dates, topics, cases, hint] = Layout::vertical([
            Length(1),
            Length(3),
            Length(2),
            Length(9),
            Min(2),
            Length(1),
        ])
        .areas(area);
        let key = view.key(Section::Reports, Command::ToggleSurvey);
        let hint_text = format!("{key} {}", Command::ToggleSurvey.describe(lang));
        Paragraph::new(Line::styled(hint_text, style::dim())).render(hint, buf);
        let Some(s) = &self.survey else {
            // No round yet (or none may be shown): say so in the screen's language, with the
            // daemon's own words beneath.
            let daemon = self.error.clone().unwrap_or_default();
            Paragraph::new(vec![
                Line::styled(Msg::SurveyNone.text(lang), style::title()),
                Line::styled(daemon, style::dim()),
            ])
            .render(gauges, buf);
            return;
        };
        let title = format!(
            "{}  ·  {}",
            fill(Msg::SurveyTitle.text(lang), &[&s.round]),
            state(s, lang)
        );
        let title_style = if s.collect_overdue {
            style::overdue()
        } else {
            style::title()
        };
        Paragraph::new(Line::styled(title, title_style)).render(head, buf);
        let [coverage, returned] =
            Layout::horizontal([Percentage(50), Percentage(50)]).areas(gauges);
        let n = |x: u32| x.to_string();
        gauge(
            fill(
                Msg::SurveyCoverage.text(lang),
                &[&n(s.issued), &n(s.occupied)],
            ),
            s.issued,
            s.occupied,
            s.coverage_percent,
            coverage,
            buf,
        );
        gauge(
            fill(Msg::SurveyReturn.text(lang), &[&n(s.valid), &n(s.issued)]),
            s.valid,
            s.issued,
            s.return_percent,
            returned,
            buf,
        );
        let d = |x: chrono::NaiveDate| x.to_string();
        Paragraph::new(fill(
            Msg::SurveyDates.text(lang),
            &[
                &d(s.issue_date),
                &d(s.collect_by),
                &d(s.stats_due),
                &d(s.report_due),
            ],
        ))
        .style(style::dim())
        .wrap(Wrap { trim: true })
        .render(dates, buf);
        let bars: Vec<Bar> = Topic::ALL
            .iter()
            .zip(&s.topics)
            .map(|(t, score)| {
                let name = match lang {
                    Lang::En => t.as_str(),
                    Lang::Zh => t.zh(),
                };
                let avg = score.average.unwrap_or(0.0);
                let colour = if avg > 0.0 && avg < 3.0 {
                    style::error()
                } else {
                    style::chart()
                };
                Bar::default()
                    .value((avg * 10.0).round() as u64)
                    .label(Line::from(name.to_string()))
                    .text_value(
                        score
                            .average
                            .map_or_else(|| "–".into(), |a| format!("{a:.1}")),
                    )
                    .style(colour)
            })
            .collect();
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Msg::SurveyTopics.text(lang)),
            )
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .max(50)
            .data(BarGroup::default().bars(&bars))
            .render(topics, buf);
        if !s.cases.is_empty() {
            Paragraph::new(fill(Msg::SurveyCases.text(lang), &[&s.cases.join(", ")]))
                .wrap(Wrap { trim: true })
                .render(cases, buf);
        }
    }
}
