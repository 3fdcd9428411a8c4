//! Bulk and whole-store requests: all-or-nothing customer import, demo data, and the live
//! counts the status bar shows.

use crate::domain::Field;
use crate::domain::{CaseKind, Channel, Severity};
use chrono::{Datelike, Duration};

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::case::{CaseDraft, NewCase};
use crate::domain::{
    Case, CaseKey, ChangeRecord, ChangeSubject, CustomerId, DeskError, Handler, Role, Staff,
    StaffId, Ticket, Time, VisitKind,
};
use crate::protocol::{ImportRow, Reply, Stats};
use crate::store::{Counter, Series, WriteSet};

/// Demo colleagues get uids far above any real account's, so they never match a login.
const DEMO_UID_BASE: u32 = 3_900_000_000;

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
                Err(DeskError::Validation { field, reason }) => {
                    errors.push(format!("line {}: {field}: {reason}", row.line))
                }
                Err(e) => errors.push(format!("line {}: {e}", row.line)),
            }
            if let Some(id) = row.id {
                if id == 0 || !seen_ids.insert(id) {
                    errors.push(format!(
                        "line {}: id: {id} is zero or repeats an earlier row; give each resident its own id",
                        row.line
                    ));
                } else if self.store.customer(CustomerId(id))?.is_some() {
                    errors.push(format!(
                        "line {}: id: customer C{id} already exists; drop the id column to assign new ids",
                        row.line
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(DeskError::invalid(
                Field::Import,
                format!(
                    "{} bad rows, nothing imported; fix them and import again:\n{}",
                    errors.len(),
                    errors.join("\n")
                ),
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
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
        let existing = self.customer_count();
        if existing > 0 {
            return Err(DeskError::conflict(format!(
                "this desk already has {existing} customers; demo data loads only into an empty desk (use a fresh --data dir)"
            )));
        }
        if customers == 0 || customers > 2_000_000 {
            return Err(DeskError::invalid(
                Field::Customers,
                "give a number from 1 to 2000000",
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
        self.demo_cases(&mut ws, tx, &staff, seed, history_days)?;
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

    /// A handful of cases in every state, spread over the first residents.
    fn demo_cases(
        &self,
        ws: &mut WriteSet,
        tx: &Tx<'_>,
        staff: &[Staff],
        seed: u64,
        history_days: u32,
    ) -> DeskResult<()> {
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x5eed);
        let problems = [
            (
                CaseKind::Repair,
                "plumbing",
                Severity::L1,
                "厨房水管漏水，楼下已经渗水",
            ),
            (
                CaseKind::Complaint,
                "noise",
                Severity::L2,
                "楼上装修噪音，晚上十点后仍在施工",
            ),
            (
                CaseKind::Inquiry,
                "fees",
                Severity::L3,
                "询问物业费缴纳方式和发票",
            ),
            (
                CaseKind::Repair,
                "elevator",
                Severity::L1,
                "3号电梯按钮失灵",
            ),
            (
                CaseKind::Complaint,
                "cleaning",
                Severity::L3,
                "楼道垃圾两天没有清理",
            ),
            (
                CaseKind::Suggestion,
                "greening",
                Severity::L3,
                "建议在南门增加座椅",
            ),
            (
                CaseKind::Complaint,
                "parking",
                Severity::L2,
                "车位被外来车辆占用",
            ),
            (
                CaseKind::Help,
                "access",
                Severity::L2,
                "门禁卡失效，无法进入单元门",
            ),
        ];
        let customers: Vec<_> = ws.customers.iter().take(24).cloned().collect();
        let mut ticket_seq = 0u32;
        let local = self.policy.local(tx.now);
        for (i, c) in customers.iter().enumerate() {
            let (kind, category, severity, text) = problems[i % problems.len()];
            // The operator and one colleague take turns as first responder.
            let receiver = &staff[i % 2];
            let at = tx.now - Duration::minutes(rng.i64(5..(60 * 72)));
            let draft = CaseDraft {
                customer: Some(c.id),
                kind,
                channel: [Channel::Counter, Channel::Phone][i % 2],
                category: category.into(),
                severity,
                description: text.into(),
                subject: None,
                promised_at: None,
                unit: None,
            };
            ticket_seq += 1;
            let mut case = Case::register(
                NewCase {
                    key: CaseKey {
                        customer: c.id,
                        seq: ticket_seq as u64,
                    },
                    ticket: Ticket::new(local.year(), local.month(), ticket_seq),
                    draft: &draft,
                    subject: None,
                },
                receiver,
                &self.policy,
                at,
            )?;
            let step_at = at + Duration::minutes(2);
            match i % 4 {
                0 => {}
                1 => case.dispatch(receiver, Handler::Department("工程部".into()), step_at)?,
                2 => {
                    case.dispatch(receiver, Handler::Staff(staff[3].uid), step_at)?;
                    case.start(&staff[3], step_at)?;
                }
                _ => {
                    case.dispatch(receiver, Handler::Staff(staff[3].uid), step_at)?;
                    case.resolve(
                        receiver,
                        &crate::domain::case::Resolution::new(
                            "已处理完毕，住户确认",
                            "设备老化",
                            "已更换并加入月度巡检",
                        ),
                        step_at + Duration::hours(2),
                    )?;
                    let id = crate::domain::CallbackId(self.next_counter(ws, Counter::Callback)?);
                    let cb = crate::domain::Callback::for_case(
                        id,
                        case.key,
                        case.ticket.clone(),
                        false,
                        &self.policy,
                        step_at + Duration::hours(2),
                    );
                    case.attach_callback(id, receiver.uid, step_at + Duration::hours(2));
                    ws.callbacks.push((None, cb));
                }
            }
            if i % 8 == 0 {
                let start = tx.now + Duration::hours(20 + (i as i64 % 3) * 2);
                let id = crate::domain::VisitId(self.next_counter(ws, Counter::Visit)?);
                ws.visits.push((
                    None,
                    crate::domain::Visit {
                        id,
                        customer: c.id,
                        unit: c.units[0],
                        staff: staff[3].uid,
                        kind: VisitKind::Repair,
                        start,
                        end: start + Duration::hours(1),
                        case: Some(case.key),
                        callback: None,
                        purpose: "上门检修".into(),
                        status: crate::domain::VisitStatus::Scheduled,
                        report: String::new(),
                        created_by: receiver.uid,
                        version: 1,
                    },
                ));
            }
            if let Some(unit) = c.units.first() {
                ws.case_units.push((*unit, case.key));
            }
            ws.cases.push(case);
        }
        let mut counters = super::desk_demo_history::Counters {
            key_seq: ticket_seq as u64,
            months: [((local.year(), local.month()), ticket_seq)].into(),
        };
        if history_days > 0 {
            let rest: Vec<_> = ws.customers.iter().skip(24).cloned().collect();
            let plan = super::desk_demo_history::History {
                staff,
                customers: &rest,
                days: history_days,
                seed,
            };
            self.demo_history(ws, tx, plan, &mut counters)?;
        }
        self.set_counter(ws, Counter::Case, counters.key_seq)?;
        for ((year, month), last) in counters.months {
            let yymm = (year % 100) as u16 * 100 + month as u16;
            self.set_counter(ws, Counter::Monthly(Series::Ticket, yymm), u64::from(last))?;
        }
        Ok(())
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
        s.visits_today = self.store.visits_starting(midnight, tomorrow)?.len() as u64;
        Ok(Reply::Stats(s))
    }

    /// The desk's local day around `now`, as [midnight, next midnight).
    pub(super) fn today(&self, now: Time) -> (Time, Time) {
        let local = self.policy.local(now);
        let midnight = local
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .and_then(|d| d.and_local_timezone(*local.offset()).single())
            .map(|d| d.with_timezone(&chrono::Utc))
            .unwrap_or(now);
        (midnight, midnight + Duration::days(1))
    }
}

super::serve::serve! {
    write Demo(r, desk, cx) => desk.demo(&mut cx.tx, r.customers, r.seed, r.history_days);
    read Stats(r, desk, cx) => desk.stats(&cx.tx);
}
