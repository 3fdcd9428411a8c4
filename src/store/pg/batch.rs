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

    /// Holds back a conditional write (`… RETURNING 1`) whose rows `query_after` counts:
    /// it goes with that statement whatever is sent before it, so only a write that depends
    /// on nothing else in the transaction belongs here (the change counters).
    pub(crate) fn defer_counted(&mut self, sql: &str, params: Vec<Param>) {
        self.counted.push((sql.to_string(), params));
    }

    /// Sends what was held back, but the counted writes.
    pub(crate) fn flush(&mut self) -> Result<(), postgres::Error> {
        if self.deferred.is_empty() {
            return Ok(());
        }
        let (sql, params) = combine(std::mem::take(&mut self.deferred), None, 0);
        self.run(&sql, &params).map(|_| ())
    }

    /// `sql` (a query ending with its select list, which may itself start with `WITH`)
    /// after everything held back, in the same round trip: its rows, and how many rows the
    /// counted writes touched (when there were any: the last column).
    pub(crate) fn query_after(
        &mut self,
        sql: &str,
        params: Vec<Param>,
    ) -> Result<(Vec<Row>, Option<i64>), postgres::Error> {
        let counted = std::mem::take(&mut self.counted);
        let how_many = counted.len();
        let mut writes = counted;
        writes.append(&mut self.deferred);
        let (sql, params) = combine(writes, Some((sql, params)), how_many);
        let rows = self.run(&sql, &params)?;
        let touched = (how_many > 0)
            .then(|| rows.first().map(|r| r.get::<_, i64>(r.len() - 1)))
            .flatten();
        Ok((rows, touched))
    }

    fn run(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, postgres::Error> {
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
        let (tx, cache) = self.parts();
        let statement = cached(cache, sql, |q| tx.prepare(q))?;
        tx.query(&statement, &refs)
    }
}

/// The writes as `WITH` parts, then `last` (or nothing to return) with the rows of the
/// first `counted` parts added up as its last column, parameters renumbered.
fn combine(
    writes: Vec<(String, Vec<Param>)>,
    last: Option<(&str, Vec<Param>)>,
    counted: usize,
) -> (String, Vec<Param>) {
    let mut parts = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    for (i, (sql, p)) in writes.into_iter().enumerate() {
        parts.push(format!("w{i} AS ({})", renumber(&sql, params.len())));
        params.extend(p);
    }
    let count = match counted {
        0 => String::new(),
        n => format!(
            ", ({})::bigint",
            (0..n)
                .map(|i| format!("(SELECT count(*) FROM w{i})"))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
    };
    let tail = match last {
        Some((sql, p)) => {
            let sql = renumber(sql, params.len()) + &count;
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
        None => format!("SELECT 1{count}"),
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
            0,
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
            0,
        );
        assert_eq!(sql, "WITH w0 AS (DELETE FROM d WHERE k = $1) SELECT 1");
        let counted = vec![
            (
                "UPDATE n SET v = $1 RETURNING 1".to_string(),
                vec![Box::new(1i64) as Param],
            ),
            (
                "INSERT INTO n VALUES ($1) RETURNING 1".to_string(),
                vec![Box::new(1i64) as Param],
            ),
        ];
        let (sql, _) = combine(counted, Some(("SELECT pg_notify($1, $2)", Vec::new())), 2);
        assert_eq!(
            sql,
            "WITH w0 AS (UPDATE n SET v = $1 RETURNING 1), w1 AS (INSERT INTO n VALUES ($2) RETURNING 1) SELECT pg_notify($3, $4), ((SELECT count(*) FROM w0) + (SELECT count(*) FROM w1))::bigint"
        );
    }
}
