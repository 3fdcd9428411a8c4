//! What the lookup benchmarks share: the demo corpus, the operator's typing script
//! (Chinese names, pinyin initials and full pinyin, Latin names, last-4 phone digits, unit
//! prefixes, no-hit queries) replayed key by key, percentiles and a process's memory.

use frontdesk::domain::{CustomerId, CustomerSummary};
use frontdesk::search::NameForms;

pub fn corpus(n: usize) -> Vec<(CustomerSummary, frontdesk::domain::customer::ValidCustomer)> {
    frontdesk::demo::residents(n, 42)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let v = c.validate().expect("demo residents are valid");
            let r = CustomerSummary {
                id: CustomerId(i as u64 + 1),
                name: v.name.clone(),
                phones: v.phones.iter().map(|p| p.0.clone()).collect(),
                units: v.units.iter().map(|u| u.to_string()).collect(),
                tier: v.tier,
            };
            (r, v)
        })
        .collect()
}

/// The typing script: whole queries, each replayed key by key.
pub fn script(records: &[CustomerSummary]) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut pick = |f: &dyn Fn(&CustomerSummary) -> bool| loop {
        let r = &records[rng.usize(..records.len())];
        if f(r) {
            return r.clone();
        }
    };
    let mut q = Vec::new();
    for _ in 0..8 {
        let r = pick(&|r| !r.name.is_ascii());
        let f = NameForms::of(&r.name);
        q.push(r.name.clone());
        q.push(f.initials.clone());
        q.push(f.full.clone());
    }
    for _ in 0..4 {
        let r = pick(&|r| r.name.is_ascii());
        q.push(r.name.split(' ').next().unwrap_or("").to_lowercase());
    }
    for _ in 0..8 {
        let r = pick(&|_| true);
        q.push(r.phones[0][r.phones[0].len() - 4..].to_string());
        let unit = &r.units[0];
        let prefix: Vec<&str> = unit.split('-').take(2).collect();
        q.push(format!("{}-", prefix.join("-")));
    }
    q.extend(["qxzv", "zzzq", "99999999", "31-9-", "xqw 1102"].map(String::from));
    q
}

pub fn keystrokes(script: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, q) in script.iter().enumerate() {
        let mut s = String::new();
        for ch in q.chars() {
            s.push(ch);
            out.push((i, s.clone()));
        }
    }
    out
}

pub fn pct(v: &mut [u64], p: f64) -> u64 {
    v.sort_unstable();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

pub fn rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap_or(0)
        >> 10
}
