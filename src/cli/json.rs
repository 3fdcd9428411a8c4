//! The `--json` contract's one addition to the stored records: every staff uid gets a
//! sibling naming the login, so scripts need not look uids up.

use std::collections::HashMap;

/// Keys whose value is a staff uid (or a list of them, or a `{"Staff": uid}` handler).
const STAFF_KEYS: [&str; 10] = [
    "by",
    "escalated_to",
    "received_by",
    "owner",
    "subject",
    "handler",
    "assists",
    "staff",
    "created_by",
    "from",
];

/// Adds `<key>_login` beside every staff uid (`assists_logins` for the list), so a script
/// reads `"owner": 5001, "owner_login": "li"`. The uids stay where they were.
pub fn add_logins(v: &mut serde_json::Value, logins: &HashMap<u32, String>) {
    use serde_json::Value;
    let login = |v: &Value| -> Option<Value> {
        let uid = match v {
            Value::Number(n) => n.as_u64(),
            Value::Object(m) if m.len() == 1 => m.get("Staff").and_then(Value::as_u64),
            _ => None,
        }?;
        logins
            .get(&u32::try_from(uid).ok()?)
            .map(|l| Value::String(l.clone()))
    };
    match v {
        Value::Object(map) => {
            let mut added = Vec::new();
            for (key, value) in map.iter() {
                let staff_key = STAFF_KEYS.contains(&key.as_str())
                    // `to` is a uid in a reassignment, a handler in a dispatch.
                    || key == "to";
                if !staff_key {
                    continue;
                }
                if let Value::Array(items) = value {
                    let names: Option<Vec<Value>> = items.iter().map(login).collect();
                    if let Some(names) = names.filter(|n| !n.is_empty()) {
                        added.push((format!("{key}_logins"), Value::Array(names)));
                    }
                } else if let Some(name) = login(value) {
                    added.push((format!("{key}_login"), name));
                }
            }
            for value in map.values_mut() {
                add_logins(value, logins);
            }
            map.extend(added);
        }
        Value::Array(items) => items.iter_mut().for_each(|i| add_logins(i, logins)),
        _ => {}
    }
}
