//! One case drawn in full: who and what, its clocks, the steps the operator may take (the
//! others dimmed with the reason), the open step's form, and the timeline.

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::case_view::{screen_step, CaseDetail, StepForm, STEPS};
use super::clocks::{clock_label, deadline_text};
use crate::domain::case::CaseEvent;
use crate::domain::text::pad_to_width;
use crate::domain::{Case, Handler, Staff};
use crate::tui::command::Command;
use crate::tui::i18n::{fill, kind_label, status_label, Msg};
use crate::tui::keymap::Section;
use crate::tui::panes::{frame, style, View};

fn who(view: &View<'_>, h: &Handler) -> String {
    match h {
        Handler::Staff(uid) => view.staff_name(*uid),
        Handler::Department(d) => d.clone(),
    }
}

pub(super) fn render_case(
    d: &CaseDetail,
    area: Rect,
    buf: &mut Buffer,
    view: &View<'_>,
    me: Option<&Staff>,
) {
    let c = &d.case;
    let form_h = d.form.as_ref().map_or(0, |f| f.fields.len() as u16 + 3);
    let [top, steps, form, timeline] =
        Layout::vertical([Length(9), Length(9), Length(form_h), Min(3)]).areas(area);
    header(d, top, buf, view);
    step_keys(c, steps, buf, view, me);
    if let Some(f) = &d.form {
        step_form(f, form, buf, view);
    }
    timeline_of(d, timeline, buf, view);
    if let Some(p) = &d.picker {
        p.render(area, buf, view);
    }
}

/// The case's who, what and when: resident, kind and status, owner and handler, clocks.
fn header(d: &CaseDetail, top: Rect, buf: &mut Buffer, view: &View<'_>) {
    let lang = view.lang;
    let c = &d.case;
    let block = frame::titled(fill(Msg::CaseTitle.text(lang), &[&c.ticket.0]));
    let label = |m: Msg| Span::styled(format!("{}: ", m.text(lang)), style::label());
    let mut lines = Vec::new();
    if let Some(r) = &d.row {
        lines.push(Line::from(vec![
            label(Msg::ResidentLabel),
            Span::raw(format!("{}  {}  {}", r.customer_name, r.unit, r.phone)),
        ]));
    }
    lines.push(Line::from(vec![
        Span::raw(format!(
            "{} · {} · {}   ",
            c.severity.as_str().to_uppercase(),
            kind_label(c.kind, lang),
            view.category(&c.category)
        )),
        label(Msg::StatusLabel),
        Span::raw(status_label(c.status, lang)),
    ]));
    let assists: Vec<String> = c.assists.iter().map(|a| view.staff_name(*a)).collect();
    lines.push(Line::from(vec![
        label(Msg::OwnerLabel),
        Span::raw(format!("{}   ", view.staff_name(c.owner))),
        label(Msg::HandlerLabel),
        Span::raw(format!(
            "{}   ",
            c.handler
                .as_ref()
                .map(|h| who(view, h))
                .unwrap_or_else(|| "—".into())
        )),
        label(Msg::AssistsLabel),
        Span::raw(if assists.is_empty() {
            "—".into()
        } else {
            assists.join("、")
        }),
    ]));
    let mut clocks = vec![label(Msg::DeadlinesLabel)];
    let pending = c.pending_deadlines();
    if pending.is_empty() {
        clocks.push(Span::styled("—", style::dim()));
    }
    for (clock, at) in pending {
        let (t, st) = deadline_text(clock, at, view.now, lang);
        clocks.push(Span::styled(t, st));
        clocks.push(Span::raw("  "));
    }
    lines.push(Line::from(clocks));
    if let Some((clock, _)) = c.plan_owed(view.now) {
        lines.push(Line::from(Span::styled(
            fill(Msg::TellPlanLine.text(lang), &[clock_label(clock, lang)]),
            style::overdue(),
        )));
    }
    if let Some(p) = c.promised_at {
        lines.push(Line::from(vec![
            label(Msg::PromisedLabel),
            Span::raw(view.short_time(p)),
        ]));
    }
    if let Some(to) = c.escalated_to() {
        lines.push(Line::from(Span::styled(
            fill(Msg::EscalatedToLabel.text(lang), &[&view.staff_name(to)]),
            style::highlight(),
        )));
    }
    lines.push(Line::from(Span::raw(c.description.clone())));
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: true })
        .render(top, buf);
}

