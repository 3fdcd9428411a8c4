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

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fuser::{
    FileAttr, FileType, Filesystem, MountOption, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory,
    ReplyEmpty, ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, Request, TimeOrNow,
};

const EIO: i32 = 5;
const ENOENT: i32 = 2;
const ROOT: u64 = 1;
const CONTROL: u64 = 2;
const CONTROL_NAME: &str = ".lazyfs-control";
/// Where strict mode keeps removed and replaced files until their directory is synced.
const TRASH: &str = ".lazyfs-trash";
/// Nothing is cached by the kernel: every size and lookup comes from here.
const TTL: Duration = Duration::from_secs(0);

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

/// One unsynced change to a file's contents, in the order it was made.
#[derive(Debug, Clone)]
enum FileOp {
    Write(u64, Vec<u8>),
    SetLen(u64),
}

/// A directory operation strict mode can still undo.
#[derive(Debug, Clone)]
enum Undo {
    Created {
        parent: PathBuf,
        path: PathBuf,
    },
    Renamed {
        parents: (PathBuf, PathBuf),
        from: PathBuf,
        to: PathBuf,
        /// What `to` replaced, kept in the trash.
        displaced: Option<PathBuf>,
    },
    Removed {
        parent: PathBuf,
        path: PathBuf,
        trash: PathBuf,
    },
}

/// What a cut threw away.
#[derive(Debug, Default, Clone, Copy)]
pub struct CutReport {
    pub files_with_unsynced_data: usize,
    pub unsynced_bytes: usize,
    pub undone_dir_ops: usize,
}

#[derive(Default)]
struct State {
    backing: PathBuf,
    mode: Option<Mode>,
    /// ino → path relative to the backing root.
    paths: HashMap<u64, PathBuf>,
    inos: HashMap<PathBuf, u64>,
    next_ino: u64,
    files: HashMap<u64, File>,
    pending: HashMap<u64, Vec<FileOp>>,
    journal: Vec<Undo>,
    trash_seq: u64,
    cut: bool,
    fail_next_fsync: bool,
    pub fsyncs: u64,
}

fn attr_of(ino: u64, meta: &std::fs::Metadata, size: u64) -> FileAttr {
    let t = |secs: i64| UNIX_EPOCH + Duration::from_secs(secs.max(0) as u64);
    FileAttr {
        ino,
        size,
        blocks: size.div_ceil(512),
        atime: t(meta.atime()),
        mtime: t(meta.mtime()),
        ctime: t(meta.ctime()),
        crtime: SystemTime::UNIX_EPOCH,
        kind: if meta.is_dir() {
            FileType::Directory
        } else {
            FileType::RegularFile
        },
        perm: (meta.mode() & 0o7777) as u16,
        nlink: meta.nlink() as u32,
        uid: meta.uid(),
        gid: meta.gid(),
        rdev: 0,
        blksize: 4096,
        flags: 0,
    }
}

fn control_attr() -> FileAttr {
    FileAttr {
        ino: CONTROL,
        size: 0,
        blocks: 0,
        atime: UNIX_EPOCH,
        mtime: UNIX_EPOCH,
        ctime: UNIX_EPOCH,
        crtime: UNIX_EPOCH,
        kind: FileType::RegularFile,
        perm: 0o600,
        nlink: 1,
        uid: 0,
        gid: 0,
        rdev: 0,
        blksize: 4096,
        flags: 0,
    }
}

fn errno(e: std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(EIO)
}

fn sync_dir(path: &Path) -> std::io::Result<()> {
    File::open(path)?.sync_all()
}

impl State {
    fn full(&self, rel: &Path) -> PathBuf {
        self.backing.join(rel)
    }

    fn path(&self, ino: u64) -> Result<PathBuf, i32> {
        self.paths.get(&ino).cloned().ok_or(ENOENT)
    }

    fn ino_for(&mut self, rel: &Path) -> u64 {
        if let Some(i) = self.inos.get(rel) {
            return *i;
        }
        self.next_ino += 1;
        let ino = self.next_ino;
        self.inos.insert(rel.to_path_buf(), ino);
        self.paths.insert(ino, rel.to_path_buf());
        ino
    }

    fn check(&self) -> Result<(), i32> {
        if self.cut {
            Err(EIO)
        } else {
            Ok(())
        }
    }

    fn strict(&self) -> bool {
        self.mode == Some(Mode::Strict)
    }

