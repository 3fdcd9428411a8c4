//! The shift-start digest page: shown over Lookup once per operator per day, it lists my
//! cases past or near a deadline, my callbacks due today, my visits today and what others
//! changed on my cases since my screen last closed. It never stands between a resident and
//! the search: Enter jumps to the item, Esc goes to Lookup, and any letter typed goes straight
//! into the Lookup search with that letter.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::domain::{ChangeSubject, Ticket};
use crate::protocol::Digest;
use crate::tui::command::Command;
use crate::tui::i18n::{fill, Msg};
use crate::tui::keymap::{Key, KeyName, Keymap, Section};
use crate::tui::panes::cases::draw::row_deadline;
use crate::tui::panes::{cursor, frame, style, View};

/// Where Enter on a digest row goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jump {
    Case(Ticket),
    Callbacks,
    Schedule,
}

#[derive(Debug)]
pub struct DigestPage {
    pub digest: Digest,
    pub selected: usize,
}

impl DigestPage {
    pub fn new(digest: Digest) -> DigestPage {
        DigestPage {
            digest,
            selected: 0,
        }
    }

    /// Every row's destination, in the order drawn.
    pub fn jumps(&self) -> Vec<Jump> {
        let d = &self.digest;
        let mut out: Vec<Jump> = d
            .cases
            .iter()
            .map(|c| Jump::Case(Ticket(c.ticket.clone())))
            .collect();
        out.extend(d.callbacks.iter().map(|_| Jump::Callbacks));
        out.extend(d.visits.iter().map(|_| Jump::Schedule));
        out.extend(
            d.findings
                .iter()
                .flatten()
                .map(|r| Jump::Case(Ticket(r.case.ticket.clone()))),
        );
        out.extend(d.changes.iter().map(|ch| match &ch.subject {
            ChangeSubject::Case { ticket, .. } => Jump::Case(ticket.clone()),
            _ => Jump::Callbacks,
        }));
        out
    }

    pub fn select_next(&mut self) {
        self.selected = cursor::next(self.selected, self.jumps().len());
    }

    pub fn select_prev(&mut self) {
        self.selected = cursor::prev(self.selected);
    }

    pub fn chosen(&self) -> Option<Jump> {
        self.jumps().into_iter().nth(self.selected)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let d = &self.digest;
        Clear.render(area, buf);
        let mut lines: Vec<Line> = Vec::new();
        let mut row = 0usize;
        let mut item = |spans: Vec<Span<'static>>, lines: &mut Vec<Line>| {
            let mark = if row == self.selected { "› " } else { "  " };
            let mut all = vec![Span::raw(mark)];
            all.extend(spans);
            let line = Line::from(all);
            lines.push(if row == self.selected {
                line.style(style::selected())
            } else {
                line
            });
            row += 1;
        };
        let heading = |m: Msg, n: usize, lines: &mut Vec<Line>| {
            lines.push(Line::from(Span::styled(
                format!("{} ({n})", m.text(lang)),
                style::title(),
            )));
        };
        for (title, items) in self.sections(view) {
            heading(title, items.len(), &mut lines);
            for spans in items {
                item(spans, &mut lines);
            }
        }
        if d.more_changes > 0 {
            lines.push(Line::from(Span::styled(
                fill(Msg::DigestMore.text(lang), &[&d.more_changes.to_string()]),
                style::dim(),
            )));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            Msg::DigestHint.with(
                lang,
                &[
                    &crate::tui::hints::key_label(Key::plain(KeyName::Enter)),
                    &view.key(Section::Global, Command::Back),
                ],
            ),
            style::dim(),
        )));
        Paragraph::new(lines)
            .block(frame::titled(Msg::DigestTitle.text(lang)))
            .render(area, buf);
    }
}

type Items = Vec<Vec<Span<'static>>>;

