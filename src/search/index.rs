//! The lookup index, built for the keystroke. Names are interned: each distinct name is
//! stored once in one text arena with its lowercase, pinyin-initials and full-pinyin forms
//! (residents share names a lot, so fuzzy scoring runs per distinct name, not per record).
//! Phones and units live in a second byte arena, one chunk per record, scanned with SIMD
//! substring search. A query that extends the previous one rescans only its hits; work is
//! split over two threads with one SkimMatcherV2 each (a shared matcher is slower than one
//! thread); a search checks `cancelled` as it goes, so a newer keystroke stops a stale one.

use std::collections::HashMap;

use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;

use super::{highlight, rank, score_contact, score_text, Hit, NameForms, Query};
use crate::domain::{CustomerId, LookupRecord, Tier};

const CHUNK: u8 = 0;
const PHONE: u8 = 1;
const UNIT: u8 = 2;
/// Below this many items one thread is faster than two (thread start-up ~ 50 µs).
const PARALLEL_MIN: usize = 8192;
const CANCEL_EVERY: usize = 4096;

/// Where one distinct name's four forms sit in the arena, back to back.
#[derive(Clone, Copy)]
struct NameSpan {
    start: u32,
    name: u16,
    lower: u16,
    initials: u16,
    full: u16,
}

#[derive(Default)]
pub struct SearchIndex {
    text: String,
    spans: Vec<NameSpan>,
    name_ids: HashMap<Box<str>, u32>,
    name_recs: Vec<Vec<u32>>,
    // Per record, in insertion order.
    ids: Vec<u64>,
    rec_name: Vec<u32>,
    rec_chunk: Vec<u32>,
    rec_chunk_len: Vec<u16>,
    rec_tier: Vec<Tier>,
    contact: Vec<u8>,
    // Chunk starts in arena order, and whose each is (stale ones are skipped).
    chunk_starts: Vec<u32>,
    chunk_recs: Vec<u32>,
    /// Only when ids stopped arriving in ascending order (imports with their own ids);
    /// otherwise `ids` is sorted and binary-searched.
    by_id: Option<HashMap<u64, u32>>,
    /// Bumped on every change, so a client's incremental state is never reused across one.
    generation: u64,
}

/// A client's previous query and its hits, for incremental narrowing.
#[derive(Default)]
pub struct SearchState {
    last: Option<Last>,
}

struct Last {
    generation: u64,
    query: Query,
    /// Distinct names that matched the text tokens (when there were any).
    names: Option<Vec<u32>>,
    /// Records that matched (when there were no text tokens).
    records: Option<Vec<u32>>,
}

