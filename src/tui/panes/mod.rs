//! The panes. Each owns its state and answers the app through one contract (`pane::Pane`):
//! the commands routed to it, text keys when a field has focus, pushed changes, drawing
//! (`render` does no IO). Work for another pane is handed over as `Outcome::Hand`.

pub mod callbacks;
pub mod card;
pub mod card_edit;
pub mod cases;
mod contract;
pub mod duplicates;
pub mod intake;
pub mod lookup;
mod lookup_records;
pub mod pane;
pub mod paperwork;
pub mod reports;
pub mod schedule;
pub mod to_verify;
pub mod unit;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::command::Command;
use super::hints::{self, HintItem};
use super::i18n::Lang;
use super::keymap::{Keymap, Section};
use super::link::{Link, LinkError};
use crate::domain::category::CategoryList;
use crate::domain::{CustomerId, DeskError, Field, Staff, StaffId, Time, UnitCode};
use crate::protocol::ViewCounts;
pub use pane::{Handoff, Pane};

/// What a pane's command handler may use: the daemon link, the moment, and what the app
/// knows that every pane may read.
pub struct Cx<'a> {
    pub link: &'a mut Link,
    pub now: Time,
    pub offset: FixedOffset,
    pub lang: Lang,
    /// The desk's category list, from the daemon's welcome.
    pub categories: &'a CategoryList,
    /// The active keymap: a message that names a key names the one the operator has.
    pub keymap: &'a Keymap,
    /// The operator at this screen, and the desk's staff (names for uids, dispatch targets).
    pub me: Option<&'a Staff>,
    pub staff: &'a [Staff],
    /// The resident whose card Lookup shows, with their first unit: forms start from it.
    pub resident: Option<(CustomerId, Option<UnitCode>)>,
    /// Set by a pane whose load brought new tab counts: the app reads the counts with it.
    pub recount: bool,
}

impl Cx<'_> {
    /// The key bound to `cmd` in `section` (or `[global]`), as a hint names it.
    pub fn key(&self, section: Section, cmd: Command) -> String {
        hints::key_for(self.keymap, section, cmd)
            .map(hints::key_label)
            .unwrap_or_default()
    }

    /// "Find the resident first", naming the keys that get there.
    pub fn pick_resident_first(&self) -> String {
        crate::tui::i18n::Msg::PickResident.with(
            self.lang,
            &[
                &self.key(Section::Global, Command::ShowLookup),
                &self.key(Section::Global, Command::SelectNext),
            ],
        )
    }
}

/// What drawing may read besides the pane itself.
pub struct View<'a> {
    pub lang: Lang,
    pub now: Time,
    pub offset: FixedOffset,
    pub staff: &'a [Staff],
    /// The active keymap, for hint lines.
    pub keymap: &'a Keymap,
    /// The desk's category list, from the daemon's welcome.
    pub categories: &'a CategoryList,
    /// The operator at this screen.
    pub me: Option<&'a Staff>,
    /// The case views' counts, for the Cases pane's tabs.
    pub views: &'a ViewCounts,
    /// The policy the daemon takes case steps under: keys it would refuse are dimmed.
    pub step_rules: crate::domain::policy::StepRules,
}

impl View<'_> {
    /// A stored category as this screen shows it: its list entry's label, or the stored
    /// text when it is on no entry.
    pub fn category<'s>(&'s self, stored: &'s str) -> &'s str {
        self.categories.label(stored, self.lang == Lang::Zh)
    }

    /// A hint line for `section` from the active keymap.
    pub fn hint(&self, section: Section, items: &[HintItem]) -> String {
        hints::line(self.keymap, section, items, self.lang)
    }

    /// The key label for `cmd` in `section` (`Ctrl-O`), or an empty string if unbound.
    pub fn key(&self, section: Section, cmd: Command) -> String {
        hints::key_for(self.keymap, section, cmd)
            .map(hints::key_label)
            .unwrap_or_default()
    }

    pub fn staff_name(&self, uid: StaffId) -> String {
        self.staff
            .iter()
            .find(|s| s.uid == uid)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| format!("uid {}", uid.0))
    }

    pub fn local(&self, t: Time) -> DateTime<FixedOffset> {
        t.with_timezone(&self.offset)
    }

    /// `11-23 14:05`
    pub fn short_time(&self, t: Time) -> String {
        self.local(t).format("%m-%d %H:%M").to_string()
    }
}

/// What a pane asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Nothing,
    Info(String),
    Error(String),
    /// The daemon refused; the app puts it into the screen's language.
    Refused(DeskError),
    /// Show another pane with work for it (intake for a resident, a visit, a case).
    Hand(Handoff),
    /// The daemon is gone; the app shows "reconnecting…".
    Offline,
    /// The command is not one of this pane's (the app may do it instead).
    NotTaken,
}

impl Outcome {
    /// The outcome of a failed call: offline, or the daemon's message.
    pub fn from_error(e: LinkError) -> Outcome {
        match e {
            LinkError::Offline => Outcome::Offline,
            LinkError::Desk(d) => Outcome::Refused(d),
        }
    }
}

/// The field a validation error names, if it is one.
pub fn error_field(e: &LinkError, lang: Lang) -> Option<(Field, String)> {
    match e {
        LinkError::Desk(DeskError::Validation { field, reason }) => {
            Some((*field, crate::words::refusal(lang, reason)))
        }
        _ => None,
    }
}

pub fn local_day_bounds(day: NaiveDate, offset: FixedOffset) -> (Time, Time) {
    let start = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    let start = offset
        .from_local_datetime(&start)
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&chrono::Utc);
    (start, start + chrono::Duration::days(1))
}

pub mod cursor;
pub mod frame;
pub mod style;

/// `mm:ss`, or `h:mm:ss` beyond an hour.
pub fn clock_span(seconds: i64) -> String {
    let s = seconds.abs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}
