//! The schema as migrations in code (`migrations/`, applied by refinery: versioned,
//! checksummed, recorded in the database), brought up to date when a store opens.

use postgres::Client;

use super::db;
use crate::store::StoreError;

mod embedded {
    refinery::embed_migrations!("src/store/pg/migrations");
}

/// Brings the schema up to date; returns what it applied. An estate's role may not change
/// the schema (it cannot create tables): when the schema is current it applies nothing, and
/// when it is not, it says who must.
pub(super) fn migrate(client: &mut Client) -> Result<Vec<String>, StoreError> {
    // Daemons started together on a new database take turns: one applies, the others then
    // find the schema current.
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .map_err(db)?;
    let result = migrate_locked(client);
    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    result
}

/// The advisory lock the schema's migrations run under (any constant the group's other
/// software does not use: "fdsk" in ASCII).
const MIGRATION_LOCK: i64 = 0x6664_736b;

fn migrate_locked(client: &mut Client) -> Result<Vec<String>, StoreError> {
    let runner = embedded::migrations::runner();
    let newest = runner
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0);
    let applied: Option<i64> = client
        .query_opt(
            "SELECT max(version)::bigint FROM refinery_schema_history",
            &[],
        )
        .ok()
        .flatten()
        .and_then(|r| r.get(0));
    if applied.is_some_and(|v| v >= newest) {
        return Ok(Vec::new());
    }
    let report = runner.run(client).map_err(|e| {
        StoreError::Database(format!(
            "the database's schema needs migrations ({e}); run `frontdesk estate list --postgres CONNINFO` once as the database's owner to apply them"
        ))
    })?;
    Ok(report
        .applied_migrations()
        .iter()
        .map(|m| format!("applied database migration {m}"))
        .collect())
}
