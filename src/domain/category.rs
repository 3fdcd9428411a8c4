//! The desk's category list (工单类别): what cases are logged under, each entry with its
//! Chinese and English label, the kind such a case usually is and the department it usually
//! goes to. Read from `categories.toml` in the data dir (the shipped default,
//! `contrib/categories.toml`, is written there when missing). A case stores its entry's
//! `code`; whatever was typed — the code, either label or an alias — resolves to it. Text
//! stored before the list, or under an entry since removed, is "unmapped" until a
//! supervisor maps it (`frontdesk category map`).

use std::collections::HashMap;

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

use super::case::CaseKind;
use super::refusal::InputRefusal;
use super::{text, DeskError, Field};

/// The default list, written to a data dir that has none.
pub const SHIPPED: &str = include_str!("../../contrib/categories.toml");

/// One entry of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// What the stores keep and the CLI takes: `a-z`, `0-9` and `-`.
    pub code: String,
    pub zh: String,
    pub en: String,
    /// The kind such a case usually is; intake starts with it.
    pub kind: CaseKind,
    /// The department it usually goes to; dispatch offers it first.
    pub department: String,
    /// Other words typed for it, old free-text categories included.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Category {
    /// The label in Chinese (`zh`) or English.
    pub fn label(&self, chinese: bool) -> &str {
        if chinese {
            &self.zh
        } else {
            &self.en
        }
    }

    /// Its code, labels and aliases, as written.
    fn names(&self) -> impl Iterator<Item = &String> {
        [&self.code, &self.zh, &self.en]
            .into_iter()
            .chain(&self.aliases)
    }

    /// Every word for the entry, lowercased, for a filter to search in.
    pub fn words(&self) -> String {
        self.names()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether `typed` names this entry exactly (code, label or alias; case does not matter).
    fn is_named(&self, typed: &str) -> bool {
        let typed = typed.trim().to_lowercase();
        self.names().any(|w| w.to_lowercase() == typed)
    }

    /// How well `query` picks this entry while being typed (higher is better): a prefix of
    /// the code, a label or an alias, or of the Chinese label's pinyin initials (`sd` for
    /// 水电维修); then anywhere in them.
    fn score(&self, query: &str) -> Option<u8> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Some(1);
        }
        let initials: String = self
            .zh
            .as_str()
            .to_pinyin()
            .flatten()
            .map(|p| p.first_letter())
            .collect();
        let words = self
            .names()
            .map(|w| w.to_lowercase())
            .chain([initials])
            .collect::<Vec<_>>();
        if words.iter().any(|w| w.starts_with(&q)) {
            Some(3)
        } else if words.iter().any(|w| w.contains(&q)) {
            Some(2)
        } else {
            None
        }
    }
}

/// The list, in the order the file gives (the picker's order when nothing is typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryList {
    #[serde(rename = "category", default)]
    pub entries: Vec<Category>,
}

/// A bad `categories.toml`: which entry and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CategoryListError(pub String);

/// The entry a typed category is filed under when nothing is typed.
pub const FALLBACK: &str = "other";

impl CategoryList {
    pub fn shipped() -> CategoryList {
        CategoryList::parse(SHIPPED).unwrap_or_default()
    }

    /// Reads and checks a list: every entry has a well-formed code used once, both labels
    /// and a department; no word names two entries; the list has the fallback `other`.
    pub fn parse(text: &str) -> Result<CategoryList, CategoryListError> {
        let list: CategoryList =
            toml::from_str(text).map_err(|e| CategoryListError(e.to_string()))?;
        let mut seen: HashMap<String, &String> = HashMap::new();
        for c in &list.entries {
            let well_formed = !c.code.is_empty()
                && c.code
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
            if !well_formed {
                return Err(CategoryListError(format!(
                    "category code `{}`: use a-z, 0-9 and '-', like \"water-power\"",
                    text::printable(&c.code)
                )));
            }
            for (name, v) in [("zh", &c.zh), ("en", &c.en), ("department", &c.department)] {
                if v.trim().is_empty() {
                    return Err(CategoryListError(format!(
                        "category `{}`: {name} is empty; give it a label",
                        c.code
                    )));
                }
            }
            for word in c.names() {
                let owner = seen.entry(word.trim().to_lowercase()).or_insert(&c.code);
                if *owner != &c.code {
                    return Err(CategoryListError(format!(
                        "category `{}`: `{}` already names another entry; a word may name one entry only",
                        c.code,
                        text::printable(word)
                    )));
                }
            }
        }
        if list.get(FALLBACK).is_none() {
            return Err(CategoryListError(format!(
                "the list has no `{FALLBACK}` entry (cases logged without a category go there); add one with code = \"{FALLBACK}\""
            )));
        }
        Ok(list)
    }

    /// The entry with this code.
    pub fn get(&self, code: &str) -> Option<&Category> {
        self.entries.iter().find(|c| c.code == code)
    }

