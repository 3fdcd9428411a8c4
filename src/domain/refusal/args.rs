//! A refusal's arguments, typed by how the reader sees them: text as it is (a ticket, a
//! unit, a name; escaped where it is shown), a number (a message may choose its plural by
//! it), a field (its label in the reader's language), or a word of the catalogue (a case
//! state, an act: shown in the reader's language).

use super::super::{Field, Ticket};

#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Field(Field),
    /// A message id of the catalogue (`state-resolved`).
    Term(String),
    /// The rows of a file a refusal lists: each line's number and what is wrong with it,
    /// and how many more were not listed.
    Rows(Vec<(u64, super::super::DeskError)>, u64),
    /// A refusal inside another (a handover refused for one of the cases it moves).
    Nested(Box<super::Refusal>),
    /// Words already put together from the catalogue (a refusal inside its kind's frame):
    /// shown as they are, neither escaped again nor cut.
    Words(String),
    /// The words to type instead, in the reader's language.
    Choices(Choices),
}

/// How a value becomes an argument.
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}

impl ToArg for Ticket {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.0.clone())
    }
}

impl ToArg for Field {
    fn to_arg(&self) -> Arg {
        Arg::Field(*self)
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::Number(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(u8, u16, u32, u64, usize, i32, i64);

/// What someone tried to do, as a refusal names it ("it cannot be *dispatched*", "only the
/// owner may *reply on*", "cannot *handle* it"): `act-<kebab>` in the catalogue.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, strum::EnumIter,
)]
pub enum Act {
    Dispatched,
    Taken,
    Started,
    Assisted,
    RePromised,
    Resolved,
    Escalated,
    GivenASubject,
    ReplyOn,
    Resolve,
    Close,
    Handle,
    AssistOn,
    DecideOn,
    Own,
    Investigated,
}

/// Enums whose variants are words of the catalogue: `group-<variant in kebab case>`.
macro_rules! variant_terms {
    ($($t:ty => $group:literal),+ $(,)?) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::Term(format!(concat!($group, "-{}"), kebab(&format!("{self:?}"))))
            }
        }
    )+};
}
variant_terms!(Act => "act", CharKind => "char");

/// `NotStaffLogin` → `not-staff-login`.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// A character refused in text because a terminal would act on it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, strum::EnumIter,
)]
pub enum CharKind {
    Escape,
    Control,
    C1Control,
    Bidi,
    Invisible,
}

/// A word of the catalogue by its message id (`permit-state-issued`), for words that are
/// not an enum here; `words` tests list the ids each group uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Term(pub String);

impl Term {
    /// `group-value`, the value in kebab case (spaces too): `Term::of("permit-state",
    /// "awaiting inspection")` → `permit-state-awaiting-inspection`.
    pub fn of(group: &str, value: &str) -> Term {
        Term(format!("{group}-{}", kebab(value).replace(' ', "-")))
    }
}

impl ToArg for Term {
    fn to_arg(&self) -> Arg {
        Arg::Term(self.0.clone())
    }
}

/// The machinery's own words for the engineer (an OS error, a decode error): not typed by
/// anyone, so shown whole rather than escaped and cut like an echo of input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Detail(pub String);

impl ToArg for Detail {
    fn to_arg(&self) -> Arg {
        Arg::Words(self.0.clone())
    }
}

impl ToArg for Box<super::Refusal> {
    fn to_arg(&self) -> Arg {
        Arg::Nested(self.clone())
    }
}

/// A file's bad rows as a refusal lists them: (line, what is wrong), and how many more bad
/// rows were not listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rows(pub Vec<(u64, super::super::DeskError)>, pub u64);

impl ToArg for Rows {
    fn to_arg(&self) -> Arg {
        Arg::Rows(self.0.clone(), self.1)
    }
}

/// The words a refusal offers to type instead, as each language lists them: English
/// `a, b or c`, Chinese `甲、乙或丙` — the Chinese words where the field takes them, else
/// the same words as the English.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choices {
    pub en: String,
    pub zh: String,
}

impl Choices {
    /// `en` and `zh` listed (`zh` the Chinese for each, or the same words again).
    pub fn of(en: &[&str], zh: &[&str]) -> Choices {
        Choices {
            en: listed(en, ", ", "or"),
            zh: listed(zh, "、", "或"),
        }
    }

    /// The same words in both languages (a format, a keyword).
    pub fn words(words: &[&str]) -> Choices {
        Choices::of(words, words)
    }
}

/// `a, b or c`: every word, the last after `or` (set off by spaces beside a Latin word).
fn listed(words: &[&str], comma: &str, or: &str) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let spaced = last.is_ascii() || rest.iter().any(|w| w.is_ascii());
            let or = if spaced {
                format!(" {or} ")
            } else {
                or.to_string()
            };
            format!("{}{or}{last}", rest.join(comma))
        }
        _ => words.join(comma),
    }
}

impl ToArg for Choices {
    fn to_arg(&self) -> Arg {
        Arg::Choices(self.clone())
    }
}
