//! Keys and radios through the binary (R-OPS-15): signed out to a colleague until a time,
//! listed while out, refused to a login the desk does not know, back in once with its
//! condition, then off the list.

mod common;

use common::*;

#[test]
fn r_ops_15_a_radio_goes_out_to_a_colleague_and_comes_back_once() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    let me = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let me = String::from_utf8_lossy(&me.stdout).trim().to_string();
    // `loan out` of radio #4 to `to` until `until`, and whatever else.
    let lend = |to: &str, until: &str, more: &[&str]| {
        let mut args = vec![
            "loan",
            "out",
            "--item",
            "对讲机 #4",
            "--to",
            to,
            "--until",
            until,
        ];
        args.extend_from_slice(more);
        run(&data, &args)
    };
    let (ok, _, err) = lend("nobody-here", "23:59", &[]);
    assert!(
        !ok && err.contains("to") && err.contains("staff username"),
        "{err}"
    );
    let (ok, _, err) = lend(&me, "2020-01-01 10:00", &[]);
    assert!(!ok && err.starts_with("frontdesk: until:"), "{err}");
    let (ok, out, err) = lend(&me, "2099-01-01 18:00", &["--condition", "电量满"]);
    assert!(ok, "{err}");
    let no = out.split_whitespace().next().unwrap().to_string();
    assert!(
        no.starts_with('K') && out.contains("out") && out.contains("电量满"),
        "{out}"
    );
    let (_, list, _) = run(&data, &["loan", "list"]);
    assert!(list.contains(&no), "{list}");
    let (ok, out, err) = run(&data, &["loan", "back", &no, "--condition", "天线松动"]);
    assert!(
        ok && out.contains("back") && out.contains("天线松动"),
        "{out}{err}"
    );
    let (ok, _, err) = run(&data, &["loan", "back", &no]);
    assert!(!ok && err.contains("already"), "{err}");
    let (_, list, _) = run(&data, &["loan", "list"]);
    assert!(list.contains("nothing out"), "{list}");
}

/// R-OPS-15 on either store: a loan is a paper like any other (its number, open while out):
/// two go out, the list holds both, the one back leaves it once, and a second return is
/// refused with nothing written.
fn r_ops_15_loans_are_kept_as_papers_on_either_store() {
    use frontdesk::client::{Calls, ClientError};
    use frontdesk::domain::DeskError;
    use frontdesk::protocol::req;
    use frontdesk::testkit::{LI, WANG};

    let d = Desktop::staffed();
    let mut li = d.client(LI.uid, LI.login);
    let due = chrono::Utc::now() + chrono::Duration::hours(8);
    let lend = |li: &mut frontdesk::client::Client, item: &str| {
        li.send(req::LoanOut {
            item: item.into(),
            to: WANG.login.into(),
            due,
            condition: "完好".into(),
        })
        .unwrap()
        .remove(0)
    };
    let radio = lend(&mut li, "对讲机 #4");
    let key = lend(&mut li, "3号楼天台钥匙");
    assert_ne!(radio.no, key.no);
    let out = li.send(req::LoanList {}).unwrap();
    assert_eq!(out.len(), 2, "{out:?}");
    let back = li
        .send(req::LoanBack {
            no: radio.no.clone(),
            condition: "天线松动".into(),
        })
        .unwrap();
    assert!(!back[0].is_out());
    let out = li.send(req::LoanList {}).unwrap();
    assert_eq!(out.iter().map(|l| &l.no).collect::<Vec<_>>(), [&key.no]);
    match li.send(req::LoanBack {
        no: radio.no.clone(),
        condition: "again".into(),
    }) {
        Err(ClientError::Desk(DeskError::Conflict { .. })) => {}
        other => panic!("a second return: {other:?}"),
    }
    assert_eq!(li.send(req::LoanList {}).unwrap().len(), 1);
}

on_both_stores!(r_ops_15_loans_are_kept_as_papers_on_either_store);
