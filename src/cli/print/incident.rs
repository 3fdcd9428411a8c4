//! Printing incidents: each with its linked cases, what a case may be linked to, and what
//! resolving one did.

use super::Printer;
use crate::domain::incident::Incident;
use crate::protocol::{IncidentGroup, IncidentResolution, LinkOffer, LinkTo};

impl Printer {
    pub fn incident(&self, i: &Incident) -> anyhow::Result<()> {
        json_or_text!(self, i);
        p!(
            "{}  building {}  {}  {}  (declared {} by {})",
            i.no,
            i.building,
            i.category,
            i.text,
            self.n.time(i.opened_at),
            self.n.who(i.opened_by)
        );
        Ok(())
    }

    pub fn incident_groups(&self, groups: &Vec<IncidentGroup>) -> anyhow::Result<()> {
        json_or_text!(self, groups, else "no open incident");
        for g in groups {
            let i = &g.incident;
            p!(
                "{}  building {}  {}  {}  ({} case(s))",
                i.no,
                i.building,
                i.category,
                i.text,
                g.cases.len()
            );
            for c in &g.cases {
                p!(
                    "  {}  {} {}  {}  owner {}",
                    c.ticket,
                    c.customer_name,
                    c.unit,
                    c.status.as_str(),
                    c.owner_name
                );
            }
        }
        Ok(())
    }

    pub fn link_offers(&self, offers: &Vec<LinkOffer>) -> anyhow::Result<()> {
        json_or_text!(self, offers, else "nothing to link it to");
        for o in offers {
            let to = match &o.to {
                LinkTo::Incident(no) => format!("incident {no}"),
                LinkTo::Case(t) => format!("case {t}"),
            };
            p!(
                "{to}  building {}  {}  {}  ({} case(s))",
                o.building,
                o.category,
                o.text,
                o.callers
            );
        }
        Ok(())
    }

    pub fn incident_resolution(&self, r: &IncidentResolution) -> anyhow::Result<()> {
        json_or_text!(self, r);
        let tickets: Vec<String> = r.resolved.iter().map(|t| t.to_string()).collect();
        p!(
            "{} resolved; {} case(s) resolved with it: {}",
            r.incident.no,
            r.resolved.len(),
            tickets.join(", ")
        );
        for (t, why) in &r.left {
            p!("  {t} left to its owner: {why}");
        }
        Ok(())
    }
}
