//! The lookup index: every resident's name, its pinyin (full and initials), phones and unit
//! codes, kept in memory by the daemon and updated on every write. One query string, many
//! keys: tokens are ANDed; digit tokens match phone or unit digits exactly, unit-shaped
//! tokens match unit prefixes, other tokens fuzzy-match the name or its pinyin
//! (fuzzy-matcher's SkimMatcherV2). Results are ranked, with the matched name characters.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use pinyin::ToPinyin;

use crate::domain::{Customer, CustomerId};

/// Score bonus for a token equal to a whole name, phone or unit.
const EXACT: i64 = 10_000;

#[derive(Debug, Clone)]
struct Entry {
    id: CustomerId,
    name: String,
    /// Lowercased name, for Latin-name matching.
    lower: String,
    /// Concatenated toneless pinyin, e.g. `zhangwei`; `full_owner[i]` is the name character
    /// that produced byte `i`.
    full: String,
    full_owner: Vec<usize>,
    /// First letters, one per name character, e.g. `zw`.
    initials: String,
    phones: Vec<String>,
    units: Vec<String>,
}

impl Entry {
    fn new(c: &Customer) -> Entry {
        let mut full = String::new();
        let mut full_owner = Vec::new();
        let mut initials = String::new();
        for (i, (ch, py)) in c.name.chars().zip(c.name.as_str().to_pinyin()).enumerate() {
            let (syllable, first) = match py {
                Some(p) => (p.plain().to_string(), p.first_letter().to_string()),
                None => {
                    let l = ch.to_lowercase().to_string();
                    (l.clone(), l)
                }
            };
            for _ in 0..syllable.len() {
                full_owner.push(i);
            }
            full.push_str(&syllable);
            initials.push_str(&first);
        }
        Entry {
            id: c.id,
            name: c.name.clone(),
            lower: c.name.to_lowercase(),
            full,
            full_owner,
            initials,
            phones: c.phones.iter().map(|p| p.0.clone()).collect(),
            units: c.units.iter().map(|u| u.to_string()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: CustomerId,
    pub score: i64,
    /// Character indices of the name that matched.
    pub name_hits: Vec<usize>,
}

#[derive(Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Position of each customer's entry; customer ids are dense from 1.
    slot: std::collections::HashMap<CustomerId, usize>,
}

enum Token<'a> {
    Digits(&'a str),
    Unit(String),
    Text(String),
}

fn classify(t: &str) -> Token<'_> {
    if t.chars().all(|c| c.is_ascii_digit()) {
        Token::Digits(t)
    } else if t.contains('-') || t.contains('栋') || t.contains('单') {
        let norm = crate::domain::UnitCode::parse(t)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| t.replace(['栋', '幢'], "-").replace("单元", "-"));
        Token::Unit(norm)
    } else {
        Token::Text(t.to_lowercase())
    }
}

impl SearchIndex {
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds or replaces a customer's entry.
    pub fn upsert(&mut self, c: &Customer) {
        let e = Entry::new(c);
        match self.slot.get(&c.id) {
            Some(&i) => self.entries[i] = e,
            None => {
                self.slot.insert(c.id, self.entries.len());
                self.entries.push(e);
            }
        }
    }

    /// Ranked matches for `query`, best first, ties by customer id.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let tokens: Vec<Token> = query.split_whitespace().map(classify).collect();
        if tokens.is_empty() {
            return Vec::new();
        }
        let matcher = SkimMatcherV2::default();
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .filter_map(|e| score_entry(&matcher, e, &tokens))
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        hits.truncate(limit);
        hits
    }
}

fn score_entry(matcher: &SkimMatcherV2, e: &Entry, tokens: &[Token]) -> Option<Hit> {
    let mut score = 0i64;
    let mut name_hits = Vec::new();
    for t in tokens {
        match t {
            Token::Digits(d) => {
                let phone = e.phones.iter().any(|p| p.contains(d));
                let unit = e.units.iter().any(|u| u.contains(d));
                if !(phone || unit) {
                    return None;
                }
                let exact = e.phones.iter().any(|p| p == d);
                score += if exact { EXACT } else { 100 + d.len() as i64 };
            }
            Token::Unit(u) => {
                if !e.units.iter().any(|x| x.starts_with(u.as_str())) {
                    return None;
                }
                score += if e.units.iter().any(|x| x == u) {
                    EXACT
                } else {
                    100 + u.len() as i64
                };
            }
            Token::Text(q) => {
                if e.lower == *q {
                    score += EXACT;
                    name_hits.extend(0..e.name.chars().count());
                    continue;
                }
                let mut best: Option<(i64, Vec<usize>)> = None;
                let mut consider = |s: i64, idx: Vec<usize>| {
                    if best.as_ref().is_none_or(|(b, _)| s > *b) {
                        best = Some((s, idx));
                    }
                };
                if let Some((s, idx)) = matcher.fuzzy_indices(&e.lower, q) {
                    consider(s, idx);
                }
                if let Some((s, idx)) = matcher.fuzzy_indices(&e.initials, q) {
                    consider(s, idx);
                }
                if let Some((s, idx)) = matcher.fuzzy_indices(&e.full, q) {
                    let mut chars: Vec<usize> = idx.iter().map(|&i| e.full_owner[i]).collect();
                    chars.dedup();
                    consider(s, chars);
                }
                let (s, idx) = best?;
                score += s;
                name_hits.extend(idx);
            }
        }
    }
    name_hits.sort_unstable();
    name_hits.dedup();
    Some(Hit {
        id: e.id,
        score,
        name_hits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{NewCustomer, Time};

    fn cust(id: u64, name: &str, phone: &str, unit: &str) -> Customer {
        NewCustomer {
            name: name.into(),
            phones: vec![phone.into()],
            units: vec![unit.into()],
            ..Default::default()
        }
        .validate()
        .unwrap()
        .into_customer(CustomerId(id), Time::default())
    }

    fn index() -> SearchIndex {
        let mut i = SearchIndex::new();
        i.upsert(&cust(1, "张伟", "13800001102", "3-2-1102"));
        i.upsert(&cust(2, "王芳", "13900002222", "5-1-302"));
        i.upsert(&cust(3, "张卫东", "13700003333", "3-1-1102"));
        i.upsert(&cust(4, "John Smith", "13600004444", "8-1-801"));
        i
    }

    #[test]
    fn pinyin_initials_and_full_find_chinese_names() {
        let i = index();
        for q in ["zw", "zhangw", "zhangwei", "张伟"] {
            let hits = i.search(q, 10);
            assert_eq!(hits[0].id, CustomerId(1), "{q}");
        }
        assert_eq!(i.search("zw", 10)[0].name_hits, vec![0, 1]);
    }

    #[test]
    fn digits_and_units_are_exact_not_fuzzy() {
        let i = index();
        let ids = |q: &str| -> Vec<u64> { i.search(q, 10).iter().map(|h| h.id.0).collect() };
        assert_eq!(ids("2222"), vec![2]);
        let mut u = ids("3-2-");
        u.sort();
        assert_eq!(u, vec![1]);
        assert_eq!(ids("3栋2单元1102"), vec![1]);
        // Mixed queries narrow: initials AND digits.
        let mut zw = ids("zw 1102");
        zw.sort();
        assert_eq!(zw, vec![1, 3]);
        assert_eq!(ids("smith"), vec![4]);
        assert!(ids("9999").is_empty());
    }
}
