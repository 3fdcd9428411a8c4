//! Correcting a resident's record: a mistyped phone, a new number, a changed unit, notes, a
//! tier. Every edit names its reason and is audited with it (R-REC-14); a tier change needs a
//! supervisor (R-REC-10); the edited record is checked by the same rules as a new one, so an
//! edit can never leave a resident without a phone or a unit.

use serde::{Deserialize, Serialize};

use super::customer::{NewCustomer, Phone};
use super::text::{self, MAX_TEXT_BYTES};
use super::{Customer, DeskError, Field, Staff, StaffId, Tier};

/// What to change; `None` and empty lists keep a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerEdit {
    pub name: Option<String>,
    pub add_phones: Vec<String>,
    pub remove_phones: Vec<String>,
    /// The resident's units, replacing the old list.
    pub units: Option<Vec<String>>,
    pub notes: Option<String>,
    pub tier: Option<Tier>,
    /// Why (kept in the audit trail, R-REC-14).
    pub reason: String,
}

impl CustomerEdit {
    /// R-REC-11 under the policy's `keeper_edits_only`: the keeper who alone may make this
    /// edit to `customer` (anything but the tier, which has its own rule), when `actor` is
    /// neither them nor a supervisor; `None` when `actor` may.
    pub fn held_by_keeper(&self, customer: &Customer, actor: &Staff) -> Option<StaffId> {
        let keeper = customer.keeper?;
        let others = keeper != actor.uid && !actor.role.can_reassign();
        (others && self.changes_details()).then_some(keeper)
    }

    /// Whether it changes more than the tier: what a record's keeper alone may change
    /// (R-REC-11; the tier has its own rule). Every field is named, so a new one is decided
    /// here.
    pub fn changes_details(&self) -> bool {
        let CustomerEdit {
            name,
            add_phones,
            remove_phones,
            units,
            notes,
            tier: _,
            reason: _,
        } = self;
        name.is_some()
            || !add_phones.is_empty()
            || !remove_phones.is_empty()
            || units.is_some()
            || notes.is_some()
    }
}

