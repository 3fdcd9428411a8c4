//! Callbacks (回访): who is called back, when, and what an outcome does. Resolved cases get a
//! callback by the configured rule (R-CB-01 every case, or the R-CB-02 10 % sample with ≥30 %
//! on-site and signed); residents are also called back periodically by tier (R-CB-08); an
//! unreachable resident is tried three times.

use crate::domain::Field;
use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::policy::{CallbackMode, CallbackRule};
use super::text::{self, MAX_TEXT_BYTES};
use super::CaseKind;
use super::{CallbackId, CaseKey, CustomerId, DeskError, Policy, StaffId, Ticket, Tier, Time};

crate::domain::by_word::words! {
    pub enum Outcome in Field::Outcome {
        Satisfied = ["satisfied", "满意"],
        Unsatisfied = ["unsatisfied", "不满意"],
        Unreachable = ["unreachable", "未接通"],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallbackReason {
    /// R-CB-01/02: a resolved case.
    #[serde(alias = "CaseResolved")]
    CaseResolved { case: CaseKey, ticket: Ticket },
    /// R-CB-08: periodic care by tier.
    #[serde(alias = "Tier")]
    Tier(Tier),
    /// R-REC-16: the resident's contact person changed in a handover; the successor calls
    /// them back within a week.
    #[serde(alias = "ContactChanged")]
    ContactChanged { from: StaffId, to: StaffId },
    /// R-OPS-08: the owner is told a decoration permit was approved or rejected.
    #[serde(alias = "PermitDecided")]
    PermitDecided {
        permit: crate::domain::permit::PermitNo,
        approved: bool,
    },
    /// R-VIS-02: the resident is told their visit moved, or will not happen.
    VisitMoved {
        visit: crate::domain::VisitId,
        cancelled: bool,
    },
    /// R-VIS-05, R-CB-13: after a visit, a call to check its promises were kept.
    AfterVisit { visit: crate::domain::VisitId },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallbackStatus {
    #[serde(alias = "Pending")]
    Pending,
    #[serde(alias = "Done")]
    Done(Outcome),
    /// Unreachable on every allowed try.
    #[serde(alias = "GaveUp")]
    GaveUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub at: Time,
    pub by: StaffId,
    pub outcome: Outcome,
    pub onsite: bool,
    pub signed: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    pub id: CallbackId,
    pub customer: CustomerId,
    pub reason: CallbackReason,
    pub due: Time,
    pub created_at: Time,
    /// R-CB-02: this one is in the on-site share and needs the resident's signature.
    pub require_onsite: bool,
    pub attempts: Vec<Attempt>,
    pub status: CallbackStatus,
    pub version: u32,
}

/// One call's result as the operator records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallResult {
    pub outcome: Outcome,
    pub onsite: bool,
    pub signed: bool,
    pub note: String,
}

/// What recording an outcome did, for the daemon to apply to the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    Satisfied,
    Unsatisfied(String),
    GaveUp,
}

/// Running tally for the sampling rule, kept in the store's meta tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleTally {
    pub resolved: u64,
    pub sampled: u64,
    pub onsite: u64,
}

/// Decides whether a newly resolved case gets a callback, and whether it must be on-site
/// (R-CB-01/02/03). A case an unsatisfied callback reopened is always called back again
/// (000:665: 100 % for complaints raised in callbacks). Complaints follow `callback_mode`;
/// sample mode is deterministic and counts complaints only: every complaint whose running
/// count crosses the next sampling step is picked, so exactly ⌈rate⌉ are called back, and
/// on-site is required whenever the on-site share would otherwise fall below its floor.
/// Repairs follow `repair_callback`, other kinds `other_callback`.
pub fn choose_callback(
    policy: &Policy,
    kind: CaseKind,
    reopened_by_callback: bool,
    tally: &mut SampleTally,
) -> Option<bool> {
    if reopened_by_callback {
        return Some(false);
    }
    let rule = match kind {
        CaseKind::Complaint => return choose_complaint_callback(policy, tally),
        CaseKind::Repair => policy.repair_callback,
        CaseKind::Inquiry | CaseKind::Suggestion | CaseKind::Help => policy.other_callback,
    };
    (rule == CallbackRule::All).then_some(false)
}

