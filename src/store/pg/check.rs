//! Inside the commit, under the estate's lock: what the change was decided on still holds
//! (versions, free slots, records as read, counters), or the commit is a conflict.

use crate::domain::refusal::SystemRefusal;
use postgres::types::ToSql;
use serde::de::DeserializeOwned;

use super::{db, ns, unit_cols, Prepared, Tx};
use crate::store::codec::{decode, Tag};
use crate::store::write_set::{changed_meanwhile, counter_taken, slot_taken, OWED};
use crate::store::{Expect, Prior, StoreError, WriteSet};

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

/// What `ws` was decided on still holds, read under the estate's lock.
pub(super) fn check(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> Result<(), StoreError> {
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
                    return Err(changed_meanwhile("case", name));
                }
            }
            Expect::SlotFree(slot) => {
                let nearby: Vec<crate::domain::Visit> = tx
                    .query(
                        "SELECT body FROM visits WHERE estate = $1 AND staff = $2 AND start >= $3 AND start < $4",
                        &[&e, &i64::from(slot.staff.0), &ns(slot.since), &ns(slot.end)],
                    )
                    .map_err(db)?
                    .iter()
                    .map(|r| decode("visits", Tag::Visit, r.get::<_, &[u8]>(0)))
                    .collect::<Result<_, _>>()?;
                if let Some(v) = slot.clash(&nearby) {
                    return Err(slot_taken(v.id));
                }
            }
            Expect::Owes { unit, owed } => {
                let [b, u, r] = unit_cols(*unit);
                let now: crate::domain::money::Fen = tx
                    .query(
                        "SELECT body FROM arrears WHERE estate = $1 AND building = $2 AND unit = $3 AND room = $4",
                        &[&e, &b, &u, &r],
                    )
                    .map_err(db)?
                    .iter()
                    .map(|r| {
                        decode::<crate::domain::fees::Arrear>("arrears", Tag::Arrear, r.get::<_, &[u8]>(0))
                            .map(|a| a.amount)
                    })
                    .sum::<Result<_, _>>()?;
                if now != *owed {
                    return Err(changed_meanwhile(OWED, unit));
                }
            }
            Expect::Unchanged(prior) => {
                if !holds(tx, e, prior)? {
                    return Err({
                        let (kind, id) = prior.describe();
                        changed_meanwhile(kind, id)
                    });
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
                return Err(changed_meanwhile("callback", o.id));
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
                return Err(changed_meanwhile("visit", o.id));
            }
        }
    }
    // The counters are checked by the write itself: each moves only from the value drawn
    // (`apply`, counted in `write`).
    Ok(())
}

/// The conflict of a change whose counters did not all move: the counter another writer
/// moved, and where it stands. Read after the change's own writes (rolled back next).
pub(super) fn counter_conflict(tx: &mut Tx<'_>, e: &str, ws: &WriteSet) -> StoreError {
    let names: Vec<String> = ws.counters.iter().map(|m| m.counter.name()).collect();
    let stored: std::collections::HashMap<String, u64> = match tx.query(
        "SELECT name, value FROM counters WHERE estate = $1 AND name = ANY($2)",
        &[&e, &names],
    ) {
        Ok(rows) => rows
            .iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u64))
            .collect(),
        Err(err) => return db(err),
    };
    // Ours moved to `now`; the one that did not stands where the other writer left it.
    let moved = ws.counters.iter().find_map(|m| {
        let value = stored.get(&m.counter.name()).copied().unwrap_or(0);
        (value != m.now).then_some((value, m.counter))
    });
    match moved.or_else(|| ws.counters.first().map(|m| (m.now, m.counter))) {
        Some((value, counter)) => counter_taken(value, counter),
        None => StoreError::Conflict(SystemRefusal::SavedAtTheSameMoment {}.into()),
    }
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
        Prior::Paper { kind, no, body, .. } => {
            let stored = tx
                .query_opt(PAPER, &[&e, &kind.to_i8(), no])
                .map_err(db)?
                .map(|r| crate::store::codec::current("papers", r.get::<_, &[u8]>(0)))
                .transpose()?;
            Ok(stored == *body)
        }
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
