//! The deposit refund (R-OPS-10): the worker passes coming back, and the checklist that must
//! hold, item by item and in this order, before the deposit is paid back — the completion
//! inspection passed, 3 months of occupancy, the downstairs neighbour's signature, the
//! original permit and the deposit receipt brought back, every pass returned, the file
//! complete. A refusal names the first item missing.

use crate::domain::refusal::{PaperRefusal, Refusal, Term};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{refused, Permit, PermitState};
use crate::domain::money::Fen;
use crate::domain::text::{self, MAX_SHORT_BYTES};
use crate::domain::{DeskError, Field, StaffId, Time, UnitCode};

/// Months of occupancy after the works before the deposit comes back (入住三个月).
pub const OCCUPANCY_MONTHS: u32 = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundFile {
    /// The day the household moved in after the works.
    pub occupied_since: Option<NaiveDate>,
    /// The downstairs neighbour's signature: who signed, when.
    pub neighbour: Option<(String, Time)>,
    /// The original permit and the deposit receipt were brought back.
    pub papers_back: bool,
    /// The file was checked complete (R-OPS-10 "check the file is complete first").
    pub file_complete: bool,
}

/// One item of the R-OPS-10 checklist, in the order it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefundItem {
    #[serde(alias = "InspectionPassed")]
    InspectionPassed,
    #[serde(alias = "Occupancy")]
    Occupancy,
    #[serde(alias = "NeighbourSignature")]
    NeighbourSignature,
    #[serde(alias = "PermitAndReceipt")]
    PermitAndReceipt,
    #[serde(alias = "PassesReturned")]
    PassesReturned,
    #[serde(alias = "FileComplete")]
    FileComplete,
}

impl RefundItem {
    pub const ALL: [RefundItem; 6] = [
        RefundItem::InspectionPassed,
        RefundItem::Occupancy,
        RefundItem::NeighbourSignature,
        RefundItem::PermitAndReceipt,
        RefundItem::PassesReturned,
        RefundItem::FileComplete,
    ];

    /// Its word in the catalogue: `refund-item-<id>`.
    pub fn id(self) -> &'static str {
        match self {
            RefundItem::InspectionPassed => "inspection",
            RefundItem::Occupancy => "occupancy",
            RefundItem::NeighbourSignature => "neighbour",
            RefundItem::PermitAndReceipt => "papers",
            RefundItem::PassesReturned => "passes",
            RefundItem::FileComplete => "file",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RefundItem::InspectionPassed => "completion inspection passed",
            RefundItem::Occupancy => "3 months of occupancy",
            RefundItem::NeighbourSignature => "downstairs neighbour's signature",
            RefundItem::PermitAndReceipt => "original permit and deposit receipt",
            RefundItem::PassesReturned => "every worker's pass returned",
            RefundItem::FileComplete => "file complete",
        }
    }
}

impl Permit {
    /// The unit one floor below in the same stack (`3-2-1102` → `3-2-1002`), whose
    /// occupant signs that the works did them no harm; none on the ground floor.
    pub fn downstairs(&self) -> Option<UnitCode> {
        let floor = self.unit.room / 100;
        (floor > 1).then(|| UnitCode {
            room: self.unit.room - 100,
            ..self.unit
        })
    }

    fn in_refund(&self, what: &str) -> Result<(), DeskError> {
        if self.state != PermitState::Passed {
            return Err(refused(
                &self.no,
                &self.state,
                &format!("after-inspection-{what}"),
            ));
        }
        Ok(())
    }

    /// A worker's pass comes back (at any time once the permit is issued).
    pub fn return_pass(&mut self, pass: &str) -> Result<(), DeskError> {
        if !matches!(
            self.state,
            PermitState::Issued | PermitState::AwaitingInspection | PermitState::Passed
        ) {
            return Err(refused(&self.no, &self.state, "passes"));
        }
        let pass = pass.trim();
        let Some(w) = self
            .workers
            .iter_mut()
            .find(|w| w.pass.eq_ignore_ascii_case(pass))
        else {
            return Err(DeskError::invalid(
                Field::Pass,
                crate::domain::refusal::PaperRefusal::NoSuchPass {
                    permit: self.no.to_string(),
                    pass: pass.to_string(),
                    passes: self
                        .workers
                        .iter()
                        .map(|w| w.pass.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            ));
        };
        if w.returned {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::PassBackAlready {
                    pass: w.pass.to_string(),
                },
            ));
        }
        w.returned = true;
        self.version += 1;
        Ok(())
    }

