//! Reading the billing system's arrears export for `frontdesk fees import` (R-OPS-13):
//! header `unit,fee,period,amount` (or 房号,收费项目,所属期,金额), UTF-8 with or without a
//! BOM. Every row is parsed here, once, and every bad row named as `line N: field: reason`;
//! if any is bad, nothing is sent.

use std::path::Path;

use anyhow::{bail, Context};

use crate::domain::fees::Arrear;

const COLUMNS: [&str; 4] = ["unit", "fee", "period", "amount"];
const CHINESE: [(&str, &str); 8] = [
    ("房号", "unit"),
    ("收费项目", "fee"),
    ("费用类型", "fee"),
    ("所属期", "period"),
    ("期间", "period"),
    ("金额", "amount"),
    ("欠费金额", "amount"),
    ("kind", "fee"),
];
/// Rows per request: each must fit one frame (256 KiB; a row is under 40 bytes).
pub const CHUNK_ROWS: usize = 5000;
/// Bad rows named before the rest are counted.
const MAX_NAMED: usize = 30;

/// Every row with its line number, or every bad line.
pub fn read_arrears(path: &Path) -> anyhow::Result<Vec<(u32, Arrear)>> {
    let (mut reader, headers) = super::csv_import::open_csv(path, &CHINESE)?;
    let mut cols = [0usize; 4];
    for (i, name) in COLUMNS.iter().enumerate() {
        cols[i] = headers.iter().position(|h| h == name).with_context(|| {
            format!("line 1: header: column `{name}` is missing; the header is unit,fee,period,amount (or 房号,收费项目,所属期,金额)")
        })?;
    }
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad.push(format!(
                    "line {line}: {}",
                    super::csv_import::describe_csv_error(&e)
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line()) as u32;
        let get = |i: usize| record.get(cols[i]).unwrap_or("");
        match Arrear::from_row(get(0), get(1), get(2), get(3)) {
            Ok(a) => rows.push((line, a)),
            Err(e) => bad.push(format!("line {line}: {e}")),
        }
    }
    if !bad.is_empty() {
        let n = bad.len();
        bad.truncate(MAX_NAMED);
        if n > MAX_NAMED {
            bad.push(format!("… and {} more", n - MAX_NAMED));
        }
        bail!("{} bad rows; nothing was imported:\n{}", n, bad.join("\n"));
    }
    if rows.is_empty() {
        bail!(
            "{} has no rows under its header; nothing was imported",
            path.display()
        );
    }
    Ok(rows)
}
