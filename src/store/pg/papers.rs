//! The paperwork, import staging and access log on PostgreSQL, one estate's rows.

use super::apply::month_col;
use super::check::KindByte;
use super::{db, ns, unit_cols, PostgresStore, Prepared};
use crate::domain::call::{Call, CallId};
use crate::domain::cover::Cover;
use crate::domain::fees::{Arrear, Reminder};
use crate::domain::survey::{RoundMonth, SurveyResponse, SurveyRound};
use crate::domain::{AccessFilter, AccessRecord, CustomerId, ImportRow, Time, UnitCode};
use crate::store::codec::{encode, Tag};
use crate::store::{AccessStore, PaperStore, PendingImport, StagingStore, StoreError};

type R<T> = Result<T, StoreError>;

const ONE: &str = "SELECT body FROM papers WHERE estate = $1 AND kind = $2 AND no = $3";
const ALL: &str = "SELECT body FROM papers WHERE estate = $1 AND kind = $2 ORDER BY no";
const OPEN: &str = "SELECT body FROM papers WHERE estate = $1 AND kind = $2 AND open ORDER BY no";
const IN_BUILDING: &str = "SELECT body FROM papers WHERE estate = $1 AND kind = $2 \
                           AND building = $3 ORDER BY unit, room, no";
const NUMBERED: &str = "SELECT body FROM papers WHERE estate = $1 AND kind = $2 \
                        AND starts_with(no, $3) ORDER BY no";
const AT_UNIT: &str = "SELECT body FROM papers WHERE estate = $1 AND kind = $2 \
                       AND building = $3 AND unit = $4 AND room = $5 ORDER BY no";

impl PaperStore for PostgresStore {
    fn survey(&self, month: RoundMonth) -> R<Option<SurveyRound>> {
        self.body(
            "surveys",
            Tag::Survey,
            "SELECT body FROM surveys WHERE estate = $1 AND month = $2",
            &[&self.estate, &month_col(month)],
        )
    }

    fn all_surveys(&self) -> R<Vec<SurveyRound>> {
        self.bodies(
            "surveys",
            Tag::Survey,
            "SELECT body FROM surveys WHERE estate = $1 ORDER BY month",
            &[&self.estate],
        )
    }

    fn survey_responses(&self, month: RoundMonth) -> R<Vec<SurveyResponse>> {
        self.bodies(
            "survey_responses",
            Tag::SurveyResponse,
            "SELECT body FROM survey_responses WHERE estate = $1 AND month = $2 \
             ORDER BY building, unit, room",
            &[&self.estate, &month_col(month)],
        )
    }

    fn all_survey_responses(&self) -> R<Vec<SurveyResponse>> {
        self.bodies(
            "survey_responses",
            Tag::SurveyResponse,
            "SELECT body FROM survey_responses WHERE estate = $1 ORDER BY month, building, unit, room",
            &[&self.estate],
        )
    }

    fn arrears_in(&self, building: Option<u32>) -> R<Vec<Arrear>> {
        let (low, high) = building.map_or((0, i64::MAX), |b| (i64::from(b), i64::from(b)));
        self.bodies(
            "arrears",
            Tag::Arrear,
            "SELECT body FROM arrears WHERE estate = $1 AND building BETWEEN $2 AND $3 \
             ORDER BY building, unit, room, kind, period_from, period_to",
            &[&self.estate, &low, &high],
        )
    }

    fn arrears_of(&self, unit: UnitCode) -> R<Vec<Arrear>> {
        let [b, u, r] = unit_cols(unit);
        self.bodies(
            "arrears",
            Tag::Arrear,
            "SELECT body FROM arrears WHERE estate = $1 AND building = $2 AND unit = $3 AND room = $4 \
             ORDER BY kind, period_from, period_to",
            &[&self.estate, &b, &u, &r],
        )
    }

    fn reminders_of(&self, unit: UnitCode, since: Time) -> R<Vec<Reminder>> {
        let [b, u, r] = unit_cols(unit);
        self.bodies(
            "reminders",
            Tag::Reminder,
            "SELECT body FROM reminders WHERE estate = $1 AND building = $2 AND unit = $3 AND room = $4 \
             AND at >= $5 ORDER BY at, seq",
            &[&self.estate, &b, &u, &r, &ns(since)],
        )
    }

    fn all_reminders(&self) -> R<Vec<Reminder>> {
        self.bodies(
            "reminders",
            Tag::Reminder,
            "SELECT body FROM reminders WHERE estate = $1 ORDER BY building, unit, room, at, seq",
            &[&self.estate],
        )
    }

    fn covers_since(&self, since: Time) -> R<Vec<Cover>> {
        self.bodies(
            "covers",
            Tag::Cover,
            "SELECT body FROM covers WHERE estate = $1 AND starts >= $2 ORDER BY starts, seq",
            &[&self.estate, &ns(since)],
        )
    }

    fn all_covers(&self) -> R<Vec<Cover>> {
        self.bodies(
            "covers",
            Tag::Cover,
            "SELECT body FROM covers WHERE estate = $1 ORDER BY starts, seq",
            &[&self.estate],
        )
    }

    fn call(&self, id: CallId) -> R<Option<Call>> {
        self.body(
            "calls",
            Tag::Call,
            "SELECT body FROM calls WHERE estate = $1 AND id = $2",
            &[&self.estate, &(id.0 as i64)],
        )
    }

