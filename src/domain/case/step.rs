//! A step on a case as the operator asks for it: the step and its text, before the desk
//! resolves logins to staff. Declared once here: its kind (`StepKind`), its audit
//! operation (`case.<kind>`), what `Case::permits` decides for it.

use serde::{Deserialize, Serialize};

use super::Resolution;
use crate::domain::Time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DispatchTarget {
    #[serde(alias = "Staff")]
    Staff(String),
    #[serde(alias = "Department")]
    Department(String),
}

/// One step on a case, with what the operator typed for it. `StepKind` (derived) names each
/// step without its text: the screen's keys and dimmed steps, `Case::permits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(StepKind),
    derive(Hash, strum::EnumIter, strum::IntoStaticStr),
    strum(serialize_all = "snake_case")
)]
pub enum CaseStep {
    Dispatch(DispatchTarget),
    Start,
    Note(String),
    Assist,
    Reply(String),
    /// R-INT-06: a new service time, why, and whether the resident agreed to it.
    Promise {
        at: Time,
        reason: String,
        agreed: bool,
    },
    /// R-INT-16: to a supervisor or the director, by login.
    Escalate {
        to: String,
        reason: String,
    },
    /// R-LIFE-02/08: summary, cause and corrective action.
    Resolve(Resolution),
    Reassign {
        to: String,
        reason: String,
    },
    Close,
    /// Take work dispatched to a department as its handler (one taker wins).
    Take,
    /// R-INT-12: name (by login) the staff member the complaint is about (supervisors).
    NameSubject(String),
    /// R-INT-17: the finding of the same-day investigation.
    Investigate(String),
}

impl CaseStep {
    /// The audit trail's name for it: `case.dispatch`, `case.name_subject`.
    pub fn operation(&self) -> String {
        let kind: &'static str = StepKind::from(self).into();
        format!("case.{kind}")
    }
}
