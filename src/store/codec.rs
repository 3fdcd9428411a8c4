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

/// The lookup projection: `[tier u8][name len u8][name][1 phone]…[2 unit]…`. Small, and
/// decoded without bincode, so the daemon rebuilds its search index quickly at start-up.
pub fn encode_lookup(r: &crate::domain::LookupRecord) -> Vec<u8> {
    use crate::domain::Tier;
    let name = &r.name.as_bytes()[..r.name.len().min(255)];
    let mut out = Vec::with_capacity(2 + name.len() + 24);
    out.push(match r.tier {
        Tier::General => 0,
        Tier::Key => 1,
        Tier::Vip => 2,
    });
    out.push(name.len() as u8);
    out.extend_from_slice(name);
    for p in &r.phones {
        out.push(1);
        out.extend_from_slice(p.as_bytes());
    }
    for u in &r.units {
        out.push(2);
        out.extend_from_slice(u.as_bytes());
    }
    out
}

pub fn decode_lookup(id: u64, bytes: &[u8]) -> Result<crate::domain::LookupRecord, StoreError> {
    use crate::domain::{CustomerId, LookupRecord, Tier};
    let corrupt = |reason: &str| StoreError::Corrupt {
        tree: "lookup",
        reason: reason.to_string(),
    };
    let (&tier, rest) = bytes.split_first().ok_or_else(|| corrupt("empty"))?;
    let (&len, rest) = rest
        .split_first()
        .ok_or_else(|| corrupt("no name length"))?;
    let name = rest
        .get(..len as usize)
        .ok_or_else(|| corrupt("name cut short"))?;
    let mut r = LookupRecord {
        id: CustomerId(id),
        name: String::from_utf8_lossy(name).into_owned(),
        phones: Vec::new(),
        units: Vec::new(),
        tier: match tier {
            2 => Tier::Vip,
            1 => Tier::Key,
            _ => Tier::General,
        },
    };
    let contact = &rest[len as usize..];
    let kinds = contact.iter().enumerate().filter(|(_, b)| **b <= 2);
    let starts: Vec<(usize, u8)> = kinds.map(|(i, b)| (i, *b)).collect();
    for (k, (at, kind)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(contact.len(), |(e, _)| *e);
        let field = String::from_utf8_lossy(&contact[at + 1..end]).into_owned();
        match kind {
            1 => r.phones.push(field),
            _ => r.units.push(field),
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomerId, LookupRecord, Tier};

    #[test]
    fn lookup_projection_round_trips() {
        let r = LookupRecord {
            id: CustomerId(7),
            name: "欧阳娜娜".into(),
            phones: vec!["13800001102".into(), "+85291234567".into()],
            units: vec!["3-2-1102".into(), "12-1-101".into()],
            tier: Tier::Key,
        };
        assert_eq!(decode_lookup(7, &encode_lookup(&r)).unwrap(), r);
    }
}
