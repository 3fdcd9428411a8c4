//! Every action a key can trigger, declared once; what each does is in the message files
//! (`src/words/commands-en.ftl`, `commands-zh.ftl`).
//! Keymap values parse straight into `Command` (`snake_case` in TOML), so a typo in a keymap
//! file fails at load with its line; help and the command palette list `Command::ALL`.

use serde::Deserialize;

use super::i18n::Lang;
use std::sync::OnceLock;

/// Each command; its one-line description (help, the palette, the panes' hint lines) is
/// `command-<name>` in the message files.
macro_rules! commands {
    ($($(#[$m:meta])* $variant:ident,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Command {
            $($(#[$m])* $variant),+
        }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant),+];

            fn ident(self) -> &'static str {
                match self {
                    $(Command::$variant => stringify!($variant)),+
                }
            }
        }
    };
}

commands! {
    // Global
    Quit,
    ToggleHelp,
    OpenPalette,
    Back,
    ShowLookup,
    ShowIntake,
    ShowSchedule,
    ShowCallbacks,
    ShowCases,
    ShowReports,
    ShowPaperwork,
    // The status bar's counts: straight into the matching view.
    ShowDeadlines,
    ShowMine,
    // The hotline: the next of its estates in view.
    CopySelection,
    NextEstate,
    NextPane,
    PrevPane,
    // A call ringing at my extension: its caller's card (or a new resident), intake by
    // phone, the pop-up closed.
    CallCard,
    CallIntake,
    CallDismiss,
    // Undo my own last step on a case (after a confirmation naming it).
    UndoLast,
    // Incidents: link the saved case to the event it is part of; the Cases pane's groups.
    LinkIncident,
    ViewIncidents,
    // A reply or note form: the reply templates' list, filled from the case.
    PickTemplate,
    // `noop` unbinds a key in a user keymap.
    Noop,
    // Lists
    SelectNext,
    SelectPrev,
    // Lookup
    FocusSearch,
    OpenCustomer,
    EditCustomer,
    OpenUnit,
    VerifyCustomer,
    ShowToVerify,
    ShowDuplicates,
    SwapKept,
    MergePair,
    NewCase,
    NewVisit,
    // Intake
    NextField,
    PrevField,
    NextOption,
    PrevOption,
    SaveCase,
    Confirm,
    // Schedule
    PrevDay,
    NextDay,
    Today,
    MarkDone,
    CancelVisit,
    MoveVisit,
    // Callbacks
    RecordSatisfied,
    RecordUnsatisfied,
    RecordUnreachable,
    ToggleOnsite,
    ToggleSigned,
    Refresh,
    // Cases
    ViewMine,
    ViewHandling,
    ViewDeadlines,
    ViewEscalated,
    ViewSuggestions,
    ViewOpen,
    OpenCase,
    ToggleSelect,
    BulkReassign,
    BulkEscalate,
    // Reports
    PrevPeriod,
    NextPeriod,
    ReportDay,
    ReportMonth,
    ReportQuarter,
    WriteReport,
    ToggleSurvey,
    // Paperwork: the lists, and one command per transition
    PaperPermits,
    PaperSlips,
    PaperVisitors,
    PaperLoans,
    PaperFees,
    NewRecord,
    PermitApprove,
    PermitReject,
    PermitWithdraw,
    PermitExtend,
    PermitFinish,
    InspectPass,
    InspectFail,
    SignBack,
    PermitOccupied,
    NeighbourSigned,
    PapersBack,
    FileComplete,
    RefundDeposit,
    PrintPage,
    LetOut,
    VoidSlip,
    SignCover,
    OkCover,
    LogReminder,
    // The case view's steps
    StepDispatch,
    StepNote,
    StepAssist,
    StepStart,
    StepPromise,
    StepReply,
    StepEscalate,
    StepResolve,
    StepClose,
    StepTake,
    StepReassign,
    StepInvestigate,

}

impl Command {
    /// The TOML spelling, e.g. `save_case`.
    pub fn name(self) -> String {
        crate::domain::refusal::kebab(self.ident()).replace('-', "_")
    }

    /// Its id in the message files (`src/words/commands-*.ftl`): `command-save-case`.
    pub fn id(self) -> String {
        format!("command-{}", crate::domain::refusal::kebab(self.ident()))
    }

    /// What the command does, in `lang`; each description is read from the message files once.
    pub fn describe(self, lang: Lang) -> &'static str {
        static TEXTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
        // `ALL` lists the variants in declaration order: the discriminant is the index.
        super::i18n::read_once(&TEXTS, Command::ALL, |c, l| {
            crate::words::say(l, &c.id(), &[])
        })[lang as usize][self as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing internal on the screen: no command describes itself with a rule id or a
    /// source line, in either language.
    #[test]
    fn no_command_description_shows_a_rule_id_or_a_source_line() {
        for &c in Command::ALL {
            for t in [c.describe(Lang::En), c.describe(Lang::Zh)] {
                assert_eq!(
                    crate::domain::text::internal_reference(t),
                    None,
                    "{c:?}: {t}"
                );
            }
        }
    }

    #[test]
    fn names_round_trip_through_serde() {
        for &c in Command::ALL {
            let parsed: Command =
                serde::Deserialize::deserialize(toml::Value::String(c.name())).unwrap();
            assert_eq!(parsed, c);
        }
    }
}
