//! `PostgresStore`: the `Store` seam on one PostgreSQL database shared by a group's estates.
//! Every key starts with the estate; each store serves one estate. The schema is migrations
//! as code (`migrations/`, applied by refinery at open: versioned, checksummed, recorded in
//! the database, so a daemon never runs against a schema it does not know). The synchronous
//! `postgres` client fits the daemon: one request at a time per session thread, no async
//! runtime of our own to manage. This file connects and holds the helpers; `write` commits,
//! `read` and `papers` answer.

mod apply;
mod batch;
mod check;
mod feed;
mod health;
mod listener;
mod migrate;
mod papers;
mod read;
mod write;

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement};
use serde::de::DeserializeOwned;

use super::codec::{decode, Tag};
use super::StoreError;
use crate::domain::{Time, UnitCode};
use migrate::migrate;

/// A query's parameters.
type Params<'a> = [&'a (dyn ToSql + Sync)];

/// A connection with its prepared statements: each SQL text is parsed once per connection,
/// not once per use (a round trip saved on every statement of every commit).
pub(crate) struct Conn {
    client: Client,
    cache: HashMap<String, Statement>,
    conninfo: String,
    health: std::sync::Arc<health::Health>,
}

impl Conn {
    fn new(conninfo: &str, mut client: Client) -> Conn {
        Conn {
            health: health::Health::start(conninfo, &mut client),
            client,
            cache: HashMap::new(),
            conninfo: conninfo.to_string(),
        }
    }
}

fn cached(
    cache: &mut HashMap<String, Statement>,
    sql: &str,
    prepare: impl FnOnce(&str) -> Result<Statement, postgres::Error>,
) -> Result<Statement, postgres::Error> {
    if let Some(s) = cache.get(sql) {
        return Ok(s.clone());
    }
    let s = prepare(sql)?;
    cache.insert(sql.to_string(), s.clone());
    Ok(s)
}

/// Queries by SQL text on a connection or a transaction, each text prepared once per
/// connection and kept in its cache.
pub(crate) trait Prepared {
    type Client: GenericClient;
    fn parts(&mut self) -> (&mut Self::Client, &mut HashMap<String, Statement>);

    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        let (client, cache) = self.parts();
        cached(cache, sql, |q| client.prepare(q))
    }

    fn query(&mut self, sql: &str, p: &Params<'_>) -> Result<Vec<Row>, postgres::Error> {
        let st = self.statement(sql)?;
        self.parts().0.query(&st, p)
    }

    fn query_opt(&mut self, sql: &str, p: &Params<'_>) -> Result<Option<Row>, postgres::Error> {
        let st = self.statement(sql)?;
        self.parts().0.query_opt(&st, p)
    }

    fn query_one(&mut self, sql: &str, p: &Params<'_>) -> Result<Row, postgres::Error> {
        let st = self.statement(sql)?;
        self.parts().0.query_one(&st, p)
    }

    fn execute(&mut self, sql: &str, p: &Params<'_>) -> Result<u64, postgres::Error> {
        let st = self.statement(sql)?;
        self.parts().0.execute(&st, p)
    }

    fn execute_prepared(&mut self, st: &Statement, p: &Params<'_>) -> Result<u64, postgres::Error> {
        self.parts().0.execute(st, p)
    }
}

impl Prepared for Conn {
    type Client = Client;
    fn parts(&mut self) -> (&mut Client, &mut HashMap<String, Statement>) {
        (&mut self.client, &mut self.cache)
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        self.reconnect_if_lost()?;
        let client = &mut self.client;
        cached(&mut self.cache, sql, |q| client.prepare(q))
    }
}

