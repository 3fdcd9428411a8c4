//! Which pane has the screen: the panes in tab order, each with its tab key and its tab
//! title, and the commands that bring a pane up.

use super::command::Command;
use super::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Lookup,
    Intake,
    Schedule,
    Callbacks,
    Cases,
    Reports,
    Paperwork,
}

impl Focus {
    pub const ALL: [Focus; 7] = [
        Focus::Lookup,
        Focus::Intake,
        Focus::Schedule,
        Focus::Callbacks,
        Focus::Cases,
        Focus::Reports,
        Focus::Paperwork,
    ];

    /// The `[global]` command that shows this pane (its tab key).
    pub fn tab_command(self) -> Command {
        match self {
            Focus::Lookup => Command::ShowLookup,
            Focus::Intake => Command::ShowIntake,
            Focus::Schedule => Command::ShowSchedule,
            Focus::Callbacks => Command::ShowCallbacks,
            Focus::Cases => Command::ShowCases,
            Focus::Reports => Command::ShowReports,
            Focus::Paperwork => Command::ShowPaperwork,
        }
    }

    /// The pane a command shows before that pane does it: its tab key, or a `[global]`
    /// shortcut into one of its views (`show_deadlines` is the Cases pane's).
    pub fn home_of(cmd: Command) -> Option<Focus> {
        match cmd {
            Command::ShowDuplicates | Command::ShowToVerify => Some(Focus::Lookup),
            Command::ShowDeadlines | Command::ShowMine => Some(Focus::Cases),
            cmd => Focus::ALL.into_iter().find(|f| f.tab_command() == cmd),
        }
    }

    pub fn title(self) -> Msg {
        match self {
            Focus::Lookup => Msg::TabLookup,
            Focus::Intake => Msg::TabIntake,
            Focus::Schedule => Msg::TabSchedule,
            Focus::Callbacks => Msg::TabCallbacks,
            Focus::Cases => Msg::TabCases,
            Focus::Reports => Msg::TabReports,
            Focus::Paperwork => Msg::TabPaperwork,
        }
    }
}