fn choose_complaint_callback(policy: &Policy, tally: &mut SampleTally) -> Option<bool> {
    tally.resolved += 1;
    match policy.callback_mode {
        CallbackMode::All => Some(false),
        CallbackMode::Sample => {
            let pct = u64::from(policy.callback_sample_percent.min(100));
            let wanted = (tally.resolved * pct).div_ceil(100);
            if tally.sampled >= wanted {
                return None;
            }
            tally.sampled += 1;
            let onsite_pct = u64::from(policy.callback_onsite_percent.min(100));
            let onsite = tally.onsite * 100 < onsite_pct * tally.sampled;
            if onsite {
                tally.onsite += 1;
            }
            Some(onsite)
        }
    }
}

impl Callback {
    /// A new callback waiting to be made: the constructors below differ only in these.
    fn pending(
        id: CallbackId,
        customer: CustomerId,
        reason: CallbackReason,
        due: Time,
        require_onsite: bool,
        now: Time,
    ) -> Callback {
        Callback {
            id,
            customer,
            reason,
            due,
            created_at: now,
            require_onsite,
            attempts: Vec::new(),
            status: CallbackStatus::Pending,
            version: 1,
        }
    }

    pub fn for_case(
        id: CallbackId,
        case: CaseKey,
        ticket: Ticket,
        require_onsite: bool,
        policy: &Policy,
        now: Time,
    ) -> Callback {
        Callback::pending(
            id,
            case.customer,
            CallbackReason::CaseResolved { case, ticket },
            now + Duration::hours(policy.callback_due_hours),
            require_onsite,
            now,
        )
    }

    /// R-CB-08: a periodic care callback. VIP and key residents are visited on-site with a
    /// signature; general residents may be phoned.
    pub fn for_tier(
        id: CallbackId,
        customer: CustomerId,
        tier: Tier,
        due: Time,
        now: Time,
    ) -> Callback {
        Callback::pending(
            id,
            customer,
            CallbackReason::Tier(tier),
            due,
            tier != Tier::General,
            now,
        )
    }

    /// R-REC-16: "the successor calls back all owners within 1 week".
    pub fn for_new_contact(
        id: CallbackId,
        customer: CustomerId,
        (from, to): (StaffId, StaffId),
        days: i64,
        now: Time,
    ) -> Callback {
        Callback::pending(
            id,
            customer,
            CallbackReason::ContactChanged { from, to },
            now + Duration::days(days),
            false,
            now,
        )
    }

    /// R-OPS-08: "notify the owner immediately after approval" — due within two hours.
    pub fn for_permit(
        id: CallbackId,
        customer: CustomerId,
        permit: crate::domain::permit::PermitNo,
        approved: bool,
        now: Time,
    ) -> Callback {
        Callback::pending(
            id,
            customer,
            CallbackReason::PermitDecided { permit, approved },
            now + Duration::hours(2),
            false,
            now,
        )
    }

    /// R-VIS-02: a moved or cancelled visit is told to the resident within two hours.
    pub fn for_visit_moved(
        id: CallbackId,
        customer: CustomerId,
        visit: crate::domain::VisitId,
        cancelled: bool,
        now: Time,
    ) -> Callback {
        Callback::pending(
            id,
            customer,
            CallbackReason::VisitMoved { visit, cancelled },
            now + Duration::hours(2),
            false,
            now,
        )
    }

    /// R-VIS-05, R-CB-13: the call after a visit, `hours` after it was done.
    pub fn after_visit(
        id: CallbackId,
        customer: CustomerId,
        visit: crate::domain::VisitId,
        hours: i64,
        now: Time,
    ) -> Callback {
        Callback::pending(
            id,
            customer,
            CallbackReason::AfterVisit { visit },
            now + Duration::hours(hours),
            false,
            now,
        )
    }

