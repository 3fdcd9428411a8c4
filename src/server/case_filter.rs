//! Applies a parsed `CaseQuery` (the Cases pane's filter box, `case list --filter`) to cases:
//! `kind:`, `sev:`, `cat:`, `unit:` and `staff:` terms, and lookup words matched against the
//! ticket, the resident's name (as typed, or its pinyin initials or full pinyin), phones,
//! units and the category. Residents come from the in-memory lookup index, staff from one
//! read of the small staff table: filtering costs what is listed.

use std::collections::HashMap;

use super::desk::{Desk, DeskResult};
use crate::domain::case::CaseQuery;
use crate::domain::{Case, CustomerSummary, Handler, StaffId};
use crate::search::NameForms;

pub(super) struct CaseMatcher<'a> {
    desk: &'a Desk,
    query: &'a CaseQuery,
    /// uid → (login, name), lowercased.
    staff: HashMap<StaffId, (String, String)>,
}

impl<'a> CaseMatcher<'a> {
    pub(super) fn new(desk: &'a Desk, query: &'a CaseQuery) -> DeskResult<CaseMatcher<'a>> {
        let staff = desk
            .store
            .all_staff()?
            .into_iter()
            .map(|s| (s.uid, (s.username.to_lowercase(), s.name.to_lowercase())))
            .collect();
        Ok(CaseMatcher { desk, query, staff })
    }

    pub(super) fn matches(&self, c: &Case) -> bool {
        let q = self.query;
        if q.kind.is_some_and(|k| k != c.kind) || q.severity.is_some_and(|s| s != c.severity) {
            return false;
        }
        // The entry's every word (`cat:水电` finds what is stored as `water-power`).
        let category = match self.desk.policy.categories.resolve(&c.category) {
            Some(entry) => entry.words(),
            None => c.category.to_lowercase(),
        };
        if q.category.as_ref().is_some_and(|w| !category.contains(w)) {
            return false;
        }
        if let Some(who) = &q.staff {
            if !self.works_on(c, who) {
                return false;
            }
        }
        if q.unit.is_none() && q.words.is_empty() {
            return true;
        }
        let resident = self
            .desk
            .index
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .summary(c.key.customer);
        let Some(r) = resident else {
            return false;
        };
        if let Some(u) = &q.unit {
            if !r
                .units
                .iter()
                .any(|unit| unit.to_lowercase().starts_with(u))
            {
                return false;
            }
        }
        let forms = NameForms::of(&r.name);
        q.words
            .iter()
            .all(|w| word_matches(w, c, &r, &forms, &category))
    }

    fn works_on(&self, c: &Case, who: &str) -> bool {
        let is = |uid: StaffId| {
            self.staff
                .get(&uid)
                .is_some_and(|(login, name)| login == who || name.contains(who))
        };
        is(c.owner)
            || matches!(&c.handler, Some(Handler::Staff(u)) if is(*u))
            || c.assists.iter().any(|a| is(*a))
    }
}

fn word_matches(w: &str, c: &Case, r: &CustomerSummary, forms: &NameForms, category: &str) -> bool {
    let digits = w.chars().all(|ch| ch.is_ascii_digit());
    c.ticket.0.to_lowercase().contains(w)
        || forms.lower.contains(w)
        || forms.pinyin().iter().any(|f| f.starts_with(w))
        || (digits && r.phones.iter().any(|p| p.contains(w)))
        || r.units.iter().any(|u| u.to_lowercase().contains(w))
        || category.contains(w)
}
