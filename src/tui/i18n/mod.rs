//! The screen's words: `Msg` names each message (an enum, so a message the code asks for
//! always exists), its words in each language are in the message files
//! (`src/words/screen-en.ftl`, `screen-zh.ftl`; a test fails when one lacks a message).
//! A message's values (`{ $a }`, `{ $b }` …) are filled in order by `fill`. Command
//! descriptions are where each command is declared (`tui::command`).

use crate::domain::callback::Outcome;
use crate::domain::case::{CaseKind, CaseStatus, Channel, Severity};
use crate::domain::visit::VisitKind;
use crate::domain::Tier;
use std::sync::OnceLock;

pub use crate::words::Lang;

macro_rules! messages {
    ($($id:ident,)+) => {
        /// A message of the screen: its words are `screen-<id>` in `src/words/screen-*.ftl`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($id),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$id),+];

            fn name(self) -> &'static str {
                match self {
                    $(Msg::$id => stringify!($id),)+
                }
            }
        }
    };
}

messages! {
    TabLookup,
    TabIntake,
    TabSchedule,
    TabCallbacks,
    TabCases,
    TabReports,
    TabPaperwork,
    ReportWritten,
    ReportLoading,
    ReportDay,
    ReportMonth,
    ReportQuarter,
    ReportVersus,
    Copied,
    NothingToCopy,
    WindowTooSmall,
    ReportVersusToDate,
    ReportCases,
    ReportComplaints,
    ReportNewRepeat,
    ReportCallbackRate,
    ReportSatisfaction,
    ReportOnsiteSigned,
    ReportReopened,
    ReportByCategory,
    ReportDaily,
    ReportPerDays,
    ReportStaff,
    ReportReceived,
    ReportResolved,
    ReportOnTime,
    SurveyNone,
    SurveyTitle,
    SurveyCollecting,
    SurveyOverdue,
    SurveyClosed,
    SurveyCoverage,
    SurveyReturn,
    SurveyDates,
    SurveyTopics,
    SurveyCases,
    ReportStaffTitle,
    ViewMineTab,
    ViewHandlingTab,
    ViewDeadlinesTab,
    ViewEscalatedTab,
    ViewOpenTab,
    FilterTitle,
    NoCases,
    MoreRows,
    CaseTitle,
    ResidentLabel,
    OwnerLabel,
    HandlerLabel,
    AssistsLabel,
    StatusLabel,
    DeadlinesLabel,
    PromisedLabel,
    EscalatedToLabel,
    TimelineLabel,
    StepsLabel,
    LeftLabel,
    OverdueBy,
    ClockAcknowledge,
    ClockDispatch,
    ClockRespond,
    ClockResolve,
    ClockPromised,
    FieldText,
    FieldDispatchTo,
    FieldTo,
    FieldReason,
    FieldName,
    FieldPhones,
    FieldUnits,
    FieldNotes,
    FieldTier,
    EditTitle,
    EditHint,
    Edited,
    EstateInView,
    OneEstate,
    HintEdit,
    HintUnit,
    HintVerify,
    VerifiedOn,
    NeverVerified,
    VerifiedNow,
    ToVerifyTitle,
    DuplicatesTitle,
    NoDuplicates,
    MergeTitle,
    Merged,
    NeverVerifiedShort,
    NothingToVerify,
    HintPickOccupant,
    HintOpenCard,
    UnitTitle,
    PapersTitle,
    NobodyOnRecord,
    MovedOut,
    Since,
    NoMoveInRecorded,
    FieldSummary,
    FieldCause,
    FieldAction,
    FieldWhen,
    StepDone,
    HintOpen,
    HintOpenCase,
    HintMark,
    DigestTitle,
    DigestCases,
    DigestCallbacks,
    DigestVisits,
    DigestChanges,
    DigestMore,
    DigestHint,
    HintBulkReassign,
    HintBulkEscalate,
    MarkFirst,
    BulkDone,
    BulkReassignTitle,
    BulkEscalateTitle,
    HintFilter,
    PastSla,
    CallbacksDue,
    MyOpen,
    Reconnecting,
    Reconnected,
    NotRegistered,
    SearchTitle,
    TypeToSearch,
    NoMatches,
    ColName,
    ColUnit,
    ColPhone,
    ColTier,
    Customer,
    Timeline,
    Repeat,
    NoHistory,
    Notes,
    HintNewCase,
    HintNewVisit,
    HintBack,
    FieldResident,
    FieldChannel,
    FieldKind,
    FieldCategory,
    FieldSeverity,
    FieldDescription,
    FieldSubject,
    FieldPromised,
    ResidentHint,
    PromisedHint,
    ReportUnmapped,
    CategoryHint,
    CategoryListTitle,
    CategoryNoMatch,
    HintPick,
    HintTake,
    IntakeTitle,
    HintFields,
    HintChoose,
    HintReadBack,
    ReadBackTitle,
    ReadBack,
    ReadBackPromise,
    ReadBackSubject,
    HintConfirmedSave,
    HintBackToEdit,
    SavedTicket,
    DispatchWithin,
    DispatchLate,
    DispatchTo,
    DispatchedTo,
    HintDispatch,
    HintBookVisit,
    HintAnotherCase,
    HintToLookup,
    NeedResident,
    PickResident,
    DispatchEmpty,
    MinutesInvalid,
    Offline,
    WaitStandby,
    WaitDatabase,
    WaitReconnecting,
    SavesResume,
    ScheduleTitle,
    NoVisits,
    HintDay,
    HintToday,
    HintBookNew,
    HintDone,
    VisitFormTitle,
    FieldStaff,
    FieldVisitKind,
    FieldStart,
    FieldMinutes,
    FieldPurpose,
    FieldReport,
    HintSave,
    HintCancel,
    VisitDone,
    VisitSaved,
    ReportSaved,
    CallbacksTitle,
    NoCallbacks,
    Overdue,
    OnsiteRequired,
    HintSatisfied,
    HintUnsatisfied,
    HintUnreachable,
    HintOnsiteVisit,
    Recording,
    Onsite,
    Signed,
    Note,
    Recorded,
    HelpTitle,
    PaletteTitle,
    KeymapProblem,
    Open,
    StatusDispatch,
    StatusDispatchLate,

}

