//! Record shapes of earlier versions, and their upgrade to the next one. bincode is
//! positional, so a record that gains a field is written under a new record version and the
//! old bytes are read through the shape they were written in (DESIGN §4). Each upgrade is one
//! step, `from` → `from + 1`; `codec::decode` chains them.

use serde::{Deserialize, Serialize};

use super::codec::Tag;
use crate::domain::release::{Applicant, ReleaseSlip, Scope, SlipNo, SlipState};
use crate::domain::{CustomerId, StaffId, Time, UnitCode};

/// A release slip as version 1 wrote it: before the applicant's ID number and the waiver of
/// arrears on file (R-OPS-03/04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipV1 {
    pub no: SlipNo,
    pub unit: UnitCode,
    pub customer: CustomerId,
    pub applicant: Applicant,
    pub scope: Scope,
    pub lease_end: bool,
    pub items: String,
    pub fee_receipt: Option<String>,
    pub issued_by: StaffId,
    pub issued_at: Time,
    pub valid_from: chrono::NaiveDate,
    pub valid_until: chrono::NaiveDate,
    pub state: SlipState,
    pub version: u32,
}

impl From<SlipV1> for ReleaseSlip {
    fn from(s: SlipV1) -> ReleaseSlip {
        ReleaseSlip {
            no: s.no,
            unit: s.unit,
            customer: s.customer,
            applicant: s.applicant,
            scope: s.scope,
            lease_end: s.lease_end,
            items: s.items,
            fee_receipt: s.fee_receipt,
            // Not asked before version 2: the slip says so by leaving it blank.
            id_number: String::new(),
            waiver: None,
            issued_by: s.issued_by,
            issued_at: s.issued_at,
            valid_from: s.valid_from,
            valid_until: s.valid_until,
            state: s.state,
            version: s.version,
        }
    }
}

/// The body of a `tag` record written at version `from`, re-encoded in version `from + 1`'s
/// shape; `None` when that kind did not change shape at that step.
pub(super) fn step(tag: Tag, from: u16, body: &[u8]) -> Result<Option<Vec<u8>>, bincode::Error> {
    Ok(match (tag, from) {
        (Tag::ReleaseSlip, 1) => {
            let old: SlipV1 = bincode::deserialize(body)?;
            Some(bincode::serialize(&ReleaseSlip::from(old))?)
        }
        _ => None,
    })
}
