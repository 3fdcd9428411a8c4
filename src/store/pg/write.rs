//! One transaction per `WriteSet`: lock the estate's change counter row first (writers of
//! one estate take turns from here; the sequence stays dense and in commit order, and a
//! rollback leaves no gap), check what the change was decided on, apply it, append the
//! change with its effects and the request's reply, then COMMIT, and only then answer.

use postgres::types::ToSql;
use serde::de::DeserializeOwned;

use super::{db, ns, unit_cols, PostgresStore, Prepared, Tx};
use crate::domain::{CallbackStatus, CaseStatus, ChangeRecord, LookupRecord};
use crate::store::codec::{decode, encode, Tag};
use crate::store::write_set::{changed_meanwhile, counter_taken, months_of, slot_taken};
use crate::store::{Effects, Expect, Prior, StoreError, WriteSet};

type Param = Box<dyn ToSql + Sync>;

/// Boxed parameters for one row.
macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(Box::new($v) as Param),*] };
}

/// Runs `sql` (prepared once) for each row of parameters.
fn each(
    tx: &mut Tx<'_>,
    sql: &str,
    rows: impl IntoIterator<Item = Vec<Param>>,
) -> Result<(), StoreError> {
    let mut rows = rows.into_iter().peekable();
    if rows.peek().is_none() {
        return Ok(());
    }
    let statement = tx.statement(sql).map_err(db)?;
    for row in rows {
        let refs: Vec<&(dyn ToSql + Sync)> = row.iter().map(|p| p.as_ref()).collect();
        tx.execute_prepared(&statement, &refs).map_err(db)?;
    }
    Ok(())
}

