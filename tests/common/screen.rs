//! The counter screen against the test kit's desk: a fixed clock, 300 demo residents and
//! the kit's staff, drawn on a 100×30 `TestBackend`.

use frontdesk::domain::Policy;
use frontdesk::testkit::{fixed_now, TestDesk};
use frontdesk::tui::app::App;
use frontdesk::tui::ui;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn desk() -> (tempfile::TempDir, TestDesk) {
    let dir = tempfile::tempdir().expect("temp dir");
    let fx = TestDesk::frozen(dir.path(), Policy::default(), fixed_now())
        .and_then(|d| d.staff_up(300))
        .expect("test desk");
    (dir, fx)
}

pub fn screen(app: &mut App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("test terminal");
    t.draw(|f| ui::render(app, f)).expect("draw");
    t
}

pub fn text_of(app: &mut App) -> String {
    screen(app).backend().to_string()
}

/// The first English sentence on a Chinese screen, if any: two or more Latin words (two
/// letters or more each) in a row, one space apart, unless each is capitalised as a name
/// is (`Mia Wilson`). Single words pass: key names (`Esc`, `Ctrl-P`), codes, units, logins;
/// so do a command to type (`frontdesk survey open`) and a filter's keys (`kind:`).
pub fn latin_sentence(screen: &str) -> Option<String> {
    let is_word = |t: &str| {
        if t.ends_with(':') {
            return false;
        }
        let t = t.trim_matches(|c: char| "()[]{},.:;!?'\"`<>".contains(c));
        t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic())
    };
    for line in screen.lines() {
        let mut run: Vec<&str> = Vec::new();
        // Words after `frontdesk` are a command to type.
        let mut command = false;
        // Splitting on one space: a wider gap is an empty token, which ends a run, as
        // does a border, a number or a Chinese word.
        for token in line.split(' ').chain([""]) {
            if is_word(token) && !token.ends_with("frontdesk") {
                run.push(token);
                continue;
            }
            let named = run.iter().all(|w| {
                w.trim_start_matches('(')
                    .starts_with(|c: char| c.is_ascii_uppercase())
            });
            if run.len() >= 2 && !named && !command {
                return Some(run.join(" "));
            }
            run.clear();
            command = token.ends_with("frontdesk");
        }
    }
    None
}
