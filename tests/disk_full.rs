//! A full disk, for real: the daemon on a small tmpfs (root only; skipped with a message
//! otherwise). Saves that cannot be made durable are refused with "storage unavailable",
//! nothing is falsely acknowledged, reads keep working, and every write acknowledged before
//! is there after a restart with room again. (A failing fsync is covered in-process by
//! `tests/desk.rs`, which injects the failure.)

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use frontdesk::client::{Client, ClientError};
use frontdesk::domain::DeskError;
use frontdesk::protocol::{Reply, Request};

struct Mount(std::path::PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .ok()?
            .success();
        ok.then(|| Mount(at.to_path_buf()))
    }

    fn resize(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_refuses_saves_keeps_reads_and_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&dir.path().join("small"), "12m") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root); the injected fsync failure test still runs");
        return;
    };
    let data = mount.0.join("desk");
    std::fs::create_dir_all(&data).unwrap();
    // No free-space floor, so the disk really fills.
    let mut daemon =
        common::Daemon::start_with(&data, &["--min-free-mib", "0", "--cache-mib", "4"]);
    let mut c = Client::connect(&daemon.socket).unwrap();
    c.call(Request::Init {
        name: "测试".into(),
    })
    .unwrap();
    let customer = common::add_customer(&mut c, "张伟", "13800001102", "3-2-1102");

    let filler = "漏".repeat(1300); // ~3.9 KiB, under the 4 KiB text cap
    let mut acked = Vec::new();
    let refusal = loop {
        let token = format!("n{} {filler}", acked.len());
        let t0 = Instant::now();
        match c.call(Request::CaseAdd(common::draft(customer, &token))) {
            Ok(Reply::Case(case)) => acked.push(case.ticket.0.clone()),
            Ok(other) => panic!("{other:?}"),
            Err(e) => break (e, t0.elapsed()),
        }
        assert!(acked.len() < 20_000, "a 12 MiB disk never filled");
    };
    eprintln!(
        "disk full after {} saves; refused in {} ms: {}",
        acked.len(),
        refusal.1.as_millis(),
        refusal.0
    );
    assert!(
        matches!(
            refusal.0,
            ClientError::Desk(DeskError::StorageUnavailable(_))
        ),
        "{:?}",
        refusal.0
    );
    let message = refusal.0.to_string();
    assert!(
        message.contains("storage unavailable") && message.contains("disk is full"),
        "{message}"
    );
    // Later saves are refused the same way; reads keep working.
    let again = c.call(Request::CaseAdd(common::draft(customer, "再来一次")));
    assert!(
        matches!(
            again,
            Err(ClientError::Desk(DeskError::StorageUnavailable(_)))
        ),
        "{again:?}"
    );
    let Reply::Case(first) = c.call(Request::CaseShow(acked[0].clone())).unwrap() else {
        panic!()
    };
    assert_eq!(first.ticket.0, acked[0]);
    assert!(matches!(
        c.call(Request::CustomerFind { query: "zw".into(), limit: 5 }).unwrap(),
        Reply::Matches(m) if !m.is_empty()
    ));

    // Room again, and a restart: everything acknowledged is there.
    daemon.kill9();
    mount.resize("64m");
    let daemon = common::Daemon::start_with(&data, &["--min-free-mib", "0"]);
    let mut c = Client::connect(&daemon.socket).unwrap();
    for t in &acked {
        match c.call(Request::CaseShow(t.clone())) {
            Ok(Reply::Case(_)) => {}
            other => panic!("{t} acknowledged but gone after restart: {other:?}"),
        }
    }
    // And the desk takes writes again.
    assert!(c
        .call(Request::CaseAdd(common::draft(customer, "恢复后")))
        .is_ok());
}
