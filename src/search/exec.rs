//! Running a query against the index. Text tokens are scored per distinct name through a
//! per-query memo of distinct forms; digit and unit tokens are verified on contact chunks.
//! A query that narrows the previous one (the operator typed one more key) starts from the
//! previous hits; large pools are split over two threads, each with its own SkimMatcherV2;
//! `cancelled` is polled so a newer keystroke stops a stale search.

use std::collections::HashMap;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;

use super::cache::{Cold, COLD_MAX_CHARS, UNSET};
use super::index::{fields, mask, SearchIndex, PHONE, UNIT};
use super::{
    form_score, highlight, is_subsequence, length_penalty, rank, Hit, Query, EXACT, PREFIX,
};
use crate::domain::CustomerId;

/// Below this many items one thread is faster than two (thread start-up ~ 50 µs).
const PARALLEL_MIN: usize = 8192;
const CANCEL_EVERY: usize = 4096;
// Memo entries are i32 (skim scores are small) to halve the memo's memory traffic.
const NO_MATCH: i32 = i32::MIN;

type Cancel<'a> = &'a (dyn Fn() -> bool + Sync);

/// A client's previous query and its hits, for incremental narrowing.
#[derive(Default)]
pub struct SearchState {
    last: Option<Last>,
}

struct Last {
    generation: u64,
    query: Query,
    /// Names that matched a text-only query.
    names: Option<Vec<u32>>,
    /// Records that matched a query with digit or unit tokens.
    records: Option<Vec<u32>>,
}

/// Form scores for one token, computed on first use.
enum Memo {
    Dense(Vec<i32>),
    Sparse(HashMap<u32, i32>),
}

struct TokenScorer<'a> {
    q: &'a str,
    mask: u64,
    memo: Memo,
}

impl SearchIndex {
    /// The top `limit` hits for `query`, best first, ties by customer id; `None` if
    /// `cancelled` turned true (a newer keystroke arrived).
    pub fn search(
        &self,
        state: &mut SearchState,
        query: &str,
        limit: usize,
        cancelled: Cancel<'_>,
    ) -> Option<Vec<Hit>> {
        let q = Query::parse(query);
        if q.is_empty() || limit == 0 {
            state.last = None;
            return Some(Vec::new());
        }
        let prev = state
            .last
            .take()
            .filter(|l| l.generation == self.generation && q.narrows(&l.query));
        let short = query.trim().chars().count() <= COLD_MAX_CHARS;
        if prev.is_some() || !short {
            let top = self.run(state, &q, prev, limit, cancelled)?;
            return Some(self.hits(top, &q));
        }
        let cache = || self.cold.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cache().get(self.generation, &q, limit) {
            state.last = Some(Last {
                generation: self.generation,
                query: q.clone(),
                names: c.names.clone(),
                records: c.records.clone(),
            });
            return Some(self.hits(c.top.clone(), &q));
        }
        let top = self.run(state, &q, None, limit, cancelled)?;
        if let Some(l) = &state.last {
            let cold = Cold {
                names: l.names.clone(),
                records: l.records.clone(),
                top: top.clone(),
            };
            cache().put(self.generation, q.clone(), limit, cold);
        }
        Some(self.hits(top, &q))
    }

