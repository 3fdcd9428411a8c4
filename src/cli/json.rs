//! The `--json` contract's additions to the stored records, so scripts need not look
//! anything up: every staff uid gets a sibling naming the login, and every numeric id a
//! sibling spelling it as the CLI prints and takes it (`"customer": 13, "customer_ref":
//! "C13"`).

use std::collections::HashMap;

/// Keys whose value is a staff uid (or a list of them, or a `{"staff": uid}` handler),
/// besides every `…_by` (`lent_by`, `issued_by`, …).
const STAFF_KEYS: [&str; 13] = [
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
    "borrower",
    "covering",
    "leaving",
];

/// Adds `<key>_login` beside every staff uid (`assists_logins` for the list), so a script
/// reads `"owner": 5001, "owner_login": "li"`. The uids stay where they were.
pub fn add_logins(v: &mut serde_json::Value, logins: &HashMap<u32, String>) {
    use serde_json::Value;
    let login = |v: &Value| -> Option<Value> {
        let uid = match v {
            Value::Number(n) => n.as_u64(),
            Value::Object(m) if m.len() == 1 => m.get("staff").and_then(Value::as_u64),
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
                    || key.ends_with("_by")
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

/// A numeric id of the kind `kind` names (the key it is under), as the CLI prints it.
fn printed_id(kind: &str, n: u64) -> Option<String> {
    use crate::domain::{CallbackId, CustomerId, VisitId};
    Some(match kind {
        "customer" | "customers" | "residents" => CustomerId(n).to_string(),
        "callback" | "callbacks" => CallbackId(n).to_string(),
        "visit" | "visits" => VisitId(n).to_string(),
        _ => return None,
    })
}

/// Adds `<key>_ref` beside every numeric customer, callback or visit id (`"customer": 13,
/// "customer_ref": "C13"`) and every unit (`"unit_ref": "3-2-1102"`; `units_refs` for a
/// list) and a request id (`"request_id_ref": "9f0c…"`, hex), and `ref` beside a record's
/// own `id`. `kind` is what holds `v`: the key it is under, or for the top, the kind of
/// record the printer printed (`"visit"`).
pub fn add_refs(v: &mut serde_json::Value, kind: Option<&str>) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let mut added = Vec::new();
            for (key, value) in map.iter() {
                if let Some(code) = unit_code(value) {
                    added.push((format!("{key}_ref"), Value::String(code)));
                    continue;
                }
                if let Some(hex) = (key == "request_id").then(|| request_id(value)).flatten() {
                    added.push((format!("{key}_ref"), Value::String(hex)));
                    continue;
                }
                if let Value::Array(items) = value {
                    let codes: Option<Vec<Value>> = items
                        .iter()
                        .map(|i| unit_code(i).map(Value::String))
                        .collect();
                    if let Some(codes) = codes.filter(|c| !c.is_empty()) {
                        added.push((format!("{key}_refs"), Value::Array(codes)));
                    }
                    continue;
                }
                let Some(n) = value.as_u64() else { continue };
                let holder = if key == "id" {
                    kind
                } else {
                    Some(key.as_str())
                };
                // Plural keys are counts when they hold a number (`"customers": 200`).
                let singular = key == "id" || !key.ends_with('s');
                if let Some(text) = holder.filter(|_| singular).and_then(|k| printed_id(k, n)) {
                    let name = if key == "id" {
                        "ref".into()
                    } else {
                        format!("{key}_ref")
                    };
                    added.push((name, Value::String(text)));
                }
            }
            for (key, value) in map.iter_mut() {
                add_refs(value, Some(key));
            }
            map.extend(added);
        }
        Value::Array(items) => items.iter_mut().for_each(|i| add_refs(i, kind)),
        _ => {}
    }
}

/// A unit as the CLI prints it (`3-2-1102`), when `v` is one.
fn unit_code(v: &serde_json::Value) -> Option<String> {
    let map = v.as_object().filter(|m| m.len() == 3)?;
    let part = |k: &str| map.get(k).and_then(serde_json::Value::as_u64);
    let code = crate::domain::UnitCode {
        building: u32::try_from(part("building")?).ok()?,
        unit: u32::try_from(part("unit")?).ok()?,
        room: u32::try_from(part("room")?).ok()?,
    };
    Some(code.to_string())
}

/// A request id (16 bytes, written as numbers) as hex, as the daemon's log names it.
fn request_id(v: &serde_json::Value) -> Option<String> {
    let bytes: Option<Vec<u8>> = v
        .as_array()?
        .iter()
        .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
        .collect();
    let bytes: [u8; 16] = bytes?.try_into().ok()?;
    Some(crate::domain::RequestId(bytes).to_string())
}
