//! What the desk says when it refuses, as data: a code and its typed arguments (the field,
//! the value, the limit, the person), never a sentence. The sentence is chosen by the
//! reader's language where it is shown (`crate::words`, from the message files), so a
//! Chinese screen never receives English from the daemon.
//!
//! Each refusal is declared once in the `refusals!` table below; its messages are
//! `refusal-<code>` in `src/words/en.ftl` and `src/words/zh.ftl`, and a test renders every
//! one in both languages.

use serde::{Deserialize, Serialize};

use super::Field;

/// One argument of a refusal, typed by how it is shown: text as it is (a ticket, a unit, a
/// name), a number (so the message can choose its plural), a field (shown by its label in
/// the reader's language), or a word of the catalogue (a case state, a kind: `term`).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Field(Field),
    /// A message id of the catalogue (`state-resolved`), shown in the reader's language.
    Term(String),
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

/// A word of the catalogue, by its message id (`Term::of("state", "resolved")`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Term(pub String);

impl Term {
    /// `group-value`, the value in kebab case: `Term::of("state", "InProgress")`.
    pub fn of(group: &str, value: &str) -> Term {
        Term(format!("{group}-{}", kebab(value)))
    }
}

impl ToArg for Term {
    fn to_arg(&self) -> Arg {
        Arg::Term(self.0.clone())
    }
}

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

macro_rules! refusals {
    ($(
        $(#[$doc:meta])*
        $code:ident { $($arg:ident: $ty:ty),* $(,)? }
    )*) => {
        /// Every refusal the desk can give; see the module header.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Refusal {
            $($(#[$doc])* $code { $($arg: $ty),* },)*
        }

        impl Refusal {
            /// Every refusal's code and the names of its arguments (the messages' check).
            pub const DECLARED: &'static [(&'static str, &'static [&'static str])] =
                &[$((stringify!($code), &[$(stringify!($arg)),*])),*];

            /// Its message id in the catalogue: `refusal-not-staff-login`.
            pub fn message_id(&self) -> String {
                let code = match self {
                    $(Refusal::$code { .. } => stringify!($code),)*
                };
                format!("refusal-{}", kebab(code))
            }

            /// Its arguments by name.
            pub fn args(&self) -> Vec<(&'static str, Arg)> {
                match self {
                    $(Refusal::$code { $($arg),* } => vec![$((stringify!($arg), $arg.to_arg())),*],)*
                }
            }
        }
    };
}

refusals! {
    /// Words not yet given a code: shown as they came (being retired).
    Said { text: String }
    /// A record changed under an edit.
    Stale { what: String, current: u32, base: u32 }
    NotStaffLogin { login: String }
}

impl From<String> for Refusal {
    fn from(text: String) -> Refusal {
        Refusal::Said { text }
    }
}

impl From<&str> for Refusal {
    fn from(text: &str) -> Refusal {
        Refusal::Said {
            text: text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_message_ids() {
        assert_eq!(kebab("NotStaffLogin"), "not-staff-login");
        let r = Refusal::NotStaffLogin {
            login: "nobody".into(),
        };
        assert_eq!(r.message_id(), "refusal-not-staff-login");
        assert_eq!(r.args(), vec![("login", Arg::Text("nobody".into()))]);
    }
}
