//! The real binary on PostgreSQL: `frontdesk estate add|list`, `frontdesk serve --postgres
//! … --estate …`, a case saved through it surviving the daemon's kill -9, and a second
//! daemon of the same estate (another data dir, as on another box) serving the same desk.
//! The cluster is a throwaway one this test starts and stops.

mod common;

use common::*;
use frontdesk::testkit::postgres::Cluster;

#[test]
fn an_estate_desk_on_postgresql_keeps_what_it_acknowledged_and_is_shared_by_its_daemons() {
    let cluster = Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("group").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (data, other) = (dir.path().join("desk"), dir.path().join("second-box"));
    std::fs::create_dir_all(&data).unwrap();

    // Estates: a bad code is refused by name, a good one listed.
    let (ok, _, err) = run(
        &data,
        &[
            "estate",
            "add",
            "东 1",
            "--name",
            "x",
            "--postgres",
            &conninfo,
        ],
    );
    assert!(!ok && err.contains("code:"), "{err}");
    let (ok, _, err) = run(
        &data,
        &[
            "estate",
            "add",
            "DH01",
            "--name",
            "东湖花园",
            "--postgres",
            &conninfo,
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, _) = run(&data, &["estate", "list", "--postgres", &conninfo]);
    assert!(ok && out.contains("DH01\t东湖花园"), "{out}");
    // A daemon for an estate the database does not know says how to add it.
    let refused = Daemon::try_start(
        &data,
        &data.join("frontdesk.sock"),
        &["--postgres", &conninfo, "--estate", "XX"],
        &data.join("refused.log"),
    );
    let Err(why) = refused else {
        panic!("a daemon started for an unknown estate")
    };
    assert!(why.contains("frontdesk estate add XX"), "{why}");

    let serve = ["--postgres", conninfo.as_str(), "--estate", "DH01"];
    let mut daemon = Daemon::start_with(&data, &serve);
    assert!(run(&data, &["init"]).0);
    let (ok, _, err) = run(&data, &ADD_ZHANG_WEI);
    assert!(ok, "{err}");
    let (ok, ticket, err) = run(&data, &case_add("C1", "楼上漏水", &[]));
    assert!(ok, "{err}");
    let ticket = ticket.trim().to_string();

    // Killed without warning: what it acknowledged is in the database.
    daemon.kill9();
    let _daemon = Daemon::start_with(&data, &serve);
    let (ok, shown, err) = run(&data, &["case", "show", &ticket]);
    assert!(ok && shown.contains("楼上漏水"), "{shown}{err}");

    // A second daemon of the same estate, with its own data dir and socket, serves the
    // same desk: the case, and a note added there read back here.
    let second = Daemon::start_with(&other, &serve);
    let on_second = |args: &[&str]| run_ok_on(&second.socket, args);
    assert!(on_second(&["case", "show", &ticket]).contains("楼上漏水"));
    on_second(&["case", "note", &ticket, "--text", "已联系楼上住户"]);
    let (ok, shown, _) = run(&data, &["case", "show", &ticket]);
    assert!(ok && shown.contains("已联系楼上住户"), "{shown}");
    // Both daemons are on record as the estate's listeners (the one killed is not), so a
    // commit on either wakes the other at once; with one daemon it would signal nobody.
    let mut db = postgres::Client::connect(&conninfo, postgres::NoTls).unwrap();
    let live = |db: &mut postgres::Client| -> i64 {
        db.query_one(
            "SELECT count(*) FROM listeners l JOIN pg_stat_activity a USING (pid) \
             WHERE l.estate = 'DH01'",
            &[],
        )
        .unwrap()
        .get(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while live(&mut db) != 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "listeners on record: {}",
            live(&mut db)
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    // Moving a desk: its export restored into a new estate (all verified, one transaction),
    // and onto a box of its own (sled); a second restore into a desk that has one is refused.
    let export = dir.path().join("export");
    let (ok, _, err) = run(&data, &["export", &export.display().to_string()]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(
        &data,
        &[
            "estate",
            "add",
            "DH02",
            "--name",
            "新址",
            "--postgres",
            &conninfo,
        ],
    );
    assert!(ok, "{err}");
    let dir_arg = export.display().to_string();
    let restore = [
        "restore",
        dir_arg.as_str(),
        "--postgres",
        &conninfo,
        "--estate",
        "DH02",
    ];
    let (ok, out, err) = run(&data, &restore);
    assert!(
        ok && out.contains("restored into estate DH02"),
        "{out}{err}"
    );
    let (ok, _, err) = run(&data, &restore);
    assert!(!ok && err.contains("already holds a desk"), "{err}");
    let moved = dir.path().join("moved");
    let _moved = Daemon::start_with(&moved, &["--postgres", &conninfo, "--estate", "DH02"]);
    let (ok, shown, err) = run(&moved, &["case", "show", &ticket]);
    assert!(ok && shown.contains("已联系楼上住户"), "{shown}{err}");
    let boxed = dir.path().join("boxed");
    let (ok, _, err) = run(
        &data,
        &["restore", &dir_arg, "--into", &boxed.display().to_string()],
    );
    assert!(ok, "{err}");
}
