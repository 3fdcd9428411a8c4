//! Satisfaction surveys at the desk (R-SAT-01..05): opening a round on the occupied
//! dwellings, handing out forms, recording responses — a low score on a property topic opens
//! a case owned by whoever recorded it (R-SAT-05) in the same commit — closing, and the
//! round's status against its targets and working-day deadlines.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::case::CaseDraft;
use crate::domain::survey::{RoundMonth, Scores, SurveyResponse, SurveyRound};
use crate::domain::{
    CaseKind, ChangeSubject, Channel, CustomerId, CustomerSummary, DeskError, Field, Severity,
    UnitCode,
};
use crate::protocol::Reply;
use crate::store::WriteSet;

/// The category a survey's low-score complaint is filed under, when the list has it.
const SURVEY_CATEGORY: &str = "satisfaction";

impl Desk {
    /// Dwellings someone lives in: those with a current occupant, and every unit on the record
    /// of a resident who has not moved out (desks that never recorded move-ins count units).
    fn occupied_units(&self) -> DeskResult<BTreeSet<UnitCode>> {
        let mut units: BTreeSet<UnitCode> = self
            .store
            .all_dwellings()?
            .into_iter()
            .filter(|d| d.occupants.iter().any(|o| o.moved_out.is_none()))
            .map(|d| d.unit)
            .collect();
        let gone = self.store.all_moved_out()?;
        self.store.for_each_lookup(&mut |id, bytes| {
            if gone.contains(&CustomerId(id)) {
                return;
            }
            if let Some(r) = CustomerSummary::from_projection(CustomerId(id), bytes) {
                units.extend(r.units.iter().filter_map(|u| UnitCode::parse(u).ok()));
            }
        })?;
        Ok(units)
    }

    /// The round asked for, or the one still collecting.
    fn round(&self, month: Option<RoundMonth>) -> DeskResult<SurveyRound> {
        let found = match month {
            Some(m) => self.store.survey(m)?,
            None => {
                let all = self.store.all_surveys()?;
                let open = all.iter().rev().find(|r| r.closed_on.is_none()).cloned();
                open.or_else(|| all.last().cloned())
            }
        };
        found.ok_or_else(|| match month {
            Some(m) => DeskError::not_found(crate::domain::refusal::PaperRefusal::NoSuchSurvey {
                month: m.to_string(),
            }),
            None => DeskError::not_found(crate::domain::refusal::PaperRefusal::NoSurveyYet {}),
        })
    }

