//! Bulk and whole-store requests: all-or-nothing customer import, demo data, and the live
//! counts the status bar shows.

use crate::domain::Field;

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::record_no::TICKET_COUNTER;
use crate::domain::{ChangeSubject, CustomerId, DeskError, Role, Staff, StaffId, Time};
use crate::protocol::{ImportRow, Reply, Stats};
use crate::store::{Counter, Papers, WriteSet};

/// Demo colleagues get uids far above any real account's, so they never match a login.
const DEMO_UID_BASE: u32 = 3_900_000_000;

/// How far back a visit left scheduled after its window counts as missed (R-VIS-02): a
/// week, after which it is history for the visit list, not an alarm.
pub(super) const MISSED_VISIT_DAYS: i64 = 7;

impl Desk {
    /// Imports every row or none: all rows are validated first and every bad one reported.
    fn stage_customers(
        &self,
        ws: &mut WriteSet,
        rows: &[ImportRow],
        now: Time,
    ) -> DeskResult<(u64, u64)> {
        let mut errors = Vec::new();
        let mut valid = Vec::new();
        let mut seen_ids = std::collections::HashSet::new();
        for row in rows {
            match row.customer.validate() {
                Ok(v) => valid.push((row.id, v)),
                Err(e) => errors.push((row.line, e)),
            }
            if let Some(id) = row.id {
                if id == 0 || !seen_ids.insert(id) {
                    errors.push((
                        row.line,
                        DeskError::invalid(
                            Field::Id,
                            crate::domain::refusal::DeskRefusal::IdRepeats { id },
                        ),
                    ));
                } else if self.store.customer(CustomerId(id))?.is_some() {
                    errors.push((
                        row.line,
                        DeskError::invalid(
                            Field::Id,
                            crate::domain::refusal::DeskRefusal::IdExists { id },
                        ),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(DeskError::invalid(
                Field::Import,
                crate::domain::refusal::DeskRefusal::BadRows {
                    count: errors.len() as u64,
                    rows: crate::domain::refusal::Rows(errors, 0),
                },
            ));
        }
        let mut next = self.store.counter(Counter::Customer)?;
        let max_given = seen_ids.iter().copied().max().unwrap_or(0);
        let mut first = 0;
        for (id, v) in valid {
            let id = match id {
                Some(id) => id,
                None => {
                    next = next.max(max_given) + 1;
                    next
                }
            };
            if first == 0 {
                first = id;
            }
            ws.customers.push(v.into_customer(CustomerId(id), now));
        }
        self.set_counter(ws, Counter::Customer, next.max(max_given))?;
        Ok((ws.customers.len() as u64, first))
    }

    /// Loads deterministic demo residents, colleagues and a few cases, visits and callbacks.
    pub(super) fn demo(
        &mut self,
        tx: &mut Tx<'_>,
        customers: u32,
        seed: u64,
        history_days: u32,
    ) -> Handled {
        let existing = self.customer_count();
        if existing > 0 {
            return Err(DeskError::conflict(
                crate::domain::refusal::DeskRefusal::DemoNotEmpty { count: existing },
            ));
        }
        if customers == 0 || customers > 2_000_000 {
            return Err(DeskError::invalid(
                Field::Customers,
                crate::domain::refusal::InputRefusal::NumberRange {
                    min: 1,
                    max: 2_000_000,
                },
            ));
        }
        let rows: Vec<ImportRow> = crate::demo::residents(customers as usize, seed)
            .into_iter()
            .enumerate()
            .map(|(i, customer)| ImportRow {
                line: i as u64 + 1,
                id: None,
                customer,
                role: None,
            })
            .collect();
        let mut ws = WriteSet::default();
        let (count, first) = self.stage_customers(&mut ws, &rows, tx.now)?;
        let colleagues = [
            ("demo-wanglei", "王磊", Role::Clerk, "客服"),
            ("demo-chenjing", "陈静", Role::Supervisor, "客服"),
            ("demo-liuyang", "刘洋", Role::Clerk, "工程部"),
        ];
        let mut staff = vec![tx.me.clone()];
        for (i, (user, name, role, dept)) in colleagues.iter().enumerate() {
            let s = Staff::new(
                StaffId(DEMO_UID_BASE + i as u32),
                user,
                name,
                *role,
                dept,
                tx.now,
            )?;
            staff.push(s.clone());
            ws.staff.push(s);
        }
        let numbers = |ws: &mut WriteSet, c: Counter| self.next_counter(ws, c);
        let demo = crate::demo::DemoDesk {
            policy: &self.policy,
            staff: &staff,
            now: tx.now,
            seed,
            history_days,
            numbers: &numbers,
        };
        let counters = crate::demo::cases(&demo, &mut ws)?;
        self.set_counter(&mut ws, Counter::Case, counters.key_seq)?;
        for ((year, month), last) in counters.months {
            let yymm = (year % 100) as u16 * 100 + month as u16;
            self.set_counter(
                &mut ws,
                Counter::Monthly(TICKET_COUNTER, yymm),
                u64::from(last),
            )?;
        }
        let summary = format!(
            "{} loaded demo data: {count} residents (seed {seed})",
            tx.me.label()
        );
        self.commit(
            tx,
            ws,
            "demo.load",
            ChangeSubject::Customers { count },
            summary,
            Reply::Imported {
                count,
                first_id: first,
            },
        )
    }

    pub(super) fn stats(&self, tx: &Tx<'_>) -> DeskResult<Reply> {
        let mut s = Stats {
            customers: self.customer_count() as u64,
            ..Stats::default()
        };
        // Closed cases are never open nor past a deadline: the open work in memory is enough.
        s.views = self.open_work.counts(tx.me, tx.now);
        for c in self.open_work.iter() {
            if c.status.is_open() {
                s.open_cases += 1;
                if c.involves(tx.me.uid) {
                    s.my_open_cases += 1;
                }
            }
            if !c.overdue(tx.now).is_empty() {
                s.cases_past_sla += 1;
            }
        }
        let (midnight, tomorrow) = self.today(tx.now);
        for cb in self.store.pending_callbacks(Some(tomorrow))? {
            if cb.is_overdue(tx.now) {
                s.callbacks_overdue += 1;
            }
            s.callbacks_due_today += 1;
        }
        // One read covers both counts: the missed window runs up to today's visits.
        let week_back = midnight - chrono::Duration::days(MISSED_VISIT_DAYS);
        for v in self.store.visits_starting(week_back, tomorrow)? {
            if v.start >= midnight {
                s.visits_today += 1;
            }
            if v.missed(tx.now) {
                s.visits_missed += 1;
            }
        }
        (s.covers_awaiting_me, s.desk_unattended) = self.cover_counts(tx.me, tx.now)?;
        s.incidents = self
            .store
            .papers::<crate::domain::incident::Incident>(true)?
            .into_iter()
            .map(|i| (i.no, i.building, i.category))
            .collect();
        Ok(Reply::Stats(s))
    }

    /// The desk's local day around `now`, as [midnight, next midnight).
    pub(super) fn today(&self, now: Time) -> (Time, Time) {
        self.policy.day_of(now)
    }
}

super::serve::serve! {
    write Demo(r, desk, cx) => desk.demo(&mut cx.tx, r.customers, r.seed, r.history_days);
    read Stats(r, desk, cx) => desk.stats(&cx.tx);
}
