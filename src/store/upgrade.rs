//! Record shapes of earlier versions, and their upgrade to the next one. bincode is
//! positional, so a record that gains a field is written under a new record version and the
//! old bytes are read through the shape they were written in (DESIGN §4), or, for a field
//! gained at the record's end, given its value after them. Each upgrade is one step,
//! `from` → `from + 1`; `codec::decode` chains them.

use serde::{Deserialize, Serialize};

use super::tag::Tag;
use crate::domain::case::{CaseStatus, Deadlines, Handler, TimelineEntry};
use crate::domain::cover::Cover;
use crate::domain::dwelling::{DocRecord, Dwelling, Occupancy, OccupantRole};
use crate::domain::release::{Applicant, ReleaseSlip, Scope, SlipNo, SlipState};
use crate::domain::{
    CallbackId, Case, CaseKey, CaseKind, Channel, CustomerId, Severity, StaffId, Ticket, Time,
    UnitCode,
};
use chrono::NaiveDate;

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

/// A case's clocks as versions 1 and 2 wrote them: a dispatch deadline on every case,
/// whether or not the three-minute chain ran for its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlinesV2 {
    pub acknowledge: Time,
    pub dispatch: Time,
    pub respond: Time,
    pub resolve: Time,
}

/// A case as versions 1 and 2 wrote it (R-INT-07: before the clocks a case stores were only
/// those that run for it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseV2 {
    pub key: CaseKey,
    pub ticket: Ticket,
    pub kind: CaseKind,
    pub channel: Channel,
    pub category: String,
    pub severity: Severity,
    pub description: String,
    pub received_by: StaffId,
    pub owner: StaffId,
    pub handler: Option<Handler>,
    pub assists: Vec<StaffId>,
    pub subject: Option<StaffId>,
    pub promised_at: Option<Time>,
    pub registered_at: Time,
    pub deadlines: DeadlinesV2,
    pub dispatched_at: Option<Time>,
    pub responded_at: Option<Time>,
    pub resolved_at: Option<Time>,
    pub status: CaseStatus,
    pub callback: Option<CallbackId>,
    pub timeline: Vec<TimelineEntry>,
    pub version: u32,
}

/// The case `$c` in the shape `$target`, every field as it was but its clocks, `$deadlines`.
macro_rules! case_with_deadlines {
    ($target:ident, $c:ident, $deadlines:expr) => {
        $target {
            key: $c.key,
            ticket: $c.ticket,
            kind: $c.kind,
            channel: $c.channel,
            category: $c.category,
            severity: $c.severity,
            description: $c.description,
            received_by: $c.received_by,
            owner: $c.owner,
            handler: $c.handler,
            assists: $c.assists,
            subject: $c.subject,
            promised_at: $c.promised_at,
            registered_at: $c.registered_at,
            deadlines: $deadlines,
            dispatched_at: $c.dispatched_at,
            responded_at: $c.responded_at,
            resolved_at: $c.resolved_at,
            status: $c.status,
            callback: $c.callback,
            timeline: $c.timeline,
            version: $c.version,
        }
    };
}

impl From<CaseV2> for CaseV6 {
    fn from(c: CaseV2) -> CaseV6 {
        let d = c.deadlines;
        // The rule those versions ran under: no three-minute chain for an inquiry or a
        // suggestion. A case keeps the clocks it was registered with.
        let ran = !matches!(c.kind, CaseKind::Inquiry | CaseKind::Suggestion);
        let deadlines = DeadlinesV6 {
            acknowledge: d.acknowledge,
            dispatch: ran.then_some(d.dispatch),
            respond: d.respond,
            resolve: d.resolve,
        };
        case_with_deadlines!(CaseV6, c, deadlines)
    }
}

/// A case's clocks as versions 3 to 6 wrote them: no same-day investigation clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlinesV6 {
    pub acknowledge: Time,
    pub dispatch: Option<Time>,
    pub respond: Time,
    pub resolve: Time,
}

/// A case as versions 3 to 6 wrote it (R-INT-17: before complaints were investigated the
/// same day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseV6 {
    pub key: CaseKey,
    pub ticket: Ticket,
    pub kind: CaseKind,
    pub channel: Channel,
    pub category: String,
    pub severity: Severity,
    pub description: String,
    pub received_by: StaffId,
    pub owner: StaffId,
    pub handler: Option<Handler>,
    pub assists: Vec<StaffId>,
    pub subject: Option<StaffId>,
    pub promised_at: Option<Time>,
    pub registered_at: Time,
    pub deadlines: DeadlinesV6,
    pub dispatched_at: Option<Time>,
    pub responded_at: Option<Time>,
    pub resolved_at: Option<Time>,
    pub status: CaseStatus,
    pub callback: Option<CallbackId>,
    pub timeline: Vec<TimelineEntry>,
    pub version: u32,
}

