//! The app: the panes as named fields, which one has focus, the overlays (help, command
//! palette), the status counts, and the routing of a key: a focused text field first
//! (printable keys only), then the pane's keymap section, then `[global]`.

use crate::protocol::req;
use chrono::FixedOffset;

use super::command::Command;
pub use super::focus::Focus;
use super::i18n::{fill, Lang, Msg};
use super::keymap::{Key, Keymap, Section};
use super::link::{Link, LinkEvent};
use super::panes::callbacks::CallbacksPane;
use super::panes::cases::CasesPane;
use super::panes::intake::IntakePane;
use super::panes::lookup::LookupPane;
use super::panes::paperwork::PaperworkPane;
use super::panes::reports::ReportsPane;
use super::panes::schedule::SchedulePane;
use super::panes::{Cx, Outcome};
use crate::client::Calls;
use crate::domain::{ChangeRecord, ChangeSubject, Staff, Time};
use crate::protocol::Stats;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

pub use super::overlay::{Overlay, Palette};

/// The command context, built from the app's fields in place so that a pane (another
/// field) can be borrowed beside it.
macro_rules! cx {
    ($app:ident) => {
        Cx {
            link: &mut $app.link,
            now: $app.now,
            offset: $app.offset,
            lang: $app.lang,
            categories: &$app.categories,
            keymap: &$app.keymap,
        }
    };
}

// What a pushed change does to the screen (uses `cx!` above).
#[path = "app_events.rs"]
mod events;
// The shift-start digest over the panes.
#[path = "app_digest.rs"]
mod digest;
// `y`: the selected ticket, phone or number to the operator's clipboard.
#[path = "app_copy.rs"]
mod copy;
pub use copy::osc52;

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub link: Link,
    pub now: Time,
    pub offset: FixedOffset,
    pub me: Option<Staff>,
    pub staff: Vec<Staff>,
    /// The desk's category list, as the daemon's welcome gave it.
    pub categories: crate::domain::category::CategoryList,
    pub focus: Focus,
    pub overlay: Overlay,
    pub lookup: LookupPane,
    pub intake: IntakePane,
    pub schedule: SchedulePane,
    pub callbacks: CallbacksPane,
    pub cases: CasesPane,
    pub reports: ReportsPane,
    pub paperwork: PaperworkPane,
    pub stats: Stats,
    pub message: Option<(Level, String)>,
    pub online: bool,
    pub quit: bool,
    /// Text to put on the operator's clipboard (OSC 52) when the screen is next drawn.
    pub clipboard: Option<String>,
    /// The newest change this screen has seen: where the next digest starts.
    pub seen_seq: u64,
}

impl App {
    pub fn new(link: Link, keymap: Keymap, lang: Lang, now: Time) -> App {
        let offset = crate::domain::local_time::fixed_offset(link.welcome.utc_offset_minutes);
        let me = link.welcome.me.clone();
        let categories = link.welcome.categories.clone();
        let mut app = App {
            lang,
            keymap,
            link,
            now,
            offset,
            me,
            staff: Vec::new(),
            categories,
            focus: Focus::Lookup,
            overlay: Overlay::None,
            lookup: LookupPane::default(),
            intake: IntakePane::default(),
            schedule: SchedulePane::default(),
            callbacks: CallbacksPane::default(),
            cases: CasesPane::default(),
            reports: ReportsPane::default(),
            paperwork: PaperworkPane::default(),
            stats: Stats::default(),
            message: None,
            online: true,
            quit: false,
            clipboard: None,
            seen_seq: 0,
        };
        app.seen_seq = app.link.welcome.last_seq;
        // A guard's screen is the gate: the release slips, nothing else (R-OPS-02).
        if app.is_guard() {
            app.paperwork = PaperworkPane::for_guard();
            app.focus = Focus::Paperwork;
        }
        app.reload_all();
        app
    }

    pub fn is_guard(&self) -> bool {
        self.me
            .as_ref()
            .is_some_and(|m| m.role == crate::domain::Role::Guard)
    }

