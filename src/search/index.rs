//! The lookup index's data, built for the keystroke. Each distinct name is stored once, and
//! each distinct spelling of a name (lowercase, pinyin initials, full pinyin) once more in a
//! form table: residents share names, and names share pinyin, so a query scores ~100k forms
//! rather than 3 × 1M strings. Every name and form carries a 64-bit character mask, so a
//! pattern whose characters a name lacks is rejected without touching its text. Phones and
//! units live in one byte arena, one chunk per record, for SIMD substring scans.
//! Query execution is in `exec.rs`.

use rustc_hash::FxHashMap as HashMap;

use super::NameForms;
use crate::domain::customer::projection_parts;
use crate::domain::{CustomerId, CustomerSummary, Tier};

pub(super) const CHUNK: u8 = 0;
pub(super) const PHONE: u8 = 1;
pub(super) const UNIT: u8 = 2;
/// Chunk header: the `0` marker and four record-number bytes.
pub(super) const HEADER: usize = 5;

/// Bit set of the characters in `s`: a–z, 0–9, and other characters hashed into 28 bits.
/// If `pattern` is a subsequence of `text`, `mask(pattern) & !mask(text) == 0`.
pub(super) fn mask(s: &str) -> u64 {
    s.chars().fold(0u64, |m, c| {
        m | 1u64
            << match c {
                'a'..='z' => c as u32 - 'a' as u32,
                '0'..='9' => 26 + (c as u32 - '0' as u32),
                _ => 36 + c as u32 % 28,
            }
    })
}

#[derive(Clone, Copy)]
pub(super) struct NameEntry {
    pub start: u32,
    pub len: u16,
    /// Form ids of the lowercase name, the initials and full pinyin, and both under the
    /// surname's other reading (the same ids again when it has none).
    pub forms: [u32; 5],
    /// Union of the forms' masks.
    pub mask: u64,
}

#[derive(Default)]
pub struct SearchIndex {
    pub(super) text: String,
    pub(super) names: Vec<NameEntry>,
    /// Name ids, hashed by their text in the arena (no key copies).
    name_ids: hashbrown::HashTable<u32>,
    pub(super) name_recs: Vec<Vec<u32>>,
    pub(super) form_text: String,
    /// (start, len) of each distinct form in `form_text`.
    pub(super) form_spans: Vec<(u32, u16)>,
    pub(super) form_masks: Vec<u64>,
    form_ids: hashbrown::HashTable<u32>,
    // Per record, in insertion order.
    pub(super) ids: Vec<u64>,
    pub(super) rec_name: Vec<u32>,
    pub(super) rec_chunk: Vec<u32>,
    rec_tier: Vec<Tier>,
    pub(super) contact: Vec<u8>,
    /// Only when ids stopped arriving in ascending order (imports with their own ids);
    /// otherwise `ids` is sorted and binary-searched.
    by_id: Option<HashMap<u64, u32>>,
    /// Bumped on every change, so a client's incremental state is never reused across one.
    pub(super) generation: u64,
    /// Records removed (a merged duplicate): out of every name list, an empty contact chunk,
    /// unknown to `record_of`.
    dead: std::collections::HashSet<u32>,
    /// Results of recent short from-scratch queries (first keystrokes), shared by clients.
    pub(super) cold: std::sync::Mutex<super::cache::ColdCache>,
    pub(super) memo_pool: super::cache::MemoPool,
}

