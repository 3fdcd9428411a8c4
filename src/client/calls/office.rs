//! The office's typed calls beside the counter's: reports and the calendar, satisfaction
//! surveys, and the paperwork records (release slips, visitors, loans). Every `Calls` has
//! them (blanket impl); import `OfficeCalls` to use them.

use super::{unexpected, Calls};
use crate::domain::{calendar, cover, fees, loan, permit, release, report, survey, visitor};
use crate::protocol::{Reply, Request};

pub trait OfficeCalls: Calls {
    fn report(&mut self, period: report::Period) -> Result<report::Report, Self::Error> {
        let reply = self.call(Request::Report(period))?;
        expect!(reply, "a report", Reply::Report(r) => *r)
    }

    /// Any survey request; its reply is the round's status.
    fn survey(&mut self, request: Request) -> Result<survey::SurveyStatus, Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "a survey status", Reply::Survey(s) => *s)
    }

    /// Any loan request; the loans it concerns.
    fn loans(&mut self, request: Request) -> Result<Vec<loan::Loan>, Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "loans", Reply::Loans(l) => l)
    }

    /// Any visitor request; the visitors it concerns.
    fn visitors(&mut self, request: Request) -> Result<Vec<visitor::Visitor>, Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "visitors", Reply::Visitors(v) => v)
    }

    /// Any release-slip request; the slip and its verdict today.
    fn slip(
        &mut self,
        request: Request,
    ) -> Result<(release::ReleaseSlip, release::Verdict), Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "a release slip", Reply::Slip { slip, verdict } => (*slip, verdict))
    }

    /// Any permit request that answers with one permit.
    fn permit(&mut self, request: Request) -> Result<permit::Permit, Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "a decoration permit", Reply::Permit(p) => *p)
    }

    /// The open permits (the lists) or a building's file index.
    fn permits(&mut self, request: Request) -> Result<Vec<permit::Permit>, Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "decoration permits", Reply::Permits(p) => p)
    }

    /// Any fees request: the units in arrears it concerns.
    fn arrears(&mut self, request: Request) -> Result<Vec<fees::UnitArrears>, Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "arrears", Reply::Arrears(a) => a)
    }

    /// Any cover request: the covers in force now and later.
    fn covers(&mut self, request: Request) -> Result<Vec<cover::Cover>, Self::Error> {
        let reply = self.call(request)?;
        expect!(reply, "cover hand-overs", Reply::Covers(c) => c)
    }

    /// The slips not used or voided, with their verdicts.
    fn slips(&mut self) -> Result<Vec<(release::ReleaseSlip, release::Verdict)>, Self::Error> {
        let reply = self.call(Request::ReleaseList)?;
        expect!(reply, "release slips", Reply::Slips(s) => s)
    }

    /// A calendar year, and whether calendar.toml lists it.
    fn calendar(&mut self, year: i32) -> Result<(calendar::CalendarYear, bool), Self::Error> {
        let reply = self.call(Request::Calendar { year })?;
        expect!(reply, "a calendar year", Reply::Calendar { year, listed } => (year, listed))
    }
}

impl<T: Calls + ?Sized> OfficeCalls for T {}
