//! Text and JSON output of replies. Times are shown in desk local time; staff by name.
//! Everything printed came through the daemon's validation, which refuses control
//! characters, so stored text cannot drive the terminal.

use crate::protocol::req;
use std::collections::HashMap;

use crate::client::{Calls, Client, Exported, Imported};
use crate::domain::{Access, AccessRecord};
use crate::domain::{Callback, ChangeRecord, Customer, Handler, Staff, StaffId, Time, Visit};
use crate::protocol::{CallbackRow, CustomerCard, HandoverReport, Match, VisitRow};

use super::json::{add_logins, add_refs};
use super::Env;
use crate::domain::text::pad_to_width;

/// Prints `value` with `print`. The printer (which asks the daemon for staff names) is made
/// only once there is something to print, so a script's `case add` costs one round trip.
pub(super) fn show<T: ?Sized>(
    value: impl std::borrow::Borrow<T>,
    env: &super::Env,
    c: &mut Client,
    print: fn(&Printer, &T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    print(&Printer::new(env, c), value.borrow())
}

struct Names {
    staff: HashMap<StaffId, String>,
    logins: HashMap<u32, String>,
    offset: chrono::FixedOffset,
}

impl Names {
    /// Staff names for display. A desk that will not list its staff (it never refuses a
    /// registered caller) still prints, with uids.
    fn load(c: &mut Client) -> Names {
        let list = c.send(req::StaffList {}).unwrap_or_default();
        Names {
            staff: list.iter().map(|s| (s.uid, s.name.clone())).collect(),
            logins: list.into_iter().map(|s| (s.uid.0, s.username)).collect(),
            offset: crate::domain::local_time::fixed_offset(c.welcome.utc_offset_minutes),
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

/// One staff record on a line: `李娜 (li) uid 5001 — clerk, 工程部`, and whether deactivated.
pub(super) fn staff_line(s: &Staff) -> String {
    let dept = if s.dept.is_empty() {
        String::new()
    } else {
        format!(", {}", s.dept)
    };
    let state = if s.active { "" } else { " (deactivated)" };
    format!(
        "{} ({}) uid {} — {}{dept}{state}",
        s.name,
        s.username,
        s.uid.0,
        s.role.as_str()
    )
}

/// A word enum as the CLI prints it: the word its JSON carries (`pending`,
/// `done: satisfied`), so the text and the JSON say the same thing.
fn word<T: serde::Serialize>(v: &T) -> String {
    use serde_json::Value;
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}: {s}"),
                _ => k.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

/// Prints replies as text, or with `--json` as the value itself (an array for lists, the
/// record for `show`), staff uids named by login beside them.
pub struct Printer {
    n: Names,
    json: bool,
}

/// Prints `value` as JSON and returns from the method when `--json` was asked for; with a
/// kind (`"visit"`), the record's own `id` is one of those and gets its printed `ref`; with
/// `else "…"`, a list, and the line printed in its stead when it is empty.
macro_rules! json_or_text {
    ($self:ident, $list:expr, else $empty:literal) => {
        json_or_text!($self, $list);
        if $list.is_empty() {
            p!($empty);
        }
    };
    ($self:ident, $value:expr) => {
        if $self.json {
            return $self.print_json(&$value, None);
        }
    };
    ($self:ident, $value:expr, $kind:literal) => {
        if $self.json {
            return $self.print_json(&$value, Some($kind));
        }
    };
}

mod call;
mod cases;
mod fees;
mod incident;
mod loan;
mod permit;
mod release;
mod residents;
mod status;
mod template;
pub use status::Status;
mod survey;
mod visitor;

impl Printer {
    pub fn new(env: &Env, c: &mut Client) -> Printer {
        Printer {
            n: Names::load(c),
            json: env.json,
        }
    }

    fn print_json<T: serde::Serialize + ?Sized>(
        &self,
        value: &T,
        kind: Option<&str>,
    ) -> anyhow::Result<()> {
        let mut body = serde_json::to_value(value)?;
        add_logins(&mut body, &self.n.logins);
        add_refs(&mut body, kind);
        p!("{}", serde_json::to_string_pretty(&body)?);
        Ok(())
    }

    pub fn staff(&self, s: &Staff) -> anyhow::Result<()> {
        json_or_text!(self, s);
        p!("{}", staff_line(s));
        Ok(())
    }

    pub fn staff_list(&self, list: &[Staff]) -> anyhow::Result<()> {
        json_or_text!(self, list);
        for s in list {
            let state = if s.active { "" } else { "  (deactivated)" };
            p!(
                "{:<16} {} {:<11} {}{state}",
                s.username,
                crate::domain::text::pad_to_width(&s.name, 10),
                s.role.as_str(),
                s.dept
            );
        }
        Ok(())
    }

    pub fn customer(&self, cu: &Customer) -> anyhow::Result<()> {
        json_or_text!(self, cu, "customer");
        p!(
            "{} {} {} {}",
            cu.id,
            cu.name,
            cu.phones
                .iter()
                .map(|p| p.0.as_str())
                .collect::<Vec<_>>()
                .join(","),
            cu.units
                .iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        Ok(())
    }

    pub fn matches(&self, ms: &[Match]) -> anyhow::Result<()> {
        json_or_text!(self, ms, else "no matches");
        for m in ms {
            // On the hotline each resident is named with their estate: `DH01/C12`.
            let id = match &m.estate {
                Some(code) => format!("{code}/{}", m.customer.id),
                None => m.customer.id.to_string(),
            };
            p!(
                "{:<8} {} {:<13} {:<10} {}",
                id,
                pad_to_width(&m.customer.name, 14),
                m.customer.phones.join(","),
                m.customer.units.join(","),
                m.customer.tier.as_str()
            );
        }
        Ok(())
    }

    pub fn card(&self, card: &CustomerCard) -> anyhow::Result<()> {
        json_or_text!(self, card);
        let n = &self.n;
        let cu = &card.customer;
        p!(
            "{} {}  [{}]{}",
            cu.id,
            cu.name,
            cu.tier.as_str(),
            if card.moved_out { "  MOVED OUT" } else { "" }
        );
        p!(
            "  phone: {}",
            cu.phones
                .iter()
                .map(|p| p.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        p!(
            "  unit:  {}",
            cu.units
                .iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !cu.notes.is_empty() {
            p!("  notes: {}", cu.notes);
        }
        if let Some(k) = cu.keeper {
            p!("  record kept by {}", n.who(k));
        }
        match &card.verified {
            Some(v) => p!("  verified {} by {}", n.time(v.at), n.who(v.by)),
            None => p!("  never verified"),
        }
        for cat in &card.repeat_categories {
            p!("  ! repeated complaints about {cat}");
        }
        p!(
            "  history ({} cases, {} callbacks, {} visits):",
            card.cases.len(),
            card.callbacks.len(),
            card.visits.len()
        );
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
        for c in &card.calls {
            p!("    {}", self.call_line(c));
        }
        for v in &card.visits {
            p!(
                "    {}  {}  visit {} with {} ({})",
                n.time(v.start),
                v.id,
                v.kind.as_str(),
                n.who(v.staff),
                word(&v.status)
            );
        }
        for cb in &card.callbacks {
            p!(
                "    {}  {}  callback due, {}",
                n.time(cb.due),
                cb.id,
                word(&cb.status)
            );
        }
        Ok(())
    }

    pub fn callback(&self, cb: &Callback) -> anyhow::Result<()> {
        json_or_text!(self, cb, "callback");
        p!(
            "{} {}, {} attempt(s), next due {}",
            cb.id,
            word(&cb.status),
            cb.attempts.len(),
            self.n.time(cb.due)
        );
        Ok(())
    }

    pub fn callbacks(&self, rows: &[CallbackRow]) -> anyhow::Result<()> {
        json_or_text!(self, rows);
        for r in rows {
            p!(
                "{:<6} due {}{}  {} {}  {}{}",
                r.callback.id.to_string(),
                self.n.time(r.callback.due),
                if r.overdue { " OVERDUE" } else { "" },
                r.customer_name,
                r.phones.join(","),
                r.about(),
                if r.callback.require_onsite {
                    "  on-site + signature"
                } else {
                    ""
                }
            );
        }
        Ok(())
    }

    pub fn visit(&self, v: &Visit) -> anyhow::Result<()> {
        json_or_text!(self, v, "visit");
        let n = &self.n;
        p!(
            "{} {} {}–{} {} at {} ({})",
            v.id,
            v.kind.as_str(),
            n.time(v.start),
            n.time(v.end),
            n.who(v.staff),
            v.unit,
            word(&v.status)
        );
        Ok(())
    }

    pub fn visits(&self, rows: &[VisitRow]) -> anyhow::Result<()> {
        json_or_text!(self, rows);
        let n = &self.n;
        for row in rows {
            let v = &row.visit;
            p!(
                "{:<5} {}–{}  {:<8} {:<9} {} {} {}",
                v.id.to_string(),
                n.time(v.start),
                n.time(v.end).get(11..).unwrap_or(""),
                n.who(v.staff),
                v.kind.as_str(),
                v.unit,
                row.customer_name,
                word(&v.status)
            );
        }
        Ok(())
    }

    pub fn planned(&self, &(created, more): &(u64, bool)) -> anyhow::Result<()> {
        json_or_text!(
            self,
            serde_json::json!({ "created": created, "more": more })
        );
        p!(
            "{created} tier callbacks planned{}",
            if more { "; run again for more" } else { "" }
        );
        Ok(())
    }

    pub fn imported(&self, i: &Imported) -> anyhow::Result<()> {
        json_or_text!(
            self,
            serde_json::json!({ "count": i.count, "first_id": i.first_id })
        );
        p!("imported {} customers (first id C{})", i.count, i.first_id);
        Ok(())
    }

    pub fn exported(&self, e: &Exported) -> anyhow::Result<()> {
        json_or_text!(
            self,
            serde_json::json!({ "dir": e.dir, "files": e.files, "verified": true, "pruned": e.pruned })
        );
        for (name, count) in &e.files {
            p!("{name:<24} {count:>8}");
        }
        p!(
            "exported to {} (read back and verified against its manifest)",
            e.dir
        );
        for old in &e.pruned {
            p!("removed the older backup {old}");
        }
        Ok(())
    }

    pub fn changes(&self, list: &[ChangeRecord]) -> anyhow::Result<()> {
        json_or_text!(self, list);
        for ch in list {
            p!(
                "#{:<6} {}  {:<16} {}",
                ch.seq,
                self.n.time(ch.at),
                ch.operation,
                ch.summary
            );
        }
        Ok(())
    }

    pub fn handover(&self, r: &HandoverReport) -> anyhow::Result<()> {
        json_or_text!(self, r);
        p!(
            "handed over {} cases ({} with a pending callback), {} visits and the keeping of {} residents' records; {} residents get a new-contact callback",
            r.cases,
            r.callbacks,
            r.visits,
            r.records,
            r.contact_callbacks
        );
        Ok(())
    }

    pub fn accesses(&self, list: &[AccessRecord]) -> anyhow::Result<()> {
        json_or_text!(self, list);
        for r in list {
            let what = match &r.what {
                Access::Card(c) => format!("card {c}"),
                Access::Case { ticket, customer } => format!("case {ticket} ({customer})"),
                Access::Search { query, hits } => format!("search {query:?} → {hits} residents"),
                Access::Export { dir } => format!("export to {dir}"),
                Access::Backup => "backup".into(),
                Access::ChangeTrail => "change trail".into(),
                Access::AccessLog => "access log".into(),
            };
            let why = r
                .reason
                .as_deref()
                .map(|w| format!("  because: {w}"))
                .unwrap_or_default();
            p!(
                "#{:<6} {}  {:<10} {what}{why}",
                r.seq,
                self.n.time(r.at),
                self.n.who(r.by)
            );
        }
        Ok(())
    }
}
