//! What can cover the panes: the help page, the command palette (fuzzy over every command's
//! description), the shift-start digest and the undo key's confirmation.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use super::command::Command;
use super::digest::DigestPage;
use super::field::TextField;
use super::i18n::Lang;

#[derive(Debug, Default)]
pub struct Palette {
    pub query: TextField,
    pub selected: usize,
}

impl Palette {
    /// Commands matching the query, best first.
    pub fn matches(&self, lang: Lang) -> Vec<Command> {
        let q = self.query.text();
        let matcher = SkimMatcherV2::default();
        let mut scored: Vec<(i64, Command)> = Command::ALL
            .iter()
            .filter(|c| **c != Command::Noop)
            .filter_map(|&c| {
                if q.is_empty() {
                    return Some((0, c));
                }
                let hay = format!("{} {}", c.describe(lang), c.name());
                matcher.fuzzy_match(&hay, &q).map(|s| (s, c))
            })
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        scored.into_iter().map(|(_, c)| c).collect()
    }
}

#[derive(Debug)]
pub enum Overlay {
    None,
    Help,
    Palette(Palette),
    /// The shift-start digest, over Lookup.
    Digest(DigestPage),
    /// The undo key's confirmation: the step that will be undone.
    Undo(crate::protocol::UndoOffer),
}
