//! Text and JSON output of replies. Times are shown in desk local time; staff by name.
//! Everything printed came through the daemon's validation, which refuses control
//! characters, so stored text cannot drive the terminal.

use std::collections::HashMap;

use crate::client::{Calls, Client};
use crate::domain::case::{CaseEvent, TimelineEntry};
use crate::domain::{Case, Handler, StaffId, Time};
use crate::protocol::Reply;

use super::Env;
use crate::domain::text::pad_to_width;

struct Names {
    staff: HashMap<StaffId, String>,
    logins: HashMap<u32, String>,
    offset: chrono::FixedOffset,
}

impl Names {
    /// Staff names for display. A desk that will not list its staff (it never refuses a
    /// registered caller) still prints, with uids.
    fn load(c: &mut Client) -> Names {
        let list = c.staff_list().unwrap_or_default();
        Names {
            staff: list.iter().map(|s| (s.uid, s.name.clone())).collect(),
            logins: list.into_iter().map(|s| (s.uid.0, s.username)).collect(),
            offset: chrono::FixedOffset::east_opt(c.welcome.utc_offset_minutes * 60)
                .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset is valid")),
        }
    }

    fn who(&self, uid: StaffId) -> String {
        self.staff
            .get(&uid)
            .cloned()
            .unwrap_or_else(|| format!("uid {}", uid.0))
    }

