//! Hand-built big-endian keys: customer id first so one prefix scan lists a customer's
//! history in order; index keys start with their sort field so queues are range scans.
//! Which tree holds which key is declared once, with each tree (`sled_store/mod.rs`,
//! `trees!`). These are sled's keys only; no key crosses the `Store` trait.

use crate::domain::{CaseKey, Time};

pub fn u64_key(v: u64) -> [u8; 8] {
    v.to_be_bytes()
}

pub fn pair(a: u64, b: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&a.to_be_bytes());
    k[8..].copy_from_slice(&b.to_be_bytes());
    k
}

pub fn case_key(k: CaseKey) -> [u8; 16] {
    pair(k.customer.0, k.seq)
}

/// Milliseconds with the sign bit flipped so that byte order equals time order.
pub fn time_ms(t: Time) -> u64 {
    (t.timestamp_millis() as u64) ^ (1 << 63)
}

pub fn time_pair(t: Time, id: u64) -> [u8; 16] {
    pair(time_ms(t), id)
}

pub fn staff_time(uid: u32, t: Time, id: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(20);
    k.extend_from_slice(&uid.to_be_bytes());
    k.extend_from_slice(&time_pair(t, id));
    k
}

pub fn read_u64(bytes: &[u8]) -> Option<u64> {
    bytes.get(..8)?.try_into().ok().map(u64::from_be_bytes)
}

pub fn read_pair(bytes: &[u8]) -> Option<(u64, u64)> {
    Some((read_u64(bytes)?, read_u64(bytes.get(8..)?)?))
}

/// A dwelling's key: building, unit and room, big-endian, so a building's units sort together.
pub fn unit_key(u: crate::domain::UnitCode) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..4].copy_from_slice(&u.building.to_be_bytes());
    k[4..8].copy_from_slice(&u.unit.to_be_bytes());
    k[8..].copy_from_slice(&u.room.to_be_bytes());
    k
}

/// The unit in a `unit_key` (or at the start of a longer key).
pub fn unit_of_key(k: &[u8]) -> Option<crate::domain::UnitCode> {
    let n =
        |i: usize| -> Option<u32> { Some(u32::from_be_bytes(k.get(i..i + 4)?.try_into().ok()?)) };
    Some(crate::domain::UnitCode {
        building: n(0)?,
        unit: n(4)?,
        room: n(8)?,
    })
}

/// A case under its unit: the unit's key, then the case's.
pub fn unit_case_key(u: crate::domain::UnitCode, k: CaseKey) -> [u8; 28] {
    let mut out = [0u8; 28];
    out[..12].copy_from_slice(&unit_key(u));
    out[12..].copy_from_slice(&case_key(k));
    out
}

/// The case key in a `unit_case_key`.
pub fn case_of_unit_key(k: &[u8]) -> Option<CaseKey> {
    let customer = read_u64(k.get(12..20)?)?;
    let seq = read_u64(k.get(20..28)?)?;
    Some(CaseKey {
        customer: crate::domain::CustomerId(customer),
        seq,
    })
}

/// A `Paper`'s key in the `papers` trees: its kind's letter, then its number.
pub fn paper_row_key(kind: char, no: &str) -> Vec<u8> {
    let mut k = vec![kind as u8];
    k.extend_from_slice(no.as_bytes());
    k
}
