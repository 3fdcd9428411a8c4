//! `frontdesk import customers FILE.csv`: header `name,phone,unit,tier` plus optional `id`,
//! `notes` and `role` (身份: a move-in to the first unit; several phones or units separated
//! by `;`). Every row is checked here with the
//! same domain rules the daemon applies, and every bad row reported as `line N: field:
//! reason`; if any is bad nothing is sent. Good files are staged in chunks under the frame
//! cap and committed in one transaction.

use crate::domain::ParseWord;
use crate::protocol::req;
use std::path::Path;

use anyhow::{bail, Context};

use crate::client::{Calls, Client, Imported};
use crate::domain::{DeskError, NewCustomer, Tier};
use crate::protocol::ImportRow;

const REQUIRED: [&str; 4] = ["name", "phone", "unit", "tier"];
const OPTIONAL: [&str; 3] = ["id", "notes", "role"];

/// Chinese headers, as a property office's own spreadsheet has them, for each column.
const CHINESE: [(&str, &str); 9] = [
    ("姓名", "name"),
    ("电话", "phone"),
    ("房号", "unit"),
    ("等级", "tier"),
    ("编号", "id"),
    ("备注", "notes"),
    ("手机", "phone"),
    ("住户姓名", "name"),
    ("身份", "role"),
];
const CHUNK: usize = 500;

/// Reads and checks the whole file; `Err` lists every bad row. Holds every row: for
/// `--check` and tests; the import itself streams (`import_customers`).
pub fn read_rows(path: &Path) -> anyhow::Result<Vec<ImportRow>> {
    let mut rows = Vec::new();
    for_each_row(path, |r| {
        rows.push(r);
        Ok(())
    })?;
    Ok(rows)
}

/// Opens a UTF-8 CSV (a BOM allowed, cells trimmed) and reads its header: lower-cased, a
/// Chinese column name replaced by its English one from `aliases`.
pub(super) fn open_csv(
    path: &Path,
    aliases: &[(&str, &str)],
) -> anyhow::Result<(csv::Reader<std::fs::File>, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_path(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| {
                let h = s.trim_start_matches('\u{feff}').to_ascii_lowercase();
                aliases
                    .iter()
                    .find(|(zh, _)| *zh == h)
                    .map_or(h, |(_, en)| en.to_string())
            })
            .collect(),
        Err(e) => bail!("line 1: header: {e}; save the file as UTF-8 CSV"),
    };
    Ok((reader, headers))
}

/// Reads the file, handing each good row to `f` in order; `Err` lists every bad row (and
/// `f` may have seen the good ones before it: check first, then send).
fn for_each_row(
    path: &Path,
    mut f: impl FnMut(ImportRow) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let (mut reader, headers) = open_csv(path, &CHINESE)?;
    for h in &headers {
        if !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()) {
            bail!(
                "line 1: header: unknown column `{}`; columns are name,phone,unit,tier and optionally id,notes,role (or 姓名,电话,房号,等级,编号,备注,身份)",
                crate::domain::text::printable(h)
            );
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            bail!("line 1: header: column `{r}` is missing; the header must include name,phone,unit,tier");
        }
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (name, phone, unit, tier) = (col("name"), col("phone"), col("unit"), col("tier"));
    let (id, notes, role) = (col("id"), col("notes"), col("role"));
    let mut rows = 0u64;
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(format!("line {line}: {}", describe_csv_error(&e)));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        let split = |s: String| -> Vec<String> {
            s.split([';', '；'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect()
        };
        // The tier word is parsed here, at the edge; the rest is checked by `validate`.
        let tier = match Tier::parse(&get(tier)) {
            Ok(t) => t,
            Err(e) => {
                errors.push(row_error(line, &e));
                continue;
            }
        };
        // 身份: owner, tenant or family (业主 租户 家属), recorded as a move-in; blank: none.
        let role = match get(role).trim() {
            "" => None,
            r => match crate::domain::OccupantRole::parse(r) {
                Ok(r) => Some(r),
                Err(e) => {
                    errors.push(row_error(line, &e));
                    continue;
                }
            },
        };
        let customer = NewCustomer {
            name: get(name),
            phones: split(get(phone)),
            units: split(get(unit)),
            tier,
            notes: get(notes),
        };
        let id_value = match get(id).as_str() {
            "" => None,
            s => match s.trim_start_matches(['C', 'c']).parse::<u64>() {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    errors.push(format!("line {line}: id: `{}` is not a customer number; leave it empty or use digits", crate::domain::text::printable(s)));
                    continue;
                }
            },
        };
        match customer.validate() {
            Ok(_) => {
                rows += 1;
                if errors.is_empty() {
                    f(ImportRow {
                        line,
                        id: id_value,
                        customer,
                        role,
                    })?;
                }
            }
            Err(e) => errors.push(row_error(line, &e)),
        }
    }
    if !errors.is_empty() {
        bail!(
            "{} bad rows in {}, nothing imported; fix them and import again:\n{}",
            errors.len(),
            path.display(),
            errors.join("\n")
        );
    }
    if rows == 0 {
        bail!("file: {} has a header but no rows", path.display());
    }
    Ok(rows)
}

pub(super) fn describe_csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "file: not valid UTF-8; save the file as UTF-8 CSV".into(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
            "row: has {len} fields where the header has {expected_len}; quote fields that contain commas"
        ),
        other => format!("row: {other:?}"),
    }
}

/// Checks the whole file, then streams it to the daemon in chunks and commits: memory stays
/// bounded by a chunk on both sides, whatever the file's size.
pub fn import_customers(c: &mut Client, path: &Path) -> anyhow::Result<Imported> {
    for_each_row(path, |_| Ok(()))?;
    let mut chunk = Vec::with_capacity(CHUNK);
    for_each_row(path, |row| {
        chunk.push(row);
        if chunk.len() == CHUNK {
            c.send(req::ImportStage {
                rows: std::mem::take(&mut chunk),
            })?;
        }
        Ok(())
    })?;
    if !chunk.is_empty() {
        c.send(req::ImportStage { rows: chunk })?;
    }
    Ok(c.send(req::ImportCommit {})?)
}

/// A row's refusal as the import lists it: its line, and the field it names.
fn row_error(line: u64, e: &DeskError) -> String {
    match e {
        DeskError::Validation { field, reason } => format!("line {line}: {field}: {reason}"),
        e => format!("line {line}: {e}"),
    }
}
