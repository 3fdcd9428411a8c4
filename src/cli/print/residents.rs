//! Printing what concerns residents and their dwellings: a unit's view, likely duplicates,
//! and the operator's start-of-shift digest.

use super::Printer;
use crate::domain::text::pad_to_width;
use crate::protocol::{CustomerSummary, Digest, DuplicatePair, ToVerify, UnitView};

impl Printer {
    /// `unit show`: the dwelling's occupants (past ones marked), its papers, its history.
    pub fn unit(&self, u: &UnitView) -> anyhow::Result<()> {
        json_or_text!(self, u);
        let d = &u.dwelling;
        p!("{}", d.unit);
        p!("Occupants");
        if u.residents.is_empty() {
            p!("  nobody on record");
        }
        for r in &u.residents {
            let c = &r.customer;
            let standing = match &r.occupancy {
                Some(o) => {
                    let mut s = format!("{} since {}", o.role, o.moved_in);
                    if let Some(out) = o.moved_out {
                        s = format!("{} {}–{}  MOVED OUT", o.role, o.moved_in, out);
                    }
                    if let Some(owner) = o.owner {
                        s += &format!("  (owner {owner})");
                    }
                    if !o.residence_card.is_empty() {
                        s += &format!("  card {}", o.residence_card);
                    }
                    if !o.kinship_proof.is_empty() {
                        s += &format!("  kinship proof {}", o.kinship_proof);
                    }
                    s
                }
                None => "listed on their record; no move-in recorded".into(),
            };
            p!(
                "  {} {} {}  {}",
                c.id,
                pad_to_width(&c.name, 10),
                c.phones.first().map(String::as_str).unwrap_or(""),
                standing
            );
        }
        p!("Move-in papers");
        for (kind, dated) in d.checklist() {
            match dated {
                Some(day) => p!("  [x] {} ({})  {day}", kind.chinese(), kind.as_str()),
                None => p!("  [ ] {} ({})  missing", kind.chinese(), kind.as_str()),
            }
        }
        p!("Cases ({})", u.cases.len());
        self.case_rows(&u.cases)?;
        p!("Visits to this unit ({})", u.visits.len());
        for v in &u.visits {
            p!("  {}  {}  {}", v.id, self.n.time(v.start), v.purpose);
        }
        p!("Callbacks ({})", u.callbacks.len());
        for c in &u.callbacks {
            p!(
                "  {}  due {}  {}",
                c.id,
                self.n.time(c.due),
                super::word(&c.status)
            );
        }
        p!("Decoration permits ({})", u.permits.len());
        for p in &u.permits {
            let until = p
                .valid_until()
                .map(|d| format!("  until {d}"))
                .unwrap_or_default();
            p!(
                "  {}  {}{until}  {}",
                p.no,
                p.state.as_str(),
                p.contractor.name
            );
        }
        p!("Release slips ({})", u.slips.len());
        for s in &u.slips {
            p!(
                "  {}  {}  {}  {}",
                s.no,
                s.valid_from,
                s.scope.as_str(),
                s.items
            );
        }
        p!("Visitors ({})", u.visitors.len());
        for v in &u.visitors {
            let out = v
                .out_at
                .map(|t| self.n.time(t))
                .unwrap_or_else(|| "on site".into());
            p!("  {}  {}  {} → {}", v.no, v.name, self.n.time(v.in_at), out);
        }
        let total = crate::domain::fees::owed(&u.arrears);
        p!("Arrears ({}): {total}", u.arrears.len());
        for a in &u.arrears {
            p!("  {}  {}  {}", a.kind.label_zh(), a.period, a.amount);
        }
        Ok(())
    }

    /// Residents due for the quarterly re-check, with when they were last confirmed.
    pub fn to_verify(&self, rows: &[ToVerify]) -> anyhow::Result<()> {
        json_or_text!(self, rows);
        for r in rows {
            let c = &r.customer;
            let last = match &r.last {
                Some(v) => format!(
                    "last verified {} by {}",
                    self.n.time(v.at),
                    self.n.who(v.by)
                ),
                None => "never verified".into(),
            };
            p!(
                "{:<10} {} {} {}  {}",
                c.units.first().map(String::as_str).unwrap_or(""),
                c.id,
                pad_to_width(&c.name, 10),
                c.phones.first().map(String::as_str).unwrap_or(""),
                last
            );
        }
        Ok(())
    }

    pub fn duplicates(&self, pairs: &[DuplicatePair]) -> anyhow::Result<()> {
        json_or_text!(self, pairs);
        let side = |c: &CustomerSummary| {
            format!(
                "{} {} {} {}",
                c.id,
                pad_to_width(&c.name, 10),
                c.units.first().map(String::as_str).unwrap_or(""),
                c.phones.first().map(String::as_str).unwrap_or("")
            )
        };
        for p in pairs {
            let why: Vec<&str> = p.reasons.iter().map(|r| r.as_str()).collect();
            p!("{}  ~  {}   ({})", side(&p.a), side(&p.b), why.join(", "));
        }
        Ok(())
    }

    /// The start-of-shift digest, section by section, as the screen shows it.
    pub fn digest(&self, d: &Digest) -> anyhow::Result<()> {
        json_or_text!(self, d);
        p!("My cases past or near a deadline ({})", d.cases.len());
        self.case_rows(&d.cases)?;
        p!("My callbacks due today ({})", d.callbacks.len());
        for r in &d.callbacks {
            p!(
                "  {}  due {}  {}  {}{}",
                r.callback.id,
                self.n.time(r.callback.due),
                r.customer_name,
                r.phones.first().map(String::as_str).unwrap_or(""),
                if r.overdue { "  OVERDUE" } else { "" }
            );
        }
        p!("My visits today ({})", d.visits.len());
        for v in &d.visits {
            p!(
                "  {}  {}  {}  {}",
                v.visit.id,
                self.n.time(v.visit.start),
                v.customer_name,
                v.visit.purpose
            );
        }
        if let Some(findings) = &d.findings {
            p!("Investigations recorded today ({})", findings.len());
            for r in findings {
                p!(
                    "  {}  {}  {}  {}: {}",
                    self.n.time(r.at),
                    r.case.ticket,
                    r.case.customer_name,
                    self.n.who(r.by),
                    crate::domain::text::printable(&r.finding)
                );
            }
        }
        p!(
            "Changed on my cases since my screen last closed ({})",
            d.changes.len()
        );
        for ch in &d.changes {
            p!(
                "  {}  {}",
                self.n.time(ch.at),
                crate::domain::text::printable(&ch.summary)
            );
        }
        if d.more_changes > 0 {
            p!("  … and {} more", d.more_changes);
        }
        Ok(())
    }
}
