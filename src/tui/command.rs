//! Every action a key can trigger. Keymap values parse straight into `Command`
//! (`snake_case` in TOML), so a typo in a keymap file fails at load with its line; help and
//! the command palette list `Command::ALL` with their descriptions from `i18n`.

use serde::Deserialize;

macro_rules! commands {
    ($($variant:ident),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Command {
            $($variant),+
        }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant),+];
        }
    };
}

commands!(
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
    NextEstate,
    NextPane,
    PrevPane,
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
);

impl Command {
    /// The TOML spelling, e.g. `save_case`.
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde() {
        for &c in Command::ALL {
            let parsed: Command =
                serde::Deserialize::deserialize(toml::Value::String(c.name())).unwrap();
            assert_eq!(parsed, c);
        }
    }
}
