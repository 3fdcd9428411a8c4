//! The words the desk speaks, per language, from message files (Project Fluent:
//! `en.ftl`, `zh.ftl` beside this file). A refusal (`domain::Refusal`) is put into words
//! here, in the reader's language: the screen's `--lang`, the CLI's locale.
//!
//! Why Fluent (`fluent-bundle`): messages are data a translator can edit without reading
//! Rust, arguments are named, and a message can choose its words by a number's plural
//! category; it is the well-kept standard for this (Firefox, and most Rust programs that
//! ship translations).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::refusal::{Arg, Refusal};
use crate::domain::{DeskError, Field};

#[cfg(test)]
mod tests;

/// The reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `--lang en|zh`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub fn choose(flag: Option<&str>) -> Result<Lang, String> {
        if let Some(f) = flag {
            return match f.trim().to_ascii_lowercase().as_str() {
                "en" | "english" => Ok(Lang::En),
                "zh" | "zh-cn" | "zh_cn" | "chinese" | "中文" => Ok(Lang::Zh),
                other => Err(format!("--lang: `{other}` is not a language; use en or zh")),
            };
        }
        Ok(Lang::from_locale())
    }

    /// The locale's language (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub fn from_locale() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];
}

/// The message files, compiled in: the desk's refusals and terms, and the screen's words.
const SOURCES: [(Lang, &str, &[&str]); 2] = [
    (
        Lang::En,
        "en",
        &[
            include_str!("en.ftl"),
            include_str!("screen-en.ftl"),
            include_str!("commands-en.ftl"),
        ],
    ),
    (
        Lang::Zh,
        "zh-CN",
        &[
            include_str!("zh.ftl"),
            include_str!("screen-zh.ftl"),
            include_str!("commands-zh.ftl"),
        ],
    ),
];

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<Vec<FluentBundle<FluentResource>>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(_, tag, sources)| {
                let id = tag.parse().expect("a valid language tag");
                let mut b = FluentBundle::new_concurrent(vec![id]);
                // Isolation marks (U+2068/9) would reach the terminal as stray characters.
                b.set_use_isolating(false);
                for source in *sources {
                    // A file that does not parse is caught by the tests; what parsed is used.
                    let resource = FluentResource::try_new(source.to_string())
                        .unwrap_or_else(|(partial, _)| partial);
                    let _ = b.add_resource(resource);
                }
                b
            })
            .collect()
    });
    let at = SOURCES.iter().position(|(l, ..)| *l == lang).unwrap_or(0);
    &bundles[at]
}

/// Message `id` in `lang` with `args`; English where `lang` lacks it, the id where both do.
pub fn say(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    say_checked(lang, id, args).unwrap_or_else(|_| {
        if lang != Lang::En {
            if let Ok(en) = say_checked(Lang::En, id, args) {
                return en;
            }
        }
        id.to_string()
    })
}

/// Message `id` in `lang`, or why it could not be said (missing, an argument not given).
pub fn say_checked(lang: Lang, id: &str, args: &[(&str, Arg)]) -> Result<String, String> {
    let b = bundle(lang);
    let pattern = b
        .get_message(id)
        .and_then(|m| m.value())
        .ok_or_else(|| format!("no message `{id}` in {lang:?}"))?;
    let mut fluent = FluentArgs::new();
    for (name, arg) in args {
        fluent.set(*name, value(lang, arg));
    }
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, Some(&fluent), &mut errors);
    match errors.first() {
        Some(e) => Err(format!("`{id}` in {lang:?}: {e}")),
        None => Ok(text.into_owned()),
    }
}

fn value(lang: Lang, arg: &Arg) -> FluentValue<'static> {
    match arg {
        // Text came from someone's typing: nothing in it may act on the reader's terminal.
        Arg::Text(t) => FluentValue::from(crate::domain::text::printable(t)),
        Arg::Number(n) => FluentValue::from(*n),
        Arg::Field(f) => FluentValue::from(field(lang, *f)),
        Arg::Term(id) => FluentValue::from(say(lang, id, &[])),
        Arg::Words(w) => FluentValue::from(w.clone()),
        Arg::Choices(c) => FluentValue::from(match lang {
            Lang::En => c.en.clone(),
            Lang::Zh => c.zh.clone(),
        }),
        Arg::Nested(r) => FluentValue::from(refusal(lang, r)),
        Arg::Rows(rows, more) => {
            let mut out = String::new();
            for (line, e) in rows {
                out.push('\n');
                out += &say(
                    lang,
                    "row-line",
                    &[
                        (
                            "line",
                            Arg::Number(i64::try_from(*line).unwrap_or(i64::MAX)),
                        ),
                        ("reason", Arg::Words(desk_error(lang, e))),
                    ],
                );
            }
            if *more > 0 {
                out.push('\n');
                out += &say(
                    lang,
                    "rows-more",
                    &[(
                        "more",
                        Arg::Number(i64::try_from(*more).unwrap_or(i64::MAX)),
                    )],
                );
            }
            FluentValue::from(out)
        }
    }
}

/// A field as the reader knows it: its command-line name in English (`--to`), its label in
/// Chinese.
pub fn field(lang: Lang, f: Field) -> String {
    let name: &'static str = f.into();
    match lang {
        Lang::En => name.to_string(),
        Lang::Zh => say(lang, &format!("field-{name}"), &[]),
    }
}

/// A refusal's own words (without its kind: "to: …" is `desk_error`'s).
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    say(lang, &r.message_id(), &r.args())
}

/// A whole refusal as the reader should see it: its kind, its field, its words.
pub fn desk_error(lang: Lang, e: &DeskError) -> String {
    let kind = match e {
        DeskError::Validation { .. } => "kind-validation",
        DeskError::Forbidden(_) => "kind-forbidden",
        DeskError::NotRegistered(_) => "kind-not-registered",
        DeskError::NotFound(_) => "kind-not-found",
        DeskError::Conflict { .. } => "kind-conflict",
        DeskError::TooLarge(_) => "kind-too-large",
        DeskError::StorageUnavailable(_) => "kind-storage-unavailable",
        DeskError::ProtocolMismatch(_) => "kind-protocol-mismatch",
        DeskError::Superseded => "kind-superseded",
        DeskError::Internal(_) => "kind-internal",
        DeskError::TooManyRequests(_) => "kind-too-many-requests",
    };
    let mut args = Vec::new();
    if let Some(r) = e.refusal() {
        args.push(("reason", Arg::Words(refusal(lang, r))));
    }
    if let Some(f) = e.field() {
        args.push(("field", Arg::Field(f)));
    }
    say(lang, kind, &args)
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&refusal(Lang::En, self))
    }
}

impl std::fmt::Display for DeskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&desk_error(Lang::En, self))
    }
}
