//! Keymaps as data: `keymaps/default.toml` is built in; a user file (`--keymap NAME|FILE`, else
//! `keymap.toml` in the config dir) is merged over it per section and key. Bindings are maps
//! keyed by `Key`, so a key is bound once per section; `"noop"` unbinds. A bad user file
//! never stops the app: it starts on the defaults and reports the error with its line.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use super::command::Command;

pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");
pub const VIM: &str = include_str!("../../keymaps/vim.toml");

/// One key with Ctrl/Alt. Shift is folded into the character (`A`) or the code (`BackTab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyName,
    pub ctrl: bool,
    pub alt: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyName {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

const NAMED: &[(&str, KeyName)] = &[
    ("Enter", KeyName::Enter),
    ("Esc", KeyName::Esc),
    ("Tab", KeyName::Tab),
    ("BackTab", KeyName::BackTab),
    ("BS", KeyName::Backspace),
    ("Del", KeyName::Delete),
    ("Up", KeyName::Up),
    ("Down", KeyName::Down),
    ("Left", KeyName::Left),
    ("Right", KeyName::Right),
    ("Home", KeyName::Home),
    ("End", KeyName::End),
    ("PageUp", KeyName::PageUp),
    ("PageDown", KeyName::PageDown),
    ("Space", KeyName::Char(' ')),
    ("lt", KeyName::Char('<')),
];

impl Key {
    pub const fn plain(code: KeyName) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let code = match e.code {
            KeyCode::Char(c) => KeyName::Char(c),
            KeyCode::F(n) => KeyName::F(n),
            KeyCode::Enter => KeyName::Enter,
            KeyCode::Esc => KeyName::Esc,
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => KeyName::BackTab,
            KeyCode::Tab => KeyName::Tab,
            KeyCode::BackTab => KeyName::BackTab,
            KeyCode::Backspace => KeyName::Backspace,
            KeyCode::Delete => KeyName::Delete,
            KeyCode::Up => KeyName::Up,
            KeyCode::Down => KeyName::Down,
            KeyCode::Left => KeyName::Left,
            KeyCode::Right => KeyName::Right,
            KeyCode::Home => KeyName::Home,
            KeyCode::End => KeyName::End,
            KeyCode::PageUp => KeyName::PageUp,
            KeyCode::PageDown => KeyName::PageDown,
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// A character a text field should take: printable, no Ctrl or Alt.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyName::Char(c) if !self.ctrl && !self.alt && !c.is_control() => Some(c),
            _ => None,
        }
    }
}

impl FromStr for Key {
    type Err = String;

    fn from_str(s: &str) -> Result<Key, String> {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c == '<' || c.is_control() {
                return Err(format!(
                    "`{}` is not a key; write <lt> for <",
                    s.escape_debug()
                ));
            }
            return Ok(Key::plain(KeyName::Char(c)));
        }
        let inner = s
            .strip_prefix('<')
            .and_then(|r| r.strip_suffix('>'))
            .ok_or_else(|| {
                format!("`{s}` is not a key; write a, A, <Enter>, <C-s>, <A-x> or <F5>")
            })?;
        let mut key = Key::plain(KeyName::Esc);
        let mut rest = inner;
        loop {
            if let Some(r) = rest.strip_prefix("C-") {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-") {
                key.alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut rc = rest.chars();
        key.code = if let (Some(c), None) = (rc.next(), rc.next()) {
            KeyName::Char(if key.ctrl { c.to_ascii_lowercase() } else { c })
        } else if let Some(n) = rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return Err(format!("`{s}`: function keys are F1 to F12"));
            }
            KeyName::F(n)
        } else {
            NAMED
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(rest))
                .map(|(_, k)| *k)
                .ok_or_else(|| {
                    format!("`{s}` is not a key name; use e.g. <Enter>, <Tab>, <Up>, <F5>")
                })?
        };
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let named = NAMED.iter().find(|(_, k)| *k == self.code).map(|(n, _)| *n);
        let bare = match (self.code, named) {
            (_, Some(n)) => n.to_string(),
            (KeyName::F(n), _) => format!("F{n}"),
            (KeyName::Char(c), _) => c.to_string(),
            _ => unreachable!("every non-char key is in NAMED"),
        };
        if !self.ctrl && !self.alt && matches!(self.code, KeyName::Char(_)) && named.is_none() {
            return f.write_str(&bare);
        }
        f.write_str("<")?;
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        write!(f, "{bare}>")
    }
}

/// The sections of a keymap file; a pane looks in its own section, then `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Global,
    Lookup,
    Intake,
    Schedule,
    Callbacks,
    /// The Cases pane's lists.
    Cases,
    /// One case open, with its steps.
    Case,
    Reports,
    Paperwork,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Global,
        Section::Lookup,
        Section::Intake,
        Section::Schedule,
        Section::Callbacks,
        Section::Cases,
        Section::Case,
        Section::Reports,
        Section::Paperwork,
    ];
}

