//! Export to JSON Lines (one file per record kind) plus a manifest of counts and SHA-256
//! hashes; restore into a fresh data dir, verified against the manifest before anything is
//! written (R-REC-15 backups).

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Papers;
use super::{
    Counter, CounterMove, SledStore, Store, StoreConfig, StoreError, WriteSet, SCHEMA_VERSION,
};
use crate::domain::{
    call, cover, fees, incident, loan, permit, release, survey, visitor, Callback, Case, CaseKey,
    ChangeRecord, Customer, CustomerId, Dwelling, Staff, UnitCode, Verification, Visit,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub count: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub schema: u64,
    pub app_version: String,
    pub created_at: String,
    pub files: Vec<FileEntry>,
}

const FORMAT: &str = "frontdesk-export-1";

fn io(context: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io(format!("{context}: {e}"))
}

fn write_lines<T: Serialize>(dir: &Path, name: &str, items: &[T]) -> Result<FileEntry, StoreError> {
    let mut body = Vec::new();
    for item in items {
        serde_json::to_writer(&mut body, item).map_err(|e| io(name, e))?;
        body.push(b'\n');
    }
    let path = dir.join(name);
    let mut f = fs::File::create(&path).map_err(|e| io(&path.display().to_string(), e))?;
    f.write_all(&body)
        .and_then(|_| f.sync_all())
        .map_err(|e| io(&path.display().to_string(), e))?;
    Ok(FileEntry {
        name: name.to_string(),
        count: items.len() as u64,
        sha256: hex(&Sha256::digest(&body)),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every kind of record an export holds, declared once: its file, whether every export has
/// it (`required`) or only those since it was added (`optional`: an older export restores
/// none), how the store lists them, and where a restore puts them in its one write.
macro_rules! exported {
    ($($file:literal $need:ident: $t:ty, |$s:ident| $read:expr, |$ws:ident, $items:ident| $put:expr;)*) => {
        fn write_kinds(store: &dyn Store, dir: &Path) -> Result<Vec<FileEntry>, StoreError> {
            Ok(vec![$({
                let $s = store;
                let items: Vec<$t> = $read;
                write_lines(dir, $file, &items)?
            }),*])
        }

        fn read_kinds<'m>(
            from: &Path,
            entry: &dyn Fn(&str) -> Option<&'m FileEntry>,
            ws: &mut WriteSet,
        ) -> Result<(), StoreError> {
            $({
                let $items: Vec<$t> = exported!(@read $need, from, entry, $file);
                let $ws = &mut *ws;
                $put;
            })*
            Ok(())
        }
    };
    (@read required, $from:ident, $entry:ident, $file:literal) => {
        read_lines($from, required($entry, $file)?)?
    };
    (@read optional, $from:ident, $entry:ident, $file:literal) => {
        read_optional($from, $entry($file))?
    };
}

exported! {
    "staff.jsonl" required: Staff, |s| s.all_staff()?, |ws, v| ws.staff = v;
    "customers.jsonl" required: Customer, |s| s.customers()?, |ws, v| ws.customers = v;
    "cases.jsonl" required: Case, |s| s.all_cases()?, |ws, v| ws.cases = v;
    "callbacks.jsonl" required: Callback, |s| s.all_callbacks()?,
        |ws, v| ws.callbacks = v.into_iter().map(|c| (None, c)).collect();
    "visits.jsonl" required: Visit, |s| s.all_visits()?,
        |ws, v| ws.visits = v.into_iter().map(|c| (None, c)).collect();
    "dwellings.jsonl" optional: Dwelling, |s| s.all_dwellings()?, |ws, v| ws.dwellings = v;
    "verifications.jsonl" optional: Verification, |s| s.all_verifications()?,
        |ws, v| ws.verifications = v;
    "forwards.jsonl" optional: (CustomerId, CustomerId), |s| s.all_forwards()?,
        |ws, v| ws.forwards = v;
    "unit_cases.jsonl" optional: (UnitCode, CaseKey), |s| s.all_case_units()?,
        |ws, v| ws.case_units = v;
    "surveys.jsonl" optional: survey::SurveyRound, |s| s.all_surveys()?, |ws, v| ws.surveys = v;
    "survey_responses.jsonl" optional: survey::SurveyResponse, |s| s.all_survey_responses()?,
        |ws, v| ws.survey_responses = v;
    "release_slips.jsonl" optional: release::ReleaseSlip, |s| s.papers(false)?,
        |ws, v| v.iter().for_each(|p| ws.put(p));
    "visitors.jsonl" optional: visitor::Visitor, |s| s.papers(false)?,
        |ws, v| v.iter().for_each(|p| ws.put(p));
    "loans.jsonl" optional: loan::Loan, |s| s.papers(false)?,
        |ws, v| v.iter().for_each(|p| ws.put(p));
    "permits.jsonl" optional: permit::Permit, |s| s.papers(false)?,
        |ws, v| v.iter().for_each(|p| ws.put(p));
    "arrears.jsonl" optional: fees::Arrear, |s| s.arrears_in(None)?, |ws, v| ws.arrears = Some(v);
    "fee_reminders.jsonl" optional: fees::Reminder, |s| s.all_reminders()?,
        |ws, v| ws.reminders = (1..).zip(v).collect();
    "covers.jsonl" optional: cover::Cover, |s| s.all_covers()?,
        |ws, v| ws.covers = (1..).zip(v).collect();
    "calls.jsonl" optional: call::Call, |s| s.all_calls()?, |ws, v| ws.calls = v;
    "incidents.jsonl" optional: incident::Incident, |s| s.papers(false)?,
        |ws, v| v.iter().for_each(|p| ws.put(p));
    "templates.jsonl" optional: crate::domain::template::Template, |s| s.papers(false)?,
        |ws, v| v.iter().for_each(|p| ws.put(p));
    "changes.jsonl" required: ChangeRecord, |s| s.changes_all()?,
        |ws, v| ws.restored_changes = v;
}

/// An entry every export has.
fn required<'m>(
    entry: &dyn Fn(&str) -> Option<&'m FileEntry>,
    name: &str,
) -> Result<&'m FileEntry, StoreError> {
    entry(name).ok_or_else(|| StoreError::Io(format!("manifest lists no {name}")))
}

