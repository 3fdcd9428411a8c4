//! What the screen remembers for its operator between sessions, per desk: the last change it
//! had seen when it closed (the digest reports what others changed after it) and the day the
//! digest was last shown (once per operator per day). It is the operator's own reading
//! position, not desk data, so it lives with them: `$XDG_STATE_HOME/frontdesk/screen.toml`
//! (or `~/.local/state/…`), one table per desk socket. A missing or unreadable file means
//! "nothing seen yet"; failing to save it costs a repeated digest, never a record.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskState {
    /// The newest change the screen had seen when it last closed.
    #[serde(default)]
    pub seen_seq: u64,
    /// The local day the digest was last shown.
    pub digest_day: Option<NaiveDate>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StateFile {
    #[serde(default)]
    desks: BTreeMap<String, DeskState>,
}

pub fn state_file() -> PathBuf {
    std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("frontdesk/screen.toml")
}

fn read(file: &Path) -> StateFile {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// This operator's state for the desk behind `socket`.
pub fn load(file: &Path, socket: &Path) -> DeskState {
    read(file)
        .desks
        .remove(&socket.display().to_string())
        .unwrap_or_default()
}

/// Saves `state` for `socket`, keeping other desks' entries; written to a temporary file
/// and renamed, so a crash leaves the old file or the new one.
pub fn save(file: &Path, socket: &Path, state: &DeskState) -> std::io::Result<()> {
    let mut all = read(file);
    all.desks
        .insert(socket.display().to_string(), state.clone());
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = toml::to_string(&all).map_err(std::io::Error::other)?;
    let tmp = file.with_extension("toml.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_per_desk_and_a_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/screen.toml");
        let (a, b) = (Path::new("/run/a.sock"), Path::new("/run/b.sock"));
        assert_eq!(load(&file, a), DeskState::default());
        let s = DeskState {
            seen_seq: 42,
            digest_day: NaiveDate::from_ymd_opt(2026, 11, 23),
        };
        save(&file, a, &s).unwrap();
        save(&file, b, &DeskState::default()).unwrap();
        assert_eq!(load(&file, a), s);
        assert_eq!(load(&file, b), DeskState::default());
        std::fs::write(&file, "not toml [").unwrap();
        assert_eq!(load(&file, a), DeskState::default());
    }
}
