//! The size check a client makes before sending: which text in a request is longer than any
//! field may hold, so a 1 MiB paste is refused naming the field to shorten. Found by walking
//! the request as serde sees it (every request type, with no list to keep in step): the
//! field is named by the innermost key that holds the text.

use serde_json::Value;

use super::req::Request;
use crate::domain::text::MAX_TEXT_BYTES;
use crate::domain::Field;

impl Request {
    /// The first text longer than any field may hold, with the field it is in and its size.
    pub fn oversized_field(&self) -> Option<(Field, usize)> {
        let value = serde_json::to_value(self).ok()?;
        oversized(&value, "")
    }
}

fn oversized(v: &Value, key: &str) -> Option<(Field, usize)> {
    match v {
        Value::String(s) if s.len() > MAX_TEXT_BYTES => Some((field_named(key), s.len())),
        Value::Array(items) => items.iter().find_map(|i| oversized(i, key)),
        Value::Object(map) => map.iter().find_map(|(k, v)| oversized(v, k)),
        _ => None,
    }
}

/// The field a key of the request names: its own name, or the one a person fills in for it.
fn field_named(key: &str) -> Field {
    match key {
        "phones" | "add_phones" | "remove_phones" => Field::Phone,
        "units" => Field::Unit,
        "residence_card" => Field::Card,
        // A note or reply is the step's text; a comment on a survey form too.
        "Note" | "Reply" | "comment" => Field::Text,
        "department" => Field::To,
        "supervisor_name" => Field::SupervisorName,
        "owner_consent" => Field::Consent,
        "fee_receipt" => Field::Receipt,
        "owner_phone" => Field::TenantOwnerPhone,
        "covering" => Field::Covers,
        // Keys are snake_case, field names as the CLI spells them.
        other => Field::named(&other.replace('_', "-")).unwrap_or(Field::Text),
    }
}
