//! A deadline as the Cases pane and the digest show it: the clock's name, the time left or
//! past, and its colour.

use ratatui::style::Style;

use crate::domain::case::SlaClock;
use crate::domain::local_time::span;
use crate::domain::Time;
use crate::protocol::CaseSummary;
use crate::tui::i18n::{fill, Lang, Msg};
use crate::tui::panes::style;

pub fn clock_label(c: SlaClock, lang: Lang) -> &'static str {
    match c {
        SlaClock::Acknowledge => Msg::ClockAcknowledge,
        SlaClock::Dispatch => Msg::ClockDispatch,
        SlaClock::Respond => Msg::ClockRespond,
        SlaClock::Resolve => Msg::ClockResolve,
        SlaClock::Promised => Msg::ClockPromised,
        SlaClock::Investigate => Msg::ClockInvestigate,
    }
    .text(lang)
}

/// A listing row's clock: its nearest deadline, or "tell the plan" and how long ago the
/// clock ran out when it did with no reply since (R-LIFE-06, R-INT-06). The case view names
/// that clock; the row stays short enough for the column.
pub fn row_deadline(r: &CaseSummary, now: Time, lang: Lang) -> Option<(String, Style)> {
    if let Some((_, at)) = r.plan_owed {
        let late = fill(
            Msg::OverdueBy.text(lang),
            &[&span((now - at).num_seconds())],
        );
        let text = format!("{} · {late}", Msg::TellPlan.text(lang));
        return Some((text, style::overdue()));
    }
    r.nearest
        .map(|(clock, at)| deadline_text(clock, at, now, lang))
}

/// "resolve 2h05m left" / "dispatch 12m OVERDUE", and its colour: red past, yellow within
/// the hour, plain otherwise.
pub fn deadline_text(clock: SlaClock, at: Time, now: Time, lang: Lang) -> (String, Style) {
    let secs = (at - now).num_seconds();
    if secs < 0 {
        let t = fill(Msg::OverdueBy.text(lang), &[&span(-secs)]);
        (
            format!("{} {t}", clock_label(clock, lang)),
            style::overdue(),
        )
    } else {
        let t = fill(Msg::LeftLabel.text(lang), &[&span(secs)]);
        let st = if secs < 3600 {
            style::warn()
        } else {
            Style::new()
        };
        (format!("{} {t}", clock_label(clock, lang)), st)
    }
}
