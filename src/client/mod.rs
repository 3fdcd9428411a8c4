//! The client side of the socket, used by the CLI, the TUI and tests: connect (starting a
//! daemon for this user when none answers, as tmux does), typed calls with idempotency keys,
//! and pushed change events.

mod calls;
pub mod screen_state;

pub use crate::protocol::{Exported, Imported};
pub use calls::{unexpected, Calls};

use crate::protocol::req;
use std::collections::VecDeque;
use std::io::{BufReader, BufWriter};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::domain::refusal::SystemRefusal;
use crate::domain::{ChangeRecord, DeskError, RequestId};
use crate::protocol::{
    self, read_frame, write_frame, ClientMsg, Hello, Reply, Request, ServerMsg, Welcome,
    MAX_RESPONSE_FRAME,
};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The daemon answered with an error.
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error("cannot reach the frontdesk daemon at {socket}: {reason}")]
    Connect { socket: String, reason: String },
    #[error("connection to the daemon lost: {0}; the request may not have been applied — check, then retry")]
    Lost(String),
    /// The daemon closed the connection and said why (the caller was deactivated).
    #[error("the daemon closed this connection: {0}")]
    Closed(DeskError),
}

/// Opens a connection to the daemon with the caller's identity: the kernel's (a real
/// socket), or in tests and screenshots an injected one (a socketpair into an in-process
/// daemon). The screen reconnects through it after the daemon went away.
pub type Connector = Arc<dyn Fn() -> Result<Client, ClientError> + Send + Sync>;

/// Connections to the daemon at `socket`; in single-user mode (`may_spawn`) a missing daemon
/// is started for this user first.
pub fn socket_connector(data: PathBuf, socket: PathBuf, may_spawn: bool) -> Connector {
    Arc::new(move || {
        if may_spawn {
            Client::connect_or_spawn(&data, &socket)
        } else {
            Client::connect(&socket)
        }
    })
}

/// Where things live by default: `$XDG_DATA_HOME/frontdesk`, else `~/.local/share/frontdesk`.
pub fn default_data_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(x).join("frontdesk");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".local/share/frontdesk")
}

pub fn default_socket(data_dir: &Path) -> PathBuf {
    data_dir.join("frontdesk.sock")
}

/// Something pushed by the daemon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    Change(ChangeRecord),
    /// Too many changes were missed; reload everything.
    Resync {
        last_seq: u64,
    },
    /// Saves are held up, and by what; `None`: they go through again.
    Waiting(Option<crate::domain::storage::Wait>),
}

/// Told, while a call waits for its answer, that saves are held up (and when they are not).
pub type WaitHook = Box<dyn FnMut(Option<crate::domain::storage::Wait>) + Send>;

pub struct Client {
    reader: BufReader<UnixStream>,
    writer: BufWriter<UnixStream>,
    stream: UnixStream,
    next_id: u64,
    pushed: VecDeque<Pushed>,
    pub welcome: Welcome,
    /// The estate each call is for, on a daemon that serves several (the hotline's): the
    /// estate in view. `None` on a desk's own daemon, and for a lookup across them all.
    estate: Option<String>,
    /// Told while a call waits (`on_wait`).
    wait_hook: Option<WaitHook>,
}

fn lost(e: impl std::fmt::Display) -> ClientError {
    ClientError::Lost(e.to_string())
}

/// A fresh idempotency key: unique per process, call and moment.
pub fn new_request_id() -> RequestId {
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&fastrand::u64(..).to_le_bytes());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    id[8..].copy_from_slice(&(nanos ^ u64::from(std::process::id()) << 32).to_le_bytes());
    RequestId(id)
}

