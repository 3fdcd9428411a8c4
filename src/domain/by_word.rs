//! How a word enum (a case's kind, a channel, a role …) is written: in JSON — the CLI's
//! `--json` and the export — as the word the CLI takes and prints (`"inquiry"`,
//! `"counter"`, `"in-progress"`); in the binary stores and on the wire as its variant index,
//! exactly as the derived form did, so nothing stored changes. Reading JSON accepts the word
//! or the variant name older exports carry (`"Inquiry"`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, EnumAccess, VariantAccess, Visitor};

/// A fieldless enum named by a word: its variants in order and each one's word.
pub trait ByWord: Copy + PartialEq + fmt::Debug + 'static {
    const NAME: &'static str;
    /// Every variant in declaration order: a variant's index is its position here.
    fn all() -> &'static [Self];
    fn word(self) -> &'static str;
    /// Every word it is known by, the written one first.
    fn words(self) -> &'static [&'static str];
    fn index(self) -> u32;
}

pub fn serialize<T: ByWord, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        s.serialize_str(v.word())
    } else {
        s.serialize_unit_variant(T::NAME, v.index(), v.word())
    }
}

pub fn deserialize<'de, T: ByWord, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    if d.is_human_readable() {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        T::all()
            .iter()
            .copied()
            .find(|v| v.word() == text || format!("{v:?}") == text)
            .ok_or_else(|| de::Error::custom(format!("`{text}` is not a {}", T::NAME)))
    } else {
        d.deserialize_enum(T::NAME, &[], ByIndex(PhantomData))
    }
}

struct ByIndex<T>(PhantomData<T>);

impl<'de, T: ByWord> Visitor<'de> for ByIndex<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {}", T::NAME)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        let (index, variant): (u32, _) = data.variant()?;
        variant.unit_variant()?;
        T::all()
            .get(index as usize)
            .copied()
            .ok_or_else(|| de::Error::custom(format!("no {} number {index}", T::NAME)))
    }
}

/// A word enum typed by people: which field a wrong word is reported against, and the
/// choices the refusal offers. Reading one is `ParseWord::parse` (`domain/words.rs`).
pub trait TypedWord: ByWord {
    const FIELD: crate::domain::Field;
    /// The choices a refusal offers in English, when they say more than the words
    /// themselves (`L1 (urgent)`, the Chinese words an importer may type).
    const CHOICES_EN: Option<&'static str> = None;
    /// The same in Chinese.
    const CHOICES_ZH: Option<&'static str> = None;

    /// The choices a refusal offers: by default each variant's written word, and to a
    /// Chinese reader its first Chinese word where it has one.
    fn choices() -> crate::domain::refusal::Choices {
        let en: Vec<&str> = Self::all().iter().map(|v| v.word()).collect();
        let zh: Vec<&str> = Self::all()
            .iter()
            .map(|v| {
                let chinese = v.words().iter().find(|w| !w.is_ascii());
                chinese.copied().unwrap_or(v.word())
            })
            .collect();
        let listed = crate::domain::refusal::Choices::of(&en, &zh);
        crate::domain::refusal::Choices {
            en: Self::CHOICES_EN.map_or(listed.en, str::to_string),
            zh: Self::CHOICES_ZH.map_or(listed.zh, str::to_string),
        }
    }
}

