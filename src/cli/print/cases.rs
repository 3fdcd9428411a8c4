//! Printing cases: one case with its deadlines and timeline, and case listings with each
//! row's nearest clock and a note on stderr when rows were left off.

use super::{Names, Printer};
use crate::domain::case::{CaseEvent, SlaClock, TimelineEntry};
use crate::domain::local_time::span;
use crate::domain::text::pad_to_width;
use crate::domain::{Case, Time};
use crate::protocol::{CasePage, CaseSummary};

impl Printer {
    pub fn case(&self, case: &Case) -> anyhow::Result<()> {
        json_or_text!(self, case);
        Ok(print_case(&self.n, case)?)
    }

    /// A case listing; when rows were left off, a note on stderr says how to go on (the
    /// rows on stdout, text or JSON, stay exactly the rows).
    pub fn cases(&self, page: &CasePage) -> anyhow::Result<()> {
        self.case_rows(&page.rows)?;
        if let (true, Some(last)) = (page.more, page.rows.last()) {
            eprintln!(
                "note: more cases than shown; list the next page with --after {}",
                last.ticket
            );
        }
        Ok(())
    }

    pub(super) fn case_rows(&self, rows: &[CaseSummary]) -> anyhow::Result<()> {
        json_or_text!(self, rows);
        let n = &self.n;
        let now = chrono::Utc::now();
        for r in rows {
            let next = match (r.plan_owed, r.nearest) {
                // R-LIFE-06, R-INT-06: a clock run out with no reply since is named first.
                (Some((clock, at)), _) => format!(
                    "  TELL THE RESIDENT THE PLAN ({} {} OVERDUE)",
                    clock_name(clock),
                    span((now - at).num_seconds())
                ),
                (None, Some((clock, at))) if at < now => {
                    format!(
                        "  {} {} OVERDUE",
                        clock_name(clock),
                        span((now - at).num_seconds())
                    )
                }
                (None, Some((clock, at))) => {
                    format!(
                        "  {} in {}",
                        clock_name(clock),
                        span((at - now).num_seconds())
                    )
                }
                (None, None) => String::new(),
            };
            let escalated = r
                .escalated_to
                .map(|u| format!("  escalated to {}", n.who(u)))
                .unwrap_or_default();
            // Across the hotline's estates a ticket is its estate's: `XS02/T2612-0001`.
            let ticket = match &r.estate {
                Some(code) => format!("{code}/{}", r.ticket),
                None => r.ticket.clone(),
            };
            p!(
                "{}  {}  {} {:<10} {:<10} {:<13} {} {} owner {}{}{}",
                ticket,
                n.time(r.registered_at),
                r.severity.as_str().to_uppercase(),
                r.kind.as_str(),
                r.category,
                r.status.as_str(),
                pad_to_width(&r.customer_name, 12),
                pad_to_width(&r.unit, 10),
                r.owner_name,
                next,
                escalated
            );
        }
        Ok(())
    }
}

fn print_case(n: &Names, c: &Case) -> std::io::Result<()> {
    p!(
        "{}  {}  {} {} ({})  via {}",
        c.ticket,
        c.status.as_str(),
        c.severity.as_str().to_uppercase(),
        c.kind,
        c.category,
        c.channel
    );
    p!(
        "  customer {}   received by {}   owner {}",
        c.key.customer,
        n.who(c.received_by),
        n.who(c.owner)
    );
    if let Some(h) = &c.handler {
        p!("  handler {}", n.handler(h));
    }
    if let Some(s) = c.subject {
        p!("  about staff member {}", n.who(s));
    }
    p!("  {}", c.description);
    if let Some(to) = c.escalated_to() {
        p!("  escalated to {}, waiting on them", n.who(to));
    }
    let optional = |label: &str, at: Option<Time>| {
        at.map(|t| format!("  {label} {}", n.time(t)))
            .unwrap_or_default()
    };
    p!(
        "  acknowledge by {}{}  respond by {}{}  resolve by {}{}",
        n.time(c.deadlines.acknowledge),
        optional("dispatch by", c.deadlines.dispatch),
        n.time(c.deadlines.respond),
        optional("investigate by", c.deadlines.investigate),
        n.time(c.deadlines.resolve),
        optional("promised", c.promised_at)
    );
    for TimelineEntry { at, by, event } in &c.timeline {
        let what = match event {
            CaseEvent::Registered => "registered".to_string(),
            CaseEvent::Dispatched(h) => format!("dispatched to {}", n.handler(h)),
            CaseEvent::Started => "started work".into(),
            CaseEvent::Note(t) => format!("note: {t}"),
            CaseEvent::AssistJoined => "joined as assist".into(),
            CaseEvent::Replied(t) => format!("replied: {t}"),
            CaseEvent::Investigated(t) => format!("investigated: {t}"),
            CaseEvent::PromiseChanged { promised, reason } => {
                format!("promised {} ({reason})", n.time(*promised))
            }
            CaseEvent::Promised {
                promised,
                reason,
                agreed,
            } => format!(
                "promised {} ({reason}), the resident {}",
                n.time(*promised),
                if *agreed { "agreed" } else { "did NOT agree" }
            ),
            CaseEvent::Escalated(r) => format!("escalated: {r}"),
            CaseEvent::Reassigned { from, to, reason } => {
                format!("reassigned {} → {}: {reason}", n.who(*from), n.who(*to))
            }
            CaseEvent::Resolved(s) => format!("resolved: {s}"),
            CaseEvent::CallbackScheduled(id) => format!("callback {id} scheduled"),
            CaseEvent::CallbackSatisfied => "callback: satisfied".into(),
            CaseEvent::ReopenedByCallback(why) => format!("reopened by callback: {why}"),
            CaseEvent::CallbackGaveUp => "callback: unreachable, gave up".into(),
            CaseEvent::Closed => "closed".into(),
            CaseEvent::Taken { department } => format!("took it for {department}"),
            CaseEvent::Recategorized { from, to } => format!("category {from} → {to}"),
            CaseEvent::RepeatOf { earlier } => {
                format!("repeat of {earlier}: same category within the repeat window")
            }
            CaseEvent::SubjectNamed(who) => format!("named {} as the subject", n.who(*who)),
            CaseEvent::Linked { incident } => format!("linked to incident {incident}"),
            CaseEvent::Undone {
                operation, from, ..
            } => match c.undone_at(*from) {
                Some(t) => format!("undid {operation} of {}", n.time(t)),
                None => format!("undid {operation}"),
            },
            CaseEvent::EscalatedTo { to, reason } => {
                format!("escalated to {}: {reason}", n.who(*to))
            }
            CaseEvent::ResolvedWith(r) => {
                let mut s = format!("resolved: {}", r.summary);
                if !r.cause.is_empty() {
                    s += &format!(" · cause: {}", r.cause);
                }
                if !r.action.is_empty() {
                    s += &format!(" · action: {}", r.action);
                }
                s
            }
        };
        p!("    {}  {:<8} {}", n.time(*at), n.who(*by), what);
    }
    Ok(())
}

/// A clock's name on the deadline board.
pub fn clock_name(clock: SlaClock) -> &'static str {
    match clock {
        SlaClock::Acknowledge => "acknowledge",
        SlaClock::Dispatch => "dispatch",
        SlaClock::Respond => "respond",
        SlaClock::Resolve => "resolve",
        SlaClock::Promised => "promised",
        SlaClock::Investigate => "investigate",
    }
}
