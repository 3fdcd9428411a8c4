//! Incidents: one event, many callers. A supervisor declares one (`incident open`), or
//! intake grows one from an open case the next caller's case matches (same building and
//! category within `incident_window_hours`). Linked cases show as one group; resolving the
//! incident resolves each linked case whose resident has been told, with the incident's
//! resolution, its owner kept and its own callback queued; the others are left to their
//! owners, each with the reason.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::case::Resolution;
use crate::domain::incident::{Incident, IncidentNo};
use crate::domain::record_no::Incidents;
use crate::domain::refusal::CaseRefusal;
use crate::domain::{Case, ChangeSubject, DeskError, Field, Ticket};
use crate::protocol::{IncidentGroup, IncidentResolution, LinkOffer, LinkTo, Reply};
use crate::store::{to_change, Papers, WriteSet};

impl Desk {
    pub(super) fn incident_open(
        &mut self,
        tx: &mut Tx<'_>,
        building: u32,
        category: &str,
        text: &str,
    ) -> Handled {
        let code = self.policy.categories.file_under(category)?.code.clone();
        if let Some(open) = self
            .store
            .papers::<Incident>(true)?
            .into_iter()
            .find(|i| i.building == building && i.category == code)
        {
            return Err(DeskError::conflict(CaseRefusal::IncidentAlreadyOpen {
                incident: open.no.to_string(),
            }));
        }
        let mut ws = WriteSet::default();
        let incident = self.new_incident(&mut ws, tx, building, &code, text, None)?;
        let summary = format!(
            "{} declared incident {}: building {building}, {code}: {}",
            tx.me.label(),
            incident.no,
            incident.text
        );
        let no = incident.no.clone();
        self.commit(
            tx,
            ws,
            "incident.open",
            ChangeSubject::Incident(no),
            summary,
            Reply::Incident(Box::new(incident)),
        )
    }

    fn new_incident(
        &self,
        ws: &mut WriteSet,
        tx: &Tx<'_>,
        building: u32,
        code: &str,
        text: &str,
        lead: Option<Ticket>,
    ) -> DeskResult<Incident> {
        let incident = Incident::open(
            self.next_no::<Incidents>(ws, tx.now)?,
            building,
            code,
            text,
            tx.me.uid,
            tx.now,
            lead,
        )?;
        ws.put(&incident);
        Ok(incident)
    }

    fn incident_by_no(&self, no: &IncidentNo) -> DeskResult<Incident> {
        self.store.paper::<Incident>(&no.0)?.ok_or_else(|| {
            DeskError::invalid(
                Field::Incident,
                CaseRefusal::NoSuchIncident {
                    incident: no.to_string(),
                },
            )
        })
    }

    /// The building a case is filed under.
    fn building_of(&self, case: &Case) -> DeskResult<Option<u32>> {
        Ok(self.store.unit_of_case(case.key)?.map(|u| u.building))
    }

    /// Open cases linked to `no`, oldest first (open work is in memory).
    fn linked(&self, no: &IncidentNo) -> Vec<Case> {
        let mut cases: Vec<Case> = self
            .open_work
            .iter()
            .filter(|c| c.incident() == Some(no))
            .cloned()
            .collect();
        cases.sort_by(oldest_first);
        cases
    }

    pub(super) fn incident_list(&self, tx: &Tx<'_>) -> DeskResult<Reply> {
        let groups = self
            .store
            .papers::<Incident>(true)?
            .into_iter()
            .map(|incident| {
                let cases = self
                    .linked(&incident.no)
                    .iter()
                    .filter(|c| c.subject != Some(tx.me.uid))
                    .map(|c| self.summarize(c, tx.now))
                    .collect();
                IncidentGroup { incident, cases }
            })
            .collect();
        Ok(Reply::Incidents(groups))
    }

    /// What `ticket` may join: open incidents of its building and category, then open
    /// cases of both registered within the window (not already part of an incident).
    pub(super) fn incident_offers(&self, tx: &Tx<'_>, ticket: &Ticket) -> DeskResult<Reply> {
        let case = self.case_by_ticket(ticket)?;
        let Some(building) = self.building_of(&case)? else {
            return Ok(Reply::LinkOffers(Vec::new()));
        };
        let mut offers: Vec<LinkOffer> = Vec::new();
        for i in self.store.papers::<Incident>(true)? {
            if i.building == building
                && i.category == case.category
                && case.incident() != Some(&i.no)
            {
                offers.push(LinkOffer {
                    callers: self.linked(&i.no).len() as u32,
                    to: LinkTo::Incident(i.no),
                    building,
                    category: i.category,
                    text: i.text,
                });
            }
        }
        let hours = self.policy.incident_window_hours;
        if case.incident().is_none() && hours > 0 {
            let since = tx.now - chrono::Duration::hours(hours);
            let mut near: Vec<&Case> = self
                .open_work
                .iter()
                .filter(|c| {
                    c.key != case.key
                        && c.status.is_open()
                        && c.category == case.category
                        && c.registered_at >= since
                        && c.incident().is_none()
                        && c.subject != Some(tx.me.uid)
                })
                .collect();
            near.sort_by(|a, b| oldest_first(a, b));
            for c in near {
                if self.building_of(c)? == Some(building) {
                    offers.push(LinkOffer {
                        to: LinkTo::Case(c.ticket.clone()),
                        building,
                        category: c.category.clone(),
                        text: c.description.clone(),
                        callers: 1,
                    });
                }
            }
        }
        Ok(Reply::LinkOffers(offers))
    }