    fn file(&mut self, ino: u64) -> Result<&File, i32> {
        if !self.files.contains_key(&ino) {
            let full = self.full(&self.path(ino)?);
            let f = OpenOptions::new()
                .read(true)
                .write(true)
                .open(full)
                .map_err(errno)?;
            self.files.insert(ino, f);
        }
        Ok(&self.files[&ino])
    }

    /// The file's length as this process sees it: the backing file's, then the unsynced ops.
    fn len(&mut self, ino: u64) -> Result<u64, i32> {
        let mut len = self.file(ino)?.metadata().map_err(errno)?.len();
        for op in self.pending.get(&ino).into_iter().flatten() {
            len = match op {
                FileOp::Write(off, d) => len.max(off + d.len() as u64),
                FileOp::SetLen(n) => *n,
            };
        }
        Ok(len)
    }

    fn attr(&mut self, ino: u64) -> Result<FileAttr, i32> {
        if ino == CONTROL {
            return Ok(control_attr());
        }
        let full = self.full(&self.path(ino)?);
        let meta = std::fs::symlink_metadata(full).map_err(errno)?;
        let size = if meta.is_dir() {
            meta.len()
        } else {
            self.len(ino)?
        };
        Ok(attr_of(ino, &meta, size))
    }

    fn read(&mut self, ino: u64, off: u64, size: usize) -> Result<Vec<u8>, i32> {
        let len = self.len(ino)?;
        if off >= len {
            return Ok(Vec::new());
        }
        let size = size.min((len - off) as usize);
        let mut buf = vec![0u8; size];
        let f = self.file(ino)?;
        let on_disk = f.metadata().map_err(errno)?.len();
        if off < on_disk {
            let n = size.min((on_disk - off) as usize);
            f.read_exact_at(&mut buf[..n], off).map_err(errno)?;
        }
        let end = off + size as u64;
        for op in self.pending.get(&ino).into_iter().flatten() {
            match op {
                FileOp::Write(w, d) => {
                    let (ws, we) = (*w, w + d.len() as u64);
                    let (s, e) = (ws.max(off), we.min(end));
                    if s < e {
                        buf[(s - off) as usize..(e - off) as usize]
                            .copy_from_slice(&d[(s - ws) as usize..(e - ws) as usize]);
                    }
                }
                FileOp::SetLen(n) if *n < end => {
                    let from = n.saturating_sub(off) as usize;
                    buf[from..].fill(0);
                }
                FileOp::SetLen(_) => {}
            }
        }
        Ok(buf)
    }

    /// fsync: the file's unsynced ops reach the backing file, which is synced.
    fn sync_file(&mut self, ino: u64) -> Result<(), i32> {
        self.fsyncs += 1;
        if self.fail_next_fsync {
            self.fail_next_fsync = false;
            // As a failed writeback leaves the kernel's pages clean: the data is gone.
            self.pending.remove(&ino);
            return Err(EIO);
        }
        let ops = self.pending.remove(&ino).unwrap_or_default();
        let f = self.file(ino)?;
        for op in ops {
            match op {
                FileOp::Write(off, d) => f.write_all_at(&d, off).map_err(errno)?,
                FileOp::SetLen(n) => f.set_len(n).map_err(errno)?,
            }
        }
        f.sync_all().map_err(errno)
    }

    /// fsyncdir: the directory's creations, renames and removals become durable.
    fn sync_dir(&mut self, ino: u64) -> Result<(), i32> {
        self.fsyncs += 1;
        if self.fail_next_fsync {
            self.fail_next_fsync = false;
            return Err(EIO);
        }
        let dir = self.path(ino)?;
        let mut kept = Vec::new();
        for u in std::mem::take(&mut self.journal) {
            let settled = match &u {
                Undo::Created { parent, .. } => *parent == dir,
                Undo::Renamed { parents, .. } => parents.0 == dir || parents.1 == dir,
                Undo::Removed { parent, .. } => *parent == dir,
            };
            if !settled {
                kept.push(u);
                continue;
            }
            let trash = match &u {
                Undo::Removed { trash, .. } => Some(trash.clone()),
                Undo::Renamed { displaced, .. } => displaced.clone(),
                Undo::Created { .. } => None,
            };
            if let Some(t) = trash {
                let full = self.full(&t);
                let _ = std::fs::remove_dir_all(&full).or_else(|_| std::fs::remove_file(&full));
            }
        }
        self.journal = kept;
        sync_dir(&self.full(&dir)).map_err(errno)
    }

