//! `frontdesk case …`, `callback …` and `visit …`: the work. Choices are parsed here, once,
//! into domain types.

use crate::domain::ParseWord;
use clap::{Args, Subcommand};

use crate::domain::case::{CaseQuery, CaseView};
use crate::domain::{
    CallbackId, CaseKind, Channel, CustomerId, Outcome, Severity, Ticket, UnitCode, VisitId,
    VisitKind,
};

#[derive(Args, Debug)]
pub struct TicketArg {
    /// Ticket number, e.g. T2611-0042 (the T and case are optional).
    pub ticket: Ticket,
    /// Refuse if the case changed since this version (optimistic concurrency).
    #[arg(long)]
    pub base_version: Option<u32>,
}

#[derive(Subcommand, Debug)]
pub enum CaseCmd {
    /// Register a case; you are its first responder and owner. Prints the ticket once saved.
    Add {
        /// The resident, as shown by `customer find`: C42 or 42.
        #[arg(long)]
        customer: CustomerId,
        /// complaint | repair | inquiry | suggestion | help (投诉 报修 咨询 建议 求助).
        #[arg(long, default_value = "complaint", value_parser = CaseKind::parse)]
        kind: CaseKind,
        /// How it came in: counter | phone | letter | email | staff.
        #[arg(long, default_value = "counter", value_parser = Channel::parse)]
        channel: Channel,
        /// Category, e.g. plumbing, noise (default: the kind).
        #[arg(long)]
        category: Option<String>,
        /// L1 (urgent) | L2 (important) | L3 (general).
        #[arg(long, default_value = "L3", value_parser = Severity::parse)]
        severity: Severity,
        /// What the resident said, in their words.
        #[arg(long)]
        text: String,
        /// Login of the staff member the complaint is about (they are recused).
        #[arg(long)]
        subject: Option<String>,
        /// The service time promised to the resident, desk local time: "16:30" (today) or
        /// "2026-11-23 14:00". Needed for a complaint or repair not solved on the spot.
        #[arg(long)]
        promise: Option<String>,
        /// Which of the resident's units it is about (default: their first): 3-2-1102.
        #[arg(long, value_parser = UnitCode::parse)]
        unit: Option<UnitCode>,
    },
    /// Cases, newest first.
    List {
        /// Open work as the screen's Cases pane lists it: mine | handling | deadlines |
        /// escalated | open (supervisors).
        #[arg(long, value_parser = CaseView::parse)]
        view: Option<CaseView>,
        /// Lookup words and kind: cat: sev: unit: staff: terms, e.g. "kind:repair 3-2".
        #[arg(long, value_parser = CaseQuery::parse)]
        filter: Option<CaseQuery>,
        /// Rows after this ticket (the last one of the previous page).
        #[arg(long)]
        after: Option<Ticket>,
        /// Only cases I own, handle or assist on.
        #[arg(long)]
        mine: bool,
        /// Only cases not yet closed.
        #[arg(long)]
        open: bool,
        /// Only cases past a deadline.
        #[arg(long)]
        overdue: bool,
        /// Only this resident's cases: C42 or 42.
        #[arg(long)]
        customer: Option<CustomerId>,
        /// Most rows to print (at most 2000); a longer listing says how to go on.
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// One case with its deadlines and timeline.
    Show {
        /// Ticket number, e.g. T2611-0042.
        ticket: Ticket,
        /// Why you are looking (kept in the access log).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Name the staff member a complaint is about; they are recused from it (supervisors).
    Subject {
        #[command(flatten)]
        t: TicketArg,
        /// Their login.
        #[arg(long)]
        staff: String,
    },
    /// Send the work to a colleague or department; you stay the owner.
    Dispatch {
        #[command(flatten)]
        t: TicketArg,
        /// Login of the colleague who will handle it.
        #[arg(long, conflicts_with = "to_dept", required_unless_present = "to_dept")]
        to_staff: Option<String>,
        /// Department that will handle it (one of them takes it with `case take`).
        #[arg(long)]
        to_dept: Option<String>,
    },
    /// Start handling: the case is in progress (owner, handler or assist).
    Start {
        #[command(flatten)]
        t: TicketArg,
    },
    /// Add a note to the timeline.
    Note {
        #[command(flatten)]
        t: TicketArg,
        /// The note.
        #[arg(long)]
        text: String,
    },
    /// Record what the same-day investigation of a complaint found; supervisors read it
    /// on the case and in their digest.
    Investigate {
        #[command(flatten)]
        t: TicketArg,
        /// What was found, checked on the spot.
        #[arg(long)]
        finding: String,
    },
    /// Join the case as an assist.
    Assist {
        #[command(flatten)]
        t: TicketArg,
    },
    /// Record the reply given to the resident (owner only).
    Reply {
        #[command(flatten)]
        t: TicketArg,
        /// What the resident was told.
        #[arg(long)]
        text: String,
    },
    /// Promise a handling time to the resident (owner or handler).
    Promise {
        #[command(flatten)]
        t: TicketArg,
        /// Desk local time: "2026-11-23 16:00".
        #[arg(long)]
        at: String,
        /// Why this time.
        #[arg(long)]
        reason: String,
        /// Whether the resident agreed to it: yes or no (a new time needs their agreement).
        #[arg(
            long,
            action = clap::ArgAction::Set,
            required = true,
            value_parser = |s: &str| crate::domain::text::yes_no(crate::domain::Field::Agreed, s)
        )]
        agreed: bool,
    },
    /// Escalate to a supervisor or the director; it waits in their Escalated view.
    Escalate {
        #[command(flatten)]
        t: TicketArg,
        /// Login of the supervisor (客服主管) or the service-centre director.
        #[arg(long)]
        to: String,
        /// Why it needs a supervisor.
        #[arg(long)]
        reason: String,
    },
    /// Mark the work done; a callback is queued.
    Resolve {
        #[command(flatten)]
        t: TicketArg,
        #[command(flatten)]
        resolution: ResolutionArgs,
    },
    /// Supervisor: move ownership, with a reason.
    Reassign {
        #[command(flatten)]
        t: TicketArg,
        /// Login of the new owner.
        #[arg(long)]
        to: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Close a case whose callback is done (owner).
    Close {
        #[command(flatten)]
        t: TicketArg,
    },
    /// Take work dispatched to your department; you become its handler.
    Take {
        #[command(flatten)]
        t: TicketArg,
    },
}

/// Which callbacks `callback list` shows.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Due by the end of today.
    Today,
    /// Past their due time.
    Overdue,
    /// Every pending callback.
    All,
}

