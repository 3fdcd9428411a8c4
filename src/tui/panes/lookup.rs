//! Lookup: the search box, ranked results with matched characters highlighted, and the
//! resident's card. Searching happens in the daemon's index; every keystroke marks the query
//! dirty and the event loop sends one search after it has drained all typed keys, so a fast
//! typist never waits on a search for a prefix they have already typed past.

use crate::protocol::req;
use crate::tui::panes::{cursor, frame};
use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Length, Min};
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState, Widget};

use super::card::CardView;
use super::card_edit::EditForm;
use super::duplicates::DuplicatesPage;
use super::to_verify::ToVerifyPage;
use super::unit::UnitPage;
use super::{style, Cx, Handoff, Outcome, View};
use crate::client::Calls;
use crate::protocol::{CustomerCard, CustomerSummary, Match};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::{tier_label, Msg};
use crate::tui::keymap::Key;

pub const RESULT_LIMIT: u32 = 50;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Typing in the search box.
    #[default]
    Search,
    /// Moving through results (single-letter keys are commands here).
    Results,
    Card,
    /// A dwelling's view (typed unit + Enter, or `u` on a card).
    Unit,
    /// Records to verify (R-REC-07).
    ToVerify,
    /// Likely duplicates, to merge (supervisors).
    Duplicates,
}

#[derive(Debug, Default)]
pub struct LookupPane {
    pub query: TextField,
    pub results: Vec<Match>,
    pub selected: usize,
    pub mode: Mode,
    pub card: Option<CardView>,
    /// The query changed since the last search.
    pub dirty: bool,
    pub searched: Option<String>,
    /// The card's edit form, when open (`e`).
    pub edit: Option<EditForm>,
    /// The unit view, when open, and the mode to go back to.
    pub unit: Option<(UnitPage, Mode)>,
    /// The "to verify" list, kept while a card opened from it is shown.
    pub to_verify: Option<ToVerifyPage>,
    pub duplicates: Option<DuplicatesPage>,
    table: TableState,
}

impl LookupPane {
    pub fn text_focus(&self) -> bool {
        self.mode == Mode::Search
            || self.edit.is_some()
            || (self.mode == Mode::Duplicates
                && self.duplicates.as_ref().is_some_and(|d| d.reason.is_some()))
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        if let Some(form) = &mut self.edit {
            return form.type_key(key);
        }
        if self.mode == Mode::Duplicates {
            return self.duplicates.as_mut().is_some_and(|d| d.type_key(key));
        }
        let edited = self.query.edit(key);
        if edited {
            self.dirty = true;
        }
        edited
    }

    /// Sends the search if the query changed.
    pub fn settle(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if !self.dirty {
            return Outcome::Nothing;
        }
        self.dirty = false;
        let q = self.query.text();
        if q.trim().is_empty() {
            self.results.clear();
            self.searched = None;
            return Outcome::Nothing;
        }
        match cx.link.send(req::CustomerFind {
            query: q.to_string(),
            limit: RESULT_LIMIT,
        }) {
            Ok(m) => {
                self.results = m;
                self.selected = 0;
                self.searched = Some(q);
                Outcome::Nothing
            }
            Err(e) => {
                // Search again when the link is back.
                self.dirty = matches!(e, crate::tui::link::LinkError::Offline);
                Outcome::from_error(e)
            }
        }
    }