/// Every step with its key; those the operator may not take dimmed, with the reason.
fn step_keys(c: &Case, steps: Rect, buf: &mut Buffer, view: &View<'_>, me: Option<&Staff>) {
    let lang = view.lang;
    let block = frame::labelled(Msg::StepsLabel.text(lang));
    let inner = block.inner(steps);
    block.render(steps, buf);
    let mut allowed = Vec::new();
    let mut refused = Vec::new();
    for spec in &STEPS {
        let (step, cmd) = (spec.kind, spec.command);
        let key = view.key(Section::Case, cmd);
        let name = cmd.describe(lang);
        match me.map(|m| c.permits(step, m, view.step_rules)) {
            Some(Ok(())) => {
                allowed.push(Span::styled(format!("{key} ",), style::highlight()));
                allowed.push(Span::raw(format!("{name}  ")));
            }
            Some(Err(why)) => refused.push(format!(
                "{key} {name}: {}",
                crate::words::desk_error(lang, &why)
            )),
            None => refused.push(format!("{key} {name}")),
        }
    }
    let mut step_lines = vec![Line::from(allowed)];
    step_lines.extend(
        refused
            .into_iter()
            .map(|t| Line::from(Span::styled(t, style::dim()))),
    );
    Paragraph::new(step_lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// The open step's form: its fields and the refusal of the last try.
fn step_form(f: &StepForm, form: Rect, buf: &mut Buffer, view: &View<'_>) {
    let lang = view.lang;
    let block = frame::titled(
        screen_step(f.step)
            .map_or(Command::Noop, |s| s.command)
            .describe(lang),
    );
    let inner = block.inner(form);
    block.render(form, buf);
    for (i, (msg, field)) in f.fields.iter().enumerate() {
        let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
        field.render_labelled(msg.text(lang), 0, row, buf, i == f.focus);
    }
    if let Some(e) = &f.error {
        Span::styled(format!("✗ {e}"), style::error()).render(
            Rect::new(inner.x, inner.y + f.fields.len() as u16, inner.width, 1),
            buf,
        );
    }
}

/// The timeline, newest first, scrolled.
fn timeline_of(d: &CaseDetail, timeline: Rect, buf: &mut Buffer, view: &View<'_>) {
    let c = &d.case;
    let lang = view.lang;
    let block = frame::labelled(Msg::TimelineLabel.text(lang));
    // Read once per frame, not once per entry.
    let undone = c.undone_entries();
    let items: Vec<Line> = c
        .timeline
        .iter()
        .enumerate()
        .rev()
        .map(|(i, e)| {
            // An undone step stays on record, dimmed and marked.
            let undo = matches!(e.event, CaseEvent::Undone { .. });
            let (text, look) = match undone.contains(&i) && !undo {
                true => (
                    format!(
                        "{} {}",
                        event_text(c, &e.event, view),
                        Msg::UndoneMark.text(lang)
                    ),
                    style::dim(),
                ),
                false => (
                    event_text(c, &e.event, view),
                    ratatui::style::Style::default(),
                ),
            };
            Line::from(vec![
                Span::styled(format!("{} ", view.short_time(e.at)), style::dim()),
                Span::raw(format!("{} ", pad_to_width(&view.staff_name(e.by), 8))),
                Span::styled(text, look),
            ])
        })
        .collect();
    Paragraph::new(items)
        .block(block)
        .scroll((d.scroll, 0))
        .render(timeline, buf);
}

fn event_text(c: &crate::domain::Case, e: &CaseEvent, view: &View<'_>) -> String {
    let say = |m: Msg, args: &[&str]| m.with(view.lang, args);
    match e {
        CaseEvent::Registered => say(Msg::EventRegistered, &[]),
        CaseEvent::Dispatched(h) => say(Msg::EventDispatched, &[&who(view, h)]),
        CaseEvent::Started => say(Msg::EventStarted, &[]),
        CaseEvent::Note(t) => say(Msg::EventNote, &[t]),
        CaseEvent::AssistJoined => say(Msg::EventAssistJoined, &[]),
        CaseEvent::Replied(t) => say(Msg::EventReplied, &[t]),
        CaseEvent::Investigated(t) => say(Msg::EventInvestigated, &[t]),
        CaseEvent::PromiseChanged { promised, reason } => say(
            Msg::EventPromiseChanged,
            &[&view.short_time(*promised), reason],
        ),
        CaseEvent::Promised {
            promised,
            reason,
            agreed,
        } => say(
            if *agreed {
                Msg::EventPromiseAgreed
            } else {
                Msg::EventPromiseNotAgreed
            },
            &[&view.short_time(*promised), reason],
        ),
        CaseEvent::Escalated(r) => say(Msg::EventEscalated, &[r]),
        CaseEvent::EscalatedTo { to, reason } => {
            say(Msg::EventEscalatedTo, &[&view.staff_name(*to), reason])
        }
        CaseEvent::Reassigned { from, to, reason } => say(
            Msg::EventReassigned,
            &[&view.staff_name(*from), &view.staff_name(*to), reason],
        ),
        CaseEvent::Resolved(s) => say(Msg::EventResolved, &[s]),
        CaseEvent::ResolvedWith(r) => {
            say(Msg::EventResolvedWith, &[&r.summary, &r.cause, &r.action])
        }
        CaseEvent::CallbackScheduled(id) => say(Msg::EventCallbackScheduled, &[&id.to_string()]),
        CaseEvent::CallbackSatisfied => say(Msg::EventCallbackSatisfied, &[]),
        CaseEvent::ReopenedByCallback(w) => say(Msg::EventReopenedByCallback, &[w]),
        CaseEvent::CallbackGaveUp => say(Msg::EventCallbackGaveUp, &[]),
        CaseEvent::Closed => say(Msg::EventClosed, &[]),
        CaseEvent::Recategorized { from, to } => {
            say(Msg::EventRecategorized, &[from, view.category(to)])
        }
        CaseEvent::Taken { department } => say(Msg::EventTaken, &[department]),
        CaseEvent::SubjectNamed(s) => say(Msg::EventSubjectNamed, &[&view.staff_name(*s)]),
        CaseEvent::RepeatOf { earlier } => say(Msg::EventRepeatOf, &[&earlier.0]),
        CaseEvent::Linked { incident } => say(Msg::EventLinked, &[&incident.0]),
        CaseEvent::Undone {
            operation, from, ..
        } => say(
            Msg::EventUndone,
            &[
                &crate::tui::told::operation_words(operation, view.lang),
                &c.undone_at(*from)
                    .map_or_else(String::new, |t| view.short_time(t)),
            ],
        ),
    }
}
