//! `frontdesk pbx ami`: the bridge from an Asterisk-based exchange. It logs in to the
//! Asterisk Manager Interface (AMI: a line-based TCP protocol, `Key: Value` lines, a blank
//! line ending each message) and turns the exchange's events into the desk's calls:
//!
//! - `DialBegin` (Asterisk 12 and later), or `Dial` with `SubEvent: Begin` (1.8 to 11): a
//!   phone is being rung. The caller is the dialling channel's `CallerIDNum`; the extension
//!   is the device of the rung channel (`PJSIP/801-0000002a` → `801`), else its
//!   `DestCallerIDNum`. A dial to a `Local/` channel is the exchange's own plumbing (a ring
//!   group, a queue) and is passed over: its own dial to the phone follows. → `call ring`.
//! - `Hangup` of a rung channel → `call hangup` (the call's length goes on record).
//!
//! Everything else is read and ignored. A lost exchange or daemon is reconnected to.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{bail, Context};

use super::Env;
use crate::client::Calls;
use crate::domain::call::CallId;
use crate::protocol::req;

/// Rung channels remembered for their hang-up; past this many, all are forgotten
/// (a call then simply has no recorded length).
const MOST_LEGS: usize = 10_000;

/// One AMI message: its `Key: Value` lines, keys as sent.
pub type Message = HashMap<String, String>;

/// What one event asks of the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A phone is being rung; `leg` names the rung channel (its hang-up ends the call).
    Ring {
        from: String,
        ext: String,
        line: Option<String>,
        leg: String,
    },
    /// A channel hung up.
    Hangup { leg: String },
}

/// The desk's reading of one AMI event; `None` for the events it has no use for.
pub fn action(m: &Message) -> Option<Action> {
    let get = |k: &str| m.get(k).map(String::as_str).filter(known);
    match get("Event")? {
        "DialBegin" => ring(
            get("CallerIDNum"),
            get("DestChannel")?,
            get("DestCallerIDNum"),
            get("DestUniqueid")?,
            get("Context"),
        ),
        "Dial" if get("SubEvent") == Some("Begin") => ring(
            get("CallerIDNum").or(get("CallerID")),
            get("Destination")?,
            None,
            get("DestUniqueID")?,
            None,
        ),
        "Hangup" => Some(Action::Hangup {
            leg: get("Uniqueid").or(get("UniqueID"))?.to_string(),
        }),
        _ => None,
    }
}

/// AMI writes `<unknown>` where a caller ID is withheld or absent.
fn known(v: &&str) -> bool {
    !v.is_empty() && *v != "<unknown>"
}

fn ring(
    from: Option<&str>,
    channel: &str,
    dest_number: Option<&str>,
    leg: &str,
    context: Option<&str>,
) -> Option<Action> {
    if channel.starts_with("Local/") {
        return None;
    }
    // `PJSIP/801-0000002a`, `SIP/801-00000003`: the device, which is the extension.
    let device = channel
        .split_once('/')
        .map(|(_, rest)| rest.rsplit_once('-').map_or(rest, |(d, _)| d))
        .filter(|d| !d.is_empty());
    Some(Action::Ring {
        from: from?.to_string(),
        ext: device.or(dest_number)?.to_string(),
        line: context.map(str::to_string),
        leg: leg.to_string(),
    })
}

/// Reads one message (up to its blank line); `None` at the end of the stream.
pub fn read_message(r: &mut impl BufRead) -> std::io::Result<Option<Message>> {
    let mut m = Message::new();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            if m.is_empty() {
                continue;
            }
            return Ok(Some(m));
        }
        if let Some((k, v)) = l.split_once(':') {
            m.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
}

/// The bridge's settings.
pub struct Ami {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub secret_file: std::path::PathBuf,
}

/// Runs the bridge until stopped: a lost exchange is connected to again after a pause.
pub fn run(env: &Env, ami: &Ami) -> anyhow::Result<()> {
    let secret = std::fs::read_to_string(&ami.secret_file)
        .with_context(|| format!("--secret-file {}", ami.secret_file.display()))?;
    let secret = secret.trim();
    if secret.is_empty() || secret.contains(['\r', '\n']) {
        bail!(
            "--secret-file {}: holds no secret; put the AMI user's secret (manager.conf) on its one line",
            ami.secret_file.display()
        );
    }
    let mut bridge = Bridge {
        env,
        daemon: None,
        legs: HashMap::new(),
    };
    loop {
        match session(ami, secret, &mut bridge) {
            Ok(()) => eprintln!("frontdesk pbx: the exchange closed the connection; reconnecting"),
            Err(e) => eprintln!("frontdesk pbx: {e:#}; reconnecting in 5 s"),
        }
        std::thread::sleep(Duration::from_secs(5));
    }
}

/// The daemon side: a connection made when first needed and again after a loss, and the
/// rung channels whose hang-up ends a call.
struct Bridge<'a> {
    env: &'a Env,
    daemon: Option<crate::client::Client>,
    legs: HashMap<String, CallId>,
}

