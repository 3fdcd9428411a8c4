//! Identifier newtypes. Staff are identified by their Unix uid because the kernel, not the
//! request, names the caller (DESIGN §2). Ticket numbers are readable over the phone.
//! Reading them as people type them is `parse.rs`, so that the refusals may name a ticket
//! without the identifiers depending on the refusals.

use serde::{Deserialize, Serialize};
use std::fmt;

mod parse;
pub use parse::parse_prefixed;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CustomerId(pub u64);

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "C{}", self.0)
    }
}

/// Unix uid of a staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StaffId(pub u32);

impl fmt::Display for StaffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "uid {}", self.0)
    }
}

/// Where a case lives in the store: its customer first, so a customer's history is one scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CaseKey {
    pub customer: CustomerId,
    pub seq: u64,
}

/// `T2611-0042`: year and month of registration (desk local time) and a monthly sequence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ticket(pub String);

/// `T2611-0007`: a letter naming the series, the desk-local year and month, and the month's
/// sequence number — short enough to read over a radio. Tickets, release slips (`R`),
/// visitors (`V`) and loans (`K`) are all numbered so.
pub fn month_number(letter: char, year: i32, month: u32, seq: u32) -> String {
    format!("{letter}{:02}{:02}-{seq:04}", year.rem_euclid(100), month)
}

/// A month number as a person types it: case-insensitive, the letter optional; None when it
/// is not one.
pub fn parse_month_number(letter: char, s: &str) -> Option<String> {
    let t = s.trim().to_ascii_uppercase();
    let body = t.strip_prefix(letter).unwrap_or(&t);
    let ok = body.len() >= 9
        && body.as_bytes()[4] == b'-'
        && body[..4].bytes().all(|b| b.is_ascii_digit())
        && body[5..].bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("{letter}{body}"))
}

impl Ticket {
    pub fn new(year: i32, month: u32, seq: u32) -> Ticket {
        Ticket(month_number('T', year, month, seq))
    }
}

impl fmt::Display for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CallbackId(pub u64);

impl fmt::Display for CallbackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CB{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct VisitId(pub u64);

impl fmt::Display for VisitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V{}", self.0)
    }
}

/// A client's idempotency key: a retried request with the same id is applied once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RequestId(pub [u8; 16]);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_round_trips_and_accepts_lowercase() {
        let t = Ticket::new(2026, 11, 42);
        assert_eq!(t.0, "T2611-0042");
        assert_eq!(Ticket::parse("t2611-0042").unwrap(), t);
        assert_eq!(Ticket::parse("2611-0042").unwrap(), t);
        assert!(Ticket::parse("T26-1").is_err());
    }

    #[test]
    fn customer_id_accepts_prefix() {
        assert_eq!("C42".parse::<CustomerId>().unwrap(), CustomerId(42));
        assert_eq!("42".parse::<CustomerId>().unwrap(), CustomerId(42));
        assert!("x".parse::<CustomerId>().is_err());
    }
}