/// Writes the whole store to `dir` (created; must be empty or absent).
pub fn export(store: &dyn Store, dir: &Path, created_at: &str) -> Result<Manifest, StoreError> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| io("reading export dir", e))?
            .next()
            .is_some()
    {
        return Err(StoreError::Io(format!(
            "{} is not empty; export into a new directory",
            dir.display()
        )));
    }
    fs::create_dir_all(dir).map_err(|e| io(&dir.display().to_string(), e))?;
    let meta: BTreeMap<String, u64> = store
        .counters()?
        .into_iter()
        .map(|(c, v)| (c.name(), v))
        .collect();
    let mut files = write_kinds(store, dir)?;
    files.push(write_lines(dir, "meta.jsonl", &[meta])?);
    let manifest = Manifest {
        format: FORMAT.into(),
        schema: SCHEMA_VERSION,
        app_version: env!("CARGO_PKG_VERSION").into(),
        created_at: created_at.into(),
        files,
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| io("manifest", e))?;
    let path = dir.join("manifest.json");
    let mut f = fs::File::create(&path).map_err(|e| io("manifest.json", e))?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| io("manifest.json", e))?;
    // The directory's entries too: on another disk or a share, a power cut must not leave
    // files whose names were never written down.
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io(&dir.display().to_string(), e))?;
    Ok(manifest)
}

/// Reads an export back from where it was written and checks every file against the
/// manifest it was written with (counts and SHA-256): a backup on a failing disk or a share
/// that dropped a write is found out now, not on the day it is needed.
pub fn verify(dir: &Path, written: &Manifest) -> Result<(), StoreError> {
    let (read, _) = read_export(dir)?;
    if read.files != written.files {
        return Err(StoreError::Io(format!(
            "{}: what was read back differs from what was written",
            dir.display()
        )));
    }
    Ok(())
}

/// An entry the export may not have (an older format): empty when absent.
fn read_optional<T: DeserializeOwned>(
    dir: &Path,
    entry: Option<&FileEntry>,
) -> Result<Vec<T>, StoreError> {
    entry.map_or(Ok(Vec::new()), |e| read_lines(dir, e))
}

