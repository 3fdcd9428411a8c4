//! Fee arrears and the monthly reminders (每月催缴, R-OPS-13). Frontdesk computes no bills:
//! the billing system's arrears (unit, fee kind, period, amount in fen) are imported whole,
//! replacing the previous import, and the desk logs each reminder with its way and outcome.
//! A unit's arrears make its payment notice (缴费通知单), the total also in capitals.

use crate::domain::ParseWord;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::Fen;
use super::text::{self, MAX_SHORT_BYTES};
use super::{DeskError, Field, StaffId, Time, UnitCode};

crate::domain::by_word::words! {
    /// The fee schedules the desk must know (R-OPS-13).
    #[derive(PartialOrd, Ord)]
    pub enum FeeKind in Field::Fee {
        /// 物业服务费
        Property = ["property", "物业服务费", "物业服务"],
        /// 增值服务费
        ValueAdded = ["value-added", "增值服务费", "增值服务"],
        /// 能耗费（公共能耗）
        Energy = ["energy", "能耗费", "能耗"],
        /// 停车费
        Parking = ["parking", "停车费", "停车"],
        /// 水费
        Water = ["water", "水费", "水"],
        /// 电费
        Electricity = ["electricity", "电费", "电"],
    }
}

impl FeeKind {
    /// Its name on a notice.
    pub fn label_zh(self) -> &'static str {
        self.words()[1]
    }
}

/// A billing period: one month or a run of months (`2026-07..2026-09`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FeePeriod {
    /// yyyymm, first and last month.
    pub from: u32,
    pub to: u32,
}

impl FeePeriod {
    pub fn parse(s: &str) -> Result<FeePeriod, DeskError> {
        let bad = || {
            DeskError::invalid(
                Field::Period,
                crate::domain::refusal::InputRefusal::NotShaped {
                    value: s.trim().to_string(),
                    shape: crate::domain::refusal::Term::of("shape", "billing-period"),
                    example: "2026-10 or 2026-07..2026-09".to_string(),
                },
            )
        };
        let month = |m: &str| -> Option<u32> {
            let d = NaiveDate::parse_from_str(&format!("{}-01", m.trim()), "%Y-%m-%d").ok()?;
            Some(chrono::Datelike::year(&d) as u32 * 100 + chrono::Datelike::month(&d))
        };
        let (a, b) = s
            .split_once("..")
            .or_else(|| s.split_once('~'))
            .unwrap_or((s, s));
        let (from, to) = (month(a).ok_or_else(bad)?, month(b).ok_or_else(bad)?);
        if to < from {
            return Err(bad());
        }
        Ok(FeePeriod { from, to })
    }
}

impl fmt::Display for FeePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = |v: u32| format!("{}-{:02}", v / 100, v % 100);
        if self.from == self.to {
            f.write_str(&m(self.from))
        } else {
            write!(f, "{}..{}", m(self.from), m(self.to))
        }
    }
}

/// One unpaid item from the billing system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrear {
    pub unit: UnitCode,
    pub kind: FeeKind,
    pub period: FeePeriod,
    pub amount: Fen,
}

impl Arrear {
    /// One row of the billing system's CSV, each field named when it is wrong.
    pub fn from_row(
        unit: &str,
        kind: &str,
        period: &str,
        amount: &str,
    ) -> Result<Arrear, DeskError> {
        let amount = Fen::parse(Field::Amount, amount)?;
        if amount == Fen(0) {
            return Err(DeskError::invalid(
                Field::Amount,
                crate::domain::refusal::PaperRefusal::ZeroAmount {},
            ));
        }
        Ok(Arrear {
            unit: UnitCode::parse(unit)?,
            kind: FeeKind::parse(kind)?,
            period: FeePeriod::parse(period)?,
            amount,
        })
    }
}

crate::domain::by_word::words! {
    /// How the resident was reminded.
    pub enum Way in Field::Way {
        Phone = ["phone", "电话"],
        Sms = ["sms", "短信"],
        Letter = ["letter", "书面"],
        Visit = ["visit", "上门"],
        Counter = ["counter", "前台"],
    }
}

/// What the reminder got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderOutcome {
    #[serde(alias = "Paid")]
    Paid,
    #[serde(alias = "Promised")]
    Promised(NaiveDate),
    #[serde(alias = "Refused")]
    Refused,
    #[serde(alias = "Unreachable")]
    Unreachable,
}

