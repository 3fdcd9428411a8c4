//! The Cases pane (工单): the operator's open work in five views — mine, handling, the
//! deadline board, escalated to me, all open (supervisors) — each one key, each with its count
//! from the status counts, live as changes arrive; a filter box over any view; Enter opens the
//! case view (`case_view`), where every step is one key.

mod bulk;
mod case_draw;
mod case_view;
mod clocks;
pub mod draw;
mod incidents;
mod template_picker;

pub use bulk::{BulkForm, BulkStep};
pub use case_view::CaseDetail;
pub use template_picker::TemplatePicker;

use crate::protocol::req;
use crate::tui::panes::cursor;
use std::collections::BTreeSet;

use crate::client::Calls;
use crate::domain::case::{CaseQuery, CaseView};
use crate::domain::Ticket;
use crate::protocol::{CaseFilter, CaseSummary};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::Msg;
use crate::tui::keymap::Key;

use super::{Cx, Outcome};

/// How many rows a view loads at a time; the next page loads when the selection reaches
/// the last row. A screen reloads its first page after every change, so this bounds what a
/// change costs the daemon per screen.
pub const PAGE: u32 = 100;

#[derive(Debug)]
pub struct CasesPane {
    pub view: CaseView,
    pub filter: TextField,
    pub filter_focus: bool,
    pub rows: Vec<CaseSummary>,
    pub more: bool,
    pub selected: usize,
    pub stale: bool,
    pub error: Option<String>,
    /// The case view, when one is open.
    pub open: Option<CaseDetail>,
    /// Tickets marked with Space for a bulk step, and its form.
    pub marked: BTreeSet<String>,
    pub bulk: Option<BulkForm>,
    /// The incidents (`i`) in place of a view: each with its cases, which are the rows.
    pub groups: Option<Vec<crate::protocol::IncidentGroup>>,
    table: ratatui::widgets::TableState,
}

impl Default for CasesPane {
    fn default() -> Self {
        CasesPane {
            view: CaseView::Mine,
            filter: TextField::default(),
            filter_focus: false,
            rows: Vec::new(),
            more: false,
            selected: 0,
            stale: true,
            error: None,
            open: None,
            marked: BTreeSet::new(),
            bulk: None,
            groups: None,
            table: Default::default(),
        }
    }
}

impl CasesPane {
    pub fn text_focus(&self) -> bool {
        match &self.open {
            Some(d) => d.form.is_some(),
            None => self.filter_focus || self.bulk.is_some(),
        }
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        if let Some(d) = &mut self.open {
            return d.type_key(key);
        }
        if let Some(b) = &mut self.bulk {
            return b.type_key(key);
        }
        if self.filter_focus && self.filter.edit(key) {
            self.stale = true;
            return true;
        }
        false
    }

    /// Shows `view`, loaded afresh.
    pub fn switch(&mut self, view: CaseView, cx: &mut Cx<'_>) -> Outcome {
        // A view loaded afresh brings its tab counts with it, so the two always agree.
        cx.recount = true;
        self.view = view;
        self.groups = None;
        self.open = None;
        self.bulk = None;
        self.selected = 0;
        self.load(cx)
    }

    pub fn load(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if self.groups.is_some() {
            return self.load_incidents(cx);
        }
        self.stale = false;
        let query = match CaseQuery::parse(&self.filter.text()) {
            Ok(q) => q,
            Err(e) => {
                self.error = Some(crate::words::desk_error(cx.lang, &e));
                return Outcome::Nothing;
            }
        };
        // A reload keeps as many rows as were shown, so the selection stays put.
        let limit = (self.rows.len() as u32).clamp(PAGE, 2000);
        let filter = CaseFilter {
            view: Some(self.view),
            query,
            limit,
            ..CaseFilter::default()
        };
        let page = cx.link.send(req::CaseList { filter });
        self.took(page.map(|p| (p.rows, p.more)), cx)
    }

