//! Keymaps as data: the shipped files parse and cover every action, a user file changes only
//! what it names, `noop` unbinds, and a bad file is reported with its line while the app
//! keeps the defaults.

use frontdesk::tui::command::Command;
use frontdesk::tui::keymap::{Key, Keymap, Section, DEFAULT, VIM};

fn key(s: &str) -> Key {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn the_default_keymap_binds_every_action() {
    let map = Keymap::parse(DEFAULT, "default").unwrap();
    for &cmd in Command::ALL {
        if cmd == Command::Noop {
            continue;
        }
        let bound = Section::ALL
            .iter()
            .any(|s| !map.keys_for(*s, cmd).is_empty());
        assert!(bound, "{} has no key in keymaps/default.toml", cmd.name());
    }
}

#[test]
fn vim_keymap_loads_over_the_defaults() {
    let (map, problem) = Keymap::load(Some("vim"), std::path::Path::new("/nonexistent"));
    assert_eq!(problem, None);
    assert_eq!(
        map.lookup(Section::Callbacks, key("j")),
        Some(Command::SelectNext)
    );
    // Everything vim.toml does not name is still the default.
    assert_eq!(
        map.lookup(Section::Global, key("<F2>")),
        Some(Command::ShowLookup)
    );
    Keymap::parse(VIM, "vim").unwrap();
}

#[test]
fn a_user_file_changes_only_what_it_names_and_noop_unbinds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[callbacks]\n\"x\" = \"record_satisfied\"\n\"s\" = \"noop\"\n",
    )
    .unwrap();
    let (map, problem) = Keymap::load(None, dir.path());
    assert_eq!(problem, None);
    let default = Keymap::default_map();
    assert_eq!(
        map.lookup(Section::Callbacks, key("x")),
        Some(Command::RecordSatisfied)
    );
    assert_eq!(map.lookup(Section::Callbacks, key("s")), None);
    for section in Section::ALL.iter().filter(|s| **s != Section::Callbacks) {
        assert_eq!(map.sections.get(section), default.sections.get(section));
    }
}

#[test]
fn a_bad_user_file_reports_its_line_and_keeps_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    for (text, line, what) in [
        (
            "[global]\n\"<C-q>\" = \"quit\"\n\"x\" = \"launch_rockets\"\n",
            3,
            "launch_rockets",
        ),
        ("[global]\n\n\"<Hyper-x>\" = \"quit\"\n", 3, "<Hyper-x>"),
        ("[globl]\n\"x\" = \"quit\"\n", 1, "globl"),
        ("[global]\n\"x\" = \n", 2, ""),
    ] {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let (map, problem) = Keymap::load(Some(path.to_str().unwrap()), dir.path());
        let problem = problem.unwrap_or_else(|| panic!("{text:?} was accepted"));
        assert!(
            problem.contains(&format!("line {line}")),
            "{text:?}: {problem}"
        );
        assert!(problem.contains(what), "{text:?}: {problem}");
        assert_eq!(map, Keymap::default_map());
    }
    let (_, missing) = Keymap::load(Some("/no/such/keymap.toml"), dir.path());
    assert!(missing.unwrap().contains("/no/such/keymap.toml"));
}

#[test]
fn keys_read_and_print_the_same() {
    for s in [
        "a",
        "A",
        "?",
        "<Enter>",
        "<C-s>",
        "<A-x>",
        "<F5>",
        "<C-A-Right>",
        "<BackTab>",
        "<lt>",
        "<Space>",
    ] {
        assert_eq!(key(s).to_string(), s);
    }
    assert!("<F13>".parse::<Key>().is_err());
    assert!("ab".parse::<Key>().is_err());
    assert_eq!(key("<C-S>"), key("<C-s>"));
}
