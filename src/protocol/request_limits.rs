//! The size check a client makes before sending: which text field of a request is longer
//! than any field may hold, so a 1 MiB paste is refused naming the field to shorten.

use super::paperwork::{PermitDecision, PermitStep};
use super::request::{CaseStep, DispatchTarget, Request};
use crate::domain::Field;

impl Request {
    /// The first text field longer than any field may hold, by name, with its size: a client
    /// refusing an oversized request (a 1 MiB paste) says which field to shorten.
    pub fn oversized_field(&self) -> Option<(Field, usize)> {
        let fields: Vec<(Field, &str)> = match self {
            Request::CustomerAdd(c) => {
                let mut v = vec![
                    (Field::Name, c.name.as_str()),
                    (Field::Notes, c.notes.as_str()),
                ];
                v.extend(c.phones.iter().map(|p| (Field::Phone, p.as_str())));
                v.extend(c.units.iter().map(|u| (Field::Unit, u.as_str())));
                v
            }
            Request::CustomerFind { query, .. } => vec![(Field::Query, query.as_str())],
            Request::UnitMoveIn { move_in, .. } => {
                vec![(Field::Card, move_in.residence_card.as_str())]
            }
            Request::UnitMoveOut { reason, .. } | Request::CustomerMerge { reason, .. } => {
                vec![(Field::Reason, reason.as_str())]
            }
            Request::UnitShow {
                reason: Some(r), ..
            } => vec![(Field::Reason, r.as_str())],
            Request::CustomerEdit { edit, .. } => {
                let mut v = vec![
                    (Field::Name, edit.name.as_deref().unwrap_or_default()),
                    (Field::Notes, edit.notes.as_deref().unwrap_or_default()),
                    (Field::Reason, edit.reason.as_str()),
                ];
                v.extend(edit.add_phones.iter().map(|p| (Field::Phone, p.as_str())));
                v.extend(
                    edit.remove_phones
                        .iter()
                        .map(|p| (Field::Phone, p.as_str())),
                );
                v.extend(
                    edit.units
                        .iter()
                        .flatten()
                        .map(|u| (Field::Unit, u.as_str())),
                );
                v
            }
            Request::CaseAdd(d) | Request::CasePreview(d) => vec![
                (Field::Category, d.category.as_str()),
                (Field::Description, d.description.as_str()),
                (Field::Subject, d.subject.as_deref().unwrap_or_default()),
            ],
            Request::CaseStep { step, .. } => match step {
                CaseStep::Note(t) | CaseStep::Reply(t) => vec![(Field::Text, t.as_str())],
                CaseStep::Resolve(r) => vec![
                    (Field::Summary, r.summary.as_str()),
                    (Field::Cause, r.cause.as_str()),
                    (Field::Action, r.action.as_str()),
                ],
                CaseStep::Escalate { reason, .. } => vec![(Field::Reason, reason.as_str())],
                CaseStep::Promise { reason, .. } | CaseStep::Reassign { reason, .. } => {
                    vec![(Field::Reason, reason.as_str())]
                }
                CaseStep::Dispatch(DispatchTarget::Department(d)) => vec![(Field::To, d.as_str())],
                _ => vec![],
            },
            Request::CallbackRecord { note, .. } => vec![(Field::Note, note.as_str())],
            Request::SurveyRecord { comment, .. } => vec![(Field::Text, comment.as_str())],
            Request::ReleaseIssue(d) => vec![(Field::Items, d.items.as_str())],
            Request::PermitApply(d) => vec![
                (Field::Works, d.works.as_str()),
                (Field::Contractor, d.contractor.name.as_str()),
            ],
            Request::PermitDecide {
                decision: PermitDecision::Reject { reason },
                ..
            } => vec![(Field::Reason, reason.as_str())],
            Request::PermitStep {
                step: PermitStep::Inspect { note, .. },
                ..
            } => vec![(Field::Note, note.as_str())],
            Request::PermitStep {
                step: PermitStep::Withdraw { reason },
                ..
            } => vec![(Field::Reason, reason.as_str())],
            Request::FeesRemind { note, .. } => vec![(Field::Note, note.as_str())],
            Request::LoanOut {
                item, condition, ..
            } => vec![
                (Field::Item, item.as_str()),
                (Field::Condition, condition.as_str()),
            ],
            Request::LoanBack { condition, .. } => vec![(Field::Condition, condition.as_str())],
            Request::VisitorIn(v) => vec![
                (Field::Name, v.name.as_str()),
                (Field::Reason, v.reason.as_str()),
                (Field::Plate, v.plate.as_str()),
                (Field::Card, v.card.as_str()),
            ],
            Request::ReleaseOut { gate, .. } => vec![(Field::Gate, gate.as_str())],
            Request::ReleaseVoid { reason, .. } => vec![(Field::Reason, reason.as_str())],
            Request::VisitAdd(v) => vec![(Field::Purpose, v.purpose.as_str())],
            Request::VisitDone { report, .. } => vec![(Field::Report, report.as_str())],
            Request::StaffAdd { name, dept, .. } => {
                vec![(Field::Name, name.as_str()), (Field::Dept, dept.as_str())]
            }
            Request::StaffDeactivate { reason, .. }
            | Request::StaffReactivate { reason, .. }
            | Request::StaffHandover { reason, .. } => vec![(Field::Reason, reason.as_str())],
            Request::StaffSet {
                reason, dept, name, ..
            } => vec![
                (Field::Reason, reason.as_str()),
                (Field::Dept, dept.as_deref().unwrap_or_default()),
                (Field::Name, name.as_deref().unwrap_or_default()),
            ],
            Request::CustomerShow {
                reason: Some(r), ..
            }
            | Request::CaseShow {
                reason: Some(r), ..
            } => vec![(Field::Reason, r.as_str())],
            _ => vec![],
        };
        fields
            .into_iter()
            .find(|(_, v)| v.len() > crate::domain::text::MAX_TEXT_BYTES)
            .map(|(name, v)| (name, v.len()))
    }
}
