//! How often "initials + the last four digits" — how an operator finds a caller — puts
//! the caller first, under three rules for the digits, printed side by side in one run:
//! `inside` (before: any phone holding the digits ranks alike), `end-or-start` (a phone
//! ending or starting with them first, alike) and `end>start` (the engine's rule now:
//! whole number, end, start, inside). The index answers each query; each hit's digit score
//! is then swapped for the rule's, and the hits re-ranked by the engine's order.

use std::collections::HashMap;

use frontdesk::domain::CustomerSummary;
use frontdesk::search::{digits_score, NameForms, SearchIndex, SearchState, EXACT, FUZZY, PREFIX};

#[derive(Clone, Copy)]
enum Rule {
    Inside,
    EndOrStart,
    Now,
}

impl Rule {
    fn name(self) -> &'static str {
        match self {
            Rule::Inside => "inside",
            Rule::EndOrStart => "end-or-start",
            Rule::Now => "end>start",
        }
    }
}

fn fields(r: &CustomerSummary) -> impl Iterator<Item = (bool, &[u8])> {
    let phones = r.phones.iter().map(|p| (true, p.as_bytes()));
    phones.chain(r.units.iter().map(|u| (false, u.as_bytes())))
}

/// The digit token's score under `rule`.
fn score(r: &CustomerSummary, d: &[u8], rule: Rule) -> i64 {
    let mut best = i64::MIN;
    for (is_phone, f) in fields(r) {
        if !f.windows(d.len()).any(|w| w == d) {
            continue;
        }
        let len = d.len() as i64;
        let class = match rule {
            Rule::Now => unreachable!("the engine's own"),
            _ if is_phone && f == d => EXACT,
            Rule::EndOrStart if is_phone && (f.ends_with(d) || f.starts_with(d)) => PREFIX + len,
            _ => FUZZY + len,
        };
        best = best.max(class);
    }
    best
}

pub fn report(n: usize, records: &[CustomerSummary], index: &SearchIndex) {
    let by_id: HashMap<u64, &CustomerSummary> = records.iter().map(|r| (r.id.0, r)).collect();
    let callers: Vec<&CustomerSummary> = records
        .iter()
        .step_by((records.len() / 1000).max(1))
        .filter(|r| r.phones.first().is_some_and(|p| p.len() >= 4))
        .collect();
    let rules = [Rule::Inside, Rule::EndOrStart, Rule::Now];
    let mut first = [0usize; 3];
    for caller in &callers {
        let phone = caller.phones[0].as_bytes();
        let last4 = &phone[phone.len() - 4..];
        let q = format!(
            "{} {}",
            NameForms::of(&caller.name).initials,
            std::str::from_utf8(last4).expect("digits")
        );
        let hits = index
            .search(&mut SearchState::default(), &q, 100_000, &|| false)
            .expect("not cancelled");
        for (i, rule) in rules.iter().enumerate() {
            let mut ranked: Vec<(i64, u64)> = hits
                .iter()
                .map(|h| {
                    let r = by_id[&h.id.0];
                    let now = digits_score(fields(r), last4).expect("a hit holds the digits");
                    let swapped = match rule {
                        Rule::Now => now,
                        other => score(r, last4, *other),
                    };
                    (h.score - now + swapped, h.id.0)
                })
                .collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            if ranked.first().is_some_and(|top| top.1 == caller.id.0) {
                first[i] += 1;
            }
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        println!(
            "caller n={n} query=initials+last4 rule={} first_pct={:.1} callers={}",
            rule.name(),
            100.0 * first[i] as f64 / callers.len().max(1) as f64,
            callers.len()
        );
    }
}
