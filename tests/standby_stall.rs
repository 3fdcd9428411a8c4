//! The standby stalls, and the desk does not lie. With the synchronous standby stopped
//! (SIGSTOP), a save waits: the screen making it, and every other screen, is told it waits
//! for the standby, and no acknowledgement is given until the standby answers. Everything
//! acknowledged after it resumes is there after a failover, and the administrator's status
//! names the server, the standby and the failover.

mod common;

use frontdesk::protocol::req;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::crash_work::connect;
use common::*;
use frontdesk::client::{Calls, Client, Pushed};
use frontdesk::domain::storage::Wait;
use frontdesk::domain::CustomerId;
use frontdesk::testkit::replicated::Pair;

/// Until the daemon (which reconnects by itself) reads `who` again.
fn read_back(socket: &std::path::Path, who: CustomerId) -> Client {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut c = connect(socket);
        if c.send(req::CustomerShow::of(who)).is_ok() {
            return c;
        }
        assert!(Instant::now() < deadline, "the daemon never read again");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_stopped_standby_holds_every_save_and_the_screens_say_so() {
    let mut pair = Pair::start().expect("a primary and a standby");
    let conninfo = pair.create_database("group").unwrap();
    frontdesk::store::PostgresStore::add_estate(&conninfo, "DH01", "东湖花园").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("box");
    lift_limits(&data);
    let daemon = Daemon::start_with(&data, &["--postgres", &conninfo, "--estate", "DH01"]);
    let mut admin = connect(&daemon.socket);
    admin
        .send(req::Init {
            name: "测试".into(),
        })
        .unwrap();

    // The administrator sees where the desk writes and that every save waits for a standby.
    let status = admin
        .send(req::DatabaseStatus {})
        .unwrap()
        .expect("a database");
    assert!(status.server.contains("node-a"), "{status:?}");
    assert!(status.is_synchronous(), "{status:?}");
    assert_eq!(status.standbys.len(), 1, "{status:?}");
    assert_eq!(status.standbys[0].sync_state, "sync");
    assert!(status.last_outage.is_none() && status.waiting.is_none());
    let before = add_customer(&mut admin, "暂停前", "13800000001", "1-1-101");

    let mut watcher = connect(&daemon.socket);
    watcher.subscribe(admin.welcome.last_seq).unwrap();
    pair.pause_standby().expect("SIGSTOP the standby");
    let (notices_tx, notices) = channel();
    let (saved_tx, saved) = channel();
    let socket = daemon.socket.clone();
    let writer = std::thread::spawn(move || {
        let mut c = connect(&socket);
        c.on_wait(Box::new(move |wait| {
            let _ = notices_tx.send(wait);
        }));
        let _ = saved_tx.send(add_customer(&mut c, "暂停中", "13800000002", "1-1-102"));
    });

    // The screen making the save is told why nothing has come back…
    assert_eq!(
        notices.recv_timeout(Duration::from_secs(30)),
        Ok(Some(Wait::Standby))
    );
    // …and is not told it is saved while the standby stays stopped.
    assert_eq!(
        saved.recv_timeout(Duration::from_secs(3)),
        Err(RecvTimeoutError::Timeout),
        "acknowledged while the standby was stopped"
    );
    // Every other screen hears it too.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(Pushed::Waiting(Some(Wait::Standby))) =
            watcher.next_pushed(Duration::from_millis(200)).unwrap()
        {
            break;
        }
        assert!(Instant::now() < deadline, "the other screen was not told");
    }

    pair.resume_standby().expect("SIGCONT the standby");
    let during = saved
        .recv_timeout(Duration::from_secs(60))
        .expect("saved once the standby answers");
    // The screen hears that saves go through again before it hears its answer.
    assert_eq!(notices.try_recv(), Ok(None));
    writer.join().unwrap();
    let after = add_customer(&mut admin, "恢复后", "13800000003", "1-1-103");

    // The primary's machine dies; the standby takes over; the daemon finds it by itself.
    pair.kill_primary().expect("kill the primary");
    pair.promote_standby().expect("promote the standby");
    let mut c = read_back(&daemon.socket, after);
    for (who, name) in [(before, "暂停前"), (during, "暂停中"), (after, "恢复后")] {
        assert_eq!(
            c.send(req::CustomerShow::of(who)).unwrap().customer.name,
            name
        );
    }
    let status = c.send(req::DatabaseStatus {}).unwrap().expect("a database");
    let outage = status.last_outage.clone().expect("the failover, recorded");
    assert!(outage.is_failover(), "{outage:?}");
    assert!(
        outage.from.contains("node-a") && outage.to.contains("node-b"),
        "{outage:?}"
    );
    assert!(status.server.contains("node-b"), "{status:?}");
    // The daemon's log tells the engineer on call each transition.
    let log = std::fs::read_to_string(data.join("daemon-test.log")).unwrap();
    for line in [
        "writing to the database at",
        "for the synchronous standby",
        "the save went through after",
        "lost the database connection",
        "failover: writing to",
    ] {
        assert!(log.contains(line), "the log lacks `{line}`:\n{log}");
    }
}
