//! Export to JSON Lines (one file per record kind) plus a manifest of counts and SHA-256
//! hashes; restore into a fresh data dir, verified against the manifest before anything is
//! written (R-REC-15 backups).

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    Counter, CounterMove, SledStore, Store, StoreConfig, StoreError, WriteSet, SCHEMA_VERSION,
};
use crate::domain::{Callback, Case, ChangeRecord, Customer, Staff, Visit};

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
    let files = vec![
        write_lines(dir, "staff.jsonl", &store.all_staff()?)?,
        write_lines(dir, "customers.jsonl", &store.customers()?)?,
        write_lines(dir, "cases.jsonl", &store.all_cases()?)?,
        write_lines(dir, "callbacks.jsonl", &store.all_callbacks()?)?,
        write_lines(dir, "visits.jsonl", &store.all_visits()?)?,
        write_lines(dir, "dwellings.jsonl", &store.all_dwellings()?)?,
        write_lines(dir, "verifications.jsonl", &store.all_verifications()?)?,
        write_lines(dir, "forwards.jsonl", &store.all_forwards()?)?,
        write_lines(dir, "unit_cases.jsonl", &store.all_case_units()?)?,
        write_lines(dir, "surveys.jsonl", &store.all_surveys()?)?,
        write_lines(
            dir,
            "survey_responses.jsonl",
            &store.all_survey_responses()?,
        )?,
        write_lines(dir, "release_slips.jsonl", &store.all_slips()?)?,
        write_lines(dir, "visitors.jsonl", &store.visitors_numbered("")?)?,
        write_lines(dir, "loans.jsonl", &store.all_loans()?)?,
        write_lines(dir, "permits.jsonl", &store.all_permits()?)?,
        write_lines(dir, "arrears.jsonl", &store.arrears_in(None)?)?,
        write_lines(dir, "fee_reminders.jsonl", &store.all_reminders()?)?,
        write_lines(dir, "covers.jsonl", &store.all_covers()?)?,
        write_lines(dir, "changes.jsonl", &store.changes_all()?)?,
        write_lines(dir, "meta.jsonl", &[meta])?,
    ];
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
    let entry = |name: &str| {
        manifest
            .files
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| StoreError::Io(format!("manifest lists no {name}")))
    };
    // Files added after the first export format: an older export simply has none.
    let optional = |name: &str| -> Result<Option<&FileEntry>, StoreError> { Ok(entry(name).ok()) };
    let staff: Vec<Staff> = read_lines(from, entry("staff.jsonl")?)?;
    let customers: Vec<Customer> = read_lines(from, entry("customers.jsonl")?)?;
    let cases: Vec<Case> = read_lines(from, entry("cases.jsonl")?)?;
    let callbacks: Vec<Callback> = read_lines(from, entry("callbacks.jsonl")?)?;
    let visits: Vec<Visit> = read_lines(from, entry("visits.jsonl")?)?;
    let changes: Vec<ChangeRecord> = read_lines(from, entry("changes.jsonl")?)?;
    // Exports from before dwellings existed have none.
    let dwellings: Vec<crate::domain::Dwelling> =
        read_optional(from, optional("dwellings.jsonl")?)?;
    let verifications: Vec<crate::domain::Verification> =
        read_optional(from, optional("verifications.jsonl")?)?;
    let case_units: Option<Vec<(crate::domain::UnitCode, crate::domain::CaseKey)>> =
        match entry("unit_cases.jsonl") {
            Ok(e) => Some(read_lines(from, e)?),
            Err(_) => None,
        };
    let forwards: Vec<(crate::domain::CustomerId, crate::domain::CustomerId)> =
        read_optional(from, optional("forwards.jsonl")?)?;
    // Exports from before surveys existed have none.
    let surveys: Vec<crate::domain::survey::SurveyRound> =
        read_optional(from, optional("surveys.jsonl")?)?;
    let survey_responses: Vec<crate::domain::survey::SurveyResponse> =
        read_optional(from, optional("survey_responses.jsonl")?)?;
    let slips: Vec<crate::domain::release::ReleaseSlip> =
        read_optional(from, optional("release_slips.jsonl")?)?;
    let visitors: Vec<crate::domain::visitor::Visitor> =
        read_optional(from, optional("visitors.jsonl")?)?;
    let loans: Vec<crate::domain::loan::Loan> = read_optional(from, optional("loans.jsonl")?)?;
    let permits: Vec<crate::domain::permit::Permit> =
        read_optional(from, optional("permits.jsonl")?)?;
    let arrears: Vec<crate::domain::fees::Arrear> =
        read_optional(from, optional("arrears.jsonl")?)?;
    let reminders: Vec<crate::domain::fees::Reminder> =
        read_optional(from, optional("fee_reminders.jsonl")?)?;
    let covers: Vec<crate::domain::cover::Cover> = read_optional(from, optional("covers.jsonl")?)?;
    let meta: Vec<BTreeMap<String, u64>> = read_lines(from, entry("meta.jsonl")?)?;

    // An export from before cases were filed by unit: each under its resident's first unit,
    // as a new store would have filed it.
    let case_units = case_units.unwrap_or_else(|| {
        let first: BTreeMap<_, _> = customers
            .iter()
            .filter_map(|c| Some((c.id, *c.units.first()?)))
            .collect();
        cases
            .iter()
            .filter_map(|c| Some((*first.get(&c.key.customer)?, c.key)))
            .collect()
    });
    let ws = WriteSet {
        customers,
        cases,
        callbacks: callbacks.into_iter().map(|c| (None, c)).collect(),
        visits: visits.into_iter().map(|v| (None, v)).collect(),
        staff,
        moved_out: moved_out_of(&dwellings),
        verifications,
        case_units,
        forwards,
        dwellings,
        surveys,
        survey_responses,
        slips,
        visitors,
        loans,
        permits,
        arrears: Some(arrears),
        reminders: (1..).zip(reminders).collect(),
        covers: (1..).zip(covers).collect(),
        // Only the counters: a backend's own bookkeeping (markers, the last change) is its own.
        counters: meta
            .into_iter()
            .flatten()
            .filter_map(|(name, now)| {
                Counter::parse(&name).map(|counter| CounterMove {
                    counter,
                    was: 0,
                    now,
                })
            })
            .collect(),
        restored_changes: changes,
        ..WriteSet::default()
    };
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
