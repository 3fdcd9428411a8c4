//! The desk's scenario tests on both backends: `on_both_stores!(a, b)` turns the plain
//! functions `a` and `b` into `sled_store::a` and `postgres_store::a` (and so on). On
//! PostgreSQL each test gets a throwaway cluster, stopped when the test ends, passed or
//! failed; every `Desktop` it opens is a new estate on it.

use std::cell::RefCell;

use frontdesk::testkit::postgres::Cluster;

thread_local! {
    /// The database this thread's test runs on, and the estates opened on it so far.
    static DATABASE: RefCell<Option<(String, u32)>> = const { RefCell::new(None) };
}

/// Runs `test` with every `Desktop` it opens on a new estate of a throwaway cluster.
pub fn on_postgres(test: fn()) {
    let cluster = Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("desk").expect("a database");
    DATABASE.with(|d| *d.borrow_mut() = Some((conninfo, 0)));
    // Cleared even when the test panics: the cluster goes with this frame either way.
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            DATABASE.with(|d| d.borrow_mut().take());
        }
    }
    let _clear = Clear;
    test();
    drop(cluster);
}

/// A new estate's store on this thread's database, when its test runs on PostgreSQL.
pub fn postgres_store() -> Option<frontdesk::store::PostgresStore> {
    DATABASE.with(|d| {
        let mut held = d.borrow_mut();
        let (conninfo, opened) = held.as_mut()?;
        *opened += 1;
        let code = format!("E{opened}");
        frontdesk::store::PostgresStore::add_estate(conninfo, &code, "测试小区").expect("estate");
        Some(frontdesk::store::PostgresStore::open(conninfo, &code).expect("open the estate"))
    })
}

#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sled_store {
            $(
                #[test]
                fn $name() {
                    super::$name()
                }
            )*
        }
        mod postgres_store {
            $(
                #[test]
                fn $name() {
                    $crate::common::both_stores::on_postgres(super::$name)
                }
            )*
        }
    };
}