impl Bridge<'_> {
    fn apply(&mut self, action: Action) -> anyhow::Result<()> {
        if self.daemon.is_none() {
            self.daemon = Some(self.env.connect()?);
        }
        let Some(c) = self.daemon.as_mut() else {
            return Ok(());
        };
        let sent = match action {
            Action::Ring {
                from,
                ext,
                line,
                leg,
            } => c.send(req::CallRing { from, ext, line }).map(|r| {
                eprintln!(
                    "frontdesk pbx: call {} from {} at extension {}",
                    r.call.id, r.call.from, r.call.ext
                );
                // A hang-up the bridge never saw (it was reconnecting) must not grow this.
                if self.legs.len() >= MOST_LEGS {
                    self.legs.clear();
                }
                self.legs.insert(leg, r.call.id);
            }),
            Action::Hangup { leg } => match self.legs.remove(&leg) {
                Some(id) => c.send(req::CallEnd { id }).map(|_| ()),
                None => Ok(()),
            },
        };
        if let Err(e) = sent {
            // A refused call (a number that is no number) is the exchange's to fix; a lost
            // daemon is connected to again at the next event.
            if matches!(e, crate::client::ClientError::Desk(_)) {
                eprintln!("frontdesk pbx: {e}");
            } else {
                self.daemon = None;
                return Err(e.into());
            }
        }
        Ok(())
    }
}

/// One connection to the exchange: log in, then follow its events until it closes.
fn session(ami: &Ami, secret: &str, bridge: &mut Bridge<'_>) -> anyhow::Result<()> {
    let stream = TcpStream::connect((ami.host.as_str(), ami.port))
        .with_context(|| format!("connecting to the exchange at {}:{}", ami.host, ami.port))?;
    let mut w = stream.try_clone()?;
    let mut r = BufReader::new(stream);
    let mut greeting = String::new();
    r.read_line(&mut greeting)?;
    if !greeting.starts_with("Asterisk Call Manager") {
        bail!(
            "{}:{} is not an Asterisk Manager Interface (it said {:?})",
            ami.host,
            ami.port,
            greeting.trim()
        );
    }
    write!(
        w,
        "Action: Login\r\nActionID: frontdesk-login\r\nUsername: {}\r\nSecret: {secret}\r\nEvents: call\r\n\r\n",
        ami.user
    )?;
    w.flush()?;
    loop {
        let Some(m) = read_message(&mut r)? else {
            bail!("the exchange closed the connection during login");
        };
        match m.get("Response").map(String::as_str) {
            Some("Success") => break,
            Some(_) => bail!(
                "the exchange refused the login of {}: {}; check the user and secret in manager.conf",
                ami.user,
                m.get("Message").map_or("no reason given", String::as_str)
            ),
            None => continue,
        }
    }
    eprintln!(
        "frontdesk pbx: following the exchange at {}:{}",
        ami.host, ami.port
    );
    while let Some(m) = read_message(&mut r)? {
        if let Some(a) = action(&m) {
            if let Err(e) = bridge.apply(a) {
                eprintln!("frontdesk pbx: {e:#}");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(text: &str) -> Message {
        read_message(&mut text.as_bytes()).unwrap().unwrap()
    }

    #[test]
    fn a_dial_to_a_phone_is_a_ring_at_its_extension() {
        let m = msg("Event: DialBegin\r\nChannel: PJSIP/trunk-00000001\r\nCallerIDNum: 13800138000\r\nContext: from-trunk\r\nDestChannel: PJSIP/801-0000002a\r\nDestCallerIDNum: 801\r\nDestUniqueid: 1733.12\r\n\r\n");
        assert_eq!(
            action(&m),
            Some(Action::Ring {
                from: "13800138000".into(),
                ext: "801".into(),
                line: Some("from-trunk".into()),
                leg: "1733.12".into(),
            })
        );
    }

    #[test]
    fn plumbing_and_withheld_numbers_ring_nobody() {
        let local = msg("Event: DialBegin\r\nCallerIDNum: 13800138000\r\nDestChannel: Local/801@from-queue-0001;1\r\nDestUniqueid: 1\r\n\r\n");
        assert_eq!(action(&local), None);
        let withheld = msg("Event: DialBegin\r\nCallerIDNum: <unknown>\r\nDestChannel: SIP/801-01\r\nDestUniqueid: 2\r\n\r\n");
        assert_eq!(action(&withheld), None);
    }

    #[test]
    fn an_older_exchange_says_dial_begin_as_a_sub_event() {
        let m = msg("Event: Dial\r\nSubEvent: Begin\r\nChannel: SIP/trunk-01\r\nCallerIDNum: 02155551234\r\nDestination: SIP/802-0000000b\r\nUniqueID: 9.1\r\nDestUniqueID: 9.2\r\n\r\n");
        assert!(matches!(action(&m), Some(Action::Ring { ext, .. }) if ext == "802"));
        let h = msg("Event: Hangup\r\nUniqueid: 9.2\r\nCause: 16\r\n\r\n");
        assert_eq!(action(&h), Some(Action::Hangup { leg: "9.2".into() }));
    }
}
