//! Residents: name, phones, the units they live in, tier. Unit codes are building-unit-room
//! (`3-2-1102`, 栋-单元-室, R-REC-01) and parse from the ways people write them.

use crate::domain::Field;
use serde::{Deserialize, Serialize};
use std::fmt;

use super::text::{self, MAX_SHORT_BYTES, MAX_TEXT_BYTES};
use super::{CustomerId, DeskError, StaffId, Time};

/// `3-2-1102`: building 3, unit (entrance) 2, room 1102.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnitCode {
    pub building: u32,
    pub unit: u32,
    pub room: u32,
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.building, self.unit, self.room)
    }
}

impl UnitCode {
    /// Accepts `3-2-1102`, `3栋2单元1102`, `3幢2单元1102室`, `3号楼2单元1102`, `3-2-1102室`.
    pub fn parse(s: &str) -> Result<UnitCode, DeskError> {
        let bad = || {
            DeskError::invalid(
                Field::Unit,
                crate::domain::refusal::InputRefusal::NotUnit {
                    value: s.to_string(),
                },
            )
        };
        let normalised = s
            .trim()
            .replace("号楼", "-")
            .replace(['栋', '幢'], "-")
            .replace("单元", "-")
            .replace(['室', '号'], "");
        let parts: Vec<&str> = normalised.split('-').map(str::trim).collect();
        if parts.len() != 3 {
            return Err(bad());
        }
        let num = |p: &str| -> Result<u32, DeskError> {
            if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        Ok(UnitCode {
            building: num(parts[0])?,
            unit: num(parts[1])?,
            room: num(parts[2])?,
        })
    }
}

/// A phone number reduced to digits (a leading `+` kept): 7–15 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Phone(pub String);

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, DeskError> {
        let trimmed = s.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(r) => ("+", r),
            None => ("", trimmed),
        };
        let digits: String = rest.chars().filter(|c| *c != ' ' && *c != '-').collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) || !(7..=15).contains(&digits.len()) {
            return Err(DeskError::invalid(
                Field::Phone,
                crate::domain::refusal::InputRefusal::NotPhone {
                    value: s.to_string(),
                },
            ));
        }
        Ok(Phone(format!("{plus}{digits}")))
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

crate::domain::by_word::words! {
    /// Care tier. The sources have no property-specific scheme (DOMAIN §9); the B2B one
    /// (R-REC-09, R-CB-08) is used with its cadence in `Policy`.
    #[derive(Default, PartialOrd, Ord)]
    pub enum Tier in Field::Tier, "general, key or vip (普通, 重点, 贵宾)" {
        Vip = ["vip", "贵宾"],
        Key = ["key", "重点"],
        #[default]
        General = ["general", "", "普通", "一般", "normal"],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    pub name: String,
    pub phones: Vec<Phone>,
    pub units: Vec<UnitCode>,
    pub tier: Tier,
    pub notes: String,
    pub created_at: Time,
    pub version: u32,
    /// R-REC-11 (000:391 "数据更新设专人维护"): the staff member who maintains this record,
    /// set when it is added or imported and moved by a handover; `None` when nobody was
    /// named (records from before record version 5).
    pub keeper: Option<StaffId>,
}

/// A resident as a list shows them, and what the lookup index needs of them. Stored beside
/// each record as a compact projection so the daemon rebuilds its index at start-up
/// without decoding full records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub id: CustomerId,
    pub name: String,
    pub phones: Vec<String>,
    pub units: Vec<String>,
    pub tier: Tier,
}

impl From<&Customer> for CustomerSummary {
    fn from(c: &Customer) -> Self {
        CustomerSummary {
            id: c.id,
            name: c.name.clone(),
            phones: c.phones.iter().map(|p| p.0.clone()).collect(),
            units: c.units.iter().map(|u| u.to_string()).collect(),
            tier: c.tier,
        }
    }
}

impl CustomerSummary {
    /// The compact projection: `[tier][name len u8][name][1 phone]…[2 unit]…`. The store
    /// keeps it beside each customer; the index reads it without allocating.
    pub fn to_projection(&self) -> Vec<u8> {
        let cut = (0..=self.name.len().min(255))
            .rev()
            .find(|i| self.name.is_char_boundary(*i))
            .unwrap_or(0);
        let name = &self.name.as_bytes()[..cut];
        let mut out = Vec::with_capacity(2 + name.len() + 24);
        out.push(match self.tier {
            Tier::General => 0,
            Tier::Key => 1,
            Tier::Vip => 2,
        });
        out.push(name.len() as u8);
        out.extend_from_slice(name);
        for p in &self.phones {
            out.push(PROJECTION_PHONE);
            out.extend_from_slice(p.as_bytes());
        }
        for u in &self.units {
            out.push(PROJECTION_UNIT);
            out.extend_from_slice(u.as_bytes());
        }
        out
    }

    pub fn from_projection(id: CustomerId, bytes: &[u8]) -> Option<CustomerSummary> {
        let (tier, name, contact) = projection_parts(bytes)?;
        let mut r = CustomerSummary {
            id,
            name: name.to_string(),
            phones: Vec::new(),
            units: Vec::new(),
            tier,
        };
        let mut rest = contact;
        while let Some((&kind, after)) = rest.split_first() {
            let end = after
                .iter()
                .position(|b| *b == PROJECTION_PHONE || *b == PROJECTION_UNIT)
                .unwrap_or(after.len());
            let field = String::from_utf8_lossy(&after[..end]).into_owned();
            if kind == PROJECTION_PHONE {
                r.phones.push(field);
            } else {
                r.units.push(field);
            }
            rest = &after[end..];
        }
        Some(r)
    }
}