    pub fn record_occupancy(&mut self, since: NaiveDate) -> Result<(), DeskError> {
        self.in_refund("occupancy")?;
        self.refund.occupied_since = Some(since);
        self.version += 1;
        Ok(())
    }

    /// The downstairs neighbour signs (R-OPS-10).
    pub fn neighbour_signed(&mut self, name: &str, now: Time) -> Result<(), DeskError> {
        self.in_refund("neighbour")?;
        if self.downstairs().is_none() {
            return Err(DeskError::invalid(
                Field::Name,
                crate::domain::refusal::PaperRefusal::GroundFloor {
                    unit: self.unit.to_string(),
                },
            ));
        }
        let name = text::required_line(Field::Name, name, MAX_SHORT_BYTES)?;
        self.refund.neighbour = Some((name, now));
        self.version += 1;
        Ok(())
    }

    /// The original permit and the deposit receipt are brought back.
    pub fn papers_back(&mut self) -> Result<(), DeskError> {
        self.in_refund("originals")?;
        self.refund.papers_back = true;
        self.version += 1;
        Ok(())
    }

    pub fn file_complete(&mut self) -> Result<(), DeskError> {
        self.in_refund("file-check")?;
        self.refund.file_complete = true;
        self.version += 1;
        Ok(())
    }

    /// The checklist on `today`: each item, and why it does not hold (None when it does).
    pub fn checklist(&self, today: NaiveDate) -> Vec<(RefundItem, Option<Refusal>)> {
        RefundItem::ALL
            .into_iter()
            .map(|item| (item, self.why_not(item, today)))
            .collect()
    }

    /// The first item that does not hold, with why.
    pub fn first_missing(&self, today: NaiveDate) -> Option<(RefundItem, Refusal)> {
        RefundItem::ALL
            .into_iter()
            .find_map(|item| self.why_not(item, today).map(|why| (item, why)))
    }

    fn why_not(&self, item: RefundItem, today: NaiveDate) -> Option<Refusal> {
        let passed = self.inspections.last().is_some_and(|i| i.passed)
            && matches!(
                self.state,
                PermitState::Passed | PermitState::Refunded { .. }
            );
        let why = match item {
            RefundItem::InspectionPassed if !passed => PaperRefusal::InspectionNotPassed {
                permit: self.no.to_string(),
                state: Term::of("permit-state", self.state.as_str()),
            },
            RefundItem::Occupancy => match self.refund.occupied_since {
                None => PaperRefusal::OccupancyUnrecorded {},
                Some(since) => {
                    let from = since + Months::new(OCCUPANCY_MONTHS);
                    if today >= from {
                        return None;
                    }
                    PaperRefusal::OccupancyTooShort {
                        since: since.to_string(),
                        from: from.to_string(),
                    }
                }
            },
            RefundItem::NeighbourSignature => match (self.downstairs(), &self.refund.neighbour) {
                (Some(below), None) => PaperRefusal::NeighbourUnsigned {
                    below: below.to_string(),
                },
                _ => return None,
            },
            RefundItem::PermitAndReceipt if !self.refund.papers_back => {
                PaperRefusal::PapersNotBack {}
            }
            RefundItem::PassesReturned => {
                let out: Vec<&str> = self
                    .workers
                    .iter()
                    .filter(|w| !w.returned)
                    .map(|w| w.pass.as_str())
                    .collect();
                if out.is_empty() {
                    return None;
                }
                PaperRefusal::PassesOut {
                    passes: out.join(", "),
                }
            }
            RefundItem::FileComplete if !self.refund.file_complete => {
                PaperRefusal::FileUnchecked {}
            }
            _ => return None,
        };
        Some(why.into())
    }

    /// R-OPS-10: pays the deposit back, or names the first missing item.
    pub fn refund(&mut self, by: StaffId, today: NaiveDate, now: Time) -> Result<Fen, DeskError> {
        if let PermitState::Refunded { .. } = self.state {
            return Err(refused(&self.no, &self.state, "refunded"));
        }
        if let Some((item, why)) = self.first_missing(today) {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::NotRefundable {
                    permit: self.no.to_string(),
                    item: crate::domain::refusal::Term::of("refund-item", item.id()),
                    why: Box::new(why),
                },
            ));
        }
        let amount = self.issued.as_ref().map_or(Fen(0), |i| i.approval.deposit);
        self.state = PermitState::Refunded {
            by,
            at: now,
            amount,
        };
        self.version += 1;
        Ok(amount)
    }
}
