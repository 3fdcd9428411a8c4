//! What the desk says when it refuses, as data: a code and its typed arguments (the field,
//! the value, the limit, the person), never a sentence. The sentence is chosen by the
//! reader's language where it is shown (`crate::words`, from the message files), so a
//! Chinese screen never receives English from the daemon.
//!
//! Refusals are declared once, in groups by what they are about (`input`, `case`, `desk`,
//! `paperwork`, `system`), each with the `refusals!` macro: the group's enum, its codes and
//! argument names, and how it joins `Refusal`. A refusal's message is
//! `refusal-<group>-<code>` in `src/words/en.ftl` and `src/words/zh.ftl`; a test renders
//! every one in both languages.

use serde::{Deserialize, Serialize};

mod args;
mod case;
mod desk;
mod input;
mod paperwork;
mod system;

pub use args::{kebab, Act, Arg, CharKind, Choices, Detail, Rows, Term, ToArg};
pub use case::CaseRefusal;
pub use desk::DeskRefusal;
pub use input::InputRefusal;
pub use paperwork::PaperRefusal;
pub use system::SystemRefusal;

/// Declares one group of refusals: `refusals! { CaseRefusal "case" { Code { arg: Type } … } }`.
macro_rules! refusals {
    (
        $(#[$meta:meta])*
        $name:ident $group:literal {
            $(
                $(#[$doc:meta])*
                $code:ident { $($arg:ident: $ty:ty),* $(,)? }
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$doc])* $code { $($arg: $ty),* },)*
        }

        impl $name {
            /// Each code's message id and the names of its arguments.
            pub const DECLARED: &'static [(&'static str, &'static str, &'static [&'static str])] =
                &[$(($group, stringify!($code), &[$(stringify!($arg)),*])),*];

            /// Its message id in the catalogue: `refusal-case-already-taken`.
            pub fn message_id(&self) -> String {
                let code = match self {
                    $($name::$code { .. } => stringify!($code),)*
                };
                format!("refusal-{}-{}", $group, $crate::domain::refusal::kebab(code))
            }

            /// Its arguments by name.
            #[allow(unused_imports)]
            pub fn args(&self) -> Vec<(&'static str, $crate::domain::refusal::Arg)> {
                use $crate::domain::refusal::ToArg;
                match self {
                    $($name::$code { $($arg),* } => vec![$((stringify!($arg), $arg.to_arg())),*],)*
                }
            }
        }

        impl From<$name> for $crate::domain::refusal::Refusal {
            fn from(r: $name) -> Self {
                $crate::domain::refusal::Refusal::$name(Box::new(r))
            }
        }
    };
}
pub(crate) use refusals;

/// Every refusal the desk can give, by its group. The
/// groups are boxed so a `DeskError` stays small on every `Result` path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    InputRefusal(Box<InputRefusal>),
    CaseRefusal(Box<CaseRefusal>),
    DeskRefusal(Box<DeskRefusal>),
    PaperRefusal(Box<PaperRefusal>),
    SystemRefusal(Box<SystemRefusal>),
}

impl Refusal {
    /// Every declared code: (group, code, argument names).
    pub fn declared(
    ) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static [&'static str])> {
        [
            InputRefusal::DECLARED,
            CaseRefusal::DECLARED,
            DeskRefusal::DECLARED,
            PaperRefusal::DECLARED,
            SystemRefusal::DECLARED,
        ]
        .into_iter()
        .flatten()
    }

    pub fn message_id(&self) -> String {
        match self {
            Refusal::InputRefusal(r) => r.message_id(),
            Refusal::CaseRefusal(r) => r.message_id(),
            Refusal::DeskRefusal(r) => r.message_id(),
            Refusal::PaperRefusal(r) => r.message_id(),
            Refusal::SystemRefusal(r) => r.message_id(),
        }
    }

    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        match self {
            Refusal::InputRefusal(r) => r.args(),
            Refusal::CaseRefusal(r) => r.args(),
            Refusal::DeskRefusal(r) => r.args(),
            Refusal::PaperRefusal(r) => r.args(),
            Refusal::SystemRefusal(r) => r.args(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_message_ids_under_their_group() {
        assert_eq!(kebab("NotStaffLogin"), "not-staff-login");
        let r: Refusal = DeskRefusal::NotStaffLogin {
            login: "nobody".into(),
        }
        .into();
        assert_eq!(r.message_id(), "refusal-desk-not-staff-login");
        assert_eq!(r.args(), vec![("login", Arg::Text("nobody".into()))]);
    }
}
