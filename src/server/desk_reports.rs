//! Reports (R-RPT-01..08) and the working-day calendar, read by the daemon: one pass over
//! the cases touched around the period (the `case_months` index) and their callbacks, with
//! each case's building from the unit it is filed under (or its resident's first unit, from
//! the in-memory lookup index). A report costs its period, not the desk's history.

use std::collections::HashMap;

use super::desk::{Desk, DeskResult, Tx};
use chrono::{Datelike, Duration};

use crate::domain::report::{Period, ReportBuilder};
use crate::domain::{CaseEvent, CustomerId, UnitCode};
use crate::protocol::Reply;

impl Desk {
    pub(super) fn report(&self, tx: &Tx<'_>, period: Period) -> DeskResult<Reply> {
        let mut builder = ReportBuilder::new(period, tx.now, self.policy.offset())
            .with_categories(self.policy.categories.clone())
            .with_repeat_days(self.policy.repeat_days);
        // Only the cases touched in the period and the one before (the trend), a day wider
        // each side for the desk's offset from UTC; a complainer's own earlier cases decide
        // repeats (below). A desk's older history is never read.
        let from = period.previous().first - Duration::days(1);
        let to = period.last + Duration::days(1);
        let yyyymm = |d: chrono::NaiveDate| d.year() as u32 * 100 + d.month();
        let cases = self.store.cases_touched(yyyymm(from), yyyymm(to))?;
        let active: Vec<&crate::domain::Case> = cases
            .iter()
            .filter(|c| builder.wants_callbacks(c))
            .collect();
        for case in active {
            for e in &case.timeline {
                if let CaseEvent::CallbackScheduled(id) = e.event {
                    if let Some(cb) = self.store.callback(id)? {
                        builder.callback(&cb);
                    }
                }
            }
        }
        let index = self.index.read().unwrap_or_else(|p| p.into_inner());
        let mut first_unit: HashMap<CustomerId, Option<u32>> = HashMap::new();
        for case in &cases {
            if !builder.wants_building(case) {
                builder.case(case, None);
                continue;
            }
            let filed = self.store.unit_of_case(case.key)?.map(|u| u.building);
            let building = filed.or_else(|| {
                *first_unit.entry(case.key.customer).or_insert_with(|| {
                    let summary = index.summary(case.key.customer)?;
                    let unit = summary.units.first()?;
                    UnitCode::parse(unit).ok().map(|u| u.building)
                })
            });
            builder.case(case, building);
        }
        drop(index);
        // R-LIFE-09: each complainer's own cases (a resident has few), for repeats.
        for who in builder.complainers() {
            for case in self.store.cases_for(who)? {
                builder.earlier_case(&case);
            }
        }
        let staff = self.store.all_staff()?;
        Ok(Reply::Report(Box::new(builder.finish(&staff))))
    }

    pub(super) fn calendar(&self, year: i32) -> DeskResult<Reply> {
        let calendar = &self.policy.calendar;
        Ok(Reply::Calendar {
            year: calendar.year(year),
            listed: calendar.covers(year),
        })
    }
}

super::serve::serve! {
    read Report(r, desk, cx) => desk.report(&cx.tx, r.period);
    read Calendar(r, desk, cx) => desk.calendar(r.year);
}
