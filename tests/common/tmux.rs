//! Driving real terminals: a private tmux server (its own socket, killed on drop) whose
//! windows run the real binary; keys go in with `send-keys`, screens come out with
//! `capture-pane`, and waits poll for text instead of sleeping.

use std::process::Command;
use std::time::{Duration, Instant};

impl Tmux {
    pub fn available() -> bool {
        Command::new("tmux").arg("-V").output().is_ok()
    }

    /// True, having said `SKIPPED: …`, when tmux is not installed (`.ci/run` installs it).
    pub fn missing() -> bool {
        let missing = !Tmux::available();
        if missing {
            eprintln!("SKIPPED: tmux is not installed (.ci/run installs it)");
        }
        missing
    }

    /// A new private server and session; its first window is named `first` and runs `cmd`.
    pub fn start(name: &str, first: &str, cmd: &str) -> Tmux {
        let t = Tmux {
            socket: format!("frontdesk-{name}-{}", std::process::id()),
            session: name.to_string(),
        };
        t.cmd(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-n",
            first,
            "-x",
            "100",
            "-y",
            "30",
            cmd,
        ]);
        t
    }

    /// `n` real Unix users in one group (prefix `tag` and the process id) for screens in
    /// tmux, or None — having said `SKIPPED: …` — without root, runuser or tmux.
    pub fn users(tag: &str, n: usize) -> Option<super::users::TestUsers> {
        if !super::users::is_root() || !Tmux::available() {
            eprintln!("SKIPPED: needs root (test users), runuser and tmux");
            return None;
        }
        let prefix = format!("{tag}{}", std::process::id() % 100_000);
        let users = super::users::TestUsers::create(&prefix, n, 0, false);
        if users.is_none() {
            eprintln!("SKIPPED: could not create test users");
        }
        users
    }

    /// The command that runs the screen as Unix user `user` against `socket`, in English.
    pub fn screen_as(user: &str, socket: &std::path::Path) -> String {
        format!(
            "runuser -u {user} -- env HOME=/nonexistent LANG=C.UTF-8 TERM=xterm-256color {} --socket {} --lang en",
            super::bin().display(),
            socket.display()
        )
    }

    pub fn window(&self, name: &str, cmd: &str) {
        self.cmd(&["new-window", "-d", "-t", &self.session, "-n", name, cmd]);
    }

    /// In `window` (on the lookup pane): find 张伟 by pinyin initials and open the card.
    pub fn open_zhang_wei(&self, window: &str) {
        self.type_text(window, "zw");
        self.wait_for(window, "3-2-1102");
        self.key(window, "Enter");
        self.wait_for(window, "History");
    }

    /// In `window` (on a card): registers a noise complaint through the read-back and
    /// returns its ticket once the screen says it is saved.
    pub fn register_noise_case(&self, window: &str) -> String {
        self.type_text(window, "n");
        self.wait_for(window, "New case");
        self.type_text(window, "noise");
        self.key(window, "Tab");
        self.type_text(window, "楼上装修噪音");
        // R-INT-06: the time promised to the resident.
        self.key(window, "Tab");
        self.type_text(window, "2099-12-31 18:00");
        self.key(window, "Enter");
        self.wait_for(window, "Read this back");
        self.key(window, "Enter");
        let saved = self.wait_for(window, "Saved as T");
        saved
            .split("Saved as ")
            .nth(1)
            .map(|s| s.chars().take_while(|c| !c.is_whitespace()).collect())
            .expect("a ticket number on the saved screen")
    }
}

pub struct Tmux {
    pub socket: String,
    /// The session every window lives in.
    pub session: String,
}

impl Tmux {
    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self, window: &str) -> String {
        self.cmd(&[
            "capture-pane",
            "-p",
            "-t",
            &format!("{}:{window}", self.session),
        ])
    }

    pub fn type_text(&self, window: &str, text: &str) {
        self.cmd(&[
            "send-keys",
            "-t",
            &format!("{}:{window}", self.session),
            "-l",
            text,
        ]);
    }

    pub fn key(&self, window: &str, key: &str) {
        self.cmd(&[
            "send-keys",
            "-t",
            &format!("{}:{window}", self.session),
            key,
        ]);
    }

    /// Polls the window until `text` shows; panics with the screen after 20 s.
    pub fn wait_for(&self, window: &str, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen(window);
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "window {window} never showed {text:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    /// Kills the server and waits (up to 10 s) for the screens in its panes to exit: a
    /// screen still running when the test's daemon is stopped after this would reconnect by
    /// starting a daemon of its own, which nobody would stop.
    fn drop(&mut self) {
        let panes: Vec<String> = self
            .cmd(&["list-panes", "-a", "-F", "#{pane_pid}"])
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        self.cmd(&["kill-server"]);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        // Gone, or a zombie nobody has reaped yet: either way no longer running.
        let running = |pid: &String| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|s| s.rsplit(") ").next().map(|rest| !rest.starts_with('Z')))
                .unwrap_or(false)
        };
        while panes.iter().any(running) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}