fn read_lines<T: DeserializeOwned>(dir: &Path, entry: &FileEntry) -> Result<Vec<T>, StoreError> {
    let path = dir.join(&entry.name);
    let body = fs::read(&path).map_err(|e| io(&path.display().to_string(), e))?;
    let hash = hex(&Sha256::digest(&body));
    if hash != entry.sha256 {
        return Err(StoreError::Io(format!(
            "{}: hash {hash} does not match the manifest ({}); the export is damaged or was edited",
            entry.name, entry.sha256
        )));
    }
    let mut out = Vec::new();
    for (i, line) in BufReader::new(body.as_slice()).lines().enumerate() {
        let line = line.map_err(|e| io(&entry.name, e))?;
        out.push(
            serde_json::from_str(&line)
                .map_err(|e| io(&format!("{} line {}", entry.name, i + 1), e))?,
        );
    }
    if out.len() as u64 != entry.count {
        return Err(StoreError::Io(format!(
            "{}: {} records where the manifest says {}",
            entry.name,
            out.len(),
            entry.count
        )));
    }
    Ok(out)
}

/// Reads an export and checks every file against its manifest: the whole desk as one write
/// (with its change log as exported), nothing written anywhere yet.
pub fn read_export(from: &Path) -> Result<(Manifest, WriteSet), StoreError> {
    let text = fs::read_to_string(from.join("manifest.json"))
        .map_err(|e| io(&format!("{}/manifest.json", from.display()), e))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| io("manifest.json", e))?;
    if manifest.format != FORMAT || manifest.schema > SCHEMA_VERSION {
        return Err(StoreError::Io(format!(
            "{} is format {} schema {}; this build restores {FORMAT} schema ≤ {SCHEMA_VERSION}",
            from.display(),
            manifest.format,
            manifest.schema
        )));
    }
    let entry = |name: &str| manifest.files.iter().find(|f| f.name == name);
    let mut ws = WriteSet::default();
    read_kinds(from, &entry, &mut ws)?;
    // An export from before cases were filed by unit: each under its resident's first unit,
    // as a new store would have filed it.
    if entry("unit_cases.jsonl").is_none() {
        let first: BTreeMap<_, _> = ws
            .customers
            .iter()
            .filter_map(|c| Some((c.id, *c.units.first()?)))
            .collect();
        ws.case_units = ws
            .cases
            .iter()
            .filter_map(|c| Some((*first.get(&c.key.customer)?, c.key)))
            .collect();
    }
    ws.moved_out = moved_out_of(&ws.dwellings);
    let meta: Vec<BTreeMap<String, u64>> = read_lines(from, required(&entry, "meta.jsonl")?)?;
    // Only the counters: a backend's own bookkeeping (markers, the last change) is its own.
    ws.counters = meta
        .into_iter()
        .flatten()
        .filter_map(|(name, now)| {
            Counter::parse(&name).map(|counter| CounterMove {
                counter,
                was: 0,
                now,
            })
        })
        .collect();
    Ok((manifest, ws))
}

/// Restores an export into `into`, which must not hold a store yet. Everything is read and
/// verified before the new store is created. Returns the open store (sled releases its
/// lock lazily after a drop, so reopening at once in the same process can fail).
pub fn restore(from: &Path, into: &Path) -> Result<(Manifest, SledStore), StoreError> {
    let (manifest, ws) = read_export(from)?;
    if into.exists()
        && fs::read_dir(into)
            .map_err(|e| io("reading target dir", e))?
            .next()
            .is_some()
    {
        return Err(StoreError::Io(format!(
            "{} is not empty; restore into a new directory, then point --data at it",
            into.display()
        )));
    }
    let mut store = SledStore::open(into, StoreConfig::default())?;
    store.commit(&ws)?;
    Ok((manifest, store))
}

/// Restores an export into `store` (any backend: an estate on the group's database), all
/// or nothing, after checking it against its manifest; the store must hold no desk yet.
pub fn restore_into(from: &Path, store: &mut dyn Store) -> Result<Manifest, StoreError> {
    let (manifest, ws) = read_export(from)?;
    if store.staff_count() > 0 || store.last_change_seq()? > 0 {
        return Err(StoreError::Io(
            "the estate already holds a desk; restore into a new estate (`frontdesk estate add`)"
                .into(),
        ));
    }
    store.commit(&ws)?;
    Ok(manifest)
}

/// Residents recorded in some dwelling who live in none now.
pub fn moved_out_of(
    dwellings: &[crate::domain::Dwelling],
) -> Vec<(crate::domain::CustomerId, bool)> {
    let mut live = std::collections::BTreeMap::new();
    for d in dwellings {
        for o in &d.occupants {
            *live.entry(o.customer).or_insert(false) |= o.moved_out.is_none();
        }
    }
    live.into_iter()
        .filter(|(_, lives)| !lives)
        .map(|(who, _)| (who, true))
        .collect()
}