impl Conn {
    /// A connection the database dropped (a restart, a failover) is opened again before the
    /// next statement, through the host list; until that succeeds every call says storage is
    /// unavailable, and the daemon keeps serving what it can. Prepared statements belonged
    /// to the old session and are forgotten.
    fn reconnect_if_lost(&mut self) -> Result<(), postgres::Error> {
        if self.client.is_closed() {
            self.health.lost();
            self.client = Client::connect(&self.conninfo, NoTls)?;
            self.cache.clear();
            self.health.connected(&mut self.client);
        }
        Ok(())
    }

    pub(crate) fn transaction(&mut self) -> Result<Tx<'_>, postgres::Error> {
        self.reconnect_if_lost()?;
        self.client.batch_execute("BEGIN")?;
        Ok(Tx {
            client: &mut self.client,
            cache: &mut self.cache,
            deferred: Vec::new(),
            counted: Vec::new(),
            open: true,
        })
    }

    /// A transaction that starts by locking `estate`'s change counter row, in the same
    /// round trip as its BEGIN; the counter's value. Writers of one estate take turns from
    /// here.
    pub(crate) fn transaction_locking(
        &mut self,
        estate: &str,
    ) -> Result<(Tx<'_>, i64), StoreError> {
        use postgres::SimpleQueryMessage;
        self.reconnect_if_lost().map_err(db)?;
        // A simple query carries no parameters: the code goes in as a quoted literal (codes
        // are letters, digits, `-` and `_`; a quote is doubled all the same).
        let literal = format!("'{}'", estate.replace('\'', "''"));
        let sent = self.client.simple_query(&format!(
            "BEGIN; SELECT last_seq FROM estates WHERE estate = {literal} FOR UPDATE"
        ));
        let messages = match sent {
            Ok(m) => m,
            Err(e) => {
                // The BEGIN may have taken: the connection must not stay in a failed
                // transaction.
                if !self.client.is_closed() {
                    let _ = self.client.batch_execute("ROLLBACK");
                }
                return Err(db(e));
            }
        };
        let tx = Tx {
            client: &mut self.client,
            cache: &mut self.cache,
            deferred: Vec::new(),
            counted: Vec::new(),
            open: true,
        };
        let last = messages.iter().find_map(|m| match m {
            SimpleQueryMessage::Row(r) => r.get(0).and_then(|v| v.parse::<i64>().ok()),
            _ => None,
        });
        match last {
            Some(last) => Ok((tx, last)),
            None => Err(StoreError::Database(format!(
                "the database has no estate `{estate}` (its row is gone)"
            ))),
        }
    }
}

/// A transaction on a `Conn`, sharing its prepared statements; rolled back when dropped
/// uncommitted (a failed check, an error).
pub(crate) struct Tx<'a> {
    client: &'a mut Client,
    cache: &'a mut HashMap<String, Statement>,
    /// Writes held back to go in one statement (`batch`).
    deferred: Vec<(String, Vec<batch::Param>)>,
    /// Conditional writes whose rows the last statement counts (`batch`).
    counted: Vec<(String, Vec<batch::Param>)>,
    open: bool,
}

impl Prepared for Tx<'_> {
    type Client = Client;
    fn parts(&mut self) -> (&mut Client, &mut HashMap<String, Statement>) {
        (self.client, self.cache)
    }

    /// Anything sent on the transaction goes after the writes held back.
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        self.flush()?;
        let (client, cache) = self.parts();
        cached(cache, sql, |q| client.prepare(q))
    }
}

