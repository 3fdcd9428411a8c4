//! The rights table (`server::rights`): every request kind has exactly one row, and the
//! router applies it before any handler — searches and subscriptions included — so a Unix
//! user who is not registered staff learns nothing about residents.

mod common;

use common::*;
use frontdesk::client::{Client, ClientError};
use frontdesk::domain::DeskError;
use frontdesk::protocol::RequestKind;
use frontdesk::server::rights::{right, Access, RIGHTS};
use strum::IntoEnumIterator;

#[test]
fn every_request_kind_has_exactly_one_row_in_the_rights_table() {
    for kind in RequestKind::iter() {
        let rows = RIGHTS.iter().filter(|r| r.kind == kind).count();
        assert_eq!(
            rows, 1,
            "{kind:?} has {rows} rows in server::rights::RIGHTS"
        );
    }
    assert_eq!(RIGHTS.len(), RequestKind::iter().count());
}

#[test]
fn only_init_is_open_to_callers_the_desk_does_not_know() {
    let open: Vec<_> = RIGHTS
        .iter()
        .filter(|r| r.access == Access::Anyone)
        .map(|r| r.kind)
        .collect();
    assert_eq!(open, vec![RequestKind::Init]);
    assert_eq!(right(RequestKind::Export).unwrap().access, Access::Admin);
    assert_eq!(
        right(RequestKind::Changes).unwrap().access,
        Access::Supervisor
    );
}

fn refused_as_unregistered<T: std::fmt::Debug>(r: Result<T, ClientError>) {
    match r {
        Err(ClientError::Desk(DeskError::NotRegistered(why))) => {
            assert!(why.contains("not registered"), "{why}")
        }
        other => panic!("expected a not-registered refusal, got {other:?}"),
    }
}

/// R-REC-13: resident data is for staff. A local user who can reach the socket but is not
/// registered gets neither search results nor the live stream of new cases.
#[test]
fn an_unregistered_user_can_neither_search_nor_subscribe() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let customer = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    add_case(&mut li, customer, "楼上漏水");

    let mut stranger: Client = d.client(7777, "mallory");
    refused_as_unregistered(stranger.customer_find("zw", 10));
    refused_as_unregistered(stranger.customer_find("13800001102", 10));
    refused_as_unregistered(stranger.subscribe(0));
    refused_as_unregistered(stranger.stats());
    refused_as_unregistered(stranger.customer_show(customer));
    // The connection still answers (the refusal is per request, not a hang-up).
    refused_as_unregistered(stranger.customer_find("张", 1));
}

#[test]
fn a_clerk_is_refused_what_the_table_reserves_and_told_who_may() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    for r in [
        li.changes(0, 10).map(|_| ()),
        li.export(&d.dir.path().join("x")).map(|_| ()),
        li.staff_add(
            "eve",
            "夏娃",
            frontdesk::domain::Role::Clerk,
            "",
            Some(9999),
        )
        .map(|_| ()),
    ] {
        match r {
            Err(ClientError::Desk(DeskError::Forbidden(why))) => {
                assert!(why.contains("only a"), "{why}");
                assert!(why.contains("clerk"), "{why}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // A supervisor may read the audit trail.
    let mut boss = d.client(BOSS, "boss");
    assert!(boss.changes(0, 10).is_ok());
}
