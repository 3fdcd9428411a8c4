//! Printing a release slip: the verdict first (what the guard needs), then the unit, scope,
//! applicant and items, the days it is valid, and how it was used or voided.

use super::Printer;
use crate::domain::release::{Applicant, ReleaseSlip, SlipState, Verdict};

impl Printer {
    /// The slips out, one line each.
    pub fn slips(&self, list: &[(ReleaseSlip, Verdict)]) -> anyhow::Result<()> {
        json_or_text!(self, list, else "no slips out");
        for (s, v) in list {
            p!(
                "{}  {}  {}  until {}  {}  {}",
                s.no,
                v.as_str(),
                s.unit,
                s.valid_until,
                s.scope.as_str(),
                s.items
            );
        }
        Ok(())
    }

    pub fn slip(&self, (s, verdict): &(ReleaseSlip, Verdict)) -> anyhow::Result<()> {
        json_or_text!(
            self,
            serde_json::json!({ "slip": s, "verdict": verdict.as_str() })
        );
        p!("{}  {}", s.no, verdict.as_str());
        let applicant = match &s.applicant {
            Applicant::Owner => "the owner".to_string(),
            Applicant::Proxy { name, attorney } => format!("proxy {name} (attorney {attorney})"),
            Applicant::Tenant { owner_phone } => format!("tenant (owner's phone {owner_phone})"),
        };
        let lease = if s.lease_end { ", lease end" } else { "" };
        p!(
            "  unit {}  {}{lease}  applied by {applicant}",
            s.unit,
            s.scope.as_str()
        );
        p!("  items: {}", s.items);
        p!(
            "  valid {} to {}  issued by {} at {}",
            s.valid_from,
            s.valid_until,
            self.n.who(s.issued_by),
            self.n.time(s.issued_at)
        );
        if let Some(r) = &s.fee_receipt {
            p!("  fees settled: receipt {r}");
        }
        if !s.id_number.is_empty() {
            p!("  ID {}", crate::domain::release::masked_id(&s.id_number));
        }
        if let Some(w) = &s.waiver {
            p!(
                "  let out owing {} ({}) by {}: {}",
                w.owed,
                w.periods,
                self.n.who(w.by),
                w.reason
            );
        }
        match &s.state {
            SlipState::Issued => {}
            SlipState::Used { guard, gate, at } => {
                p!(
                    "  out at {gate} by {} at {}",
                    self.n.who(*guard),
                    self.n.time(*at)
                )
            }
            SlipState::Void { by, reason, at } => {
                p!(
                    "  voided by {} at {}: {reason}",
                    self.n.who(*by),
                    self.n.time(*at)
                )
            }
        }
        Ok(())
    }
}
