//! The forgetting filesystem as fuser calls it: each operation takes the state's lock and
//! passes through to the backing directory, keeping file data in memory until fsync.

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use fuser::{
    FileType, Filesystem, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory, ReplyEmpty,
    ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, Request, TimeOrNow,
};

use super::state::{control_attr, errno, FileOp, State, Undo};
use super::{CONTROL, CONTROL_NAME, ENOENT, ROOT, TRASH, TTL};

/// The filesystem as fuser sees it: every call takes the state's lock.
pub(super) struct LazyFs(pub(super) Arc<Mutex<State>>);

impl LazyFs {
    fn state(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `op` on the state, unless the power was cut (then every operation is EIO).
    fn checked<T>(&self, op: impl FnOnce(&mut State) -> Result<T, i32>) -> Result<T, i32> {
        let mut s = self.state();
        s.check()?;
        op(&mut s)
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
        match self.checked(|s| s.attr(ino)) {
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
        let r = self.checked(|s| {
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
        });
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
        let r = self.checked(|s| {
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
        });
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
        let r = self.checked(|s| {
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
        });
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
        match self.checked(|s| s.sync_file(ino)) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn fsyncdir(&mut self, _req: &Request<'_>, ino: u64, _fh: u64, _ds: bool, reply: ReplyEmpty) {
        match self.checked(|s| s.sync_dir(ino)) {
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
        let r = self.checked(|s| {
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
        });
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
        let r = self.checked(|s| {
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
        });
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
        let r = self.checked(|s| {
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
        });
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
