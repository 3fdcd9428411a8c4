//! The app: the panes as named fields, which one has focus, the overlays (help, command
//! palette, digest), the status counts, and the routing of a key: a focused text field
//! first (printable keys only), then the pane's keymap sections, then `[global]`. Panes
//! are reached through their one contract (`panes::Pane`); `split` is the one place a
//! `Focus` names a pane.

use crate::protocol::req;
use crate::tui::panes::cursor;
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
use super::panes::{Cx, Handoff, Outcome, Pane, View};
use crate::client::Calls;
use crate::domain::{ChangeRecord, ChangeSubject, Staff, Time};
use crate::protocol::Stats;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

pub use super::overlay::{Overlay, Palette};

// What a pushed change does to the screen.
#[path = "app_events.rs"]
mod events;
// The shift-start digest over the panes.
#[path = "app_digest.rs"]
mod digest;
// `y`: the selected ticket, phone or number to the operator's clipboard.
#[path = "app_copy.rs"]
mod copy;
pub use copy::osc52;
// Alt-E on the hotline: the next estate in view, then all of them.
#[path = "app_estates.rs"]
mod estates;
// A call ringing at my extension: the caller on screen.
#[path = "app_call.rs"]
mod call;
// Ctrl-Z: my last step on a case undone, after a confirmation.
#[path = "app_undo.rs"]
mod undo;
pub use call::ringing_call;

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
    /// When the operator last pressed a key or pasted (R-REC-12: idle screens hide).
    pub last_key: Time,
    /// The call ringing at my extension, until answered with a key or closed.
    pub ringing: Option<crate::protocol::Ringing>,
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
            last_key: now,
            ringing: None,
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

    /// R-REC-12: whether the screen has been left idle long enough to hide resident details.
    pub fn hidden(&self) -> bool {
        let minutes = self.link.welcome.privacy_minutes;
        minutes > 0 && self.now - self.last_key >= chrono::Duration::minutes(minutes)
    }

    /// Staff, counts and the visible pane, from scratch (start, reconnect, resync).
    pub fn reload_all(&mut self) {
        self.reload_staff();
        self.me = self.link.welcome.me.clone();
        self.each_pane(|p, cx| p.resync(cx));
        self.refresh_stats();
        self.refresh_visible();
    }

    /// The focused pane, the context it works in and what it draws with.
    pub fn split(&mut self, focus: Focus) -> (&mut dyn Pane, Cx<'_>, View<'_>) {
        let resident = self
            .lookup
            .shows_customer()
            .map(|id| (id, self.lookup.shown_unit()));
        let App {
            lang,
            keymap,
            link,
            now,
            offset,
            me,
            staff,
            categories,
            lookup,
            intake,
            schedule,
            callbacks,
            cases,
            reports,
            paperwork,
            stats,
            ..
        } = self;
        let pane: &mut dyn Pane = match focus {
            Focus::Lookup => lookup,
            Focus::Intake => intake,
            Focus::Schedule => schedule,
            Focus::Callbacks => callbacks,
            Focus::Cases => cases,
            Focus::Reports => reports,
            Focus::Paperwork => paperwork,
        };
        let step_rules = link.welcome.step_rules;
        let cx = Cx {
            link,
            now: *now,
            offset: *offset,
            lang: *lang,
            categories,
            keymap,
            me: me.as_ref(),
            staff,
            resident,
            recount: false,
        };
        let view = View {
            lang: *lang,
            now: *now,
            offset: *offset,
            staff,
            keymap,
            categories,
            me: me.as_ref(),
            views: &stats.views,
            step_rules,
        };
        (pane, cx, view)
    }

    /// `f` on the pane at `focus`; its outcome applied, and the counts read again when its
    /// load brought new ones.
    fn with_pane(
        &mut self,
        focus: Focus,
        f: impl FnOnce(&mut dyn Pane, &mut Cx<'_>) -> Outcome,
    ) -> Outcome {
        let (pane, mut cx, _) = self.split(focus);
        let outcome = f(pane, &mut cx);
        if cx.recount {
            self.refresh_stats();
        }
        outcome
    }

    /// `f` on every pane, each outcome applied.
    fn each_pane(&mut self, mut f: impl FnMut(&mut dyn Pane, &mut Cx<'_>) -> Outcome) {
        for focus in Focus::ALL {
            let o = self.with_pane(focus, &mut f);
            self.apply(o);
        }
    }

    /// What the focused pane says of itself: its keymap sections, a text field in focus.
    fn focused(&mut self) -> (&'static [Section], bool) {
        let (pane, _, _) = self.split(self.focus);
        (pane.sections(), pane.text_focus())
    }

    fn refresh_stats(&mut self) {
        if let Some(s) = self.fetch(req::Stats {}) {
            self.stats = s;
        }
    }

    /// The names the screen shows for uids.
    fn reload_staff(&mut self) {
        if let Some(s) = self.fetch(req::StaffList {}) {
            self.staff = s;
        }
    }

    /// What the screen keeps of the desk's (nothing for a guard, whose screen shows none
    /// of it); a failure is said on the status line.
    fn fetch<C: crate::protocol::Call>(&mut self, request: C) -> Option<C::Reply> {
        if self.is_guard() {
            return None;
        }
        match self.link.send(request) {
            Ok(r) => Some(r),
            Err(e) => {
                self.apply(Outcome::from_error(e));
                None
            }
        }
    }

    /// The shown pane loads what a change made stale.
    fn refresh_visible(&mut self) {
        let o = self.with_pane(self.focus, |p, cx| p.refresh(cx));
        self.apply(o);
    }

    /// The pane's keymap sections, for help and the palette's key column.
    pub fn sections(&mut self) -> &'static [Section] {
        self.focused().0
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
            Outcome::Hand(work) => {
                let to = work.to();
                if !self.may_show(to) {
                    return;
                }
                let o = self.with_pane(to, |p, cx| p.take(work, cx));
                self.show(to);
                self.apply(o);
            }
            Outcome::NotTaken => {}
        }
    }

    /// A guard's screen is the gate alone: the daemon refuses a guard everything else
    /// (R-OPS-02), and the screen does not offer it.
    fn may_show(&self, focus: Focus) -> bool {
        !self.is_guard() || focus == Focus::Paperwork
    }

    /// `focus` comes on screen (told so when it comes from another pane); no loading.
    fn enter(&mut self, focus: Focus) {
        if focus != self.focus {
            self.focus = focus;
            let o = self.with_pane(focus, |p, cx| p.shown(cx));
            self.apply(o);
        }
    }

    pub fn show(&mut self, focus: Focus) {
        if !self.may_show(focus) {
            return;
        }
        self.enter(focus);
        self.refresh_visible();
    }

    /// One key press. Searches triggered by typing wait for `settle`.
    pub fn press_key(&mut self, key: Key) {
        // R-REC-12: the first key after the screen hid itself only shows it again.
        let woke = self.hidden();
        self.last_key = self.now;
        if woke {
            return;
        }
        if let Overlay::Digest(_) = self.overlay {
            self.digest_key(key);
            return;
        }
        if let Overlay::Undo(offer) = &self.overlay {
            let offer = offer.clone();
            return self.undo_key(key, offer);
        }
        if let Overlay::Palette(p) = &mut self.overlay {
            if p.query.edit(key) {
                p.selected = 0;
                return;
            }
            let cmds = p.matches(self.lang);
            match self.keymap.lookup(Section::Global, key) {
                Some(Command::SelectNext) => p.selected = cursor::next(p.selected, cmds.len()),
                Some(Command::SelectPrev) => p.selected = cursor::prev(p.selected),
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
        let (sections, text_focus) = self.focused();
        if text_focus {
            let (pane, _, _) = self.split(self.focus);
            if pane.type_key(key) {
                return;
            }
        }
        if let Some(cmd) = self.keymap.lookup_in(sections, key) {
            self.run(cmd);
        }
    }

    /// Pasted text goes to the focused text field as characters; line breaks become spaces
    /// and other control characters are dropped, so a paste never presses a key.
    pub fn paste(&mut self, text: &str) {
        if self.hidden() {
            return;
        }
        self.last_key = self.now;
        if !self.focused().1 && !matches!(self.overlay, Overlay::Palette(_)) {
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
            Command::CallCard => self.call_card(),
            Command::CallIntake => self.call_intake(),
            Command::CallDismiss => self.ringing = None,
            Command::UndoLast => self.undo_last(),
            cmd => {
                // A tab key, or a shortcut into a pane's view, shows that pane first.
                let home = Focus::home_of(cmd);
                if let Some(home) = home {
                    if !self.may_show(home) {
                        return;
                    }
                    self.enter(home);
                }
                match self.with_pane(self.focus, |p, cx| p.handle(cmd, cx)) {
                    // Intake from anywhere: for the resident a pane has chosen, else blank.
                    Outcome::NotTaken if cmd == Command::NewCase => {
                        self.apply(Outcome::Hand(Handoff::Intake(None)))
                    }
                    o => self.apply(o),
                }
                if home.is_some() {
                    self.refresh_visible();
                }
            }
        }
    }

    /// Esc: the focused pane backs out one level; at its top, go to lookup.
    fn back(&mut self) {
        let (pane, _, _) = self.split(self.focus);
        if !pane.back() && self.focus != Focus::Lookup {
            self.show(Focus::Lookup);
        }
    }

    /// After a batch of keys: the searches they asked for, once.
    pub fn settle(&mut self) {
        let o = self.with_pane(self.focus, |p, cx| p.settle(cx));
        self.apply(o);
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
