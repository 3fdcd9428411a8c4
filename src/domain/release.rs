//! Move-out release slips (物品放行通知单, R-OPS-02..05): goods leave only with a slip from the
//! desk, and the guard checks it. One state-transition function each for issue, release at
//! the gate and void; a slip is used once. Numbered `R2611-0007` so it can be read over a
//! radio.

use crate::domain::refusal::{PaperRefusal, Term};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::text::{self, MAX_SHORT_BYTES, MAX_TEXT_BYTES};
use super::{CustomerId, DeskError, Field, StaffId, Time, UnitCode};

/// Days a slip stays valid after its first day, unless the desk says otherwise.
pub const DEFAULT_VALID_DAYS: i64 = 3;

crate::domain::record_no::series!(
    /// The series of a slip numbers.
    Slips,
    SlipNo,
    'R',
    Slip,
    "a slip number"
);

/// Whether everything leaves (a move-out) or part of it (R-OPS-05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Scope {
    Full,
    Partial,
}
crate::domain::by_word::by_word!(Scope);

impl Scope {
    pub fn parse(s: &str) -> Result<Scope, DeskError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "full" | "全部" | "整体" => Ok(Scope::Full),
            "partial" | "部分" => Ok(Scope::Partial),
            other => Err(DeskError::invalid(
                Field::Scope,
                crate::domain::refusal::InputRefusal::NotOneOf {
                    value: other.to_string(),
                    choices: "full or partial".to_string(),
                },
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Full => "full",
            Scope::Partial => "partial",
        }
    }
}

/// Who applies, and what they brought (R-OPS-03/04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicant {
    /// The owner, with their ID.
    #[serde(alias = "Owner")]
    Owner,
    /// A proxy: their own ID, a power of attorney and a copy of the owner's ID.
    #[serde(alias = "Proxy")]
    Proxy { name: String, attorney: String },
    /// A tenant or borrower: the owner's ID copy, signed consent and phone.
    #[serde(alias = "Tenant")]
    Tenant { owner_phone: String },
}

/// What the desk typed for a new slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipDraft {
    pub unit: UnitCode,
    pub customer: CustomerId,
    pub applicant: Applicant,
    pub scope: Scope,
    /// A move-out at the end of a lease (R-OPS-04): fees first, as for a full move-out.
    pub lease_end: bool,
    /// The main items (R-OPS-05).
    pub items: String,
    /// The fee-clearance receipt: management fee, water and electricity settled (R-OPS-03).
    pub fee_receipt: Option<String>,
    /// The day goods leave (the slip's first valid day).
    pub day: NaiveDate,
    pub valid_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlipState {
    #[serde(alias = "Issued")]
    Issued,
    /// Out through the gate: by which guard, at which gate, when.
    #[serde(alias = "Used")]
    Used {
        guard: StaffId,
        gate: String,
        at: Time,
    },
    #[serde(alias = "Void")]
    Void {
        by: StaffId,
        reason: String,
        at: Time,
    },
}

/// The guard's answer for a slip number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Verdict {
    Valid,
    Used,
    Expired,
    Void,
}
crate::domain::by_word::by_word!(Verdict);

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "VALID",
            Verdict::Used => "USED",
            Verdict::Expired => "EXPIRED",
            Verdict::Void => "VOID",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSlip {
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
    pub valid_from: NaiveDate,
    /// The last day it may be used.
    pub valid_until: NaiveDate,
    pub state: SlipState,
    pub version: u32,
}

