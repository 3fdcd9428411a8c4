//! `frontdesk incident …` against the daemon; printed by `print/incident.rs`.

use super::args::IncidentCmd;
use super::print::Printer;
use super::Env;
use crate::client::{Calls, Client};
use crate::protocol::{req, LinkTo};

pub fn incident(env: &Env, c: &mut Client, cmd: IncidentCmd) -> anyhow::Result<()> {
    match cmd {
        IncidentCmd::Open {
            building,
            category,
            text,
        } => {
            let i = c.send(req::IncidentOpen {
                building,
                category,
                text,
            })?;
            Printer::new(env, c).incident(&i)
        }
        IncidentCmd::List => {
            let groups = c.send(req::IncidentList {})?;
            Printer::new(env, c).incident_groups(&groups)
        }
        IncidentCmd::Offers { ticket } => {
            let offers = c.send(req::IncidentOffers { ticket })?;
            Printer::new(env, c).link_offers(&offers)
        }
        IncidentCmd::Link {
            ticket,
            to,
            with_case,
        } => {
            let to = match (to, with_case) {
                (Some(no), _) => LinkTo::Incident(no),
                (None, Some(t)) => LinkTo::Case(t),
                (None, None) => anyhow::bail!(
                    "incident link: give --to INCIDENT or --with-case TICKET; `frontdesk incident offers {ticket}` lists them"
                ),
            };
            let case = c.send(req::IncidentLink { ticket, to })?;
            Printer::new(env, c).case(&case)
        }
        IncidentCmd::Resolve { no, resolution } => {
            let r = c.send(req::IncidentResolve {
                no,
                resolution: resolution.into(),
            })?;
            Printer::new(env, c).incident_resolution(&r)
        }
    }
}
