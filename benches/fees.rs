//! A large estate's arrears import (R-OPS-13) through the daemon, as `frontdesk fees import`
//! sends it (staged in chunks of 5000 rows, committed by the last): R residents (demo seed
//! 1), three fee kinds and two periods for every unit, then the month's reminder list and one
//! unit's notice. Prints
//! `fees residents=<R> rows=<N> units=<U> import_ms=<…> list_ms=<…> unit_ms=<…>`.
//!
//! `cargo bench --bench fees`; FRONTDESK_FEES_RESIDENTS=20000 picks the size.

use frontdesk::protocol::req;
use std::collections::HashSet;
use std::time::Instant;

use frontdesk::client::Calls;
use frontdesk::domain::fees::Arrear;
use frontdesk::domain::Policy;
use frontdesk::testkit::{TestDesk, ADMIN};

const CHUNK: usize = 5000;

fn main() {
    let residents: usize = std::env::var("FRONTDESK_FEES_RESIDENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let fx = TestDesk::empty(dir.path(), Policy::default())
        .and_then(|d| d.staff_up(residents as u32))
        .expect("desk");
    let mut units = Vec::new();
    let mut seen = HashSet::new();
    for r in frontdesk::demo::residents(residents, 1) {
        if let Some(u) = r.units.first() {
            if seen.insert(u.clone()) {
                units.push(u.clone());
            }
        }
    }
    let mut rows = Vec::new();
    for u in &units {
        for (fee, amount) in [
            ("property", "1234.50"),
            ("water", "86.30"),
            ("parking", "300"),
        ] {
            for period in ["2026-09", "2026-10"] {
                let line = rows.len() as u32 + 2;
                rows.push((line, Arrear::from_row(u, fee, period, amount).expect("row")));
            }
        }
    }
    let n = rows.len();
    let mut c = fx.client(ADMIN).expect("client");
    let t = Instant::now();
    let mut chunks: Vec<Vec<_>> = rows.chunks(CHUNK).map(<[_]>::to_vec).collect();
    let last = chunks.pop().unwrap_or_default();
    for chunk in chunks {
        c.send(req::FeesStage { rows: chunk }).expect("stage");
    }
    c.send(req::FeesImport { rows: last }).expect("import");
    let import_ms = t.elapsed().as_millis();
    let t = Instant::now();
    let list = c.send(req::FeesList { building: None }).expect("list");
    let list_ms = t.elapsed().as_millis();
    let unit = list.first().map(|a| a.unit).expect("a unit in arrears");
    let t = Instant::now();
    c.send(req::FeesUnit { unit }).expect("unit");
    let unit_ms = t.elapsed().as_micros() as f64 / 1000.0;
    println!(
        "fees residents={residents} rows={n} units={} import_ms={import_ms} list_ms={list_ms} unit_ms={unit_ms:.2}",
        units.len()
    );
}