impl ReleaseSlip {
    /// R-OPS-03/04/05: issues a slip, or says which field is missing.
    pub fn issue(
        no: SlipNo,
        d: &SlipDraft,
        by: StaffId,
        now: Time,
    ) -> Result<ReleaseSlip, DeskError> {
        let items = text::required_text(Field::Items, &d.items, MAX_TEXT_BYTES)?;
        let applicant = match &d.applicant {
            Applicant::Owner => Applicant::Owner,
            Applicant::Proxy { name, attorney } => Applicant::Proxy {
                name: text::required_line(Field::Proxy, name, MAX_SHORT_BYTES)?,
                attorney: text::required_line(Field::Attorney, attorney, MAX_SHORT_BYTES).map_err(
                    |_| DeskError::invalid(Field::Attorney, PaperRefusal::AttorneyNeeded {}),
                )?,
            },
            Applicant::Tenant { owner_phone } => Applicant::Tenant {
                owner_phone: text::required_line(
                    Field::TenantOwnerPhone,
                    owner_phone,
                    MAX_SHORT_BYTES,
                )
                .map_err(|_| {
                    DeskError::invalid(Field::TenantOwnerPhone, PaperRefusal::TenantOwnerPhone {})
                })?,
            },
        };
        let receipt = d
            .fee_receipt
            .as_deref()
            .map(|r| text::required_line(Field::Receipt, r, MAX_SHORT_BYTES))
            .transpose()?;
        if (d.scope == Scope::Full || d.lease_end) && receipt.is_none() {
            let why = if d.lease_end { "lease-end" } else { "full" };
            return Err(DeskError::invalid(
                Field::Receipt,
                PaperRefusal::FeesFirst {
                    why: Term::of("move-out", why),
                },
            ));
        }
        let days = d.valid_days.unwrap_or(DEFAULT_VALID_DAYS);
        if !(0..=30).contains(&days) {
            return Err(DeskError::invalid(Field::Days, PaperRefusal::SlipDays {}));
        }
        Ok(ReleaseSlip {
            no,
            unit: d.unit,
            customer: d.customer,
            applicant,
            scope: d.scope,
            lease_end: d.lease_end,
            items,
            fee_receipt: receipt,
            issued_by: by,
            issued_at: now,
            valid_from: d.day,
            valid_until: d.day + chrono::Duration::days(days),
            state: SlipState::Issued,
            version: 1,
        })
    }

    /// What the guard is told on `today` (desk-local).
    pub fn verdict(&self, today: NaiveDate) -> Verdict {
        match self.state {
            SlipState::Used { .. } => Verdict::Used,
            SlipState::Void { .. } => Verdict::Void,
            SlipState::Issued if today > self.valid_until => Verdict::Expired,
            SlipState::Issued => Verdict::Valid,
        }
    }

    /// The goods go out through `gate`, exactly once (R-OPS-02).
    pub fn release(
        &mut self,
        guard: StaffId,
        gate: &str,
        now: Time,
        today: NaiveDate,
    ) -> Result<(), DeskError> {
        let gate = text::required_line(Field::Gate, gate, MAX_SHORT_BYTES)?;
        if today < self.valid_from {
            return Err(DeskError::conflict(PaperRefusal::SlipNotYet {
                slip: self.no.to_string(),
                from: self.valid_from.to_string(),
            }));
        }
        match self.verdict(today) {
            Verdict::Valid => {}
            other => {
                return Err(DeskError::conflict(PaperRefusal::SlipNotValid {
                    slip: self.no.to_string(),
                    verdict: Term::of("verdict", &other.as_str().to_ascii_lowercase()),
                }))
            }
        }
        self.state = SlipState::Used {
            guard,
            gate,
            at: now,
        };
        self.version += 1;
        Ok(())
    }

    /// The desk cancels a slip not yet used.
    pub fn void(&mut self, by: StaffId, reason: &str, now: Time) -> Result<(), DeskError> {
        let reason = text::required_line(Field::Reason, reason, MAX_SHORT_BYTES)?;
        if self.state != SlipState::Issued {
            return Err(DeskError::conflict(PaperRefusal::SlipNotVoidable {
                slip: self.no.to_string(),
                state: Term::of(
                    "slip-state",
                    match self.state {
                        SlipState::Used { .. } => "used",
                        _ => "void",
                    },
                ),
            }));
        }
        self.state = SlipState::Void {
            by,
            reason,
            at: now,
        };
        self.version += 1;
        Ok(())
    }
}

#[cfg(test)]
#[path = "release_tests.rs"]
mod tests;
