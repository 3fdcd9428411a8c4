//! Isolation in the database, not only in our code: connected as estate A's role, no query
//! returns or changes a row of estate B, whatever SQL it sends (row-level security,
//! `V2__estate_isolation.sql`). The cluster is a throwaway one this test starts and stops.

mod common;

use frontdesk::domain::Policy;
use frontdesk::store::PostgresStore;
use frontdesk::testkit::postgres::Cluster;
use frontdesk::testkit::TestDesk;

/// Every table that holds an estate's rows.
const TABLES: [&str; 24] = [
    "estates",
    "customers",
    "forwards",
    "moved_out",
    "verifications",
    "dwellings",
    "cases",
    "case_units",
    "case_months",
    "callbacks",
    "visits",
    "staff",
    "counters",
    "changes",
    "requests",
    "surveys",
    "survey_responses",
    "papers",
    "arrears",
    "reminders",
    "covers",
    "staging",
    "pending_import",
    "access_log",
];

#[test]
fn an_estate_role_can_neither_read_nor_change_another_estates_rows() {
    let cluster = Cluster::start().expect("a PostgreSQL cluster");
    let owner = cluster.create_database("group").unwrap();
    let mut admin = postgres::Client::connect(&owner, postgres::NoTls).unwrap();
    admin
        .batch_execute("CREATE ROLE role_a LOGIN; CREATE ROLE role_b LOGIN;")
        .unwrap();
    for (code, role) in [("A", "role_a"), ("B", "role_b")] {
        frontdesk::server::estate_add(&owner, code, code).unwrap();
        frontdesk::server::estate_grant(&owner, code, role).unwrap();
    }
    assert!(
        frontdesk::server::estate_grant(&owner, "A", "Robert'); DROP TABLE x; --")
            .unwrap_err()
            .to_string()
            .starts_with("role:")
    );
    let as_role = |role: &str| owner.replace("user=frontdesk", &format!("user={role}"));

    // Each estate's desk, written by its own daemon's role: staff, residents, cases.
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (code, role, dir) in [("A", "role_a", &dirs.0), ("B", "role_b", &dirs.1)] {
        let store = PostgresStore::open(&as_role(role), code).unwrap();
        let desk = TestDesk::on_store(Box::new(store), dir.path(), Policy::default())
            .unwrap()
            .staff_up(30)
            .unwrap();
        drop(desk);
    }
    // A's role may not even open B.
    let refused = PostgresStore::open(&as_role("role_a"), "B").err().unwrap();
    assert!(refused.to_string().contains("no estate `B`"), "{refused}");

    let mut a = postgres::Client::connect(&as_role("role_a"), postgres::NoTls).unwrap();
    let count = |c: &mut postgres::Client, table: &str, estate: &str| -> i64 {
        c.query_one(
            &format!("SELECT count(*) FROM {table} WHERE estate = $1"),
            &[&estate],
        )
        .unwrap()
        .get(0)
    };
    let mut seen_b = 0;
    for table in TABLES {
        let all_b = count(&mut admin, table, "B");
        seen_b += all_b;
        assert_eq!(
            count(&mut a, table, "B"),
            0,
            "{table}: A's role read B's rows"
        );
        let any: i64 = a
            .query_one(
                &format!("SELECT count(*) FROM {table} WHERE estate <> 'A'"),
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(any, 0, "{table}: A's role read another estate's rows");
        let changed = a
            .execute(
                &format!("UPDATE {table} SET estate = estate WHERE estate = 'B'"),
                &[],
            )
            .unwrap();
        let removed = a
            .execute(&format!("DELETE FROM {table} WHERE estate = 'B'"), &[])
            .unwrap();
        assert_eq!(
            (changed, removed),
            (0, 0),
            "{table}: A's role changed B's rows"
        );
        assert_eq!(
            count(&mut admin, table, "B"),
            all_b,
            "{table}: B's rows intact"
        );
    }
    assert!(seen_b > 100, "estate B has rows to protect ({seen_b})");
    // Writing a row into B, or moving A's into B, is refused by the database.
    let planted = a.execute(
        "INSERT INTO counters (estate, name, value) VALUES ('B', 'next_customer', 1)",
        &[],
    );
    assert!(planted.is_err(), "A's role wrote into B");
    let moved = a.execute("UPDATE customers SET estate = 'B' WHERE estate = 'A'", &[]);
    assert!(moved.is_err(), "A's role moved its rows into B");
    assert!(
        count(&mut a, "customers", "A") > 0,
        "A's role reads its own estate"
    );
}