    pub(super) fn survey_open(
        &mut self,
        tx: &mut Tx<'_>,
        month: RoundMonth,
        off_cycle: bool,
        issue_on: Option<NaiveDate>,
    ) -> Handled {
        if let Some(open) = self
            .store
            .all_surveys()?
            .into_iter()
            .find(|r| r.closed_on.is_none())
        {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::SurveyStillOpen {
                    month: open.month.to_string(),
                },
            ));
        }
        if self.store.survey(month)?.is_some() {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::SurveyExists {
                    month: month.to_string(),
                },
            ));
        }
        let occupied = self.occupied_units()?.len() as u32;
        let round = SurveyRound::open(
            month,
            off_cycle,
            issue_on,
            occupied,
            tx.me.uid,
            tx.now,
            &self.policy.calendar,
        )?;
        let summary = format!(
            "{} opened satisfaction survey {month}: forms out {}, back by {}, {occupied} occupied dwellings",
            tx.me.label(),
            round.issue_date,
            round.collect_by
        );
        self.save_round(
            tx,
            round,
            "survey.open",
            summary,
            Vec::new(),
            WriteSet::default(),
        )
    }

    pub(super) fn survey_issue(
        &mut self,
        tx: &mut Tx<'_>,
        month: Option<RoundMonth>,
        units: &[UnitCode],
        all_occupied: bool,
    ) -> Handled {
        let mut round = self.round(month)?;
        let chosen: Vec<UnitCode> = if all_occupied {
            self.occupied_units()?.into_iter().collect()
        } else if units.is_empty() {
            return Err(DeskError::invalid(
                Field::Unit,
                crate::domain::refusal::PaperRefusal::NameUnits {},
            ));
        } else {
            units.to_vec()
        };
        let added = round.issue(&chosen)?;
        let summary = format!(
            "{} handed out {added} survey forms for {} ({} in all)",
            tx.me.label(),
            round.month,
            round.issued.len()
        );
        self.save_round(
            tx,
            round,
            "survey.issue",
            summary,
            Vec::new(),
            WriteSet::default(),
        )
    }

    pub(super) fn survey_record(
        &mut self,
        tx: &mut Tx<'_>,
        month: Option<RoundMonth>,
        unit: UnitCode,
        scores: Scores,
        comment: &str,
    ) -> Handled {
        let mut round = self.round(month)?;
        if self
            .store
            .survey_responses(round.month)?
            .iter()
            .any(|r| r.unit == unit)
        {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::AlreadyAnswered {
                    unit: unit.to_string(),
                    month: round.month.to_string(),
                },
            ));
        }
        let mut response = SurveyResponse::new(&round, unit, scores, comment, tx.me.uid, tx.now)?;
        // A returned form proves one was handed out.
        round.issue(&[unit])?;
        let mut ws = WriteSet::default();
        let low = response.low_scores();
        let mut summary = format!(
            "{} recorded {unit}'s answer to survey {}",
            tx.me.label(),
            round.month
        );
        if !low.is_empty() {
            // R-SAT-05: the desk follows a low score up like any complaint, owned by whoever
            // took the form in (首问负责).
            let resident = self.resident_at(unit).ok_or_else(|| {
                DeskError::invalid(
                    Field::Unit,
                    crate::domain::refusal::PaperRefusal::LowScoreNoResident {
                        unit: unit.to_string(),
                    },
                )
            })?;
            let topics: Vec<String> = low
                .iter()
                .map(|(t, s)| format!("{} {s}分", t.zh()))
                .collect();
            let mut description = format!("满意度调查 {}：{}", round.month, topics.join("，"));
            if !response.comment.is_empty() {
                description = format!("{description}。住户意见：{}", response.comment);
            }
            let draft = CaseDraft {
                customer: Some(resident),
                kind: CaseKind::Complaint,
                channel: Channel::Staff,
                // The list's survey entry when the desk keeps one; otherwise `other`.
                category: self
                    .policy
                    .categories
                    .resolve(SURVEY_CATEGORY)
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
                severity: Severity::L3,
                description,
                unit: Some(unit),
                ..CaseDraft::default()
            };
            let (case, _) = self.stage_case(tx, &mut ws, &draft)?;
            summary = format!("{summary}; low scores opened {}", case.ticket);
            response.case = Some(case.ticket);
        }
        self.save_round(tx, round, "survey.record", summary, vec![response], ws)
    }

    pub(super) fn survey_close(&mut self, tx: &mut Tx<'_>, month: Option<RoundMonth>) -> Handled {
        let mut round = self.round(month)?;
        let today = self.local_day(tx.now);
        round.close(today)?;
        let summary = format!(
            "{} closed survey {}; statistics due {}",
            tx.me.label(),
            round.month,
            round.stats_due(&self.policy.calendar)
        );
        self.save_round(
            tx,
            round,
            "survey.close",
            summary,
            Vec::new(),
            WriteSet::default(),
        )
    }

    pub(super) fn survey_status(
        &self,
        tx: &Tx<'_>,
        month: Option<RoundMonth>,
    ) -> DeskResult<Reply> {
        let round = self.round(month)?;
        let responses = self.store.survey_responses(round.month)?;
        let status = round.status(&responses, self.local_day(tx.now), &self.policy.calendar);
        Ok(Reply::Survey(Box::new(status)))
    }

    /// A resident of `unit` to follow a low score up with: its current owner, else any
    /// current occupant, else anyone whose record lists it.
    fn resident_at(&self, unit: UnitCode) -> Option<CustomerId> {
        let dwelling = self.store.dwelling(unit).ok().flatten();
        let current = dwelling
            .iter()
            .flat_map(|d| d.occupants.iter())
            .filter(|o| o.moved_out.is_none());
        let owner = current
            .clone()
            .find(|o| o.role == crate::domain::OccupantRole::Owner);
        owner
            .or_else(|| current.clone().next())
            .map(|o| o.customer)
            .or_else(|| self.listed_at(unit).into_iter().next())
    }

    fn save_round(
        &mut self,
        tx: &Tx<'_>,
        round: SurveyRound,
        operation: &str,
        summary: String,
        responses: Vec<SurveyResponse>,
        mut ws: WriteSet,
    ) -> Handled {
        let month = round.month;
        ws.surveys.push(round.clone());
        ws.survey_responses = responses;
        let all = self.store.survey_responses(month)?;
        let mut counted = all.clone();
        counted.extend(ws.survey_responses.iter().cloned());
        let status = round.status(&counted, self.local_day(tx.now), &self.policy.calendar);
        self.commit(
            tx,
            ws,
            operation,
            ChangeSubject::Survey(month),
            summary,
            Reply::Survey(Box::new(status)),
        )
    }
}

super::serve::serve! {
    write SurveyOpen(r, desk, cx) => desk.survey_open(&mut cx.tx, r.month, r.off_cycle, r.issue_on);
    write SurveyIssue(r, desk, cx) =>
        desk.survey_issue(&mut cx.tx, r.round, &r.units, r.all_occupied);
    write SurveyRecord(r, desk, cx) =>
        desk.survey_record(&mut cx.tx, r.round, r.unit, r.scores, &r.comment);
    write SurveyClose(r, desk, cx) => desk.survey_close(&mut cx.tx, r.round);
    read SurveyStatus(r, desk, cx) => desk.survey_status(&cx.tx, r.round);
}
