//! Arbitrary bytes as a client's whole conversation with a live in-process daemon: after
//! each input the daemon must still answer a well-formed client.
#![no_main]

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::OnceLock;

use frontdesk::client::Client;
use frontdesk::domain::Policy;
use frontdesk::protocol::Request;
use frontdesk::server::{Caller, Desk, Server};
use frontdesk::store::StoreConfig;
use libfuzzer_sys::fuzz_target;

fn server() -> &'static Server {
    static SERVER: OnceLock<(tempfile::TempDir, Server)> = OnceLock::new();
    &SERVER
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let desk = Desk::open(dir.path(), StoreConfig::default(), Policy::default()).unwrap();
            let server = Server::new(desk);
            let mut c = Client::handshake(server.attach_pair(caller()).unwrap()).unwrap();
            c.call(Request::Init { name: "fuzz".into() }).unwrap();
            (dir, server)
        })
        .1
}

fn caller() -> Caller {
    Caller { uid: 1, username: "fuzz".into() }
}

fuzz_target!(|data: &[u8]| {
    let s = server();
    let (mut ours, theirs) = UnixStream::pair().unwrap();
    s.attach(theirs, caller());
    let _ = ours.write_all(data);
    drop(ours);
    let mut c = Client::handshake(s.attach_pair(caller()).unwrap()).expect("the daemon still answers");
    c.call(Request::Stats).expect("and still serves");
});
