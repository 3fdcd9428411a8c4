//! The group's report: each estate's report as that estate's desk computes it, and the
//! group's total beside them. Counts add up; percentages are recomputed from the summed
//! counts (never averaged); what cannot be summed without the cases themselves — median and
//! 90th-percentile minutes, the previous period's percentages — is left empty rather than
//! estimated. Buildings are numbered within an estate, so the total has no building table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::render::{render, Format};
use super::{
    percent, CallbackStats, Change, Count, DayCount, DeadlineStat, Report, StaffStat, Trend,
    Volumes,
};
use crate::domain::Estate;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstateReport {
    pub estate: Estate,
    pub report: Report,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupReport {
    pub estates: Vec<EstateReport>,
    /// The estates together; `None` when there are none.
    pub total: Option<Report>,
}

impl GroupReport {
    pub fn new(estates: Vec<EstateReport>) -> GroupReport {
        let reports: Vec<&Report> = estates.iter().map(|e| &e.report).collect();
        GroupReport {
            total: total(&reports),
            estates,
        }
    }

    /// Each estate under its code and name, then the total, in `format` (JSON: the whole).
    pub fn render(&self, format: Format) -> String {
        if format == Format::Json {
            return serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        }
        let section = |title: String| match format {
            Format::Markdown => format!("\n---\n\n**{title}**\n\n"),
            Format::Csv => format!("{title}\n"),
            _ => format!("\n{title}\n{}\n", "#".repeat(title.chars().count().max(8))),
        };
        let mut out = String::new();
        for e in &self.estates {
            out += &section(format!("Estate {} {}", e.estate.code, e.estate.name));
            out += &render(&e.report, format);
        }
        if let Some(total) = &self.total {
            out += &section(format!("Group total: {} estates", self.estates.len()));
            out += &render(total, format);
        }
        out
    }
}

/// The sum of `parts`, all of one period.
pub fn total(parts: &[&Report]) -> Option<Report> {
    let first = *parts.first()?;
    let sum = |f: &dyn Fn(&Report) -> u64| parts.iter().map(|r| f(r)).sum::<u64>();
    let volumes = Volumes {
        cases: sum(&|r| r.volumes.cases),
        by_kind: counts(parts.iter().map(|r| &r.volumes.by_kind)),
        by_category: counts(parts.iter().map(|r| &r.volumes.by_category)),
        by_channel: counts(parts.iter().map(|r| &r.volumes.by_channel)),
        by_building: Vec::new(),
        complaints_new: sum(&|r| r.volumes.complaints_new),
        complaints_repeat: sum(&|r| r.volumes.complaints_repeat),
        unmapped: sum(&|r| r.volumes.unmapped),
    };
    let callbacks = callbacks(parts.iter().map(|r| &r.callbacks));
    let deadlines = deadlines(parts);
    let resolve_met = deadlines
        .iter()
        .find(|d| d.clock == "resolve")
        .and_then(|d| d.met_percent);
    let added = |f: &dyn Fn(&Trend) -> Change| {
        let now: Option<f64> = parts.iter().map(|r| f(&r.trend).now).sum();
        let before: Option<f64> = parts.iter().map(|r| f(&r.trend).before).sum();
        Change::new(now, before)
    };
    let trend = Trend {
        previous: first.trend.previous.clone(),
        to_date: first.trend.to_date,
        cases: added(&|t| t.cases),
        complaints: added(&|t| t.complaints),
        resolve_met_percent: Change::new(resolve_met, None),
        callback_rate_percent: Change::new(callbacks.callback_rate_percent, None),
        satisfaction_percent: Change::new(callbacks.satisfaction_percent, None),
    };
    Some(Report {
        period: first.period.clone(),
        kind: first.kind,
        first_day: first.first_day,
        last_day: first.last_day,
        generated_at: parts.iter().map(|r| r.generated_at).max()?,
        volumes,
        deadlines,
        callbacks,
        staff: staff(parts),
        daily: daily(parts),
        trend,
    })
}

/// Counts by key, added; most first, then by key.
fn counts<'a>(lists: impl Iterator<Item = &'a Vec<Count>>) -> Vec<Count> {
    let mut by: BTreeMap<&str, u64> = BTreeMap::new();
    for c in lists.flatten() {
        *by.entry(c.key.as_str()).or_default() += c.count;
    }
    let mut out: Vec<Count> = by
        .into_iter()
        .map(|(key, count)| Count {
            key: key.to_string(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

fn deadlines(parts: &[&Report]) -> Vec<DeadlineStat> {
    let mut out: Vec<DeadlineStat> = Vec::new();
    for d in parts.iter().flat_map(|r| &r.deadlines) {
        match out.iter_mut().find(|o| o.clock == d.clock) {
            Some(o) => crate::domain::add_fields!(o, d; cases, met, missed, pending),
            None => out.push(DeadlineStat {
                p50_minutes: None,
                p90_minutes: None,
                ..d.clone()
            }),
        }
    }
    for o in &mut out {
        o.met_percent = percent(o.met, o.met + o.missed);
        // Medians of parts are not the median of the whole.
        o.p50_minutes = None;
        o.p90_minutes = None;
    }
    out
}

fn callbacks<'a>(parts: impl Iterator<Item = &'a CallbackStats>) -> CallbackStats {
    let mut t = CallbackStats::default();
    for c in parts {
        crate::domain::add_fields!(t, c; resolved, callbacks_due, called_back, satisfied,
            unsatisfied, unreachable, onsite, signed, reopened);
    }
    let answered = t.satisfied + t.unsatisfied;
    t.callback_rate_percent = percent(t.called_back, t.callbacks_due);
    t.satisfaction_percent = percent(t.satisfied, answered);
    t.onsite_percent = percent(t.onsite, answered);
    t.signed_percent = percent(t.signed, answered);
    t
}

/// One row per person (by login: the same person serves several estates).
fn staff(parts: &[&Report]) -> Vec<StaffStat> {
    let mut out: Vec<StaffStat> = Vec::new();
    for s in parts.iter().flat_map(|r| &r.staff) {
        match out.iter_mut().find(|o| o.login == s.login) {
            Some(o) => crate::domain::add_fields!(o, s; received, resolved, resolved_on_time,
                satisfied, unsatisfied),
            None => out.push(s.clone()),
        }
    }
    for o in &mut out {
        o.on_time_percent = percent(o.resolved_on_time, o.resolved);
        o.satisfaction_percent = percent(o.satisfied, o.satisfied + o.unsatisfied);
    }
    out
}

fn daily(parts: &[&Report]) -> Vec<DayCount> {
    let mut by: BTreeMap<chrono::NaiveDate, u64> = BTreeMap::new();
    for d in parts.iter().flat_map(|r| &r.daily) {
        *by.entry(d.day).or_default() += d.cases;
    }
    by.into_iter()
        .map(|(day, cases)| DayCount { day, cases })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::PeriodKind;

    fn estate(code: &str) -> Estate {
        Estate {
            code: code.into(),
            name: format!("{code} 小区"),
        }
    }

    /// A month's report with `cases` cases, the resolve clock met/missed and callbacks.
    fn report(cases: u64, met: u64, missed: u64, satisfied: u64, unsatisfied: u64) -> Report {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        Report {
            period: "2026-11".into(),
            kind: PeriodKind::Month,
            first_day: day,
            last_day: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            generated_at: chrono::DateTime::UNIX_EPOCH,
            volumes: Volumes {
                cases,
                by_category: vec![Count {
                    key: "水管".into(),
                    count: cases,
                }],
                by_building: vec![Count {
                    key: "3".into(),
                    count: cases,
                }],
                ..Volumes::default()
            },
            deadlines: vec![DeadlineStat {
                clock: "resolve".into(),
                cases,
                met,
                missed,
                pending: cases - met - missed,
                met_percent: percent(met, met + missed),
                p50_minutes: Some(30),
                p90_minutes: Some(90),
            }],
            callbacks: CallbackStats {
                satisfied,
                unsatisfied,
                satisfaction_percent: percent(satisfied, satisfied + unsatisfied),
                ..CallbackStats::default()
            },
            staff: vec![StaffStat {
                login: "li".into(),
                name: "李娜".into(),
                received: cases,
                resolved: met + missed,
                resolved_on_time: met,
                on_time_percent: percent(met, met + missed),
                satisfied,
                unsatisfied,
                satisfaction_percent: percent(satisfied, satisfied + unsatisfied),
            }],
            daily: vec![DayCount { day, cases }],
            trend: Trend {
                to_date: false,
                previous: "2026-10".into(),
                cases: Change::new(Some(cases as f64), Some(1.0)),
                complaints: Change::new(Some(0.0), Some(0.0)),
                resolve_met_percent: Change::new(percent(met, met + missed), Some(50.0)),
                callback_rate_percent: Change::new(None, None),
                satisfaction_percent: Change::new(None, None),
            },
        }
    }

    #[test]
    fn the_group_total_adds_counts_and_recomputes_percentages_from_them() {
        // 18 of 20 met in one estate, 0 of 5 in the other: the group met 72 %, where the
        // average of the two percentages (45 %) would misstate it.
        let g = GroupReport::new(vec![
            EstateReport {
                estate: estate("DH01"),
                report: report(20, 18, 2, 3, 1),
            },
            EstateReport {
                estate: estate("XS02"),
                report: report(5, 0, 5, 0, 4),
            },
        ]);
        let t = g.total.as_ref().unwrap();
        assert_eq!(t.volumes.cases, 25);
        assert_eq!(
            t.volumes.by_category,
            vec![Count {
                key: "水管".into(),
                count: 25
            }]
        );
        // Building 3 of one estate is not building 3 of another.
        assert!(t.volumes.by_building.is_empty());
        let resolve = t.deadline("resolve").unwrap();
        assert_eq!((resolve.met, resolve.missed), (18, 7));
        assert_eq!(resolve.met_percent, Some(72.0));
        assert_eq!(resolve.p50_minutes, None);
        assert_eq!(t.callbacks.satisfaction_percent, Some(37.5));
        assert_eq!(
            t.staff.len(),
            1,
            "one person serving both estates is one row"
        );
        assert_eq!(t.staff[0].on_time_percent, Some(72.0));
        assert_eq!(t.daily[0].cases, 25);
        assert_eq!(t.trend.cases.now, Some(25.0));
        assert_eq!(t.trend.cases.before, Some(2.0));
        assert_eq!(t.trend.resolve_met_percent.before, None);
        let text = g.render(Format::Text);
        let (east, rest) = text.split_once("Estate XS02").unwrap();
        assert!(east.contains("Estate DH01 DH01 小区"), "{text}");
        assert!(rest.contains("Group total: 2 estates"), "{text}");
        assert!(GroupReport::new(Vec::new()).total.is_none());
    }
}
