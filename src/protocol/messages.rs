//! The envelope: `Hello`/`Welcome` (they start with a fixed 8-byte prefix, magic + version,
//! that both sides check before decoding anything else, so peers of different protocol
//! versions get a clear mismatch error instead of garbage), the frames each side sends
//! (`ClientMsg`, `ServerMsg`), and their encoding. The requests are in `request.rs`, the
//! replies in `reply.rs`.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::{Reply, Request};
use crate::domain::{ChangeRecord, DeskError, Estate, RequestId, Staff};

pub const MAGIC: [u8; 4] = *b"FDSK";
/// 3: typed wire (drafts, roles, outcomes, ids and validation fields are domain types).
/// 4: estates (a call names the estate it is for; matches and the welcome name theirs).
/// 6: a refusal is data (a code with typed arguments), put into words by the reader.
/// 8: case rows name their estate, visits move and are called off, counts of missed visits
/// and suggestions, the screen's idle privacy in the welcome.
/// 10: a case's investigation clock and finding (R-INT-17).
/// 11: calls (ring, end, show), a staff member's extension, a card's calls.
/// 12: a refusal names a state, a role, a view or a visit's kind as a word of the
/// catalogue (`Term`), not as the domain's type.
/// 13: a refusal's choices are listed in each language (`Choices`).
pub const PROTOCOL_VERSION: u32 = 13;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub magic: [u8; 4],
    pub version: u32,
    pub client: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub magic: [u8; 4],
    pub version: u32,
    /// Set when the daemon refuses the connection (version mismatch).
    pub refused: Option<DeskError>,
    pub server: String,
    /// The caller as the kernel named them.
    pub username: String,
    pub uid: u32,
    pub me: Option<Staff>,
    /// True once `frontdesk init` has made a first admin.
    pub initialised: bool,
    pub last_seq: u64,
    pub utc_offset_minutes: i32,
    /// The estates this daemon serves, by code: one for an estate's daemon on the group's
    /// database, several for the hotline's, none for a desk on its own box.
    pub estates: Vec<Estate>,
    /// The desk's category list (`categories.toml`, read at the daemon's start): intake's
    /// picker, the labels cases are shown under, `frontdesk category list`.
    pub categories: crate::domain::category::CategoryList,
    /// R-REC-12: minutes without a key after which a screen hides resident details (0: never).
    pub privacy_minutes: i64,
    /// The policy a case's steps are taken under (who may reply), so the screen dims the
    /// keys the daemon would refuse.
    pub step_rules: crate::domain::policy::StepRules,
}

/// Reads magic and version from the first 8 bytes of a hello or welcome frame.
pub fn peek_version(frame: &[u8]) -> Option<([u8; 4], u32)> {
    let magic: [u8; 4] = frame.get(..4)?.try_into().ok()?;
    // bincode 1 encodes u32 little-endian, fixed width.
    let version = u32::from_le_bytes(frame.get(4..8)?.try_into().ok()?);
    Some((magic, version))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ClientMsg {
    Call {
        id: u64,
        request_id: RequestId,
        /// The estate the request is for, on a daemon serving several (the hotline); `None`
        /// on a desk's own daemon, or for a lookup across all of the hotline's estates.
        estate: Option<String>,
        request: Request,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ServerMsg {
    Reply {
        id: u64,
        result: Result<Reply, DeskError>,
    },
    Event(ChangeRecord),
    /// Too much was missed to replay; reload views from scratch.
    Resync {
        last_seq: u64,
    },
    /// The daemon closes this connection (the caller was deactivated); says why.
    Closed(DeskError),
    /// Saves are held up past a moment, and by what (`None`: they go through again). Sent
    /// to every connection, so a screen waiting on its own save can say why.
    Waiting(Option<crate::domain::storage::Wait>),
}

pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    bincode::serialize(msg).expect("bincode encodes every protocol type")
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DeskError> {
    use bincode::Options;
    // Same layout as `bincode::serialize` (fixed-width ints), plus a cap so a hostile length
    // inside a frame cannot make the decoder allocate more than the frame could hold.
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .with_limit(super::MAX_RESPONSE_FRAME as u64 * 2)
        .deserialize(bytes)
        .map_err(|e| {
            DeskError::ProtocolMismatch(
                crate::domain::refusal::SystemRefusal::Undecodable {
                    detail: crate::domain::refusal::Detail(e.to_string()),
                }
                .into(),
            )
        })
}
