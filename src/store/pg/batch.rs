//! Fewer round trips per save. The rows a commit writes are independent inserts and
//! updates whose results nobody reads, so a transaction holds them back (`Tx::defer`) and
//! sends them in one statement — each as a data-modifying `WITH` part — together with the
//! next statement that must go anyway: the change's append and wake-up. A save that was ten
//! statements one after another becomes one. Anything else sent on the transaction (a check,
//! a full replace that must delete before it inserts) first sends what was held back, so the
//! order of effects is the order of calls.

use postgres::types::ToSql;
use postgres::Row;

use super::{cached, Prepared, Tx};

/// One statement's parameters, owned until the batch goes.
pub(crate) type Param = Box<dyn ToSql + Sync>;

/// Past these, a batch is sent on its own (PostgreSQL takes at most 65,535 parameters).
const MAX_PARTS: usize = 64;
const MAX_PARAMS: usize = 16_000;

impl Tx<'_> {
    /// Holds back a write whose result nobody reads.
    pub(crate) fn defer(&mut self, sql: &str, params: Vec<Param>) -> Result<(), postgres::Error> {
        self.deferred.push((sql.to_string(), params));
        let held: usize = self.deferred.iter().map(|(_, p)| p.len()).sum();
        if self.deferred.len() >= MAX_PARTS || held >= MAX_PARAMS {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends what was held back.
    pub(crate) fn flush(&mut self) -> Result<(), postgres::Error> {
        if self.deferred.is_empty() {
            return Ok(());
        }
        let (sql, params) = combine(std::mem::take(&mut self.deferred), None);
        self.run(&sql, &params).map(|_| ())
    }

    /// `sql` (a query, which may itself start with `WITH`) after everything held back, in
    /// the same round trip; its rows.
    pub(crate) fn query_after(
        &mut self,
        sql: &str,
        params: Vec<Param>,
    ) -> Result<Vec<Row>, postgres::Error> {
        let (sql, params) = combine(std::mem::take(&mut self.deferred), Some((sql, params)));
        self.run(&sql, &params)
    }

    fn run(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, postgres::Error> {
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
        let (tx, cache) = self.parts();
        let statement = cached(cache, sql, |q| tx.prepare(q))?;
        tx.query(&statement, &refs)
    }
}

/// The writes as `WITH` parts, then `last` (or nothing to return), parameters renumbered.
fn combine(
    writes: Vec<(String, Vec<Param>)>,
    last: Option<(&str, Vec<Param>)>,
) -> (String, Vec<Param>) {
    let mut parts = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    for (i, (sql, p)) in writes.into_iter().enumerate() {
        parts.push(format!("w{i} AS ({})", renumber(&sql, params.len())));
        params.extend(p);
    }
    let tail = match last {
        Some((sql, p)) => {
            let sql = renumber(sql, params.len());
            params.extend(p);
            match sql.strip_prefix("WITH ") {
                // Its own parts join ours; its query ends the statement.
                Some(rest) if !parts.is_empty() => {
                    return (format!("WITH {}, {rest}", parts.join(", ")), params)
                }
                _ if parts.is_empty() => return (sql, params),
                _ => sql,
            }
        }
        None if parts.is_empty() => return (String::new(), params),
        None => "SELECT 1".to_string(),
    };
    (format!("WITH {} {tail}", parts.join(", ")), params)
}

/// `sql` with every `$n` moved up by `by`.
fn renumber(sql: &str, by: usize) -> String {
    if by == 0 {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut n = String::new();
        while let Some((_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
            n.push(*d);
            chars.next();
        }
        match n.parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&n),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_numbered_on_from_those_before_them() {
        assert_eq!(
            renumber("VALUES ($1, $2::text[], $10)", 3),
            "VALUES ($4, $5::text[], $13)"
        );
        let writes = vec![
            (
                "INSERT INTO a VALUES ($1, $2)".to_string(),
                vec![Box::new(1i64) as Param, Box::new(2i64) as Param],
            ),
            (
                "UPDATE b SET x = $2 WHERE k = $1".to_string(),
                vec![Box::new(3i64) as Param, Box::new(4i64) as Param],
            ),
        ];
        let (sql, params) = combine(
            writes,
            Some((
                "WITH c AS (INSERT INTO c VALUES ($1)) SELECT pg_notify($2, $3)",
                vec![
                    Box::new(5i64) as Param,
                    Box::new("ch") as Param,
                    Box::new("x") as Param,
                ],
            )),
        );
        assert_eq!(
            sql,
            "WITH w0 AS (INSERT INTO a VALUES ($1, $2)), w1 AS (UPDATE b SET x = $4 WHERE k = $3), c AS (INSERT INTO c VALUES ($5)) SELECT pg_notify($6, $7)"
        );
        assert_eq!(params.len(), 7);
        let (sql, _) = combine(
            vec![(
                "DELETE FROM d WHERE k = $1".into(),
                vec![Box::new(1i64) as Param],
            )],
            None,
        );
        assert_eq!(sql, "WITH w0 AS (DELETE FROM d WHERE k = $1) SELECT 1");
    }
}