/// Fills `{}` placeholders in order.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

pub fn kind_label(k: CaseKind, lang: Lang) -> &'static str {
    let (en, zh) = match k {
        CaseKind::Complaint => ("complaint", "投诉"),
        CaseKind::Repair => ("repair", "报修"),
        CaseKind::Inquiry => ("inquiry", "咨询"),
        CaseKind::Suggestion => ("suggestion", "建议"),
        CaseKind::Help => ("help request", "求助"),
    };
    pick(lang, en, zh)
}

pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    let (en, zh) = match c {
        Channel::Counter => ("counter", "前台来访"),
        Channel::Phone => ("phone", "电话"),
        Channel::Letter => ("letter", "信函"),
        Channel::Email => ("e-mail", "邮件"),
        Channel::Staff => ("via staff", "员工转达"),
    };
    pick(lang, en, zh)
}

pub fn severity_label(s: Severity, lang: Lang) -> &'static str {
    let (en, zh) = match s {
        Severity::L1 => ("L1 urgent", "L1 紧急"),
        Severity::L2 => ("L2 important", "L2 重要"),
        Severity::L3 => ("L3 general", "L3 一般"),
    };
    pick(lang, en, zh)
}

pub fn status_label(s: CaseStatus, lang: Lang) -> &'static str {
    let zh = match s {
        CaseStatus::Registered => "已登记",
        CaseStatus::Dispatched => "已派单",
        CaseStatus::InProgress => "处理中",
        CaseStatus::Escalated => "已升级",
        CaseStatus::Resolved => "已解决",
        CaseStatus::CallbackDone => "已回访",
        CaseStatus::Closed => "已关闭",
        CaseStatus::Reopened => "已重开",
        CaseStatus::AwaitingDecision => "待主管决定",
    };
    pick(lang, s.as_str(), zh)
}

