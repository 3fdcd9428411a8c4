//! Hint lines drawn from the active keymap. A pane declares what it offers as commands with a
//! short label (`"{} new case"`); the keys come from the keymap, the same source as help, so a
//! remapped key shows in the hint and an unbound action drops out of it.

use super::command::Command;
use super::i18n::{fill, Lang, Msg};
use super::keymap::{Key, KeyName, Keymap, Section};

/// One thing a hint line offers: the commands whose keys fill the label's `{}` (joined with
/// `/`, as in `←/→`), and the label.
pub type HintItem = (&'static [Command], Msg);

/// How a key reads in a hint: `Enter`, `Ctrl-B`, `Shift-Tab`, `←`.
pub fn key_label(key: Key) -> String {
    let bare = match key.code {
        KeyName::Char(' ') => "Space".to_string(),
        KeyName::Char(c) if key.ctrl || key.alt => c.to_uppercase().to_string(),
        KeyName::Char(c) => c.to_string(),
        KeyName::F(n) => format!("F{n}"),
        KeyName::Enter => "Enter".into(),
        KeyName::Esc => "Esc".into(),
        KeyName::Tab => "Tab".into(),
        KeyName::BackTab => "Shift-Tab".into(),
        KeyName::Backspace => "Backspace".into(),
        KeyName::Delete => "Del".into(),
        KeyName::Up => "↑".into(),
        KeyName::Down => "↓".into(),
        KeyName::Left => "←".into(),
        KeyName::Right => "→".into(),
        KeyName::Home => "Home".into(),
        KeyName::End => "End".into(),
        KeyName::PageUp => "PgUp".into(),
        KeyName::PageDown => "PgDn".into(),
    };
    let mut out = String::new();
    if key.ctrl {
        out.push_str("Ctrl-");
    }
    if key.alt {
        out.push_str("Alt-");
    }
    out + &bare
}

/// The key that runs `cmd` in `section`: the section's own first, then a global one the
/// section does not override.
pub fn key_for(keymap: &Keymap, section: Section, cmd: Command) -> Option<Key> {
    keymap
        .keys_for(section, cmd)
        .into_iter()
        .chain(
            keymap
                .keys_for(Section::Global, cmd)
                .into_iter()
                .filter(|k| keymap.lookup(section, *k) == Some(cmd)),
        )
        .next()
}

/// `←/→` for several commands; `None` if any of them has no key.
pub fn keys_label(keymap: &Keymap, section: Section, commands: &[Command]) -> Option<String> {
    let labels: Option<Vec<String>> = commands
        .iter()
        .map(|c| key_for(keymap, section, *c).map(key_label))
        .collect();
    labels.map(|l| l.join("/"))
}

/// The hint line: each item whose commands have keys, `·`-separated.
pub fn line(keymap: &Keymap, section: Section, items: &[HintItem], lang: Lang) -> String {
    items
        .iter()
        .filter_map(|(commands, label)| {
            keys_label(keymap, section, commands).map(|keys| fill(label.text(lang), &[&keys]))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