    fn trash_path(&mut self) -> PathBuf {
        self.trash_seq += 1;
        Path::new(TRASH).join(self.trash_seq.to_string())
    }

    /// Points `from` (and everything below it) at `to` in the inode table.
    fn moved(&mut self, from: &Path, to: &Path) {
        let renamed: Vec<(PathBuf, u64)> = self
            .inos
            .iter()
            .filter(|(p, _)| p.starts_with(from))
            .map(|(p, i)| (p.clone(), *i))
            .collect();
        for (p, i) in renamed {
            // `join("")` would add a trailing slash: the renamed entry itself is just `to`.
            let rest = p.strip_prefix(from).unwrap_or(Path::new(""));
            let new = if rest.as_os_str().is_empty() {
                to.to_path_buf()
            } else {
                to.join(rest)
            };
            self.inos.remove(&p);
            self.inos.insert(new.clone(), i);
            self.paths.insert(i, new);
        }
    }

    fn forget_path(&mut self, rel: &Path) {
        if let Some(i) = self.inos.remove(rel) {
            self.paths.remove(&i);
            self.pending.remove(&i);
        }
    }

    fn cut(&mut self) -> CutReport {
        let mut report = CutReport {
            files_with_unsynced_data: self.pending.len(),
            unsynced_bytes: self
                .pending
                .values()
                .flatten()
                .map(|op| match op {
                    FileOp::Write(_, d) => d.len(),
                    FileOp::SetLen(_) => 0,
                })
                .sum(),
            undone_dir_ops: 0,
        };
        self.pending.clear();
        self.files.clear();
        if self.strict() {
            for u in std::mem::take(&mut self.journal).into_iter().rev() {
                report.undone_dir_ops += 1;
                let full = |p: &Path| self.backing.join(p);
                match u {
                    Undo::Created { path, .. } => {
                        let p = full(&path);
                        let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
                    }
                    Undo::Renamed {
                        from,
                        to,
                        displaced,
                        ..
                    } => {
                        let _ = std::fs::rename(full(&to), full(&from));
                        if let Some(d) = displaced {
                            let _ = std::fs::rename(full(&d), full(&to));
                        }
                    }
                    Undo::Removed { path, trash, .. } => {
                        let _ = std::fs::rename(full(&trash), full(&path));
                    }
                }
            }
        }
        self.journal.clear();
        self.cut = true;
        report
    }
}

/// The filesystem as fuser sees it: every call takes the state's lock.
struct LazyFs(Arc<Mutex<State>>);