impl Client {
    /// Says hello on an open stream and checks the daemon's protocol version.
    pub fn handshake(stream: UnixStream) -> Result<Client, ClientError> {
        let mut writer = BufWriter::new(stream.try_clone().map_err(lost)?);
        let mut reader = BufReader::new(stream.try_clone().map_err(lost)?);
        let hello = Hello {
            magic: protocol::MAGIC,
            version: protocol::PROTOCOL_VERSION,
            client: format!("frontdesk {}", env!("CARGO_PKG_VERSION")),
        };
        write_frame(&mut writer, &protocol::encode(&hello)).map_err(lost)?;
        let frame = read_frame(&mut reader, MAX_RESPONSE_FRAME).map_err(lost)?;
        match protocol::peek_version(&frame) {
            Some((m, v)) if m == protocol::MAGIC && v == protocol::PROTOCOL_VERSION => {}
            Some((m, v)) if m == protocol::MAGIC => {
                return Err(DeskError::ProtocolMismatch(
                    SystemRefusal::ProtocolVersion {
                        theirs: v,
                        ours: protocol::PROTOCOL_VERSION,
                    }
                    .into(),
                )
                .into())
            }
            _ => {
                return Err(DeskError::ProtocolMismatch(SystemRefusal::NotADaemon {}.into()).into())
            }
        }
        let welcome: Welcome = protocol::decode(&frame)?;
        if let Some(why) = welcome.refused {
            return Err(why.into());
        }
        Ok(Client {
            reader,
            writer,
            stream,
            next_id: 1,
            pushed: VecDeque::new(),
            welcome,
            estate: None,
            wait_hook: None,
        })
    }

    pub fn connect(socket: &Path) -> Result<Client, ClientError> {
        let stream = UnixStream::connect(socket).map_err(|e| ClientError::Connect {
            socket: socket.display().to_string(),
            reason: e.to_string(),
        })?;
        Client::handshake(stream)
    }

