//! A report as tables, and those tables as aligned text, Markdown or CSV. The CLI and the
//! Reports pane's "write to file" share this, so a printed report and a saved one agree.
//! CSV starts with a UTF-8 BOM (Excel and WPS then read Chinese correctly) and neutralises
//! any text cell a spreadsheet would run as a formula.

use unicode_width::UnicodeWidthStr;

use super::{Change, Count, Report};
use crate::domain::text::pad_to_width;

/// How a report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format, crate::domain::DeskError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "md" | "markdown" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(crate::domain::DeskError::invalid(
                crate::domain::Field::Format,
                crate::domain::refusal::InputRefusal::NotOneOf {
                    value: other.to_string(),
                    choices: crate::domain::refusal::Choices::words(&["text", "md", "csv", "json"]),
                },
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// One titled table of the report.
pub struct Table {
    pub title: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "-".into(), |p| format!("{p:.1}"))
}

fn opt(n: Option<i64>) -> String {
    n.map_or_else(|| "-".into(), |n| n.to_string())
}

fn num(x: Option<f64>) -> String {
    match x {
        None => "-".into(),
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
    }
}

fn signed(x: Option<f64>) -> String {
    match x {
        Some(x) if x > 0.0 => format!("+{}", num(Some(x))),
        other => num(other),
    }
}

fn counts(title: &str, what: &'static str, list: &[Count]) -> Table {
    Table {
        title: title.into(),
        header: vec![what, "cases"],
        rows: list
            .iter()
            .map(|c| vec![c.key.clone(), c.count.to_string()])
            .collect(),
    }
}

/// The report's tables, in reading order.
pub fn tables(r: &Report) -> Vec<Table> {
    let v = &r.volumes;
    let cb = &r.callbacks;
    let change = |name: &str, c: &Change| {
        vec![
            name.to_string(),
            num(c.now),
            num(c.before),
            signed(c.change),
        ]
    };
    vec![
        Table {
            title: "Summary".into(),
            header: vec!["figure", "value"],
            rows: vec![
                vec!["cases".into(), v.cases.to_string()],
                vec!["complaints new".into(), v.complaints_new.to_string()],
                vec!["complaints repeat".into(), v.complaints_repeat.to_string()],
                vec!["categories unmapped".into(), v.unmapped.to_string()],
            ],
        },
        counts("By kind", "kind", &v.by_kind),
        counts("By category", "category", &v.by_category),
        counts("By channel", "channel", &v.by_channel),
        Table {
            title: "By building".into(),
            header: vec!["building", "cases"],
            rows: v
                .by_building
                .iter()
                .map(|c| {
                    let name = if c.key == "-" {
                        "no unit".to_string()
                    } else {
                        format!("{}栋", c.key)
                    };
                    vec![name, c.count.to_string()]
                })
                .collect(),
        },
        deadlines_table(r),
        Table {
            title: "Callbacks".into(),
            header: vec!["figure", "value"],
            rows: vec![
                vec!["resolved".into(), cb.resolved.to_string()],
                vec!["callbacks due".into(), cb.callbacks_due.to_string()],
                vec!["called back".into(), cb.called_back.to_string()],
                vec!["callback rate %".into(), pct(cb.callback_rate_percent)],
                vec!["satisfied".into(), cb.satisfied.to_string()],
                vec!["unsatisfied".into(), cb.unsatisfied.to_string()],
                vec!["unreachable".into(), cb.unreachable.to_string()],
                vec!["satisfaction %".into(), pct(cb.satisfaction_percent)],
                vec!["on-site %".into(), pct(cb.onsite_percent)],
                vec!["signed %".into(), pct(cb.signed_percent)],
                vec!["reopened by callback".into(), cb.reopened.to_string()],
            ],
        },
        staff_table(r),
        Table {
            title: if r.trend.to_date {
                format!("Trend (to date, vs the same days of {})", r.trend.previous)
            } else {
                format!("Trend (vs {})", r.trend.previous)
            },
            header: vec!["figure", "now", "before", "change"],
            rows: vec![
                change("cases", &r.trend.cases),
                change("complaints", &r.trend.complaints),
                change("resolve met %", &r.trend.resolve_met_percent),
                change("callback rate %", &r.trend.callback_rate_percent),
                change("satisfaction %", &r.trend.satisfaction_percent),
            ],
        },
    ]
}

