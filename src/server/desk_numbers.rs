//! A desk's monthly numbering (`T2611-0001`, `K2611-0002` …: the counter moved inside the
//! commit that uses it, so two desks never hand out one number) and finding a numbered paper.

use super::desk::{Desk, DeskResult};
use crate::domain::record_no::{RecordNo, Series};
use crate::domain::refusal::PaperRefusal;
use crate::domain::{DeskError, Time};
use crate::store::{Counter, Paper, Papers, WriteSet};

impl Desk {
    /// The next number of a monthly counter (`record_no::COUNTERS`) for the desk-local
    /// month of `now`: (year, month, number), for `ids::month_number`.
    pub(super) fn next_in_month(
        &self,
        ws: &mut WriteSet,
        counter: &'static str,
        now: Time,
    ) -> DeskResult<(i32, u32, u32)> {
        use chrono::Datelike;
        let local = self.policy.local(now);
        let seq = self.next_counter(ws, self.month_counter(counter, now))?;
        Ok((local.year(), local.month(), seq as u32))
    }

    /// The next number of series `S` (`SlipNo`, `LoanNo` …) this month.
    pub(super) fn next_no<S: Series>(
        &self,
        ws: &mut WriteSet,
        now: Time,
    ) -> DeskResult<RecordNo<S>> {
        let (year, month, n) = self.next_in_month(ws, S::COUNTER, now)?;
        Ok(RecordNo::new(year, month, n))
    }

    /// The paper numbered `no`; when there is none, not found as `missing` names it.
    pub(super) fn stored_paper<P: Paper>(
        &self,
        no: &str,
        missing: fn(String) -> PaperRefusal,
    ) -> DeskResult<P> {
        self.store
            .paper::<P>(no)?
            .ok_or_else(|| DeskError::not_found(missing(no.to_string())))
    }

    /// The counter of `counter` for the desk-local month of `now`.
    pub(super) fn month_counter(&self, counter: &'static str, now: Time) -> Counter {
        use chrono::Datelike;
        let local = self.policy.local(now);
        Counter::Monthly(
            counter,
            (local.year() % 100) as u16 * 100 + local.month() as u16,
        )
    }
}