    pub fn selected_customer(&self) -> Option<CustomerSummary> {
        if let Some(card) = &self.card {
            if self.mode == Mode::Card {
                return Some(CustomerSummary::from(&card.card.customer));
            }
        }
        self.results.get(self.selected).map(|m| m.customer.clone())
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        if let Some(o) = self.handle_records(cmd, cx) {
            return o;
        }
        if matches!(self.mode, Mode::Search | Mode::Results)
            && matches!(
                cmd,
                Command::OpenCustomer | Command::Confirm | Command::NewCase | Command::NewVisit
            )
        {
            // On the hotline a resident is their estate's: the card, the case taken for
            // them and the views after it are that estate's.
            let estate = self
                .results
                .get(self.selected)
                .and_then(|m| m.estate.clone());
            if let Some(code) = estate {
                cx.link.set_estate(&code);
            }
        }
        match (self.mode, cmd) {
            (Mode::Card, Command::SelectNext) => {
                if let Some(c) = &mut self.card {
                    c.select_next();
                }
                Outcome::Nothing
            }
            (Mode::Card, Command::SelectPrev) => {
                if let Some(c) = &mut self.card {
                    c.select_prev();
                }
                Outcome::Nothing
            }
            // A row of the resident's history opens in the case view.
            (Mode::Card, Command::OpenCustomer | Command::Confirm) => {
                match self.card.as_ref().and_then(|c| c.selected_ticket()) {
                    Some(t) => Outcome::Hand(Handoff::Case(t)),
                    None => Outcome::Nothing,
                }
            }
            (Mode::Search, Command::SelectNext) if !self.results.is_empty() => {
                self.mode = Mode::Results;
                self.selected = 0;
                Outcome::Nothing
            }
            (Mode::Results, Command::SelectNext) => {
                self.selected = cursor::next(self.selected, self.results.len());
                Outcome::Nothing
            }
            (Mode::Results, Command::SelectPrev) => {
                if self.selected == 0 {
                    self.mode = Mode::Search;
                } else {
                    self.selected -= 1;
                }
                Outcome::Nothing
            }
            (_, Command::FocusSearch) => {
                self.mode = Mode::Search;
                Outcome::Nothing
            }
            // A ticket number typed in the search box opens that case.
            (Mode::Search, Command::OpenCustomer | Command::Confirm)
                if self
                    .query
                    .text()
                    .trim()
                    .parse::<crate::domain::Ticket>()
                    .is_ok() =>
            {
                match self.query.text().trim().parse() {
                    Ok(t) => Outcome::Hand(Handoff::Case(t)),
                    Err(_) => Outcome::Nothing,
                }
            }
            (Mode::Search | Mode::Results, Command::OpenCustomer | Command::Confirm) => {
                // Enter right after typing: the search for the last key may still be pending.
                let pending = self.settle(cx);
                if pending != Outcome::Nothing {
                    return pending;
                }
                match self.results.get(self.selected).map(|m| m.customer.id) {
                    Some(id) => {
                        // A card opened from a search goes back to the search.
                        self.to_verify = None;
                        self.open_card(id, cx)
                    }
                    None => Outcome::Nothing,
                }
            }
            (_, Command::NewCase) => match self.selected_customer() {
                Some(c) => Outcome::Hand(Handoff::Intake(Some(c))),
                None => Outcome::Error(cx.pick_resident_first()),
            },
            (_, Command::NewVisit) => match self.selected_customer() {
                Some(c) => {
                    Outcome::Hand(Handoff::Visit(c, None, crate::domain::VisitKind::Courtesy))
                }
                None => Outcome::Error(cx.pick_resident_first()),
            },
            (_, Command::Refresh) => self.reload_card(cx),
            _ => Outcome::Nothing,
        }
    }

    /// Esc: edit form → card → results → search → clear. False when there is nothing to
    /// back out of.
    pub fn back(&mut self) -> bool {
        if self.edit.take().is_some() {
            return true;
        }
        if self.mode == Mode::Unit {
            let back = self.unit.take().map_or(Mode::Search, |(_, m)| m);
            self.mode = back;
            return true;
        }
        match self.mode {
            // A card opened from the to-verify list goes back to it.
            Mode::Card if self.to_verify.is_some() => {
                self.mode = Mode::ToVerify;
                self.card = None;
            }
            Mode::Card => {
                self.mode = Mode::Results;
                self.card = None;
            }
            Mode::ToVerify => {
                self.to_verify = None;
                self.mode = Mode::Search;
            }
            Mode::Duplicates => {
                // Esc cancels a merge being typed, then leaves the list.
                if let Some(d) = &mut self.duplicates {
                    if d.reason.take().is_some() {
                        return true;
                    }
                }
                self.duplicates = None;
                self.mode = Mode::Search;
            }
            Mode::Results => self.mode = Mode::Search,
            Mode::Search if !self.query.is_empty() => {
                self.query.clear();
                self.results.clear();
                self.searched = None;
            }
            Mode::Search => return false,
            // Left above, with the mode it was opened from.
            Mode::Unit => {}
        }
        true
    }

