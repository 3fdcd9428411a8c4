//! Each pane's answers to the app's one contract (`pane::Pane`): its keymap sections, what a
//! pushed change does to it, when it loads, and the work it takes from another pane. The
//! panes' own methods do the work; this file says which of them the app may call, and when.
//! (Calls name the type, `LookupPane::handle(self, …)`, so they reach the pane's own method
//! and never this trait's method of the same name.)

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::callbacks::CallbacksPane;
use super::cases::CasesPane;
use super::intake::IntakePane;
use super::lookup::LookupPane;
use super::paperwork::{PaperworkPane, Tab};
use super::reports::ReportsPane;
use super::schedule::SchedulePane;
use super::{Cx, Handoff, Outcome, Pane, View};
use crate::domain::{ChangeRecord, ChangeSubject, CustomerId};
use crate::tui::command::Command;
use crate::tui::keymap::{Key, Section};

/// The resident a change is about, when it is about one.
fn resident_of(change: &ChangeRecord) -> Option<CustomerId> {
    match &change.subject {
        ChangeSubject::Case { key, .. } => Some(key.customer),
        ChangeSubject::Visit { customer, .. } | ChangeSubject::Callback { customer, .. } => {
            Some(*customer)
        }
        ChangeSubject::Customer(id) => Some(*id),
        _ => None,
    }
}

/// `text_focus`, `type_key` and `back`, answered by the pane's own methods.
macro_rules! typing {
    ($t:ident) => {
        fn text_focus(&self) -> bool {
            $t::text_focus(self)
        }
        fn type_key(&mut self, key: Key) -> bool {
            $t::type_key(self, key)
        }
        fn back(&mut self) -> bool {
            $t::back(self)
        }
    };
}

/// A list read again when next shown after any change, and after a resync.
macro_rules! stale_after_any_change {
    () => {
        fn changed(&mut self, _change: &ChangeRecord, _echo: bool, _cx: &mut Cx<'_>) -> Outcome {
            self.stale = true;
            Outcome::Nothing
        }
        fn resync(&mut self, _cx: &mut Cx<'_>) -> Outcome {
            self.stale = true;
            Outcome::Nothing
        }
    };
}

impl Pane for LookupPane {
    fn sections(&self) -> &'static [Section] {
        &[Section::Lookup]
    }
    typing!(LookupPane);
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        match cmd {
            Command::ShowDuplicates => self.open_duplicates(cx),
            Command::ShowToVerify => self.open_to_verify(cx),
            _ => LookupPane::handle(self, cmd, cx),
        }
    }
    fn settle(&mut self, cx: &mut Cx<'_>) -> Outcome {
        LookupPane::settle(self, cx)
    }
    fn changed(&mut self, change: &ChangeRecord, _echo: bool, cx: &mut Cx<'_>) -> Outcome {
        if let ChangeSubject::Customer(_) | ChangeSubject::Customers { .. } = change.subject {
            // Names, phones or units changed: search again (when the app settles).
            self.dirty = !self.query.is_empty();
        }
        // The card is reloaded even for this screen's own save: going back to it shows
        // the step.
        match resident_of(change) {
            Some(id) if self.shows_customer() == Some(id) => self.reload_card(cx),
            _ => Outcome::Nothing,
        }
    }
    fn resync(&mut self, cx: &mut Cx<'_>) -> Outcome {
        self.reload_card(cx)
    }
    fn take(&mut self, work: Handoff, cx: &mut Cx<'_>) -> Outcome {
        match work {
            Handoff::Caller(ids, number) => self.show_caller(&ids, &number, cx),
            _ => Outcome::Nothing,
        }
    }
    fn selection(&self, _today: NaiveDate) -> Option<String> {
        match &self.card {
            Some(card) => card.card.customer.phones.first().map(|p| p.0.clone()),
            None => self
                .results
                .get(self.selected)
                .and_then(|m| m.customer.phones.first().cloned()),
        }
    }
    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        LookupPane::render(self, area, buf, view)
    }
}

