//! The desk's cover hand-over (R-OPS-15: the desk is never unattended; leaving needs the
//! team lead's OK and a cover): a signed entry of who leaves, who covers, from when to
//! when, and which supervisor is to approve it. Signed by the kernel identity of whoever
//! records it; the OK is the named supervisor's, given from their own login (`confirm`).
//! A cover in force without that OK, or one that has run out with nobody back, leaves the
//! desk unattended as far as the record shows.

use serde::{Deserialize, Serialize};

use super::refusal::DeskRefusal;
use super::{DeskError, Field, StaffId, Time};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    /// The cover's number in the desk's series (what an OK names).
    pub no: u64,
    /// Who leaves the desk (the signer).
    pub leaving: StaffId,
    pub covering: StaffId,
    pub from: Time,
    pub until: Time,
    /// The supervisor named to approve it.
    pub approved_by: StaffId,
    pub signed_at: Time,
    /// When that supervisor gave the OK from their own login; `None` while it awaits it.
    /// Record version 4; covers of earlier versions were taken as approved as typed.
    pub confirmed_at: Option<Time>,
}

impl Cover {
    /// The entry, or which field is wrong. Whether `covering` and `approved_by` are active
    /// staff (and the approver a supervisor) is the daemon's check against its staff list.
    pub fn sign(
        no: u64,
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
            no,
            leaving,
            covering,
            from,
            until,
            approved_by,
            signed_at: now,
            confirmed_at: None,
        })
    }

    pub fn covers_at(&self, t: Time) -> bool {
        self.from <= t && t < self.until
    }

    /// The named supervisor's OK, from their own login; nobody else's counts.
    pub fn confirm(&mut self, by: StaffId, now: Time) -> Result<(), DeskError> {
        if by != self.approved_by {
            return Err(DeskError::forbidden(DeskRefusal::CoverNotYours {}));
        }
        if self.confirmed_at.is_some() {
            return Err(DeskError::conflict(DeskRefusal::CoverAlreadyOk {}));
        }
        self.confirmed_at = Some(now);
        Ok(())
    }

    /// Signed and not yet approved by the supervisor it names, and not over.
    pub fn awaiting_ok(&self, now: Time) -> bool {
        self.confirmed_at.is_none() && now < self.until
    }

    /// R-OPS-15: whether this cover leaves the desk unattended at `now`: in force without
    /// the supervisor's OK, or run out with the leaver not back (`back_at`: their latest
    /// action at the desk, if any).
    pub fn leaves_desk_unattended(&self, now: Time, back_at: Option<Time>) -> bool {
        let unapproved = self.covers_at(now) && self.confirmed_at.is_none();
        let lapsed = now >= self.until && back_at.is_none_or(|t| t < self.until);
        unapproved || lapsed
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
        let sign = |covering, approver, until| Cover::sign(1, me, covering, t, until, approver, t);
        assert_eq!(
            sign(me, lead, t + h).unwrap_err().field(),
            Some(Field::Covers)
        );
        assert_eq!(
            sign(you, me, t + h).unwrap_err().field(),
            Some(Field::ApprovedBy)
        );
        assert_eq!(sign(you, lead, t).unwrap_err().field(), Some(Field::Until));
        let c = sign(you, lead, t + h).unwrap();
        assert!(c.covers_at(t) && !c.covers_at(t + h));
    }

    #[test]
    fn r_ops_15_only_the_named_supervisor_oks_it_and_a_lapsed_cover_with_nobody_back_is_noticed() {
        let t = Utc.with_ymd_and_hms(2026, 11, 24, 2, 0, 0).unwrap();
        let h = chrono::Duration::hours(1);
        let (me, you, lead, other) = (StaffId(1), StaffId(2), StaffId(3), StaffId(4));
        let mut c = Cover::sign(7, me, you, t, t + h, lead, t).unwrap();
        assert!(c.awaiting_ok(t));
        // Left without the OK: unattended as far as the record shows.
        assert!(c.leaves_desk_unattended(t, None));
        assert!(matches!(c.confirm(other, t), Err(DeskError::Forbidden(_))));
        assert!(matches!(c.confirm(me, t), Err(DeskError::Forbidden(_))));
        c.confirm(lead, t).unwrap();
        assert!(matches!(
            c.confirm(lead, t),
            Err(DeskError::Conflict { .. })
        ));
        assert!(!c.awaiting_ok(t) && !c.leaves_desk_unattended(t, None));
        // Run out: unattended until the leaver acts at the desk again.
        let after = t + h + chrono::Duration::minutes(10);
        assert!(c.leaves_desk_unattended(after, None));
        assert!(
            c.leaves_desk_unattended(after, Some(t)),
            "an action before it ran out"
        );
        assert!(!c.leaves_desk_unattended(after, Some(t + h + chrono::Duration::minutes(5))));
    }
}
