//! Reads on record (R-REC-13/14): card views, case views, searches, exports and audit reads
//! land in the access log with who, when and why, supervisors read it, and it is pruned
//! after the retention. And the socket's limits: a per-user connection cap and a
//! per-connection request rate, each refusal naming the limit, while other operators keep
//! being served.

mod common;

use frontdesk::protocol::req;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeZone;
use common::*;
use frontdesk::client::{Calls, Client, ClientError};
use frontdesk::domain::{Access, DeskError, Policy, StaffId};
use frontdesk::testkit::{self, TestDesk};

#[test]
fn r_rec_13_looks_at_personal_data_are_on_record_with_who_when_and_why() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let case = add_case(&mut li, customer, "楼上漏水");
    li.send(req::CustomerShow {
        id: customer,
        reason: Some("住户来电询问进度".into()),
    })
    .unwrap();
    li.send(req::CaseShow::of(case.ticket.clone())).unwrap();
    // Typed keystroke by keystroke: kept as the last query.
    for q in ["z", "zw"] {
        li.send(req::CustomerFind {
            query: q.into(),
            limit: 10,
        })
        .unwrap();
    }
    let mut wang = d.client(WANG, "wang");
    wang.send(req::CustomerFind {
        query: "13800001102".into(),
        limit: 10,
    })
    .unwrap();

    // Clerks do not read the log; supervisors do, filtered by reader or resident.
    assert!(matches!(
        li.send(req::AccessLog {
            staff: None,
            customer: None,
            since: None,
            limit: 100
        }),
        Err(ClientError::Desk(DeskError::Forbidden(_)))
    ));
    let mut boss = d.client(BOSS, "boss");
    let lis = access_by(&mut boss, "li");
    assert!(lis.iter().all(|r| r.by == StaffId(LI)));
    assert!(lis.iter().any(
        |r| r.what == Access::Card(customer) && r.reason.as_deref() == Some("住户来电询问进度")
    ));
    assert!(lis.iter().any(|r| matches!(&r.what,
        Access::Case { ticket, customer: c } if *ticket == case.ticket && *c == customer)));
    let searches: Vec<_> = lis
        .iter()
        .filter_map(|r| match &r.what {
            Access::Search { query, hits } => Some((query.clone(), *hits)),
            _ => None,
        })
        .collect();
    assert_eq!(searches, vec![("zw".to_string(), 1)], "{lis:?}");
    let about_him = boss
        .send(req::AccessLog {
            staff: None,
            customer: Some(customer),
            since: None,
            limit: 100,
        })
        .unwrap();
    assert_eq!(about_him.len(), 2, "the card and the case: {about_him:?}");
    let wangs = access_by(&mut boss, "wang");
    assert!(matches!(&wangs[0].what, Access::Search { query, hits: 1 } if query == "13800001102"));
    // Reading the logs is itself on record.
    boss.send(req::Changes {
        after_seq: 0,
        limit: 10,
    })
    .unwrap();
    let boss_reads = access_by(&mut boss, "boss");
    assert!(boss_reads.iter().any(|r| r.what == Access::ChangeTrail));
    assert!(boss_reads.iter().any(|r| r.what == Access::AccessLog));
    // A reason with control characters is refused by field, like any text.
    assert!(matches!(
        li.send(req::CustomerShow {
            id: customer,
            reason: Some("a\u{1b}[2Jb".into())
        }),
        Err(ClientError::Desk(DeskError::Validation { .. }))
    ));
}

