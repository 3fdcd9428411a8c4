//! The counter TUI (`frontdesk` with no subcommand): a thin client of the daemon. This file
//! sets the desk up for a first run (daemon, init, demo residents), then runs the event loop:
//! draw, wait for a key, a pushed change or a tick, update, repeat. `ratatui::init` installs
//! a panic hook that restores the terminal, and `restore` runs on every exit path.

pub mod app;
mod call_banner;
pub mod command;
pub mod digest;
pub mod field;
pub mod focus;
pub mod hints;
pub mod i18n;
pub mod keymap;
pub mod link;
pub mod overlay;
pub mod panes;
pub mod told;
pub mod ui;
mod undo_box;
mod waiting_line;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{self, Event, KeyEventKind};

use crate::client::{screen_state, Connector};
use app::App;
use i18n::Lang;
use keymap::{Key, Keymap};
use link::Link;

/// How the TUI was asked to start.
pub struct Options {
    pub lang: Option<String>,
    /// `--theme`: dark, light or mono (`NO_COLOR` picks mono when it is not given).
    pub theme: Option<String>,
    pub keymap: Option<String>,
    pub demo: bool,
    /// Demo residents to load into an empty desk with `--demo`.
    pub demo_customers: u32,
    /// The desk's socket: names this desk in the operator's screen state.
    pub socket: std::path::PathBuf,
}

pub fn run(connect: Connector, may_init: bool, opts: Options) -> anyhow::Result<()> {
    let lang = Lang::choose(opts.lang.as_deref()).map_err(anyhow::Error::msg)?;
    let theme = panes::style::Theme::choose(
        opts.theme.as_deref(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
    .map_err(anyhow::Error::msg)?;
    panes::style::set_theme(theme);
    let demo = opts.demo.then_some(opts.demo_customers);
    crate::first_run::set_up(&*connect, may_init, demo).context("setting up the desk")?;
    let (keymap, problem) = Keymap::load(opts.keymap.as_deref(), &keymap::config_dir());
    let mut link = Link::open(Arc::clone(&connect))?;
    let (while_waiting, scribbled) = waiting_line::hook(lang);
    link.while_waiting(while_waiting);
    let mut app = App::new(link, keymap, lang, chrono::Utc::now());
    app.keymap_problem(problem);
    // The shift-start digest, once per operator per day, from where the screen last closed.
    let state_file = screen_state::state_file();
    let mut state = screen_state::load(&state_file, &opts.socket);
    let today = app.now.with_timezone(&app.offset).date_naive();
    if app.me.is_some() && state.digest_day != Some(today) && app.open_digest(state.seen_seq) {
        state.digest_day = Some(today);
        let _ = screen_state::save(&state_file, &opts.socket, &state);
    }
    let seen = Arc::new(AtomicU64::new(app.seen_seq));
    let remember = {
        let (seen, file, socket, state) = (
            Arc::clone(&seen),
            state_file.clone(),
            opts.socket.clone(),
            state.clone(),
        );
        move || {
            let state = screen_state::DeskState {
                seen_seq: seen.load(Ordering::Relaxed),
                ..state.clone()
            };
            let _ = screen_state::save(&file, &socket, &state);
        }
    };

    let mut terminal = ratatui::init();
    exit_when_the_terminal_hangs_up(remember.clone());
    // Bracketed paste: a pasted block arrives as one Paste event, so a newline inside it
    // cannot act as Enter (and save a half-typed case).
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, &seen, &scribbled);
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    remember();
    result
}

/// What the loop wakes for: the terminal (a key, a paste, a resize) or a pushed change.
enum Wake {
    Terminal(Event),
    Pushed,
}

/// Reads the terminal on its own thread, so that the loop waits on one queue for keys and
/// pushed changes alike and a change is drawn the moment it arrives.
fn read_terminal(wake: mpsc::Sender<Wake>) -> anyhow::Result<()> {
    std::thread::Builder::new()
        .name("tui-keys".into())
        .spawn(move || {
            while let Ok(e) = event::read() {
                if wake.send(Wake::Terminal(e)).is_err() {
                    return;
                }
            }
        })
        .context("cannot start the key reader")?;
    Ok(())
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    seen: &AtomicU64,
    scribbled: &AtomicBool,
) -> anyhow::Result<()> {
    let (wake, woken) = mpsc::channel();
    read_terminal(wake.clone())?;
    app.link.on_event(Box::new(move || {
        let _ = wake.send(Wake::Pushed);
    }));
    while !app.quit {
        seen.store(app.seen_seq, Ordering::Relaxed);
        app.now = chrono::Utc::now();
        if scribbled.swap(false, Ordering::Relaxed) {
            // A held-up save's reason was written past ratatui: draw everything again.
            terminal.clear()?;
        }
        if let Some(text) = app.clipboard.take() {
            // To the operator's terminal, not this box's clipboard.
            let seq = app::osc52(&text, std::env::var_os("TMUX").is_some());
            let mut out = std::io::stdout();
            let _ = std::io::Write::write_all(&mut out, seq.as_bytes())
                .and_then(|()| std::io::Write::flush(&mut out));
        }
        terminal.draw(|f| ui::render(app, f))?;
        // A key or a pushed change wakes the loop at once; a tick at least every 200 ms
        // keeps the clock and countdowns moving.
        let mut typed = false;
        let mut next = woken.recv_timeout(Duration::from_millis(200)).ok();
        // Drain everything typed so far before searching: one search per burst.
        while let Some(w) = next.take() {
            match w {
                Wake::Terminal(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    if let Some(key) = Key::from_event(&k) {
                        app.press_key(key);
                    }
                    typed = true;
                }
                Wake::Terminal(Event::Paste(text)) => {
                    app.paste(&text);
                    typed = true;
                }
                Wake::Terminal(_) | Wake::Pushed => {}
            }
            if app.quit {
                break;
            }
            next = woken.try_recv().ok();
        }
        if typed {
            app.settle();
        }
        while let Some(e) = app.link.next_event() {
            app.on_link(e);
        }
        app.try_reconnect();
    }
    Ok(())
}

/// The SSH session or tmux pane can go away without SIGHUP reaching the screen (under
/// `runuser`, or with SIGHUP ignored); crossterm then reads end-of-file from the hung-up
/// terminal in a loop, forever, at full CPU. A watchdog thread notices the hang-up and
/// ends the process — nothing is lost: every acknowledged write is already durable.
fn exit_when_the_terminal_hangs_up(on_exit: impl Fn() + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("tty-watch".into())
        .spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            if terminal_gone() {
                on_exit();
                std::process::exit(0);
            }
        });
    if let Err(e) = spawned {
        eprintln!("frontdesk: cannot watch the terminal: {e}");
    }
}

/// True once the controlling terminal has hung up (its far end closed).
fn terminal_gone() -> bool {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::empty())];
    matches!(poll(&mut fds, PollTimeout::ZERO), Ok(n) if n > 0)
        && fds[0].revents().is_some_and(|r| {
            r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL)
        })
}
