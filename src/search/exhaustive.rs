//! The reference engine: SkimMatcherV2 over every record, every query, one thread. Simple
//! enough to trust; the index's ranking must equal it, and the lookup benchmark measures
//! against it.

use fuzzy_matcher::skim::SkimMatcherV2;

use super::{highlight, rank, score_contact, score_text, Hit, NameForms, Query};
use crate::domain::{CustomerId, CustomerSummary};

pub struct Exhaustive {
    records: Vec<(CustomerSummary, NameForms)>,
}

impl Exhaustive {
    pub fn new(records: impl IntoIterator<Item = CustomerSummary>) -> Exhaustive {
        Exhaustive {
            records: records
                .into_iter()
                .map(|r| {
                    let f = NameForms::of(&r.name);
                    (r, f)
                })
                .collect(),
        }
    }

    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = Query::parse(query);
        if q.is_empty() {
            return Vec::new();
        }
        let matcher = SkimMatcherV2::default();
        let mut scored: Vec<((i64, u64), usize)> = Vec::new();
        for (i, (r, f)) in self.records.iter().enumerate() {
            let Some(text) = score_text(&matcher, &r.name, f, &q.text) else {
                continue;
            };
            let phones = r.phones.iter().map(String::as_str);
            let units = r.units.iter().map(String::as_str);
            let Some(contact) = score_contact(phones, units, &q) else {
                continue;
            };
            scored.push(((text + contact, r.id.0), i));
        }
        scored.sort_by(|a, b| rank(&a.0, &b.0));
        scored
            .into_iter()
            .take(limit)
            .map(|((score, id), i)| Hit {
                id: CustomerId(id),
                score,
                name_hits: highlight(&matcher, &self.records[i].0.name, &q.text),
            })
            .collect()
    }
}
