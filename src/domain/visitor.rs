//! Visitors at the desk (访客登记, R-OPS-14): who came to which unit, how many, by which car,
//! why, with which visitor card, when they came in and when they left. Numbered `V2611-0007`
//! per month; a visitor leaves once.

use serde::{Deserialize, Serialize};

use super::text::{self, MAX_SHORT_BYTES};
use super::{DeskError, Field, Phone, StaffId, Time, UnitCode};

/// More than this many in one party is a group the desk registers person by person.
pub const MAX_PARTY: u32 = 50;

pub use crate::domain::record_no::VisitorNo;

/// What the desk types when a visitor arrives.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorDraft {
    pub host_unit: Option<UnitCode>,
    pub name: String,
    pub phone: String,
    pub party: u32,
    pub plate: String,
    pub reason: String,
    /// The visitor card handed over, if any.
    pub card: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    pub no: VisitorNo,
    pub host_unit: UnitCode,
    pub name: String,
    pub phone: String,
    pub party: u32,
    pub plate: String,
    pub reason: String,
    pub card: String,
    pub in_at: Time,
    pub in_by: StaffId,
    pub out_at: Option<Time>,
    pub out_by: Option<StaffId>,
    pub version: u32,
}

impl Visitor {
    /// R-OPS-14: registers an arrival, or names the field to fix.
    pub fn arrive(
        no: VisitorNo,
        d: &VisitorDraft,
        by: StaffId,
        now: Time,
    ) -> Result<Visitor, DeskError> {
        let host_unit = d.host_unit.ok_or_else(|| {
            DeskError::invalid(
                Field::Unit,
                crate::domain::refusal::PaperRefusal::VisitorUnitMissing {},
            )
        })?;
        let name = text::required_line(Field::Name, &d.name, MAX_SHORT_BYTES)?;
        let phone = Phone::parse(&d.phone)?.0;
        if !(1..=MAX_PARTY).contains(&d.party) {
            return Err(DeskError::invalid(
                Field::Party,
                crate::domain::refusal::PaperRefusal::PartySize {
                    party: d.party,
                    max: MAX_PARTY,
                },
            ));
        }
        let reason = text::required_line(Field::Reason, &d.reason, MAX_SHORT_BYTES)?;
        let plate = text::optional_text(Field::Plate, &d.plate, MAX_SHORT_BYTES)?;
        let card = text::optional_text(Field::Card, &d.card, MAX_SHORT_BYTES)?;
        Ok(Visitor {
            no,
            host_unit,
            name,
            phone,
            party: d.party,
            plate: plate.to_uppercase(),
            reason,
            card,
            in_at: now,
            in_by: by,
            out_at: None,
            out_by: None,
            version: 1,
        })
    }

    pub fn on_site(&self) -> bool {
        self.out_at.is_none()
    }

    /// The visitor leaves (and hands the card back): once.
    pub fn leave(&mut self, by: StaffId, now: Time) -> Result<(), DeskError> {
        if let Some(at) = self.out_at {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::VisitorLeft {
                    visitor: self.no.to_string(),
                    name: self.name.clone(),
                    at: at.to_rfc3339(),
                },
            ));
        }
        self.out_at = Some(now);
        self.out_by = Some(by);
        self.version += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_time::at;

    fn now() -> Time {
        at("2026-11-23T02:00:00Z")
    }

    fn draft() -> VisitorDraft {
        VisitorDraft {
            host_unit: Some(UnitCode::parse("3-2-1102").unwrap()),
            name: "王先生".into(),
            phone: "138 0000 1234".into(),
            party: 2,
            plate: "沪a12345".into(),
            reason: "探亲".into(),
            card: "K-017".into(),
        }
    }

    #[test]
    fn r_ops_14_a_visitor_is_registered_and_leaves_once() {
        let mut v =
            Visitor::arrive(VisitorNo::new(2026, 11, 3), &draft(), StaffId(1), now()).unwrap();
        assert!(v.on_site());
        assert_eq!(
            (v.plate.as_str(), v.phone.as_str()),
            ("沪A12345", "13800001234")
        );
        v.leave(StaffId(1), now()).unwrap();
        assert!(!v.on_site());
        let e = v.leave(StaffId(1), now()).unwrap_err();
        assert!(e.to_string().contains("left already"), "{e}");
    }

    #[test]
    fn r_ops_14_each_missing_or_bad_field_is_named() {
        for (mut d, field) in [
            (
                VisitorDraft {
                    host_unit: None,
                    ..draft()
                },
                Field::Unit,
            ),
            (
                VisitorDraft {
                    name: " ".into(),
                    ..draft()
                },
                Field::Name,
            ),
            (
                VisitorDraft {
                    phone: "12".into(),
                    ..draft()
                },
                Field::Phone,
            ),
            (
                VisitorDraft {
                    party: 0,
                    ..draft()
                },
                Field::Party,
            ),
            (
                VisitorDraft {
                    reason: "".into(),
                    ..draft()
                },
                Field::Reason,
            ),
        ] {
            d.name = if field == Field::Name {
                d.name
            } else {
                "王先生".into()
            };
            let e =
                Visitor::arrive(VisitorNo::new(2026, 11, 3), &d, StaffId(1), now()).unwrap_err();
            assert!(
                matches!(e, DeskError::Validation { field: f, .. } if f == field),
                "{field:?}: {e}"
            );
        }
        assert!(VisitorNo::parse("v2611-0003").is_ok());
        assert!(VisitorNo::parse("R2611-0003").is_err());
    }
}
