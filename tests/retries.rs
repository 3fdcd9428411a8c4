//! Retries through the protocol, with identities injected in-process: a request retried
//! with its id (from a new connection, as after a lost reply) is applied once, and answered
//! with the first answer even where deciding it again would now be refused.

mod common;

use common::*;
use frontdesk::client::new_request_id;
use frontdesk::protocol::{req, CaseFilter, CaseStep, Request};

#[test]
fn a_retried_request_id_is_applied_once() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let id = new_request_id();
    let a = li
        .call_with_id(
            id,
            Request::CaseAdd(req::CaseAdd {
                draft: draft(cust, "漏水"),
            }),
        )
        .unwrap();
    // The same id from a new connection (the client reconnected after a lost reply).
    let mut again = d.client(LI, "li");
    let b = again
        .call_with_id(
            id,
            Request::CaseAdd(req::CaseAdd {
                draft: draft(cust, "漏水"),
            }),
        )
        .unwrap();
    assert_eq!(a, b);
    let rows = li
        .send(req::CaseList {
            filter: CaseFilter {
                customer: Some(cust),
                ..CaseFilter::default()
            },
        })
        .unwrap();
    assert_eq!(rows.rows.len(), 1);
}

/// A retry decided afresh may now be refused (its case is resolved already, by the first
/// try): the answer is the one stored for the first try, not the refusal. The store checks
/// the request's id inside the commit, so no look before deciding is needed.
#[test]
fn a_retry_that_would_now_be_refused_gets_the_first_answer() {
    let d = Desktop::staffed();
    let mut li = d.client(LI, "li");
    let cust = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    let t = add_case(&mut li, cust, "楼上漏水").ticket;
    tell_resident(&mut li, &t);
    let id = new_request_id();
    let resolve = || step(&t, CaseStep::Resolve(fixed("已修好")));
    let first = li.call_with_id(id, resolve()).unwrap();
    let mut again = d.client(LI, "li");
    let retried = again.call_with_id(id, resolve()).unwrap();
    assert_eq!(first, retried);
    // A new request to do the same is refused: the case is resolved.
    assert!(li.call(resolve()).is_err());
}
