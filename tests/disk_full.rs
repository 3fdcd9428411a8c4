//! A full disk, for real: the daemon on a small tmpfs (root only; skipped with a message
//! otherwise). Saves that cannot be made durable are refused with "storage unavailable",
//! nothing is falsely acknowledged, reads keep working, and every write acknowledged before
//! is there after a restart with room again. (A failing fsync is covered in-process by
//! `tests/desk.rs`, which injects the failure.)

mod common;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use frontdesk::client::{Client, ClientError};
use frontdesk::domain::DeskError;

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

/// Fills the disk with saves until one is refused; (acknowledged tickets, refusal).
fn fill(
    c: &mut Client,
    customer: frontdesk::domain::CustomerId,
) -> (Vec<frontdesk::domain::Ticket>, ClientError) {
    let filler = "漏".repeat(1300); // ~3.9 KiB, under the 4 KiB text cap
    let mut acked = Vec::new();
    loop {
        let token = format!("n{} {filler}", acked.len());
        let t0 = Instant::now();
        match c.send(req::CaseAdd {
            draft: common::draft(customer, &token),
        }) {
            Ok(case) => acked.push(case.ticket.clone()),
            Err(e) => {
                eprintln!(
                    "refused after {} saves, in {} ms: {e}",
                    acked.len(),
                    t0.elapsed().as_millis()
                );
                return (acked, e);
            }
        }
        assert!(acked.len() < 20_000, "a 12 MiB disk never filled");
    }
}

fn is_unavailable<T>(r: &Result<T, ClientError>) -> bool {
    matches!(r, Err(ClientError::Desk(DeskError::StorageUnavailable(_))))
}

/// Every acknowledged ticket is there after a restart with room on the disk.
fn all_there_after_restart(
    mount: &Mount,
    data: &Path,
    mut daemon: common::Daemon,
    acked: &[frontdesk::domain::Ticket],
) {
    daemon.kill9();
    mount.resize("64m");
    let daemon = common::Daemon::start_with(data, &["--min-free-mib", "0"]);
    let mut c = Client::connect(&daemon.socket).unwrap();
    for t in acked {
        match c.send(req::CaseShow::of(t.clone())) {
            Ok(_) => {}
            other => panic!("{t} acknowledged but gone after restart: {other:?}"),
        }
    }
    let m = c
        .send(req::CustomerFind {
            query: "zw".into(),
            limit: 1,
        })
        .unwrap();
    // And the desk takes writes again.
    assert!(c
        .send(req::CaseAdd {
            draft: common::draft(m[0].customer.id, "恢复后")
        })
        .is_ok());
}

fn desk_on_tmpfs(
    serve_args: &[&str],
) -> Option<(
    tempfile::TempDir,
    Mount,
    PathBuf,
    common::Daemon,
    Client,
    frontdesk::domain::CustomerId,
)> {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&dir.path().join("small"), "12m") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root); the injected fsync failure test in tests/desk.rs still runs");
        return None;
    };
    let data = mount.0.join("desk");
    std::fs::create_dir_all(&data).unwrap();
    // Filling the disk as fast as it goes is what the request-rate cap exists to stop.
    common::lift_limits(&data);
    let daemon = common::Daemon::start_with(&data, serve_args);
    let mut c = Client::connect(&daemon.socket).unwrap();
    c.send(req::Init {
        name: "测试".into(),
    })
    .unwrap();
    let customer = common::add_customer(&mut c, "张伟", "13800001102", "3-2-1102");
    Some((dir, mount, data, daemon, c, customer))
}

/// The designed defence: the free-space floor refuses saves while there is still room, so
/// the store never meets a full disk and reads keep working.
#[test]
fn the_free_space_floor_refuses_saves_before_the_disk_fills_and_reads_keep_working() {
    let Some((_dir, mount, data, daemon, mut c, customer)) =
        desk_on_tmpfs(&["--min-free-mib", "4", "--cache-mib", "4"])
    else {
        return;
    };
    let (acked, refusal) = fill(&mut c, customer);
    let message = refusal.to_string();
    assert!(
        message.contains("storage unavailable") && message.contains("below the 4 MiB floor"),
        "{message}"
    );
    assert!(is_unavailable(&c.send(req::CaseAdd {
        draft: common::draft(customer, "再来一次")
    })));
    // Reads keep working.
    assert!(c.send(req::CaseShow::of(acked[0].clone())).is_ok());
    assert!(matches!(
        c.send(req::CustomerFind { query: "zw".into(), limit: 5 }),
        Ok(m) if !m.is_empty()
    ));
    all_there_after_restart(&mount, &data, daemon, &acked);
}

/// Without a floor the disk really fills under sled. The save that meets it is refused as
/// storage unavailable (never acknowledged), the daemon refuses every later save, and after
/// a restart with room everything acknowledged is there. (sled may also fail reads until the
/// restart once a write of its own has failed; the floor above is what keeps reads up.)
#[test]
fn a_disk_that_really_fills_refuses_saves_and_loses_nothing_acknowledged() {
    let Some((_dir, mount, data, daemon, mut c, customer)) =
        desk_on_tmpfs(&["--min-free-mib", "0", "--cache-mib", "4"])
    else {
        return;
    };
    let (acked, refusal) = fill(&mut c, customer);
    let message = refusal.to_string();
    assert!(
        message.contains("storage unavailable") && message.contains("disk is full"),
        "{message}"
    );
    assert!(is_unavailable(&c.send(req::CaseAdd {
        draft: common::draft(customer, "再来一次")
    })));
    all_there_after_restart(&mount, &data, daemon, &acked);
}