impl Tx<'_> {
    pub(crate) fn commit(mut self) -> Result<(), postgres::Error> {
        self.flush()?;
        // Never retried: an error here leaves the outcome unknown, and the request's id
        // says later whether it was applied.
        self.open = false;
        self.client.batch_execute("COMMIT")
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open && !self.client.is_closed() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

pub struct PostgresStore {
    /// Shared by the hotline's estates (one connection for them all); an estate's daemon
    /// has its own.
    conn: std::sync::Arc<Mutex<Conn>>,
    /// The connection's health, read without its lock (a save may hold it, waiting).
    health: std::sync::Arc<health::Health>,
    /// On the hotline: this estate's wake-ups from the group's feed, taken by the pump.
    fed: Mutex<Option<feed::Fed>>,
    conninfo: String,
    estate: String,
    estate_name: String,
    notes: Vec<String>,
    /// The backend pid of this daemon's own listening connection (0 while it has none): a
    /// commit notifies only when another listener of the estate is on record.
    listening: std::sync::Arc<std::sync::atomic::AtomicI32>,
}

/// The channel a commit of `estate` notifies, with `estate:seq` as its payload: a wake-up
/// only, sent when another daemon of the estate listens (`listeners`). One channel per
/// estate: a listening daemon hears its own estate's commits only.
pub(crate) fn channel(estate: &str) -> String {
    format!("frontdesk_{estate}")
}

/// `LISTEN` on `estate`'s channel, its name quoted as an identifier (codes may hold `-`).
pub(crate) fn listen_sql(estate: &str) -> String {
    format!("LISTEN \"{}\"", channel(estate).replace('"', "\"\""))
}

/// A database error as the desk sees it: a lost connection means storage is unavailable
/// (retry), anything else is a fault to report.
pub(crate) fn db(e: postgres::Error) -> StoreError {
    // SQLSTATE 08… (connection exception) and 57… (the server shutting down, starting up,
    // or the administrator ending the session) are the database going away, not a fault.
    let going_away = e
        .code()
        .is_some_and(|c| c.code().starts_with("08") || c.code().starts_with("57"));
    let detail = match e.as_db_error() {
        Some(d) => format!("{} ({})", d.message(), d.code().code()),
        None => e.to_string(),
    };
    if e.is_closed() || going_away || e.as_db_error().is_none() {
        StoreError::ConnectionLost(format!(
            "reconnecting to the database (the connection failed: {detail}); retry in a moment"
        ))
    } else {
        StoreError::Database(detail)
    }
}

/// Nanoseconds since the epoch: the order of times, exactly as the records hold them.
pub(crate) fn ns(t: Time) -> i64 {
    t.timestamp_nanos_opt().unwrap_or(i64::MAX)
}

pub(crate) fn unit_cols(u: UnitCode) -> [i64; 3] {
    [i64::from(u.building), i64::from(u.unit), i64::from(u.room)]
}

impl PostgresStore {
    /// Connects to `conninfo` (as libpq takes it), brings the schema up to date, and serves
    /// `estate`, which must exist (`add_estate`).
    pub fn open(conninfo: &str, estate: &str) -> Result<PostgresStore, StoreError> {
        let mut client = Client::connect(conninfo, NoTls).map_err(db)?;
        let notes = migrate(&mut client)?;
        let known = client
            .query_opt("SELECT name FROM estates WHERE estate = $1", &[&estate])
            .map_err(db)?;
        let Some(estate_name) = known.map(|r| r.get::<_, String>(0)) else {
            return Err(StoreError::Io(format!(
                "the database has no estate `{estate}`; add it with `frontdesk estate add {estate} --name NAME`"
            )));
        };
        let conn = Conn::new(conninfo, client);
        Ok(PostgresStore {
            health: conn.health.clone(),
            conn: std::sync::Arc::new(Mutex::new(conn)),
            fed: Mutex::new(None),
            conninfo: conninfo.to_string(),
            estate: estate.to_string(),
            estate_name,
            notes,
            listening: Default::default(),
        })
    }

    /// The hotline's estates: one store per code, all on one connection, woken by one
    /// feed that reads all their change counters in one query on its timer (2 connections
    /// for any number of estates).
    pub fn open_group(conninfo: &str, codes: &[String]) -> Result<Vec<PostgresStore>, StoreError> {
        let mut client = Client::connect(conninfo, NoTls).map_err(db)?;
        let notes = migrate(&mut client)?;
        let rows = client
            .query(
                "SELECT estate, name FROM estates WHERE estate = ANY($1)",
                &[&codes],
            )
            .map_err(db)?;
        let names: HashMap<String, String> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        if let Some(missing) = codes.iter().find(|c| !names.contains_key(*c)) {
            return Err(StoreError::Io(format!(
                "the database has no estate `{missing}`; add it with `frontdesk estate add {missing} --name NAME`"
            )));
        }
        let conn = Conn::new(conninfo, client);
        let health = conn.health.clone();
        let conn = std::sync::Arc::new(Mutex::new(conn));
        let mut fed = feed::start(conninfo, codes, std::sync::Arc::downgrade(&conn));
        Ok(codes
            .iter()
            .map(|code| PostgresStore {
                conn: conn.clone(),
                health: health.clone(),
                fed: Mutex::new(fed.remove(code)),
                conninfo: conninfo.to_string(),
                estate: code.clone(),
                estate_name: names[code].clone(),
                notes: notes.clone(),
                listening: Default::default(),
            })
            .collect())
    }

    /// Adds an estate (idempotent: an existing one keeps its name).
    pub fn add_estate(conninfo: &str, code: &str, name: &str) -> Result<(), StoreError> {
        let mut client = Client::connect(conninfo, NoTls).map_err(db)?;
        migrate(&mut client)?;
        client
            .execute(
                "INSERT INTO estates (estate, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&code, &name],
            )
            .map_err(db)?;
        Ok(())
    }

    /// The pump's wake-ups: the group's feed on the hotline, else a listening connection
    /// of this estate's own.
    pub(crate) fn listener(&self) -> Option<Box<dyn crate::store::Waker>> {
        if let Some(fed) = self.fed.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Some(Box::new(fed));
        }
        Some(Box::new(listener::Listener::new(
            &self.conninfo,
            &self.estate,
            self.listening.clone(),
        )))
    }

    /// Lets the database role `role` (created by the database's administrator) serve
    /// `estate`: row-level security then confines it to the estates granted to it.
    pub fn grant_estate(conninfo: &str, estate: &str, role: &str) -> Result<(), StoreError> {
        let mut client = Client::connect(conninfo, NoTls).map_err(db)?;
        migrate(&mut client)?;
        let mut tx = client.transaction().map_err(db)?;
        tx.execute(
            "INSERT INTO estate_roles (role, estate) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&role, &estate],
        )
        .map_err(db)?;
        // The role name was checked to be a plain identifier; quoted all the same.
        tx.batch_execute(&format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role}\"; \
             GRANT SELECT ON refinery_schema_history TO \"{role}\""
        ))
        .map_err(db)?;
        tx.commit().map_err(db)
    }

    /// The group's estates: (code, name), by code.
    pub fn estates(conninfo: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut client = Client::connect(conninfo, NoTls).map_err(db)?;
        migrate(&mut client)?;
        let rows = client
            .query("SELECT estate, name FROM estates ORDER BY estate", &[])
            .map_err(db)?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The one connection (reads and writes take turns on it).
    fn conn(&self) -> MutexGuard<'_, Conn> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The records in column 0 of `sql`'s rows (estate is `$1`), decoded.
    fn bodies<T: DeserializeOwned>(
        &self,
        table: &'static str,
        tag: Tag,
        sql: &str,
        params: &Params<'_>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = self.conn().query(sql, params).map_err(db)?;
        rows.iter()
            .map(|r| decode(table, tag, r.get::<_, &[u8]>(0)))
            .collect()
    }

    /// The record in column 0 of `sql`'s one row, if any.
    fn body<T: DeserializeOwned>(
        &self,
        table: &'static str,
        tag: Tag,
        sql: &str,
        params: &Params<'_>,
    ) -> Result<Option<T>, StoreError> {
        let row = self.conn().query_opt(sql, params).map_err(db)?;
        row.map(|r| decode(table, tag, r.get::<_, &[u8]>(0)))
            .transpose()
    }
}