    pub(super) fn incident_link(
        &mut self,
        tx: &mut Tx<'_>,
        ticket: &Ticket,
        to: &LinkTo,
    ) -> Handled {
        let mut case = self.case_by_ticket(ticket)?;
        let mut ws = WriteSet::default();
        ws.read_case(&case);
        let no = match to {
            LinkTo::Incident(no) => {
                let incident = self.incident_by_no(no)?;
                if !incident.is_open() {
                    return Err(DeskError::conflict(CaseRefusal::IncidentResolved {
                        incident: no.to_string(),
                    }));
                }
                incident.no
            }
            // The open case it matched becomes the incident's first case.
            LinkTo::Case(lead) => {
                let mut first = self.case_by_ticket(lead)?;
                ws.read_case(&first);
                let building = self.building_of(&first)?.unwrap_or_default();
                let text = first.description.clone();
                let incident = self.new_incident(
                    &mut ws,
                    tx,
                    building,
                    &first.category,
                    &text,
                    Some(first.ticket.clone()),
                )?;
                first.link_as_lead(tx.me, &incident.no, tx.now)?;
                ws.cases.push(first);
                incident.no
            }
        };
        case.link(tx.me, &no, tx.now)?;
        ws.cases.push(case.clone());
        let summary = format!("{} linked {} to incident {no}", tx.me.label(), case.ticket);
        let subject = ChangeSubject::Case {
            key: case.key,
            ticket: case.ticket.clone(),
        };
        self.commit(
            tx,
            ws,
            "incident.link",
            subject,
            summary,
            Reply::Case(Box::new(case)),
        )
    }

    pub(super) fn incident_resolve(
        &mut self,
        tx: &mut Tx<'_>,
        no: &IncidentNo,
        resolution: &Resolution,
    ) -> Handled {
        let (mut incident, mut ws) = to_change(self.incident_by_no(no)?);
        incident.resolve(tx.me.uid, resolution.clone(), tx.now)?;
        ws.put(&incident);
        let (mut resolved, mut left) = (Vec::new(), Vec::new());
        for mut case in self.linked(no) {
            if !case.status.is_open() {
                continue;
            }
            ws.read_case(&case);
            match case.resolve_with_incident(tx.me, resolution, tx.now) {
                Ok(()) => {
                    self.schedule_case_callback(&mut ws, &mut case, tx)?;
                    resolved.push(case.ticket.clone());
                    ws.cases.push(case);
                }
                Err(why) => left.push((case.ticket.clone(), why)),
            }
        }
        let summary = format!(
            "{} resolved incident {no} and with it {} case(s){}",
            tx.me.label(),
            resolved.len(),
            match left.len() {
                0 => String::new(),
                n => format!("; {n} left to their owners"),
            }
        );
        let reply = IncidentResolution {
            incident,
            resolved,
            left,
        };
        self.commit(
            tx,
            ws,
            "incident.resolve",
            ChangeSubject::Incident(no.clone()),
            summary,
            Reply::IncidentResolved(Box::new(reply)),
        )
    }
}

/// Cases in the order they came in (by ticket at the same instant): a group's order.
fn oldest_first(a: &Case, b: &Case) -> std::cmp::Ordering {
    (a.registered_at, &a.ticket.0).cmp(&(b.registered_at, &b.ticket.0))
}

super::serve::serve! {
    write IncidentOpen(r, desk, cx) =>
        desk.incident_open(&mut cx.tx, r.building, &r.category, &r.text);
    read IncidentList(r, desk, cx) => desk.incident_list(&cx.tx);
    read IncidentOffers(r, desk, cx) => desk.incident_offers(&cx.tx, &r.ticket);
    write IncidentLink(r, desk, cx) => desk.incident_link(&mut cx.tx, &r.ticket, &r.to);
    write IncidentResolve(r, desk, cx) => desk.incident_resolve(&mut cx.tx, &r.no, &r.resolution);
}
