//! The value envelope: `[record tag u8][record version u16 BE][bincode body]`. bincode is
//! positional, so a record's shape never changes in place: a new shape gets a new version
//! number and an upgrade from the old one here (DESIGN §4).

use serde::{de::DeserializeOwned, Serialize};

use super::StoreError;

/// Whole-store schema, kept in `meta/schema`; a store from a newer build is refused.
pub const SCHEMA_VERSION: u64 = 1;

/// Record tags, one per stored type.
#[derive(Clone, Copy, Debug)]
pub enum Tag {
    Customer = 1,
    Case = 2,
    Callback = 3,
    Visit = 4,
    Staff = 5,
    Change = 6,
}

const CURRENT_RECORD_VERSION: u16 = 1;

pub fn encode<T: Serialize>(tag: Tag, value: &T) -> Vec<u8> {
    let mut out = vec![tag as u8];
    out.extend_from_slice(&CURRENT_RECORD_VERSION.to_be_bytes());
    // bincode cannot fail on these plain types: no maps with non-string keys, no unsized data.
    bincode::serialize_into(&mut out, value).expect("bincode encodes every stored type");
    out
}

pub fn decode<T: DeserializeOwned>(
    tree: &'static str,
    tag: Tag,
    bytes: &[u8],
) -> Result<T, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt { tree, reason };
    if bytes.len() < 3 {
        return Err(corrupt("value shorter than its envelope".into()));
    }
    if bytes[0] != tag as u8 {
        return Err(corrupt(format!(
            "record tag {} where {} was expected",
            bytes[0], tag as u8
        )));
    }
    let version = u16::from_be_bytes([bytes[1], bytes[2]]);
    match version {
        CURRENT_RECORD_VERSION => {
            bincode::deserialize(&bytes[3..]).map_err(|e| corrupt(e.to_string()))
        }
        v => Err(corrupt(format!(
            "record version {v} is newer than this build understands ({CURRENT_RECORD_VERSION}); upgrade frontdesk"
        ))),
    }
}