impl Customer {
    /// Applies `edit` by `actor`; returns what changed, for the audit trail. The record is
    /// untouched when the edit is refused.
    pub fn edit(&mut self, edit: &CustomerEdit, actor: &Staff) -> Result<Vec<String>, DeskError> {
        let reason = text::required_text(Field::Reason, &edit.reason, MAX_TEXT_BYTES)?;
        if edit.tier.is_some_and(|t| t != self.tier) && !actor.role.can_reassign() {
            return Err(DeskError::forbidden(
                crate::domain::refusal::DeskRefusal::TierNeedsSupervisor {},
            ));
        }
        let mut phones: Vec<String> = self.phones.iter().map(|p| p.0.clone()).collect();
        for p in &edit.remove_phones {
            let gone = Phone::parse(p)?;
            let before = phones.len();
            phones.retain(|x| *x != gone.0);
            if phones.len() == before {
                return Err(DeskError::invalid(
                    Field::Phone,
                    crate::domain::refusal::DeskRefusal::PhoneNotOnRecord {
                        phone: gone.to_string(),
                        name: self.name.clone(),
                    },
                ));
            }
        }
        for p in &edit.add_phones {
            let new = Phone::parse(p)?;
            if !phones.contains(&new.0) {
                phones.push(new.0);
            }
        }
        let proposed = NewCustomer {
            name: edit.name.clone().unwrap_or_else(|| self.name.clone()),
            phones,
            units: edit
                .units
                .clone()
                .unwrap_or_else(|| self.units.iter().map(|u| u.to_string()).collect()),
            tier: edit.tier.unwrap_or(self.tier),
            notes: edit.notes.clone().unwrap_or_else(|| self.notes.clone()),
        }
        .validate()?;
        let mut changed = Vec::new();
        if proposed.name != self.name {
            changed.push(format!("name {} → {}", self.name, proposed.name));
        }
        for p in &proposed.phones {
            if !self.phones.contains(p) {
                changed.push(format!("phone +{p}"));
            }
        }
        for p in &self.phones {
            if !proposed.phones.contains(p) {
                changed.push(format!("phone −{p}"));
            }
        }
        if proposed.units != self.units {
            let list = |u: &[super::UnitCode]| {
                u.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            changed.push(format!(
                "units {} → {}",
                list(&self.units),
                list(&proposed.units)
            ));
        }
        if proposed.notes != self.notes {
            changed.push("notes".into());
        }
        if proposed.tier != self.tier {
            changed.push(format!(
                "tier {} → {}",
                self.tier.as_str(),
                proposed.tier.as_str()
            ));
        }
        if changed.is_empty() {
            return Err(DeskError::invalid(
                Field::Customer,
                crate::domain::refusal::DeskRefusal::EditChangesNothing {},
            ));
        }
        self.name = proposed.name;
        self.phones = proposed.phones;
        self.units = proposed.units;
        self.notes = proposed.notes;
        self.tier = proposed.tier;
        self.version += 1;
        changed.push(format!("because: {reason}"));
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomerId, Role, StaffId, UnitCode};
    use chrono::TimeZone;

    fn now() -> crate::domain::Time {
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
    }

    fn zhang() -> Customer {
        Customer {
            id: CustomerId(7),
            name: "张伟".into(),
            phones: vec![Phone("13800001102".into())],
            units: vec![UnitCode::parse("3-2-1102").unwrap()],
            tier: Tier::General,
            notes: String::new(),
            created_at: now(),
            version: 1,
            keeper: None,
        }
    }

    /// R-REC-11 (000:391): a kept record is edited by its keeper and supervisors; anyone's
    /// tier change is left to the tier's own rule; a record nobody keeps stays open.
    #[test]
    fn r_rec_11_a_kept_record_is_edited_by_its_keeper_or_a_supervisor() {
        let keeper = staff(Role::Clerk);
        let other = Staff::new(StaffId(5002), "wang", "王磊", Role::Clerk, "", now()).unwrap();
        let boss = Staff::new(StaffId(1), "boss", "高强", Role::Supervisor, "", now()).unwrap();
        let kept = zhang().kept_by(keeper.uid);
        let phone = CustomerEdit {
            add_phones: vec!["13900001111".into()],
            reason: "新号码".into(),
            ..Default::default()
        };
        assert_eq!(phone.held_by_keeper(&kept, &other), Some(keeper.uid));
        assert_eq!(phone.held_by_keeper(&kept, &keeper), None);
        assert_eq!(phone.held_by_keeper(&kept, &boss), None);
        let tier = CustomerEdit {
            tier: Some(Tier::Vip),
            reason: "业委会委员".into(),
            ..Default::default()
        };
        assert_eq!(
            tier.held_by_keeper(&kept, &other),
            None,
            "the tier has its own rule"
        );
        assert_eq!(
            phone.held_by_keeper(&zhang(), &other),
            None,
            "nobody keeps it"
        );
    }

    fn staff(role: Role) -> Staff {
        Staff::new(StaffId(5001), "li", "李娜", role, "", now()).unwrap()
    }

    #[test]
    fn r_rec_14_an_edit_corrects_a_phone_with_its_reason_and_bumps_the_version() {
        let mut c = zhang();
        let changed = c
            .edit(
                &CustomerEdit {
                    add_phones: vec!["139 0000 1102".into()],
                    remove_phones: vec!["13800001102".into()],
                    reason: "号码登记错误".into(),
                    ..Default::default()
                },
                &staff(Role::Clerk),
            )
            .unwrap();
        assert_eq!(c.phones, vec![Phone("13900001102".into())]);
        assert_eq!(c.version, 2);
        assert!(changed.iter().any(|s| s.contains("号码登记错误")));
    }

    #[test]
    fn r_rec_10_a_tier_change_needs_a_supervisor_and_bad_edits_change_nothing() {
        let mut c = zhang();
        let vip = CustomerEdit {
            tier: Some(Tier::Vip),
            reason: "业委会成员".into(),
            ..Default::default()
        };
        assert!(matches!(
            c.edit(&vip, &staff(Role::Clerk)),
            Err(DeskError::Forbidden(_))
        ));
        assert_eq!(c, zhang());
        c.edit(&vip, &staff(Role::Supervisor)).unwrap();
        assert_eq!(c.tier, Tier::Vip);
        // No reason, the last phone removed, an unknown phone: refused by field.
        let field = |r: Result<Vec<String>, DeskError>| match r {
            Err(DeskError::Validation { field, .. }) => Some(field),
            _ => None,
        };
        let mut c = zhang();
        let clerk = staff(Role::Clerk);
        let no_reason = CustomerEdit {
            name: Some("张玮".into()),
            ..Default::default()
        };
        assert_eq!(field(c.edit(&no_reason, &clerk)), Some(Field::Reason));
        let last_phone = CustomerEdit {
            remove_phones: vec!["13800001102".into()],
            reason: "x".into(),
            ..Default::default()
        };
        assert_eq!(field(c.edit(&last_phone, &clerk)), Some(Field::Phone));
        let unknown = CustomerEdit {
            remove_phones: vec!["13700000000".into()],
            reason: "x".into(),
            ..Default::default()
        };
        assert_eq!(field(c.edit(&unknown, &clerk)), Some(Field::Phone));
        assert_eq!(c, zhang());
    }
}
