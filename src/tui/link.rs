//! The TUI's line to the daemon: one connection for calls (made from the event loop; each
//! answers in about a millisecond) and one background thread holding a second, subscribed
//! connection whose pushed changes arrive on a channel. When the daemon goes away both sides
//! notice, the screen says "reconnecting…", drafts stay in the panes, and the link comes back
//! by itself — in single-user mode by starting a new daemon (the connector does that).

use crate::protocol::req;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::client::{Calls, Client, ClientError, Connector, Pushed};
use crate::domain::{ChangeRecord, DeskError, RequestId};
use crate::protocol::{Reply, Request, Welcome};
use crate::tui::i18n::{Lang, Msg};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEvent {
    Change(ChangeRecord),
    /// Too much was missed: reload every view.
    Resync,
    Down,
    Up,
    /// The daemon refuses this person (deactivated while the screen was open): why.
    Refused(DeskError),
    /// Saves are held up, and by what (`None`: they go through again).
    Waiting(Option<crate::domain::storage::Wait>),
}

/// Told on the calling thread when a call's save is held up (`Link::while_waiting`).
pub type WaitShown = Arc<dyn Fn(Option<crate::domain::storage::Wait>) + Send + Sync>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The daemon answered with a refusal.
    Desk(DeskError),
    /// No daemon right now; the request was not applied (or, for a write, may have been:
    /// retry with the same request id).
    Offline,
}

impl From<DeskError> for LinkError {
    fn from(e: DeskError) -> Self {
        LinkError::Desk(e)
    }
}

impl LinkError {
    /// The refusal in the reader's language. (No `Display`: an English default would be
    /// one `{e}` away from a Chinese screen.)
    pub fn in_words(&self, lang: Lang) -> String {
        match self {
            LinkError::Desk(e) => crate::words::desk_error(lang, e),
            LinkError::Offline => Msg::Reconnecting.text(lang).to_string(),
        }
    }
}

pub struct Link {
    connect: Connector,
    client: Option<Client>,
    pub welcome: Welcome,
    events: Receiver<LinkEvent>,
    last_try: Instant,
    /// Set when the link is dropped, so the event thread stops.
    closed: Arc<AtomicBool>,
    /// On the hotline's daemon: the estate in view, which every call but a lookup is for
    /// and whose changes the event thread follows. `None` on an estate's own daemon.
    estate: Arc<Mutex<Option<String>>>,
    /// Shows, while a call waits, why (the event loop is blocked in the call).
    while_waiting: Option<WaitShown>,
    /// Called by the event thread after each event it queues: wakes the screen's loop.
    nudge: Nudge,
    /// The request ids of this screen's recent calls: a pushed change under one of them is
    /// the echo of a save whose reply the screen has already applied.
    sent: std::collections::VecDeque<RequestId>,
    /// How many calls this screen has made (what a refresh costs, for tests and tuning).
    pub calls: u64,
}

/// How many of the screen's own request ids are remembered (a save's echo arrives within
/// moments of its reply).
const REMEMBERED_CALLS: usize = 64;

/// What wakes the screen's loop when the event thread has queued something.
type Nudge = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// The event thread's end of the queue: each event queued wakes the screen at once.
struct Pusher {
    tx: Sender<LinkEvent>,
    nudge: Nudge,
}

impl Pusher {
    /// Queues `event`; an error means the screen has gone (the thread then ends).
    fn send(&self, event: LinkEvent) -> Result<(), ()> {
        self.tx.send(event).map_err(|_| ())?;
        if let Some(wake) = self
            .nudge
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            wake();
        }
        Ok(())
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
    }
}

