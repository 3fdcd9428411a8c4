//! The database stopped in immediate mode under load, then started again: the estate daemon
//! (the real binary) stays up, refuses the writes in flight as "storage unavailable", comes
//! back by itself when the database does, and every save retried with its request id is
//! applied exactly once — nothing acknowledged lost, nothing applied twice.

mod common;

use frontdesk::protocol::req;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use frontdesk::client::{new_request_id, Calls, Client, ClientError};
use frontdesk::domain::DeskError;
use frontdesk::protocol::{CaseFilter, Request};
use frontdesk::testkit::postgres::Cluster;

/// Joins the outage thread even when the test fails, so that its hold on the cluster is
/// let go and the cluster's drop stops the server (declared after the cluster: dropped first).
struct JoinOnDrop(Option<std::thread::JoinHandle<()>>);

impl Drop for JoinOnDrop {
    fn drop(&mut self) {
        if let Some(t) = self.0.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn a_database_outage_loses_nothing_acknowledged_and_applies_nothing_twice() {
    let cluster = Arc::new(Cluster::start().expect("a PostgreSQL cluster"));
    let conninfo = cluster.create_database("group").unwrap();
    frontdesk::store::PostgresStore::add_estate(&conninfo, "DH01", "东湖花园").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("desk");
    std::fs::create_dir_all(&data).unwrap();
    lift_limits(&data);
    let _daemon = Daemon::start_with(&data, &["--postgres", &conninfo, "--estate", "DH01"]);
    assert!(run(&data, &["init"]).0);
    let (ok, _, err) = run(&data, &ADD_ZHANG_WEI);
    assert!(ok, "{err}");
    let socket = data.join("frontdesk.sock");
    let who = frontdesk::domain::CustomerId(1);

    // The outage, while the saves below are under way.
    let outage_done = Arc::new(AtomicBool::new(false));
    let mut outage = JoinOnDrop(Some({
        let (cluster, done) = (cluster.clone(), outage_done.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            cluster.stop_immediately().expect("stop the database");
            std::thread::sleep(Duration::from_millis(1500));
            cluster.start_again().expect("start the database again");
            done.store(true, Ordering::SeqCst);
        })
    }));
    let mut c = Client::connect(&socket).unwrap();
    let (mut saved, mut refused) = (0, 0);
    let started = Instant::now();
    let mut i = 0;
    while !outage_done.load(Ordering::SeqCst) || i < saved.max(40) {
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        let request_id = new_request_id();
        let draft = draft(who, &format!("停水 #{i}"));
        // Retried with the same id until it is answered: applied once whatever happened.
        loop {
            match c.call_with_id(
                request_id,
                Request::CaseAdd(req::CaseAdd {
                    draft: draft.clone(),
                }),
            ) {
                Ok(_) => break,
                Err(ClientError::Desk(DeskError::StorageUnavailable(why))) => {
                    assert!(why.to_string().contains("database"), "{why}");
                    refused += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => panic!("save {i}: {e}"),
            }
        }
        saved += 1;
        i += 1;
    }
    outage.0.take().unwrap().join().unwrap();
    assert!(
        refused > 0,
        "the outage refused no write: it proved nothing"
    );

    // Every save is there exactly once.
    let mut descriptions = Vec::new();
    let mut after = None;
    loop {
        let page = c
            .send(req::CaseList {
                filter: CaseFilter {
                    customer: Some(who),
                    after: after.clone(),
                    limit: 200,
                    ..CaseFilter::default()
                },
            })
            .unwrap();
        after = page
            .rows
            .last()
            .map(|r| frontdesk::domain::Ticket(r.ticket.clone()));
        for row in &page.rows {
            descriptions.push(
                c.send(req::CaseShow::of(
                    frontdesk::domain::Ticket(row.ticket.clone()).clone(),
                ))
                .unwrap()
                .description,
            );
        }
        if !page.more {
            break;
        }
    }
    for n in 0..saved {
        let text = format!("停水 #{n}");
        let copies = descriptions.iter().filter(|d| **d == text).count();
        assert_eq!(copies, 1, "{text} saved {copies} times");
    }
    assert_eq!(descriptions.len(), saved as usize, "nothing unasked for");
}
