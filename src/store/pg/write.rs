//! One transaction per `WriteSet`: lock the estate's change counter row first (writers of
//! one estate take turns from here; the sequence stays dense and in commit order, and a
//! rollback leaves no gap), check what the change was decided on (`check`), apply it
//! (`apply`), append the change with its effects and the request's reply, then COMMIT, and
//! only then answer.

use super::apply::{apply_papers, apply_records, apply_removals, apply_work};
use super::batch::Param;
use super::check::{check, counter_conflict};
use super::{db, PostgresStore, Prepared};
use crate::domain::refusal::SystemRefusal;
use crate::domain::ChangeRecord;
use crate::store::codec::{encode, Tag};
use crate::store::{Effects, StoreError, WriteSet};

impl PostgresStore {
    pub(super) fn commit_ws(&self, ws: &WriteSet) -> Result<Option<ChangeRecord>, StoreError> {
        let mut conn = self.conn();
        let e = &self.estate;
        let (mut tx, last) = conn.transaction_locking(e)?;
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
        // The change, the estate's counter and the wake-up (delivered at COMMIT to the
        // estate's other listening daemons; it carries no data), after every write held
        // back: one round trip (`batch`). Its last column says how many change counters
        // moved.
        let (change, sql, params): (_, &str, Vec<Param>) = match &ws.change {
            Some(c) => {
                let record = ChangeRecord {
                    seq: last as u64 + 1,
                    ..c.clone()
                };
                let params: Vec<Param> = vec![
                    Box::new(e.clone()),
                    Box::new(last + 1),
                    Box::new(encode(Tag::Change, &record)),
                    Box::new(encode(Tag::Effects, &Effects::of(ws))),
                    Box::new(super::channel(e)),
                    Box::new(format!("{e}:{}", last + 1)),
                    Box::new(self.listening.load(std::sync::atomic::Ordering::Relaxed)),
                ];
                // Notified only when another daemon of the estate listens: PostgreSQL
                // signals every listener of the database on each NOTIFY.
                let sql = "WITH appended AS (INSERT INTO changes (estate, seq, body, effects) \
                     VALUES ($1, $2, $3, $4)), \
                     counted AS (UPDATE estates SET last_seq = $2 WHERE estate = $1) \
                     SELECT (SELECT pg_notify($5, $6) FROM listeners \
                       WHERE estate = $1 AND pid <> $7 LIMIT 1)";
                (Some(record), sql, params)
            }
            None => (None, "SELECT 1", Vec::new()),
        };
        let (_, moved) = tx.query_after(sql, params).map_err(applied_already)?;
        if moved.is_some_and(|m| m != ws.counters.len() as i64) {
            // Another writer drew a number this change drew: nothing is committed (the
            // transaction is rolled back as it goes).
            return Err(counter_conflict(&mut tx, e, ws));
        }
        self.health
            .committing(|| tx.commit())
            .map_err(applied_already)?;
        Ok(change)
    }
}

/// The request's key already taken: applied by a connection lost mid-commit, so the desk
/// answers from the stored reply (`Conflict`, then its replay) instead of failing.
fn applied_already(err: postgres::Error) -> StoreError {
    let request_key = err
        .as_db_error()
        .is_some_and(|d| d.constraint() == Some("requests_pkey"));
    match err.code() {
        Some(&postgres::error::SqlState::UNIQUE_VIOLATION) if request_key => {
            StoreError::Conflict(SystemRefusal::AppliedAMomentAgo {}.into())
        }
        // A number (a ticket, a slip) another writer drew at the same moment: its counter
        // moved too, so deciding again draws the next.
        Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => StoreError::NumberTaken(
            SystemRefusal::NumberTaken {
                what: err
                    .as_db_error()
                    .and_then(|d| d.constraint())
                    .unwrap_or("a unique key")
                    .to_string(),
            }
            .into(),
        ),
        _ => db(err),
    }
}
