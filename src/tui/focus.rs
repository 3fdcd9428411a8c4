//! Which pane has the screen: the panes in tab order, each with its keymap section and its
//! tab title.

use super::i18n::Msg;
use super::keymap::Section;

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

    pub fn section(self) -> Section {
        match self {
            Focus::Lookup => Section::Lookup,
            Focus::Intake => Section::Intake,
            Focus::Schedule => Section::Schedule,
            Focus::Callbacks => Section::Callbacks,
            Focus::Cases => Section::Cases,
            Focus::Reports => Section::Reports,
            Focus::Paperwork => Section::Paperwork,
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
