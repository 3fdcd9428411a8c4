//! Submitting a Paperwork form: its fields parsed once, here at the edge, into the typed
//! request, sent over the link, and what was saved handed back for the pane to show. A bad
//! value names its field, and the cursor goes to it.

use crate::domain::ParseWord;
use chrono::NaiveDate;

use super::forms::{Form, FormKind};
use crate::client::Calls;
use crate::domain::fees::{ReminderOutcome, Way};
use crate::domain::money::Fen;
use crate::domain::permit::{
    Approval, Contractor, Doc, Permit, PermitApplicant, PermitDraft, PermitNo, Worker,
};
use crate::domain::release::{Applicant, ReleaseSlip, Scope, SlipDraft, SlipNo, Verdict};
use crate::domain::visitor::VisitorDraft;
use crate::domain::{CustomerId, DeskError, Field, Time, UnitCode};
use crate::protocol::{req, PermitDecision, PermitStep, SlipVerdict};

impl Form {
    /// Parses the fields and sends the typed request over `link`: what was saved, or the
    /// first field that does not parse (`Desk` with that field) or the daemon's refusal.
    pub fn submit<L: Calls>(
        &self,
        link: &mut L,
        now: Time,
        offset_minutes: i32,
    ) -> Result<Saved, L::Error> {
        let p = Parse {
            form: self,
            now,
            offset_minutes,
            today: crate::domain::local_time::local_day(now, offset_minutes),
        };
        match &self.kind {
            FormKind::ApplyPermit
            | FormKind::Approve(_)
            | FormKind::Reject(_)
            | FormKind::Withdraw(_)
            | FormKind::Extend(_)
            | FormKind::InspectFail(_)
            | FormKind::PassBack(_)
            | FormKind::Occupied(_)
            | FormKind::Neighbour(_) => p.permit(link).map(|p| Saved::Permit(Box::new(p))),
            FormKind::IssueSlip
            | FormKind::VerifySlip
            | FormKind::LetOut(_)
            | FormKind::VoidSlip(_) => p.slip(link).map(|(s, v)| Saved::Slip(Box::new(s), v)),
            FormKind::VisitorIn
            | FormKind::LendItem
            | FormKind::LoanBack(_)
            | FormKind::Cover
            | FormKind::Remind(_) => p.desk_record(link).map(|()| Saved::Other),
        }
    }
}

/// What a submitted form saved, for the pane to show.
pub enum Saved {
    Permit(Box<Permit>),
    Slip(Box<ReleaseSlip>, Verdict),
    Other,
}

/// A form's fields read as typed values, in the desk's time zone.
struct Parse<'a> {
    form: &'a Form,
    now: Time,
    offset_minutes: i32,
    today: NaiveDate,
}

