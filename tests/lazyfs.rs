//! The forgetting filesystem's own rules, on plain files, before it judges the store: what
//! is not fsynced is lost at a cut (data and size), what is fsynced survives; strict mode
//! also loses creations, renames and removals whose directory was not fsynced; an armed
//! fault fails the next fsync with EIO and loses its data; after a cut everything fails
//! until remounted. Skips (with a message) where FUSE is unavailable.

#[path = "common/lazyfs/mod.rs"]
mod lazyfs;

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use lazyfs::{Mode, Mounted};

struct Fs {
    _dir: tempfile::TempDir,
    backing: PathBuf,
    mnt: PathBuf,
    mode: Mode,
    mounted: Option<Mounted>,
}

impl Fs {
    fn new(mode: Mode) -> Option<Fs> {
        if let Some(why) = lazyfs::unavailable() {
            eprintln!("lazyfs: skipped: {why}");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let (backing, mnt) = (dir.path().join("backing"), dir.path().join("mnt"));
        std::fs::create_dir_all(&backing).unwrap();
        std::fs::create_dir_all(&mnt).unwrap();
        let mounted = match Mounted::mount(&backing, &mnt, mode) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("lazyfs: skipped: cannot mount FUSE here: {e}");
                return None;
            }
        };
        Some(Fs {
            _dir: dir,
            backing,
            mnt,
            mode,
            mounted: Some(mounted),
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.mnt.join(name)
    }

    fn fs(&self) -> &Mounted {
        self.mounted.as_ref().unwrap()
    }

    /// Cut, unmount, mount again.
    fn power_cycle(&mut self) -> lazyfs::CutReport {
        let report = self.fs().cut();
        self.mounted.take().unwrap().unmount();
        self.mounted = Some(Mounted::mount(&self.backing, &self.mnt, self.mode).unwrap());
        report
    }
}

fn read(p: &Path) -> Option<String> {
    let mut s = String::new();
    File::open(p).ok()?.read_to_string(&mut s).ok()?;
    Some(s)
}

fn sync_dir(p: &Path) {
    File::open(p).unwrap().sync_all().unwrap();
}

#[test]
fn unsynced_data_and_size_are_lost_synced_data_survives() {
    let Some(mut fs) = Fs::new(Mode::Data) else {
        return;
    };
    let (a, b) = (fs.path("a"), fs.path("b"));
    let mut f = File::create(&a).unwrap();
    f.write_all(b"durable").unwrap();
    f.sync_all().unwrap();
    f.write_all(b" and then some").unwrap();
    assert_eq!(
        read(&a).unwrap(),
        "durable and then some",
        "reads see unsynced data"
    );
    let mut g = File::create(&b).unwrap();
    g.write_all(b"never synced").unwrap();
    drop((f, g));
    // A shrink that was never synced is lost too.
    let h = OpenOptions::new().write(true).open(&a).unwrap();
    h.set_len(3).unwrap();
    assert_eq!(read(&a).unwrap(), "dur");
    let report = fs.power_cycle();
    assert!(report.unsynced_bytes >= "never synced".len(), "{report:?}");
    assert_eq!(
        read(&a).unwrap(),
        "durable",
        "synced bytes survive, the rest is gone"
    );
    assert_eq!(
        read(&b).unwrap(),
        "",
        "data mode keeps the file, not its bytes"
    );
}

#[test]
fn strict_mode_loses_unsynced_creations_renames_and_removals() {
    let Some(mut fs) = Fs::new(Mode::Strict) else {
        return;
    };
    let mnt = fs.mnt.clone();
    // Made durable: file data fsynced, then the directory.
    let kept = fs.path("kept");
    let mut f = File::create(&kept).unwrap();
    f.write_all(b"kept").unwrap();
    f.sync_all().unwrap();
    let gone = fs.path("gone");
    File::create(&gone).unwrap().sync_all().unwrap();
    sync_dir(&mnt);
    // Created and fsynced, but its directory never was.
    let orphan = fs.path("orphan");
    let mut o = File::create(&orphan).unwrap();
    o.write_all(b"orphan").unwrap();
    o.sync_all().unwrap();
    // A rename and a removal of durable files, the directory not synced after.
    std::fs::rename(&kept, fs.path("renamed")).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let report = fs.power_cycle();
    assert!(report.undone_dir_ops >= 3, "{report:?}");
    assert_eq!(
        read(&fs.path("kept")).as_deref(),
        Some("kept"),
        "the rename is undone"
    );
    assert!(read(&fs.path("renamed")).is_none());
    assert!(
        read(&fs.path("orphan")).is_none(),
        "a creation without a directory fsync is lost"
    );
    assert!(
        fs.path("gone").exists(),
        "a removal without a directory fsync is undone"
    );
}

#[test]
fn strict_mode_keeps_what_the_directory_fsync_made_durable() {
    let Some(mut fs) = Fs::new(Mode::Strict) else {
        return;
    };
    let sub = fs.path("sub");
    std::fs::create_dir(&sub).unwrap();
    sync_dir(&fs.mnt.clone());
    let tmp = sub.join("snap.tmp");
    let mut f = File::create(&tmp).unwrap();
    f.write_all(b"snapshot").unwrap();
    f.sync_all().unwrap();
    std::fs::rename(&tmp, sub.join("snap.1")).unwrap();
    sync_dir(&sub);
    fs.power_cycle();
    assert_eq!(read(&sub.join("snap.1")).as_deref(), Some("snapshot"));
    assert!(!tmp.exists());
}

#[test]
fn an_armed_fault_fails_the_next_fsync_and_loses_its_data() {
    let Some(mut fs) = Fs::new(Mode::Data) else {
        return;
    };
    let a = fs.path("a");
    let mut f = File::create(&a).unwrap();
    f.write_all(b"first").unwrap();
    f.sync_all().unwrap();
    f.write_all(b" second").unwrap();
    fs.fs().fail_next_fsync();
    let e = f.sync_all().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(5), "EIO: {e}");
    // The failed data is not waiting for a retry: a second fsync succeeds with nothing.
    f.sync_all().unwrap();
    drop(f);
    fs.power_cycle();
    assert_eq!(read(&a).unwrap(), "first");
}

#[test]
fn after_a_cut_everything_fails_until_remounted_and_the_control_file_cuts_too() {
    let Some(mut fs) = Fs::new(Mode::Data) else {
        return;
    };
    let a = fs.path("a");
    let mut f = File::create(&a).unwrap();
    f.write_all(b"x").unwrap();
    // The cut through the control file, as a separate process would give it.
    std::fs::write(fs.path(".lazyfs-control"), "cut").unwrap();
    assert!(f.write_all(b"y").is_err() || f.sync_all().is_err());
    assert!(File::create(fs.path("b")).is_err(), "refused after the cut");
    drop(f);
    fs.mounted.take().unwrap().unmount();
    fs.mounted = Some(Mounted::mount(&fs.backing, &fs.mnt, fs.mode).unwrap());
    assert_eq!(read(&a).unwrap(), "");
    File::create(fs.path("b")).unwrap();
}
