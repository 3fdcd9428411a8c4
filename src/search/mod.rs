//! Lookup: one search box, many keys. Tokens are ANDed: digit tokens match phone or unit
//! digits exactly (substring), unit-shaped tokens match unit-code prefixes, every other token
//! fuzzy-matches the name, its pinyin initials or its full pinyin with fuzzy-matcher's
//! SkimMatcherV2 (best of the three). Exact matches get a large bonus; ties go to the lower
//! customer id. `index` is the fast engine the daemon uses; `exhaustive` scores every record
//! the plain way and is the reference the index must equal.

mod cache;
mod exec;
mod exhaustive;
mod index;
mod query;
mod surnames;

pub use exec::SearchState;
pub use exhaustive::Exhaustive;
pub use index::SearchIndex;
pub use query::Query;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use pinyin::ToPinyin;

use crate::domain::CustomerId;

/// Match classes, best first: a token equal to a whole name, phone, unit or ticket; equal to
/// the name's pinyin initials or full pinyin; a prefix of the name or of a pinyin form; a
/// fuzzy match. A token scores its class plus 16 × its skim score (`form_score`); a hit
/// sums its tokens, and when it has text tokens loses its name's length (at most 15), so
/// within a class a higher skim score ranks first, then the shorter name.
pub const EXACT: i64 = 4_000_000;
pub const EXACT_PINYIN: i64 = 3_000_000;
pub const PREFIX: i64 = 2_000_000;
pub const FUZZY: i64 = 1_000_000;

/// Within the prefix class, digits a phone ends with rank this far above digits it starts
/// with: a caller gives the last four, while the first three are shared by millions.
pub const PHONE_END: i64 = 256;

/// A digit token's score against one resident's fields (`true` for a phone, `false` for a
/// unit), or None when no field holds the digits. Best first: the whole number; the end of
/// a phone (the last four a caller gives); its start (a number read out from the
/// beginning); digits inside a phone or a unit, as often a coincidence (`8933` inside
/// 188-9336-8040). Every class but the first adds the token's length. Both engines score
/// digits with this, so the index's ranking can equal the reference's.
pub fn digits_score<'a>(fields: impl Iterator<Item = (bool, &'a [u8])>, d: &[u8]) -> Option<i64> {
    let mut best: Option<i64> = None;
    for (is_phone, f) in fields {
        if d.is_empty() || !f.windows(d.len()).any(|w| w == d) {
            continue;
        }
        let class = match is_phone {
            true if f == d => EXACT,
            true if f.ends_with(d) => PREFIX + PHONE_END + d.len() as i64,
            true if f.starts_with(d) => PREFIX + d.len() as i64,
            _ => FUZZY + d.len() as i64,
        };
        best = Some(best.map_or(class, |b| b.max(class)));
    }
    best
}

/// A text token's score against one form it fuzzy-matched with skim score `skim`.
pub fn form_score(form: &str, q: &str, skim: i64) -> i64 {
    let class = if form == q {
        EXACT_PINYIN
    } else if form.starts_with(q) {
        PREFIX
    } else {
        FUZZY
    };
    class + 16 * skim
}

/// What a name's length takes off a text hit's score (the shorter name wins a tie).
pub fn length_penalty(name: &str) -> i64 {
    name.chars().count().min(15) as i64
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: CustomerId,
    pub score: i64,
    /// Character indices of the name that matched, for highlighting.
    pub name_hits: Vec<usize>,
}

/// The searchable spellings of a name: as typed (lowercased), and its pinyin initials and
/// full pinyin under each reading — the common one, and for a surname read differently
/// (单 shàn, 曾 zēng; 尉迟 yùchí) the surname's reading too (`surnames`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForms {
    /// Lowercased name (Latin names match case-insensitively).
    pub lower: String,
    /// First letter of each character's pinyin, e.g. `zw` for 张伟.
    pub initials: String,
    /// Toneless pinyin run together, e.g. `zhangwei`.
    pub full: String,
    /// Initials and full pinyin under the surname's other reading (= the above when none).
    pub alt_initials: String,
    pub alt_full: String,
}

impl NameForms {
    pub fn of(name: &str) -> NameForms {
        let syllables = syllables(name);
        let join = |s: &[(String, String)]| -> (String, String) {
            (
                s.iter().map(|x| x.1.as_str()).collect(),
                s.iter().map(|x| x.0.as_str()).collect(),
            )
        };
        let (initials, full) = join(&syllables);
        let (n, readings) = surnames::alternatives(name);
        // The first alternative that differs from the common reading.
        let alt = readings.into_iter().find_map(|r| {
            let mut s = syllables.clone();
            if s.len() < n {
                return None;
            }
            for (i, syl) in r.iter().enumerate() {
                s[i] = (syl.to_string(), syl[..1].to_string());
            }
            (s != syllables).then(|| join(&s))
        });
        let (alt_initials, alt_full) = alt.unwrap_or_else(|| (initials.clone(), full.clone()));
        NameForms {
            lower: name.to_lowercase(),
            initials,
            full,
            alt_initials,
            alt_full,
        }
    }

    /// The pinyin forms, each scored against a query token.
    pub fn pinyin(&self) -> [&str; 4] {
        [
            &self.initials,
            &self.full,
            &self.alt_initials,
            &self.alt_full,
        ]
    }
}

