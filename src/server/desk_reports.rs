//! Reports (R-RPT-01..08) and the working-day calendar, read by the daemon: one pass over
//! every callback and every case, with each case's building from the unit it is filed under
//! (or its resident's first unit, from the in-memory lookup index).

use std::collections::HashMap;

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::report::{Period, ReportBuilder};
use crate::domain::{CustomerId, UnitCode};
use crate::protocol::Reply;

impl Desk {
    pub(super) fn report(&self, tx: &Tx<'_>, period: Period) -> DeskResult<Reply> {
        let mut builder = ReportBuilder::new(period, tx.now, self.policy.offset());
        self.store.for_each_callback(|cb| builder.callback(&cb))?;
        let filed: HashMap<_, _> = self
            .store
            .all_case_units()?
            .into_iter()
            .map(|(unit, key)| (key, unit.building))
            .collect();
        let index = self.index.read().unwrap_or_else(|p| p.into_inner());
        let mut first_unit: HashMap<CustomerId, Option<u32>> = HashMap::new();
        self.store.for_each_case(|case| {
            let building = filed.get(&case.key).copied().or_else(|| {
                *first_unit.entry(case.key.customer).or_insert_with(|| {
                    let summary = index.summary(case.key.customer)?;
                    let unit = summary.units.first()?;
                    UnitCode::parse(unit).ok().map(|u| u.building)
                })
            });
            builder.case(&case, building);
        })?;
        drop(index);
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
