//! Reading the desk's paperwork records written by `commit`: satisfaction survey rounds and
//! their responses, move-out release slips, visitors, and keys and radios on loan.

use super::*;
use crate::store::codec::Tag;

impl SledStore {
    /// A survey round by its month (R-SAT-01).
    pub fn survey(
        &self,
        month: crate::domain::survey::RoundMonth,
    ) -> Result<Option<crate::domain::survey::SurveyRound>, StoreError> {
        self.get(SURVEYS, Tag::Survey, &month.key())
    }

    /// Every survey round, oldest first.
    pub fn all_surveys(&self) -> Result<Vec<crate::domain::survey::SurveyRound>, StoreError> {
        self.scan(SURVEYS, Tag::Survey, &[])
    }

    /// A round's responses, by unit.
    pub fn survey_responses(
        &self,
        month: crate::domain::survey::RoundMonth,
    ) -> Result<Vec<crate::domain::survey::SurveyResponse>, StoreError> {
        self.scan(SURVEY_RESPONSES, Tag::SurveyResponse, &month.key())
    }

    /// Every survey response (export).
    pub fn all_survey_responses(
        &self,
    ) -> Result<Vec<crate::domain::survey::SurveyResponse>, StoreError> {
        self.scan(SURVEY_RESPONSES, Tag::SurveyResponse, &[])
    }

    /// A release slip by its number.
    pub fn slip(
        &self,
        no: &crate::domain::release::SlipNo,
    ) -> Result<Option<crate::domain::release::ReleaseSlip>, StoreError> {
        self.get(RELEASE_SLIPS, Tag::ReleaseSlip, no.0.as_bytes())
    }

    /// Every release slip, in number order (export).
    pub fn all_slips(&self) -> Result<Vec<crate::domain::release::ReleaseSlip>, StoreError> {
        self.scan(RELEASE_SLIPS, Tag::ReleaseSlip, &[])
    }

    pub fn visitor(
        &self,
        no: &crate::domain::visitor::VisitorNo,
    ) -> Result<Option<crate::domain::visitor::Visitor>, StoreError> {
        self.get(VISITORS, Tag::Visitor, no.0.as_bytes())
    }

    /// Who is on site now, from the on-site index.
    pub fn visitors_on_site(&self) -> Result<Vec<crate::domain::visitor::Visitor>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[VISITORS_ON_SITE].iter() {
            let (k, _) = kv?;
            if let Some(v) = self.get(VISITORS, Tag::Visitor, &k)? {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Visitors numbered with `prefix` (a month's, `V2611-`), or all with an empty one.
    pub fn visitors_numbered(
        &self,
        prefix: &str,
    ) -> Result<Vec<crate::domain::visitor::Visitor>, StoreError> {
        self.scan(VISITORS, Tag::Visitor, prefix.as_bytes())
    }

    pub fn loan(
        &self,
        no: &crate::domain::loan::LoanNo,
    ) -> Result<Option<crate::domain::loan::Loan>, StoreError> {
        self.get(LOANS, Tag::Loan, no.0.as_bytes())
    }

    /// Everything signed out and not back, from the loans-out index.
    pub fn loans_out(&self) -> Result<Vec<crate::domain::loan::Loan>, StoreError> {
        let mut out = Vec::new();
        for kv in self.trees[LOANS_OUT].iter() {
            let (k, _) = kv?;
            if let Some(l) = self.get(LOANS, Tag::Loan, &k)? {
                out.push(l);
            }
        }
        Ok(out)
    }

    /// Every loan, in number order (export).
    pub fn all_loans(&self) -> Result<Vec<crate::domain::loan::Loan>, StoreError> {
        self.scan(LOANS, Tag::Loan, &[])
    }
}
