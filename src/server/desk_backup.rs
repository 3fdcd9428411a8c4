//! Export and backup (R-REC-15): the whole desk written as JSON Lines with a manifest, read
//! back and checked against it, and old backups pruned only after a new one is verified.

use std::path::{Path, PathBuf};

use super::desk::{Desk, DeskResult, Tx};
use crate::domain::{DeskError, Field, Time};
use crate::protocol::Reply;
use crate::store::export;

/// A backup's directory name: its time, so names sort as times do.
const BACKUP_NAME: &str = "%Y%m%dT%H%M%S%.3fZ";

impl Desk {
    pub(super) fn export(&self, tx: &Tx<'_>, dir: &str) -> DeskResult<Reply> {
        let path = absolute(Field::Dir, dir)?;
        Ok(Reply::Exported {
            dir: path.display().to_string(),
            files: self.export_verified(&path, tx.now)?,
            pruned: Vec::new(),
        })
    }

    /// Writes the export, reads it back and checks it: each file's name and record count.
    fn export_verified(&self, path: &Path, now: Time) -> DeskResult<Vec<(String, u64)>> {
        let refused = |e: crate::store::StoreError| {
            DeskError::invalid(
                Field::Dir,
                crate::domain::refusal::SystemRefusal::ExportFailed {
                    detail: crate::domain::refusal::Detail(e.to_string()),
                },
            )
        };
        let manifest =
            export::export(self.store.as_ref(), path, &now.to_rfc3339()).map_err(refused)?;
        export::verify(path, &manifest).map_err(refused)?;
        Ok(manifest
            .files
            .into_iter()
            .map(|f| (f.name, f.count))
            .collect())
    }

    /// R-REC-15: an export into `<to>/<time>` (default `backups/` in the data dir; another
    /// disk or a mounted share with `to`), verified; then, with `keep`, the older backups
    /// there beyond the newest `keep` are removed.
    pub(super) fn backup(
        &self,
        tx: &Tx<'_>,
        to: Option<&str>,
        keep: Option<u32>,
    ) -> DeskResult<Reply> {
        if keep == Some(0) {
            return Err(DeskError::invalid(
                Field::Keep,
                crate::domain::refusal::SystemRefusal::KeepOne {},
            ));
        }
        let base = match to {
            Some(dir) => absolute(Field::To, dir)?,
            None => self.data_dir.join("backups"),
        };
        let dir = base.join(tx.now.format(BACKUP_NAME).to_string());
        let files = self.export_verified(&dir, tx.now)?;
        let pruned = match keep {
            Some(keep) => prune(&base, keep as usize)?,
            None => Vec::new(),
        };
        Ok(Reply::Exported {
            dir: dir.display().to_string(),
            files,
            pruned,
        })
    }
}

fn absolute(field: Field, dir: &str) -> DeskResult<PathBuf> {
    let path = Path::new(dir.trim());
    if !path.is_absolute() {
        return Err(DeskError::invalid(
            field,
            crate::domain::refusal::InputRefusal::AbsolutePath {},
        ));
    }
    Ok(path.to_path_buf())
}

/// Removes the backups in `base` older than its newest `keep`: only directories named as a
/// backup's time and holding a manifest, so nothing else on a shared disk is touched.
fn prune(base: &Path, keep: usize) -> DeskResult<Vec<String>> {
    let listing = std::fs::read_dir(base).map_err(|e| {
        DeskError::invalid(
            Field::Dir,
            crate::domain::refusal::SystemRefusal::FileError {
                path: base.display().to_string(),
                detail: crate::domain::refusal::Detail(e.to_string()),
            },
        )
    })?;
    let mut backups: Vec<String> = listing
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| {
            chrono::NaiveDateTime::parse_from_str(name, BACKUP_NAME).is_ok()
                && base.join(name).join("manifest.json").is_file()
        })
        .collect();
    backups.sort();
    let old = backups.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for name in backups.into_iter().take(old) {
        let path = base.join(&name);
        std::fs::remove_dir_all(&path).map_err(|e| {
            DeskError::invalid(
                Field::Dir,
                crate::domain::refusal::SystemRefusal::PruneFailed {
                    path: path.display().to_string(),
                    detail: crate::domain::refusal::Detail(e.to_string()),
                },
            )
        })?;
        removed.push(path.display().to_string());
    }
    Ok(removed)
}