/// Declares a word enum once: its variants, each with the words it is written as (the
/// first is the one the CLI prints and JSON carries; the rest are accepted when typed, in
/// English or Chinese, without regard to ASCII case), and — for an enum people type — the
/// field a wrong word is reported against, and the choices offered in English (and
/// Chinese) when they say more than the words (`in Field::Severity, "L1 (urgent) …",
/// "L1（紧急）…"`).
///
/// ```ignore
/// words! {
///     /// R-INT-09
///     #[derive(Default)]
///     pub enum Channel in Field::Channel {
///         #[default]
///         Counter = ["counter", "visit", "in-person"],
///         Phone = ["phone", "call"],
///     }
/// }
/// ```
///
/// From it come the enum (stored by variant index, so a new variant is appended), `ALL`,
/// `as_str`, `words`, `Display`, `ByWord`, serde; with `in`, `TypedWord`; with `as "group"`,
/// the refusal's `Term` (`group-<word>`, a message of the catalogue).
macro_rules! words {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident $(in $field:path $(, $en:literal $(, $zh:literal)?)?)? $(as $term:literal)? {
            $( $(#[$vmeta:meta])* $variant:ident = [$($word:literal),+ $(,)?] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word it is written as.
            pub fn as_str(self) -> &'static str {
                self.words()[0]
            }

            /// Every word it is known by, the written one first.
            pub fn words(self) -> &'static [&'static str] {
                match self { $( $name::$variant => &[$($word),+] ),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $(
            /// How a refusal names it: a word of the catalogue, in the reader's language.
            impl From<$name> for $crate::domain::refusal::Term {
                fn from(v: $name) -> Self {
                    $crate::domain::refusal::Term(format!(concat!($term, "-{}"), v.as_str()))
                }
            }
        )?

        $(
            impl $crate::domain::by_word::TypedWord for $name {
                const FIELD: $crate::domain::Field = $field;
                $(
                    const CHOICES_EN: Option<&'static str> = Some($en);
                    $(const CHOICES_ZH: Option<&'static str> = Some($zh);)?
                )?
            }
        )?

        impl $crate::domain::by_word::ByWord for $name {
            const NAME: &'static str = stringify!($name);
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn word(self) -> &'static str {
                self.as_str()
            }
            fn words(self) -> &'static [&'static str] {
                <$name>::words(self)
            }
            fn index(self) -> u32 {
                self as u32
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::domain::by_word::serialize(self, s)
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::domain::by_word::deserialize(d)
            }
        }
    };
}
pub(crate) use words;

#[cfg(test)]
mod tests {
    use crate::domain::case::{CaseKind, CaseStatus, Channel};
    use crate::domain::{Role, VisitKind};

    /// The stores keep what they kept: the variant's index, as the derived form wrote it.
    #[test]
    fn binary_form_is_the_variant_index_as_before() {
        let bytes = bincode::serialize(&CaseStatus::InProgress).unwrap();
        assert_eq!(bytes, 2u32.to_le_bytes());
        for &s in CaseStatus::ALL {
            let back: CaseStatus = bincode::deserialize(&bincode::serialize(&s).unwrap()).unwrap();
            assert_eq!(back, s);
        }
    }

    /// JSON says what the CLI takes, and reads an older export's variant names too.
    #[test]
    fn json_is_the_clis_word_and_reads_old_names() {
        assert_eq!(
            serde_json::to_string(&CaseKind::Inquiry).unwrap(),
            r#""inquiry""#
        );
        assert_eq!(
            serde_json::to_string(&Channel::Counter).unwrap(),
            r#""counter""#
        );
        assert_eq!(
            serde_json::to_string(&CaseStatus::InProgress).unwrap(),
            r#""in-progress""#
        );
        assert_eq!(
            serde_json::to_string(&VisitKind::OnsiteCallback).unwrap(),
            r#""callback""#
        );
        for text in [r#""Supervisor""#, r#""supervisor""#] {
            let r: Role = serde_json::from_str(text).unwrap();
            assert_eq!(r, Role::Supervisor);
        }
        assert!(serde_json::from_str::<Role>(r#""boss""#).is_err());
    }

    /// An enum with data is written in kebab-case too (`"registered"`, `{"staff": 5}`);
    /// an older export's variant names still read, so old backups restore.
    #[test]
    fn enums_with_data_write_kebab_case_and_read_old_names() {
        use crate::domain::case::{CaseEvent, Handler};
        use crate::domain::StaffId;
        let e = CaseEvent::Dispatched(Handler::Staff(StaffId(5)));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"dispatched":{"staff":5}}"#
        );
        let old: CaseEvent = serde_json::from_str(r#"{"Dispatched":{"Staff":5}}"#).unwrap();
        assert_eq!(old, e);
        let old: CaseEvent = serde_json::from_str(r#""Registered""#).unwrap();
        assert_eq!(old, CaseEvent::Registered);
    }
}
