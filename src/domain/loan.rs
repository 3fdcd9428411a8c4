//! Keys and radios signed out and back (钥匙、对讲机借用, R-OPS-15): what, to whom, by whom,
//! until when, in what condition out and back. Numbered `K2611-0007` per month; returned
//! once; overdue when not back by its time.

use serde::{Deserialize, Serialize};

use super::text::{self, MAX_SHORT_BYTES};
use super::{DeskError, Field, StaffId, Time};

pub use crate::domain::record_no::LoanNo;

/// How it came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returned {
    pub at: Time,
    /// Who at the desk took it back.
    pub by: StaffId,
    pub condition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    pub no: LoanNo,
    /// What: `3号楼天台钥匙`, `对讲机 #4`.
    pub item: String,
    pub borrower: StaffId,
    pub lent_by: StaffId,
    pub out_at: Time,
    pub due: Time,
    pub condition_out: String,
    pub returned: Option<Returned>,
    pub version: u32,
}

impl Loan {
    /// Signs `item` out to `borrower` until `due`, or names the field to fix.
    pub fn lend(
        no: LoanNo,
        item: &str,
        borrower: StaffId,
        due: Time,
        condition: &str,
        by: StaffId,
        now: Time,
    ) -> Result<Loan, DeskError> {
        let item = text::required_line(Field::Item, item, MAX_SHORT_BYTES)?;
        let condition_out = text::required_line(Field::Condition, condition, MAX_SHORT_BYTES)?;
        if due <= now {
            return Err(DeskError::invalid(
                Field::Until,
                crate::domain::refusal::InputRefusal::NotInFuture {},
            ));
        }
        Ok(Loan {
            no,
            item,
            borrower,
            lent_by: by,
            out_at: now,
            due,
            condition_out,
            returned: None,
            version: 1,
        })
    }

    pub fn is_out(&self) -> bool {
        self.returned.is_none()
    }

    pub fn overdue(&self, now: Time) -> bool {
        self.is_out() && now > self.due
    }

    /// Signed back in, with its condition: once.
    pub fn give_back(&mut self, by: StaffId, condition: &str, now: Time) -> Result<(), DeskError> {
        let condition = text::required_line(Field::Condition, condition, MAX_SHORT_BYTES)?;
        if let Some(r) = &self.returned {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::LoanBackAlready {
                    loan: self.no.to_string(),
                    item: self.item.clone(),
                    at: r.at.to_rfc3339(),
                },
            ));
        }
        self.returned = Some(Returned {
            at: now,
            by,
            condition,
        });
        self.version += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> Time {
        crate::domain::test_time::at("2026-11-23T02:00:00Z") + chrono::Duration::hours(h)
    }

    #[test]
    fn r_ops_15_a_key_goes_out_comes_back_once_and_is_overdue_in_between() {
        let mut l = Loan::lend(
            LoanNo::new(2026, 11, 1),
            "3号楼天台钥匙",
            StaffId(5),
            at(4),
            "完好",
            StaffId(1),
            at(0),
        )
        .unwrap();
        assert!(l.is_out() && !l.overdue(at(3)) && l.overdue(at(5)));
        l.give_back(StaffId(1), "完好", at(5)).unwrap();
        assert!(!l.is_out() && !l.overdue(at(9)));
        let e = l.give_back(StaffId(1), "完好", at(6)).unwrap_err();
        assert!(e.to_string().contains("already"), "{e}");
    }

    #[test]
    fn r_ops_15_what_when_and_condition_are_required() {
        let lend = |item: &str, due: i64, cond: &str| {
            Loan::lend(
                LoanNo::new(2026, 11, 1),
                item,
                StaffId(5),
                at(due),
                cond,
                StaffId(1),
                at(0),
            )
        };
        for (r, field) in [
            (lend(" ", 4, "完好"), Field::Item),
            (lend("对讲机 #4", 0, "完好"), Field::Until),
            (lend("对讲机 #4", 4, ""), Field::Condition),
        ] {
            let e = r.unwrap_err();
            assert!(
                matches!(e, DeskError::Validation { field: f, .. } if f == field),
                "{field:?}: {e}"
            );
        }
        assert_eq!(
            LoanNo::parse("k2611-0001").unwrap(),
            LoanNo::new(2026, 11, 1)
        );
    }
}