impl SearchIndex {
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    pub fn build(records: impl IntoIterator<Item = CustomerSummary>) -> SearchIndex {
        let mut index = SearchIndex::new();
        for r in records {
            index.upsert(&r);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.ids.len() - self.dead.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes a resident out of every search (merged into another record).
    pub fn remove(&mut self, id: CustomerId) {
        let Some(rec) = self.record_of(id.0) else {
            return;
        };
        self.generation += 1;
        let name = self.rec_name[rec as usize];
        self.name_recs[name as usize].retain(|x| *x != rec);
        self.push_chunk(rec, &[]);
        self.dead.insert(rec);
    }

    /// Every resident findable, by id.
    pub fn live_ids(&self) -> impl Iterator<Item = CustomerId> + '_ {
        self.ids
            .iter()
            .enumerate()
            .filter(|(rec, _)| !self.dead.contains(&(*rec as u32)))
            .map(|(_, id)| CustomerId(*id))
    }

    pub fn distinct_names(&self) -> usize {
        self.names.len()
    }

    /// Heap bytes held, approximately (capacities, not lengths).
    pub fn memory_report(&self) -> String {
        let lists: usize = self.name_recs.iter().map(|v| v.capacity() * 4 + 24).sum();
        format!(
            "text {} names {} name_ids {} lists {} forms {} form_ids {} ids {} rec {} contact {}",
            self.text.capacity() >> 10,
            (self.names.capacity() * std::mem::size_of::<NameEntry>()) >> 10,
            (self.name_ids.capacity() * 5) >> 10,
            lists >> 10,
            (self.form_text.capacity()
                + self.form_spans.capacity() * 8
                + self.form_masks.capacity() * 8)
                >> 10,
            (self.form_ids.capacity() * 5) >> 10,
            (self.ids.capacity() * 8) >> 10,
            (self.rec_name.capacity() * 4
                + self.rec_chunk.capacity() * 4
                + self.rec_tier.capacity())
                >> 10,
            self.contact.capacity() >> 10,
        )
    }

    pub fn memory_bytes(&self) -> usize {
        let lists: usize = self.name_recs.iter().map(|v| v.capacity() * 4 + 24).sum();
        let map_keys = |m: &hashbrown::HashTable<u32>| -> usize { m.capacity() * 5 };
        self.text.capacity()
            + self.names.capacity() * std::mem::size_of::<NameEntry>()
            + map_keys(&self.name_ids)
            + lists
            + self.form_text.capacity()
            + self.form_spans.capacity() * 8
            + self.form_masks.capacity() * 8
            + map_keys(&self.form_ids)
            + self.ids.capacity() * 8
            + self.rec_name.capacity() * 4
            + self.rec_chunk.capacity() * 4
            + self.rec_tier.capacity()
            + self.contact.capacity()
            + self.by_id.as_ref().map_or(0, |m| m.capacity() * 16)
    }

    pub(super) fn name_text(&self, name: u32) -> &str {
        let e = self.names[name as usize];
        &self.text[e.start as usize..e.start as usize + e.len as usize]
    }

    pub(super) fn form_text(&self, form: u32) -> &str {
        let (start, len) = self.form_spans[form as usize];
        &self.form_text[start as usize..start as usize + len as usize]
    }

    fn intern_form(&mut self, form: &str) -> u32 {
        let form = &form[..floor_char_boundary(form, u16::MAX as usize)];
        let hash = text_hash(form);
        if let Some(&id) = self.form_ids.find(hash, |&id| self.form_text(id) == form) {
            return id;
        }
        let id = self.form_spans.len() as u32;
        self.form_spans
            .push((self.form_text.len() as u32, form.len() as u16));
        self.form_text.push_str(form);
        self.form_masks.push(mask(form));
        let (spans, text) = (&self.form_spans, &self.form_text);
        self.form_ids.insert_unique(hash, id, |&id| {
            let (start, len) = spans[id as usize];
            text_hash(&text[start as usize..start as usize + len as usize])
        });
        id
    }

    fn intern_name(&mut self, name: &str) -> u32 {
        let name = &name[..floor_char_boundary(name, u16::MAX as usize)];
        let hash = text_hash(name);
        if let Some(&id) = self.name_ids.find(hash, |&id| self.name_text(id) == name) {
            return id;
        }
        let f = NameForms::of(name);
        let forms = [
            self.intern_form(&f.lower),
            self.intern_form(&f.initials),
            self.intern_form(&f.full),
            self.intern_form(&f.alt_initials),
            self.intern_form(&f.alt_full),
        ];
        let entry = NameEntry {
            start: self.text.len() as u32,
            len: name.len() as u16,
            forms,
            mask: forms
                .iter()
                .fold(0, |m, f| m | self.form_masks[*f as usize]),
        };
        self.text.push_str(name);
        let id = self.names.len() as u32;
        self.names.push(entry);
        self.name_recs.push(Vec::new());
        let (names, text) = (&self.names, &self.text);
        self.name_ids.insert_unique(hash, id, |&id| {
            let e = names[id as usize];
            text_hash(&text[e.start as usize..e.start as usize + e.len as usize])
        });
        id
    }

    fn record_of(&self, id: u64) -> Option<u32> {
        // The common case at start-up and for new residents: a new, highest id.
        if self.by_id.is_none() && self.ids.last().is_none_or(|&last| last < id) {
            return None;
        }
        let rec = match &self.by_id {
            Some(m) => m.get(&id).copied(),
            None => self.ids.binary_search(&id).ok().map(|i| i as u32),
        };
        rec.filter(|r| !self.dead.contains(r))
    }

    /// Appends a record's contact chunk: `[0]`, the record number in four bytes that all
    /// have the high bit set, then the projection's `[1 phone]…[2 unit]…`. Phones and
    /// units are ASCII, so a scan hit finds its chunk by looking back for the `0`, and no
    /// search pattern can match inside a header.
    fn push_chunk(&mut self, rec: u32, contact: &[u8]) {
        let start = self.contact.len() as u32;
        self.contact.push(CHUNK);
        for i in 0..4 {
            self.contact.push(0x80 | ((rec >> (7 * i)) & 0x7f) as u8);
        }
        self.contact
            .extend(contact.iter().filter(|b| **b != CHUNK && **b < 0x80));
        self.rec_chunk[rec as usize] = start;
    }

    /// The record whose chunk starts at `start`, if that chunk is still its current one.
    pub(super) fn live_chunk_record(&self, start: usize) -> Option<u32> {
        let h = self.contact.get(start + 1..start + HEADER)?;
        let rec = h
            .iter()
            .enumerate()
            .fold(0u32, |r, (i, b)| r | (u32::from(b & 0x7f) << (7 * i)));
        (self.rec_chunk.get(rec as usize) == Some(&(start as u32))).then_some(rec)
    }

    /// Adds a customer or replaces their entry; findable at once.
    pub fn upsert(&mut self, r: &CustomerSummary) {
        self.upsert_projection(r.id, &r.to_projection());
    }

    /// Adds or replaces a customer from their stored projection, allocating nothing per
    /// record (start-up reads a million of these).
    pub fn upsert_projection(&mut self, id: CustomerId, projection: &[u8]) {
        let Some((tier, name, contact)) = projection_parts(projection) else {
            return;
        };
        self.upsert_parts(id, tier, name, contact);
    }

    /// Gives back spare capacity after a bulk build.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.form_text.shrink_to_fit();
        self.names.shrink_to_fit();
        self.form_spans.shrink_to_fit();
        self.form_masks.shrink_to_fit();
        self.contact.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.rec_name.shrink_to_fit();
        self.rec_chunk.shrink_to_fit();
        self.rec_tier.shrink_to_fit();
        for l in &mut self.name_recs {
            l.shrink_to_fit();
        }
    }