impl DigestPage {
    /// The page's sections, each a title and its rows, in the order `jumps` lists them.
    fn sections(&self, view: &View<'_>) -> Vec<(Msg, Items)> {
        let d = &self.digest;
        let mut out = vec![
            (
                Msg::DigestCases,
                d.cases.iter().map(|c| case_item(c, view)).collect(),
            ),
            (
                Msg::DigestCallbacks,
                d.callbacks
                    .iter()
                    .map(|cb| callback_item(cb, view))
                    .collect(),
            ),
            (
                Msg::DigestVisits,
                d.visits.iter().map(|v| visit_item(v, view)).collect(),
            ),
        ];
        // R-INT-17: a supervisor reads what today's investigations found.
        if let Some(findings) = &d.findings {
            let rows = findings.iter().map(|r| {
                vec![
                    Span::styled(format!("{} ", view.short_time(r.at)), style::dim()),
                    Span::raw(format!(
                        "{}  {}  {}: {}",
                        r.case.ticket,
                        r.case.customer_name,
                        view.staff_name(r.by),
                        r.finding
                    )),
                ]
            });
            out.push((Msg::DigestFindings, rows.collect()));
        }
        let changes = d.changes.iter().map(|ch| {
            vec![
                Span::styled(format!("{} ", view.short_time(ch.at)), style::dim()),
                Span::raw(super::told::told(
                    ch,
                    view.staff,
                    view.categories,
                    view.lang,
                )),
            ]
        });
        out.push((Msg::DigestChanges, changes.collect()));
        out
    }
}

fn case_item(c: &crate::protocol::CaseSummary, view: &View<'_>) -> Vec<Span<'static>> {
    let (due, st) =
        row_deadline(c, view.now, view.lang).unwrap_or_else(|| (String::new(), Style::new()));
    vec![
        Span::raw(format!(
            "{}  {}  {}  ",
            c.ticket,
            c.customer_name,
            view.category(&c.category)
        )),
        Span::styled(due, st),
    ]
}

fn callback_item(cb: &crate::protocol::CallbackRow, view: &View<'_>) -> Vec<Span<'static>> {
    let st = if cb.overdue {
        style::overdue()
    } else {
        Style::new()
    };
    vec![Span::styled(
        format!(
            "{}  {}  {}  {}",
            cb.callback.id,
            view.short_time(cb.callback.due),
            cb.customer_name,
            cb.phones.first().cloned().unwrap_or_default()
        ),
        st,
    )]
}

fn visit_item(v: &crate::protocol::VisitRow, view: &View<'_>) -> Vec<Span<'static>> {
    let text = format!(
        "{}  {}  {}  {}",
        v.visit.id,
        view.short_time(v.visit.start),
        v.customer_name,
        v.visit.purpose
    );
    if v.visit.missed(view.now) {
        vec![
            Span::styled(
                format!("{} ", Msg::VisitMissed.text(view.lang)),
                style::overdue(),
            ),
            Span::raw(text),
        ]
    } else {
        vec![Span::raw(text)]
    }
}

/// What a key on the digest asks of the app.
pub enum DigestAction {
    /// Moved within the page, or nothing.
    Stay,
    /// Close it and show Lookup with this key typed into the search.
    Search(Key),
    /// Close it and go to the chosen place (Lookup when none).
    Leave(Option<Jump>),
    /// Close it and run a global command: a tab key (F6 for Cases), the palette, help.
    Run(Command),
    Quit,
}

impl DigestPage {
    /// A key on the digest: move, jump, leave for Lookup, or start a search with the letter.
    pub fn key(&mut self, key: Key, keymap: &Keymap) -> DigestAction {
        let typed =
            matches!(key.code, KeyName::Char(c) if !c.is_control()) && !key.ctrl && !key.alt;
        match keymap.lookup(Section::Global, key) {
            _ if typed => DigestAction::Search(key),
            Some(Command::SelectNext) => {
                self.select_next();
                DigestAction::Stay
            }
            Some(Command::SelectPrev) => {
                self.select_prev();
                DigestAction::Stay
            }
            Some(Command::Back) => DigestAction::Leave(None),
            Some(Command::Quit) => DigestAction::Quit,
            _ if key == Key::plain(KeyName::Enter) => DigestAction::Leave(self.chosen()),
            Some(Command::Noop) | None => DigestAction::Stay,
            Some(other) => DigestAction::Run(other),
        }
    }
}
