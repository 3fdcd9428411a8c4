//! On-site visits: repairs, on-site callbacks and courtesy visits (走访, R-VIS-01). A staff
//! member is never double-booked; a clash names the appointment it collides with (R-VIS-02:
//! keep appointments strictly).

use crate::domain::Field;
use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::text::{self, MAX_TEXT_BYTES};
use super::{CallbackId, CaseKey, CustomerId, DeskError, Policy, StaffId, Time, UnitCode, VisitId};

crate::domain::by_word::words! {
    pub enum VisitKind in Field::Kind as "visit-kind" {
        Repair = ["repair", "维修"],
        OnsiteCallback = ["callback", "onsite-callback", "回访"],
        Courtesy = ["courtesy", "走访"],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VisitStatus {
    #[serde(alias = "Scheduled")]
    Scheduled,
    #[serde(alias = "Done")]
    Done,
    #[serde(alias = "Cancelled")]
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: VisitId,
    pub customer: CustomerId,
    pub unit: UnitCode,
    pub staff: StaffId,
    pub kind: VisitKind,
    pub start: Time,
    pub end: Time,
    pub case: Option<CaseKey>,
    pub callback: Option<CallbackId>,
    /// R-VIS-03: the plan — purpose and what to bring.
    pub purpose: String,
    pub status: VisitStatus,
    /// R-VIS-05: the visit report.
    pub report: String,
    pub created_by: StaffId,
    pub version: u32,
}

/// Checks a time window: ends after it starts, no longer than the policy allows.
pub fn check_window(policy: &Policy, start: Time, end: Time) -> Result<(), DeskError> {
    if end <= start {
        return Err(DeskError::invalid(
            Field::End,
            crate::domain::refusal::DeskRefusal::VisitEndBeforeStart {},
        ));
    }
    if end - start > Duration::hours(policy.max_visit_hours) {
        return Err(DeskError::invalid(
            Field::End,
            crate::domain::refusal::DeskRefusal::VisitTooLong {
                hours: policy.max_visit_hours,
            },
        ));
    }
    Ok(())
}

/// The first scheduled visit of `staff` that overlaps `[start, end)`, if any.
pub fn find_clash<'a>(
    existing: impl IntoIterator<Item = &'a Visit>,
    staff: StaffId,
    start: Time,
    end: Time,
) -> Option<&'a Visit> {
    existing.into_iter().find(|v| {
        v.staff == staff && v.status == VisitStatus::Scheduled && v.start < end && start < v.end
    })
}

impl Visit {
    /// Only a visit still to happen can be done, cancelled or moved.
    fn still_scheduled(&self) -> Result<(), DeskError> {
        if self.status == VisitStatus::Scheduled {
            return Ok(());
        }
        Err(DeskError::conflict(
            crate::domain::refusal::DeskRefusal::VisitNotScheduled {
                visit: self.id.to_string(),
            },
        ))
    }

    pub fn complete(&mut self, report: &str) -> Result<(), DeskError> {
        self.still_scheduled()?;
        self.report = text::required_text(Field::Report, report, MAX_TEXT_BYTES)?;
        self.status = VisitStatus::Done;
        self.version += 1;
        Ok(())
    }

    /// R-VIS-02: called off, with the reason kept as the visit's report (its slot is free).
    pub fn cancel(&mut self, reason: &str) -> Result<(), DeskError> {
        self.still_scheduled()?;
        self.report = text::required_text(Field::Reason, reason, MAX_TEXT_BYTES)?;
        self.status = VisitStatus::Cancelled;
        self.version += 1;
        Ok(())
    }

    /// R-VIS-02: moved to a new window (checked against the policy; the clash check is the
    /// desk's, over the visitor's other bookings).
    pub fn reschedule(&mut self, policy: &Policy, start: Time, end: Time) -> Result<(), DeskError> {
        self.still_scheduled()?;
        check_window(policy, start, end)?;
        self.start = start;
        self.end = end;
        self.version += 1;
        Ok(())
    }

    /// R-VIS-02 "never missed": still scheduled after its window ended.
    pub fn missed(&self, now: Time) -> bool {
        self.status == VisitStatus::Scheduled && self.end <= now
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> Time {
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    #[test]
    fn r_vis_02_a_visit_moves_or_is_cancelled_only_while_scheduled_and_is_missed_after_its_end() {
        let mut v = visit(1, 7, at(9, 0), at(10, 0));
        assert!(!v.missed(at(9, 59)) && v.missed(at(10, 0)));
        let policy = Policy::default();
        assert!(v.reschedule(&policy, at(14, 0), at(13, 0)).is_err());
        v.reschedule(&policy, at(14, 0), at(15, 0)).unwrap();
        assert_eq!((v.start, v.end, v.version), (at(14, 0), at(15, 0), 2));
        assert!(v.cancel("  ").is_err(), "a cancellation names its reason");
        v.cancel("住户出差").unwrap();
        assert_eq!(
            (v.status, v.report.as_str()),
            (VisitStatus::Cancelled, "住户出差")
        );
        assert!(!v.missed(at(16, 0)), "a cancelled visit is not missed");
        assert!(v.reschedule(&policy, at(16, 0), at(17, 0)).is_err());
        assert!(v.complete("done").is_err());
    }

    fn visit(id: u64, staff: u32, s: Time, e: Time) -> Visit {
        Visit {
            id: VisitId(id),
            customer: CustomerId(1),
            unit: UnitCode::parse("3-2-1102").unwrap(),
            staff: StaffId(staff),
            kind: VisitKind::Repair,
            start: s,
            end: e,
            case: None,
            callback: None,
            purpose: "fix tap".into(),
            status: VisitStatus::Scheduled,
            report: String::new(),
            created_by: StaffId(staff),
            version: 1,
        }
    }

    #[test]
    fn r_vis_02_staff_is_never_double_booked_and_the_clash_is_named() {
        let existing = [visit(7, 1, at(9, 0), at(10, 0))];
        let clash = find_clash(&existing, StaffId(1), at(9, 30), at(10, 30)).unwrap();
        assert_eq!(clash.id, VisitId(7));
        // Back to back is fine; another staff member is fine.
        assert!(find_clash(&existing, StaffId(1), at(10, 0), at(11, 0)).is_none());
        assert!(find_clash(&existing, StaffId(2), at(9, 0), at(10, 0)).is_none());
        // A cancelled visit frees the slot.
        let mut cancelled = existing.clone();
        cancelled[0].status = VisitStatus::Cancelled;
        assert!(find_clash(&cancelled, StaffId(1), at(9, 0), at(10, 0)).is_none());
    }

    #[test]
    fn windows_must_be_forward_and_bounded() {
        let p = Policy::default();
        assert!(check_window(&p, at(10, 0), at(9, 0)).is_err());
        assert!(check_window(&p, at(1, 0), at(14, 0)).is_err());
        assert!(check_window(&p, at(9, 0), at(10, 0)).is_ok());
    }

    #[test]
    fn r_vis_05_done_needs_a_report() {
        let mut v = visit(1, 1, at(9, 0), at(10, 0));
        assert!(v.complete("  ").is_err());
        v.complete("replaced washer").unwrap();
        assert_eq!(v.status, VisitStatus::Done);
    }
}
