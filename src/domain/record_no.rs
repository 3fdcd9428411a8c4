//! The desk's monthly record numbers (release slips, decoration permits, visitors, loans,
//! incidents): one type, `RecordNo<S>`, over a series that names its letter, the field a
//! typed number fills and what it is called. `R2611-0007` is the seventh slip of November
//! 2026. Every series is declared here, once, in `series!` below: each letter is one
//! series's (a test checks it), and a record's type may name its number without depending
//! on the record.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{DeskError, Field};

/// One monthly series of numbers.
pub trait Series {
    /// The number's first letter.
    const LETTER: char;
    /// The field a mistyped number is refused on.
    const FIELD: Field;
    /// What one is called, for the refusal ("a slip number").
    const NAME: &'static str;
    /// Its counter's name; a month's is stored as `<name>_<yymm>` (`slip_2611`).
    const COUNTER: &'static str;
}

/// The tickets' monthly counter (a ticket is numbered as a series is, `T2611-0001`).
pub const TICKET_COUNTER: &str = "ticket";

/// A number of series `S`, as stored and shown: `R2611-0007`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordNo<S>(pub String, PhantomData<S>);

impl<S: Series> RecordNo<S> {
    /// The `seq`th number of the month.
    pub fn new(year: i32, month: u32, seq: u32) -> Self {
        RecordNo(
            super::ids::month_number(S::LETTER, year, month, seq),
            PhantomData,
        )
    }

    /// As a person types or reads it: case-insensitive, the letter optional.
    pub fn parse(s: &str) -> Result<Self, DeskError> {
        super::ids::parse_month_number(S::LETTER, s)
            .map(|n| RecordNo(n, PhantomData))
            .ok_or_else(|| {
                DeskError::invalid(
                    S::FIELD,
                    crate::domain::refusal::InputRefusal::NotRecordNo {
                        value: s.to_string(),
                        example: format!("{}2611-0007", S::LETTER),
                    },
                )
            })
    }

    /// The month's prefix, `V2611-`, for listing a month's records.
    pub fn month_prefix(year: i32, month: u32) -> String {
        format!("{}{:02}{:02}-", S::LETTER, year.rem_euclid(100), month)
    }
}

impl<S> fmt::Display for RecordNo<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Stored and sent as the bare string, as before the series had a type.
impl<S> Serialize for RecordNo<S> {
    fn serialize<Ser: Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        self.0.serialize(s)
    }
}

impl<'de, S> Deserialize<'de> for RecordNo<S> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|n| RecordNo(n, PhantomData))
    }
}

/// Declares each series and its number type, and the list of their letters.
macro_rules! series {
    ($($(#[$m:meta])* $marker:ident, $no:ident, $letter:literal, $field:ident, $name:literal, $counter:literal;)+) => {
        $(
            $(#[$m])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum $marker {}

            impl Series for $marker {
                const LETTER: char = $letter;
                const FIELD: Field = Field::$field;
                const NAME: &'static str = $name;
                const COUNTER: &'static str = $counter;
            }

            pub type $no = RecordNo<$marker>;
        )+

        /// Every series's letter, in the order declared.
        pub const LETTERS: &[char] = &[$($letter),+];

        /// Every monthly counter: the tickets' and each series's.
        pub const COUNTERS: &[&str] = &[TICKET_COUNTER, $($counter),+];
    };
}

series! {
    /// Release slips (R-OPS-03).
    Slips, SlipNo, 'R', Slip, "a slip number", "slip";
    /// Decoration permits (R-OPS-07).
    Permits, PermitNo, 'P', Permit, "a permit number", "permit";
    /// Visitors at the gate.
    Visitors, VisitorNo, 'V', Visitor, "a visitor number", "visitor";
    /// Loans of keys and tools.
    Loans, LoanNo, 'K', Loan, "a loan number", "loan";
    /// Incidents: one event, many callers.
    Incidents, IncidentNo, 'I', Incident, "an incident number", "incident";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One letter, one series; none is a ticket's `T`; one counter each.
    #[test]
    fn each_letter_names_one_series() {
        let mut seen = std::collections::HashSet::new();
        for l in LETTERS {
            assert!(seen.insert(l), "{l} is two series' letter");
            assert_ne!(*l, 'T', "T is the ticket's");
        }
        let counters: std::collections::HashSet<_> = COUNTERS.iter().collect();
        assert_eq!(counters.len(), LETTERS.len() + 1);
        assert_eq!(SlipNo::new(2026, 11, 7).to_string(), "R2611-0007");
    }
}