fn stored<T: DeserializeOwned>(
    tx: &mut Tx<'_>,
    table: &'static str,
    tag: Tag,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Option<T>, StoreError> {
    let row = tx.query_opt(sql, params).map_err(db)?;
    row.map(|r| decode(table, tag, r.get::<_, &[u8]>(0)))
        .transpose()
}

impl PostgresStore {
    pub(super) fn commit_ws(&self, ws: &WriteSet) -> Result<Option<ChangeRecord>, StoreError> {
        let mut conn = self.conn();
        let mut tx = conn.transaction().map_err(db)?;
        let e = &self.estate;
        let last: i64 = tx
            .query_one(
                "SELECT last_seq FROM estates WHERE estate = $1 FOR UPDATE",
                &[&e],
            )
            .map_err(db)?
            .get(0);
        check(&mut tx, e, ws)?;
        apply_removals(&mut tx, e, ws)?;
        apply_records(&mut tx, e, ws)?;
        apply_work(&mut tx, e, ws)?;
        apply_papers(&mut tx, e, ws)?;
        let mut last = last;
        for r in &ws.restored_changes {
            tx.execute(
                "INSERT INTO changes (estate, seq, body, effects) VALUES ($1, $2, $3, $4)",
                &[
                    e,
                    &(r.seq as i64),
                    &encode(Tag::Change, r),
                    &encode(Tag::Effects, &Effects::default()),
                ],
            )
            .map_err(db)?;
            last = last.max(r.seq as i64);
        }
        if !ws.restored_changes.is_empty() {
            tx.execute(
                "UPDATE estates SET last_seq = $2 WHERE estate = $1",
                &[e, &last],
            )
            .map_err(db)?;
        }
        let change = match &ws.change {
            Some(c) => {
                let record = ChangeRecord {
                    seq: last as u64 + 1,
                    ..c.clone()
                };
                // The change, the estate's counter and the wake-up (delivered at COMMIT to
                // every listening daemon; it carries no data) in one round trip.
                tx.query(
                    "WITH appended AS (INSERT INTO changes (estate, seq, body, effects) \
                     VALUES ($1, $2, $3, $4)), \
                     counted AS (UPDATE estates SET last_seq = $2 WHERE estate = $1) \
                     SELECT pg_notify($5, $6)",
                    &[
                        e,
                        &(last + 1),
                        &encode(Tag::Change, &record),
                        &encode(Tag::Effects, &Effects::of(ws)),
                        &super::CHANNEL,
                        &format!("{e}:{}", last + 1),
                    ],
                )
                .map_err(db)?;
                Some(record)
            }
            None => None,
        };
        tx.commit().map_err(db)?;
        Ok(change)
    }
}

/// What `ws` was decided on still holds, read under the estate's lock.
fn check(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
    for x in &ws.expect {
        match x {
            Expect::CaseVersion { key, version } => {
                let (c, s) = (key.customer.0 as i64, key.seq as i64);
                let row = tx
                    .query_opt(
                        "SELECT version, ticket FROM cases WHERE estate = $1 AND customer = $2 AND seq = $3",
                        &[&e, &c, &s],
                    )
                    .map_err(db)?;
                let found = row.as_ref().map(|r| r.get::<_, i64>(0) as u32);
                if found != Some(*version) {
                    let name = row.map_or(key.seq.to_string(), |r| r.get::<_, String>(1));
                    return Err(changed_meanwhile(format!("case {name}")));
                }
            }
            Expect::SlotFree {
                staff,
                since,
                start,
                end,
            } => {
                let nearby: Vec<crate::domain::Visit> = tx
                    .query(
                        "SELECT body FROM visits WHERE estate = $1 AND staff = $2 AND start >= $3 AND start < $4",
                        &[&e, &i64::from(staff.0), &ns(*since), &ns(*end)],
                    )
                    .map_err(db)?
                    .iter()
                    .map(|r| decode("visits", Tag::Visit, r.get::<_, &[u8]>(0)))
                    .collect::<Result<_, _>>()?;
                if let Some(v) = crate::domain::visit::find_clash(&nearby, *staff, *start, *end) {
                    return Err(slot_taken(v.id));
                }
            }
            Expect::Unchanged(prior) => {
                if !holds(tx, e, prior)? {
                    return Err(changed_meanwhile(prior.describe()));
                }
            }
        }
    }
    for (old, _) in &ws.callbacks {
        if let Some(o) = old {
            let now: Option<crate::domain::Callback> = stored(
                tx,
                "callbacks",
                Tag::Callback,
                "SELECT body FROM callbacks WHERE estate = $1 AND customer = $2 AND id = $3",
                &[&e, &(o.customer.0 as i64), &(o.id.0 as i64)],
            )?;
            if now.as_ref() != Some(o) {
                return Err(changed_meanwhile(format!("callback {}", o.id)));
            }
        }
    }
    for (old, _) in &ws.visits {
        if let Some(o) = old {
            let now: Option<crate::domain::Visit> = stored(
                tx,
                "visits",
                Tag::Visit,
                "SELECT body FROM visits WHERE estate = $1 AND customer = $2 AND id = $3",
                &[&e, &(o.customer.0 as i64), &(o.id.0 as i64)],
            )?;
            if now.as_ref() != Some(o) {
                return Err(changed_meanwhile(format!("visit {}", o.id)));
            }
        }
    }
    let names: Vec<String> = ws.counters.iter().map(|m| m.counter.name()).collect();
    let stored: std::collections::HashMap<String, u64> = if names.is_empty() {
        Default::default()
    } else {
        tx.query(
            "SELECT name, value FROM counters WHERE estate = $1 AND name = ANY($2)",
            &[&e, &names],
        )
        .map_err(db)?
        .iter()
        .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u64))
        .collect()
    };
    for m in &ws.counters {
        let now = stored.get(&m.counter.name()).copied().unwrap_or(0);
        if now != m.was {
            return Err(counter_taken(now, m.counter));
        }
    }
    Ok(())
}

/// Whether the record in `prior` is stored exactly as read.
fn holds(tx: &mut Tx<'_>, e: &str, prior: &Prior) -> Result<bool, StoreError> {
    fn same<T: DeserializeOwned + PartialEq>(
        tx: &mut Tx<'_>,
        tag: Tag,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        read: Option<&T>,
    ) -> Result<bool, StoreError> {
        Ok(stored::<T>(tx, "records", tag, sql, params)?.as_ref() == read)
    }
    const PAPER: &str = "SELECT body FROM papers WHERE estate = $1 AND kind = $2 AND no = $3";
    const UNIT: &str = "SELECT body FROM dwellings WHERE estate = $1 AND building = $2 AND unit = $3 AND room = $4";
    match prior {
        Prior::Customer(id, r) => same(
            tx,
            Tag::Customer,
            "SELECT body FROM customers WHERE estate = $1 AND id = $2",
            &[&e, &(id.0 as i64)],
            r.as_deref(),
        ),
        Prior::Dwelling(u, r) => {
            let [b, un, ro] = unit_cols(*u);
            same(tx, Tag::Dwelling, UNIT, &[&e, &b, &un, &ro], r.as_deref())
        }
        Prior::Staff(uid, r) => same(
            tx,
            Tag::Staff,
            "SELECT body FROM staff WHERE estate = $1 AND uid = $2",
            &[&e, &i64::from(uid.0)],
            r.as_deref(),
        ),
        Prior::Permit(no, r) => same(
            tx,
            Tag::Permit,
            PAPER,
            &[&e, &'P'.to_i8(), &no.0],
            r.as_deref(),
        ),
        Prior::Slip(no, r) => same(
            tx,
            Tag::ReleaseSlip,
            PAPER,
            &[&e, &'R'.to_i8(), &no.0],
            r.as_deref(),
        ),
        Prior::Visitor(no, r) => same(
            tx,
            Tag::Visitor,
            PAPER,
            &[&e, &'V'.to_i8(), &no.0],
            r.as_deref(),
        ),
        Prior::Loan(no, r) => same(
            tx,
            Tag::Loan,
            PAPER,
            &[&e, &'K'.to_i8(), &no.0],
            r.as_deref(),
        ),
    }
}