    fn time(&self, t: Time) -> String {
        t.with_timezone(&self.offset)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    fn handler(&self, h: &Handler) -> String {
        match h {
            Handler::Staff(uid) => self.who(*uid),
            Handler::Department(d) => d.clone(),
        }
    }
}

/// What `--json` prints: the reply's payload itself (`case list` → an array of cases, `case
/// show` → the case), not the protocol's enum wrapper around it; `{"done": true}` for a bare
/// acknowledgement.
fn json_body(reply: &Reply) -> serde_json::Result<serde_json::Value> {
    use serde_json::Value;
    Ok(match serde_json::to_value(reply)? {
        Value::Object(map) if map.len() == 1 => map
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .unwrap_or(Value::Null),
        Value::String(_) => serde_json::json!({ "done": true }),
        other => other,
    })
}

/// Keys whose value is a staff uid (or a list of them, or a `{"Staff": uid}` handler).
const STAFF_KEYS: [&str; 9] = [
    "by",
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
fn add_logins(v: &mut serde_json::Value, logins: &HashMap<u32, String>) {
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

pub fn reply(env: &Env, c: &mut Client, reply: &Reply) -> anyhow::Result<()> {
    let n = Names::load(c);
    if env.json {
        let mut body = json_body(reply)?;
        add_logins(&mut body, &n.logins);
        p!("{}", serde_json::to_string_pretty(&body)?);
        return Ok(());
    }
    match reply {
        Reply::Done => p!("done"),
        Reply::Staff(s) => p!(
            "{} ({}) uid {} — {}{}",
            s.name,
            s.username,
            s.uid.0,
            s.role.as_str(),
            if s.dept.is_empty() { String::new() } else { format!(", {}", s.dept) }
        ),
        Reply::StaffList(list) => {
            for s in list {
                p!("{:<16} {:<10} {:<11} {}", s.username, s.name, s.role.as_str(), s.dept);
            }
        }
        Reply::Customer(cu) => p!(
            "{} {} {} {}",
            cu.id,
            cu.name,
            cu.phones.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join(","),
            cu.units.iter().map(|u| u.to_string()).collect::<Vec<_>>().join(",")
        ),
        Reply::Matches(ms) => {
            if ms.is_empty() {
                p!("no matches");
            }
            for m in ms {
                p!(
                    "{:<8} {} {:<13} {:<10} {}",
                    m.customer.id.to_string(),
                    pad_to_width(&m.customer.name, 14),
                    m.customer.phones.join(","),
                    m.customer.units.join(","),
                    m.customer.tier.as_str()
                );
            }
        }
        Reply::Card(card) => {
            let cu = &card.customer;
            p!("{} {}  [{}]", cu.id, cu.name, cu.tier.as_str());
            p!("  phone: {}", cu.phones.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join(", "));
            p!("  unit:  {}", cu.units.iter().map(|u| u.to_string()).collect::<Vec<_>>().join(", "));
            if !cu.notes.is_empty() {
                p!("  notes: {}", cu.notes);
            }
            for cat in &card.repeat_categories {
                p!("  ! repeated complaints about {cat} (R-LIFE-09)");
            }
            p!("  history ({} cases, {} callbacks, {} visits):", card.cases.len(), card.callbacks.len(), card.visits.len());
            for case in &card.cases {
                p!(
                    "    {}  {}  {} {} {}  {}  owner {}",
                    n.time(case.registered_at),
                    case.ticket,
                    case.severity.as_str().to_uppercase(),
                    case.kind,
                    case.category,
                    case.status.as_str(),
                    n.who(case.owner)
                );
            }
            for v in &card.visits {
                p!("    {}  {}  visit {} with {} ({:?})", n.time(v.start), v.id, v.kind.as_str(), n.who(v.staff), v.status);
            }
            for cb in &card.callbacks {
                p!("    {}  {}  callback due, {:?}", n.time(cb.due), cb.id, cb.status);
            }
        }
        Reply::Case(case) => print_case(&n, case)?,
        Reply::Cases(rows) => {
            for r in rows {
                let late = if r.overdue.is_empty() { "" } else { "  PAST SLA" };
                p!(
                    "{}  {}  {} {:<10} {:<10} {:<13} {} owner {}{}",
                    r.ticket,
                    n.time(r.registered_at),
                    r.severity.as_str().to_uppercase(),
                    r.kind.as_str(),
                    r.category,
                    r.status.as_str(),
                    pad_to_width(&r.customer_name, 12),
                    r.owner_name,
                    late
                );
            }
        }
        Reply::Callback(cb) => p!(
            "{} {:?}, {} attempt(s), next due {}",
            cb.id,
            cb.status,
            cb.attempts.len(),
            n.time(cb.due)
        ),
        Reply::Callbacks(rows) => {
            for r in rows {
                p!(
                    "{:<6} due {}{}  {} {}  {}{}",
                    r.callback.id.to_string(),
                    n.time(r.callback.due),
                    if r.overdue { " OVERDUE" } else { "" },
                    r.customer_name,
                    r.phones.join(","),
                    r.ticket().map_or("tier care", |t| t.0.as_str()),
                    if r.callback.require_onsite { "  on-site + signature" } else { "" }
                );
            }
        }
        Reply::Visit(v) => p!(
            "{} {} {}–{} {} at {} ({:?})",
            v.id,
            v.kind.as_str(),
            n.time(v.start),
            n.time(v.end),
            n.who(v.staff),
            v.unit,
            v.status
        ),
        Reply::Visits(rows) => {
            for row in rows {
                let v = &row.visit;
                p!(
                    "{:<5} {}–{}  {:<8} {:<9} {} {} {:?}",
                    v.id.to_string(),
                    n.time(v.start),
                    n.time(v.end).get(11..).unwrap_or(""),
                    n.who(v.staff),
                    v.kind.as_str(),
                    v.unit,
                    row.customer_name,
                    v.status
                );
            }
        }
        Reply::Staged { rows } => p!("{rows} rows staged"),
        Reply::Planned { created, more } => p!(
            "{created} tier callbacks planned{}",
            if *more { "; run again for more" } else { "" }
        ),
        Reply::Imported { count, first_id } => {
            p!("imported {count} customers (first id C{first_id})")
        }
        Reply::Exported { dir, files } => {
            for (name, count) in files {
                p!("{name:<16} {count:>8}");
            }
            p!("exported to {dir}");
        }
        Reply::Changes(list) => {
            for ch in list {
                p!("#{:<6} {}  {:<16} {}", ch.seq, n.time(ch.at), ch.operation, ch.summary);
            }
        }
        Reply::Stats(s) => p!(
            "customers {}  open cases {}  past SLA {}  mine {}  callbacks due today {} (overdue {})  visits today {}",
            s.customers, s.open_cases, s.cases_past_sla, s.my_open_cases, s.callbacks_due_today, s.callbacks_overdue, s.visits_today
        ),
    }
    Ok(())
}

fn print_case(n: &Names, c: &Case) -> std::io::Result<()> {
    p!(
        "{}  {}  {} {} ({})  via {}",
        c.ticket,
        c.status.as_str(),
        c.severity.as_str().to_uppercase(),
        c.kind,
        c.category,
        c.channel
    );
    p!(
        "  customer {}   received by {}   owner {}",
        c.key.customer,
        n.who(c.received_by),
        n.who(c.owner)
    );
    if let Some(h) = &c.handler {
        p!("  handler {}", n.handler(h));
    }
    if let Some(s) = c.subject {
        p!("  about staff member {}", n.who(s));
    }
    p!("  {}", c.description);
    p!(
        "  dispatch by {}  respond by {}  resolve by {}{}",
        n.time(c.deadlines.dispatch),
        n.time(c.deadlines.respond),
        n.time(c.deadlines.resolve),
        c.promised_at
            .map(|p| format!("  promised {}", n.time(p)))
            .unwrap_or_default()
    );
    for TimelineEntry { at, by, event } in &c.timeline {
        let what = match event {
            CaseEvent::Registered => "registered".to_string(),
            CaseEvent::Dispatched(h) => format!("dispatched to {}", n.handler(h)),
            CaseEvent::Started => "started work".into(),
            CaseEvent::Note(t) => format!("note: {t}"),
            CaseEvent::AssistJoined => "joined as assist".into(),
            CaseEvent::Replied(t) => format!("replied: {t}"),
            CaseEvent::PromiseChanged { promised, reason } => {
                format!("promised {} ({reason})", n.time(*promised))
            }
            CaseEvent::Escalated(r) => format!("escalated: {r}"),
            CaseEvent::Reassigned { from, to, reason } => {
                format!("reassigned {} → {}: {reason}", n.who(*from), n.who(*to))
            }
            CaseEvent::Resolved(s) => format!("resolved: {s}"),
            CaseEvent::CallbackScheduled(id) => format!("callback {id} scheduled"),
            CaseEvent::CallbackSatisfied => "callback: satisfied".into(),
            CaseEvent::ReopenedByCallback(why) => format!("reopened by callback: {why}"),
            CaseEvent::CallbackGaveUp => "callback: unreachable, gave up".into(),
            CaseEvent::Closed => "closed".into(),
            CaseEvent::Taken { department } => format!("took it for {department}"),
        };
        p!("    {}  {:<8} {}", n.time(*at), n.who(*by), what);
    }
    Ok(())
}
