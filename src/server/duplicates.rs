//! Likely duplicate residents, for a supervisor to merge: two records sharing a phone, the
//! same name in the same unit, or the same pinyin in the same unit (张伟 and 张玮 at
//! 3-2-1102). Read from the lookup projections: one pass, grouped by key, pairs within groups.

use std::collections::{BTreeMap, HashMap};

use crate::domain::{CustomerId, CustomerSummary};
use crate::protocol::{DuplicatePair, DuplicateReason};
use crate::search::NameForms;

/// Groups larger than this are not paired (a shared switchboard number, a dormitory).
const MAX_GROUP: usize = 12;

pub(super) fn likely_duplicates(records: &[CustomerSummary], limit: usize) -> Vec<DuplicatePair> {
    let by_id: HashMap<CustomerId, &CustomerSummary> = records.iter().map(|r| (r.id, r)).collect();
    let mut groups: HashMap<(DuplicateReason, String), Vec<CustomerId>> = HashMap::new();
    for r in records {
        for p in &r.phones {
            groups
                .entry((DuplicateReason::SamePhone, p.clone()))
                .or_default()
                .push(r.id);
        }
        let pinyin = NameForms::of(&r.name).full;
        for u in &r.units {
            groups
                .entry((
                    DuplicateReason::SameNameSameUnit,
                    format!("{u}\u{0}{}", r.name),
                ))
                .or_default()
                .push(r.id);
            groups
                .entry((
                    DuplicateReason::SamePinyinSameUnit,
                    format!("{u}\u{0}{pinyin}"),
                ))
                .or_default()
                .push(r.id);
        }
    }
    let mut pairs: BTreeMap<(CustomerId, CustomerId), Vec<DuplicateReason>> = BTreeMap::new();
    for ((reason, _), mut ids) in groups {
        ids.sort();
        ids.dedup();
        if ids.len() < 2 || ids.len() > MAX_GROUP {
            continue;
        }
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                let reasons = pairs.entry((*a, *b)).or_default();
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
        }
    }
    let mut out: Vec<DuplicatePair> = pairs
        .into_iter()
        .filter_map(|((a, b), mut reasons)| {
            // Same name implies same pinyin: say the stronger reason only.
            if reasons.contains(&DuplicateReason::SameNameSameUnit) {
                reasons.retain(|r| *r != DuplicateReason::SamePinyinSameUnit);
            }
            reasons.sort();
            Some(DuplicatePair {
                a: (*by_id.get(&a)?).clone(),
                b: (*by_id.get(&b)?).clone(),
                reasons,
            })
        })
        .collect();
    // The pairs with the most evidence first, then by id.
    out.sort_by(|x, y| {
        y.reasons
            .len()
            .cmp(&x.reasons.len())
            .then(x.a.id.cmp(&y.a.id))
            .then(x.b.id.cmp(&y.b.id))
    });
    out.truncate(limit);
    out
}