type RawSection = BTreeMap<Spanned<String>, Command>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawKeymap {
    #[serde(default)]
    global: RawSection,
    #[serde(default)]
    lookup: RawSection,
    #[serde(default)]
    intake: RawSection,
    #[serde(default)]
    schedule: RawSection,
    #[serde(default)]
    callbacks: RawSection,
    #[serde(default)]
    cases: RawSection,
    #[serde(default)]
    case: RawSection,
    #[serde(default)]
    reports: RawSection,
    #[serde(default)]
    paperwork: RawSection,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keymap {
    pub sections: BTreeMap<Section, BTreeMap<Key, Command>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Keymap {
    /// Parses one keymap file; errors say `NAME line N: what`.
    pub fn parse(text: &str, name: &str) -> Result<Keymap, String> {
        let raw: RawKeymap = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            format!("{name} line {line}: {}", e.message())
        })?;
        let mut map = Keymap::default();
        for (section, raw) in [
            (Section::Global, raw.global),
            (Section::Lookup, raw.lookup),
            (Section::Intake, raw.intake),
            (Section::Schedule, raw.schedule),
            (Section::Callbacks, raw.callbacks),
            (Section::Cases, raw.cases),
            (Section::Case, raw.case),
            (Section::Reports, raw.reports),
            (Section::Paperwork, raw.paperwork),
        ] {
            let keys = map.sections.entry(section).or_default();
            for (k, cmd) in raw {
                let key: Key = k.get_ref().parse().map_err(|e: String| {
                    format!("{name} line {}: {e}", line_of(text, k.span().start))
                })?;
                keys.insert(key, cmd);
            }
        }
        Ok(map)
    }

    pub fn default_map() -> Keymap {
        Keymap::parse(DEFAULT, "keymaps/default.toml").expect("the built-in keymap parses")
    }

    /// Lays `other` over `self`: named keys replace, `noop` removes.
    pub fn merge(&mut self, other: Keymap) {
        for (section, keys) in other.sections {
            let ours = self.sections.entry(section).or_default();
            for (k, cmd) in keys {
                if cmd == Command::Noop {
                    ours.remove(&k);
                } else {
                    ours.insert(k, cmd);
                }
            }
        }
    }

    /// The defaults with the user's choice over them, and the problem if that choice could
    /// not be used. `choice` is `default`, `vim`, or a file path; `None` looks for
    /// `keymap.toml` in the config dir.
    pub fn load(choice: Option<&str>, config_dir: &Path) -> (Keymap, Option<String>) {
        let mut map = Keymap::default_map();
        let (name, text) = match choice {
            Some("default") => return (map, None),
            Some("vim") => ("keymaps/vim.toml".to_string(), Ok(VIM.to_string())),
            Some(path) => (path.to_string(), std::fs::read_to_string(path)),
            None => {
                let path: PathBuf = config_dir.join("keymap.toml");
                if !path.exists() {
                    return (map, None);
                }
                (path.display().to_string(), std::fs::read_to_string(&path))
            }
        };
        let text = match text {
            Ok(t) => t,
            Err(e) => return (map, Some(format!("{name}: {e}"))),
        };
        match Keymap::parse(&text, &name) {
            Ok(user) => {
                map.merge(user);
                (map, None)
            }
            Err(e) => (map, Some(e)),
        }
    }

    pub fn lookup(&self, section: Section, key: Key) -> Option<Command> {
        self.sections
            .get(&section)
            .and_then(|s| s.get(&key))
            .or_else(|| {
                self.sections
                    .get(&Section::Global)
                    .and_then(|s| s.get(&key))
            })
            .copied()
    }

    /// The command for `key` in the first of `sections` that binds it, else in `[global]`.
    pub fn lookup_in(&self, sections: &[Section], key: Key) -> Option<Command> {
        sections
            .iter()
            .chain([&Section::Global])
            .find_map(|s| self.sections.get(s).and_then(|s| s.get(&key)))
            .copied()
    }

    /// Keys bound to `cmd` in `section` (not falling back to global), for help and hints.
    pub fn keys_for(&self, section: Section, cmd: Command) -> Vec<Key> {
        self.sections
            .get(&section)
            .map(|s| {
                let mut keys: Vec<Key> = s
                    .iter()
                    .filter(|(_, c)| **c == cmd)
                    .map(|(k, _)| *k)
                    .collect();
                // Plain keys first: they are what hints should show.
                keys.sort_by_key(|k| (k.ctrl || k.alt, *k));
                keys
            })
            .unwrap_or_default()
    }
}

/// The user's config dir: `$XDG_CONFIG_HOME/frontdesk`, else `~/.config/frontdesk`.
pub fn config_dir() -> PathBuf {
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("frontdesk")
}