    /// The entry `typed` names (its code, a label or an alias).
    pub fn resolve(&self, typed: &str) -> Option<&Category> {
        self.entries.iter().find(|c| c.is_named(typed))
    }

    /// The entry a case typed as `typed` is filed under: the one it names, or `other` when
    /// nothing was typed. Anything else is refused by field, naming the list.
    pub fn file_under(&self, typed: &str) -> Result<&Category, DeskError> {
        if typed.trim().is_empty() {
            if let Some(c) = self.get(FALLBACK) {
                return Ok(c);
            }
        }
        let typed = text::required_line(Field::Category, typed, text::MAX_SHORT_BYTES)?;
        self.resolve(&typed).ok_or_else(|| {
            DeskError::invalid(
                Field::Category,
                InputRefusal::NotACategory {
                    value: typed.clone(),
                },
            )
        })
    }

    /// The entries `query` picks while being typed, best first, then in list order.
    pub fn filter(&self, query: &str) -> Vec<&Category> {
        let mut hits: Vec<(u8, usize, &Category)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.score(query).map(|s| (s, i, c)))
            .collect();
        hits.sort_by_key(|(s, i, _)| (std::cmp::Reverse(*s), *i));
        hits.into_iter().map(|(_, _, c)| c).collect()
    }

    /// What a stored category counts as: its entry's code, or the stored text when it is
    /// on no entry.
    pub fn code_of<'a>(&'a self, stored: &'a str) -> &'a str {
        self.resolve(stored).map_or(stored, |c| c.code.as_str())
    }

    /// How a stored category reads: its entry's label, or the stored text when it is on no
    /// entry (unmapped).
    pub fn label<'a>(&'a self, stored: &'a str, chinese: bool) -> &'a str {
        match self.resolve(stored) {
            Some(c) => c.label(chinese),
            None => stored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_reads_and_names_what_a_service_centre_logs() {
        let list = CategoryList::parse(SHIPPED).unwrap();
        for zh in [
            "水电维修",
            "电梯",
            "门禁/对讲",
            "保洁",
            "绿化",
            "秩序/安全",
            "停车",
            "噪音扰民",
            "物业费用",
            "装修",
            "公共设施",
            "邻里纠纷",
            "投诉服务态度",
        ] {
            assert!(list.entries.iter().any(|c| c.zh == zh), "{zh}");
        }
    }

    #[test]
    fn a_typed_word_resolves_to_its_entry() {
        let list = CategoryList::shipped();
        for typed in [
            "water-power",
            "水电维修",
            "Water and power",
            "水管",
            "PLUMBING",
        ] {
            assert_eq!(list.resolve(typed).unwrap().code, "water-power", "{typed}");
        }
        assert!(list.resolve("水").is_none());
        assert_eq!(list.label("水管", true), "水电维修");
        assert_eq!(list.label("lift", false), "Lifts");
        assert_eq!(list.label("天台", true), "天台");
    }

    #[test]
    fn the_picker_filters_by_label_code_alias_and_pinyin_initials() {
        let list = CategoryList::shipped();
        assert_eq!(list.filter("sd")[0].code, "water-power");
        assert_eq!(list.filter("电梯")[0].code, "lift");
        assert_eq!(list.filter("park")[0].code, "parking");
        assert_eq!(list.filter("zy")[0].code, "noise");
        assert_eq!(list.filter("").len(), list.entries.len());
        assert!(list.filter("qqqq").is_empty());
    }

    #[test]
    fn a_bad_list_is_refused_naming_the_entry() {
        let one = |extra: &str| {
            format!(
                "[[category]]\ncode = \"other\"\nzh = \"其他\"\nen = \"Other\"\nkind = \"inquiry\"\ndepartment = \"客服中心\"\n{extra}"
            )
        };
        assert!(CategoryList::parse(&one("")).is_ok());
        let dup = one("[[category]]\ncode = \"x\"\nzh = \"其他\"\nen = \"X\"\nkind = \"repair\"\ndepartment = \"工程部\"\n");
        assert!(CategoryList::parse(&dup).unwrap_err().0.contains("`其他`"));
        let bad_code = one("[[category]]\ncode = \"Water Power\"\nzh = \"水\"\nen = \"W\"\nkind = \"repair\"\ndepartment = \"工程部\"\n");
        assert!(CategoryList::parse(&bad_code)
            .unwrap_err()
            .0
            .contains("Water Power"));
        let no_other = "[[category]]\ncode = \"x\"\nzh = \"水\"\nen = \"W\"\nkind = \"repair\"\ndepartment = \"工程部\"\n";
        assert!(CategoryList::parse(no_other)
            .unwrap_err()
            .0
            .contains("other"));
        assert!(
            CategoryList::parse(&one("[[category]]\ncode = \"y\"\nkind = \"nope\"\n")).is_err()
        );
    }
}