    /// Evaluates `q`, from `prev`'s hits when it narrows them; leaves its own hits in `state`.
    fn run(
        &self,
        state: &mut SearchState,
        q: &Query,
        prev: Option<Last>,
        limit: usize,
        cancelled: Cancel<'_>,
    ) -> Option<Vec<(i64, u64, u32)>> {
        let mut last = Last {
            generation: self.generation,
            query: q.clone(),
            names: None,
            records: None,
        };
        let mut scored: Vec<(i64, u64, u32)>;
        if !q.has_contact() {
            let pool = prev.as_ref().and_then(|p| p.names.as_deref());
            let names = self.score_names(pool, &q.text, cancelled)?;
            last.names = Some(names.iter().map(|(n, _)| *n).collect());
            let top = self.top_by_name(names, limit);
            state.last = Some(last);
            return Some(top);
        }
        // Digit and unit tokens are far more selective than a few letters: filter records
        // by contact first, then score the names of the survivors.
        let pool: Vec<u32> = match prev {
            Some(Last {
                records: Some(r), ..
            }) => r,
            Some(Last { names: Some(n), .. }) => n
                .iter()
                .flat_map(|n| self.name_recs[*n as usize].iter().copied())
                .collect(),
            _ => self.scan_contact(q),
        };
        let matcher = SkimMatcherV2::default();
        let mut scorers: Vec<TokenScorer> = q
            .text
            .iter()
            .map(|t| TokenScorer::new(t, Memo::Sparse(HashMap::new())))
            .collect();
        let mut name_scores: HashMap<u32, Option<i64>> = HashMap::new();
        scored = Vec::new();
        for (k, rec) in pool.into_iter().enumerate() {
            if k % CANCEL_EVERY == 0 && cancelled() {
                return None;
            }
            let Some(contact) = contact_score(self.chunk(rec), q) else {
                continue;
            };
            let text = if scorers.is_empty() {
                Some(0)
            } else {
                let name = self.rec_name[rec as usize];
                *name_scores
                    .entry(name)
                    .or_insert_with(|| self.name_score(name, &mut scorers, &matcher))
            };
            if let Some(t) = text {
                scored.push((t + contact, self.ids[rec as usize], rec));
            }
        }
        last.records = Some(scored.iter().map(|s| s.2).collect());
        state.last = Some(last);
        let by_rank = |a: &(i64, u64, u32), b: &(i64, u64, u32)| rank(&(a.0, a.1), &(b.0, b.1));
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit, by_rank);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(by_rank);
        Some(scored)
    }

    fn hits(&self, top: Vec<(i64, u64, u32)>, q: &Query) -> Vec<Hit> {
        let matcher = SkimMatcherV2::default();
        top.into_iter()
            .map(|(score, id, rec)| Hit {
                id: CustomerId(id),
                score,
                name_hits: highlight(
                    &matcher,
                    self.name_text(self.rec_name[rec as usize]),
                    &q.text,
                ),
            })
            .collect()
    }

    /// Sum over text tokens of the name's best form score; None if a token misses.
    fn name_score(
        &self,
        name: u32,
        scorers: &mut [TokenScorer],
        matcher: &SkimMatcherV2,
    ) -> Option<i64> {
        let entry = self.names[name as usize];
        let mut sum = 0;
        for s in scorers.iter_mut() {
            if s.mask & !entry.mask != 0 {
                return None;
            }
            if self.form_text(entry.forms[0]) == s.q {
                sum += EXACT;
                continue;
            }
            let mut best = NO_MATCH;
            for f in entry.forms {
                best = best.max(s.form_score(self, f, matcher));
            }
            if best == NO_MATCH {
                return None;
            }
            sum += i64::from(best);
        }
        Some(sum - length_penalty(self.name_text(name)))
    }

    /// Scores names (all, or the previous query's survivors) on up to two threads.
    fn score_names(
        &self,
        pool: Option<&[u32]>,
        tokens: &[String],
        cancelled: Cancel<'_>,
    ) -> Option<Vec<(u32, i64)>> {
        let n = pool.map_or(self.names.len(), <[u32]>::len);
        let dense = n >= PARALLEL_MIN;
        let forms = self.form_spans.len();
        let work = |from: usize, to: usize| -> Option<Vec<(u32, i64)>> {
            let matcher = SkimMatcherV2::default();
            let mut scorers: Vec<TokenScorer> = tokens
                .iter()
                .map(|t| {
                    let memo = if dense {
                        Memo::Dense(self.memo_pool.take(forms))
                    } else {
                        Memo::Sparse(HashMap::new())
                    };
                    TokenScorer::new(t, memo)
                })
                .collect();
            let needed = scorers.iter().fold(0, |m, s| m | s.mask);
            let mut out = Vec::new();
            for i in from..to {
                if (i - from).is_multiple_of(CANCEL_EVERY) && cancelled() {
                    return None;
                }
                let name = pool.map_or(i as u32, |p| p[i]);
                if needed & !self.names[name as usize].mask != 0 {
                    continue;
                }
                if let Some(s) = self.name_score(name, &mut scorers, &matcher) {
                    out.push((name, s));
                }
            }
            for s in scorers {
                if let Memo::Dense(v) = s.memo {
                    self.memo_pool.give(v);
                }
            }
            Some(out)
        };
        if !dense {
            return work(0, n);
        }
        let mid = n / 2;
        let (a, b) = std::thread::scope(|s| {
            let other = s.spawn(|| work(mid, n));
            (work(0, mid), other.join().ok().flatten())
        });
        let mut a = a?;
        a.extend(b?);
        Some(a)
    }

    /// Top records for a text-only query: a record's score is its name's, so names are
    /// taken best first and only the last, partly needed score group is ordered by id.
    fn top_by_name(&self, mut names: Vec<(u32, i64)>, limit: usize) -> Vec<(i64, u64, u32)> {
        // Every name has at least one record, so the top `limit` records come from names
        // scoring at least the `limit`-th best name score: keep those, in linear time.
        if names.len() > limit {
            let (_, nth, _) =
                names.select_nth_unstable_by_key(limit - 1, |n| std::cmp::Reverse(n.1));
            let threshold = nth.1;
            names.retain(|n| n.1 >= threshold);
        }
        names.sort_unstable_by_key(|n| std::cmp::Reverse(n.1));
        let mut out = Vec::with_capacity(limit);
        let mut i = 0;
        while i < names.len() && out.len() < limit {
            let score = names[i].1;
            let mut group: Vec<(u64, u32)> = Vec::new();
            while i < names.len() && names[i].1 == score {
                group.extend(
                    self.name_recs[names[i].0 as usize]
                        .iter()
                        .map(|&r| (self.ids[r as usize], r)),
                );
                i += 1;
            }
            let need = limit - out.len();
            if group.len() > need {
                group.select_nth_unstable(need);
                group.truncate(need);
            }
            group.sort_unstable();
            out.extend(group.into_iter().map(|(id, rec)| (score, id, rec)));
        }
        out
    }

    /// Records whose contact chunk holds the query's first digit or unit token: one SIMD
    /// substring scan of the arena, split at a chunk boundary over two threads.
    fn scan_contact(&self, q: &Query) -> Vec<u32> {
        let pattern: Vec<u8> = match (q.digits.first(), q.units.first()) {
            (Some(d), _) => d.as_bytes().to_vec(),
            (None, Some(u)) => [&[UNIT][..], u.as_bytes()].concat(),
            (None, None) => return Vec::new(),
        };
        let finder = memmem::Finder::new(&pattern);
        let arena = &self.contact;
        let scan = |start: usize, end: usize| -> Vec<u32> {
            let mut out: Vec<u32> = Vec::new();
            let mut last_chunk = usize::MAX;
            for pos in finder.find_iter(&arena[start..end]) {
                let pos = start + pos;
                let chunk = memchr::memrchr(0, &arena[..pos]).unwrap_or(0);
                if chunk == last_chunk {
                    continue;
                }
                last_chunk = chunk;
                if let Some(rec) = self.live_chunk_record(chunk) {
                    out.push(rec);
                }
            }
            out
        };
        if arena.len() < PARALLEL_MIN * 32 {
            return scan(0, arena.len());
        }
        // Split at a chunk start, so no match straddles the halves.
        let mid = arena.len() / 2;
        let mid = mid + memchr::memchr(0, &arena[mid..]).unwrap_or(arena.len() - mid);
        let (mut a, b) = std::thread::scope(|s| {
            let other = s.spawn(|| scan(mid, arena.len()));
            (scan(0, mid), other.join().unwrap_or_default())
        });
        a.extend(b);
        a
    }
}

