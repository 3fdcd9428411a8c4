//! Move-out release slips (物品放行通知单, R-OPS-02..05): goods leave only with a slip from the
//! desk, and the guard checks it. One state-transition function each for issue, release at
//! the gate and void; a slip is used once. Numbered `R2611-0007` so it can be read over a
//! radio.

use crate::domain::refusal::{PaperRefusal, Term};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dwelling::OccupantRole;
use super::fees::Arrear;
use super::money::Fen;
use super::text::{self, MAX_SHORT_BYTES, MAX_TEXT_BYTES};
use super::{CustomerId, DeskError, Field, Phone, Role, StaffId, Time, UnitCode};

/// Days a slip stays valid after its first day, unless the desk says otherwise.
pub const DEFAULT_VALID_DAYS: i64 = 3;

pub use crate::domain::record_no::SlipNo;

crate::domain::by_word::words! {
    /// Whether everything leaves (a move-out) or part of it (R-OPS-05).
    pub enum Scope in Field::Scope {
        Full = ["full", "全部", "整体"],
        Partial = ["partial", "部分"],
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
    /// The applicant's ID number, as on the ID they showed (R-OPS-03): the owner's, the
    /// tenant's or the proxy's own.
    pub id_number: String,
    /// A supervisor lets a full or lease-end move out despite arrears on file: why.
    pub waive_arrears: Option<String>,
    /// The day goods leave (the slip's first valid day).
    pub day: NaiveDate,
    pub valid_days: Option<i64>,
}

/// A supervisor's leave for goods to go out while the unit owes fees on file (R-OPS-03/04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    pub by: StaffId,
    pub reason: String,
    /// What the unit owed on file when the slip was issued.
    pub owed: Fen,
    /// The months owed, as the billing system listed them.
    pub periods: String,
}

/// What the desk knows that a slip is checked against: the unit's arrears on file, the
/// applicant's place in the dwelling, the owner's phones, and the issuer's role.
pub struct SlipRecord<'a> {
    pub arrears: &'a [Arrear],
    /// The applicant's current role in the dwelling, when it is on record.
    pub occupant: Option<OccupantRole>,
    /// For a tenant on record: the owner's name and phones.
    pub owner: Option<(String, Vec<Phone>)>,
    /// The applicant's name, for refusals.
    pub name: &'a str,
    pub issuer: Role,
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

