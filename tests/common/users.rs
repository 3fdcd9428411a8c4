//! Real Unix users and a group for identity tests, created as root and removed on drop.

use std::process::Command;

/// True when this process may create users (root).
pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

pub struct TestUsers {
    pub group: String,
    pub users: Vec<String>,
}

impl TestUsers {
    /// A group and users `<prefix>a`, `b`, … (the last one outside the group).
    pub fn create(prefix: &str, in_group: usize, outside: usize, homes: bool) -> Option<TestUsers> {
        let group = format!("{prefix}g");
        if !Command::new("groupadd")
            .arg(&group)
            .status()
            .ok()?
            .success()
        {
            return None;
        }
        let mut made = TestUsers {
            group: group.clone(),
            users: Vec::new(),
        };
        for i in 0..in_group + outside {
            let user = format!("{prefix}{}", (b'a' + i as u8) as char);
            let mut cmd = Command::new("useradd");
            if homes {
                // A login shell and a home: ssh runs commands through them.
                cmd.args(["-m", "-s", "/bin/sh"]);
            } else {
                cmd.args(["-M", "-s", "/usr/sbin/nologin"]);
            }
            if i < in_group {
                cmd.args(["-G", &group]);
            }
            if !cmd.arg(&user).status().ok()?.success() {
                return None;
            }
            if homes {
                // No password, but not "locked" either: sshd refuses locked accounts even
                // for key logins.
                Command::new("usermod")
                    .args(["-p", "*", &user])
                    .status()
                    .ok()?;
            }
            made.users.push(user);
        }
        Some(made)
    }
}

impl Drop for TestUsers {
    fn drop(&mut self) {
        for u in &self.users {
            let _ = Command::new("userdel")
                .args(["-r", u])
                .stderr(std::process::Stdio::null())
                .status();
        }
        let _ = Command::new("groupdel").arg(&self.group).status();
    }
}
