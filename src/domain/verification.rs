//! R-REC-07: resident records are re-checked quarterly. A verification says who confirmed a
//! resident's details, when; a record not verified within the policy's `verify_days` is "to
//! verify".

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{CustomerId, StaffId, Time};

/// A quarter (R-REC-07, 004:31): the policy's default `verify_days`.
pub const VERIFY_EVERY_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub customer: CustomerId,
    pub at: Time,
    pub by: StaffId,
}

/// Whether a record last verified at `last` (never: None) is due for a re-check at `now`,
/// records being re-checked every `every_days`.
pub fn due_for_check(last: Option<Time>, now: Time, every_days: i64) -> bool {
    last.is_none_or(|t| now - t > Duration::days(every_days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn r_rec_07_records_are_due_after_a_quarter_or_when_never_checked() {
        let now = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let quarter = VERIFY_EVERY_DAYS;
        assert!(due_for_check(None, now, quarter));
        assert!(!due_for_check(Some(now - Duration::days(90)), now, quarter));
        assert!(due_for_check(Some(now - Duration::days(91)), now, quarter));
        // A desk that re-checks monthly (policy `verify_days = 30`).
        assert!(due_for_check(Some(now - Duration::days(31)), now, 30));
    }
}