/// One (syllable, initial) per character: its common pinyin and that pinyin's first letter,
/// or the character itself lowercased for both.
fn syllables(name: &str) -> Vec<(String, String)> {
    name.chars()
        .zip(name.to_pinyin())
        .map(|(ch, py)| match py {
            Some(p) => (p.plain().to_string(), p.first_letter().to_string()),
            None => {
                let l: String = ch.to_lowercase().collect();
                (l.clone(), l)
            }
        })
        .collect()
}

/// Cheap necessary condition for a skim match: every pattern char appears in order.
/// (Patterns and forms are lowercase, so this is exactly skim's own precondition.)
fn is_subsequence(pattern: &str, text: &str) -> bool {
    let mut t = text.chars();
    pattern.chars().all(|p| t.any(|c| c == p))
}

/// Best score of one text token against a name's forms, as the reference defines it.
pub fn score_token(matcher: &SkimMatcherV2, f: &NameForms, q: &str) -> Option<i64> {
    if f.lower == q {
        return Some(EXACT);
    }
    let mut best: Option<i64> = None;
    for form in std::iter::once(f.lower.as_str()).chain(f.pinyin()) {
        if !is_subsequence(q, form) {
            continue;
        }
        if let Some(s) = matcher.fuzzy_match(form, q) {
            let s = form_score(form, q, s);
            if best.is_none_or(|b| s > b) {
                best = Some(s);
            }
        }
    }
    best
}

/// Sum of all text tokens' scores less the name's length penalty, or None if any token does
/// not match; 0 without text tokens.
pub fn score_text(
    matcher: &SkimMatcherV2,
    name: &str,
    f: &NameForms,
    tokens: &[String],
) -> Option<i64> {
    if tokens.is_empty() {
        return Some(0);
    }
    let mut sum = 0;
    for q in tokens {
        sum += score_token(matcher, f, q)?;
    }
    Some(sum - length_penalty(name))
}

/// Score of the digit and unit tokens against a customer's phones and units.
pub fn score_contact<'a>(
    phones: impl Iterator<Item = &'a str> + Clone,
    units: impl Iterator<Item = &'a str> + Clone,
    q: &Query,
) -> Option<i64> {
    let mut sum = 0;
    for d in &q.digits {
        let fields = phones
            .clone()
            .map(|p| (true, p.as_bytes()))
            .chain(units.clone().map(|u| (false, u.as_bytes())));
        sum += digits_score(fields, d.as_bytes())?;
    }
    for u in &q.units {
        if !units.clone().any(|x| x.starts_with(u.as_str())) {
            return None;
        }
        sum += if units.clone().any(|x| x == u) {
            EXACT
        } else {
            PREFIX + u.len() as i64
        };
    }
    Some(sum)
}

/// The name characters to highlight for the text tokens: for each token, the indices of the
/// form that scored best, mapped back to the characters of the name.
pub fn highlight(matcher: &SkimMatcherV2, name: &str, tokens: &[String]) -> Vec<usize> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let lower = name.to_lowercase();
    let chars: Vec<char> = name.chars().collect();
    // Each pinyin form, with the name character that produced each of its chars.
    let default = syllables(name);
    let (n, readings) = surnames::alternatives(name);
    let mut readings_of = vec![default.clone()];
    for r in readings {
        let mut s = default.clone();
        if s.len() >= n {
            for (i, syl) in r.iter().enumerate() {
                s[i] = (syl.to_string(), syl[..1].to_string());
            }
            readings_of.push(s);
        }
    }
    let mut pinyin_forms: Vec<(String, Vec<usize>)> = Vec::new();
    for syl in &readings_of {
        let (mut initials, mut initials_owner) = (String::new(), Vec::new());
        let (mut full, mut full_owner) = (String::new(), Vec::new());
        for (i, (syllable, first)) in syl.iter().enumerate() {
            full_owner.extend(syllable.chars().map(|_| i));
            initials_owner.extend(first.chars().map(|_| i));
            full.push_str(syllable);
            initials.push_str(first);
        }
        pinyin_forms.push((initials, initials_owner));
        pinyin_forms.push((full, full_owner));
    }
    let lower_owner: Vec<usize> = if lower.chars().count() == chars.len() {
        (0..chars.len()).collect()
    } else {
        // Lowercasing changed the length (rare scripts): highlight nothing rather than wrongly.
        Vec::new()
    };
    let mut out = Vec::new();
    for q in tokens {
        if lower == *q {
            out.extend(0..chars.len());
            continue;
        }
        let mut best: Option<(i64, Vec<usize>)> = None;
        let forms =
            std::iter::once((&lower, &lower_owner)).chain(pinyin_forms.iter().map(|(f, o)| (f, o)));
        for (form, owner) in forms {
            if let Some((s, idx)) = matcher.fuzzy_indices(form, q) {
                let s = form_score(form, q, s);
                if best.as_ref().is_none_or(|(b, _)| s > *b) {
                    best = Some((
                        s,
                        idx.iter().filter_map(|&i| owner.get(i).copied()).collect(),
                    ));
                }
            }
        }
        if let Some((_, idx)) = best {
            out.extend(idx);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Orders hits best first, ties by customer id.
pub(crate) fn rank(a: &(i64, u64), b: &(i64, u64)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

#[cfg(test)]
mod tests;