/// A paper kind's letter as PostgreSQL's one-byte `"char"`.
pub(super) trait KindByte {
    fn to_i8(self) -> i8;
}

impl KindByte for char {
    fn to_i8(self) -> i8 {
        self as u8 as i8
    }
}

fn apply_removals(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
    for table in ["customers", "moved_out", "verifications"] {
        let column = if table == "customers" {
            "id"
        } else {
            "customer"
        };
        each(
            tx,
            &format!("DELETE FROM {table} WHERE estate = $1 AND {column} = $2"),
            ws.removed_customers
                .iter()
                .map(|id| row![e.to_string(), id.0 as i64]),
        )?;
    }
    each(
        tx,
        "DELETE FROM cases WHERE estate = $1 AND customer = $2 AND seq = $3",
        ws.removed_cases
            .iter()
            .map(|k| row![e.to_string(), k.customer.0 as i64, k.seq as i64]),
    )?;
    each(
        tx,
        "DELETE FROM callbacks WHERE estate = $1 AND customer = $2 AND id = $3",
        ws.removed_callbacks
            .iter()
            .map(|(c, id)| row![e.to_string(), c.0 as i64, id.0 as i64]),
    )?;
    each(
        tx,
        "DELETE FROM visits WHERE estate = $1 AND customer = $2 AND id = $3",
        ws.removed_visits
            .iter()
            .map(|(c, id)| row![e.to_string(), c.0 as i64, id.0 as i64]),
    )?;
    each(
        tx,
        "DELETE FROM case_units WHERE estate = $1 AND building = $2 AND unit = $3 AND room = $4 AND customer = $5 AND seq = $6",
        ws.removed_case_units.iter().map(|(u, k)| {
            let [b, un, ro] = unit_cols(*u);
            row![e.to_string(), b, un, ro, k.customer.0 as i64, k.seq as i64]
        }),
    )?;
    if let Some((token, lines)) = &ws.unstaged {
        each(
            tx,
            "DELETE FROM staging WHERE estate = $1 AND token = $2 AND line = $3",
            lines
                .iter()
                .map(|l| row![e.to_string(), *token as i64, *l as i64]),
        )?;
    }
    match &ws.pending_import {
        Some(Some(p)) => {
            tx.execute(
                "INSERT INTO pending_import (estate, body) VALUES ($1, $2) ON CONFLICT (estate) DO UPDATE SET body = EXCLUDED.body",
                &[&e, &encode(Tag::Staged, p)],
            )
            .map_err(db)?;
        }
        Some(None) => {
            tx.execute("DELETE FROM pending_import WHERE estate = $1", &[&e])
                .map_err(db)?;
        }
        None => {}
    }
    Ok(())
}