impl SearchIndex {
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    pub fn build(records: impl IntoIterator<Item = LookupRecord>) -> SearchIndex {
        let mut index = SearchIndex::new();
        for r in records {
            index.upsert(&r);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn distinct_names(&self) -> usize {
        self.spans.len()
    }

    /// Heap bytes held, approximately (capacities, not lengths).
    pub fn memory_bytes(&self) -> usize {
        let vec_of_vecs: usize = self.name_recs.iter().map(|v| v.capacity() * 4 + 24).sum();
        self.text.capacity()
            + self.spans.capacity() * std::mem::size_of::<NameSpan>()
            + self.name_ids.capacity() * (16 + 8)
            + self.name_ids.keys().map(|k| k.len()).sum::<usize>()
            + vec_of_vecs
            + self.ids.capacity() * 8
            + self.rec_name.capacity() * 4
            + self.rec_chunk.capacity() * 4
            + self.rec_chunk_len.capacity() * 2
            + self.rec_tier.capacity()
            + self.contact.capacity()
            + self.chunk_starts.capacity() * 4
            + self.chunk_recs.capacity() * 4
            + self.by_id.as_ref().map_or(0, |m| m.capacity() * 16)
    }

    fn forms(&self, name: u32) -> (&str, &str, &str, &str) {
        let s = self.spans[name as usize];
        let mut at = s.start as usize;
        let mut take = |len: u16| {
            let part = &self.text[at..at + len as usize];
            at += len as usize;
            part
        };
        (take(s.name), take(s.lower), take(s.initials), take(s.full))
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let f = NameForms::of(name);
        let start = self.text.len() as u32;
        let len = |s: &str| s.len().min(u16::MAX as usize) as u16;
        let span = NameSpan {
            start,
            name: len(name),
            lower: len(&f.lower),
            initials: len(&f.initials),
            full: len(&f.full),
        };
        for part in [name, &f.lower, &f.initials, &f.full] {
            self.text
                .push_str(&part[..part.len().min(u16::MAX as usize)]);
        }
        let id = self.spans.len() as u32;
        self.spans.push(span);
        self.name_recs.push(Vec::new());
        self.name_ids.insert(name.into(), id);
        id
    }

    fn record_of(&self, id: u64) -> Option<u32> {
        match &self.by_id {
            Some(m) => m.get(&id).copied(),
            None => self.ids.binary_search(&id).ok().map(|i| i as u32),
        }
    }

    fn push_chunk(&mut self, rec: u32, r: &LookupRecord) {
        let start = self.contact.len() as u32;
        self.contact.push(CHUNK);
        for p in &r.phones {
            self.contact.push(PHONE);
            self.contact.extend_from_slice(p.as_bytes());
        }
        for u in &r.units {
            self.contact.push(UNIT);
            self.contact.extend_from_slice(u.as_bytes());
        }
        let len = (self.contact.len() as u32 - start).min(u16::MAX as u32) as u16;
        self.chunk_starts.push(start);
        self.chunk_recs.push(rec);
        self.rec_chunk[rec as usize] = start;
        self.rec_chunk_len[rec as usize] = len;
    }

    /// Adds a customer or replaces their entry; findable at once.
    pub fn upsert(&mut self, r: &LookupRecord) {
        self.generation += 1;
        let name = self.intern(&r.name);
        let rec = match self.record_of(r.id.0) {
            Some(rec) => {
                let old = self.rec_name[rec as usize];
                if old != name {
                    self.name_recs[old as usize].retain(|x| *x != rec);
                    self.name_recs[name as usize].push(rec);
                    self.rec_name[rec as usize] = name;
                }
                rec
            }
            None => {
                let rec = self.ids.len() as u32;
                if self.by_id.is_none() && self.ids.last().is_some_and(|&last| last >= r.id.0) {
                    self.by_id = Some(
                        self.ids
                            .iter()
                            .enumerate()
                            .map(|(i, id)| (*id, i as u32))
                            .collect(),
                    );
                }
                if let Some(m) = &mut self.by_id {
                    m.insert(r.id.0, rec);
                }
                self.ids.push(r.id.0);
                self.rec_name.push(name);
                self.rec_chunk.push(0);
                self.rec_chunk_len.push(0);
                self.rec_tier.push(r.tier);
                self.name_recs[name as usize].push(rec);
                rec
            }
        };
        self.rec_tier[rec as usize] = r.tier;
        self.push_chunk(rec, r);
    }

    fn chunk(&self, rec: u32) -> &[u8] {
        let start = self.rec_chunk[rec as usize] as usize;
        &self.contact[start..start + self.rec_chunk_len[rec as usize] as usize]
    }

    fn fields(&self, rec: u32, kind: u8) -> impl Iterator<Item = &str> + Clone {
        self.chunk(rec)
            .split(|b| *b <= UNIT)
            .zip(Fields::new(self.chunk(rec)))
            .filter(move |(_, k)| *k == kind)
            .map(|(bytes, _)| std::str::from_utf8(bytes).unwrap_or(""))
    }

    fn contact_score(&self, rec: u32, q: &Query) -> Option<i64> {
        score_contact(self.fields(rec, PHONE), self.fields(rec, UNIT), q)
    }

    /// What the lookup pane shows of a customer.
    pub fn summary(&self, id: CustomerId) -> Option<LookupRecord> {
        let rec = self.record_of(id.0)?;
        let (name, ..) = self.forms(self.rec_name[rec as usize]);
        Some(LookupRecord {
            id,
            name: name.to_string(),
            phones: self.fields(rec, PHONE).map(String::from).collect(),
            units: self.fields(rec, UNIT).map(String::from).collect(),
            tier: self.rec_tier[rec as usize],
        })
    }

    /// The top `limit` hits for `query`, best first, ties by customer id; `None` if
    /// `cancelled` turned true (a newer keystroke arrived).
    pub fn search(
        &self,
        state: &mut SearchState,
        query: &str,
        limit: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
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
        let mut last = Last {
            generation: self.generation,
            query: q.clone(),
            names: None,
            records: None,
        };
        let mut scored: Vec<(i64, u64, u32)>;
        if !q.text.is_empty() {
            let pool = prev.as_ref().and_then(|p| p.names.as_deref());
            let names = self.score_names(pool, &q.text, cancelled)?;
            last.names = Some(names.iter().map(|(n, _)| *n).collect());
            if !q.has_contact() {
                let top = self.top_by_name(names, limit);
                state.last = Some(last);
                return Some(self.hits(top, &q));
            }
            scored = Vec::new();
            for (k, (name, text)) in names.iter().enumerate() {
                if k % CANCEL_EVERY == 0 && cancelled() {
                    return None;
                }
                for &rec in &self.name_recs[*name as usize] {
                    if let Some(c) = self.contact_score(rec, &q) {
                        scored.push((text + c, self.ids[rec as usize], rec));
                    }
                }
            }
        } else {
            let pool = match prev.as_ref().and_then(|p| p.records.clone()) {
                Some(recs) => recs,
                None => self.scan_contact(&q),
            };
            scored = Vec::with_capacity(pool.len());
            for (k, rec) in pool.into_iter().enumerate() {
                if k % CANCEL_EVERY == 0 && cancelled() {
                    return None;
                }
                if let Some(c) = self.contact_score(rec, &q) {
                    scored.push((c, self.ids[rec as usize], rec));
                }
            }
            last.records = Some(scored.iter().map(|s| s.2).collect());
        }
        state.last = Some(last);
        let by_rank = |a: &(i64, u64, u32), b: &(i64, u64, u32)| rank(&(a.0, a.1), &(b.0, b.1));
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit, by_rank);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(by_rank);
        Some(self.hits(scored, &q))
    }

    fn hits(&self, top: Vec<(i64, u64, u32)>, q: &Query) -> Vec<Hit> {
        let matcher = SkimMatcherV2::default();
        top.into_iter()
            .map(|(score, id, rec)| Hit {
                id: CustomerId(id),
                score,
                name_hits: highlight(&matcher, self.forms(self.rec_name[rec as usize]).0, &q.text),
            })
            .collect()
    }

    /// Scores distinct names (all, or the previous query's survivors) on two threads.
    fn score_names(
        &self,
        pool: Option<&[u32]>,
        tokens: &[String],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<(u32, i64)>> {
        let n = pool.map_or(self.spans.len(), <[u32]>::len);
        let work = |from: usize, to: usize| -> Option<Vec<(u32, i64)>> {
            let matcher = SkimMatcherV2::default();
            let mut out = Vec::new();
            for i in from..to {
                if (i - from) % CANCEL_EVERY == 0 && cancelled() {
                    return None;
                }
                let name = pool.map_or(i as u32, |p| p[i]);
                let (_, lower, initials, full) = self.forms(name);
                if let Some(s) = score_text(&matcher, (lower, initials, full), tokens) {
                    out.push((name, s));
                }
            }
            Some(out)
        };
        if n < PARALLEL_MIN {
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

    /// Records whose phones or units hold the query's first digit or unit token: one SIMD
    /// substring scan of the contact arena, split at a chunk boundary over two threads.
    fn scan_contact(&self, q: &Query) -> Vec<u32> {
        let pattern: Vec<u8> = match (q.digits.first(), q.units.first()) {
            (Some(d), _) => d.as_bytes().to_vec(),
            (None, Some(u)) => [&[UNIT][..], u.as_bytes()].concat(),
            (None, None) => return Vec::new(),
        };
        let finder = memmem::Finder::new(&pattern);
        let scan = |from_chunk: usize, to_chunk: usize| -> Vec<u32> {
            let start = self
                .chunk_starts
                .get(from_chunk)
                .map_or(self.contact.len(), |s| *s as usize);
            let end = self
                .chunk_starts
                .get(to_chunk)
                .map_or(self.contact.len(), |s| *s as usize);
            let mut out: Vec<u32> = Vec::new();
            let mut last_chunk = usize::MAX;
            for pos in finder.find_iter(&self.contact[start..end]) {
                let at = (start + pos) as u32;
                let c = self.chunk_starts.partition_point(|s| *s <= at) - 1;
                if c == last_chunk {
                    continue;
                }
                last_chunk = c;
                let rec = self.chunk_recs[c];
                if self.rec_chunk[rec as usize] == self.chunk_starts[c] {
                    out.push(rec);
                }
            }
            out
        };
        let chunks = self.chunk_starts.len();
        if self.contact.len() < PARALLEL_MIN * 16 {
            return scan(0, chunks);
        }
        let mid = chunks / 2;
        let (mut a, b) = std::thread::scope(|s| {
            let other = s.spawn(|| scan(mid, chunks));
            (scan(0, mid), other.join().unwrap_or_default())
        });
        a.extend(b);
        a
    }
}

/// The kind byte of each field in a chunk, in order (`split` drops the separators).
#[derive(Clone)]
struct Fields<'a> {
    bytes: std::slice::Iter<'a, u8>,
    first: bool,
}

impl<'a> Fields<'a> {
    fn new(chunk: &'a [u8]) -> Fields<'a> {
        Fields {
            bytes: chunk.iter(),
            first: true,
        }
    }
}

impl Iterator for Fields<'_> {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        // `split` yields the (empty) text before the first separator too; it has kind CHUNK.
        if std::mem::take(&mut self.first) {
            return Some(u8::MAX);
        }
        self.bytes.by_ref().find(|b| **b <= UNIT).copied()
    }
}
