//! `Store` on PostgreSQL: the commit (in `write`) and every read, one estate's rows, in the
//! orders the seam promises (ordered by the key columns; times as nanoseconds).

use std::collections::HashSet;

use super::{db, ns, unit_cols, PostgresStore, Prepared};
use crate::domain::{
    Callback, CallbackId, Case, CaseKey, ChangeRecord, Customer, CustomerId, Dwelling, RequestId,
    Staff, StaffId, Ticket, Time, UnitCode, Verification, Visit, VisitId,
};
use crate::store::codec::{decode, Tag};
use crate::store::{Counter, LoggedChange, Store, StoreError, WriteSet};

type R<T> = Result<T, StoreError>;

const CASE_COLS: &str = "SELECT c.body FROM cases c";

fn unit_of(r: &postgres::Row, at: usize) -> UnitCode {
    let n = |i| r.get::<_, i64>(i) as u32;
    UnitCode {
        building: n(at),
        unit: n(at + 1),
        room: n(at + 2),
    }
}

fn key_of(r: &postgres::Row, at: usize) -> CaseKey {
    CaseKey {
        customer: CustomerId(r.get::<_, i64>(at) as u64),
        seq: r.get::<_, i64>(at + 1) as u64,
    }
}

impl Store for PostgresStore {
    fn estate(&self) -> Option<crate::domain::Estate> {
        Some(crate::domain::Estate {
            code: self.estate.clone(),
            name: self.estate_name.clone(),
        })
    }

    fn commit(&mut self, ws: &WriteSet) -> R<Option<ChangeRecord>> {
        self.commit_ws(ws)
    }

    fn write_blocker(&self) -> Option<String> {
        None
    }

    fn notes_at_open(&self) -> Vec<String> {
        self.notes.clone()
    }

    fn waker(&self) -> Option<Box<dyn crate::store::Waker>> {
        self.listener()
    }

    fn database_watch(&self) -> Option<std::sync::Arc<dyn crate::store::DatabaseWatch>> {
        Some(self.health.clone())
    }

    fn customer(&self, id: CustomerId) -> R<Option<Customer>> {
        self.body(
            "customers",
            Tag::Customer,
            "SELECT body FROM customers WHERE estate = $1 AND id = $2",
            &[&self.estate, &(id.0 as i64)],
        )
    }

    fn customers(&self) -> R<Vec<Customer>> {
        self.bodies(
            "customers",
            Tag::Customer,
            "SELECT body FROM customers WHERE estate = $1 ORDER BY id",
            &[&self.estate],
        )
    }

