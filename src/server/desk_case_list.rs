//! Case listings: the open-work views (from memory) and history (from the store), filtered,
//! paged with `after`, each row summarised with its resident from the in-memory lookup index.

use super::case_filter::CaseMatcher;
use super::desk::{Desk, DeskResult, Tx};
use crate::domain::{Case, DeskError, Field};
use crate::protocol::{CaseFilter, CasePage, CaseSummary, Reply};

/// Staff names read once per listing (a listing names the same few owners many times).
#[derive(Default)]
pub(super) struct StaffNames(std::collections::HashMap<crate::domain::StaffId, String>);

impl Desk {
    pub(super) fn summarize(&self, c: &Case, now: crate::domain::Time) -> CaseSummary {
        self.summarize_with(c, now, &mut StaffNames::default())
    }

    /// A listing row; `names` remembers the staff names already read for this listing.
    fn summarize_with(
        &self,
        c: &Case,
        now: crate::domain::Time,
        names: &mut StaffNames,
    ) -> CaseSummary {
        // The lookup index holds each resident's name and units in memory: no record decoded.
        let resident = self
            .index
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .summary(c.key.customer);
        // One pass over the clocks serves both the overdue list and the nearest deadline.
        let pending = c.pending_deadlines();
        let (customer_name, unit, phone) = resident
            .map(|r| {
                let first = |v: Vec<String>| v.into_iter().next().unwrap_or_default();
                (r.name, first(r.units), first(r.phones))
            })
            .unwrap_or_default();
        CaseSummary {
            ticket: c.ticket.0.clone(),
            customer: c.key.customer,
            customer_name,
            kind: c.kind,
            category: c.category.clone(),
            severity: c.severity,
            status: c.status,
            received_by: c.received_by,
            owner: c.owner,
            owner_name: names
                .0
                .entry(c.owner)
                .or_insert_with(|| self.staff_name(c.owner))
                .clone(),
            handler: c.handler.clone(),
            registered_at: c.registered_at,
            deadlines: c.deadlines,
            promised_at: c.promised_at,
            overdue: crate::domain::case::run_out(&pending, now),
            nearest: pending.first().copied(),
            plan_owed: c.plan_owed(now),
            escalated_to: c.escalated_to(),
            unit,
            phone,
            version: c.version,
            estate: None,
        }
    }

    /// A case listing: a view of open work (from memory), or history (from the store). Rows
    /// after `after`, at most `limit` (200 by default, 2000 at most), and whether more remain.
    pub(super) fn case_list(&self, tx: &Tx<'_>, f: &CaseFilter) -> DeskResult<Reply> {
        let history;
        let mut rows: Vec<&Case> = match f.view {
            Some(view) => {
                super::rights::may_view(view, tx.me)?;
                self.open_work.in_view(view, tx.me)
            }
            None => {
                let mut rows: Vec<&Case> = match f.customer {
                    Some(c) => {
                        history = self.store.cases_for(c)?;
                        history.iter().collect()
                    }
                    // Open or overdue work is the open work, not history.
                    None if f.open_only || f.overdue_only => self.open_work.iter().collect(),
                    None => {
                        history = self.store.all_cases()?;
                        history.iter().collect()
                    }
                };
                rows.retain(|c| {
                    c.subject != Some(tx.me.uid)
                        && (!f.mine || c.involves(tx.me.uid))
                        && (!f.open_only || c.status.is_open())
                        && (!f.overdue_only || !c.overdue(tx.now).is_empty())
                });
                rows.sort_by(|a, b| {
                    b.registered_at
                        .cmp(&a.registered_at)
                        .then(b.key.cmp(&a.key))
                });
                rows
            }
        };
        if !f.query.is_empty() {
            let matcher = CaseMatcher::new(self, &f.query)?;
            rows.retain(|c| matcher.matches(c));
        }
        if let Some(after) = &f.after {
            let at = rows
                .iter()
                .position(|c| c.ticket == *after)
                .ok_or_else(|| {
                    DeskError::invalid(
                        Field::After,
                        crate::domain::refusal::DeskRefusal::AfterNotListed {
                            after: after.to_string(),
                        },
                    )
                })?;
            rows.drain(..=at);
        }
        let limit = if f.limit == 0 { 200 } else { f.limit.min(2000) } as usize;
        let more = rows.len() > limit;
        let mut names = StaffNames::default();
        Ok(Reply::Cases(CasePage {
            rows: rows
                .into_iter()
                .take(limit)
                .map(|c| self.summarize_with(c, tx.now, &mut names))
                .collect(),
            more,
        }))
    }
}

super::serve::serve! {
    read CaseList(r, desk, cx) => desk.case_list(&cx.tx, &r.filter);
}
