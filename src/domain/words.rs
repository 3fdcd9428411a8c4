//! Reading a word enum (`by_word::words!`) from what someone typed: any of its words, in
//! English or Chinese, without regard to ASCII case; anything else is refused against the
//! enum's field with its choices. Kept apart from the enums so that the vocabulary the
//! refusals speak does not itself depend on the refusals.

use super::by_word::TypedWord;
use super::refusal::InputRefusal;
use super::DeskError;

pub trait ParseWord: TypedWord {
    fn parse(s: &str) -> Result<Self, DeskError> {
        let typed = s.trim();
        Self::all()
            .iter()
            .copied()
            .find(|v| v.words().iter().any(|w| w.eq_ignore_ascii_case(typed)))
            .ok_or_else(|| {
                DeskError::invalid(
                    Self::FIELD,
                    InputRefusal::NotOneOf {
                        value: typed.to_string(),
                        choices: Self::choices(),
                    },
                )
            })
    }
}

impl<T: TypedWord> ParseWord for T {}

#[cfg(test)]
mod tests {
    use super::ParseWord;
    use crate::domain::refusal::{Choices, InputRefusal, Refusal};
    use crate::domain::{CaseKind, DeskError, Field, Severity, Tier};

    fn refused_with(e: DeskError) -> (Option<Field>, String, Choices) {
        let field = e.field();
        match e.refusal() {
            Some(Refusal::InputRefusal(r)) => match r.as_ref() {
                InputRefusal::NotOneOf { value, choices } => {
                    (field, value.clone(), choices.clone())
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    /// Any word, either language, any ASCII case; a wrong one is refused on the enum's field
    /// with its written words as the choices — to a Chinese reader its Chinese words — or
    /// the declared choices where they say more.
    #[test]
    fn a_word_is_read_in_either_language_and_a_wrong_one_offers_the_choices() {
        assert_eq!(CaseKind::parse(" Repair ").unwrap(), CaseKind::Repair);
        assert_eq!(CaseKind::parse("投诉").unwrap(), CaseKind::Complaint);
        let (field, value, choices) = refused_with(CaseKind::parse(" rant ").unwrap_err());
        assert_eq!(field, Some(Field::Kind));
        assert_eq!(value, "rant");
        assert_eq!(choices.en, "complaint, repair, inquiry, suggestion or help");
        assert_eq!(choices.zh, "投诉、报修、咨询、建议或求助");
        assert_eq!(Tier::parse("").unwrap(), Tier::General);
        let (_, _, choices) = refused_with(Tier::parse("gold").unwrap_err());
        assert_eq!(
            (&*choices.en, &*choices.zh),
            ("general, key or vip (普通, 重点, 贵宾)", "贵宾、重点或普通")
        );
        let (_, _, choices) = refused_with(Severity::parse("L4").unwrap_err());
        assert_eq!(choices.en, "L1 (urgent), L2 (important) or L3 (general)");
        assert_eq!(choices.zh, "L1（紧急）、L2（重要）或 L3（一般）");
    }
}
