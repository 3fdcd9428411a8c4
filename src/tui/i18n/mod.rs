//! The screen's words: `Msg` names each message (an enum, so a message the code asks for
//! always exists), its words in each language are in the message files
//! (`src/words/screen-en.ftl`, `screen-zh.ftl`; a test fails when one lacks a message).
//! A message's values (`{ $a }`, `{ $b }` …) are filled in order by `fill`. Command
//! descriptions are where each command is declared (`tui::command`).

use crate::domain::callback::Outcome;
use crate::domain::case::{CaseKind, CaseStatus, Channel, Severity};
use crate::domain::visit::VisitKind;
use crate::domain::Tier;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

pub use crate::words::Lang;

/// Declares the screen's messages (`messages.rs`): the enum, its list and its names.
macro_rules! messages {
    ($($id:ident,)+) => {
        /// A message of the screen: its words are `screen-<id>` in `src/words/screen-*.ftl`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($id),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$id),+];

            pub(super) fn name(self) -> &'static str {
                match self {
                    $(Msg::$id => stringify!($id),)+
                }
            }
        }
    };
}

mod messages;
pub use messages::Msg;

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
    let m = match k {
        CaseKind::Complaint => Msg::KindComplaint,
        CaseKind::Repair => Msg::KindRepair,
        CaseKind::Inquiry => Msg::KindInquiry,
        CaseKind::Suggestion => Msg::KindSuggestion,
        CaseKind::Help => Msg::KindHelpRequest,
    };
    m.text(lang)
}

pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    let m = match c {
        Channel::Counter => Msg::ChannelCounter,
        Channel::Phone => Msg::ChannelPhone,
        Channel::Letter => Msg::ChannelLetter,
        Channel::Email => Msg::ChannelEMail,
        Channel::Staff => Msg::ChannelViaStaff,
    };
    m.text(lang)
}

pub fn severity_label(s: Severity, lang: Lang) -> &'static str {
    let m = match s {
        Severity::L1 => Msg::SeverityLUrgent,
        Severity::L2 => Msg::SeverityLImportant,
        Severity::L3 => Msg::SeverityLGeneral,
    };
    m.text(lang)
}

pub fn status_label(s: CaseStatus, lang: Lang) -> &'static str {
    term_of(lang, "state", s.as_str())
}

pub fn visit_kind_label(k: VisitKind, lang: Lang) -> &'static str {
    let m = match k {
        VisitKind::Repair => Msg::VisitRepair,
        VisitKind::OnsiteCallback => Msg::VisitOnSiteCallback,
        VisitKind::Courtesy => Msg::VisitCourtesyVisit,
    };
    m.text(lang)
}

pub fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    let m = match o {
        Outcome::Satisfied => Msg::OutcomeSatisfied,
        Outcome::Unsatisfied => Msg::OutcomeUnsatisfied,
        Outcome::Unreachable => Msg::OutcomeUnreachable,
    };
    m.text(lang)
}

pub fn role_label(r: crate::domain::Role, lang: Lang) -> &'static str {
    term_of(lang, "role", r.as_str())
}

pub fn tier_label(t: Tier, lang: Lang) -> &'static str {
    let m = match t {
        Tier::Vip => Msg::TierVip,
        Tier::Key => Msg::TierKey,
        Tier::General => Msg::TierGeneral,
    };
    m.text(lang)
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
        // `ALL` lists the variants in declaration order: the discriminant is the index.
        read_once(&TEXTS, Msg::ALL, |m, l| m.template(l))[lang as usize][self as usize]
    }

    /// Its words in `lang` with the screen's values put in, in order.
    /// The message with its values by name (`args[0]` is `$a`, `args[1]` is `$b` …), so a
    /// language may put them in its own order.
    pub fn with(self, lang: Lang, args: &[&str]) -> String {
        let named: Vec<(&str, crate::domain::refusal::Arg)> = SLOTS
            .iter()
            .zip(args)
            .map(|(s, a)| (*s, crate::domain::refusal::Arg::Words(a.to_string())))
            .collect();
        crate::words::say(lang, &self.id(), &named)
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

/// Words read from the message files once for every value of `all` in every language,
/// kept for the process: `[lang][index in all]`. Messages and command descriptions use it.
pub(crate) fn read_once<T: Copy>(
    cell: &'static OnceLock<Vec<Vec<&'static str>>>,
    all: &[T],
    say: impl Fn(T, Lang) -> String,
) -> &'static [Vec<&'static str>] {
    cell.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&l| {
                all.iter()
                    .map(|&x| &*Box::leak(say(x, l).into_boxed_str()))
                    .collect()
            })
            .collect()
    })
}

/// The names a screen message gives its values, in order.
pub(crate) const SLOTS: [&str; 10] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

/// A word of the desk's catalogue (`state-resolved`, `permit-state-issued`) in `lang`: the
/// screen names a state, a role or a fee as the CLI and the refusals do. Each is read once.
pub fn term(lang: Lang, id: &str) -> &'static str {
    type Said = HashMap<(usize, String), &'static str>;
    static SAID: OnceLock<Mutex<Said>> = OnceLock::new();
    let mut said = SAID
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    said.entry((lang as usize, id.to_string()))
        .or_insert_with(|| Box::leak(crate::words::say(lang, id, &[]).into_boxed_str()))
}

/// A catalogue word for an enum value the domain spells in English (`awaiting inspection`):
/// `group-` and the value in kebab case.
pub fn term_of(lang: Lang, group: &str, value: &str) -> &'static str {
    term(lang, &format!("{group}-{}", value.replace(' ', "-")))
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
