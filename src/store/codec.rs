//! The value envelope: `[record tag u8][record version u16 BE][bincode body]`. bincode is
//! positional, so a record's shape never changes in place: a new shape gets a new version
//! number and an upgrade from the old one here (DESIGN §4).

use serde::{de::DeserializeOwned, Serialize};

use super::StoreError;

/// Whole-store schema, kept in `meta/schema`; a store from a newer build is refused.
pub const SCHEMA_VERSION: u64 = 1;

pub use super::tag::Tag;

/// The version every record is written at. 2: release slips carry the applicant's ID number
/// and any waiver of arrears (`upgrade::SlipV1` reads version 1's). 3: a case stores only the
/// clocks that run for it (`upgrade::CaseV2` reads versions 1 and 2). 4: a cover carries its
/// number and the supervisor's OK (`upgrade::CoverV3` reads versions 1 to 3). 5: a resident's
/// record names its keeper (appended to versions 1 to 4's). 6: an occupancy
/// keeps a relative's proof of kinship (`upgrade::DwellingV5` reads versions 1 to 5). 7: a
/// complaint's same-day investigation clock (`upgrade::CaseV6` reads versions 3 to 6). 8: a
/// staff record keeps the person's phone extension (appended to versions 1 to 7's).
pub const CURRENT_RECORD_VERSION: u16 = 8;

pub fn encode<T: Serialize>(tag: Tag, value: &T) -> Vec<u8> {
    encode_at(tag, CURRENT_RECORD_VERSION, value)
}

/// `value` in the envelope of record `version`: only tests write an older version, to keep
/// what that version wrote as a golden file.
pub fn encode_at<T: Serialize>(tag: Tag, version: u16, value: &T) -> Vec<u8> {
    let mut out = vec![tag as u8];
    out.extend_from_slice(&version.to_be_bytes());
    // bincode cannot fail on these plain types: no maps with non-string keys, no unsized data.
    bincode::serialize_into(&mut out, value).expect("bincode encodes every stored type");
    out
}

/// A stored value in the envelope of the current record version, whatever version wrote
/// it (the upgrades are by tag, not by type): what a generic check compares.
pub fn current(tree: &'static str, bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt { tree, reason };
    if bytes.len() < 3 {
        return Err(corrupt("value shorter than its envelope".into()));
    }
    let version = u16::from_be_bytes([bytes[1], bytes[2]]);
    if version >= CURRENT_RECORD_VERSION {
        return Ok(bytes.to_vec());
    }
    let tag = super::tag::Tag::of(bytes[0]).ok_or_else(|| {
        corrupt(format!(
            "record tag {} is no tag this build knows",
            bytes[0]
        ))
    })?;
    let mut body = bytes[3..].to_vec();
    for from in version.max(1)..CURRENT_RECORD_VERSION {
        if let Some(next) =
            super::upgrade::step(tag, from, &body).map_err(|e| corrupt(e.to_string()))?
        {
            body = next;
        }
    }
    let mut out = vec![bytes[0]];
    out.extend_from_slice(&CURRENT_RECORD_VERSION.to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
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
        v @ 1.. if v < CURRENT_RECORD_VERSION => {
            let mut body = std::borrow::Cow::Borrowed(&bytes[3..]);
            for from in v..CURRENT_RECORD_VERSION {
                if let Some(next) =
                    super::upgrade::step(tag, from, &body).map_err(|e| corrupt(e.to_string()))?
                {
                    body = std::borrow::Cow::Owned(next);
                }
            }
            bincode::deserialize(&body).map_err(|e| corrupt(e.to_string()))
        }
        0 => Err(corrupt("record version 0 was never written".into())),
        v => Err(corrupt(format!(
            "record version {v} is newer than this build understands ({CURRENT_RECORD_VERSION}); upgrade frontdesk"
        ))),
    }
}

/// Lookup projections are stored 64 customers to a key, so start-up reads ~16k values for a
/// million residents instead of a million.
pub const LOOKUP_BLOCK: u64 = 64;

pub fn lookup_block_key(id: u64) -> [u8; 8] {
    (id / LOOKUP_BLOCK).to_be_bytes()
}

/// The `(customer id, projection)` entries of a block: `[id u64 BE][len u16 BE][bytes]…`.
pub fn block_entries(block: &[u8]) -> impl Iterator<Item = (u64, &[u8])> {
    let mut rest = block;
    std::iter::from_fn(move || {
        let id = u64::from_be_bytes(rest.get(..8)?.try_into().ok()?);
        let len = u16::from_be_bytes(rest.get(8..10)?.try_into().ok()?) as usize;
        let bytes = rest.get(10..10 + len)?;
        rest = &rest[10 + len..];
        Some((id, bytes))
    })
}

/// A block with `updates` (id, projection) merged in, entries kept in id order; an empty
/// projection removes its entry (a merged duplicate).
pub fn merge_block(old: Option<&[u8]>, updates: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut entries: std::collections::BTreeMap<u64, &[u8]> =
        old.map(|b| block_entries(b).collect()).unwrap_or_default();
    for (id, bytes) in updates {
        if bytes.is_empty() {
            entries.remove(id);
        } else {
            entries.insert(*id, bytes);
        }
    }
    let mut out = Vec::new();
    for (id, bytes) in entries {
        let bytes = &bytes[..bytes.len().min(u16::MAX as usize)];
        out.extend_from_slice(&id.to_be_bytes());
        out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_merge_in_id_order_replace_and_remove() {
        let b = merge_block(None, &[(5, b"five".to_vec()), (3, b"three".to_vec())]);
        let b = merge_block(Some(&b), &[(5, b"FIVE".to_vec()), (9, b"nine".to_vec())]);
        let got: Vec<(u64, &[u8])> = block_entries(&b).collect();
        assert_eq!(
            got,
            vec![(3, &b"three"[..]), (5, &b"FIVE"[..]), (9, &b"nine"[..])]
        );
        // An empty projection removes the entry (a merged duplicate).
        let b = merge_block(Some(&b), &[(5, Vec::new())]);
        let got: Vec<u64> = block_entries(&b).map(|e| e.0).collect();
        assert_eq!(got, vec![3, 9]);
    }
}
