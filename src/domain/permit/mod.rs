//! Decoration permits (装修备案, R-OPS-07..12): the owner (or a tenant with the owner's
//! consent) applies with the contractor, its site supervisor, the workers and their passes,
//! the document checklist and the waterproof undertaking when the waterproof layer is
//! touched; a supervisor approves (against the deposit and rubbish-fee receipts) or rejects;
//! the permit runs at most 3 months and each extension adds at most 3 more, stamped
//! "延期至 date"; engineering inspects the finished works; the deposit is refunded only when
//! the whole R-OPS-10 checklist holds (`refund.rs`). Every change is one function here that
//! checks the state it starts from: nothing edits a permit's state freely.

mod refund;
mod types;

use crate::domain::refusal::{PaperRefusal, Term};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::money::Fen;
use super::text::{self, MAX_SHORT_BYTES, MAX_TEXT_BYTES};
use super::{CustomerId, DeskError, Field, StaffId, Time, UnitCode};

pub use refund::{RefundFile, RefundItem};
pub use types::{Contractor, Doc, PermitApplicant, PermitDraft, PermitNo, Worker};

/// R-OPS-07/12: a filing is valid for at most this many months, and so is each extension.
pub const MAX_MONTHS: u32 = 3;
/// "Expiring" on the lists: this many days or fewer left.
pub const EXPIRING_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PermitState {
    /// Waiting for a supervisor.
    #[serde(alias = "Applied")]
    Applied,
    #[serde(alias = "Rejected")]
    Rejected {
        by: StaffId,
        at: Time,
        reason: String,
    },
    /// Approved and issued: works may go on until `valid_until`.
    #[serde(alias = "Issued")]
    Issued,
    /// The owner reported the works finished; engineering has to inspect.
    #[serde(alias = "AwaitingInspection")]
    AwaitingInspection,
    /// The completion inspection passed; the deposit waits for the R-OPS-10 checklist.
    #[serde(alias = "Passed")]
    Passed,
    #[serde(alias = "Refunded")]
    Refunded { by: StaffId, at: Time, amount: Fen },
    /// The owner withdrew the application before a decision (nothing was collected).
    #[serde(alias = "Withdrawn")]
    Withdrawn {
        by: StaffId,
        at: Time,
        reason: String,
    },
}

impl PermitState {
    pub fn as_str(&self) -> &'static str {
        match self {
            PermitState::Applied => "applied",
            PermitState::Rejected { .. } => "rejected",
            PermitState::Issued => "issued",
            PermitState::AwaitingInspection => "awaiting inspection",
            PermitState::Passed => "passed",
            PermitState::Refunded { .. } => "refunded",
            PermitState::Withdrawn { .. } => "withdrawn",
        }
    }

    /// Whether the permit still needs the desk (the open index).
    pub fn is_open(&self) -> bool {
        !matches!(
            self,
            PermitState::Rejected { .. }
                | PermitState::Refunded { .. }
                | PermitState::Withdrawn { .. }
        )
    }
}

/// What a supervisor's approval records (R-OPS-09): the receipts the permit is issued
/// against and how long it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub deposit: Fen,
    pub deposit_receipt: String,
    pub rubbish_fee: Fen,
    pub rubbish_receipt: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issued {
    pub approved_by: StaffId,
    pub approved_at: Time,
    pub approval: Approval,
}

