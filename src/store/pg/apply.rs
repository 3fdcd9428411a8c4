//! Inside the commit: every record and index row a `WriteSet` writes, table by table, each
//! statement prepared once and run for each of its rows.

use super::check::KindByte;
use super::{db, ns, unit_cols, Prepared, Tx};
use crate::domain::{CallbackStatus, CaseStatus, CustomerSummary};
use crate::store::codec::{encode, Tag};
use crate::store::write_set::months_of;
use crate::store::{StoreError, WriteSet};

use super::batch::Param;

/// Boxed parameters for one row.
macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(Box::new($v) as Param),*] };
}

/// Writes `sql` for each row of parameters, held back to go with the commit's last
/// statement (`batch`).
fn each(
    tx: &mut Tx<'_>,
    sql: &str,
    rows: impl IntoIterator<Item = Vec<Param>>,
) -> Result<(), StoreError> {
    for row in rows {
        tx.defer(sql, row).map_err(db)?;
    }
    Ok(())
}

pub(super) fn apply_removals(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
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
    // Removals go before the writes: a row deleted and written again by one save must not
    // meet itself in one statement.
    tx.flush().map_err(db)?;
    Ok(())
}

pub(super) fn apply_records(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
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
                CustomerSummary::from(c).to_projection(),
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
        // Each counter moves only from the value the change drew from; the commit's last
        // statement counts the counters moved, and fewer than asked is a conflict (`write`).
        // A counter first drawn has no row yet: inserted, unless one appeared.
        let names: Vec<String> = ws.counters.iter().map(|m| m.counter.name()).collect();
        let was: Vec<i64> = ws.counters.iter().map(|m| m.was as i64).collect();
        let now: Vec<i64> = ws.counters.iter().map(|m| m.now as i64).collect();
        const MOVES: &str = "unnest($2::text[], $3::bigint[], $4::bigint[]) AS x(name, was, now)";
        tx.defer_counted(
            &format!(
                "UPDATE counters AS c SET value = x.now FROM {MOVES} \
                 WHERE c.estate = $1 AND c.name = x.name AND c.value = x.was RETURNING 1"
            ),
            row![e.to_string(), names.clone(), was.clone(), now.clone()],
        );
        tx.defer_counted(
            &format!(
                "INSERT INTO counters (estate, name, value) SELECT $1, x.name, x.now FROM {MOVES} \
                 WHERE x.was = 0 ON CONFLICT (estate, name) DO NOTHING RETURNING 1"
            ),
            row![e.to_string(), names, was, now],
        );
    }
    if let Some((uid, id, reply)) = &ws.request {
        // A duplicate (the request applied by a connection lost mid-commit) is refused by
        // the key; `write` makes that a conflict the desk answers from the record.
        tx.defer(
            "INSERT INTO requests (estate, uid, request_id, reply) VALUES ($1, $2, $3, $4)",
            row![
                e.to_string(),
                i64::from(uid.0),
                id.0.to_vec(),
                reply.clone()
            ],
        )
        .map_err(db)?;
    }
    Ok(())
}

pub(super) fn apply_work(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
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

pub(super) fn apply_papers(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
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
        .papers
        .iter()
        .map(|p| paper(p.kind, &p.no, p.unit, p.open, p.body.clone()))
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
    )?;
    apply_calls(tx, e, ws)
}

/// Calls, and the residents each was from (their history's index).
fn apply_calls(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
    each(
        tx,
        "INSERT INTO calls (estate, id, body) VALUES ($1, $2, $3) ON CONFLICT (estate, id) DO UPDATE SET body = EXCLUDED.body",
        ws.calls
            .iter()
            .map(|c| row![e.to_string(), c.id.0 as i64, encode(Tag::Call, c)]),
    )?;
    each(
        tx,
        "INSERT INTO call_customers (estate, customer, id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        ws.calls.iter().flat_map(|c| {
            c.customers
                .iter()
                .map(|who| row![e.to_string(), who.0 as i64, c.id.0 as i64])
        }),
    )
}

/// A round's month as one ordered number: `yyyymm`.
pub(super) fn month_col(m: crate::domain::survey::RoundMonth) -> i64 {
    i64::from(m.year) * 100 + i64::from(m.month)
}
