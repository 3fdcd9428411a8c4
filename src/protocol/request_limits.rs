//! The size check a client makes before sending: which text field of a request is longer
//! than any field may hold, so a 1 MiB paste is refused naming the field to shorten.

use super::paperwork::{PermitDecision, PermitStep};
use super::req::{self, Request};
use super::request::{CaseStep, DispatchTarget};
use crate::domain::Field;

impl Request {
    /// The first text field longer than any field may hold, by name, with its size: a client
    /// refusing an oversized request (a 1 MiB paste) says which field to shorten.
    pub fn oversized_field(&self) -> Option<(Field, usize)> {
        let fields: Vec<(Field, &str)> = match self {
            Request::CustomerAdd(req::CustomerAdd { customer: c }) => {
                let mut v = vec![
                    (Field::Name, c.name.as_str()),
                    (Field::Notes, c.notes.as_str()),
                ];
                v.extend(c.phones.iter().map(|p| (Field::Phone, p.as_str())));
                v.extend(c.units.iter().map(|u| (Field::Unit, u.as_str())));
                v
            }
            Request::CustomerFind(req::CustomerFind { query, .. }) => {
                vec![(Field::Query, query.as_str())]
            }
            Request::UnitMoveIn(req::UnitMoveIn { move_in, .. }) => {
                vec![(Field::Card, move_in.residence_card.as_str())]
            }
            Request::UnitMoveOut(req::UnitMoveOut { reason, .. })
            | Request::CustomerMerge(req::CustomerMerge { reason, .. }) => {
                vec![(Field::Reason, reason.as_str())]
            }
            Request::UnitShow(req::UnitShow {
                reason: Some(r), ..
            }) => vec![(Field::Reason, r.as_str())],
            Request::CustomerEdit(req::CustomerEdit { edit, .. }) => {
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
            Request::CaseAdd(req::CaseAdd { draft: d })
            | Request::CasePreview(req::CasePreview { draft: d }) => vec![
                (Field::Category, d.category.as_str()),
                (Field::Description, d.description.as_str()),
                (Field::Subject, d.subject.as_deref().unwrap_or_default()),
            ],
            Request::CaseStep(req::CaseStep { step, .. }) => match step {
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
            Request::CallbackRecord(req::CallbackRecord { note, .. }) => {
                vec![(Field::Note, note.as_str())]
            }
            Request::SurveyRecord(req::SurveyRecord { comment, .. }) => {
                vec![(Field::Text, comment.as_str())]
            }
            Request::ReleaseIssue(req::ReleaseIssue { draft: d }) => {
                vec![(Field::Items, d.items.as_str())]
            }
            Request::PermitApply(req::PermitApply { draft: d }) => vec![
                (Field::Works, d.works.as_str()),
                (Field::Contractor, d.contractor.name.as_str()),
            ],
            Request::PermitDecide(req::PermitDecide {
                decision: PermitDecision::Reject { reason },
                ..
            }) => vec![(Field::Reason, reason.as_str())],
            Request::PermitStep(req::PermitStep {
                step: PermitStep::Inspect { note, .. },
                ..
            }) => vec![(Field::Note, note.as_str())],
            Request::PermitStep(req::PermitStep {
                step: PermitStep::Withdraw { reason },
                ..
            }) => vec![(Field::Reason, reason.as_str())],
            Request::FeesRemind(req::FeesRemind { note, .. }) => vec![(Field::Note, note.as_str())],
            Request::LoanOut(req::LoanOut {
                item, condition, ..
            }) => vec![
                (Field::Item, item.as_str()),
                (Field::Condition, condition.as_str()),
            ],
            Request::LoanBack(req::LoanBack { condition, .. }) => {
                vec![(Field::Condition, condition.as_str())]
            }
            Request::VisitorIn(req::VisitorIn { draft: v }) => vec![
                (Field::Name, v.name.as_str()),
                (Field::Reason, v.reason.as_str()),
                (Field::Plate, v.plate.as_str()),
                (Field::Card, v.card.as_str()),
            ],
            Request::ReleaseOut(req::ReleaseOut { gate, .. }) => vec![(Field::Gate, gate.as_str())],
            Request::ReleaseVoid(req::ReleaseVoid { reason, .. }) => {
                vec![(Field::Reason, reason.as_str())]
            }
            Request::VisitAdd(req::VisitAdd { visit: v }) => {
                vec![(Field::Purpose, v.purpose.as_str())]
            }
            Request::VisitDone(req::VisitDone { report, .. }) => {
                vec![(Field::Report, report.as_str())]
            }
            Request::StaffAdd(req::StaffAdd { name, dept, .. }) => {
                vec![(Field::Name, name.as_str()), (Field::Dept, dept.as_str())]
            }
            Request::StaffDeactivate(req::StaffDeactivate { reason, .. })
            | Request::StaffReactivate(req::StaffReactivate { reason, .. })
            | Request::StaffHandover(req::StaffHandover { reason, .. }) => {
                vec![(Field::Reason, reason.as_str())]
            }
            Request::StaffSet(req::StaffSet {
                reason, dept, name, ..
            }) => vec![
                (Field::Reason, reason.as_str()),
                (Field::Dept, dept.as_deref().unwrap_or_default()),
                (Field::Name, name.as_deref().unwrap_or_default()),
            ],
            Request::CustomerShow(req::CustomerShow {
                reason: Some(r), ..
            })
            | Request::CaseShow(req::CaseShow {
                reason: Some(r), ..
            }) => vec![(Field::Reason, r.as_str())],
            _ => vec![],
        };
        fields
            .into_iter()
            .find(|(_, v)| v.len() > crate::domain::text::MAX_TEXT_BYTES)
            .map(|(name, v)| (name, v.len()))
    }
}
