//! Printing visitors, one line each: number, in and out times, unit, name, party, phone,
//! plate, card and reason; and the same as CSV for the daily log's export.

use super::Printer;
use crate::domain::report::render::csv_cell;
use crate::domain::text::pad_to_width;
use crate::domain::visitor::Visitor;

impl Printer {
    pub fn visitors(&self, list: &Vec<Visitor>) -> anyhow::Result<()> {
        json_or_text!(self, list, else "nobody");
        for v in list {
            let out = v
                .out_at
                .map_or_else(|| "on site".to_string(), |t| self.n.time(t));
            p!(
                "{}  in {}  out {}  {}  {}  ×{}  {}  {}  {}  {}",
                v.no,
                self.n.time(v.in_at),
                pad_to_width(&out, 16),
                v.host_unit,
                pad_to_width(&v.name, 10),
                v.party,
                v.phone,
                if v.plate.is_empty() { "-" } else { &v.plate },
                if v.card.is_empty() { "-" } else { &v.card },
                v.reason
            );
        }
        Ok(())
    }

    /// The list as CSV: a BOM, a header, one row per visitor, every cell formula-safe.
    pub fn visitors_csv(&self, list: &[Visitor]) -> anyhow::Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "no", "in", "out", "unit", "name", "party", "phone", "plate", "card", "reason",
        ])?;
        for v in list {
            let out = v.out_at.map(|t| self.n.time(t)).unwrap_or_default();
            let row = [
                v.no.0.clone(),
                self.n.time(v.in_at),
                out,
                v.host_unit.to_string(),
                v.name.clone(),
                v.party.to_string(),
                v.phone.clone(),
                v.plate.clone(),
                v.card.clone(),
                v.reason.clone(),
            ];
            w.write_record(row.iter().map(|c| csv_cell(c)))?;
        }
        Ok(format!(
            "\u{feff}{}",
            String::from_utf8_lossy(&w.into_inner()?)
        ))
    }
}