    fn for_each_lookup(&self, f: &mut dyn FnMut(u64, &[u8])) -> R<()> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut conn = self.conn();
        conn.reconnect_if_lost().map_err(db)?;
        let mut rows = conn
            .client
            .query_raw(
                "SELECT id, projection FROM customers WHERE estate = $1 ORDER BY id",
                [&self.estate],
            )
            .map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            f(r.get::<_, i64>(0) as u64, r.get::<_, &[u8]>(1));
        }
        Ok(())
    }

    fn forward(&self, from: CustomerId) -> R<Option<CustomerId>> {
        let row = self
            .conn()
            .query_opt(
                "SELECT kept FROM forwards WHERE estate = $1 AND merged = $2",
                &[&self.estate, &(from.0 as i64)],
            )
            .map_err(db)?;
        Ok(row.map(|r| CustomerId(r.get::<_, i64>(0) as u64)))
    }

    fn all_forwards(&self) -> R<Vec<(CustomerId, CustomerId)>> {
        let rows = self
            .conn()
            .query(
                "SELECT merged, kept FROM forwards WHERE estate = $1 ORDER BY merged",
                &[&self.estate],
            )
            .map_err(db)?;
        Ok(rows
            .iter()
            .map(|r| {
                let id = |i| CustomerId(r.get::<_, i64>(i) as u64);
                (id(0), id(1))
            })
            .collect())
    }

    fn dwelling(&self, unit: UnitCode) -> R<Option<Dwelling>> {
        let [b, u, r] = unit_cols(unit);
        self.body(
            "dwellings",
            Tag::Dwelling,
            "SELECT body FROM dwellings WHERE estate = $1 AND building = $2 AND unit = $3 AND room = $4",
            &[&self.estate, &b, &u, &r],
        )
    }

    fn all_dwellings(&self) -> R<Vec<Dwelling>> {
        self.bodies(
            "dwellings",
            Tag::Dwelling,
            "SELECT body FROM dwellings WHERE estate = $1 ORDER BY building, unit, room",
            &[&self.estate],
        )
    }

    fn moved_out(&self, who: CustomerId) -> R<bool> {
        Ok(self
            .conn()
            .query_opt(
                "SELECT 1 FROM moved_out WHERE estate = $1 AND customer = $2",
                &[&self.estate, &(who.0 as i64)],
            )
            .map_err(db)?
            .is_some())
    }

    fn all_moved_out(&self) -> R<HashSet<CustomerId>> {
        let rows = self
            .conn()
            .query(
                "SELECT customer FROM moved_out WHERE estate = $1",
                &[&self.estate],
            )
            .map_err(db)?;
        Ok(rows
            .iter()
            .map(|r| CustomerId(r.get::<_, i64>(0) as u64))
            .collect())
    }

    fn verification(&self, who: CustomerId) -> R<Option<Verification>> {
        self.body(
            "verifications",
            Tag::Verification,
            "SELECT body FROM verifications WHERE estate = $1 AND customer = $2",
            &[&self.estate, &(who.0 as i64)],
        )
    }

    fn all_verifications(&self) -> R<Vec<Verification>> {
        self.bodies(
            "verifications",
            Tag::Verification,
            "SELECT body FROM verifications WHERE estate = $1 ORDER BY customer",
            &[&self.estate],
        )
    }

    fn case(&self, key: CaseKey) -> R<Option<Case>> {
        self.body(
            "cases",
            Tag::Case,
            "SELECT body FROM cases WHERE estate = $1 AND customer = $2 AND seq = $3",
            &[&self.estate, &(key.customer.0 as i64), &(key.seq as i64)],
        )
    }

    fn case_by_ticket(&self, ticket: &Ticket) -> R<Option<Case>> {
        self.body(
            "cases",
            Tag::Case,
            "SELECT body FROM cases WHERE estate = $1 AND ticket = $2",
            &[&self.estate, &ticket.0],
        )
    }

    fn cases_for(&self, customer: CustomerId) -> R<Vec<Case>> {
        self.bodies(
            "cases",
            Tag::Case,
            "SELECT body FROM cases WHERE estate = $1 AND customer = $2 ORDER BY seq",
            &[&self.estate, &(customer.0 as i64)],
        )
    }

    fn all_cases(&self) -> R<Vec<Case>> {
        self.bodies(
            "cases",
            Tag::Case,
            "SELECT body FROM cases WHERE estate = $1 ORDER BY customer, seq",
            &[&self.estate],
        )
    }

    fn unclosed_cases(&self) -> R<Vec<Case>> {
        self.bodies(
            "cases",
            Tag::Case,
            "SELECT body FROM cases WHERE estate = $1 AND NOT closed ORDER BY customer, seq",
            &[&self.estate],
        )
    }

    fn cases_at(&self, unit: UnitCode) -> R<Vec<Case>> {
        let [b, u, r] = unit_cols(unit);
        self.bodies(
            "cases",
            Tag::Case,
            &format!(
                "{CASE_COLS} JOIN case_units f ON f.estate = c.estate AND f.customer = c.customer AND f.seq = c.seq \
                 WHERE c.estate = $1 AND f.building = $2 AND f.unit = $3 AND f.room = $4 ORDER BY c.customer, c.seq"
            ),
            &[&self.estate, &b, &u, &r],
        )
    }

    fn all_case_units(&self) -> R<Vec<(UnitCode, CaseKey)>> {
        let rows = self
            .conn()
            .query(
                "SELECT building, unit, room, customer, seq FROM case_units WHERE estate = $1 \
                 ORDER BY building, unit, room, customer, seq",
                &[&self.estate],
            )
            .map_err(db)?;
        Ok(rows.iter().map(|r| (unit_of(r, 0), key_of(r, 3))).collect())
    }

    fn unit_of_case(&self, key: CaseKey) -> R<Option<UnitCode>> {
        let row = self
            .conn()
            .query_opt(
                "SELECT building, unit, room FROM case_units WHERE estate = $1 AND customer = $2 AND seq = $3 \
                 ORDER BY building, unit, room LIMIT 1",
                &[&self.estate, &(key.customer.0 as i64), &(key.seq as i64)],
            )
            .map_err(db)?;
        Ok(row.map(|r| unit_of(&r, 0)))
    }

    fn cases_touched(&self, from: u32, to: u32) -> R<Vec<Case>> {
        self.bodies(
            "cases",
            Tag::Case,
            &format!(
                "{CASE_COLS} JOIN (SELECT customer, seq, min(month) AS first FROM case_months \
                 WHERE estate = $1 AND month BETWEEN $2 AND $3 GROUP BY customer, seq) m \
                 ON m.customer = c.customer AND m.seq = c.seq WHERE c.estate = $1 \
                 ORDER BY m.first, c.customer, c.seq"
            ),
            &[&self.estate, &i64::from(from), &i64::from(to)],
        )
    }

    fn callback(&self, id: CallbackId) -> R<Option<Callback>> {
        self.body(
            "callbacks",
            Tag::Callback,
            "SELECT body FROM callbacks WHERE estate = $1 AND id = $2",
            &[&self.estate, &(id.0 as i64)],
        )
    }

    fn callbacks_for(&self, customer: CustomerId) -> R<Vec<Callback>> {
        self.bodies(
            "callbacks",
            Tag::Callback,
            "SELECT body FROM callbacks WHERE estate = $1 AND customer = $2 ORDER BY id",
            &[&self.estate, &(customer.0 as i64)],
        )
    }

    fn all_callbacks(&self) -> R<Vec<Callback>> {
        self.bodies(
            "callbacks",
            Tag::Callback,
            "SELECT body FROM callbacks WHERE estate = $1 ORDER BY customer, id",
            &[&self.estate],
        )
    }

    fn pending_callbacks(&self, until: Option<Time>) -> R<Vec<Callback>> {
        self.bodies(
            "callbacks",
            Tag::Callback,
            "SELECT body FROM callbacks WHERE estate = $1 AND pending AND due < $2 ORDER BY due, id",
            &[&self.estate, &until.map_or(i64::MAX, ns)],
        )
    }

    fn visit(&self, id: VisitId) -> R<Option<Visit>> {
        self.body(
            "visits",
            Tag::Visit,
            "SELECT body FROM visits WHERE estate = $1 AND id = $2",
            &[&self.estate, &(id.0 as i64)],
        )
    }

    fn visits_for(&self, customer: CustomerId) -> R<Vec<Visit>> {
        self.bodies(
            "visits",
            Tag::Visit,
            "SELECT body FROM visits WHERE estate = $1 AND customer = $2 ORDER BY id",
            &[&self.estate, &(customer.0 as i64)],
        )
    }

    fn all_visits(&self) -> R<Vec<Visit>> {
        self.bodies(
            "visits",
            Tag::Visit,
            "SELECT body FROM visits WHERE estate = $1 ORDER BY customer, id",
            &[&self.estate],
        )
    }

    fn visits_starting(&self, from: Time, to: Time) -> R<Vec<Visit>> {
        self.bodies(
            "visits",
            Tag::Visit,
            "SELECT body FROM visits WHERE estate = $1 AND start >= $2 AND start < $3 ORDER BY start, id",
            &[&self.estate, &ns(from), &ns(to)],
        )
    }

    fn staff_visits_starting(&self, uid: StaffId, from: Time, to: Time) -> R<Vec<Visit>> {
        self.bodies(
            "visits",
            Tag::Visit,
            "SELECT body FROM visits WHERE estate = $1 AND staff = $2 AND start >= $3 AND start < $4 \
             ORDER BY start, id",
            &[&self.estate, &i64::from(uid.0), &ns(from), &ns(to)],
        )
    }

    fn staff(&self, uid: StaffId) -> R<Option<Staff>> {
        self.body(
            "staff",
            Tag::Staff,
            "SELECT body FROM staff WHERE estate = $1 AND uid = $2",
            &[&self.estate, &i64::from(uid.0)],
        )
    }

    fn all_staff(&self) -> R<Vec<Staff>> {
        self.bodies(
            "staff",
            Tag::Staff,
            "SELECT body FROM staff WHERE estate = $1 ORDER BY uid",
            &[&self.estate],
        )
    }

    fn staff_count(&self) -> usize {
        self.conn()
            .query_one(
                "SELECT count(*) FROM staff WHERE estate = $1",
                &[&self.estate],
            )
            .map_or(0, |r| r.get::<_, i64>(0) as usize)
    }

    fn counter(&self, c: Counter) -> R<u64> {
        let row = self
            .conn()
            .query_opt(
                "SELECT value FROM counters WHERE estate = $1 AND name = $2",
                &[&self.estate, &c.name()],
            )
            .map_err(db)?;
        Ok(row.map_or(0, |r| r.get::<_, i64>(0) as u64))
    }

    fn counters_of(&self, cs: &[Counter]) -> R<Vec<u64>> {
        let names: Vec<String> = cs.iter().map(|c| c.name()).collect();
        let rows = self
            .conn()
            .query(
                "SELECT name, value FROM counters WHERE estate = $1 AND name = ANY($2)",
                &[&self.estate, &names],
            )
            .map_err(db)?;
        Ok(names
            .iter()
            .map(|n| {
                rows.iter()
                    .find(|r| r.get::<_, &str>(0) == n)
                    .map_or(0, |r| r.get::<_, i64>(1) as u64)
            })
            .collect())
    }

    fn counters(&self) -> R<Vec<(Counter, u64)>> {
        let rows = self
            .conn()
            .query(
                "SELECT name, value FROM counters WHERE estate = $1",
                &[&self.estate],
            )
            .map_err(db)?;
        let mut out: Vec<(Counter, u64)> = rows
            .iter()
            .filter_map(|r| {
                Counter::parse(r.get::<_, &str>(0)).map(|c| (c, r.get::<_, i64>(1) as u64))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    fn log_after(&self, seq: u64, limit: usize) -> R<Vec<LoggedChange>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .conn()
            .query(
                "SELECT body, effects FROM changes WHERE estate = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[&self.estate, &(seq.min(i64::MAX as u64) as i64), &limit],
            )
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(LoggedChange {
                    change: decode("changes", Tag::Change, r.get::<_, &[u8]>(0))?,
                    effects: decode("changes", Tag::Effects, r.get::<_, &[u8]>(1))?,
                })
            })
            .collect()
    }

    fn last_change_seq(&self) -> R<u64> {
        let row = self
            .conn()
            .query_one(
                "SELECT last_seq FROM estates WHERE estate = $1",
                &[&self.estate],
            )
            .map_err(db)?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    fn stored_reply(&self, uid: StaffId, id: RequestId) -> R<Option<Vec<u8>>> {
        let row = self
            .conn()
            .query_opt(
                "SELECT reply FROM requests WHERE estate = $1 AND uid = $2 AND request_id = $3",
                &[&self.estate, &i64::from(uid.0), &id.0.as_slice()],
            )
            .map_err(db)?;
        Ok(row.map(|r| r.get::<_, Vec<u8>>(0)))
    }
}
