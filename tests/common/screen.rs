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