impl ReminderOutcome {
    /// `paid`, `promised:2026-12-05`, `refused`, `unreachable`.
    pub fn parse(s: &str, today: NaiveDate) -> Result<ReminderOutcome, DeskError> {
        let t = s.trim().to_ascii_lowercase();
        let bad = |why: crate::domain::Refusal| DeskError::invalid(Field::Outcome, why);
        match t
            .split_once(':')
            .map_or((t.as_str(), None), |(a, b)| (a, Some(b)))
        {
            ("paid", None) => Ok(ReminderOutcome::Paid),
            ("refused", None) => Ok(ReminderOutcome::Refused),
            ("unreachable", None) => Ok(ReminderOutcome::Unreachable),
            ("promised", Some(d)) => {
                let day = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                    bad(crate::domain::refusal::InputRefusal::NotShaped {
                        value: d.to_string(),
                        shape: crate::domain::refusal::Term::of("shape", "date"),
                        example: "promised:2026-12-05".to_string(),
                    }
                    .into())
                })?;
                if day < today {
                    return Err(bad(crate::domain::refusal::PaperRefusal::PromiseDayPast {
                        day: day.to_string(),
                    }
                    .into()));
                }
                Ok(ReminderOutcome::Promised(day))
            }
            ("promised", None) => Err(bad(
                crate::domain::refusal::PaperRefusal::PromiseWhen {}.into()
            )),
            _ => Err(bad(crate::domain::refusal::InputRefusal::NotOneOf {
                value: t.to_string(),
                choices: crate::domain::refusal::Choices::words(&[
                    "paid",
                    "promised:YYYY-MM-DD",
                    "refused",
                    "unreachable",
                ]),
            }
            .into())),
        }
    }
}

impl fmt::Display for ReminderOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReminderOutcome::Paid => f.write_str("paid"),
            ReminderOutcome::Promised(d) => write!(f, "promised by {d}"),
            ReminderOutcome::Refused => f.write_str("refused"),
            ReminderOutcome::Unreachable => f.write_str("unreachable"),
        }
    }
}

/// One logged reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub unit: UnitCode,
    pub at: Time,
    pub by: StaffId,
    pub way: Way,
    pub outcome: ReminderOutcome,
    pub note: String,
}

impl Reminder {
    pub fn log(
        unit: UnitCode,
        way: Way,
        outcome: ReminderOutcome,
        note: &str,
        by: StaffId,
        now: Time,
    ) -> Result<Reminder, DeskError> {
        Ok(Reminder {
            unit,
            at: now,
            by,
            way,
            outcome,
            note: text::optional_text(Field::Note, note, MAX_SHORT_BYTES)?,
        })
    }
}

/// What `items` owe together: a unit's arrears on file, summed.
pub fn owed(items: &[Arrear]) -> Fen {
    items.iter().map(|a| a.amount).sum()
}

/// A unit's arrears and this month's reminders: one row of the reminder list, and the body
/// of its payment notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitArrears {
    pub unit: UnitCode,
    pub items: Vec<Arrear>,
    pub reminders: Vec<Reminder>,
}

impl UnitArrears {
    pub fn total(&self) -> Fen {
        owed(&self.items)
    }

    /// Whether the unit was reminded in the month (R-OPS-13: every month).
    pub fn reminded(&self) -> bool {
        !self.reminders.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_ops_13_a_billing_row_names_the_field_that_is_wrong() {
        let a = Arrear::from_row("3-2-1102", "物业服务费", "2026-07..2026-09", "1,234.50").unwrap();
        assert_eq!(
            (a.kind, a.amount, a.period.to_string()),
            (FeeKind::Property, Fen(123_450), "2026-07..2026-09".into())
        );
        assert_eq!(
            Arrear::from_row("3-2-1102", "water", "2026-10", "12")
                .unwrap()
                .period
                .to_string(),
            "2026-10"
        );
        let field = |r: Result<Arrear, DeskError>| r.unwrap_err().field();
        assert_eq!(
            field(Arrear::from_row("3-2", "water", "2026-10", "1")),
            Some(Field::Unit)
        );
        assert_eq!(
            field(Arrear::from_row("3-2-1102", "gas", "2026-10", "1")),
            Some(Field::Fee)
        );
        assert_eq!(
            field(Arrear::from_row("3-2-1102", "water", "2026-13", "1")),
            Some(Field::Period)
        );
        assert_eq!(
            field(Arrear::from_row(
                "3-2-1102",
                "water",
                "2026-09..2026-07",
                "1"
            )),
            Some(Field::Period)
        );
        assert_eq!(
            field(Arrear::from_row("3-2-1102", "water", "2026-10", "-1")),
            Some(Field::Amount)
        );
        assert_eq!(
            field(Arrear::from_row("3-2-1102", "water", "2026-10", "0")),
            Some(Field::Amount)
        );
    }

    #[test]
    fn r_ops_13_reminders_record_way_and_outcome() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(Way::parse("短信").unwrap(), Way::Sms);
        assert_eq!(Way::parse("fax").unwrap_err().field(), Some(Field::Way));
        assert_eq!(
            ReminderOutcome::parse("promised:2026-12-05", today).unwrap(),
            ReminderOutcome::Promised(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap())
        );
        assert!(ReminderOutcome::parse("promised", today).is_err());
        assert!(ReminderOutcome::parse("promised:2026-11-01", today)
            .unwrap_err()
            .to_string()
            .contains("past"));
        assert_eq!(
            ReminderOutcome::parse("Unreachable", today).unwrap(),
            ReminderOutcome::Unreachable
        );
    }
}
