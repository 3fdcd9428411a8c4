//! The catalogue is whole: every refusal and every field has words in both languages, each
//! message names only the arguments it is given, and no Chinese message is English.

use strum::IntoEnumIterator;

use super::*;
use crate::domain::refusal::{kebab, Refusal};

/// A sample of each kind of argument, so every message can be rendered.
fn sample_args(names: &[&'static str]) -> Vec<(&'static str, Arg)> {
    names
        .iter()
        .map(|n| (*n, Arg::Number(2)))
        .collect::<Vec<_>>()
}

/// Words that mark an untranslated sentence: letters outside what a Chinese message may
/// quote (a command, a code, a unit like 3-2-1102).
fn reads_as_english(text: &str) -> bool {
    let has_han = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    !has_han
}

#[test]
fn every_refusal_is_said_in_both_languages_and_chinese_is_chinese() {
    let mut untranslated = Vec::new();
    for (code, args) in Refusal::DECLARED {
        let id = format!("refusal-{}", kebab(code));
        let args = sample_args(args);
        for lang in Lang::ALL {
            match say_checked(lang, &id, &args) {
                Err(e) => untranslated.push(e),
                Ok(text) if lang == Lang::Zh && *code != "Said" && reads_as_english(&text) => {
                    untranslated.push(format!("`{id}` in Chinese reads as English: {text}"))
                }
                Ok(_) => {}
            }
        }
    }
    assert!(untranslated.is_empty(), "{untranslated:#?}");
}

#[test]
fn every_field_has_a_chinese_label() {
    for f in Field::iter() {
        let label = field(Lang::Zh, f);
        assert!(
            !reads_as_english(&label),
            "{f:?} has no Chinese label: {label}"
        );
        assert_eq!(field(Lang::En, f), f.as_str());
    }
}

#[test]
fn a_refusal_reads_in_the_readers_language() {
    let e = DeskError::invalid(
        Field::To,
        Refusal::NotStaffLogin {
            login: "nobody".into(),
        },
    );
    assert_eq!(
        e.to_string(),
        "to: `nobody` is not a staff username; see `frontdesk staff list`"
    );
    let zh = desk_error(Lang::Zh, &e);
    assert!(zh.starts_with("派给："), "{zh}");
    assert!(zh.contains("nobody") && !zh.contains("is not"), "{zh}");
}

#[test]
fn the_message_files_parse_and_hold_the_same_messages() {
    let ids = |source: &str| {
        let resource = FluentResource::try_new(source.to_string()).expect("the file parses");
        let mut ids: Vec<String> = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .filter(|id| !id.starts_with("field-"))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(SOURCES[0].2), ids(SOURCES[1].2));
}
