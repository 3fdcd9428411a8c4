//! Reading identifiers as people type them (`C42`, `t2611-0007`, `CB12`, `V7`), each
//! refused against its field with an example when it is not one.

use std::str::FromStr;

use super::{parse_month_number, CallbackId, CustomerId, Ticket, VisitId};
use crate::domain::refusal::InputRefusal;
use crate::domain::{DeskError, Field};

impl FromStr for CustomerId {
    type Err = DeskError;
    /// Accepts `42` and `C42`.
    fn from_str(s: &str) -> Result<Self, DeskError> {
        let t = s.trim();
        let digits = t.strip_prefix(['C', 'c']).unwrap_or(t);
        digits.parse::<u64>().map(CustomerId).map_err(|_| {
            DeskError::invalid(
                Field::Customer,
                InputRefusal::NotCustomerId {
                    value: t.to_string(),
                },
            )
        })
    }
}

impl Ticket {
    /// Parses a ticket typed by a person: case-insensitive, the `T` optional.
    pub fn parse(s: &str) -> Result<Ticket, DeskError> {
        parse_month_number('T', s).map(Ticket).ok_or_else(|| {
            DeskError::invalid(
                Field::Ticket,
                InputRefusal::NotTicket {
                    value: s.to_string(),
                },
            )
        })
    }
}

impl FromStr for Ticket {
    type Err = DeskError;
    fn from_str(s: &str) -> Result<Self, DeskError> {
        Ticket::parse(s)
    }
}

impl FromStr for CallbackId {
    type Err = DeskError;
    /// Accepts `CB12` and `12`.
    fn from_str(s: &str) -> Result<Self, DeskError> {
        parse_prefixed(Field::Callback, "CB", s).map(CallbackId)
    }
}

impl FromStr for VisitId {
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
            InputRefusal::NotId {
                value: t.to_string(),
                field,
                example: format!("{prefix}12"),
            },
        )
    })
}