fn apply_records(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
    each(
        tx,
        "INSERT INTO forwards (estate, merged, kept) VALUES ($1, $2, $3) ON CONFLICT (estate, merged) DO UPDATE SET kept = EXCLUDED.kept",
        ws.forwards
            .iter()
            .map(|(a, b)| row![e.to_string(), a.0 as i64, b.0 as i64]),
    )?;
    each(
        tx,
        "INSERT INTO case_units (estate, building, unit, room, customer, seq) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        ws.case_units.iter().map(|(u, k)| {
            let [b, un, ro] = unit_cols(*u);
            row![e.to_string(), b, un, ro, k.customer.0 as i64, k.seq as i64]
        }),
    )?;
    each(
        tx,
        "INSERT INTO customers (estate, id, projection, body) VALUES ($1, $2, $3, $4) ON CONFLICT (estate, id) DO UPDATE SET projection = EXCLUDED.projection, body = EXCLUDED.body",
        ws.customers.iter().map(|c| {
            row![
                e.to_string(),
                c.id.0 as i64,
                LookupRecord::from(c).to_projection(),
                encode(Tag::Customer, c)
            ]
        }),
    )?;
    each(
        tx,
        "INSERT INTO dwellings (estate, building, unit, room, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (estate, building, unit, room) DO UPDATE SET body = EXCLUDED.body",
        ws.dwellings.iter().map(|d| {
            let [b, un, ro] = unit_cols(d.unit);
            row![e.to_string(), b, un, ro, encode(Tag::Dwelling, d)]
        }),
    )?;
    each(
        tx,
        "INSERT INTO verifications (estate, customer, body) VALUES ($1, $2, $3) ON CONFLICT (estate, customer) DO UPDATE SET body = EXCLUDED.body",
        ws.verifications
            .iter()
            .map(|v| row![e.to_string(), v.customer.0 as i64, encode(Tag::Verification, v)]),
    )?;
    each(
        tx,
        "INSERT INTO moved_out (estate, customer) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        ws.moved_out
            .iter()
            .filter(|(_, gone)| *gone)
            .map(|(c, _)| row![e.to_string(), c.0 as i64]),
    )?;
    each(
        tx,
        "DELETE FROM moved_out WHERE estate = $1 AND customer = $2",
        ws.moved_out
            .iter()
            .filter(|(_, gone)| !*gone)
            .map(|(c, _)| row![e.to_string(), c.0 as i64]),
    )?;
    each(
        tx,
        "INSERT INTO staff (estate, uid, body) VALUES ($1, $2, $3) ON CONFLICT (estate, uid) DO UPDATE SET body = EXCLUDED.body",
        ws.staff
            .iter()
            .map(|s| row![e.to_string(), i64::from(s.uid.0), encode(Tag::Staff, s)]),
    )?;
    if !ws.counters.is_empty() {
        let names: Vec<String> = ws.counters.iter().map(|m| m.counter.name()).collect();
        let values: Vec<i64> = ws.counters.iter().map(|m| m.now as i64).collect();
        tx.execute(
            "INSERT INTO counters (estate, name, value) SELECT $1, * FROM unnest($2::text[], $3::bigint[]) \
             ON CONFLICT (estate, name) DO UPDATE SET value = EXCLUDED.value",
            &[&e, &names, &values],
        )
        .map_err(db)?;
    }
    if let Some((uid, id, reply)) = &ws.request {
        tx.execute(
            "INSERT INTO requests (estate, uid, request_id, reply) VALUES ($1, $2, $3, $4)",
            &[&e, &i64::from(uid.0), &id.0.as_slice(), reply],
        )
        .map_err(db)?;
    }
    Ok(())
}

fn apply_work(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
    each(
        tx,
        "INSERT INTO cases (estate, customer, seq, ticket, closed, version, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (estate, customer, seq) DO UPDATE SET ticket = EXCLUDED.ticket, closed = EXCLUDED.closed, version = EXCLUDED.version, body = EXCLUDED.body",
        ws.cases.iter().map(|c| {
            row![
                e.to_string(),
                c.key.customer.0 as i64,
                c.key.seq as i64,
                c.ticket.0.clone(),
                c.status == CaseStatus::Closed,
                i64::from(c.version),
                encode(Tag::Case, c)
            ]
        }),
    )?;
    each(
        tx,
        "INSERT INTO case_months (estate, month, customer, seq) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        ws.cases.iter().flat_map(|c| {
            months_of(c).into_iter().map(move |m| {
                row![e.to_string(), i64::from(m), c.key.customer.0 as i64, c.key.seq as i64]
            })
        }),
    )?;
    each(
        tx,
        "INSERT INTO callbacks (estate, customer, id, due, pending, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (estate, customer, id) DO UPDATE SET due = EXCLUDED.due, pending = EXCLUDED.pending, body = EXCLUDED.body",
        ws.callbacks.iter().map(|(_, cb)| {
            row![
                e.to_string(),
                cb.customer.0 as i64,
                cb.id.0 as i64,
                ns(cb.due),
                cb.status == CallbackStatus::Pending,
                encode(Tag::Callback, cb)
            ]
        }),
    )?;
    each(
        tx,
        "INSERT INTO visits (estate, customer, id, staff, start, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (estate, customer, id) DO UPDATE SET staff = EXCLUDED.staff, start = EXCLUDED.start, body = EXCLUDED.body",
        ws.visits.iter().map(|(_, v)| {
            row![
                e.to_string(),
                v.customer.0 as i64,
                v.id.0 as i64,
                i64::from(v.staff.0),
                ns(v.start),
                encode(Tag::Visit, v)
            ]
        }),
    )
}

