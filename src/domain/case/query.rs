//! The case lists an operator works from (R-LIFE-01: my cases; the work sent to me; the
//! deadline board; what was escalated to me; all open work for supervisors) and the filter
//! typed over them: the lookup's words plus `kind:`, `cat:`, `sev:`, `unit:` and `staff:`.
//! Parsed once, here, for the screen's filter box and the CLI's `--filter`.

use crate::domain::ParseWord;
use serde::{Deserialize, Serialize};

use super::{CaseKind, Severity};
use crate::domain::{DeskError, Field};

crate::domain::by_word::words! {
    /// One list of open work. The wire, the CLI's `--view` and the screen's tabs use these.
    pub enum CaseView in Field::View as "view" {
        /// Cases I own that are not closed.
        Mine = ["mine", "我的"],
        /// Work dispatched to me, or to my department and not yet taken.
        Handling = ["handling", "待处理"],
        /// Every open case by its nearest deadline, past ones first.
        Deadlines = ["deadlines", "时限"],
        /// Cases escalated to me and not yet acted on (R-INT-16).
        Escalated = ["escalated", "升级"],
        /// R-INT-10/19: residents' open suggestions, for a leader (supervisors).
        Suggestions = ["suggestions", "建议"],
        /// All open work (supervisors).
        Open = ["open", "all", "全部"],
    }
}

/// The parsed filter: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseQuery {
    pub kind: Option<CaseKind>,
    /// Part of the category, lowercased.
    pub category: Option<String>,
    pub severity: Option<Severity>,
    /// A unit, or its start (`3-2` matches every unit of building 3, entrance 2).
    pub unit: Option<String>,
    /// Login or name of the owner, handler or an assist.
    pub staff: Option<String>,
    /// Lookup words: a ticket, a name or its pinyin, phone digits, a unit.
    pub words: Vec<String>,
}

impl CaseQuery {
    pub fn parse(s: &str) -> Result<CaseQuery, DeskError> {
        let mut q = CaseQuery::default();
        for term in s.split_whitespace() {
            let Some((key, value)) = term.split_once(':').filter(|(k, _)| {
                matches!(
                    k.to_ascii_lowercase().as_str(),
                    "kind" | "cat" | "sev" | "unit" | "staff"
                )
            }) else {
                q.words.push(term.to_lowercase());
                continue;
            };
            if value.is_empty() {
                return Err(DeskError::invalid(
                    Field::Query,
                    crate::domain::refusal::InputRefusal::QueryNoValue {
                        term: term.to_string(),
                        key: key.to_string(),
                    },
                ));
            }
            match key.to_ascii_lowercase().as_str() {
                "kind" => q.kind = Some(CaseKind::parse(value)?),
                "sev" => q.severity = Some(Severity::parse(value)?),
                "cat" => q.category = Some(value.to_lowercase()),
                "unit" => q.unit = Some(value.to_lowercase()),
                _ => q.staff = Some(value.to_lowercase()),
            }
        }
        Ok(q)
    }

    pub fn is_empty(&self) -> bool {
        *self == CaseQuery::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_keys_and_keep_words() {
        let q = CaseQuery::parse("kind:repair sev:L1 cat:漏水 unit:3-2 staff:li 张 8663").unwrap();
        assert_eq!(q.kind, Some(CaseKind::Repair));
        assert_eq!(q.severity, Some(Severity::L1));
        assert_eq!(q.category.as_deref(), Some("漏水"));
        assert_eq!(q.unit.as_deref(), Some("3-2"));
        assert_eq!(q.staff.as_deref(), Some("li"));
        assert_eq!(q.words, vec!["张".to_string(), "8663".to_string()]);
        // A bad value names the field it came from.
        assert!(matches!(
            CaseQuery::parse("kind:party"),
            Err(DeskError::Validation {
                field: Field::Kind,
                ..
            })
        ));
        assert!(matches!(
            CaseQuery::parse("sev:"),
            Err(DeskError::Validation {
                field: Field::Query,
                ..
            })
        ));
        // A colon in an ordinary word (a time) stays a word.
        assert_eq!(CaseQuery::parse("10:30").unwrap().words, vec!["10:30"]);
        assert_eq!(CaseView::parse("Deadlines").unwrap(), CaseView::Deadlines);
        assert!(CaseView::parse("later").is_err());
    }
}