impl Link {
    /// Connects (the first connection must work: there is nothing to show without it) and
    /// starts the subscriber thread from the daemon's current sequence number.
    pub fn open(connect: Connector) -> Result<Link, ClientError> {
        let client = connect()?;
        let welcome = client.welcome.clone();
        let (tx, rx) = mpsc::channel();
        let closed = Arc::new(AtomicBool::new(false));
        let (sub_connect, sub_closed) = (connect.clone(), closed.clone());
        // On the group's database the screen is for an estate: the hotline starts on the
        // first its operator serves (the welcome's sequence is that estate's).
        let estate = Arc::new(Mutex::new(welcome.estates.first().map(|e| e.code.clone())));
        let sub_estate = estate.clone();
        let nudge: Nudge = Arc::default();
        let tx = Pusher {
            tx,
            nudge: nudge.clone(),
        };
        let from = welcome.last_seq;
        // A guard may not follow the desk's changes (they name residents); their screen
        // asks for each slip afresh instead.
        let guard = welcome
            .me
            .as_ref()
            .is_some_and(|m| m.role == crate::domain::Role::Guard);
        if !guard {
            std::thread::Builder::new()
                .name("tui-events".into())
                .spawn(move || subscribe_forever(sub_connect, from, tx, &sub_closed, &sub_estate))
                .map_err(|e| ClientError::Lost(format!("cannot start the event thread: {e}")))?;
        }
        Ok(Link {
            connect,
            client: Some(client),
            welcome,
            events: rx,
            last_try: Instant::now(),
            closed,
            estate,
            while_waiting: None,
            nudge,
            sent: std::collections::VecDeque::with_capacity(REMEMBERED_CALLS),
            calls: 0,
        })
    }

    /// While a call waits on a held-up save, `show` is told why (and when it is over).
    pub fn while_waiting(&mut self, show: WaitShown) {
        if let Some(client) = self.client.as_mut() {
            let shown = show.clone();
            client.on_wait(Box::new(move |w| shown(w)));
        }
        self.while_waiting = Some(show);
    }

