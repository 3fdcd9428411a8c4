//! Query parsing: the search box split into typed tokens, and whether one query narrows
//! another (so the index may rescan only the previous hits).

use crate::domain::UnitCode;

/// Digit tokens shorter than this are not applied yet (the operator is still typing).
pub const MIN_DIGITS: usize = 4;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Lowercased name / pinyin tokens, fuzzy.
    pub text: Vec<String>,
    /// All-digit tokens: exact substring of a phone or unit.
    pub digits: Vec<String>,
    /// Unit-shaped tokens (`3-2-`, `3栋2单元`), normalised: unit-code prefix.
    pub units: Vec<String>,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let mut out = Query::default();
        for t in q.split_whitespace() {
            if t.chars().all(|c| c.is_ascii_digit()) {
                // Fewer digits match a large share of all records and rank nothing useful;
                // like the issue says, a phone key is 4+ consecutive digits.
                if t.len() >= MIN_DIGITS {
                    out.digits.push(t.to_string());
                }
            } else if t.contains('-') || t.contains('栋') || t.contains('幢') || t.contains("单元")
            {
                out.units.push(normalise_unit(t));
            } else {
                out.text.push(t.to_lowercase());
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.digits.is_empty() && self.units.is_empty()
    }

    pub fn has_contact(&self) -> bool {
        !self.digits.is_empty() || !self.units.is_empty()
    }

    /// True when every result of `self` is certainly a result of `older`: each older token
    /// is kept (the last perhaps extended) in the same class, and new tokens only add
    /// conditions. Fuzzy matching is a subsequence test, so a longer pattern only narrows.
    pub fn narrows(&self, older: &Query) -> bool {
        fn kept(new: &[String], old: &[String]) -> bool {
            new.len() >= old.len() && old.iter().zip(new).all(|(o, n)| n.starts_with(o.as_str()))
        }
        kept(&self.text, &older.text)
            && kept(&self.digits, &older.digits)
            && kept(&self.units, &older.units)
    }
}

fn normalise_unit(t: &str) -> String {
    UnitCode::parse(t)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| {
            t.replace("号楼", "-")
                .replace(['栋', '幢'], "-")
                .replace("单元", "-")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_classified() {
        let q = Query::parse("ZW 1102 3栋2单元");
        assert_eq!(q.text, vec!["zw"]);
        assert_eq!(q.digits, vec!["1102"]);
        assert_eq!(q.units, vec!["3-2-"]);
    }

    #[test]
    fn typing_narrows_but_changing_does_not() {
        let p = Query::parse;
        assert!(p("zha").narrows(&p("zh")));
        assert!(p("zh 11").narrows(&p("zh")));
        assert!(p("11020").narrows(&p("1102")));
        assert!(!p("zw").narrows(&p("zh")));
        assert!(
            !p("z-").narrows(&p("z")),
            "a text token that becomes a unit token"
        );
        assert!(!p("3300").narrows(&p("3300 4400")));
        // Short digit tokens are not applied, so typing on from them still narrows.
        assert!(p("110").digits.is_empty());
        assert!(p("1102").narrows(&p("110")));
    }
}
