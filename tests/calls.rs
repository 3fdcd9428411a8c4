//! The phone rings and the resident is already on screen: a ring at an extension is kept on
//! the caller's history and told to the operator who has that extension; the exchange's
//! hang-up puts its length on record; an unknown number is kept too. Both stores.

mod common;

use common::*;
use frontdesk::client::{Calls, ClientError};
use frontdesk::domain::call::CallId;
use frontdesk::domain::{DeskError, Field};
use frontdesk::protocol::req;
use frontdesk::testkit::{ADMIN, BOSS, LI, WANG};

fn set_ext(d: &Desktop, login: &str, ext: &str) -> Result<(), ClientError> {
    let mut admin = d.client(ADMIN.uid, ADMIN.login);
    admin.send(req::StaffSet::extension(login, ext)).map(|_| ())
}

fn ring(from: &str, ext: &str) -> req::CallRing {
    req::CallRing {
        from: from.into(),
        ext: ext.into(),
        line: None,
    }
}

fn r_rec_13_a_ring_is_kept_on_the_callers_history_for_the_operator_at_that_extension() {
    let d = Desktop::staffed();
    let mut li = d.client(LI.uid, LI.login);
    let zhang = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    case_add_for(&mut li, zhang);
    set_ext(&d, "li", "801").unwrap();
    // One extension rings one screen.
    let taken = set_ext(&d, "wang", "801").unwrap_err();
    assert!(
        matches!(&taken, ClientError::Desk(e) if e.field() == Some(Field::Ext)),
        "{taken}"
    );

    // The exchange presents the mobile with the country code; the record has it without.
    let mut wang = d.client(WANG.uid, WANG.login);
    let r = wang.send(ring("+86 138 0000 1102", "801")).unwrap();
    assert_eq!(r.call.to.map(|u| u.0), Some(LI.uid));
    assert_eq!(r.call.customers, vec![zhang]);
    assert_eq!(r.callers.len(), 1);
    assert_eq!(r.callers[0].customer.name, "张伟");
    assert_eq!(r.callers[0].customer.units, vec!["3-2-1102".to_string()]);
    assert_eq!(r.callers[0].open_cases, 1);
    assert!(
        r.callers[0].last_contact.is_some(),
        "the case was just taken in"
    );

    // What Li's screen asks when the ring's change reaches it.
    let shown = li.send(req::CallShow { id: r.call.id }).unwrap();
    assert_eq!(shown, r);
    // R-REC-13: the pop-up's look at the caller is on record, as a search by the number.
    let mut boss = d.client(BOSS.uid, BOSS.login);
    let looks = access_by(&mut boss, "li");
    assert!(
        looks.iter().any(|l| l.what
            == frontdesk::domain::Access::Search {
                query: "13800001102".into(),
                hits: 1
            }),
        "{looks:?}"
    );
    // The hang-up puts the length on record, once.
    let ended = wang.send(req::CallEnd { id: r.call.id }).unwrap();
    assert!(ended.ended.is_some());
    assert!(ended.seconds().is_some());
    let again = wang.send(req::CallEnd { id: r.call.id }).unwrap();
    assert_eq!(again.ended, ended.ended, "the first end stands");
    // The card lists it.
    let card = li
        .send(req::CustomerShow {
            id: zhang,
            reason: None,
        })
        .unwrap();
    assert_eq!(card.calls.len(), 1);
    assert_eq!(card.calls[0].id, r.call.id);
    assert_eq!(card.calls[0].ext, "801");

    // A second call: newest first on the card, and its last contact is the first call.
    let second = wang.send(ring("13800001102", "801")).unwrap();
    assert!(second.callers[0].last_contact >= Some(r.call.at));
    let card = li
        .send(req::CustomerShow {
            id: zhang,
            reason: None,
        })
        .unwrap();
    let ids: Vec<CallId> = card.calls.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![second.call.id, r.call.id]);
}

fn an_unknown_number_or_extension_is_kept_and_a_bad_number_writes_nothing() {
    let d = Desktop::staffed();
    let mut li = d.client(LI.uid, LI.login);
    add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
    // Nobody has the number: kept, so "new resident" starts with it.
    let unknown = li.send(ring("139-1234-5678", "899")).unwrap();
    assert!(unknown.callers.is_empty());
    assert_eq!(unknown.call.from, "13912345678");
    assert_eq!(unknown.call.to, None, "nobody has extension 899");
    // A number ending alike is another line.
    let alike = li.send(ring("13900001102", "899")).unwrap();
    assert!(alike.callers.is_empty(), "{alike:?}");

    let mut admin = d.client(ADMIN.uid, ADMIN.login);
    let before = admin.send(req::Changes {
        after_seq: 0,
        limit: 1000,
    });
    for (from, ext, field) in [
        ("not a number", "801", Field::Caller),
        ("13800001102", "80\u{1b}[2J1", Field::Ext),
        ("13800001102", "", Field::Ext),
    ] {
        match li.send(ring(from, ext)) {
            Err(ClientError::Desk(e)) => assert_eq!(e.field(), Some(field), "{e}"),
            other => panic!("{from:?} at {ext:?}: {other:?}"),
        }
    }
    let after = admin.send(req::Changes {
        after_seq: 0,
        limit: 1000,
    });
    assert_eq!(
        before.unwrap().len(),
        after.unwrap().len(),
        "nothing written"
    );
    match li.send(req::CallEnd { id: CallId(4242) }) {
        Err(ClientError::Desk(DeskError::Validation { field, .. })) => {
            assert_eq!(field, Field::Call)
        }
        other => panic!("{other:?}"),
    }
}

/// A complaint taken in for `who` now.
fn case_add_for(c: &mut frontdesk::client::Client, who: frontdesk::domain::CustomerId) {
    c.send(req::CaseAdd {
        draft: draft(who, "楼上漏水"),
    })
    .unwrap();
}

on_both_stores!(
    r_rec_13_a_ring_is_kept_on_the_callers_history_for_the_operator_at_that_extension,
    an_unknown_number_or_extension_is_kept_and_a_bad_number_writes_nothing,
);