fn apply_papers(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
    each(
        tx,
        "INSERT INTO surveys (estate, month, body) VALUES ($1, $2, $3) ON CONFLICT (estate, month) DO UPDATE SET body = EXCLUDED.body",
        ws.surveys
            .iter()
            .map(|s| row![e.to_string(), month_col(s.month), encode(Tag::Survey, s)]),
    )?;
    each(
        tx,
        "INSERT INTO survey_responses (estate, month, building, unit, room, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (estate, month, building, unit, room) DO UPDATE SET body = EXCLUDED.body",
        ws.survey_responses.iter().map(|r| {
            let [b, un, ro] = unit_cols(r.unit);
            row![e.to_string(), month_col(r.month), b, un, ro, encode(Tag::SurveyResponse, r)]
        }),
    )?;
    let paper = |kind: char, no: &str, unit, open: bool, body: Vec<u8>| {
        let [b, un, ro] = unit_cols(unit);
        row![
            e.to_string(),
            kind.to_i8(),
            no.to_string(),
            b,
            un,
            ro,
            open,
            body
        ]
    };
    let papers = ws
        .slips
        .iter()
        .map(|s| {
            let open = s.state == crate::domain::release::SlipState::Issued;
            paper('R', &s.no.0, s.unit, open, encode(Tag::ReleaseSlip, s))
        })
        .chain(ws.visitors.iter().map(|v| {
            paper(
                'V',
                &v.no.0,
                v.host_unit,
                v.on_site(),
                encode(Tag::Visitor, v),
            )
        }))
        .chain(ws.loans.iter().map(|l| {
            // A loan belongs to no unit: filed under unit 0.
            let none = crate::domain::UnitCode {
                building: 0,
                unit: 0,
                room: 0,
            };
            paper('K', &l.no.0, none, l.is_out(), encode(Tag::Loan, l))
        }))
        .chain(ws.permits.iter().map(|p| {
            paper(
                'P',
                &p.no.0,
                p.unit,
                p.state.is_open(),
                encode(Tag::Permit, p),
            )
        }))
        .collect::<Vec<_>>();
    each(
        tx,
        "INSERT INTO papers (estate, kind, no, building, unit, room, open, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (estate, kind, no) DO UPDATE SET open = EXCLUDED.open, body = EXCLUDED.body",
        papers,
    )?;
    if let Some(rows) = &ws.arrears {
        tx.execute("DELETE FROM arrears WHERE estate = $1", &[&e])
            .map_err(db)?;
        each(
            tx,
            "INSERT INTO arrears (estate, building, unit, room, kind, period_from, period_to, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            rows.iter().map(|a| {
                let [b, un, ro] = unit_cols(a.unit);
                row![
                    e.to_string(),
                    b,
                    un,
                    ro,
                    a.kind as i16,
                    i64::from(a.period.from),
                    i64::from(a.period.to),
                    encode(Tag::Arrear, a)
                ]
            }),
        )?;
    }
    each(
        tx,
        "INSERT INTO reminders (estate, building, unit, room, at, seq, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        ws.reminders.iter().map(|(seq, r)| {
            let [b, un, ro] = unit_cols(r.unit);
            row![e.to_string(), b, un, ro, ns(r.at), *seq as i64, encode(Tag::Reminder, r)]
        }),
    )?;
    each(
        tx,
        "INSERT INTO covers (estate, starts, seq, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        ws.covers
            .iter()
            .map(|(seq, c)| row![e.to_string(), ns(c.from), *seq as i64, encode(Tag::Cover, c)]),
    )
}

/// A round's month as one ordered number: `yyyymm`.
pub(super) fn month_col(m: crate::domain::survey::RoundMonth) -> i64 {
    i64::from(m.year) * 100 + i64::from(m.month)
}
