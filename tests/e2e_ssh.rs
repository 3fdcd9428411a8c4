//! The shared box for real: OpenSSH's sshd on a loopback port with a throwaway host key, two
//! test users logging in with their own keys (`ssh -tt`), each running `frontdesk` in a tmux
//! window. The daemon names each by SO_PEERCRED; one registers a case, the other sees it
//! appear live. Needs root (to create users), sshd, ssh and tmux — `.ci/run` installs
//! openssh-server and tmux; otherwise it is skipped with a message.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::users::{is_root, TestUsers};

const SSHD: &str = "/usr/sbin/sshd";

struct Sshd(Child);

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen")
        .success();
    assert!(ok, "ssh-keygen {}", path.display());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Installs `key.pub` as the user's only authorized key, owned by them.
fn authorize(user: &str, public_key: &Path) {
    let home = PathBuf::from(format!("/home/{user}"));
    let ssh = home.join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    std::fs::copy(public_key, ssh.join("authorized_keys")).unwrap();
    std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o700)).unwrap();
    let ok = Command::new("chown")
        .args(["-R", &format!("{user}:"), ssh.to_str().unwrap()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn two_operators_over_real_ssh_logins_see_each_others_cases_live() {
    let have = |c: &str| {
        Command::new(c)
            .arg("-V")
            .stderr(Stdio::null())
            .output()
            .is_ok()
    };
    if !is_root() || !Path::new(SSHD).exists() || !have("ssh") || !Tmux::available() {
        eprintln!(
            "SKIPPED: needs root, sshd, ssh and tmux (.ci/run installs openssh-server and tmux)"
        );
        return;
    }
    let prefix = format!("fs{}", std::process::id() % 100_000);
    let Some(users) = TestUsers::create(&prefix, 2, 0, true) else {
        eprintln!("SKIPPED: could not create test users");
        return;
    };
    let (alice, bob) = (users.users[0].clone(), users.users[1].clone());
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    keygen(&keys.join("host"));
    for u in [&alice, &bob] {
        keygen(&keys.join(u));
        authorize(u, &keys.join(format!("{u}.pub")));
    }

    // sshd on loopback with its own config.
    std::fs::create_dir_all("/run/sshd").unwrap();
    let port = free_port();
    let config = dir.path().join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nPidFile {pid}\n\
             AuthorizedKeysFile .ssh/authorized_keys\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPermitRootLogin no\n\
             AllowUsers {alice} {bob}\n",
            host = keys.join("host").display(),
            pid = dir.path().join("sshd.pid").display(),
        ),
    )
    .unwrap();
    let log = std::fs::File::create(dir.path().join("sshd.log")).unwrap();
    let _sshd = Sshd(
        Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stderr(log)
            .spawn()
            .expect("start sshd"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "sshd did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }

    // The shared daemon, its socket open to the operators' group.
    let data = dir.path().join("data");
    let run = dir.path().join("run");
    std::fs::create_dir_all(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o755)).unwrap();
    let socket = run.join("frontdesk.sock");
    let _daemon = common::Daemon::start_at(&data, &socket, &[]);
    assert!(Command::new("chgrp")
        .arg(&users.group)
        .arg(&socket)
        .status()
        .unwrap()
        .success());
    let root = |args: &[&str]| common::run_ok_on(&socket, args);
    root(&["init"]);
    root(&["staff", "add", &alice, "--name", "李娜", "--role", "clerk"]);
    root(&["staff", "add", &bob, "--name", "王磊", "--role", "clerk"]);
    root(&common::ADD_ZHANG_WEI);

    let login = |user: &str| {
        format!(
            "ssh -tt -p {port} -i {key} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o LogLevel=ERROR {user}@127.0.0.1 'env LANG=C.UTF-8 TERM=xterm-256color {bin} --socket {sock} --lang en'",
            key = keys.join(user).display(),
            bin = common::bin().display(),
            sock = socket.display(),
        )
    };
    let tmux = Tmux::start("ssh", "bob", &login(&bob));
    tmux.window("alice", &login(&alice));

    // Bob, logged in over SSH, is named by the kernel and watches the resident's card.
    tmux.wait_for("bob", "王磊");
    tmux.open_zhang_wei("bob");
    tmux.wait_for("bob", "No cases, visits or callbacks yet");

    // Alice registers a case through the read-back.
    tmux.wait_for("alice", "李娜");
    tmux.open_zhang_wei("alice");
    let ticket = tmux.register_noise_case("alice");

    // Bob sees it without touching a key.
    tmux.wait_for("bob", &ticket);

    let json = root(&["--json", "case", "show", &ticket]);
    let case: serde_json::Value = serde_json::from_str(&json).unwrap();
    let alice_uid = std::fs::metadata(format!("/home/{alice}")).unwrap().uid();
    assert_eq!(case["received_by"], alice_uid, "{case}");
}
