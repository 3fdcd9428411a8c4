//! Merging a duplicate resident into the record kept (R-REC-01 one archive per person): the
//! kept record gains the duplicate's phones, units and notes, and the more attentive tier.
//! The daemon moves the duplicate's cases, callbacks and visits in the same commit.

use super::{Customer, DeskError, Field};

/// The kept record after absorbing `drop`.
pub fn merged(keep: &Customer, drop: &Customer) -> Result<Customer, DeskError> {
    if keep.id == drop.id {
        return Err(DeskError::invalid(
            Field::Customer,
            crate::domain::refusal::DeskRefusal::MergeSame {},
        ));
    }
    let mut out = keep.clone();
    for p in &drop.phones {
        if !out.phones.contains(p) {
            out.phones.push(p.clone());
        }
    }
    for u in &drop.units {
        if !out.units.contains(u) {
            out.units.push(*u);
        }
    }
    let notes = drop.notes.trim();
    if !notes.is_empty() && !out.notes.contains(notes) {
        out.notes = if out.notes.is_empty() {
            notes.to_string()
        } else {
            format!("{}\n{notes}", out.notes)
        };
    }
    // Vip < Key < General: the more attentive care wins.
    out.tier = out.tier.min(drop.tier);
    out.version += 1;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomerId, Phone, Tier, UnitCode};
    use chrono::TimeZone;

    fn c(id: u64, phone: &str, unit: &str, tier: Tier, notes: &str) -> Customer {
        Customer {
            id: CustomerId(id),
            name: "李四".into(),
            phones: vec![Phone(phone.into())],
            units: vec![UnitCode::parse(unit).unwrap()],
            tier,
            notes: notes.into(),
            created_at: chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            version: 1,
            keeper: None,
        }
    }

    #[test]
    fn a_merge_keeps_both_phones_units_and_notes_and_the_closer_tier() {
        let keep = c(7, "13800000001", "3-2-1102", Tier::General, "轮椅");
        let drop = c(9, "13900000002", "5-1-302", Tier::Vip, "业委会");
        let m = merged(&keep, &drop).unwrap();
        assert_eq!(m.id, CustomerId(7));
        assert_eq!(m.phones.len(), 2);
        assert_eq!(m.units.len(), 2);
        assert_eq!(m.tier, Tier::Vip);
        assert_eq!(m.notes, "轮椅\n业委会");
        assert_eq!(m.version, 2);
        assert!(merged(&keep, &keep).is_err());
    }
}