impl Parse<'_> {
    fn get(&self, f: Field) -> String {
        self.form.get(f)
    }

    fn date(&self, f: Field) -> Result<NaiveDate, DeskError> {
        NaiveDate::parse_from_str(self.get(f).trim(), "%Y-%m-%d").map_err(|_| {
            DeskError::invalid(
                f,
                crate::domain::refusal::InputRefusal::NotShaped {
                    value: self.get(f).trim().to_string(),
                    shape: crate::domain::refusal::Term::of("shape", "date"),
                    example: "2026-11-23 (YYYY-MM-DD)".to_string(),
                },
            )
        })
    }

    fn customer(&self) -> Result<CustomerId, DeskError> {
        self.get(Field::Customer).trim().parse().map_err(|_| {
            DeskError::invalid(
                Field::Customer,
                crate::domain::refusal::InputRefusal::NotCustomerId {
                    value: self.get(Field::Customer).trim().to_string(),
                },
            )
        })
    }

    fn time(&self, f: Field) -> Result<Time, DeskError> {
        crate::domain::local_time::parse_time_on(
            f,
            &self.get(f),
            self.offset_minutes,
            Some(self.today),
        )
    }

    fn yes(&self, f: Field) -> bool {
        let v = self.get(f).trim().to_ascii_lowercase();
        v.starts_with('y') || v.starts_with('是')
    }

    /// A permit application, a supervisor's decision or one of the desk's steps.
    fn permit<L: Calls>(&self, link: &mut L) -> Result<Permit, L::Error> {
        let get = |f| self.get(f);
        let step = |link: &mut L, no: &PermitNo, step| {
            link.send(req::PermitStep {
                no: no.clone(),
                step,
            })
        };
        let decide = |link: &mut L, no: &PermitNo, decision| {
            link.send(req::PermitDecide {
                no: no.clone(),
                decision,
            })
        };
        match &self.form.kind {
            FormKind::Approve(no) => decide(
                link,
                no,
                PermitDecision::Approve(Approval {
                    deposit: Fen::parse(Field::Deposit, &get(Field::Deposit))?,
                    deposit_receipt: get(Field::DepositReceipt),
                    rubbish_fee: Fen::parse(Field::RubbishFee, &get(Field::RubbishFee))?,
                    rubbish_receipt: get(Field::RubbishReceipt),
                    valid_from: if get(Field::From).trim().is_empty() {
                        self.today
                    } else {
                        self.date(Field::From)?
                    },
                    valid_until: self.date(Field::Until)?,
                }),
            ),
            FormKind::Reject(no) => decide(
                link,
                no,
                PermitDecision::Reject {
                    reason: get(Field::Reason),
                },
            ),
            FormKind::Withdraw(no) => step(
                link,
                no,
                PermitStep::Withdraw {
                    reason: get(Field::Reason),
                },
            ),
            FormKind::Extend(no) => decide(
                link,
                no,
                PermitDecision::Extend {
                    until: self.date(Field::Until)?,
                },
            ),
            FormKind::InspectFail(no) => step(
                link,
                no,
                PermitStep::Inspect {
                    passed: false,
                    note: get(Field::Note),
                },
            ),
            FormKind::PassBack(no) => step(
                link,
                no,
                PermitStep::PassBack {
                    pass: get(Field::Pass),
                },
            ),
            FormKind::Occupied(no) => step(
                link,
                no,
                PermitStep::Occupied {
                    since: self.date(Field::Since)?,
                },
            ),
            FormKind::Neighbour(no) => step(
                link,
                no,
                PermitStep::NeighbourSigned {
                    name: get(Field::Name),
                },
            ),
            _ => {
                let consent = get(Field::Consent);
                link.send(req::PermitApply {
                    draft: PermitDraft {
                        unit: UnitCode::parse(&get(Field::Unit))?,
                        customer: self.customer()?,
                        applicant: if consent.trim().is_empty() {
                            PermitApplicant::Owner
                        } else {
                            PermitApplicant::Tenant {
                                owner_consent: consent,
                            }
                        },
                        works: get(Field::Works),
                        contractor: Contractor {
                            name: get(Field::Contractor),
                            licence: get(Field::Licence),
                            supervisor_name: get(Field::SupervisorName),
                            supervisor_phone: get(Field::SupervisorPhone),
                            supervisor_id: get(Field::SupervisorId),
                        },
                        workers: Worker::parse_list(&get(Field::Workers))?,
                        docs: Doc::parse_list(&get(Field::Docs))?,
                        waterproof_touched: self.yes(Field::Waterproof),
                        waterproof_undertaking: self.yes(Field::Undertaking),
                    },
                })
            }
        }
    }

    /// A release slip issued, verified, used at the gate or voided.
    fn slip<L: Calls>(&self, link: &mut L) -> Result<SlipVerdict, L::Error> {
        let get = |f| self.get(f);
        match &self.form.kind {
            FormKind::VerifySlip => link.send(req::ReleaseVerify {
                no: SlipNo::parse(&get(Field::Slip))?,
            }),
            FormKind::LetOut(no) => link.send(req::ReleaseOut {
                no: no.clone(),
                gate: get(Field::Gate),
            }),
            FormKind::VoidSlip(no) => link.send(req::ReleaseVoid {
                no: no.clone(),
                reason: get(Field::Reason),
            }),
            _ => {
                let receipt = get(Field::Receipt);
                let owner_phone = get(Field::TenantOwnerPhone);
                let waive = get(Field::WaiveArrears);
                link.send(req::ReleaseIssue {
                    draft: SlipDraft {
                        unit: UnitCode::parse(&get(Field::Unit))?,
                        customer: self.customer()?,
                        applicant: if owner_phone.trim().is_empty() {
                            Applicant::Owner
                        } else {
                            Applicant::Tenant { owner_phone }
                        },
                        scope: Scope::parse(&get(Field::Scope))?,
                        lease_end: false,
                        items: get(Field::Items),
                        fee_receipt: (!receipt.trim().is_empty()).then_some(receipt),
                        id_number: get(Field::IdNumber),
                        waive_arrears: (!waive.trim().is_empty()).then_some(waive),
                        day: self.today,
                        valid_days: None,
                    },
                })
            }
        }
    }

    /// A visitor, a loan, a cover or a fee reminder: the pane reloads its lists after.
    fn desk_record<L: Calls>(&self, link: &mut L) -> Result<(), L::Error> {
        let get = |f| self.get(f);
        match &self.form.kind {
            FormKind::VisitorIn => link
                .send(req::VisitorIn {
                    draft: VisitorDraft {
                        host_unit: Some(UnitCode::parse(&get(Field::Unit))?),
                        name: get(Field::Name),
                        phone: get(Field::Phone),
                        party: get(Field::Party).trim().parse().map_err(|_| {
                            DeskError::invalid(
                                Field::Party,
                                crate::domain::refusal::InputRefusal::NotNumber {
                                    example: "2".to_string(),
                                },
                            )
                        })?,
                        plate: get(Field::Plate),
                        reason: get(Field::Reason),
                        card: get(Field::Card),
                    },
                })
                .map(drop),
            FormKind::LendItem => link
                .send(req::LoanOut {
                    item: get(Field::Item),
                    to: get(Field::To),
                    due: self.time(Field::Until)?,
                    condition: get(Field::Condition),
                })
                .map(drop),
            FormKind::LoanBack(no) => link
                .send(req::LoanBack {
                    no: no.clone(),
                    condition: get(Field::Condition),
                })
                .map(drop),
            FormKind::Cover => link
                .send(req::CoverSign {
                    covering: get(Field::Covers),
                    from: self.now,
                    until: self.time(Field::Until)?,
                    approved_by: get(Field::ApprovedBy),
                })
                .map(drop),
            FormKind::Remind(unit) => link
                .send(req::FeesRemind {
                    unit: *unit,
                    way: Way::parse(&get(Field::Way))?,
                    outcome: ReminderOutcome::parse(&get(Field::Outcome), self.today)?,
                    note: get(Field::Note),
                })
                .map(drop),
            _ => Ok(()),
        }
    }
}
