//! The exchange's bridge end to end, through the real binaries: a stand-in that speaks the
//! Asterisk Manager Interface as documented (the greeting line, `Action: Login` answered
//! `Response: Success`, then `Key: Value` events each ended by a blank line) plays a PBX;
//! `frontdesk pbx ami` follows it; the operator with extension 801 has the counter screen
//! open in tmux, idle on Lookup, and the caller's card and pop-up come up without a key.
//! The hang-up puts the call's length on the card. A wrong secret is refused by name.
//! Skips the screen part (with a message) when tmux is missing; `.ci/run` installs it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::tmux::Tmux;

/// The bridge process, killed when the test ends, passed or failed.
struct Bridge(Child);

impl Drop for Bridge {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn bridge(data: &Path, port: u16, secret_file: &Path) -> Bridge {
    let child = Command::new(common::bin())
        .args(["--data"])
        .arg(data)
        .args(["pbx", "ami", "--host", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .args(["--user", "frontdesk", "--secret-file"])
        .arg(secret_file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the bridge");
    Bridge(child)
}

/// One AMI message from the bridge (up to its blank line).
fn read_message(r: &mut impl BufRead) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return out;
        }
        let l = line.trim_end();
        if l.is_empty() {
            return out;
        }
        if let Some((k, v)) = l.split_once(':') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
}

/// The stand-in exchange: greets, checks the login against `secret`, then sends each batch
/// of events `batches` hands it, until the test is done.
fn exchange(listener: TcpListener, secret: &'static str, batches: mpsc::Receiver<String>) {
    let (stream, _) = listener.accept().expect("the bridge connects");
    let mut w: TcpStream = stream.try_clone().unwrap();
    let mut r = BufReader::new(stream);
    w.write_all(b"Asterisk Call Manager/6.0.0\r\n").unwrap();
    let login = read_message(&mut r);
    let get = |k: &str| {
        login
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get("Action").as_deref(), Some("Login"), "{login:?}");
    let id = get("ActionID").unwrap_or_default();
    if get("Username").as_deref() != Some("frontdesk") || get("Secret").as_deref() != Some(secret) {
        let _ = w.write_all(
            format!("Response: Error\r\nActionID: {id}\r\nMessage: Authentication failed\r\n\r\n")
                .as_bytes(),
        );
        return;
    }
    w.write_all(
        format!("Response: Success\r\nActionID: {id}\r\nMessage: Authentication accepted\r\n\r\n")
            .as_bytes(),
    )
    .unwrap();
    w.write_all(b"Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n")
        .unwrap();
    for batch in batches {
        if w.write_all(batch.as_bytes()).is_err() {
            return;
        }
    }
}

/// A call from 138 0000 1102 at extension 801, as Asterisk 18 says it: a queue's dial to a
/// `Local/` channel first (plumbing, passed over), then the dial to the phone itself.
const RINGING: &str = "Event: Newchannel\r\nChannel: PJSIP/trunk-00000001\r\nCallerIDNum: 13800001102\r\nUniqueid: 1733.1\r\n\r\n\
Event: DialBegin\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000001\r\nCallerIDNum: 13800001102\r\nContext: from-trunk\r\nUniqueid: 1733.1\r\nDestChannel: Local/801@from-queue-00000003;1\r\nDestUniqueid: 1733.2\r\n\r\n\
Event: DialBegin\r\nPrivilege: call,all\r\nChannel: Local/801@from-queue-00000003;2\r\nChannelStateDesc: Ring\r\nCallerIDNum: 13800001102\r\nConnectedLineNum: <unknown>\r\nContext: from-queue\r\nUniqueid: 1733.3\r\nDestChannel: PJSIP/801-0000002a\r\nDestChannelStateDesc: Down\r\nDestCallerIDNum: 801\r\nDestConnectedLineNum: 13800001102\r\nDestExten: 801\r\nDestUniqueid: 1733.4\r\nDialString: 801\r\n\r\n";

const HANGUP: &str = "Event: DialEnd\r\nChannel: Local/801@from-queue-00000003;2\r\nDestUniqueid: 1733.4\r\nDialStatus: ANSWER\r\n\r\n\
Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/801-0000002a\r\nUniqueid: 1733.4\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n\r\n";

fn my_login(data: &Path) -> String {
    let out = common::run_ok(data, &["--json", "staff", "list"]);
    let staff: serde_json::Value = serde_json::from_str(&out).unwrap();
    staff[0]["username"].as_str().unwrap().to_string()
}

/// Polls `customer show C1` until it shows `text`; its output.
fn card_shows(data: &Path, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = common::run_ok(data, &["customer", "show", "C1"]);
        if out.contains(text) {
            return out;
        }
        assert!(
            Instant::now() < deadline,
            "the card never showed {text:?}:\n{out}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_ring_at_the_exchange_puts_the_caller_on_the_operators_screen() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("desk");
    let _daemon = common::desk_with_zhang_wei(&data);
    let me = my_login(&data);
    common::run_ok(&data, &["staff", "set", &me, "--ext", "801"]);

    // The operator's screen, idle on Lookup, in tmux (when there is tmux).
    let screen = (!Tmux::missing()).then(|| {
        let cmd = format!(
            "env LANG=C.UTF-8 TERM=xterm-256color {} --data {} --lang en",
            common::bin().display(),
            data.display()
        );
        let tmux = Tmux::start("pbx", "desk", &cmd);
        tmux.wait_for("desk", "Search");
        tmux
    });

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (send, batches) = mpsc::channel();
    let pbx = std::thread::spawn(move || exchange(listener, "s3cret", batches));
    let secret = dir.path().join("ami.secret");
    std::fs::write(&secret, "s3cret\n").unwrap();
    let _bridge = bridge(&data, port, &secret);

    send.send(RINGING.to_string()).unwrap();
    if let Some(tmux) = &screen {
        // No key pressed: the card and the pop-up.
        let shown = tmux.wait_for("desk", "Call from 138 0000 1102");
        assert!(shown.contains("张伟"), "{shown}");
        assert!(shown.contains("3-2-1102"), "{shown}");
        assert!(shown.contains("History"), "the card is open:\n{shown}");
    }
    let card = card_shows(&data, "call #1 from 13800001102 at 801");
    assert!(
        !card.contains("call #2"),
        "the Local/ leg rang nobody:\n{card}"
    );

    send.send(HANGUP.to_string()).unwrap();
    let card = card_shows(&data, " s\n");
    assert!(card.contains("call #1 from 13800001102 at 801, "), "{card}");
    if let Some(tmux) = &screen {
        tmux.wait_for("desk", "hung up after");
    }
    drop(send);
    drop(screen);
    let _ = pbx.join();
}

#[test]
fn a_wrong_secret_is_refused_naming_the_user_and_where_to_look() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("desk");
    let _daemon = common::desk_with_zhang_wei(&data);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (_send, batches) = mpsc::channel::<String>();
    let pbx = std::thread::spawn(move || exchange(listener, "the-right-one", batches));
    let secret = dir.path().join("ami.secret");
    std::fs::write(&secret, "a-wrong-one\n").unwrap();
    let mut b = bridge(&data, port, &secret);
    pbx.join().unwrap();
    let mut err = BufReader::new(b.0.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(
        line.contains("refused the login of frontdesk: Authentication failed")
            && line.contains("manager.conf"),
        "{line}"
    );
    // An empty secret file is refused before anything is sent.
    std::fs::write(&secret, "\n").unwrap();
    let (ok, _, err) = common::run(
        &data,
        &[
            "pbx",
            "ami",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--user",
            "frontdesk",
            "--secret-file",
            secret.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("--secret-file") && err.contains("holds no secret"),
        "{err}"
    );
}
