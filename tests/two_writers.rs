//! The change log is the only event source: two desks on one store (clones of one
//! `MemoryStore`; two connections to one PostgreSQL estate) each see what the other wrote
//! exactly as they see their own — pushed to their screens once, in commit order, and in
//! their lookup index and open work.

mod common;

use frontdesk::protocol::req;
use std::time::{Duration, Instant};

use common::*;
use frontdesk::client::{Calls, Client, Pushed};
use frontdesk::domain::case::CaseView;
use frontdesk::domain::{ChangeRecord, NewCustomer, Policy, Ticket};
use frontdesk::protocol::CaseFilter;
use frontdesk::store::{MemoryStore, PostgresStore};
use frontdesk::testkit::{TestDesk, BOSS, LI, WANG};

fn desk_on(store: &MemoryStore, dir: &tempfile::TempDir) -> TestDesk {
    TestDesk::on_store(Box::new(store.clone()), dir.path(), Policy::default()).expect("desk")
}

/// Pushed changes until one has `operation`, or none within 10 s.
fn changes_until(watcher: &mut Client, operation: &str) -> Vec<ChangeRecord> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Some(Pushed::Change(c)) = watcher.next_pushed(Duration::from_millis(100)).unwrap() {
            let done = c.operation == operation;
            seen.push(c);
            if done {
                return seen;
            }
        }
    }
    panic!("no {operation} pushed within 10 s; saw {seen:?}");
}

/// Whether the open-cases view (the desk's open work) lists `ticket`.
fn listed_open(c: &mut Client, ticket: &Ticket) -> bool {
    c.send(req::CaseList {
        filter: CaseFilter {
            view: Some(CaseView::Open),
            limit: 500,
            ..CaseFilter::default()
        },
    })
    .unwrap()
    .rows
    .iter()
    .any(|r| r.ticket == ticket.0)
}

#[test]
fn a_change_written_by_another_desk_reaches_this_desks_screens_index_and_open_work() {
    let store = MemoryStore::new();
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = desk_on(&store, &dir_a).staff_up(20).expect("staff desk a");
    let b = desk_on(&store, &dir_b);
    each_sees_the_other(a, b);
}

/// Two daemons' desks on one PostgreSQL estate, each with its own connection.
#[test]
fn two_desks_on_one_postgresql_estate_follow_each_other() {
    let cluster = frontdesk::testkit::postgres::Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("group").unwrap();
    PostgresStore::add_estate(&conninfo, "E1", "东湖花园").unwrap();
    let open = |dir: &tempfile::TempDir| {
        let store = PostgresStore::open(&conninfo, "E1").unwrap();
        TestDesk::on_store(Box::new(store), dir.path(), Policy::default()).expect("desk")
    };
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = open(&dir_a).staff_up(20).expect("staff desk a");
    let b = open(&dir_b);
    each_sees_the_other(a, b);
}

fn each_sees_the_other(a: TestDesk, b: TestDesk) {
    let mut watcher = a.client(BOSS).unwrap();
    let start = watcher.welcome.last_seq;
    watcher.subscribe(start).unwrap();

    // Written through desk b only.
    let mut li_on_b = b.client(LI).unwrap();
    let who = li_on_b
        .send(req::CustomerAdd {
            customer: NewCustomer {
                name: "欧阳娜娜".into(),
                phones: vec!["13912345678".into()],
                units: vec!["9-1-901".into()],
                ..NewCustomer::default()
            },
        })
        .unwrap();
    let case = li_on_b
        .send(req::CaseAdd {
            draft: draft(who.id, "楼道灯不亮"),
        })
        .unwrap();

    // Desk a's screen is told, once each, in commit order.
    let pushed = changes_until(&mut watcher, "case.add");
    let ops: Vec<&str> = pushed.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(ops, ["customer.add", "case.add"], "{pushed:?}");
    assert!(pushed.windows(2).all(|w| w[1].seq == w[0].seq + 1));

    // Desk a's lookup index and open work followed.
    let mut wang_on_a = a.client(WANG).unwrap();
    let found = wang_on_a
        .send(req::CustomerFind {
            query: "欧阳娜娜".into(),
            limit: 5,
        })
        .unwrap();
    assert_eq!(found.first().map(|m| m.customer.id), Some(who.id));
    let mut boss_on_a = a.client(BOSS).unwrap();
    assert!(listed_open(&mut boss_on_a, &case.ticket));
    assert_eq!(
        wang_on_a
            .send(req::CaseShow::of(case.ticket.clone()))
            .unwrap(),
        case
    );

    // And the other way round: desk a's change reaches desk b's screens. The owner, at desk
    // a this time (R-LIFE-01: whoever received it resolves it), has replied (R-LIFE-02).
    let mut li_on_a = a.client(LI).unwrap();
    tell_resident(&mut li_on_a, &case.ticket);
    let mut watcher_b = b.client(BOSS).unwrap();
    watcher_b.subscribe(pushed.last().unwrap().seq).unwrap();
    li_on_a
        .send(req::CaseStep {
            ticket: case.ticket.clone(),
            base_version: None,
            step: frontdesk::protocol::CaseStep::Resolve(fixed("灯泡已换")),
        })
        .unwrap();
    let on_b = changes_until(&mut watcher_b, "case.resolve");
    let ops: Vec<&str> = on_b.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(ops, ["case.reply", "case.resolve"], "{on_b:?}");
    let mut boss_on_b = b.client(BOSS).unwrap();
    assert!(
        !listed_open(&mut boss_on_b, &case.ticket),
        "resolved is not open"
    );
    assert!(
        !listed_open(&mut boss_on_a, &case.ticket),
        "and desk a agrees"
    );
}
