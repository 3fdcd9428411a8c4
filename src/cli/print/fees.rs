//! Printing the monthly reminder list (R-OPS-13) building by building, each unit with its
//! arrears, total and this month's reminders; and the cover hand-overs (R-OPS-15).

use super::Printer;
use crate::domain::cover::Cover;
use crate::domain::fees::UnitArrears;
use crate::domain::money::Fen;
use crate::domain::text::pad_to_width;

impl Printer {
    pub fn arrears(&self, list: &[UnitArrears]) -> anyhow::Result<()> {
        json_or_text!(self, list, else "no arrears in the last import");
        let mut building = None;
        for u in list {
            if building != Some(u.unit.building) {
                let here: Vec<&UnitArrears> = list
                    .iter()
                    .filter(|x| x.unit.building == u.unit.building)
                    .collect();
                let total: Fen = here.iter().map(|x| x.total()).sum();
                let reminded = here.iter().filter(|x| x.reminded()).count();
                p!(
                    "building {}: {} units, {total}, reminded this month {reminded}/{}",
                    u.unit.building,
                    here.len(),
                    here.len()
                );
                building = Some(u.unit.building);
            }
            let items: Vec<String> = u
                .items
                .iter()
                .map(|a| format!("{} {} {}", a.kind.label_zh(), a.period, a.amount))
                .collect();
            let last = u.reminders.last().map_or_else(
                || "NOT REMINDED this month".to_string(),
                |r| {
                    format!(
                        "{} {} by {}: {}",
                        self.n.time(r.at),
                        r.way.as_str(),
                        self.n.who(r.by),
                        r.outcome
                    )
                },
            );
            p!(
                "  {}  {}  {}",
                pad_to_width(&u.unit.to_string(), 10),
                pad_to_width(&u.total().to_string(), 12),
                last
            );
            p!("      {}", items.join("; "));
        }
        Ok(())
    }

    pub fn covers(&self, list: &[Cover]) -> anyhow::Result<()> {
        json_or_text!(self, list, else "no cover hand-overs in force");
        for c in list {
            let ok = match c.confirmed_at {
                Some(at) => format!(
                    "approved by {} at {}",
                    self.n.who(c.approved_by),
                    self.n.time(at)
                ),
                None => format!("AWAITING THE OK of {}", self.n.who(c.approved_by)),
            };
            p!(
                "{} covers for {} from {} to {}, {} (signed {})",
                self.n.who(c.covering),
                self.n.who(c.leaving),
                self.n.time(c.from),
                self.n.time(c.until),
                ok,
                self.n.time(c.signed_at)
            );
        }
        Ok(())
    }
}