#[test]
fn the_access_log_is_pruned_after_its_retention() {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy {
        access_retention_days: 30,
        ..Policy::default()
    };
    let start = chrono::Utc.with_ymd_and_hms(2026, 11, 1, 2, 0, 0).unwrap();
    let days = Arc::new(AtomicI64::new(0));
    let clock_days = days.clone();
    let desk = TestDesk::with_clock(
        dir.path(),
        policy,
        Arc::new(move || start + chrono::Duration::days(clock_days.load(Ordering::SeqCst))),
    )
    .unwrap();
    let mut admin = desk.client(testkit::ADMIN).unwrap();
    admin
        .send(req::Init {
            name: "管理员".into(),
        })
        .unwrap();
    let customer = add_customer(&mut admin, "张伟", "13800001102", "3-2-1102");
    admin.send(req::CustomerShow::of(customer)).unwrap();
    assert_eq!(
        admin
            .send(req::AccessLog {
                staff: None,
                customer: Some(customer),
                since: None,
                limit: 10
            })
            .unwrap()
            .len(),
        1
    );

    days.store(29, Ordering::SeqCst);
    admin.send(req::CustomerShow::of(customer)).unwrap();
    assert_eq!(
        admin
            .send(req::AccessLog {
                staff: None,
                customer: Some(customer),
                since: None,
                limit: 10
            })
            .unwrap()
            .len(),
        2,
        "29 days old: kept"
    );
    days.store(45, Ordering::SeqCst);
    let kept = admin
        .send(req::AccessLog {
            staff: None,
            customer: Some(customer),
            since: None,
            limit: 10,
        })
        .unwrap();
    assert_eq!(
        kept.len(),
        1,
        "only the look from day 29 is within 30 days: {kept:?}"
    );
    assert_eq!(kept[0].at, start + chrono::Duration::days(29));
}

#[test]
fn one_user_may_hold_only_so_many_connections_and_is_told_which_limit() {
    let d = Desktop::staffed_with(Policy {
        max_connections_per_uid: 3,
        ..Policy::default()
    });
    let held: Vec<_> = (0..3).map(|_| d.client(LI, "li")).collect();
    match d.try_client(LI, "li") {
        Err(ClientError::Desk(DeskError::TooManyRequests(why))) => {
            assert!(
                why.to_string().contains("max_connections_per_uid = 3"),
                "{why}"
            )
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    // Others are unaffected, and a closed connection frees its place at once.
    assert!(d.try_client(WANG, "wang").is_ok());
    drop(held);
    assert!(d.try_client(LI, "li").is_ok());
}

#[test]
fn a_flooding_connection_is_refused_while_other_operators_are_served() {
    let d = Desktop::staffed_with(Policy {
        max_requests_per_second: 20,
        ..Policy::default()
    });
    let mut flooders: Vec<Client> = (0..3).map(|_| d.client(WANG, "wang")).collect();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let threads: Vec<_> = flooders
        .drain(..)
        .map(|mut c| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let (mut ok, mut refused) = (0u64, 0u64);
                while !stop.load(Ordering::Relaxed) {
                    match c.send(req::Stats {}) {
                        Ok(_) => ok += 1,
                        Err(ClientError::Desk(DeskError::TooManyRequests(why))) => {
                            assert!(why.to_string().contains("max_requests_per_second"), "{why}");
                            refused += 1;
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
                (ok, refused)
            })
        })
        .collect();
    // A counter operator at a human pace, well inside the limit, is never refused.
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let mut refused_for_li = 0;
    for i in 0..25 {
        let r = if i % 5 == 0 {
            li.send(req::CaseAdd {
                draft: draft(customer, "楼上漏水"),
            })
            .map(|_| ())
        } else {
            li.send(req::CustomerFind {
                query: "zw".into(),
                limit: 10,
            })
            .map(|_| ())
        };
        if matches!(r, Err(ClientError::Desk(DeskError::TooManyRequests(_)))) {
            refused_for_li += 1;
        }
        std::thread::sleep(Duration::from_millis(80));
    }
    stop.store(true, Ordering::Relaxed);
    let (ok, refused) = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
    eprintln!("flood: served {ok}, refused {refused}; the operator beside it: 25 served, {refused_for_li} refused");
    assert_eq!(refused_for_li, 0);
    assert!(
        refused > ok,
        "the flood was refused: served {ok}, refused {refused}"
    );
}