    /// The hotline: puts the next of its estates in view. What the panes showed was the
    /// last estate's, so the lookup goes back to its search and every view reloads.
    fn next_estate(&mut self) {
        let estates = &self.link.welcome.estates;
        if estates.len() < 2 {
            self.say(Level::Info, Msg::OneEstate.text(self.lang));
            return;
        }
        let now = self.link.estate();
        let i = estates
            .iter()
            .position(|e| Some(&e.code) == now.as_ref())
            .map_or(0, |i| (i + 1) % estates.len());
        let next = estates[i].clone();
        self.link.set_estate(&next.code);
        self.lookup = LookupPane::default();
        self.reload_all();
        let named = format!("{} {}", next.code, next.name);
        self.say(
            Level::Info,
            fill(Msg::EstateInView.text(self.lang), &[&named]),
        );
    }

    /// Staff, counts and the visible pane, from scratch (start, reconnect, resync).
    pub fn reload_all(&mut self) {
        self.reload_staff();
        self.me = self.link.welcome.me.clone();
        self.schedule.stale = true;
        self.callbacks.stale = true;
        self.cases.stale = true;
        self.refresh_stats();
        let card = self.lookup.reload_card(&mut cx!(self));
        self.apply(card);
        self.refresh_visible();
    }

    fn refresh_stats(&mut self) {
        if self.is_guard() {
            return;
        }
        match self.link.send(req::Stats {}) {
            Ok(s) => self.stats = s,
            Err(e) => self.apply(Outcome::from_error(e)),
        }
    }

    /// The names the screen shows for uids; a failure is said on the status line.
    fn reload_staff(&mut self) {
        if self.is_guard() {
            return;
        }
        match self.link.send(req::StaffList {}) {
            Ok(s) => self.staff = s,
            Err(e) => self.apply(Outcome::from_error(e)),
        }
    }

    /// Loads the shown queue if a change made it stale — not while a report or an outcome
    /// is being typed for its selected row, which a reload could move under the operator.
    fn refresh_visible(&mut self) {
        let outcome = match self.focus {
            Focus::Schedule if self.schedule.stale && self.schedule.report.is_none() => {
                self.schedule.load(&mut cx!(self))
            }
            Focus::Callbacks if self.callbacks.stale && self.callbacks.recording.is_none() => {
                self.callbacks.load(&mut cx!(self))
            }
            Focus::Cases if self.cases.stale && self.cases.open.is_none() => {
                self.cases.load(&mut cx!(self))
            }
            Focus::Reports if self.reports.stale => self.reports.load(&mut cx!(self)),
            Focus::Paperwork if self.paperwork.stale && self.paperwork.form.is_none() => {
                self.paperwork.load(&mut cx!(self))
            }
            _ => Outcome::Nothing,
        };
        self.apply(outcome);
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some((level, text.into()));
    }