impl Pane for IntakePane {
    fn sections(&self) -> &'static [Section] {
        &[Section::Intake]
    }
    typing!(IntakePane);
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        IntakePane::handle(self, cmd, cx)
    }
    fn settle(&mut self, cx: &mut Cx<'_>) -> Outcome {
        IntakePane::settle(self, cx)
    }
    fn changed(&mut self, change: &ChangeRecord, echo: bool, cx: &mut Cx<'_>) -> Outcome {
        match &change.subject {
            // Someone else moved the case just saved here (a supervisor dispatched it).
            ChangeSubject::Case { ticket, .. } if !echo && self.saved_ticket() == Some(ticket) => {
                self.reload_saved(cx)
            }
            _ => Outcome::Nothing,
        }
    }
    fn take(&mut self, work: Handoff, _cx: &mut Cx<'_>) -> Outcome {
        match work {
            Handoff::Intake(resident) => *self = IntakePane::start(resident),
            Handoff::PhoneIntake(resident, number) => {
                *self = IntakePane::by_phone(resident, &number)
            }
            _ => {}
        }
        Outcome::Nothing
    }
    fn selection(&self, _today: NaiveDate) -> Option<String> {
        self.saved_ticket().map(|t| t.0.clone())
    }
    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        IntakePane::render(self, area, buf, view)
    }
}

impl Pane for SchedulePane {
    fn sections(&self) -> &'static [Section] {
        &[Section::Schedule]
    }
    typing!(SchedulePane);
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        SchedulePane::handle(self, cmd, cx)
    }
    fn refresh(&mut self, cx: &mut Cx<'_>) -> Outcome {
        // Not while a visit's report is typed for the selected row: a reload could move it.
        if self.stale && self.report.is_none() {
            return self.load(cx);
        }
        Outcome::Nothing
    }
    stale_after_any_change!();
    fn take(&mut self, work: Handoff, cx: &mut Cx<'_>) -> Outcome {
        if let Handoff::Visit(resident, ticket, kind) = work {
            let me = cx.me.map(|m| m.username.as_str()).unwrap_or_default();
            self.open_form(resident, ticket, kind, me);
        }
        Outcome::Nothing
    }
    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        SchedulePane::render(self, area, buf, view)
    }
}

impl Pane for CallbacksPane {
    fn sections(&self) -> &'static [Section] {
        &[Section::Callbacks]
    }
    typing!(CallbacksPane);
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        CallbacksPane::handle(self, cmd, cx)
    }
    fn refresh(&mut self, cx: &mut Cx<'_>) -> Outcome {
        // Not while an outcome is typed for the selected row: a reload could move it.
        if self.stale && self.recording.is_none() {
            return self.load(cx);
        }
        Outcome::Nothing
    }
    stale_after_any_change!();
    fn selection(&self, _today: NaiveDate) -> Option<String> {
        let row = self.rows.get(self.selected)?;
        row.ticket().map(|t| t.0.clone())
    }
    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        CallbacksPane::render(self, area, buf, view)
    }
}