    fn upsert_parts(&mut self, id: CustomerId, tier: Tier, name: &str, contact: &[u8]) {
        self.generation += 1;
        let r_id = id.0;
        let name = self.intern_name(name);
        let rec = match self.record_of(r_id) {
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
                if self.by_id.is_none() && self.ids.last().is_some_and(|&last| last >= r_id) {
                    self.by_id = Some(
                        self.ids
                            .iter()
                            .enumerate()
                            .map(|(i, id)| (*id, i as u32))
                            .collect(),
                    );
                }
                if let Some(m) = &mut self.by_id {
                    m.insert(r_id, rec);
                }
                self.ids.push(r_id);
                self.rec_name.push(name);
                self.rec_chunk.push(0);
                self.rec_tier.push(tier);
                self.name_recs[name as usize].push(rec);
                rec
            }
        };
        self.rec_tier[rec as usize] = tier;
        self.push_chunk(rec, contact);
    }

    pub(super) fn chunk(&self, rec: u32) -> &[u8] {
        let start = self.rec_chunk[rec as usize] as usize;
        let body = &self.contact[start + 1..];
        let len = memchr::memchr(CHUNK, body).unwrap_or(body.len());
        &self.contact[start..start + 1 + len]
    }

    /// What the lookup pane shows of a customer.
    pub fn summary(&self, id: CustomerId) -> Option<CustomerSummary> {
        let rec = self.record_of(id.0)?;
        let mut r = CustomerSummary {
            id,
            name: self.name_text(self.rec_name[rec as usize]).to_string(),
            phones: Vec::new(),
            units: Vec::new(),
            tier: self.rec_tier[rec as usize],
        };
        for (kind, field) in fields(self.chunk(rec)) {
            let text = String::from_utf8_lossy(field).into_owned();
            match kind {
                PHONE => r.phones.push(text),
                _ => r.units.push(text),
            }
        }
        Some(r)
    }
}

/// The (kind, bytes) fields of a contact chunk.
pub(super) fn fields(chunk: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut rest = chunk.get(HEADER..).unwrap_or(&[]);
    std::iter::from_fn(move || {
        let (&kind, after) = rest.split_first()?;
        let end = after.iter().position(|b| *b <= UNIT).unwrap_or(after.len());
        let (field, next) = after.split_at(end);
        rest = next;
        Some((kind, field))
    })
}

fn text_hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = s.len().min(max);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