    pub fn open_card(&mut self, id: crate::domain::CustomerId, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(req::CustomerShow::of(id)) {
            Ok(card) => {
                self.card = Some(CardView::new(card));
                self.mode = Mode::Card;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Reloads the open card (after a change to this resident).
    pub fn reload_card(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(id) = self.card.as_ref().map(|c| c.card.customer.id) else {
            return Outcome::Nothing;
        };
        let kept = self.card.as_ref().and_then(|c| c.selected_ticket());
        match cx.link.send(req::CustomerShow::of(id)) {
            Ok(card) => {
                let mut view = CardView::new(card);
                // The same case stays selected when a new one arrives above it.
                view.selected = kept
                    .and_then(|t| view.card.cases.iter().position(|c| c.ticket == t))
                    .unwrap_or(0);
                self.card = Some(view);
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    pub fn shows_customer(&self) -> Option<crate::domain::CustomerId> {
        self.card.as_ref().map(|c| c.card.customer.id)
    }

    /// The open resident's first unit, for forms that start from it.
    pub fn shown_unit(&self) -> Option<crate::domain::UnitCode> {
        let card = self.card.as_ref()?;
        card.card.customer.units.first().copied()
    }

    pub fn card(&self) -> Option<&CustomerCard> {
        self.card.as_ref().map(|c| &c.card)
    }

    pub fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let [search, body] = Layout::vertical([Length(3), Min(1)]).areas(area);
        let focused = self.mode == Mode::Search;
        let block = frame::titled(Msg::SearchTitle.text(view.lang));
        let inner = block.inner(search);
        block.render(search, buf);
        self.query
            .render(inner, buf, style::field(focused), focused);

        if self.mode == Mode::Unit {
            if let Some((unit, _)) = &self.unit {
                unit.render(body, buf, view);
                return;
            }
        }
        if self.mode == Mode::ToVerify {
            if let Some(p) = &self.to_verify {
                p.render(body, buf, view);
                return;
            }
        }
        if self.mode == Mode::Duplicates {
            if let Some(p) = &self.duplicates {
                p.render(body, buf, view);
                return;
            }
        }
        if self.mode == Mode::Card {
            if let Some(card) = &self.card {
                card.render(body, buf, view);
                if let Some(form) = &self.edit {
                    form.render(body, buf, view);
                }
                return;
            }
        }
        // A new resident's form in place of the results.
        if let Some(form) = &self.edit {
            ratatui::widgets::Clear.render(body, buf);
            return form.render(body, buf, view);
        }
        self.render_results(body, buf, view);
    }

    fn render_results(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        if self.results.is_empty() {
            let msg = if self.searched.is_some() {
                Msg::NoMatches
            } else {
                Msg::TypeToSearch
            };
            Paragraph::new(Span::styled(msg.text(lang), style::dim()))
                .block(Block::default().borders(Borders::LEFT))
                .render(area, buf);
            return;
        }
        let needles = digit_needles(self.searched.as_deref().unwrap_or(""));
        let rows: Vec<Row> = self
            .results
            .iter()
            .map(|m| {
                let c = &m.customer;
                Row::new(vec![
                    Line::from(highlight_chars(&c.name, &m.name_hits)),
                    Line::from(highlight_substrings(&c.units.join(" "), &needles)),
                    Line::from(highlight_substrings(&c.phones.join(" "), &needles)),
                    Line::from(tier_label(c.tier, lang)),
                    Line::from(Span::styled(
                        match &m.estate {
                            Some(code) => format!("{code}/{}", c.id),
                            None => c.id.to_string(),
                        },
                        style::dim(),
                    )),
                ])
            })
            .collect();
        let header = Row::new(vec![
            Msg::ColName.text(lang),
            Msg::ColUnit.text(lang),
            Msg::ColPhone.text(lang),
            Msg::ColTier.text(lang),
            "ID",
        ])
        .style(style::title());
        let table = Table::new(
            rows,
            [Length(16), Length(22), Length(26), Length(8), Min(6)],
        )
        .header(header)
        .row_highlight_style(if self.mode == Mode::Results {
            style::selected()
        } else {
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD)
        })
        .highlight_symbol("› ");
        self.table.select(Some(self.selected));
        ratatui::widgets::StatefulWidget::render(table, area, buf, &mut self.table);
    }
}

/// The digit or unit tokens of a query, which match phones and units as substrings.
fn digit_needles(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

fn highlight_chars(text: &str, hits: &[usize]) -> Vec<Span<'static>> {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if hits.contains(&i) {
                Span::styled(c.to_string(), style::highlight())
            } else {
                Span::raw(c.to_string())
            }
        })
        .collect()
}

fn highlight_substrings(text: &str, needles: &[String]) -> Vec<Span<'static>> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut marked = vec![false; text.len()];
    for n in needles.iter().filter(|n| !n.is_empty()) {
        for (i, _) in text.match_indices(n.as_str()) {
            marked[i..i + n.len()].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
        if i == text.len() || marked[i] != marked[start] {
            let piece = text[start..i].to_string();
            spans.push(if marked[start] {
                Span::styled(piece, style::highlight())
            } else {
                Span::raw(piece)
            });
            start = i;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substrings_are_marked_on_char_boundaries() {
        let spans = highlight_substrings("3-2-1102 13800001102", &["1102".into()]);
        let marked: Vec<&str> = spans
            .iter()
            .filter(|s| s.style == style::highlight())
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, ["1102", "1102"]);
        assert!(highlight_substrings("", &["1".into()]).is_empty());
    }
}