    /// Connects, or — when nothing answers — starts `frontdesk serve` for this user in the
    /// background (logging to `daemon.log` in the data dir) and connects to it.
    pub fn connect_or_spawn(data_dir: &Path, socket: &Path) -> Result<Client, ClientError> {
        match UnixStream::connect(socket) {
            Ok(s) => return Client::handshake(s),
            Err(e)
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
                ) =>
            {
                return Err(ClientError::Connect {
                    socket: socket.display().to_string(),
                    reason: e.to_string(),
                })
            }
            Err(_) => {}
        }
        let spawn_err = |reason: String| ClientError::Connect {
            socket: socket.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(data_dir)
            .map_err(|e| spawn_err(format!("creating {}: {e}", data_dir.display())))?;
        let log_path = data_dir.join("daemon.log");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| spawn_err(format!("opening {}: {e}", log_path.display())))?;
        let exe = std::env::current_exe().map_err(|e| spawn_err(e.to_string()))?;
        use std::os::unix::process::CommandExt;
        let mut child = std::process::Command::new(exe)
            .arg("--data")
            .arg(data_dir)
            .arg("--socket")
            .arg(socket)
            .arg("serve")
            .stdin(std::process::Stdio::null())
            .stdout(log.try_clone().map_err(|e| spawn_err(e.to_string()))?)
            .stderr(log)
            // Its own process group: Ctrl-C in this terminal must not stop the daemon.
            .process_group(0)
            .spawn()
            .map_err(|e| spawn_err(format!("starting the daemon: {e}")))?;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(s) = UnixStream::connect(socket) {
                return Client::handshake(s);
            }
            if let Ok(Some(status)) = child.try_wait() {
                let tail = std::fs::read_to_string(&log_path).unwrap_or_default();
                let last = tail.lines().last().unwrap_or("").to_string();
                return Err(spawn_err(format!(
                    "the daemon exited ({status}): {last} (see {})",
                    log_path.display()
                )));
            }
            if Instant::now() > deadline {
                return Err(spawn_err(format!(
                    "the daemon did not answer within 15 s (see {})",
                    log_path.display()
                )));
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Sends the following calls for `estate` (its code), or for none.
    pub fn set_estate(&mut self, estate: Option<String>) {
        self.estate = estate;
    }

    /// Tells `hook`, while a call waits for its answer, that saves are held up (a
    /// synchronous standby not answering, the database reconnecting) and when they go
    /// through again: a screen or a command can say why nothing has come back yet.
    pub fn on_wait(&mut self, hook: WaitHook) {
        self.wait_hook = Some(hook);
    }

    /// The estate the calls are for.
    pub fn estate(&self) -> Option<&str> {
        self.estate.as_deref()
    }

    /// One request with a fresh idempotency key.
    pub fn call(&mut self, request: Request) -> Result<Reply, ClientError> {
        self.call_with_id(new_request_id(), request)
    }

    /// One request with the given idempotency key: a retry with the same key after a lost
    /// reply is answered from the daemon's record instead of applied twice.
    pub fn call_with_id(
        &mut self,
        request_id: RequestId,
        request: Request,
    ) -> Result<Reply, ClientError> {
        let id = self.next_id;
        self.next_id += 1;
        let msg = ClientMsg::Call {
            id,
            request_id,
            estate: self.estate.clone(),
            request,
        };
        let body = protocol::encode(&msg);
        if body.len() > protocol::MAX_REQUEST_FRAME {
            // The daemon would refuse it and drop the connection; say so without sending,
            // naming the field when one is to blame.
            let ClientMsg::Call { request, .. } = &msg;
            if let Some((field, len)) = request.oversized_field() {
                return Err(DeskError::invalid(
                    field,
                    SystemRefusal::FieldTooLarge {
                        kib: len >> 10,
                        max_kib: crate::domain::text::MAX_TEXT_BYTES >> 10,
                    },
                )
                .into());
            }
            return Err(DeskError::TooLarge(
                SystemRefusal::RequestTooLarge {
                    kib: body.len() >> 10,
                    max_kib: protocol::MAX_REQUEST_FRAME >> 10,
                }
                .into(),
            )
            .into());
        }
        write_frame(&mut self.writer, &body).map_err(lost)?;
        loop {
            match self.read()? {
                ServerMsg::Reply { id: rid, result } if rid == id || rid == 0 => {
                    return result.map_err(ClientError::from)
                }
                ServerMsg::Reply { .. } => continue,
                ServerMsg::Event(c) => self.pushed.push_back(Pushed::Change(c)),
                ServerMsg::Resync { last_seq } => {
                    self.pushed.push_back(Pushed::Resync { last_seq })
                }
                ServerMsg::Closed(why) => return Err(ClientError::Closed(why)),
                ServerMsg::Waiting(wait) => {
                    if let Some(hook) = self.wait_hook.as_mut() {
                        hook(wait);
                    }
                }
            }
        }
    }

    fn read(&mut self) -> Result<ServerMsg, ClientError> {
        let frame = read_frame(&mut self.reader, MAX_RESPONSE_FRAME).map_err(lost)?;
        Ok(protocol::decode(&frame)?)
    }

    /// Starts receiving change events, first those after `after_seq`. Refused, like any
    /// request, unless the rights table lets the caller subscribe.
    pub fn subscribe(&mut self, after_seq: u64) -> Result<(), ClientError> {
        let reply = self.call(Request::Subscribe(req::Subscribe { after_seq }))?;
        match reply {
            Reply::Done => Ok(()),
            other => Err(unexpected("a subscription", &other).into()),
        }
    }

    /// The next pushed event, waiting up to `timeout`.
    pub fn next_pushed(&mut self, timeout: Duration) -> Result<Option<Pushed>, ClientError> {
        if let Some(p) = self.pushed.pop_front() {
            return Ok(Some(p));
        }
        self.stream
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
            .map_err(lost)?;
        let msg = read_frame(&mut self.reader, MAX_RESPONSE_FRAME);
        self.stream.set_read_timeout(None).map_err(lost)?;
        match msg {
            Ok(frame) => match protocol::decode::<ServerMsg>(&frame)? {
                ServerMsg::Event(c) => Ok(Some(Pushed::Change(c))),
                ServerMsg::Resync { last_seq } => Ok(Some(Pushed::Resync { last_seq })),
                ServerMsg::Reply { .. } => Ok(None),
                ServerMsg::Closed(why) => Err(ClientError::Closed(why)),
                ServerMsg::Waiting(wait) => Ok(Some(Pushed::Waiting(wait))),
            },
            Err(protocol::FrameError::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(lost(e)),
        }
    }
}

impl Calls for Client {
    type Error = ClientError;

    fn call_with_id(
        &mut self,
        request_id: RequestId,
        request: Request,
    ) -> Result<Reply, ClientError> {
        Client::call_with_id(self, request_id, request)
    }
}