pub fn visit_kind_label(k: VisitKind, lang: Lang) -> &'static str {
    let (en, zh) = match k {
        VisitKind::Repair => ("repair", "维修"),
        VisitKind::OnsiteCallback => ("on-site callback", "上门回访"),
        VisitKind::Courtesy => ("courtesy visit", "走访"),
    };
    pick(lang, en, zh)
}

pub fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    let (en, zh) = match o {
        Outcome::Satisfied => ("satisfied", "满意"),
        Outcome::Unsatisfied => ("unsatisfied", "不满意"),
        Outcome::Unreachable => ("unreachable", "未接通"),
    };
    pick(lang, en, zh)
}

pub fn role_label(r: crate::domain::Role, lang: Lang) -> &'static str {
    use crate::domain::Role;
    let zh = match r {
        Role::Clerk => "前台",
        Role::Supervisor => "主管",
        Role::Admin => "管理员",
        Role::Guard => "门卫",
    };
    pick(lang, r.as_str(), zh)
}

pub fn tier_label(t: Tier, lang: Lang) -> &'static str {
    let (en, zh) = match t {
        Tier::Vip => ("VIP", "贵宾"),
        Tier::Key => ("key", "重点"),
        Tier::General => ("general", "普通"),
    };
    pick(lang, en, zh)
}

impl Msg {
    /// Its id in the message files: `screen-` and its name in kebab case.
    pub fn id(self) -> String {
        format!("screen-{}", crate::domain::refusal::kebab(self.name()))
    }

    /// Its words in `lang`, with `{}` where the screen puts its values in order (`fill`).
    /// Each is read from the message files once.
    pub fn text(self, lang: Lang) -> &'static str {
        static TEXTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
        let texts = TEXTS.get_or_init(|| {
            Lang::ALL
                .iter()
                .map(|&l| {
                    Msg::ALL
                        .iter()
                        .map(|m| &*Box::leak(m.template(l).into_boxed_str()))
                        .collect()
                })
                .collect()
        });
        // `ALL` lists the variants in declaration order: the discriminant is the index.
        texts[lang as usize][self as usize]
    }

    /// The message with every value it names (`$a`, `$b` …) as `{}`.
    fn template(self, lang: Lang) -> String {
        let slots: Vec<(&str, crate::domain::refusal::Arg)> = SLOTS
            .iter()
            .map(|s| (*s, crate::domain::refusal::Arg::Words("{}".into())))
            .collect();
        crate::words::say(lang, &self.id(), &slots)
    }
}

/// The names a screen message gives its values, in order.
pub(crate) const SLOTS: [&str; 10] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

pub fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// What the screen says while saves are held up (`None`: they go through again).
pub fn waiting(wait: Option<crate::domain::storage::Wait>) -> Msg {
    use crate::domain::storage::Wait;
    match wait {
        Some(Wait::Standby) => Msg::WaitStandby,
        Some(Wait::Database) => Msg::WaitDatabase,
        Some(Wait::Reconnecting) => Msg::WaitReconnecting,
        None => Msg::SavesResume,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        for &m in Msg::ALL {
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(!en.is_empty() && !zh.is_empty(), "{m:?}");
            assert_eq!(en.matches("{}").count(), zh.matches("{}").count(), "{m:?}");
        }
    }

    /// Nothing internal on the screen: no rule id (`R-OPS-07`) and no source line
    /// (`000:589`) in any message, in either language (commands: `tui::command`).
    #[test]
    fn no_message_shows_a_rule_id_or_a_source_line() {
        let texts = Msg::ALL
            .iter()
            .flat_map(|m| [m.text(Lang::En), m.text(Lang::Zh)]);
        for t in texts {
            assert_eq!(crate::domain::text::internal_reference(t), None, "{t}");
        }
    }

    #[test]
    fn fill_replaces_in_order() {
        assert_eq!(fill("{} of {}", &["a", "b"]), "a of b");
        assert_eq!(fill("x {}", &[]), "x ");
    }

    #[test]
    fn lang_flag_wins_and_bad_values_are_named() {
        assert_eq!(Lang::choose(Some("zh")), Ok(Lang::Zh));
        assert!(Lang::choose(Some("fr")).unwrap_err().contains("--lang"));
    }
}
