//! The shared box for real-user tests: a daemon whose socket is open to a test group, and
//! the real binary run as one of its users (`runuser`), who the kernel names by SO_PEERCRED.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the real binary as `user` against `socket`; (success, stdout, stderr).
pub fn as_user(user: &str, socket: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new("runuser")
        .args(["-u", user, "--"])
        .arg(super::bin())
        .arg("--socket")
        .arg(socket)
        .args(args)
        .env("HOME", "/nonexistent")
        .output()
        .expect("runuser");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The shared box's layout (contrib/frontdesk.socket) in a temp dir: the socket's directory
/// open to everyone, the socket 0660 to the test group, the data dir private to the daemon.
pub struct SharedBox {
    _dir: tempfile::TempDir,
    pub data: PathBuf,
    pub socket: PathBuf,
    _daemon: super::Daemon,
}

impl SharedBox {
    pub fn start(group: &str) -> SharedBox {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let run_dir: PathBuf = dir.path().join("run");
        std::fs::create_dir_all(&run_dir).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&run_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let socket = run_dir.join("frontdesk.sock");
        let daemon = super::Daemon::start_at(&data, &socket, &[]);
        assert!(Command::new("chgrp")
            .arg(group)
            .arg(&socket)
            .status()
            .unwrap()
            .success());
        SharedBox {
            _dir: dir,
            data,
            socket,
            _daemon: daemon,
        }
    }
}
