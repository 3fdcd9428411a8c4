//! A phone call the exchange announced: the number that rang, the extension it rang at and
//! the operator who has that extension, the residents whose phone it is, and when it ended
//! when the exchange says so. Kept on the residents' history (their card lists it); an
//! unknown number is kept too, so "new resident" starts with the number filled in.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::refusal::InputRefusal;
use super::{CustomerId, DeskError, Field, Phone, StaffId, Time};

/// The desk's running number of calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CallId(pub u64);

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl std::str::FromStr for CallId {
    type Err = DeskError;
    /// Accepts `#12` and `12`.
    fn from_str(s: &str) -> Result<Self, DeskError> {
        super::ids::parse_prefixed(Field::Call, "#", s).map(CallId)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub id: CallId,
    pub at: Time,
    /// The caller's number as the desk compares it (`caller_digits`).
    pub from: String,
    /// The extension it rang.
    pub ext: String,
    /// The exchange's line or queue it came in on, when it says.
    pub line: Option<String>,
    /// The operator who had that extension when it rang.
    pub to: Option<StaffId>,
    /// The residents whose phone it is, as the record stood when it rang.
    pub customers: Vec<CustomerId>,
    /// When the exchange said it ended (hung up, by either side).
    pub ended: Option<Time>,
}

impl Call {
    /// How long it lasted, when its end is known.
    pub fn seconds(&self) -> Option<i64> {
        self.ended.map(|e| (e - self.at).num_seconds().max(0))
    }
}

/// The caller's number as the desk compares numbers: digits only (spaces, dashes and a
/// leading `+` dropped), and China's country code off a mobile number (`+86 138…`,
/// `0086 138…`), since records keep mobiles without it.
pub fn caller_digits(raw: &str) -> Result<String, DeskError> {
    let phone = Phone::parse(raw).map_err(|_| {
        DeskError::invalid(
            Field::Caller,
            InputRefusal::NotPhone {
                value: raw.to_string(),
            },
        )
    })?;
    Ok(comparable(&phone.0))
}

/// A stored or presented number in the one form both are compared in.
pub fn comparable(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    for prefix in ["0086", "86"] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if rest.len() == 11 && rest.starts_with('1') {
                return rest.to_string();
            }
        }
    }
    digits
}

/// Whether a resident's recorded phone is the caller's number: the same digits, or a
/// recorded landline with its area code when the exchange presented the local number (at
/// least seven digits, so a short extension never matches).
pub fn same_number(recorded: &str, caller: &str) -> bool {
    let recorded = comparable(recorded);
    recorded == caller
        || (caller.len() >= 7 && recorded.starts_with('0') && recorded.ends_with(caller))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::staff::extension;

    #[test]
    fn a_mobile_with_the_country_code_is_the_same_number_as_the_record() {
        let c = caller_digits("+86 138-0013-8000").unwrap();
        assert_eq!(c, "13800138000");
        assert!(same_number("13800138000", &c));
        assert_eq!(caller_digits("008613800138000").unwrap(), c);
    }

    #[test]
    fn a_local_number_matches_the_landline_recorded_with_its_area_code() {
        let c = caller_digits("5555 1234").unwrap();
        assert!(same_number("021-5555-1234", &c));
        assert!(
            !same_number("13855551234", &c),
            "a mobile ending alike is another line"
        );
        assert!(!same_number("021-5555-1234", "1234"));
    }

    #[test]
    fn an_extension_is_short_plain_text() {
        assert_eq!(extension(Field::Ext, " 801 ").unwrap(), "801");
        assert_eq!(
            extension(Field::Ext, "80\u{1b}1").unwrap_err().field(),
            Some(Field::Ext)
        );
        assert!(extension(Field::Ext, "").is_err());
        assert!(caller_digits("abc").is_err());
    }
}
