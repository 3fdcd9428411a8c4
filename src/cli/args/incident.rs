//! `frontdesk incident …`: one event, many callers — declare it, list it with its cases,
//! link a case to it, resolve it (and with it every linked case whose resident was told).

use clap::Subcommand;

use crate::domain::incident::IncidentNo;
use crate::domain::Ticket;

#[derive(Subcommand, Debug)]
pub enum IncidentCmd {
    /// Declare an incident (supervisors): the status bar shows it, intake links new calls
    /// to it in one key.
    Open {
        /// The building, e.g. 3.
        #[arg(long)]
        building: u32,
        /// A list entry: its code, label or alias (停水 → 水电维修).
        #[arg(long)]
        category: String,
        /// What happened.
        #[arg(long)]
        text: String,
    },
    /// Open incidents, each with its linked cases.
    List,
    /// What a case may be linked to (open incidents, recent open cases like it).
    Offers { ticket: Ticket },
    /// Link a case to an incident (or to an open case, growing an incident from it).
    Link {
        ticket: Ticket,
        /// The incident, e.g. I2612-0001.
        #[arg(long, value_parser = IncidentNo::parse, conflicts_with = "with_case")]
        to: Option<IncidentNo>,
        /// Or the open case it is the same event as.
        #[arg(long)]
        with_case: Option<Ticket>,
    },
    /// Resolve it (supervisors): every linked case whose resident has been told is resolved
    /// with this resolution, keeps its owner and gets its own callback.
    Resolve {
        #[arg(value_parser = IncidentNo::parse)]
        no: IncidentNo,
        #[command(flatten)]
        resolution: super::work::ResolutionArgs,
    },
}
