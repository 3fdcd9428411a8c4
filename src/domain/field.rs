//! The fields a person fills in, as one closed set. A validation error names its field with
//! one of these, so the screen can put the cursor on the right widget and the CLI can name the
//! right option, without either matching on text.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Field {
    Action,
    After,
    At,
    Attorney,
    Callback,
    Card,
    Category,
    Cause,
    Channel,
    Condition,
    Customer,
    Customers,
    Date,
    Day,
    Days,
    Dept,
    Description,
    Dir,
    Due,
    End,
    Estate,
    File,
    Format,
    Gate,
    Import,
    Issue,
    Item,
    Items,
    Loan,
    Kind,
    Keep,
    Minutes,
    Name,
    Note,
    Notes,
    Onsite,
    Outcome,
    Owner,
    Party,
    Period,
    Phone,
    Plate,
    Promise,
    Promised,
    Purpose,
    Query,
    Reason,
    Receipt,
    Report,
    Role,
    Round,
    Scope,
    Scores,
    Severity,
    Signed,
    Since,
    Slip,
    Staff,
    Start,
    Subject,
    Summary,
    Text,
    Ticket,
    Tier,
    To,
    Topic,
    Uid,
    Unit,
    Until,
    User,
    View,
    Visitor,
    Visit,
    Year,
    Amount,
    ApprovedBy,
    Building,
    Consent,
    Contractor,
    Covers,
    Leaving,
    Agreed,
    Kinship,
    Deposit,
    Docs,
    Fee,
    Licence,
    Line,
    Pass,
    Permit,
    RubbishFee,
    RubbishReceipt,
    DepositReceipt,
    Works,
    From,
    Proxy,
    TenantOwnerPhone,
    IdNumber,
    WaiveArrears,
    SupervisorId,
    #[strum(serialize = "supervisor")]
    SupervisorName,
    SupervisorPhone,
    Undertaking,
    Way,
    Waterproof,
    Workers,
    /// A resident's number in an import file.
    Id,
    /// R-INT-17: what the same-day investigation of a complaint found.
    Finding,
    /// A phone call the exchange announced, by its number.
    Call,
    /// The number a call came from.
    Caller,
    /// An operator's telephone extension.
    Ext,
    /// An incident, by its number.
    Incident,
    /// A reply template's title, or a template by its number.
    Title,
    Template,
    /// The exchange's line or queue a call came in on.
    PhoneLine,
}

impl Field {
    /// The name people see: the CLI option without its dashes, the label in error lines.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The field of that name (`as_str`), if there is one.
    pub fn named(name: &str) -> Option<Field> {
        use strum::IntoEnumIterator;
        Field::iter().find(|f| f.as_str() == name)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Field;
    use strum::IntoEnumIterator;

    #[test]
    fn every_field_is_found_by_its_name_and_no_two_share_one() {
        for f in Field::iter() {
            assert_eq!(Field::named(f.as_str()), Some(f), "{f:?}");
        }
        assert_eq!(Field::SupervisorName.as_str(), "supervisor");
        assert_eq!(Field::ApprovedBy.as_str(), "approved-by");
    }
}
