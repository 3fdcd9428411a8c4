//! The one contract between the app and a pane. A pane says which keymap sections its keys
//! are looked up in, whether it took a typed key or a command, what Esc does, what a change
//! the daemon pushed does to it, and how it draws. `App` holds the panes and routes through
//! this trait alone: nothing in `app.rs` or `ui.rs` tells one pane from another.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View};
use crate::domain::{ChangeRecord, Ticket, VisitKind};
use crate::protocol::CustomerSummary;
use crate::tui::command::Command;
use crate::tui::focus::Focus;
use crate::tui::keymap::{Key, Section};

pub trait Pane {
    /// The keymap sections a key is looked up in now, most specific first (`[global]`
    /// comes after them): the open case's steps before the case list's keys.
    fn sections(&self) -> &'static [Section];

    /// A text field has focus: printable keys are typed, not looked up.
    fn text_focus(&self) -> bool {
        false
    }

    /// A key for the focused text field; whether the field took it.
    fn type_key(&mut self, _key: Key) -> bool {
        false
    }

    /// A command while this pane is shown; `Outcome::NotTaken` when it is not one of its.
    fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome;

    /// Esc: backs out one level; false at the pane's top (the app then goes to Lookup).
    fn back(&mut self) -> bool {
        false
    }

    /// After a batch of keys: the searches they asked for, once.
    fn settle(&mut self, _cx: &mut Cx<'_>) -> Outcome {
        Outcome::Nothing
    }

    /// The pane comes on screen from another (`cx.resident` is the resident in view).
    fn shown(&mut self, _cx: &mut Cx<'_>) -> Outcome {
        Outcome::Nothing
    }

    /// On screen: loads what a change made stale — not while something is typed into a
    /// row a reload could move.
    fn refresh(&mut self, _cx: &mut Cx<'_>) -> Outcome {
        Outcome::Nothing
    }

    /// A change the daemon pushed, durable there; `echo` when this screen's own save made
    /// it (the save's reply already updated what the saving pane shows).
    fn changed(&mut self, _change: &ChangeRecord, _echo: bool, _cx: &mut Cx<'_>) -> Outcome {
        Outcome::Nothing
    }

    /// Start, reconnect or resync: anything may have changed while the screen was away.
    fn resync(&mut self, _cx: &mut Cx<'_>) -> Outcome {
        Outcome::Nothing
    }

    /// Work another pane handed over (`Outcome::Hand`); the app shows this pane first.
    fn take(&mut self, _work: Handoff, _cx: &mut Cx<'_>) -> Outcome {
        Outcome::Nothing
    }

    /// What `y` copies here: the selected ticket, phone or record number.
    fn selection(&self, _today: NaiveDate) -> Option<String> {
        None
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, view: &View<'_>);
}

/// Work handed from one pane (or the digest) to another.
#[derive(Debug, Clone, PartialEq)]
pub enum Handoff {
    /// Start intake, for this resident when one is chosen.
    Intake(Option<CustomerSummary>),
    /// Start intake by phone for a caller: the resident when the number is on record, and
    /// the number.
    PhoneIntake(Option<CustomerSummary>, String),
    /// The visit form on the schedule for this resident (and case), of this kind.
    Visit(CustomerSummary, Option<Ticket>, VisitKind),
    /// The case view on this ticket.
    Case(Ticket),
    /// A ringing caller on Lookup: one resident's card, the residents sharing the number
    /// as a search, or (none on record) the new-resident form with the number.
    Caller(Vec<crate::domain::CustomerId>, String),
}

impl Handoff {
    /// The pane that takes it.
    pub fn to(&self) -> Focus {
        match self {
            Handoff::Intake(_) | Handoff::PhoneIntake(..) => Focus::Intake,
            Handoff::Visit(..) => Focus::Schedule,
            Handoff::Case(_) => Focus::Cases,
            Handoff::Caller(..) => Focus::Lookup,
        }
    }
}