    /// The estate in view on the hotline.
    pub fn estate(&self) -> Option<String> {
        self.estate
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Puts `code` in view (the hotline): calls are for it from now on, and the screen
    /// follows its changes (the event thread resubscribes and asks for a reload). True when
    /// the estate in view changed.
    pub fn set_estate(&mut self, code: &str) -> bool {
        if self.welcome.estates.iter().all(|e| e.code != code) {
            return false;
        }
        let mut held = self.estate.lock().unwrap_or_else(|p| p.into_inner());
        if held.as_deref() == Some(code) {
            return false;
        }
        *held = Some(code.to_string());
        true
    }

    /// An estate the hotline serves as the screen names it: `XS02 西山苑`.
    pub fn estate_named(&self, code: &str) -> String {
        self.welcome
            .estates
            .iter()
            .find(|e| e.code == code)
            .map_or(code.to_string(), |e| format!("{} {}", e.code, e.name))
    }

    /// Puts every estate in view (the hotline): listings and counts span them, the screen
    /// follows all their changes, and a case or resident opened brings its estate into view.
    /// True when the view changed.
    pub fn show_all_estates(&mut self) -> bool {
        let mut held = self.estate.lock().unwrap_or_else(|p| p.into_inner());
        held.take().is_some()
    }

    /// Tries to connect again, at most twice a second; true when connected.
    pub fn reconnect(&mut self) -> bool {
        if self.client.is_some() {
            return true;
        }
        if self.last_try.elapsed() < Duration::from_millis(500) {
            return false;
        }
        self.last_try = Instant::now();
        if let Ok(mut c) = (self.connect)() {
            self.welcome = c.welcome.clone();
            if let Some(show) = self.while_waiting.clone() {
                c.on_wait(Box::new(move |w| show(w)));
            }
            self.client = Some(c);
        }
        self.client.is_some()
    }

    /// `wake` is called each time a pushed event is queued, from the event thread: the
    /// screen's loop waits on one queue for keys and pushes and draws a change at once.
    pub fn on_event(&self, wake: Box<dyn Fn() + Send>) {
        *self.nudge.lock().unwrap_or_else(|p| p.into_inner()) = Some(wake);
    }

    /// True when `id` is one of this screen's own recent calls.
    pub fn sent_here(&self, id: &RequestId) -> bool {
        self.sent.contains(id)
    }

    pub fn next_event(&self) -> Option<LinkEvent> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for an event (tests and the e2e loop).
    pub fn wait_event(&self, timeout: Duration) -> Option<LinkEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

/// The screen's typed calls (`Calls`): a write the user may repeat after a lost connection
/// passes the same id each time, so the daemon applies it once.
impl Calls for Link {
    type Error = LinkError;

    fn call_with_id(&mut self, id: RequestId, request: Request) -> Result<Reply, LinkError> {
        if self.client.is_none() {
            self.reconnect();
        }
        let estate = match request {
            // The hotline's lookup spans every estate.
            Request::CustomerFind(req::CustomerFind { .. }) => None,
            _ => self.estate(),
        };
        let Some(client) = self.client.as_mut() else {
            return Err(LinkError::Offline);
        };
        client.set_estate(estate);
        self.calls += 1;
        if self.sent.len() == REMEMBERED_CALLS {
            self.sent.pop_front();
        }
        self.sent.push_back(id);
        match client.call_with_id(id, request) {
            Ok(reply) => Ok(reply),
            Err(ClientError::Desk(e)) => Err(LinkError::Desk(e)),
            Err(ClientError::Closed(why)) => {
                // Deactivated: say why instead of "reconnecting…".
                self.client = None;
                Err(LinkError::Desk(why))
            }
            Err(_) => {
                self.client = None;
                Err(LinkError::Offline)
            }
        }
    }
}

/// The event thread: subscribe, forward every change, and on a lost connection say so and
/// resubscribe from the last sequence seen, until the link is dropped.
fn subscribe_forever(
    connect: Connector,
    mut after: u64,
    tx: Pusher,
    closed: &AtomicBool,
    estate: &Mutex<Option<String>>,
) {
    let in_view = || estate.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let mut following = in_view();
    let mut was_down = false;
    while !closed.load(Ordering::Relaxed) {
        let now_in_view = in_view();
        if now_in_view != following {
            // Another estate numbers its changes on its own: follow it from now, and have
            // the screen reload what it shows.
            following = now_in_view;
            after = u64::MAX;
            if tx.send(LinkEvent::Resync).is_err() {
                return;
            }
        }
        let mut client = match connect() {
            Ok(c) => c,
            Err(_) => {
                if !was_down {
                    was_down = true;
                    if tx.send(LinkEvent::Down).is_err() {
                        return;
                    }
                }
                std::thread::sleep(Duration::from_millis(500));
                continue;
            }
        };
        client.set_estate(following.clone());
        match client.subscribe(after) {
            Ok(()) => {}
            Err(e) => {
                if let ClientError::Desk(refusal) = e {
                    // Deactivated (or never registered): say why, then try again calmly.
                    if tx.send(LinkEvent::Refused(refusal)).is_err() {
                        return;
                    }
                }
                std::thread::sleep(Duration::from_millis(2000));
                continue;
            }
        }
        if std::mem::take(&mut was_down) && tx.send(LinkEvent::Up).is_err() {
            return;
        }
        loop {
            let event = match client.next_pushed(Duration::from_millis(500)) {
                Ok(Some(Pushed::Change(c))) => {
                    after = if after == u64::MAX {
                        c.seq
                    } else {
                        after.max(c.seq)
                    };
                    LinkEvent::Change(c)
                }
                Ok(Some(Pushed::Resync { last_seq })) => {
                    after = last_seq;
                    LinkEvent::Resync
                }
                Ok(Some(Pushed::Waiting(wait))) => LinkEvent::Waiting(wait),
                Ok(None) if closed.load(Ordering::Relaxed) => return,
                Ok(None) if in_view() != following => break,
                Ok(None) => continue,
                Err(ClientError::Closed(why)) => {
                    was_down = true;
                    if tx.send(LinkEvent::Refused(why)).is_err() {
                        return;
                    }
                    break;
                }
                Err(_) => {
                    was_down = true;
                    if tx.send(LinkEvent::Down).is_err() {
                        return;
                    }
                    break;
                }
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    }
}