/// One extension (R-OPS-12): from which end date to which, stamped on the form and passes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub by: StaffId,
    pub at: Time,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Extension {
    /// The stamp on the form and on each pass.
    pub fn stamp(&self) -> String {
        format!("同意延期 · 延期至 {}", self.to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub by: StaffId,
    pub at: Time,
    pub passed: bool,
    pub note: String,
}

/// Where a permit stands on the desk's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PermitQueue {
    #[serde(alias = "AwaitingApproval")]
    AwaitingApproval,
    #[serde(alias = "Overdue")]
    Overdue,
    #[serde(alias = "Expiring")]
    Expiring,
    #[serde(alias = "InWorks")]
    InWorks,
    #[serde(alias = "AwaitingInspection")]
    AwaitingInspection,
    #[serde(alias = "Refundable")]
    Refundable,
    /// Passed, but the refund checklist does not hold yet.
    #[serde(alias = "AwaitingRefundPapers")]
    AwaitingRefundPapers,
    #[serde(alias = "Closed")]
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permit {
    pub no: PermitNo,
    pub unit: UnitCode,
    pub customer: CustomerId,
    pub applicant: PermitApplicant,
    pub works: String,
    pub contractor: Contractor,
    pub workers: Vec<Worker>,
    pub docs: Vec<Doc>,
    pub waterproof_touched: bool,
    /// R-OPS-08: the owner's signed undertaking, required when the layer is touched.
    pub waterproof_undertaking: bool,
    /// The applicant's name as on record when they applied: the file index lists it (R-OPS-11).
    pub applicant_name: String,
    pub applied_by: StaffId,
    pub applied_at: Time,
    pub state: PermitState,
    pub issued: Option<Issued>,
    pub extensions: Vec<Extension>,
    pub inspections: Vec<Inspection>,
    pub refund: RefundFile,
    pub version: u32,
}

/// A step the permit's state does not allow; `rule` names the state it needs
/// (`permit-rule-*` in the catalogue).
fn refused(no: &PermitNo, state: &PermitState, rule: &str) -> DeskError {
    DeskError::conflict(PaperRefusal::PermitNotNow {
        permit: no.to_string(),
        state: Term::of("permit-state", state.as_str()),
        rule: Term::of("permit-rule", rule),
    })
}

impl Permit {
    /// R-OPS-07/08: registers an application, or names the field to fix.
    pub fn apply(
        no: PermitNo,
        d: &PermitDraft,
        applicant_name: &str,
        by: StaffId,
        now: Time,
    ) -> Result<Permit, DeskError> {
        let applicant = d.applicant.checked()?;
        let works = text::required_text(Field::Works, &d.works, MAX_TEXT_BYTES)?;
        let contractor = d.contractor.checked()?;
        if d.workers.is_empty() {
            return Err(DeskError::invalid(
                Field::Workers,
                PaperRefusal::WorkersNeeded {},
            ));
        }
        let mut workers = Vec::with_capacity(d.workers.len());
        for w in &d.workers {
            let w = w.checked()?;
            if workers.iter().any(|o: &Worker| o.pass == w.pass) {
                return Err(DeskError::invalid(
                    Field::Workers,
                    PaperRefusal::PassTwice {
                        pass: w.pass.to_string(),
                    },
                ));
            }
            workers.push(w);
        }
        if d.waterproof_touched && !d.waterproof_undertaking {
            return Err(DeskError::invalid(
                Field::Undertaking,
                PaperRefusal::WaterproofUndertaking {},
            ));
        }
        let mut docs = d.docs.clone();
        docs.sort();
        docs.dedup();
        Ok(Permit {
            no,
            unit: d.unit,
            customer: d.customer,
            applicant,
            works,
            contractor,
            workers,
            docs,
            waterproof_touched: d.waterproof_touched,
            waterproof_undertaking: d.waterproof_undertaking,
            applicant_name: applicant_name.to_string(),
            applied_by: by,
            applied_at: now,
            state: PermitState::Applied,
            issued: None,
            extensions: Vec::new(),
            inspections: Vec::new(),
            refund: RefundFile::default(),
            version: 1,
        })
    }

    /// The first document of the checklist (000:589-603) the file lacks.
    pub fn missing_doc(&self) -> Option<Doc> {
        Doc::ALL.iter().copied().find(|d| !self.docs.contains(d))
    }

    /// A supervisor approves (R-OPS-08/09): the file is complete, the receipts are given and
    /// the permit runs at most 3 months (R-OPS-07).
    pub fn approve(&mut self, by: StaffId, a: &Approval, now: Time) -> Result<(), DeskError> {
        if self.state != PermitState::Applied {
            return Err(refused(&self.no, &self.state, "approve"));
        }
        if let Some(doc) = self.missing_doc() {
            return Err(DeskError::invalid(
                Field::Docs,
                PaperRefusal::DocMissing {
                    doc: Term::of("doc", doc.as_str()),
                },
            ));
        }
        let deposit_receipt =
            text::required_line(Field::DepositReceipt, &a.deposit_receipt, MAX_SHORT_BYTES)
                .map_err(|_| {
                    DeskError::invalid(Field::DepositReceipt, PaperRefusal::DepositReceiptNeeded {})
                })?;
        let rubbish_receipt =
            text::required_line(Field::RubbishReceipt, &a.rubbish_receipt, MAX_SHORT_BYTES)
                .map_err(|_| {
                    DeskError::invalid(Field::RubbishReceipt, PaperRefusal::RubbishReceiptNeeded {})
                })?;
        if a.deposit == Fen(0) {
            return Err(DeskError::invalid(
                Field::Deposit,
                PaperRefusal::DepositNeeded {},
            ));
        }
        check_span(Field::Until, a.valid_from, a.valid_until, "permit")?;
        self.issued = Some(Issued {
            approved_by: by,
            approved_at: now,
            approval: Approval {
                deposit_receipt,
                rubbish_receipt,
                ..a.clone()
            },
        });
        self.state = PermitState::Issued;
        self.version += 1;
        Ok(())
    }

    pub fn reject(&mut self, by: StaffId, reason: &str, now: Time) -> Result<(), DeskError> {
        let reason = text::required_line(Field::Reason, reason, MAX_SHORT_BYTES)?;
        if self.state != PermitState::Applied {
            return Err(refused(&self.no, &self.state, "reject"));
        }
        self.state = PermitState::Rejected {
            by,
            at: now,
            reason,
        };
        self.version += 1;
        Ok(())
    }

    /// The owner withdraws the application before it is decided. Once issued, the deposit
    /// was collected and the permit ends through inspection and refund instead.
    pub fn withdraw(&mut self, by: StaffId, reason: &str, now: Time) -> Result<(), DeskError> {
        let reason = text::required_line(Field::Reason, reason, MAX_SHORT_BYTES)?;
        if self.state != PermitState::Applied {
            return Err(refused(&self.no, &self.state, "withdraw"));
        }
        self.state = PermitState::Withdrawn {
            by,
            at: now,
            reason,
        };
        self.version += 1;
        Ok(())
    }

    /// The last day the works may go on: the approval's, or the latest extension's.
    pub fn valid_until(&self) -> Option<NaiveDate> {
        let approved = self.issued.as_ref()?.approval.valid_until;
        Some(self.extensions.last().map_or(approved, |e| e.to))
    }

    /// R-OPS-12: extends the works to `until`, at most 3 months past the current end.
    /// Returns the stamp for the form and the passes.
    pub fn extend(
        &mut self,
        by: StaffId,
        until: NaiveDate,
        now: Time,
    ) -> Result<String, DeskError> {
        let Some(current) = self
            .valid_until()
            .filter(|_| self.state == PermitState::Issued)
        else {
            return Err(refused(&self.no, &self.state, "extend"));
        };
        if until <= current {
            return Err(DeskError::invalid(
                Field::Until,
                PaperRefusal::ExtensionNotLater {
                    current: current.to_string(),
                },
            ));
        }
        check_span(Field::Until, current, until, "extension")?;
        let ext = Extension {
            by,
            at: now,
            from: current,
            to: until,
        };
        let stamp = ext.stamp();
        self.extensions.push(ext);
        self.version += 1;
        Ok(stamp)
    }

    /// The owner reports the works finished and asks for the completion inspection.
    pub fn finish(&mut self) -> Result<(), DeskError> {
        if self.state != PermitState::Issued {
            return Err(refused(&self.no, &self.state, "finish"));
        }
        self.state = PermitState::AwaitingInspection;
        self.version += 1;
        Ok(())
    }

    /// Engineering's completion inspection: a pass opens the refund; a fail sends the
    /// works back (the note says what to put right).
    pub fn inspect(
        &mut self,
        by: StaffId,
        passed: bool,
        note: &str,
        now: Time,
    ) -> Result<(), DeskError> {
        if self.state != PermitState::AwaitingInspection {
            return Err(refused(&self.no, &self.state, "inspect"));
        }
        let note = if passed {
            text::optional_text(Field::Note, note, MAX_SHORT_BYTES)?
        } else {
            text::required_line(Field::Note, note, MAX_SHORT_BYTES).map_err(|_| {
                DeskError::invalid(Field::Note, PaperRefusal::FailedInspectionNote {})
            })?
        };
        self.inspections.push(Inspection {
            by,
            at: now,
            passed,
            note,
        });
        self.state = if passed {
            PermitState::Passed
        } else {
            PermitState::Issued
        };
        self.version += 1;
        Ok(())
    }

    /// Which list the permit is on, on `today` (desk-local).
    pub fn queue(&self, today: NaiveDate) -> PermitQueue {
        match &self.state {
            PermitState::Applied => PermitQueue::AwaitingApproval,
            PermitState::Issued => match self.valid_until() {
                Some(end) if today > end => PermitQueue::Overdue,
                Some(end) if (end - today).num_days() <= EXPIRING_DAYS => PermitQueue::Expiring,
                _ => PermitQueue::InWorks,
            },
            PermitState::AwaitingInspection => PermitQueue::AwaitingInspection,
            PermitState::Passed if self.first_missing(today).is_none() => PermitQueue::Refundable,
            PermitState::Passed => PermitQueue::AwaitingRefundPapers,
            PermitState::Rejected { .. }
            | PermitState::Refunded { .. }
            | PermitState::Withdrawn { .. } => PermitQueue::Closed,
        }
    }
}

/// `to` is on or after `from` and at most 3 calendar months later (R-OPS-07/12).
fn check_span(field: Field, from: NaiveDate, to: NaiveDate, what: &str) -> Result<(), DeskError> {
    if to < from {
        return Err(DeskError::invalid(
            field,
            PaperRefusal::SpanBackwards {
                what: Term::of("span", what),
                from: from.to_string(),
                to: to.to_string(),
            },
        ));
    }
    let cap = from
        .checked_add_months(Months::new(MAX_MONTHS))
        .unwrap_or(from);
    if to > cap {
        return Err(DeskError::invalid(
            field,
            PaperRefusal::SpanTooLong {
                what: Term::of("span", what),
                months: MAX_MONTHS,
                from: from.to_string(),
                cap: cap.to_string(),
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
