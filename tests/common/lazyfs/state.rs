//! The forgetting filesystem's state: the inode table, each file's unsynced operations, the
//! directory operations strict mode can still undo, and what fsync, fsyncdir and a cut do.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fuser::{FileAttr, FileType};

use super::{CutReport, Mode, CONTROL, EIO, ENOENT, TRASH};

/// One unsynced change to a file's contents, in the order it was made.
#[derive(Debug, Clone)]
pub(super) enum FileOp {
    Write(u64, Vec<u8>),
    SetLen(u64),
}

/// A directory operation strict mode can still undo.
#[derive(Debug, Clone)]
pub(super) enum Undo {
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

#[derive(Default)]
pub(super) struct State {
    pub(super) backing: PathBuf,
    pub(super) mode: Option<Mode>,
    /// ino → path relative to the backing root.
    pub(super) paths: HashMap<u64, PathBuf>,
    pub(super) inos: HashMap<PathBuf, u64>,
    pub(super) next_ino: u64,
    pub(super) files: HashMap<u64, File>,
    pub(super) pending: HashMap<u64, Vec<FileOp>>,
    pub(super) journal: Vec<Undo>,
    pub(super) trash_seq: u64,
    pub(super) cut: bool,
    pub(super) fail_next_fsync: bool,
    pub(super) fsyncs: u64,
}

pub(super) fn attr_of(ino: u64, meta: &std::fs::Metadata, size: u64) -> FileAttr {
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

pub(super) fn control_attr() -> FileAttr {
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

pub(super) fn errno(e: std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(EIO)
}

pub(super) fn sync_dir(path: &Path) -> std::io::Result<()> {
    File::open(path)?.sync_all()
}

impl State {
    pub(super) fn full(&self, rel: &Path) -> PathBuf {
        self.backing.join(rel)
    }

    pub(super) fn path(&self, ino: u64) -> Result<PathBuf, i32> {
        self.paths.get(&ino).cloned().ok_or(ENOENT)
    }

    pub(super) fn ino_for(&mut self, rel: &Path) -> u64 {
        if let Some(i) = self.inos.get(rel) {
            return *i;
        }
        self.next_ino += 1;
        let ino = self.next_ino;
        self.inos.insert(rel.to_path_buf(), ino);
        self.paths.insert(ino, rel.to_path_buf());
        ino
    }

    pub(super) fn check(&self) -> Result<(), i32> {
        if self.cut {
            Err(EIO)
        } else {
            Ok(())
        }
    }

    pub(super) fn strict(&self) -> bool {
        self.mode == Some(Mode::Strict)
    }

    pub(super) fn file(&mut self, ino: u64) -> Result<&File, i32> {
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
    pub(super) fn len(&mut self, ino: u64) -> Result<u64, i32> {
        let mut len = self.file(ino)?.metadata().map_err(errno)?.len();
        for op in self.pending.get(&ino).into_iter().flatten() {
            len = match op {
                FileOp::Write(off, d) => len.max(off + d.len() as u64),
                FileOp::SetLen(n) => *n,
            };
        }
        Ok(len)
    }

    pub(super) fn attr(&mut self, ino: u64) -> Result<FileAttr, i32> {
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

    pub(super) fn read(&mut self, ino: u64, off: u64, size: usize) -> Result<Vec<u8>, i32> {
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
    pub(super) fn sync_file(&mut self, ino: u64) -> Result<(), i32> {
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
    pub(super) fn sync_dir(&mut self, ino: u64) -> Result<(), i32> {
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

    pub(super) fn trash_path(&mut self) -> PathBuf {
        self.trash_seq += 1;
        Path::new(TRASH).join(self.trash_seq.to_string())
    }

    /// Points `from` (and everything below it) at `to` in the inode table.
    pub(super) fn moved(&mut self, from: &Path, to: &Path) {
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

    pub(super) fn forget_path(&mut self, rel: &Path) {
        if let Some(i) = self.inos.remove(rel) {
            self.paths.remove(&i);
            self.pending.remove(&i);
        }
    }

    pub(super) fn cut(&mut self) -> CutReport {
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