impl<'a> TokenScorer<'a> {
    fn new(q: &'a str, memo: Memo) -> TokenScorer<'a> {
        TokenScorer {
            q,
            mask: mask(q),
            memo,
        }
    }

    fn form_score(&mut self, index: &SearchIndex, form: u32, matcher: &SkimMatcherV2) -> i32 {
        let compute = || {
            let text = index.form_text(form);
            if self.mask & !index.form_masks[form as usize] != 0 || !is_subsequence(self.q, text) {
                return NO_MATCH;
            }
            matcher.fuzzy_match(text, self.q).map_or(NO_MATCH, |s| {
                form_score(text, self.q, s).clamp(i64::from(NO_MATCH) + 2, i64::from(i32::MAX))
                    as i32
            })
        };
        match &mut self.memo {
            Memo::Dense(v) => {
                if v[form as usize] == UNSET {
                    v[form as usize] = compute();
                }
                v[form as usize]
            }
            Memo::Sparse(m) => {
                if let Some(s) = m.get(&form) {
                    return *s;
                }
                let s = compute();
                m.insert(form, s);
                s
            }
        }
    }
}

/// Digit and unit tokens against one contact chunk, with the reference's semantics
/// (`super::score_contact`): digits scored by `super::digits_score` (a whole phone, its
/// end, its start, inside); units are a prefix of a unit, exact when whole.
fn contact_score(chunk: &[u8], q: &Query) -> Option<i64> {
    let mut sum = 0;
    for d in &q.digits {
        let phone_or_unit = fields(chunk).map(|(kind, f)| (kind == PHONE, f));
        sum += super::digits_score(phone_or_unit, d.as_bytes())?;
    }
    for u in &q.units {
        let u = u.as_bytes();
        let mut hit = false;
        let mut exact = false;
        for (kind, f) in fields(chunk) {
            if kind == UNIT && f.starts_with(u) {
                hit = true;
                exact |= f == u;
            }
        }
        if !hit {
            return None;
        }
        sum += if exact {
            EXACT
        } else {
            PREFIX + u.len() as i64
        };
    }
    Some(sum)
}