    pub(super) fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Nothing => {}
            Outcome::Info(m) => self.say(Level::Info, m),
            Outcome::Error(m) => self.say(Level::Error, m),
            Outcome::Refused(e) => self.say(Level::Error, crate::words::desk_error(self.lang, &e)),
            Outcome::Offline => {
                if self.online {
                    self.online = false;
                    self.say(Level::Error, Msg::Reconnecting.text(self.lang));
                }
            }
            Outcome::Intake(c) => {
                self.intake = IntakePane::start(Some(c));
                self.show(Focus::Intake);
            }
            Outcome::Visit(c, ticket, kind) => {
                let me = self
                    .me
                    .as_ref()
                    .map(|m| m.username.clone())
                    .unwrap_or_default();
                self.schedule.open_form(c, ticket, kind, &me);
                self.show(Focus::Schedule);
            }
            Outcome::OpenCase(ticket) => {
                self.focus = Focus::Cases;
                let o = self.cases.open_ticket(&ticket, &mut cx!(self));
                self.apply(o);
            }
        }
    }

    pub fn show(&mut self, focus: Focus) {
        if self.is_guard() && focus != Focus::Paperwork {
            // The daemon refuses a guard everything but the gate; the screen does not offer it.
            return;
        }
        if focus == Focus::Paperwork && self.focus != Focus::Paperwork {
            let resident = self
                .lookup
                .shows_customer()
                .map(|id| (id, self.lookup.shown_unit()));
            self.paperwork.set_resident(resident);
            self.paperwork.stale = true;
        }
        self.focus = focus;
        self.refresh_visible();
    }

    /// The text-field owner for the focused pane, if a field has focus.
    fn text_focus(&self) -> bool {
        match self.focus {
            Focus::Lookup => self.lookup.text_focus(),
            Focus::Intake => self.intake.text_focus(),
            Focus::Schedule => self.schedule.text_focus(),
            Focus::Callbacks => self.callbacks.text_focus(),
            Focus::Cases => self.cases.text_focus(),
            Focus::Reports => false,
            Focus::Paperwork => self.paperwork.text_focus(),
        }
    }

    /// One key press. Searches triggered by typing wait for `settle`.
    pub fn press_key(&mut self, key: Key) {
        if let Overlay::Digest(_) = self.overlay {
            self.digest_key(key);
            return;
        }
        if let Overlay::Palette(p) = &mut self.overlay {
            if p.query.edit(key) {
                p.selected = 0;
                return;
            }
            let cmds = p.matches(self.lang);
            match self.keymap.lookup(Section::Global, key) {
                Some(Command::SelectNext) => {
                    p.selected = (p.selected + 1).min(cmds.len().saturating_sub(1))
                }
                Some(Command::SelectPrev) => p.selected = p.selected.saturating_sub(1),
                Some(Command::Back) | Some(Command::OpenPalette) => self.overlay = Overlay::None,
                _ if key == Key::plain(super::keymap::KeyName::Enter) => {
                    let chosen = cmds.get(p.selected).copied();
                    self.overlay = Overlay::None;
                    if let Some(c) = chosen {
                        self.run(c);
                    }
                }
                // A tab key or another global key closes the palette and does its work.
                Some(cmd) if cmd != Command::Noop => {
                    self.overlay = Overlay::None;
                    self.run(cmd);
                }
                _ => {}
            }
            return;
        }
        if let Overlay::Help = self.overlay {
            match self.keymap.lookup(Section::Global, key) {
                Some(Command::Back | Command::ToggleHelp | Command::Quit) => {
                    self.overlay = Overlay::None
                }
                // A tab key or another global key closes the help and does its work.
                Some(cmd) if cmd != Command::Noop => {
                    self.overlay = Overlay::None;
                    self.run(cmd);
                }
                _ => {}
            }
            return;
        }
        if self.text_focus() {
            let taken = match self.focus {
                Focus::Lookup => self.lookup.type_key(key),
                Focus::Intake => self.intake.type_key(key),
                Focus::Schedule => self.schedule.type_key(key),
                Focus::Callbacks => self.callbacks.type_key(key),
                Focus::Cases => self.cases.type_key(key),
                Focus::Reports => false,
                Focus::Paperwork => self.paperwork.type_key(key),
            };
            if taken {
                return;
            }
        }
        // An open case has its own keys (its steps), then the pane's, then global.
        let case_cmd = (self.focus == Focus::Cases && self.cases.open.is_some())
            .then(|| self.keymap.lookup(Section::Case, key))
            .flatten();
        if let Some(cmd) = case_cmd.or_else(|| self.keymap.lookup(self.focus.section(), key)) {
            self.run(cmd);
        }
    }

    /// Pasted text goes to the focused text field as characters; line breaks become spaces
    /// and other control characters are dropped, so a paste never presses a key.
    pub fn paste(&mut self, text: &str) {
        if !self.text_focus() && !matches!(self.overlay, Overlay::Palette(_)) {
            return;
        }
        for c in text.chars() {
            let c = if c == '\n' || c == '\t' { ' ' } else { c };
            if !c.is_control() {
                self.press_key(Key::plain(super::keymap::KeyName::Char(c)));
            }
        }
    }

    /// Runs one command: global ones here, the rest in the focused pane.
    pub fn run(&mut self, cmd: Command) {
        match cmd {
            Command::Quit => self.quit = true,
            Command::ToggleHelp => self.overlay = Overlay::Help,
            Command::OpenPalette => self.overlay = Overlay::Palette(Palette::default()),
            Command::ShowLookup => self.show(Focus::Lookup),
            Command::ShowIntake => self.show(Focus::Intake),
            Command::ShowSchedule => self.show(Focus::Schedule),
            Command::ShowCallbacks => self.show(Focus::Callbacks),
            Command::ShowReports => self.show(Focus::Reports),
            Command::ShowPaperwork => self.show(Focus::Paperwork),
            Command::ShowDuplicates => {
                self.focus = Focus::Lookup;
                let o = self.lookup.open_duplicates(&mut cx!(self));
                self.apply(o);
            }
            Command::ShowToVerify => {
                self.focus = Focus::Lookup;
                let o = self.lookup.open_to_verify(&mut cx!(self));
                self.apply(o);
            }
            Command::ShowCases => {
                self.cases.open = None;
                self.show(Focus::Cases)
            }
            Command::ShowDeadlines | Command::ShowMine => {
                let view = if cmd == Command::ShowDeadlines {
                    crate::domain::case::CaseView::Deadlines
                } else {
                    crate::domain::case::CaseView::Mine
                };
                self.focus = Focus::Cases;
                let o = self.cases.switch(view, &mut cx!(self));
                self.apply(o);
            }
            Command::NextPane | Command::PrevPane => {
                let i = Focus::ALL
                    .iter()
                    .position(|f| *f == self.focus)
                    .unwrap_or(0);
                let n = Focus::ALL.len();
                let step = if cmd == Command::NextPane { 1 } else { n - 1 };
                self.show(Focus::ALL[(i + step) % n]);
            }
            Command::Back => self.back(),
            Command::Noop => {}
            Command::NextEstate => self.next_estate(),
            Command::CopySelection => self.copy_selection(),
            Command::NewCase if self.focus != Focus::Lookup && self.focus != Focus::Intake => {
                self.intake = IntakePane::start(None);
                self.show(Focus::Intake);
            }
            cmd => {
                let mut cx = cx!(self);
                let outcome = match self.focus {
                    Focus::Lookup => self.lookup.handle(cmd, &mut cx),
                    Focus::Intake => self.intake.handle(cmd, &mut cx),
                    Focus::Schedule => self.schedule.handle(cmd, &mut cx),
                    Focus::Callbacks => self.callbacks.handle(cmd, &mut cx),
                    Focus::Cases => self.cases.handle(cmd, &mut cx, self.me.as_ref()),
                    Focus::Reports => self.reports.handle(cmd, &mut cx),
                    Focus::Paperwork => self.paperwork.handle(cmd, &mut cx, &self.staff),
                };
                // A save's counts come with its pushed echo (`on_change`). A view loaded
                // afresh brings its tab counts with it, so the two always agree.
                let view_loaded = self.focus == Focus::Cases
                    && matches!(
                        cmd,
                        Command::ViewMine
                            | Command::ViewHandling
                            | Command::ViewDeadlines
                            | Command::ViewEscalated
                            | Command::ViewOpen
                            | Command::Refresh
                    );
                if view_loaded {
                    self.refresh_stats();
                }
                self.apply(outcome);
            }
        }
    }

    /// Esc: the focused pane backs out one level; at its top, go to lookup.
    fn back(&mut self) {
        let backed = match self.focus {
            Focus::Lookup => self.lookup.back(),
            Focus::Intake => self.intake.back(),
            Focus::Schedule => self.schedule.back(),
            Focus::Callbacks => self.callbacks.back(),
            Focus::Cases => self.cases.back(),
            Focus::Reports => false,
            Focus::Paperwork => self.paperwork.back(),
        };
        if !backed && self.focus != Focus::Lookup {
            self.show(Focus::Lookup);
        }
    }

    /// After a batch of keys: the searches they asked for, once.
    pub fn settle(&mut self) {
        let mut cx = cx!(self);
        let outcome = match self.focus {
            Focus::Lookup => self.lookup.settle(&mut cx),
            Focus::Intake => self.intake.settle(&mut cx),
            Focus::Cases => self.cases.settle(&mut cx),
            _ => Outcome::Nothing,
        };
        self.apply(outcome);
    }

    /// The countdown of my saved, undispatched case, for the status bar (R-INT-07).
    pub fn dispatch_countdown(&self) -> Option<(String, i64)> {
        self.intake
            .undispatched(self.now)
            .map(|(case, s)| (case.ticket.0.clone(), s))
    }

    pub fn keymap_problem(&mut self, problem: Option<String>) {
        if let Some(p) = problem {
            let text = fill(Msg::KeymapProblem.text(self.lang), &[&p]);
            self.say(Level::Error, text);
        }
    }
}