impl Pane for CasesPane {
    fn sections(&self) -> &'static [Section] {
        // An open case has its own keys (its steps) before the list's.
        if self.open.is_some() {
            &[Section::Case, Section::Cases]
        } else {
            &[Section::Cases]
        }
    }
    typing!(CasesPane);
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        let me = cx.me;
        CasesPane::handle(self, cmd, cx, me)
    }
    fn settle(&mut self, cx: &mut Cx<'_>) -> Outcome {
        CasesPane::settle(self, cx)
    }
    fn refresh(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if self.stale && self.open.is_none() {
            return self.load(cx);
        }
        Outcome::Nothing
    }
    fn changed(&mut self, change: &ChangeRecord, echo: bool, cx: &mut Cx<'_>) -> Outcome {
        self.stale = true;
        // This screen's own save answered with the case, which the view applied.
        if echo {
            return Outcome::Nothing;
        }
        let open = self.open.as_ref().map(|d| &d.case);
        let ticket = match &change.subject {
            ChangeSubject::Case { ticket, .. } => Some(ticket.clone()),
            // A callback recorded elsewhere moves its case on (R-CB-01): the open case
            // shows it.
            ChangeSubject::Callback { id, .. } => open
                .filter(|c| c.callback == Some(*id))
                .map(|c| c.ticket.clone()),
            _ => None,
        };
        match ticket {
            Some(t) => self.refresh_open(&t, cx),
            None => Outcome::Nothing,
        }
    }
    fn resync(&mut self, _cx: &mut Cx<'_>) -> Outcome {
        self.stale = true;
        Outcome::Nothing
    }
    fn take(&mut self, work: Handoff, cx: &mut Cx<'_>) -> Outcome {
        match work {
            Handoff::Case(ticket) => self.open_ticket(&ticket, cx),
            _ => Outcome::Nothing,
        }
    }
    fn selection(&self, _today: NaiveDate) -> Option<String> {
        match &self.open {
            Some(d) => Some(d.case.ticket.0.clone()),
            None => self.rows.get(self.selected).map(|r| r.ticket.clone()),
        }
    }
    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        CasesPane::render(self, area, buf, view, view.views, view.me)
    }
}

impl Pane for ReportsPane {
    fn sections(&self) -> &'static [Section] {
        &[Section::Reports]
    }
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        ReportsPane::handle(self, cmd, cx)
    }
    fn refresh(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if self.stale {
            return self.load(cx);
        }
        Outcome::Nothing
    }
    fn changed(&mut self, change: &ChangeRecord, _echo: bool, _cx: &mut Cx<'_>) -> Outcome {
        // The survey view follows every recorded form live; a report is recomputed only
        // on request (it reads a whole period).
        if let ChangeSubject::Survey(_) = change.subject {
            self.stale |= self.showing_survey;
        }
        Outcome::Nothing
    }
    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        ReportsPane::render(self, area, buf, view)
    }
}

impl Pane for PaperworkPane {
    fn sections(&self) -> &'static [Section] {
        &[Section::Paperwork]
    }
    typing!(PaperworkPane);
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        let staff = cx.staff;
        PaperworkPane::handle(self, cmd, cx, staff)
    }
    fn shown(&mut self, cx: &mut Cx<'_>) -> Outcome {
        // A form opened here starts from the resident Lookup shows.
        self.set_resident(cx.resident);
        self.stale = true;
        Outcome::Nothing
    }
    fn refresh(&mut self, cx: &mut Cx<'_>) -> Outcome {
        if self.stale && self.form.is_none() {
            return self.load(cx);
        }
        Outcome::Nothing
    }
    fn changed(&mut self, change: &ChangeRecord, _echo: bool, _cx: &mut Cx<'_>) -> Outcome {
        // The paperwork lists are live on every screen: read again when next shown (or
        // at once, when they are).
        if let ChangeSubject::Permit(_)
        | ChangeSubject::Slip(_)
        | ChangeSubject::Visitor(_)
        | ChangeSubject::Loan(_)
        | ChangeSubject::Fees(_)
        | ChangeSubject::Cover(_) = change.subject
        {
            self.stale = true;
        }
        Outcome::Nothing
    }
    fn selection(&self, today: NaiveDate) -> Option<String> {
        match self.tab {
            Tab::Permits => self
                .sorted_permits(today)
                .get(self.selected)
                .map(|x| x.no.to_string()),
            Tab::Slips => self.current_slip().map(|(s, _)| s.no.to_string()),
            Tab::Visitors => self.visitors.get(self.selected).map(|v| v.no.to_string()),
            Tab::Loans => self.loans.get(self.selected).map(|l| l.no.to_string()),
            Tab::Fees => self.arrears.get(self.selected).map(|a| a.unit.to_string()),
        }
    }
    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        PaperworkPane::render(self, area, buf, view)
    }
}