pub const PROJECTION_PHONE: u8 = 1;
pub const PROJECTION_UNIT: u8 = 2;

/// (tier, name, contact bytes) of a projection, borrowed.
pub fn projection_parts(bytes: &[u8]) -> Option<(Tier, &str, &[u8])> {
    let (&tier, rest) = bytes.split_first()?;
    let (&len, rest) = rest.split_first()?;
    let name = std::str::from_utf8(rest.get(..len as usize)?).ok()?;
    let tier = match tier {
        2 => Tier::Vip,
        1 => Tier::Key,
        _ => Tier::General,
    };
    Some((tier, name, &rest[len as usize..]))
}

/// Customer fields as typed by a person or read from a CSV row, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCustomer {
    pub name: String,
    pub phones: Vec<String>,
    pub units: Vec<String>,
    pub tier: Tier,
    pub notes: String,
}

/// Validated customer fields, ready to become a `Customer` once the store assigns an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCustomer {
    pub name: String,
    pub phones: Vec<Phone>,
    pub units: Vec<UnitCode>,
    pub tier: Tier,
    pub notes: String,
}

impl NewCustomer {
    pub fn validate(&self) -> Result<ValidCustomer, DeskError> {
        let name = text::required_line(Field::Name, &self.name, MAX_SHORT_BYTES)?;
        let phones = self
            .phones
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| Phone::parse(p))
            .collect::<Result<Vec<_>, _>>()?;
        if phones.is_empty() {
            return Err(DeskError::invalid(
                Field::Phone,
                crate::domain::refusal::DeskRefusal::NoPhone {},
            ));
        }
        let units = self
            .units
            .iter()
            .filter(|u| !u.trim().is_empty())
            .map(|u| UnitCode::parse(u))
            .collect::<Result<Vec<_>, _>>()?;
        if units.is_empty() {
            return Err(DeskError::invalid(
                Field::Unit,
                crate::domain::refusal::DeskRefusal::NoUnit {},
            ));
        }
        Ok(ValidCustomer {
            name,
            phones,
            units,
            tier: self.tier,
            notes: text::optional_text(Field::Notes, &self.notes, MAX_TEXT_BYTES)?,
        })
    }
}

impl ValidCustomer {
    pub fn into_customer(self, id: CustomerId, now: Time) -> Customer {
        Customer {
            id,
            name: self.name,
            phones: self.phones,
            units: self.units,
            tier: self.tier,
            notes: self.notes,
            created_at: now,
            version: 1,
            keeper: None,
        }
    }
}

impl Customer {
    /// Their first unit as written (`3-2-1102`); blank when they have none.
    pub fn first_unit(&self) -> String {
        self.units
            .first()
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// The record with `keeper` as its maintainer (R-REC-11).
    pub fn kept_by(self, keeper: StaffId) -> Customer {
        Customer {
            keeper: Some(keeper),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes_parse_from_common_spellings() {
        let want = UnitCode {
            building: 3,
            unit: 2,
            room: 1102,
        };
        for s in [
            "3-2-1102",
            " 3-2-1102 ",
            "3栋2单元1102",
            "3幢2单元1102室",
            "3号楼2单元1102",
            "3-2-1102室",
        ] {
            assert_eq!(UnitCode::parse(s).unwrap(), want, "{s}");
        }
        assert_eq!(want.to_string(), "3-2-1102");
    }

    #[test]
    fn malformed_unit_codes_name_the_field() {
        for s in ["3-2", "a-b-c", "3--1102", "", "3-2-1102-5", "3-2-99999999"] {
            match UnitCode::parse(s) {
                Err(DeskError::Validation { field, .. }) => assert_eq!(field, Field::Unit),
                other => panic!("{s}: {other:?}"),
            }
        }
    }

    #[test]
    fn phones_are_7_to_15_digits_after_spaces_and_dashes() {
        assert_eq!(Phone::parse("138 0013-8000").unwrap().0, "13800138000");
        assert_eq!(
            Phone::parse("+86 138 0013 8000").unwrap().0,
            "+8613800138000"
        );
        assert_eq!(Phone::parse("1234567").unwrap().0, "1234567");
        for bad in ["123456", "1234567890123456", "138x0013", "", "++123456789"] {
            match Phone::parse(bad) {
                Err(DeskError::Validation { field, .. }) => assert_eq!(field, Field::Phone),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn lookup_projection_round_trips() {
        let r = CustomerSummary {
            id: CustomerId(7),
            name: "欧阳娜娜".into(),
            phones: vec!["13800001102".into(), "+85291234567".into()],
            units: vec!["3-2-1102".into(), "12-1-101".into()],
            tier: Tier::Key,
        };
        assert_eq!(
            CustomerSummary::from_projection(CustomerId(7), &r.to_projection()),
            Some(r)
        );
    }

    #[test]
    fn customer_needs_name_phone_and_unit() {
        let mut c = NewCustomer {
            name: "  ".into(),
            phones: vec!["13800138000".into()],
            units: vec!["3-2-1102".into()],
            ..Default::default()
        };
        assert!(
            matches!(c.validate(), Err(DeskError::Validation { field, .. }) if field == Field::Name)
        );
        c.name = "张伟".into();
        let v = c.validate().unwrap();
        assert_eq!(v.tier, Tier::General);
        c.phones.clear();
        assert!(
            matches!(c.validate(), Err(DeskError::Validation { field, .. }) if field == Field::Phone)
        );
    }
}
