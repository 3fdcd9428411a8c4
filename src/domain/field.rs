//! The fields a person fills in, as one closed set. A validation error names its field with
//! one of these, so the screen can put the cursor on the right widget and the CLI can name the
//! right option, without either matching on text.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Action,
    After,
    At,
    Callback,
    Category,
    Cause,
    Channel,
    Customer,
    Customers,
    Day,
    Dept,
    Description,
    Dir,
    End,
    File,
    Import,
    Kind,
    Minutes,
    Name,
    Note,
    Notes,
    Onsite,
    Outcome,
    Phone,
    Promise,
    Promised,
    Purpose,
    Query,
    Reason,
    Report,
    Role,
    Severity,
    Signed,
    Since,
    Staff,
    Start,
    Subject,
    Summary,
    Text,
    Ticket,
    Tier,
    To,
    Uid,
    Unit,
    Until,
    User,
    View,
    Visit,
}

impl Field {
    /// The name people see: the CLI option without its dashes, the label in error lines.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Action => "action",
            Field::After => "after",
            Field::At => "at",
            Field::Callback => "callback",
            Field::Category => "category",
            Field::Cause => "cause",
            Field::Channel => "channel",
            Field::Customer => "customer",
            Field::Customers => "customers",
            Field::Day => "day",
            Field::Dept => "dept",
            Field::Description => "description",
            Field::Dir => "dir",
            Field::End => "end",
            Field::File => "file",
            Field::Import => "import",
            Field::Kind => "kind",
            Field::Minutes => "minutes",
            Field::Name => "name",
            Field::Note => "note",
            Field::Notes => "notes",
            Field::Onsite => "onsite",
            Field::Outcome => "outcome",
            Field::Phone => "phone",
            Field::Promise => "promise",
            Field::Promised => "promised",
            Field::Purpose => "purpose",
            Field::Query => "query",
            Field::Reason => "reason",
            Field::Report => "report",
            Field::Role => "role",
            Field::Severity => "severity",
            Field::Signed => "signed",
            Field::Since => "since",
            Field::Staff => "staff",
            Field::Start => "start",
            Field::Subject => "subject",
            Field::Summary => "summary",
            Field::Text => "text",
            Field::Ticket => "ticket",
            Field::Tier => "tier",
            Field::To => "to",
            Field::Uid => "uid",
            Field::Unit => "unit",
            Field::Until => "until",
            Field::User => "user",
            Field::View => "view",
            Field::Visit => "visit",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
