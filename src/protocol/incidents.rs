//! Incidents as the screens and the CLI see them: each open one with its linked cases, and
//! what intake offers to link a new case to.

use serde::{Deserialize, Serialize};

use super::CaseSummary;
use crate::domain::incident::{Incident, IncidentNo};
use crate::domain::Ticket;

/// An incident and the cases linked to it, oldest first: the Cases pane's group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentGroup {
    pub incident: Incident,
    pub cases: Vec<CaseSummary>,
}

/// What a new case may be linked to: an open incident, or an open case of the same
/// building and category registered within the policy's window (linking to it grows an
/// incident from it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkTo {
    Incident(IncidentNo),
    Case(Ticket),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkOffer {
    pub to: LinkTo,
    pub building: u32,
    /// The category's list code.
    pub category: String,
    /// The incident's text, or the open case's description.
    pub text: String,
    /// Cases already part of it (1 for an open case not yet an incident).
    pub callers: u32,
}

/// What resolving an incident did: the cases resolved with it, and those left for their
/// owners (a resident not yet told, R-LIFE-02), each with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentResolution {
    pub incident: Incident,
    pub resolved: Vec<Ticket>,
    pub left: Vec<(Ticket, crate::domain::DeskError)>,
}