crate::domain::by_word::words! {
    /// The guard's answer for a slip number.
    pub enum Verdict {
        Valid = ["VALID"],
        Used = ["USED"],
        Expired = ["EXPIRED"],
        Void = ["VOID"],
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
    /// The applicant's ID number (R-OPS-03); blank on slips issued before it was asked.
    #[serde(default)]
    pub id_number: String,
    /// Arrears on file a supervisor let go out (printed on the slip).
    #[serde(default)]
    pub waiver: Option<Waiver>,
    pub issued_by: StaffId,
    pub issued_at: Time,
    pub valid_from: NaiveDate,
    /// The last day it may be used.
    pub valid_until: NaiveDate,
    pub state: SlipState,
    pub version: u32,
}

impl ReleaseSlip {
    /// R-OPS-03/04/05: issues a slip, or says which field is missing or what the record
    /// says against it.
    pub fn issue(
        no: SlipNo,
        d: &SlipDraft,
        record: &SlipRecord<'_>,
        by: StaffId,
        now: Time,
    ) -> Result<ReleaseSlip, DeskError> {
        let items = text::required_text(Field::Items, &d.items, MAX_TEXT_BYTES)?;
        let applicant = applicant_on_record(d, record)?;
        let id_number = id_number(&d.id_number)?;
        let receipt = d
            .fee_receipt
            .as_deref()
            .map(|r| text::required_line(Field::Receipt, r, MAX_SHORT_BYTES))
            .transpose()?;
        let waiver = if d.scope == Scope::Full || d.lease_end {
            if receipt.is_none() {
                let why = if d.lease_end { "lease-end" } else { "full" };
                return Err(DeskError::invalid(
                    Field::Receipt,
                    PaperRefusal::FeesFirst {
                        why: Term::of("move-out", why),
                    },
                ));
            }
            arrears_waiver(d, record, by)?
        } else {
            None
        };
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
            id_number,
            waiver,
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

/// R-OPS-03/04: the applicant as typed, checked against the dwelling. An occupant on record
/// as a tenant or family member is not the owner; a tenant on record gives the phone of the
/// owner on record; a proxy names their power of attorney.
fn applicant_on_record(d: &SlipDraft, record: &SlipRecord<'_>) -> Result<Applicant, DeskError> {
    let on_record = |role: OccupantRole| Term::of("occupant-role", role.as_str());
    Ok(match &d.applicant {
        Applicant::Owner => {
            if let Some(role) = record.occupant.filter(|r| *r != OccupantRole::Owner) {
                return Err(DeskError::invalid(
                    Field::Customer,
                    PaperRefusal::NotTheOwner {
                        name: record.name.to_string(),
                        unit: d.unit.to_string(),
                        role: on_record(role),
                    },
                ));
            }
            Applicant::Owner
        }
        Applicant::Proxy { name, attorney } => Applicant::Proxy {
            name: text::required_line(Field::Proxy, name, MAX_SHORT_BYTES)?,
            attorney: text::required_line(Field::Attorney, attorney, MAX_SHORT_BYTES).map_err(
                |_| DeskError::invalid(Field::Attorney, PaperRefusal::AttorneyNeeded {}),
            )?,
        },
        Applicant::Tenant { owner_phone } => {
            let owner_phone =
                text::required_line(Field::TenantOwnerPhone, owner_phone, MAX_SHORT_BYTES)
                    .map_err(|_| {
                        DeskError::invalid(
                            Field::TenantOwnerPhone,
                            PaperRefusal::TenantOwnerPhone {},
                        )
                    })?;
            if record.occupant == Some(OccupantRole::Owner) {
                return Err(DeskError::invalid(
                    Field::TenantOwnerPhone,
                    PaperRefusal::OwnerAsTenant {
                        name: record.name.to_string(),
                        unit: d.unit.to_string(),
                    },
                ));
            }
            if let Some((owner, phones)) = &record.owner {
                // Compared as the desk stores phones: however the resident spaces them.
                let typed = Phone::parse(&owner_phone).ok();
                if !typed.is_some_and(|t| phones.contains(&t)) {
                    return Err(DeskError::invalid(
                        Field::TenantOwnerPhone,
                        PaperRefusal::NotTheOwnersPhone {
                            owner: owner.to_string(),
                        },
                    ));
                }
            }
            Applicant::Tenant { owner_phone }
        }
    })
}

/// The ID number shown at the desk: letters and digits, as on a resident ID card, a
/// Hong Kong or Macau pass or a passport.
fn id_number(typed: &str) -> Result<String, DeskError> {
    let id: String = typed.trim().to_ascii_uppercase();
    let fits = (6..=20).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric());
    if !fits {
        return Err(DeskError::invalid(
            Field::IdNumber,
            PaperRefusal::IdNumberNeeded {},
        ));
    }
    Ok(id)
}

/// A full or lease-end move with arrears on file goes out only with a supervisor's waiver.
fn arrears_waiver(
    d: &SlipDraft,
    record: &SlipRecord<'_>,
    by: StaffId,
) -> Result<Option<Waiver>, DeskError> {
    if record.arrears.is_empty() {
        return Ok(None);
    }
    let owed = super::fees::owed(record.arrears);
    let periods = record
        .arrears
        .iter()
        .map(|a| a.period.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join(", ");
    let reason = d
        .waive_arrears
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let Some(reason) = reason else {
        return Err(DeskError::invalid(
            Field::Receipt,
            PaperRefusal::ArrearsOnFile {
                unit: d.unit.to_string(),
                owed: owed.to_string(),
                periods,
            },
        ));
    };
    if record.issuer < Role::Supervisor {
        return Err(DeskError::invalid(
            Field::WaiveArrears,
            PaperRefusal::WaiverBySupervisor {},
        ));
    }
    Ok(Some(Waiver {
        by,
        reason: text::required_line(Field::WaiveArrears, reason, MAX_SHORT_BYTES)?,
        owed,
        periods,
    }))
}

/// The ID number as printed and shown: the first six and last four, the birth date hidden.
pub fn masked_id(id: &str) -> String {
    let n = id.chars().count();
    if n <= 10 {
        return id.to_string();
    }
    id.chars()
        .enumerate()
        .map(|(i, c)| if i < 6 || i >= n - 4 { c } else { '*' })
        .collect()
}

#[cfg(test)]
#[path = "release_tests.rs"]
mod tests;
