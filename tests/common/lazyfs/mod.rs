//! A filesystem that forgets what was not synced, for the power-loss tests (after Jepsen's
//! LazyFS). It passes everything through to a backing directory, except that:
//! - data written to a file, and any change of its size, stays in this process's memory
//!   until that file is fsynced or fdatasynced (`sync_file_range` never reaches a FUSE
//!   filesystem, so it persists nothing here — as on a real disk without an fsync after);
//! - a **cut** (`Mounted::cut`, or writing `cut` to `/.lazyfs-control`) throws every unsynced
//!   byte and size change away and fails every later operation with EIO until remounted;
//! - in **strict** mode a cut also undoes the creations, renames and removals made since
//!   their parent directory was last fsynced (ext4's worst case);
//! - a **fault** (`Mounted::fail_next_fsync`, or `fail-fsync` to the control file) makes the
//!   next fsync fail with EIO and lose that file's unsynced data (the "fsyncgate" case).
//!
//! It runs in the test process on a background thread (`fuser`, pure Rust, mounted through
//! `fusermount3`); the daemon under test is a separate process writing through the mount.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use fuser::MountOption;

mod fuse;
mod state;

use state::State;

pub(crate) const EIO: i32 = 5;
pub(crate) const ENOENT: i32 = 2;
pub(crate) const ROOT: u64 = 1;
pub(crate) const CONTROL: u64 = 2;
pub(crate) const CONTROL_NAME: &str = ".lazyfs-control";
/// Where strict mode keeps removed and replaced files until their directory is synced.
pub(crate) const TRASH: &str = ".lazyfs-trash";
/// Nothing is cached by the kernel: every size and lookup comes from here.
pub(crate) const TTL: Duration = Duration::from_secs(0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Unsynced data and sizes are lost; directory operations are durable at once.
    Data,
    /// Also lost: creations, renames and removals whose parent directory was not fsynced.
    Strict,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Data => "data",
            Mode::Strict => "strict",
        }
    }
}

/// What a cut threw away.
#[derive(Debug, Default, Clone, Copy)]
pub struct CutReport {
    pub files_with_unsynced_data: usize,
    pub unsynced_bytes: usize,
    pub undone_dir_ops: usize,
}

/// A mounted forgetting filesystem. Dropping it unmounts.
pub struct Mounted {
    session: Option<fuser::BackgroundSession>,
    state: Arc<Mutex<State>>,
    pub mountpoint: PathBuf,
    pub backing: PathBuf,
}

/// Why this machine cannot run the FUSE tests, if it cannot.
pub fn unavailable() -> Option<String> {
    if !Path::new("/dev/fuse").exists() {
        return Some("no /dev/fuse".into());
    }
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("fusermount3").exists()))
        .unwrap_or(false);
    if !found {
        return Some("no fusermount3 (apt-get install fuse3)".into());
    }
    None
}

impl Mounted {
    /// Mounts `backing` at `mountpoint` (both existing directories).
    pub fn mount(backing: &Path, mountpoint: &Path, mode: Mode) -> std::io::Result<Mounted> {
        std::fs::create_dir_all(backing.join(TRASH))?;
        let state = State {
            backing: backing.to_path_buf(),
            mode: Some(mode),
            next_ino: CONTROL,
            ..State::default()
        };
        let state = Arc::new(Mutex::new(state));
        {
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            s.paths.insert(ROOT, PathBuf::new());
            s.inos.insert(PathBuf::new(), ROOT);
        }
        let options = [
            MountOption::FSName("lazyfs".into()),
            MountOption::RW,
            MountOption::DefaultPermissions,
        ];
        let session = fuser::spawn_mount2(fuse::LazyFs(state.clone()), mountpoint, &options)?;
        Ok(Mounted {
            session: Some(session),
            state,
            mountpoint: mountpoint.to_path_buf(),
            backing: backing.to_path_buf(),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Power off: every unsynced byte (and, in strict mode, every unsynced directory change)
    /// is gone, and every later operation fails until the filesystem is mounted again.
    pub fn cut(&self) -> CutReport {
        self.state().cut()
    }

    /// The next fsync fails with EIO, and the data it would have written is lost.
    pub fn fail_next_fsync(&self) {
        self.state().fail_next_fsync = true;
    }

    pub fn fsyncs(&self) -> u64 {
        self.state().fsyncs
    }

    /// Unmounts (lazily if something still holds it open).
    pub fn unmount(mut self) {
        self.unmount_now();
    }

    fn unmount_now(&mut self) {
        if let Some(s) = self.session.take() {
            let _ = std::process::Command::new("fusermount3")
                .arg("-u")
                .arg("-z")
                .arg(&self.mountpoint)
                .status();
            drop(s);
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.unmount_now();
    }
}
