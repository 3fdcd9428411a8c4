//! The wire from the daemon's side: raw frames a broken or hostile client might send, and
//! peers of another protocol version.

mod common;

use frontdesk::protocol::req;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;

use common::*;
use frontdesk::client::{Client, ClientError};
use frontdesk::domain::DeskError;
use frontdesk::protocol::{self, read_frame, write_frame, Hello, ServerMsg, Welcome};
use frontdesk::server::Caller;

fn raw(d: &Desktop) -> UnixStream {
    let (ours, theirs) = UnixStream::pair().unwrap();
    d.server().attach(
        theirs,
        Caller {
            uid: LI,
            username: "li".into(),
        },
    );
    ours
}

fn hello(version: u32) -> Vec<u8> {
    protocol::encode(&Hello {
        magic: protocol::MAGIC,
        version,
        client: "test".into(),
    })
}

#[test]
fn a_client_of_another_protocol_version_is_refused_with_a_clear_message() {
    let d = Desktop::staffed();
    let mut s = raw(&d);
    write_frame(&mut s, &hello(protocol::PROTOCOL_VERSION + 1)).unwrap();
    let w: Welcome = protocol::decode(&read_frame(&mut s, 1 << 20).unwrap()).unwrap();
    let why = w.refused.expect("refused");
    assert!(why.to_string().contains("protocol"), "{why}");
    // And the connection is closed.
    assert!(read_frame(&mut s, 1 << 20).is_err());
}

#[test]
fn a_daemon_of_another_protocol_version_is_reported_by_the_client() {
    let (ours, mut fake_daemon) = UnixStream::pair().unwrap();
    let t = std::thread::spawn(move || {
        let _ = read_frame(&mut fake_daemon, 1 << 20);
        let mut w = Vec::new();
        w.extend_from_slice(&protocol::MAGIC);
        w.extend_from_slice(&(protocol::PROTOCOL_VERSION + 1).to_le_bytes());
        w.extend_from_slice(b"whatever a newer daemon says next");
        write_frame(&mut fake_daemon, &w).unwrap();
    });
    match Client::handshake(ours) {
        Err(ClientError::Desk(DeskError::ProtocolMismatch(m))) => {
            assert!(m.to_string().contains("restart"), "{m}")
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("handshake should fail"),
    }
    t.join().unwrap();
}

#[test]
fn an_oversized_length_prefix_is_refused_before_allocation_and_the_daemon_stays_up() {
    let d = Desktop::staffed();
    let mut s = raw(&d);
    write_frame(&mut s, &hello(protocol::PROTOCOL_VERSION)).unwrap();
    let _welcome = read_frame(&mut s, 1 << 20).unwrap();
    s.write_all(&u32::MAX.to_be_bytes()).unwrap();
    let reply: ServerMsg = protocol::decode(&read_frame(&mut s, 1 << 20).unwrap()).unwrap();
    assert!(matches!(
        reply,
        ServerMsg::Reply {
            result: Err(DeskError::TooLarge(_)),
            ..
        }
    ));
    let mut li = d.client(LI, "li");
    add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
}

#[test]
fn garbage_and_truncated_frames_do_not_take_the_daemon_down() {
    let d = Desktop::staffed();
    for junk in [
        vec![0u8, 0, 0, 3, 1, 2, 3],
        vec![0, 0, 0, 50, 1, 2],
        b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        vec![],
    ] {
        let mut s = raw(&d);
        let _ = s.write_all(&junk);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = s.read_to_end(&mut sink);
    }
    // Garbage after a valid hello.
    let mut s = raw(&d);
    write_frame(&mut s, &hello(protocol::PROTOCOL_VERSION)).unwrap();
    let _ = read_frame(&mut s, 1 << 20).unwrap();
    write_frame(&mut s, &[0xff; 64]).unwrap();
    let reply: ServerMsg = protocol::decode(&read_frame(&mut s, 1 << 20).unwrap()).unwrap();
    assert!(matches!(reply, ServerMsg::Reply { result: Err(_), .. }));
    let mut li = d.client(LI, "li");
    add_customer(&mut li, "王芳", "13900002222", "5-1-302");
}

#[test]
fn a_newer_search_supersedes_older_ones_and_every_call_is_answered() {
    use frontdesk::client::new_request_id;
    use frontdesk::protocol::{ClientMsg, Reply, Request};
    let d = Desktop::staffed();
    let mut boss = d.client(BOSS, "boss");
    boss.send(req::Demo {
        customers: 3000,
        seed: 3,
        history_days: 0,
    })
    .unwrap();
    let mut s = raw(&d);
    write_frame(&mut s, &hello(protocol::PROTOCOL_VERSION)).unwrap();
    let _ = read_frame(&mut s, 1 << 20).unwrap();
    let typed = [
        "z", "zh", "zha", "zhan", "zhang", "zhangw", "zhangwe", "zhangwei",
    ];
    for (i, q) in typed.iter().enumerate() {
        let msg = ClientMsg::Call {
            id: i as u64 + 1,
            request_id: new_request_id(),
            estate: None,
            request: Request::CustomerFind(req::CustomerFind {
                query: q.to_string(),
                limit: 20,
            }),
        };
        write_frame(&mut s, &protocol::encode(&msg)).unwrap();
    }
    let mut answered = std::collections::BTreeMap::new();
    while answered.len() < typed.len() {
        let msg: ServerMsg = protocol::decode(&read_frame(&mut s, 1 << 24).unwrap()).unwrap();
        if let ServerMsg::Reply { id, result } = msg {
            answered.insert(id, result);
        }
    }
    for (id, result) in &answered {
        match result {
            Ok(Reply::Matches(_)) | Err(DeskError::Superseded) => {}
            other => panic!("call {id}: {other:?}"),
        }
    }
    // The newest keystroke is always answered in full.
    match &answered[&(typed.len() as u64)] {
        Ok(Reply::Matches(m)) => assert!(!m.is_empty()),
        other => panic!("{other:?}"),
    }
}