impl LazyFs {
    fn state(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn child(parent: &Path, name: &OsStr) -> PathBuf {
    parent.join(name)
}

impl Filesystem for LazyFs {
    fn lookup(&mut self, _req: &Request<'_>, parent: u64, name: &OsStr, reply: ReplyEntry) {
        let mut s = self.state();
        if parent == ROOT && name == CONTROL_NAME {
            return reply.entry(&TTL, &control_attr(), 0);
        }
        if parent == ROOT && name == TRASH {
            return reply.error(ENOENT);
        }
        let r = (|| {
            s.check()?;
            let rel = child(&s.path(parent)?, name);
            std::fs::symlink_metadata(s.full(&rel)).map_err(errno)?;
            let ino = s.ino_for(&rel);
            s.attr(ino)
        })();
        match r {
            Ok(a) => reply.entry(&TTL, &a, 0),
            Err(e) => reply.error(e),
        }
    }

    fn getattr(&mut self, _req: &Request<'_>, ino: u64, _fh: Option<u64>, reply: ReplyAttr) {
        let mut s = self.state();
        match s.check().and_then(|_| s.attr(ino)) {
            Ok(a) => reply.attr(&TTL, &a),
            Err(e) => reply.error(e),
        }
    }

    fn setattr(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        mode: Option<u32>,
        _uid: Option<u32>,
        _gid: Option<u32>,
        size: Option<u64>,
        _atime: Option<TimeOrNow>,
        _mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<u64>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<u32>,
        reply: ReplyAttr,
    ) {
        let mut s = self.state();
        let r = (|| {
            s.check()?;
            if ino == CONTROL {
                return Ok(control_attr());
            }
            if let Some(m) = mode {
                use std::os::unix::fs::PermissionsExt;
                let full = s.full(&s.path(ino)?);
                std::fs::set_permissions(full, std::fs::Permissions::from_mode(m))
                    .map_err(errno)?;
            }
            if let Some(n) = size {
                s.pending.entry(ino).or_default().push(FileOp::SetLen(n));
            }
            s.attr(ino)
        })();
        match r {
            Ok(a) => reply.attr(&TTL, &a),
            Err(e) => reply.error(e),
        }
    }

    fn mkdir(
        &mut self,
        _req: &Request<'_>,
        parent: u64,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        reply: ReplyEntry,
    ) {
        let mut s = self.state();
        let r = (|| {
            s.check()?;
            let dir = s.path(parent)?;
            let rel = child(&dir, name);
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .mode(mode)
                .create(s.full(&rel))
                .map_err(errno)?;
            if s.strict() {
                s.journal.push(Undo::Created {
                    parent: dir,
                    path: rel.clone(),
                });
            }
            let ino = s.ino_for(&rel);
            s.attr(ino)
        })();
        match r {
            Ok(a) => reply.entry(&TTL, &a, 0),
            Err(e) => reply.error(e),
        }
    }

    fn create(
        &mut self,
        _req: &Request<'_>,
        parent: u64,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        flags: i32,
        reply: ReplyCreate,
    ) {
        let mut s = self.state();
        let r = (|| {
            s.check()?;
            let dir = s.path(parent)?;
            let rel = child(&dir, name);
            let full = s.full(&rel);
            let existed = full.exists();
            if existed && flags & libc_o_excl() != 0 {
                return Err(17); // EEXIST
            }
            let f = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .mode(mode)
                .open(&full)
                .map_err(errno)?;
            if !existed && s.strict() {
                s.journal.push(Undo::Created {
                    parent: dir,
                    path: rel.clone(),
                });
            }
            let ino = s.ino_for(&rel);
            s.files.insert(ino, f);
            if existed && flags & libc_o_trunc() != 0 {
                s.pending.entry(ino).or_default().push(FileOp::SetLen(0));
            }
            s.attr(ino)
        })();
        match r {
            Ok(a) => reply.created(&TTL, &a, 0, 0, 0),
            Err(e) => reply.error(e),
        }
    }

    fn open(&mut self, _req: &Request<'_>, ino: u64, flags: i32, reply: ReplyOpen) {
        let mut s = self.state();
        if ino == CONTROL {
            return reply.opened(0, 0);
        }
        let r = (|| {
            s.check()?;
            s.file(ino)?;
            if flags & libc_o_trunc() != 0 {
                s.pending.entry(ino).or_default().push(FileOp::SetLen(0));
            }
            Ok(())
        })();
        match r {
            Ok(()) => reply.opened(0, 0),
            Err(e) => reply.error(e),
        }
    }

    fn read(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        offset: i64,
        size: u32,
        _flags: i32,
        _lock_owner: Option<u64>,
        reply: ReplyData,
    ) {
        let mut s = self.state();
        if ino == CONTROL {
            return reply.data(&[]);
        }
        match s
            .check()
            .and_then(|_| s.read(ino, offset.max(0) as u64, size as usize))
        {
            Ok(d) => reply.data(&d),
            Err(e) => reply.error(e),
        }
    }

    fn write(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        offset: i64,
        data: &[u8],
        _write_flags: u32,
        _flags: i32,
        _lock_owner: Option<u64>,
        reply: ReplyWrite,
    ) {
        let mut s = self.state();
        if ino == CONTROL {
            match String::from_utf8_lossy(data).trim() {
                "cut" => {
                    s.cut();
                }
                "fail-fsync" => s.fail_next_fsync = true,
                _ => return reply.error(22), // EINVAL
            }
            return reply.written(data.len() as u32);
        }
        if let Err(e) = s.check() {
            return reply.error(e);
        }
        s.pending
            .entry(ino)
            .or_default()
            .push(FileOp::Write(offset.max(0) as u64, data.to_vec()));
        reply.written(data.len() as u32);
    }

    fn flush(&mut self, _req: &Request<'_>, _ino: u64, _fh: u64, _lock: u64, reply: ReplyEmpty) {
        // close() persists nothing.
        reply.ok();
    }

    fn fsync(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        let mut s = self.state();
        match s.check().and_then(|_| s.sync_file(ino)) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn fsyncdir(&mut self, _req: &Request<'_>, ino: u64, _fh: u64, _ds: bool, reply: ReplyEmpty) {
        let mut s = self.state();
        match s.check().and_then(|_| s.sync_dir(ino)) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn unlink(&mut self, _req: &Request<'_>, parent: u64, name: &OsStr, reply: ReplyEmpty) {
        self.remove(parent, name, reply);
    }

    fn rmdir(&mut self, _req: &Request<'_>, parent: u64, name: &OsStr, reply: ReplyEmpty) {
        self.remove(parent, name, reply);
    }

    fn rename(
        &mut self,
        _req: &Request<'_>,
        parent: u64,
        name: &OsStr,
        newparent: u64,
        newname: &OsStr,
        _flags: u32,
        reply: ReplyEmpty,
    ) {
        let mut s = self.state();
        let r = (|| {
            s.check()?;
            let (pa, pb) = (s.path(parent)?, s.path(newparent)?);
            let (from, to) = (child(&pa, name), child(&pb, newname));
            let mut displaced = None;
            if s.strict() && s.full(&to).exists() {
                let t = s.trash_path();
                std::fs::rename(s.full(&to), s.full(&t)).map_err(errno)?;
                displaced = Some(t);
            }
            std::fs::rename(s.full(&from), s.full(&to)).map_err(errno)?;
            s.forget_path(&to);
            s.moved(&from, &to);
            if s.strict() {
                s.journal.push(Undo::Renamed {
                    parents: (pa, pb),
                    from,
                    to,
                    displaced,
                });
            }
            Ok(())
        })();
        match r {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn readdir(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        offset: i64,
        mut reply: ReplyDirectory,
    ) {
        let mut s = self.state();
        let r = (|| {
            s.check()?;
            let dir = s.path(ino)?;
            let mut entries = vec![
                (ino, FileType::Directory, ".".into()),
                (ino, FileType::Directory, "..".into()),
            ];
            for e in std::fs::read_dir(s.full(&dir)).map_err(errno)? {
                let e = e.map_err(errno)?;
                let name = e.file_name();
                if ino == ROOT && name == TRASH {
                    continue;
                }
                let kind = if e.file_type().map_err(errno)?.is_dir() {
                    FileType::Directory
                } else {
                    FileType::RegularFile
                };
                let i = s.ino_for(&dir.join(&name));
                entries.push((i, kind, name));
            }
            Ok(entries)
        })();
        match r {
            Ok(entries) => {
                for (i, (ino, kind, name)) in entries.into_iter().enumerate().skip(offset as usize)
                {
                    if reply.add(ino, (i + 1) as i64, kind, name) {
                        break;
                    }
                }
                reply.ok();
            }
            Err(e) => reply.error(e),
        }
    }

    fn statfs(&mut self, _req: &Request<'_>, _ino: u64, reply: ReplyStatfs) {
        let s = self.state();
        match nix::sys::statvfs::statvfs(&s.backing) {
            Ok(v) => reply.statfs(
                v.blocks(),
                v.blocks_free(),
                v.blocks_available(),
                v.files(),
                v.files_free(),
                v.block_size() as u32,
                v.name_max() as u32,
                v.fragment_size() as u32,
            ),
            Err(e) => reply.error(e as i32),
        }
    }

    fn access(&mut self, _req: &Request<'_>, _ino: u64, _mask: i32, reply: ReplyEmpty) {
        reply.ok();
    }
}

impl LazyFs {
    fn remove(&mut self, parent: u64, name: &OsStr, reply: ReplyEmpty) {
        let mut s = self.state();
        let r = (|| {
            s.check()?;
            let dir = s.path(parent)?;
            let rel = child(&dir, name);
            let full = s.full(&rel);
            if s.strict() {
                let trash = s.trash_path();
                std::fs::rename(&full, s.full(&trash)).map_err(errno)?;
                s.journal.push(Undo::Removed {
                    parent: dir,
                    path: rel.clone(),
                    trash,
                });
            } else if full.is_dir() {
                std::fs::remove_dir(&full).map_err(errno)?;
            } else {
                std::fs::remove_file(&full).map_err(errno)?;
            }
            s.forget_path(&rel);
            Ok(())
        })();
        match r {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }
}

fn libc_o_trunc() -> i32 {
    nix::fcntl::OFlag::O_TRUNC.bits()
}

fn libc_o_excl() -> i32 {
    nix::fcntl::OFlag::O_EXCL.bits()
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
        let session = fuser::spawn_mount2(LazyFs(state.clone()), mountpoint, &options)?;
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
