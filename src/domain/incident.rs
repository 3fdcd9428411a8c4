//! One incident, many callers: a burst pipe, a stuck lift, a power cut in one building
//! brings twenty calls, each its own case under its own first responder (首问负责制). An
//! incident ties them together: declared by a supervisor, or grown from an open case the
//! next caller's intake matched (same building and category, within the policy's window).
//! Its resolution resolves every linked case with the same summary, cause and action; each
//! resident still gets their own reply and callback, so a complaint whose resident has not
//! been told yet stays open for its owner (R-LIFE-02).

use serde::{Deserialize, Serialize};

use super::case::Resolution;
use super::refusal::CaseRefusal;
use super::text::{self, MAX_TEXT_BYTES};
use super::{DeskError, Field, StaffId, Ticket, Time};

pub use crate::domain::record_no::IncidentNo;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub no: IncidentNo,
    pub building: u32,
    /// The desk's category list code.
    pub category: String,
    pub text: String,
    pub opened_by: StaffId,
    pub opened_at: Time,
    /// The case it grew from, when intake linked a caller to an open case.
    pub lead: Option<Ticket>,
    pub resolved: Option<IncidentResolved>,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentResolved {
    pub by: StaffId,
    pub at: Time,
    pub resolution: Resolution,
}

impl Incident {
    /// A new incident in `building` about `category` (a list code), described by `text`.
    pub fn open(
        no: IncidentNo,
        building: u32,
        category: &str,
        text: &str,
        by: StaffId,
        now: Time,
        lead: Option<Ticket>,
    ) -> Result<Incident, DeskError> {
        if building == 0 {
            return Err(DeskError::invalid(
                Field::Building,
                crate::domain::refusal::InputRefusal::NumberRange {
                    min: 1,
                    max: i64::from(u32::MAX),
                },
            ));
        }
        Ok(Incident {
            no,
            building,
            category: category.to_string(),
            text: text::required_text(Field::Text, text, MAX_TEXT_BYTES)?,
            opened_by: by,
            opened_at: now,
            lead,
            resolved: None,
            version: 1,
        })
    }

    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }

    /// Resolved once, with the resolution every linked case takes.
    pub fn resolve(
        &mut self,
        by: StaffId,
        resolution: Resolution,
        now: Time,
    ) -> Result<(), DeskError> {
        if !self.is_open() {
            return Err(DeskError::conflict(CaseRefusal::IncidentResolved {
                incident: self.no.to_string(),
            }));
        }
        text::required_text(Field::Summary, &resolution.summary, MAX_TEXT_BYTES)?;
        self.resolved = Some(IncidentResolved {
            by,
            at: now,
            resolution,
        });
        self.version += 1;
        Ok(())
    }
}