#[derive(Subcommand, Debug)]
pub enum CallbackCmd {
    /// Create the periodic callbacks by tier due before a day (default today).
    Plan {
        /// Desk local day: 2026-12-31.
        #[arg(long)]
        until: Option<String>,
    },
    /// The callback queue.
    List {
        /// Which callbacks to show.
        #[arg(long, value_enum, default_value_t = Due::All)]
        due: Due,
    },
    /// Record how a callback went; unsatisfied reopens the case to its owner.
    Record {
        /// Callback id as listed: CB12 or 12.
        id: CallbackId,
        /// satisfied | unsatisfied | unreachable (满意 不满意 未接通).
        #[arg(long, value_parser = Outcome::parse)]
        outcome: Outcome,
        /// The callback was made on site.
        #[arg(long)]
        onsite: bool,
        /// The resident signed (on-site callbacks).
        #[arg(long)]
        signed: bool,
        /// What the resident said.
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum VisitCmd {
    /// Book an on-site visit; a clash with the staff member's other visits is refused.
    Add {
        /// The resident: C42 or 42.
        #[arg(long)]
        customer: CustomerId,
        /// Login of the visiting staff member (default: you).
        #[arg(long)]
        staff: Option<String>,
        /// repair | callback | courtesy (维修 回访 走访).
        #[arg(long, default_value = "repair", value_parser = VisitKind::parse)]
        kind: VisitKind,
        /// Start, desk local time: "2026-11-23 09:00".
        #[arg(long)]
        at: String,
        /// Length in minutes, 1 to 1440.
        #[arg(long, default_value_t = 60)]
        minutes: i64,
        /// The case the visit is for, e.g. T2611-0042.
        #[arg(long)]
        ticket: Option<Ticket>,
        /// Unit to visit, e.g. 3-2-1102 (default: the resident's first unit).
        #[arg(long, value_parser = UnitCode::parse)]
        unit: Option<UnitCode>,
        /// What the visit is for.
        #[arg(long, default_value = "")]
        purpose: String,
    },
    /// A day's visits.
    List {
        /// Day, desk local time (default today): 2026-11-23.
        #[arg(long)]
        day: Option<String>,
        /// Only this staff member's visits (login).
        #[arg(long)]
        staff: Option<String>,
    },
    /// Mark a visit done with a report.
    Done {
        /// Visit id as listed: V7 or 7.
        id: VisitId,
        /// What was done on site.
        #[arg(long)]
        report: String,
    },
    /// Call a visit off: its slot is free again, and a call to tell the resident is queued.
    Cancel {
        /// Visit id as listed: V7 or 7.
        id: VisitId,
        /// Why (kept on the visit and in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Move a visit to another time (checked for clashes like a booking); a call to tell the
    /// resident is queued.
    Move {
        /// Visit id as listed: V7 or 7.
        id: VisitId,
        /// New start, desk local time: "2026-11-24 14:00".
        #[arg(long)]
        at: String,
        /// New length in minutes, 1 to 1440 (default: as booked).
        #[arg(long)]
        minutes: Option<i64>,
        /// Why (kept in the audit trail), e.g. 住户改约.
        #[arg(long)]
        reason: String,
    },
}

/// How a case (or an incident, and with it its cases) was resolved (R-LIFE-02/08).
#[derive(clap::Args, Debug)]
pub struct ResolutionArgs {
    /// What was done.
    #[arg(long)]
    pub summary: String,
    /// The cause found (required for complaints).
    #[arg(long, default_value = "")]
    pub cause: String,
    /// The corrective action taken (required for complaints).
    #[arg(long, default_value = "")]
    pub action: String,
}

impl From<ResolutionArgs> for crate::domain::case::Resolution {
    fn from(r: ResolutionArgs) -> Self {
        crate::domain::case::Resolution {
            summary: r.summary,
            cause: r.cause,
            action: r.action,
        }
    }
}