    pub fn case(&self) -> Option<CaseKey> {
        match &self.reason {
            CallbackReason::CaseResolved { case, .. } => Some(*case),
            CallbackReason::Tier(_)
            | CallbackReason::ContactChanged { .. }
            | CallbackReason::PermitDecided { .. }
            | CallbackReason::VisitMoved { .. }
            | CallbackReason::AfterVisit { .. } => None,
        }
    }

    pub fn is_overdue(&self, now: Time) -> bool {
        self.status == CallbackStatus::Pending && self.due < now
    }

    /// Records one call. Unreachable is retried `policy.callback_attempts` times in all.
    pub fn record(
        &mut self,
        by: StaffId,
        call: &CallResult,
        policy: &Policy,
        now: Time,
    ) -> Result<Option<Settled>, DeskError> {
        let CallResult {
            outcome,
            onsite,
            signed,
            ..
        } = *call;
        if self.status != CallbackStatus::Pending {
            return Err(DeskError::conflict(
                crate::domain::refusal::DeskRefusal::CallbackFinished {
                    callback: self.id.to_string(),
                },
            ));
        }
        let note = text::optional_text(Field::Note, &call.note, MAX_TEXT_BYTES)?;
        if outcome != Outcome::Unreachable && self.require_onsite && !(onsite && signed) {
            return Err(DeskError::invalid(
                Field::Onsite,
                crate::domain::refusal::DeskRefusal::OnsiteSample {},
            ));
        }
        if signed && !onsite {
            return Err(DeskError::invalid(
                Field::Signed,
                crate::domain::refusal::DeskRefusal::SignatureOnsite {},
            ));
        }
        if outcome == Outcome::Unsatisfied && note.is_empty() {
            return Err(DeskError::invalid(
                Field::Note,
                crate::domain::refusal::DeskRefusal::UnhappyNote {},
            ));
        }
        self.attempts.push(Attempt {
            at: now,
            by,
            outcome,
            onsite,
            signed,
            note: note.clone(),
        });
        self.version += 1;
        let settled = match outcome {
            Outcome::Satisfied => Some(Settled::Satisfied),
            Outcome::Unsatisfied => Some(Settled::Unsatisfied(note)),
            Outcome::Unreachable => {
                if self.attempts.len() as u32 >= policy.callback_attempts {
                    Some(Settled::GaveUp)
                } else {
                    self.due = now + Duration::hours(policy.callback_retry_hours);
                    None
                }
            }
        };
        self.status = match &settled {
            None => CallbackStatus::Pending,
            Some(Settled::GaveUp) => CallbackStatus::GaveUp,
            Some(_) => CallbackStatus::Done(outcome),
        };
        Ok(settled)
    }
}

/// R-CB-08: when a resident of this tier is next due a periodic callback, given the last one.
pub fn tier_due(policy: &Policy, tier: Tier, last: Option<Time>, since: Time) -> Time {
    last.unwrap_or(since) + policy.tier_cadence(tier)
}

/// R-CB-08: the next periodic callback a resident needs, given their existing callbacks:
/// none while one is pending; otherwise one cadence after the last finished tier callback
/// (or after they became a resident), if that falls before `until`.
pub fn next_tier_callback(
    policy: &Policy,
    tier: Tier,
    resident_since: Time,
    existing: &[Callback],
    until: Time,
) -> Option<Time> {
    let tier_calls = existing
        .iter()
        .filter(|c| matches!(c.reason, CallbackReason::Tier(_)));
    let mut last = None;
    for c in tier_calls {
        if c.status == CallbackStatus::Pending {
            return None;
        }
        let finished = c.attempts.last().map(|a| a.at).unwrap_or(c.due);
        last = last.max(Some(finished));
    }
    let due = tier_due(policy, tier, last, resident_since);
    (due <= until).then_some(due)
}

#[cfg(test)]
mod tests;