    /// The rows a load brought (and whether more follow), or why there are none: a
    /// refusal is said in the list, a lost link on the status line.
    fn took(
        &mut self,
        loaded: Result<(Vec<CaseSummary>, bool), crate::tui::link::LinkError>,
        cx: &Cx<'_>,
    ) -> Outcome {
        match loaded {
            Ok((rows, more)) => {
                self.rows = rows;
                self.more = more;
                self.error = None;
                self.selected = cursor::within(self.selected, self.rows.len());
                Outcome::Nothing
            }
            Err(crate::tui::link::LinkError::Desk(e)) => {
                self.rows.clear();
                self.error = Some(crate::words::desk_error(cx.lang, &e));
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// The next page after the last row shown.
    fn load_more(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(last) = self.rows.last().map(|r| Ticket(r.ticket.clone())) else {
            return Outcome::Nothing;
        };
        // A list over all the hotline's estates is one page: a next page is an estate's.
        if self.groups.is_some() || self.rows.iter().any(|r| r.estate.is_some()) {
            return Outcome::Nothing;
        }
        let Ok(query) = CaseQuery::parse(&self.filter.text()) else {
            return Outcome::Nothing;
        };
        let filter = CaseFilter {
            view: Some(self.view),
            query,
            after: Some(last),
            limit: PAGE,
            ..CaseFilter::default()
        };
        match cx.link.send(req::CaseList { filter }) {
            Ok(page) => {
                self.rows.extend(page.rows);
                self.more = page.more;
                Outcome::Nothing
            }
            // The last row left the view meanwhile: start again from the top.
            Err(crate::tui::link::LinkError::Desk(_)) => self.load(cx),
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Opens the case view on `ticket`, with the listed row's resident when there is one.
    pub fn open_ticket(&mut self, ticket: &Ticket, cx: &mut Cx<'_>) -> Outcome {
        let row = self.rows.iter().find(|r| r.ticket == ticket.0).cloned();
        match CaseDetail::load(ticket, row, cx) {
            Ok(d) => {
                self.open = Some(d);
                Outcome::Nothing
            }
            Err(o) => o,
        }
    }

    /// Opens the selected row's case. A row of the hotline's list over all estates brings
    /// its estate into view first, and says so.
    fn open_selected(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(r) = self.rows.get(self.selected) else {
            return Outcome::Nothing;
        };
        let t = Ticket(r.ticket.clone());
        let moved = r.estate.clone().filter(|code| cx.link.set_estate(code));
        match (self.open_ticket(&t, cx), moved) {
            (Outcome::Nothing, Some(code)) => {
                let named = cx.link.estate_named(&code);
                Outcome::Info(crate::tui::i18n::Msg::EstateInView.with(cx.lang, &[&named]))
            }
            (outcome, _) => outcome,
        }
    }

    /// After a change to `ticket` (here or at another counter): the open case follows it.
    pub fn refresh_open(&mut self, ticket: &Ticket, cx: &mut Cx<'_>) -> Outcome {
        match &mut self.open {
            Some(d) if d.case.ticket == *ticket && d.form.is_none() => d.reload(cx),
            _ => Outcome::Nothing,
        }
    }

    pub fn handle(
        &mut self,
        cmd: Command,
        cx: &mut Cx<'_>,
        me: Option<&crate::domain::Staff>,
    ) -> Outcome {
        match cmd {
            // The tab key for this pane: back to the list from an open case.
            Command::ShowCases => {
                self.open = None;
                return Outcome::Nothing;
            }
            Command::ShowDeadlines => return self.switch(CaseView::Deadlines, cx),
            Command::ShowMine => return self.switch(CaseView::Mine, cx),
            _ => {}
        }
        if let Some(d) = &mut self.open {
            return d.handle(cmd, cx, me);
        }
        if let Some(b) = &mut self.bulk {
            match cmd {
                Command::NextField | Command::PrevField => b.focus = 1 - b.focus.min(1),
                Command::Confirm | Command::OpenCase => {
                    let (done, outcome) = b.submit(&self.marked, &self.rows, cx);
                    for t in &done {
                        self.marked.remove(t);
                    }
                    if !done.is_empty() || matches!(outcome, Outcome::Info(_)) {
                        self.bulk = None;
                        let reload = self.load(cx);
                        if reload != Outcome::Nothing {
                            return reload;
                        }
                    }
                    return outcome;
                }
                _ => return Outcome::NotTaken,
            }
            return Outcome::Nothing;
        }
        match cmd {
            Command::ToggleSelect => {
                if let Some(r) = self.rows.get(self.selected) {
                    if !self.marked.remove(&r.ticket) {
                        self.marked.insert(r.ticket.clone());
                    }
                    self.selected = cursor::next(self.selected, self.rows.len());
                }
                Outcome::Nothing
            }
            Command::BulkReassign | Command::BulkEscalate => {
                if self.marked.is_empty() {
                    return Outcome::Error(Msg::MarkFirst.text(cx.lang).into());
                }
                self.bulk = Some(BulkForm::new(if cmd == Command::BulkReassign {
                    BulkStep::Reassign
                } else {
                    BulkStep::Escalate
                }));
                Outcome::Nothing
            }
            Command::ViewMine => self.switch(CaseView::Mine, cx),
            Command::ViewHandling => self.switch(CaseView::Handling, cx),
            Command::ViewDeadlines => self.switch(CaseView::Deadlines, cx),
            Command::ViewEscalated => self.switch(CaseView::Escalated, cx),
            Command::ViewSuggestions => self.switch(CaseView::Suggestions, cx),
            Command::ViewOpen => self.switch(CaseView::Open, cx),
            Command::ViewIncidents => self.show_incidents(cx),
            Command::FocusSearch => {
                self.filter_focus = true;
                Outcome::Nothing
            }
            Command::SelectNext => {
                self.filter_focus = false;
                if self.selected + 1 >= self.rows.len() && self.more {
                    let o = self.load_more(cx);
                    if o != Outcome::Nothing {
                        return o;
                    }
                }
                self.selected = cursor::next(self.selected, self.rows.len());
                Outcome::Nothing
            }
            Command::SelectPrev => {
                self.selected = cursor::prev(self.selected);
                Outcome::Nothing
            }
            Command::OpenCase | Command::Confirm => {
                if self.filter_focus {
                    self.filter_focus = false;
                    return self.load(cx);
                }
                self.open_selected(cx)
            }
            Command::Refresh => {
                cx.recount = true;
                self.load(cx)
            }
            _ => Outcome::NotTaken,
        }
    }

    /// Esc: form → case view → bulk form → marks → filter box → (nothing: the app goes to
    /// Lookup).
    pub fn back(&mut self) -> bool {
        if self.open.is_none() {
            if self.bulk.take().is_some() {
                return true;
            }
            if !self.marked.is_empty() {
                self.marked.clear();
                return true;
            }
        }
        if let Some(d) = &mut self.open {
            if d.picker.take().is_some() {
                return true;
            }
            if d.form.take().is_none() {
                self.open = None;
            }
            return true;
        }
        if self.filter_focus {
            self.filter_focus = false;
            return true;
        }
        false
    }

    /// The filter box's text changed: narrow the list now (a local daemon answers in
    /// microseconds from its open work).
    pub fn settle(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if self.stale && self.open.is_none() {
            return self.load(cx);
        }
        Outcome::Nothing
    }
}
