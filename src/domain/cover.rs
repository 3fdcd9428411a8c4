//! The desk's cover hand-over (R-OPS-15: the desk is never unattended; leaving needs the
//! team lead's OK and a cover): a signed entry of who leaves, who covers, from when to
//! when, and which supervisor approved. Signed by the kernel identity of whoever records it.

use serde::{Deserialize, Serialize};

use super::{DeskError, Field, StaffId, Time};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    /// Who leaves the desk (the signer).
    pub leaving: StaffId,
    pub covering: StaffId,
    pub from: Time,
    pub until: Time,
    pub approved_by: StaffId,
    pub signed_at: Time,
}

impl Cover {
    /// The entry, or which field is wrong. Whether `covering` and `approved_by` are active
    /// staff (and the approver a supervisor) is the daemon's check against its staff list.
    pub fn sign(
        leaving: StaffId,
        covering: StaffId,
        from: Time,
        until: Time,
        approved_by: StaffId,
        now: Time,
    ) -> Result<Cover, DeskError> {
        if covering == leaving {
            return Err(DeskError::invalid(
                Field::Covers,
                crate::domain::refusal::DeskRefusal::CoverSelf {},
            ));
        }
        if approved_by == leaving {
            return Err(DeskError::invalid(
                Field::ApprovedBy,
                crate::domain::refusal::DeskRefusal::CoverOwnApproval {},
            ));
        }
        if until <= from {
            return Err(DeskError::invalid(
                Field::Until,
                crate::domain::refusal::DeskRefusal::CoverBackwards {},
            ));
        }
        if until - from > chrono::Duration::hours(24) {
            return Err(DeskError::invalid(
                Field::Until,
                crate::domain::refusal::DeskRefusal::CoverTooLong {},
            ));
        }
        Ok(Cover {
            leaving,
            covering,
            from,
            until,
            approved_by,
            signed_at: now,
        })
    }

    pub fn covers_at(&self, t: Time) -> bool {
        self.from <= t && t < self.until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn r_ops_15_a_cover_needs_someone_else_and_a_team_leads_ok() {
        let t = Utc.with_ymd_and_hms(2026, 11, 24, 2, 0, 0).unwrap();
        let h = chrono::Duration::hours(1);
        let (me, you, lead) = (StaffId(1), StaffId(2), StaffId(3));
        assert_eq!(
            Cover::sign(me, me, t, t + h, lead, t).unwrap_err().field(),
            Some(Field::Covers)
        );
        assert_eq!(
            Cover::sign(me, you, t, t + h, me, t).unwrap_err().field(),
            Some(Field::ApprovedBy)
        );
        assert_eq!(
            Cover::sign(me, you, t, t, lead, t).unwrap_err().field(),
            Some(Field::Until)
        );
        let c = Cover::sign(me, you, t, t + h, lead, t).unwrap();
        assert!(c.covers_at(t) && !c.covers_at(t + h));
    }
}
