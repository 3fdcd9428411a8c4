//! Lookup: one search box, many keys. Tokens are ANDed: digit tokens match phone or unit
//! digits exactly (substring), unit-shaped tokens match unit-code prefixes, every other token
//! fuzzy-matches the name, its pinyin initials or its full pinyin with fuzzy-matcher's
//! SkimMatcherV2 (best of the three). Exact matches get a large bonus; ties go to the lower
//! customer id. `index` is the fast engine the daemon uses; `exhaustive` scores every record
//! the plain way and is the reference the index must equal.

mod exec;
mod exhaustive;
mod index;
mod query;

pub use exec::SearchState;
pub use exhaustive::Exhaustive;
pub use index::SearchIndex;
pub use query::Query;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use pinyin::ToPinyin;

use crate::domain::CustomerId;

/// Score bonus for a token equal to a whole name, phone or unit.
pub const EXACT: i64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: CustomerId,
    pub score: i64,
    /// Character indices of the name that matched, for highlighting.
    pub name_hits: Vec<usize>,
}

/// The three searchable spellings of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForms {
    /// Lowercased name (Latin names match case-insensitively).
    pub lower: String,
    /// First letter of each character's pinyin, e.g. `zw` for 张伟.
    pub initials: String,
    /// Toneless pinyin run together, e.g. `zhangwei`.
    pub full: String,
}

impl NameForms {
    pub fn of(name: &str) -> NameForms {
        let mut full = String::new();
        let mut initials = String::new();
        for (ch, py) in name.chars().zip(name.to_pinyin()) {
            match py {
                Some(p) => {
                    full.push_str(p.plain());
                    initials.push_str(p.first_letter());
                }
                None => {
                    for l in ch.to_lowercase() {
                        full.push(l);
                        initials.push(l);
                    }
                }
            }
        }
        NameForms {
            lower: name.to_lowercase(),
            initials,
            full,
        }
    }
}

/// Cheap necessary condition for a skim match: every pattern char appears in order.
/// (Patterns and forms are lowercase, so this is exactly skim's own precondition.)
fn is_subsequence(pattern: &str, text: &str) -> bool {
    let mut t = text.chars();
    pattern.chars().all(|p| t.any(|c| c == p))
}

/// Best score of one text token against a name's forms, as the reference defines it.
pub fn score_token(
    matcher: &SkimMatcherV2,
    lower: &str,
    initials: &str,
    full: &str,
    q: &str,
) -> Option<i64> {
    if lower == q {
        return Some(EXACT);
    }
    let mut best: Option<i64> = None;
    for form in [lower, initials, full] {
        if !is_subsequence(q, form) {
            continue;
        }
        if let Some(s) = matcher.fuzzy_match(form, q) {
            if best.is_none_or(|b| s > b) {
                best = Some(s);
            }
        }
    }
    best
}

/// Sum of all text tokens' scores, or None if any token does not match.
pub fn score_text(
    matcher: &SkimMatcherV2,
    f: (&str, &str, &str),
    tokens: &[String],
) -> Option<i64> {
    let mut sum = 0;
    for q in tokens {
        sum += score_token(matcher, f.0, f.1, f.2, q)?;
    }
    Some(sum)
}

/// Score of the digit and unit tokens against a customer's phones and units.
pub fn score_contact<'a>(
    phones: impl Iterator<Item = &'a str> + Clone,
    units: impl Iterator<Item = &'a str> + Clone,
    q: &Query,
) -> Option<i64> {
    let mut sum = 0;
    for d in &q.digits {
        let hit = phones.clone().any(|p| p.contains(d.as_str()))
            || units.clone().any(|u| u.contains(d.as_str()));
        if !hit {
            return None;
        }
        sum += if phones.clone().any(|p| p == d) {
            EXACT
        } else {
            100 + d.len() as i64
        };
    }
    for u in &q.units {
        if !units.clone().any(|x| x.starts_with(u.as_str())) {
            return None;
        }
        sum += if units.clone().any(|x| x == u) {
            EXACT
        } else {
            100 + u.len() as i64
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
    // Which name character produced each char of the initials and of the full pinyin.
    let mut initials = String::new();
    let mut initials_owner = Vec::new();
    let mut full = String::new();
    let mut full_owner = Vec::new();
    for (i, (ch, py)) in chars.iter().zip(name.to_pinyin()).enumerate() {
        let (syllable, first) = match py {
            Some(p) => (p.plain().to_string(), p.first_letter().to_string()),
            None => {
                let l: String = ch.to_lowercase().collect();
                (l.clone(), l)
            }
        };
        for _ in syllable.chars() {
            full_owner.push(i);
        }
        for _ in first.chars() {
            initials_owner.push(i);
        }
        full.push_str(&syllable);
        initials.push_str(&first);
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
        for (form, owner) in [
            (&lower, &lower_owner),
            (&initials, &initials_owner),
            (&full, &full_owner),
        ] {
            if let Some((s, idx)) = matcher.fuzzy_indices(form, q) {
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