/// Each SLA clock: how many cases it ran on, met, missed, pending, and how long they took.
fn deadlines_table(r: &Report) -> Table {
    Table {
        title: "Deadlines".into(),
        header: vec![
            "clock", "cases", "met", "missed", "pending", "met %", "p50 min", "p90 min",
        ],
        rows: r
            .deadlines
            .iter()
            .map(|d| {
                vec![
                    d.clock.clone(),
                    d.cases.to_string(),
                    d.met.to_string(),
                    d.missed.to_string(),
                    d.pending.to_string(),
                    pct(d.met_percent),
                    opt(d.p50_minutes),
                    opt(d.p90_minutes),
                ]
            })
            .collect(),
    }
}

/// Each person's workload and results.
fn staff_table(r: &Report) -> Table {
    Table {
        title: "Staff".into(),
        header: vec![
            "login",
            "name",
            "received",
            "resolved",
            "on time %",
            "satisfied",
            "unsatisfied",
            "satisfaction %",
        ],
        rows: r
            .staff
            .iter()
            .map(|s| {
                vec![
                    s.login.clone(),
                    s.name.clone(),
                    s.received.to_string(),
                    s.resolved.to_string(),
                    pct(s.on_time_percent),
                    s.satisfied.to_string(),
                    s.unsatisfied.to_string(),
                    pct(s.satisfaction_percent),
                ]
            })
            .collect(),
    }
}

fn heading(r: &Report) -> String {
    format!(
        "Frontdesk {} report {} ({} to {})",
        r.kind.as_str(),
        r.period,
        r.first_day,
        r.last_day
    )
}

/// A cell is numeric when it reads as a number (or is the `-` placeholder): right-aligned.
fn numeric(cell: &str) -> bool {
    cell == "-" || cell.trim_start_matches('+').parse::<f64>().is_ok()
}

fn widths(t: &Table) -> Vec<usize> {
    (0..t.header.len())
        .map(|i| {
            t.rows
                .iter()
                .map(|r| r.get(i).map_or(0, |c| c.width()))
                .chain([t.header[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

fn aligned(cells: &[String], widths: &[usize], sep: &str) -> String {
    cells
        .iter()
        .zip(widths)
        .map(|(c, w)| {
            if numeric(c) {
                format!("{}{c}", " ".repeat(w.saturating_sub(c.width())))
            } else {
                pad_to_width(c, *w)
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// Text or Markdown with CJK-aware column widths.
pub fn to_text(r: &Report, markdown: bool) -> String {
    let mut out = if markdown {
        format!("# {}\n\n", heading(r))
    } else {
        format!("{}\n{}\n", heading(r), "=".repeat(heading(r).width()))
    };
    for mut t in tables(r) {
        if markdown {
            for row in &mut t.rows {
                for cell in row.iter_mut() {
                    *cell = cell.replace('|', "\\|");
                }
            }
        }
        let w = widths(&t);
        let header: Vec<String> = t.header.iter().map(|h| h.to_string()).collect();
        if markdown {
            out += &format!("\n## {}\n\n", t.title);
            out += &format!("| {} |\n", aligned(&header, &w, " | "));
            let rule: Vec<String> = w.iter().map(|n| "-".repeat((*n).max(3))).collect();
            out += &format!("|-{}-|\n", rule.join("-|-"));
            for row in &t.rows {
                out += &format!("| {} |\n", aligned(row, &w, " | "));
            }
        } else {
            out += &format!("\n{}\n", t.title);
            out += &format!("  {}\n", aligned(&header, &w, "  ").trim_end());
            for row in &t.rows {
                out += &format!("  {}\n", aligned(row, &w, "  ").trim_end());
            }
        }
    }
    out
}

/// `-66.7`, `+3`, `12`: a sign, digits and at most one point. Only these stay unquoted
/// after a sign; a spreadsheet reads them as the number they are, never as a formula.
fn plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
}

/// Neutralises a cell a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR first) with
/// a leading `'`, unless it is a plain number.
pub fn csv_cell(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !plain_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// CSV for Excel and WPS: a BOM, then each table as a title row, a header row and its rows.
pub fn to_csv(r: &Report) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut write = |cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        let _ = w.write_record(&cells);
    };
    write(vec![heading(r)]);
    for t in tables(r) {
        write(vec![]);
        write(vec![t.title.clone()]);
        write(t.header.iter().map(|h| h.to_string()).collect());
        for row in t.rows {
            write(row);
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The report in `format` (JSON pretty-printed).
pub fn render(r: &Report, format: Format) -> String {
    match format {
        Format::Text => to_text(r, false),
        Format::Markdown => to_text(r, true),
        Format::Csv => to_csv(r),
        Format::Json => serde_json::to_string_pretty(r).unwrap_or_default() + "\n",
    }
}
