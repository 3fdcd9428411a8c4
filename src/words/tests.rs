//! The catalogue is whole: every refusal and every field has words in both languages, each
//! message names only the arguments it is given, and no Chinese message is English.

use strum::IntoEnumIterator;

use super::*;
use crate::domain::refusal::{kebab, Act, CharKind, DeskRefusal, Refusal, Term, ToArg};

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
    for (group, code, args) in Refusal::declared() {
        let id = format!("refusal-{group}-{}", kebab(code));
        let args = sample_args(args);
        for lang in Lang::ALL {
            match say_checked(lang, &id, &args) {
                Err(e) => untranslated.push(e),
                Ok(text) if lang == Lang::Zh && reads_as_english(&text) => {
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
        DeskRefusal::NotStaffLogin {
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

/// A wrong word is answered with what to type in the reader's language: the Chinese words
/// where the field takes them, listed the Chinese way, with no English `or` between them.
#[test]
fn a_wrong_words_choices_are_listed_in_the_readers_language() {
    use crate::domain::{ParseWord, Severity, Tier};
    let tier = Tier::parse("gold").unwrap_err();
    assert_eq!(
        tier.to_string(),
        "tier: `gold` is not valid; use general, key or vip (普通, 重点, 贵宾)"
    );
    let zh = desk_error(Lang::Zh, &tier);
    assert!(zh.contains("贵宾、重点或普通"), "{zh}");
    let zh = desk_error(Lang::Zh, &Severity::parse("L4").unwrap_err());
    assert!(zh.contains("L1（紧急）、L2（重要）或 L3（一般）"), "{zh}");
    let zh = desk_error(
        Lang::Zh,
        &crate::domain::text::yes_no(Field::Consent, "maybe").unwrap_err(),
    );
    assert!(zh.contains("是或否") && !zh.contains(" or "), "{zh}");
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
    for (en, zh) in SOURCES[0].2.iter().zip(SOURCES[1].2) {
        assert_eq!(ids(en), ids(zh));
    }
}

/// Every message the screen asks for is in both files, says its values in both, and reads
/// as Chinese on the Chinese screen (those that are only a value and a mark excepted).
#[test]
fn every_screen_message_is_in_both_languages() {
    use crate::tui::i18n::Msg;
    let slots: Vec<(&str, Arg)> = crate::tui::i18n::SLOTS
        .iter()
        .map(|s| (*s, Arg::Words("{}".into())))
        .collect();
    let mut wrong = Vec::new();
    for &m in Msg::ALL {
        let id = m.id();
        let said: Vec<Result<String, String>> = Lang::ALL
            .iter()
            .map(|&l| say_checked(l, &id, &slots))
            .collect();
        match (&said[0], &said[1]) {
            (Ok(en), Ok(zh)) => {
                if en.matches("{}").count() != zh.matches("{}").count() {
                    wrong.push(format!("{id}: the languages fill different values"));
                }
                let only_values = zh.chars().all(|c| !c.is_alphabetic() || c == '{');
                if reads_as_english(zh) && !only_values {
                    wrong.push(format!("{id} in Chinese reads as English: {zh}"));
                }
            }
            (Err(e), _) | (_, Err(e)) => wrong.push(e.clone()),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The catalogue words a refusal names by id: every act, case state and character kind, and
/// the words the paperwork names by string (kept here beside the code that makes them).
#[test]
fn every_word_a_refusal_names_is_in_both_languages() {
    let mut terms: Vec<Arg> = Vec::new();
    terms.extend(Act::iter().map(|a| a.to_arg()));
    terms.extend(CharKind::iter().map(|c| c.to_arg()));
    terms.extend(
        crate::domain::CaseStatus::ALL
            .iter()
            .map(|&s| Term::from(s).to_arg()),
    );
    terms.extend(
        crate::domain::Role::ALL
            .iter()
            .map(|&r| Term::from(r).to_arg()),
    );
    terms.extend(
        crate::domain::VisitKind::ALL
            .iter()
            .map(|&k| Term::from(k).to_arg()),
    );
    terms.extend(
        crate::domain::case::CaseView::ALL
            .iter()
            .map(|&v| Term::from(v).to_arg()),
    );
    let named: &[(&str, &[&str])] = &[
        (
            "permit-state",
            &[
                "applied",
                "rejected",
                "issued",
                "awaiting inspection",
                "passed",
                "refunded",
                "withdrawn",
            ],
        ),
        (
            "permit-rule",
            &[
                "approve",
                "reject",
                "withdraw",
                "extend",
                "finish",
                "inspect",
                "passes",
                "refunded",
                "after-inspection-occupancy",
                "after-inspection-neighbour",
                "after-inspection-originals",
                "after-inspection-file-check",
            ],
        ),
        (
            "doc",
            &[
                "application",
                "undertaking",
                "plan",
                "licence",
                "drawings",
                "supervisor-id",
                "worker-ids",
                "agreement",
            ],
        ),
        ("span", &["permit", "extension"]),
        ("move-out", &["full", "lease-end"]),
        ("occupant-role", &["tenant", "family"]),
        ("verdict", &["used", "expired", "void"]),
        ("slip-state", &["used", "void"]),
        (
            "shape",
            &["date", "month", "day", "quarter", "billing-period"],
        ),
        (
            "refund-item",
            &[
                "inspection",
                "occupancy",
                "neighbour",
                "papers",
                "passes",
                "file",
            ],
        ),
    ];
    for (group, values) in named {
        terms.extend(values.iter().map(|v| Term::of(group, v).to_arg()));
    }
    // The words the screen names an enum value by (`tui::i18n::term_of`).
    use crate::domain::dwelling::{DocKind, OccupantRole};
    use crate::domain::fees::{FeeKind, Way};
    let screen: [(&str, Vec<&str>); 4] = [
        (
            "occupant",
            [
                OccupantRole::Owner,
                OccupantRole::Tenant,
                OccupantRole::Family,
            ]
            .iter()
            .map(|r| r.as_str())
            .collect(),
        ),
        (
            "unit-paper",
            DocKind::BOUND.iter().map(|d| d.as_str()).collect(),
        ),
        (
            "fee-kind",
            FeeKind::ALL.iter().map(|k| k.as_str()).collect(),
        ),
        ("fee-way", Way::ALL.iter().map(|w| w.as_str()).collect()),
    ];
    for (group, values) in &screen {
        terms.extend(values.iter().map(|v| Term::of(group, v).to_arg()));
    }
    let mut missing = Vec::new();
    for t in &terms {
        let Arg::Term(id) = t else { continue };
        for lang in Lang::ALL {
            if let Err(e) = say_checked(lang, id, &[]) {
                missing.push(e);
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// Every command describes itself in both files, and in Chinese reads as Chinese.
#[test]
fn every_command_is_described_in_both_languages() {
    use crate::tui::command::Command;
    let mut wrong = Vec::new();
    for &c in Command::ALL {
        let id = c.id();
        match (
            say_checked(Lang::En, &id, &[]),
            say_checked(Lang::Zh, &id, &[]),
        ) {
            (Ok(_), Ok(zh)) if reads_as_english(&zh) => {
                wrong.push(format!("{id} in Chinese reads as English: {zh}"))
            }
            (Ok(_), Ok(_)) => {}
            (Err(e), _) | (_, Err(e)) => wrong.push(e),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A hint names keys through the active keymap (a value the screen fills), never by typing
/// them: an operator with her own keymap reads her keys.
#[test]
fn no_screen_message_types_a_key_name() {
    let mut typed = Vec::new();
    for &m in crate::tui::i18n::Msg::ALL {
        for lang in Lang::ALL {
            let text = m.text(lang);
            if let Some(k) = typed_key_name(text) {
                typed.push(format!("{} ({lang:?}) types {k}: {text}", m.id()));
            }
        }
    }
    assert!(typed.is_empty(), "{typed:#?}");
}

/// The first key name typed in `text`, if any.
fn typed_key_name(text: &str) -> Option<&'static str> {
    const NAMES: [&str; 8] = [
        "Enter",
        "Esc",
        "Tab",
        "Ctrl-",
        "回车",
        "PgDn",
        "Shift-",
        "Backspace",
    ];
    let as_word = |n: &str| {
        text.match_indices(n).any(|(i, _)| {
            let after = text[i + n.len()..].chars().next();
            !after.is_some_and(|c| c.is_ascii_alphabetic())
        })
    };
    if let Some(n) = NAMES.iter().find(|n| as_word(n)) {
        return Some(n);
    }
    // F1 … F12 as a word.
    let b = text.as_bytes();
    (0..b.len().saturating_sub(1))
        .find(|&i| {
            b[i] == b'F'
                && b[i + 1].is_ascii_digit()
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
        })
        .map(|_| "F<n>")
}

/// Every operation the daemon records has words for the screen that tells another operator
/// of it (`change-<operation>`), in both languages: the daemon's operations are read from its
/// source, so a new one without words fails here.
#[test]
fn every_operation_the_daemon_records_is_told_in_both_languages() {
    use strum::IntoEnumIterator;
    let mut ops: Vec<String> = crate::domain::case::StepKind::iter()
        .map(|k| format!("case.{}", <&'static str>::from(k)))
        .collect();
    let server = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server");
    for entry in std::fs::read_dir(server).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for quoted in text.split('"').skip(1).step_by(2) {
            let mut parts = quoted.split('.');
            let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let word =
                |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            let file = ["toml", "json", "jsonl"].contains(&b);
            if word(a) && word(b) && !file {
                ops.push(quoted.to_string());
            }
        }
    }
    assert!(ops.iter().any(|o| o == "permit.approve"), "{ops:?}");
    let mut missing = Vec::new();
    for op in &ops {
        let id = format!("change-{}", op.replace(['.', '_'], "-"));
        for lang in Lang::ALL {
            if let Err(e) = say_checked(lang, &id, &[]) {
                missing.push(e);
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}
