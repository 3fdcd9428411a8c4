//! Identifier newtypes. Staff are identified by their Unix uid because the kernel, not the
//! request, names the caller (DESIGN §2). Ticket numbers are readable over the phone.

use crate::domain::Field;
use serde::{Deserialize, Serialize};
use std::fmt;

use super::DeskError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CustomerId(pub u64);

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "C{}", self.0)
    }
}

impl std::str::FromStr for CustomerId {
    type Err = DeskError;
    /// Accepts `42` and `C42`.
    fn from_str(s: &str) -> Result<Self, DeskError> {
        let t = s.trim();
        let digits = t.strip_prefix(['C', 'c']).unwrap_or(t);
        digits.parse::<u64>().map(CustomerId).map_err(|_| {
            DeskError::invalid(
                Field::Customer,
                crate::domain::refusal::InputRefusal::NotCustomerId {
                    value: t.to_string(),
                },
            )
        })
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

    /// Parses a ticket typed by a person: case-insensitive, the `T` optional.
    pub fn parse(s: &str) -> Result<Ticket, DeskError> {
        let t = s.trim().to_ascii_uppercase();
        let body = t.strip_prefix('T').unwrap_or(&t);
        let ok = body.len() >= 9
            && body.as_bytes()[4] == b'-'
            && body[..4].bytes().all(|b| b.is_ascii_digit())
            && body[5..].bytes().all(|b| b.is_ascii_digit());
        if ok {
            Ok(Ticket(format!("T{body}")))
        } else {
            Err(DeskError::invalid(
                Field::Ticket,
                crate::domain::refusal::InputRefusal::NotTicket {
                    value: s.to_string(),
                },
            ))
        }
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

impl std::str::FromStr for Ticket {
    type Err = DeskError;
    fn from_str(s: &str) -> Result<Self, DeskError> {
        Ticket::parse(s)
    }
}

impl std::str::FromStr for CallbackId {
    type Err = DeskError;
    /// Accepts `CB12` and `12`.
    fn from_str(s: &str) -> Result<Self, DeskError> {
        parse_prefixed(Field::Callback, "CB", s).map(CallbackId)
    }
}

impl std::str::FromStr for VisitId {
    type Err = DeskError;
    /// Accepts `V7` and `7`.
    fn from_str(s: &str) -> Result<Self, DeskError> {
        parse_prefixed(Field::Visit, "V", s).map(VisitId)
    }
}

/// Parses `CB12` / `12` (callbacks) or `V7` / `7` (visits).
pub fn parse_prefixed(field: Field, prefix: &str, s: &str) -> Result<u64, DeskError> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let digits = upper.strip_prefix(prefix).unwrap_or(&upper);
    digits.parse::<u64>().map_err(|_| {
        DeskError::invalid(
            field,
            crate::domain::refusal::InputRefusal::NotId {
                value: t.to_string(),
                field,
                example: format!("{prefix}12"),
            },
        )
    })
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
