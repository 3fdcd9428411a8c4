//! Who is on the other end of the socket. The kernel says (SO_PEERCRED): a client cannot
//! claim to be someone else, and the app never asks for passwords — SSH authenticated the
//! person, the kernel names them (DESIGN §2). Tests bypass this by attaching a stream with
//! an injected `Caller` (`Server::attach`).

use std::os::unix::net::UnixStream;

use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
use nix::unistd::{Uid, User};

use super::desk::Caller;

/// The peer's uid from SO_PEERCRED, and its login name from the user database.
pub fn peer_caller(stream: &UnixStream) -> std::io::Result<Caller> {
    let creds = getsockopt(stream, PeerCredentials).map_err(std::io::Error::from)?;
    let uid = creds.uid();
    Ok(Caller {
        uid,
        username: username_of(uid),
    })
}

pub fn username_of(uid: u32) -> String {
    User::from_uid(Uid::from_raw(uid))
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| format!("uid{uid}"))
}

/// The uid of a Unix login, for `staff add USER`.
pub fn uid_of(username: &str) -> Option<u32> {
    User::from_name(username)
        .ok()
        .flatten()
        .map(|u| u.uid.as_raw())
}

/// The uid of this process (the client side of single-user mode).
pub fn current_uid() -> u32 {
    nix::unistd::getuid().as_raw()
}

/// Whether the client at the far end of `stream` has gone (its end closed), without
/// consuming anything: a session that has not yet noticed its client left must not count
/// against that person's connection cap.
pub fn peer_gone(stream: &UnixStream) -> bool {
    use nix::sys::socket::{recv, MsgFlags};
    use std::os::fd::AsRawFd;
    let mut byte = [0u8; 1];
    matches!(
        recv(
            stream.as_raw_fd(),
            &mut byte,
            MsgFlags::MSG_PEEK | MsgFlags::MSG_DONTWAIT
        ),
        Ok(0)
    )
}