    fn calls_of(&self, customer: CustomerId, limit: usize) -> R<Vec<Call>> {
        self.bodies(
            "calls",
            Tag::Call,
            "SELECT c.body FROM call_customers w JOIN calls c ON c.estate = w.estate AND c.id = w.id \
             WHERE w.estate = $1 AND w.customer = $2 ORDER BY w.id DESC LIMIT $3",
            &[&self.estate, &(customer.0 as i64), &(limit as i64)],
        )
    }

    fn paper_bodies(&self, kind: char, which: crate::store::Which<'_>) -> R<Vec<Vec<u8>>> {
        use crate::store::Which;
        let k = kind.to_i8();
        let rows = match which {
            Which::One(no) => self.conn().query(ONE, &[&self.estate, &k, &no]),
            Which::Open => self.conn().query(OPEN, &[&self.estate, &k]),
            Which::All => self.conn().query(ALL, &[&self.estate, &k]),
            Which::Unit(unit) => {
                let [b, u, r] = unit_cols(unit);
                self.conn().query(AT_UNIT, &[&self.estate, &k, &b, &u, &r])
            }
            Which::Building(b) => self
                .conn()
                .query(IN_BUILDING, &[&self.estate, &k, &i64::from(b)]),
            Which::Numbered(prefix) => self.conn().query(NUMBERED, &[&self.estate, &k, &prefix]),
        }
        .map_err(db)?;
        Ok(rows.iter().map(|r| r.get::<_, Vec<u8>>(0)).collect())
    }

    fn all_calls(&self) -> R<Vec<Call>> {
        self.bodies(
            "calls",
            Tag::Call,
            "SELECT body FROM calls WHERE estate = $1 ORDER BY id",
            &[&self.estate],
        )
    }
}

impl StagingStore for PostgresStore {
    fn stage_rows(&self, token: u64, rows: &[ImportRow]) -> R<()> {
        let mut conn = self.conn();
        let mut tx = conn.transaction().map_err(db)?;
        let st = tx
            .statement(
                "INSERT INTO staging (estate, token, line, body) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (estate, token, line) DO UPDATE SET body = EXCLUDED.body",
            )
            .map_err(db)?;
        for r in rows {
            tx.execute_prepared(
                &st,
                &[
                    &self.estate,
                    &(token as i64),
                    &(r.line as i64),
                    &encode(Tag::Staged, r),
                ],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn staged_rows(&self, token: u64, limit: usize) -> R<Vec<ImportRow>> {
        self.bodies(
            "staging",
            Tag::Staged,
            "SELECT body FROM staging WHERE estate = $1 AND token = $2 ORDER BY line LIMIT $3",
            &[
                &self.estate,
                &(token as i64),
                &i64::try_from(limit).unwrap_or(i64::MAX),
            ],
        )
    }

    fn for_each_staged(&self, token: u64, f: &mut dyn FnMut(ImportRow) -> R<()>) -> R<()> {
        for row in self.staged_rows(token, usize::MAX)? {
            f(row)?;
        }
        Ok(())
    }

    fn clear_staging(&self, token: u64) -> R<()> {
        self.conn()
            .execute(
                "DELETE FROM staging WHERE estate = $1 AND token = $2",
                &[&self.estate, &(token as i64)],
            )
            .map_err(db)?;
        Ok(())
    }

    fn pending_import(&self) -> R<Option<PendingImport>> {
        self.body(
            "pending_import",
            Tag::Staged,
            "SELECT body FROM pending_import WHERE estate = $1",
            &[&self.estate],
        )
    }
}

impl AccessStore for PostgresStore {
    fn append_accesses(&self, records: &mut [AccessRecord]) -> R<()> {
        let mut conn = self.conn();
        let mut tx = conn.transaction().map_err(db)?;
        // The estate's access numbers, taken at once: other daemons of the estate wait here.
        let last: i64 = tx
            .query_one(
                "UPDATE estates SET access_seq = access_seq + $2 WHERE estate = $1 RETURNING access_seq",
                &[&self.estate, &(records.len() as i64)],
            )
            .map_err(db)?
            .get(0);
        let first = last - records.len() as i64 + 1;
        let st = tx
            .statement("INSERT INTO access_log (estate, seq, at, body) VALUES ($1, $2, $3, $4)")
            .map_err(db)?;
        for (seq, r) in (first..).zip(records.iter_mut()) {
            r.seq = seq as u64;
            tx.execute_prepared(
                &st,
                &[&self.estate, &seq, &ns(r.at), &encode(Tag::Access, r)],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn accesses(&self, filter: &AccessFilter) -> R<Vec<AccessRecord>> {
        let limit = filter.limit.clamp(1, 10_000) as usize;
        let since = filter.since.map_or(i64::MIN, ns);
        let newest_first: Vec<AccessRecord> = self.bodies(
            "access_log",
            Tag::Access,
            "SELECT body FROM access_log WHERE estate = $1 AND at >= $2 ORDER BY seq DESC",
            &[&self.estate, &since],
        )?;
        let mut out: Vec<AccessRecord> = newest_first
            .into_iter()
            .filter(|r| filter.matches(r))
            .take(limit)
            .collect();
        out.reverse();
        Ok(out)
    }

    fn prune_accesses(&self, before: Time) -> R<usize> {
        let n = self
            .conn()
            .execute(
                "DELETE FROM access_log WHERE estate = $1 AND at < $2",
                &[&self.estate, &ns(before)],
            )
            .map_err(db)?;
        Ok(n as usize)
    }
}