impl From<CaseV6> for Case {
    fn from(c: CaseV6) -> Case {
        let d = c.deadlines;
        // Registered before the clock existed: none runs for it.
        let deadlines = Deadlines {
            acknowledge: d.acknowledge,
            dispatch: d.dispatch,
            respond: d.respond,
            resolve: d.resolve,
            investigate: None,
        };
        case_with_deadlines!(Case, c, deadlines)
    }
}

/// A cover as versions 1 to 3 wrote it: the approving supervisor typed in, never asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverV3 {
    pub leaving: StaffId,
    pub covering: StaffId,
    pub from: Time,
    pub until: Time,
    pub approved_by: StaffId,
    pub signed_at: Time,
}

impl From<CoverV3> for Cover {
    fn from(c: CoverV3) -> Cover {
        Cover {
            // The number is the record's key and was not in its body; these covers predate
            // the OK, so nothing will ever name them by number.
            no: 0,
            leaving: c.leaving,
            covering: c.covering,
            from: c.from,
            until: c.until,
            approved_by: c.approved_by,
            signed_at: c.signed_at,
            // Recorded under the rule of the time: the approver named was taken as given.
            confirmed_at: Some(c.signed_at),
        }
    }
}

/// An occupancy as versions 1 to 5 wrote it: before a relative's proof of kinship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccupancyV5 {
    pub customer: CustomerId,
    pub role: OccupantRole,
    pub moved_in: NaiveDate,
    pub moved_out: Option<NaiveDate>,
    pub residence_card: String,
    pub owner: Option<CustomerId>,
}

/// A dwelling's file as versions 1 to 5 wrote it (R-REC-02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DwellingV5 {
    pub unit: UnitCode,
    pub occupants: Vec<OccupancyV5>,
    pub documents: Vec<DocRecord>,
    pub version: u32,
}

impl From<DwellingV5> for Dwelling {
    fn from(d: DwellingV5) -> Dwelling {
        Dwelling {
            unit: d.unit,
            occupants: d
                .occupants
                .into_iter()
                .map(|o| Occupancy {
                    customer: o.customer,
                    role: o.role,
                    moved_in: o.moved_in,
                    moved_out: o.moved_out,
                    residence_card: o.residence_card,
                    owner: o.owner,
                    // Not asked then: the file says so by leaving it blank.
                    kinship_proof: String::new(),
                })
                .collect(),
            documents: d.documents,
            version: d.version,
        }
    }
}

/// The body of a `tag` record written at version `from`, re-encoded in version `from + 1`'s
/// shape; `None` when that kind did not change shape at that step.
pub(super) fn step(tag: Tag, from: u16, body: &[u8]) -> Result<Option<Vec<u8>>, bincode::Error> {
    match (tag, from) {
        (Tag::ReleaseSlip, 1) => reshape::<SlipV1, ReleaseSlip>(body),
        (Tag::Case, 2) => reshape::<CaseV2, CaseV6>(body),
        (Tag::Cover, 3) => reshape::<CoverV3, Cover>(body),
        // R-REC-11: nobody was named its keeper; the record stays open to every clerk, as it was.
        (Tag::Customer, 4) => appended(body, None::<StaffId>),
        (Tag::Dwelling, 5) => reshape::<DwellingV5, Dwelling>(body),
        (Tag::Case, 6) => reshape::<CaseV6, Case>(body),
        // No call pops up for anyone until an admin gives them an extension.
        (Tag::Staff, 7) => appended(body, None::<String>),
        _ => Ok(None),
    }
}

/// `body` with `field` after it: the shape of a record that gained `field` at its end, as
/// bincode writes a struct as its fields in order with nothing around them (so an old
/// shape need not be kept for such a step; `tests/schema.rs` decodes the old golden files).
fn appended<F: Serialize>(body: &[u8], field: F) -> Result<Option<Vec<u8>>, bincode::Error> {
    let mut out = body.to_vec();
    bincode::serialize_into(&mut out, &field)?;
    Ok(Some(out))
}

/// `body` read in the `Old` shape and written in the `New` one.
fn reshape<Old, New>(body: &[u8]) -> Result<Option<Vec<u8>>, bincode::Error>
where
    Old: serde::de::DeserializeOwned + Into<New>,
    New: Serialize,
{
    let old: Old = bincode::deserialize(body)?;
    Ok(Some(bincode::serialize(&old.into())?))
}
