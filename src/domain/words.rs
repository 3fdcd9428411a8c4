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
            .into_iter()
            .find(|v| v.words().iter().any(|w| w.eq_ignore_ascii_case(typed)))
            .ok_or_else(|| {
                DeskError::invalid(
                    Self::FIELD,
                    InputRefusal::NotOneOf {
                        value: typed.to_string(),
                        choices: Self::CHOICES.to_string(),
                    },
                )
            })
    }
}

impl<T: TypedWord> ParseWord for T {}
