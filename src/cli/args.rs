//! The command line (DESIGN §5), declared with clap. Parsing only; `mod.rs` runs it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::{
    CallbackId, CaseKind, Channel, CustomerId, Outcome, Role, Severity, Ticket, Tier, UnitCode,
    VisitId, VisitKind,
};

#[derive(Parser, Debug)]
#[command(
    name = "frontdesk",
    version,
    about = "Counter software for a property-management service centre (物业服务中心)",
    long_about = "Counter software for a property-management service centre. Run `frontdesk` with no subcommand for the counter screen (`--demo` loads demo residents into an empty desk). One daemon (`frontdesk serve`) owns the data; the screen and every command here are its clients. With no daemon running, one is started for you."
)]
pub struct Cli {
    /// Data directory (store, socket, logs, backups).
    #[arg(long, global = true, env = "FRONTDESK_DATA")]
    pub data: Option<PathBuf>,
    /// Daemon socket (default: frontdesk.sock in the data dir).
    #[arg(long, global = true, env = "FRONTDESK_SOCKET")]
    pub socket: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// With no subcommand: load demo residents into an empty desk first.
    #[arg(long)]
    pub demo: bool,
    /// How many demo residents `--demo` loads.
    #[arg(long, default_value_t = 2000)]
    pub demo_customers: u32,
    /// Screen language: en or zh (default: from the locale).
    #[arg(long, global = true, env = "FRONTDESK_LANG")]
    pub lang: Option<String>,
    /// Keymap: default, vim, or a TOML file (default: keymap.toml in the config dir).
    #[arg(long, global = true)]
    pub keymap: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the daemon in the foreground (it owns the store; one per data dir).
    Serve {
        /// sled page cache in MiB.
        #[arg(long, default_value_t = 64)]
        cache_mib: u64,
        /// Refuse writes when the disk has less free space than this, in MiB.
        #[arg(long, default_value_t = 64)]
        min_free_mib: u64,
    },
    /// Render every TUI pane from deterministic demo data as SVG files into OUT
    /// (contrib/screenshots.sh turns them into the PNGs in screenshots/).
    #[command(hide = true)]
    Screenshots {
        /// Directory for the SVG files.
        out: PathBuf,
    },
    /// Set up a new desk; you become its first admin.
    Init {
        /// Your display name (default: your login name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Staff records (Unix logins and roles).
    #[command(subcommand)]
    Staff(StaffCmd),
    /// Load deterministic demo residents, colleagues and cases into an empty desk.
    Demo {
        /// How many residents.
        #[arg(long, default_value_t = 200)]
        customers: u32,
        /// Seed: the same seed gives the same residents.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Residents.
    #[command(subcommand)]
    Customer(CustomerCmd),
    /// Complaints, repairs, inquiries, suggestions and help requests.
    #[command(subcommand)]
    Case(CaseCmd),
    /// The callback (回访) queue.
    #[command(subcommand)]
    Callback(CallbackCmd),
    /// On-site visits.
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Import customers from CSV (header: name,phone,unit,tier[,id,notes]); all or nothing.
    Import {
        /// What to import: `customers`.
        what: String,
        /// The CSV file.
        file: PathBuf,
    },
    /// Export the whole desk as JSON Lines + manifest into a new directory (admin).
    Export {
        /// A new directory the daemon can write to.
        dir: PathBuf,
    },
    /// Restore an export into a new data dir (offline; no daemon needed).
    Restore {
        /// The export directory (checked against its manifest first).
        dir: PathBuf,
        /// The new data dir to create.
        #[arg(long)]
        into: PathBuf,
    },
    /// Export into backups/<time> inside the data dir.
    Backup,
    /// Live counts: open cases, past SLA, callbacks due, visits today.
    Status,
    /// The audit trail: every change with who, when and which request (supervisors).
    Audit {
        /// Only changes after this sequence number.
        #[arg(long, default_value_t = 0)]
        after: u64,
        /// Most entries to print.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// The access log instead: who looked at which resident, when and why (R-REC-13).
        #[arg(long)]
        reads: bool,
        /// With --reads: only this reader (login).
        #[arg(long, requires = "reads")]
        staff: Option<String>,
        /// With --reads: only looks at this resident (C42).
        #[arg(long, requires = "reads")]
        customer: Option<CustomerId>,
        /// With --reads: only since this desk-local day (2026-11-01).
        #[arg(long, requires = "reads")]
        since: Option<String>,
    },
    /// Print changes as they happen, one line each (Ctrl-C to stop).
    Watch {
        /// Also replay changes after this sequence number.
        #[arg(long)]
        after: Option<u64>,
        /// Stop after this many events.
        #[arg(long)]
        count: Option<u64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum StaffCmd {
    /// Register a Unix login as staff (admin).
    Add {
        /// The Unix login name (the kernel names callers by it).
        user: String,
        /// Display name shown on screens and in the history, e.g. 李娜.
        #[arg(long)]
        name: String,
        /// clerk | supervisor | admin.
        #[arg(long, default_value = "clerk", value_parser = Role::parse)]
        role: Role,
        /// Department, e.g. 工程部 (work can be dispatched to it).
        #[arg(long, default_value = "")]
        dept: String,
        /// The login's uid, when it is not in this machine's user database.
        #[arg(long)]
        uid: Option<u32>,
    },
    /// Every staff member, active and deactivated, with login, role and department.
    List,
    /// Lock a leaver out at once: their open screens are closed, every later request refused (admin).
    Deactivate {
        /// The Unix login name.
        user: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Let a deactivated login back in (admin).
    Reactivate {
        /// The Unix login name.
        user: String,
        /// Why (kept in the audit trail).
        #[arg(long, default_value = "reactivated")]
        reason: String,
    },
    /// Change a member's role, department or display name (admin).
    Set {
        /// The Unix login name.
        user: String,
        /// clerk | supervisor | admin.
        #[arg(long, value_parser = Role::parse)]
        role: Option<Role>,
        /// New department.
        #[arg(long)]
        dept: Option<String>,
        /// New display name.
        #[arg(long)]
        name: Option<String>,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Hand a leaver's open cases and future visits to a successor, who calls every resident
    /// concerned within a week (supervisors, R-REC-16).
    Handover {
        /// The leaver's login.
        leaver: String,
        /// The successor's login.
        #[arg(long)]
        to: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CustomerCmd {
    /// Register a resident.
    Add {
        /// Full name, e.g. 张伟.
        #[arg(long)]
        name: String,
        /// Phone number; repeat for several.
        #[arg(long, required = true)]
        phone: Vec<String>,
        /// Unit as building-unit-room, e.g. 3-2-1102 (3栋2单元1102 works too); repeat for several.
        #[arg(long, required = true)]
        unit: Vec<String>,
        /// general | key | vip (R-REC-09 care tier).
        #[arg(long, default_value = "general", value_parser = Tier::parse)]
        tier: Tier,
        /// Free-text notes shown on the card.
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Ranked matches by name, pinyin, phone digits, unit or ticket.
    Find {
        /// Search words: zw, zhangwei, 张伟, 1102, 3-2-, T2611-0042; several narrow the result.
        #[arg(required = true)]
        query: Vec<String>,
        /// Most matches to print.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// A resident's card: details and whole history.
    Show {
        /// Customer id as shown by `customer find`: C42 or 42.
        id: CustomerId,
        /// Why you are looking (kept in the access log, R-REC-13).
        #[arg(long)]
        reason: Option<String>,
    },
}

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
        /// How it came in: counter | phone | letter | email | staff (R-INT-09).
        #[arg(long, default_value = "counter", value_parser = Channel::parse)]
        channel: Channel,
        /// Category, e.g. plumbing, noise (default: the kind).
        #[arg(long)]
        category: Option<String>,
        /// L1 (urgent) | L2 (important) | L3 (general) (R-INT-15).
        #[arg(long, default_value = "L3", value_parser = Severity::parse)]
        severity: Severity,
        /// What the resident said, in their words.
        #[arg(long)]
        text: String,
        /// Login of the staff member the complaint is about (they are recused, R-INT-12).
        #[arg(long)]
        subject: Option<String>,
        /// Promised service time, desk local time: "2026-11-23 14:00" (R-INT-06).
        #[arg(long)]
        promise: Option<String>,
    },
    /// Cases, newest first.
    List {
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
        /// Most rows to print.
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// One case with its deadlines and timeline.
    Show {
        /// Ticket number, e.g. T2611-0042.
        ticket: Ticket,
        /// Why you are looking (kept in the access log, R-REC-13).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Name the staff member a complaint is about; they are recused from it (supervisors, R-INT-12).
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
    /// Join the case as an assist.
    Assist {
        #[command(flatten)]
        t: TicketArg,
    },
    /// Record the reply given to the resident (owner only, R-LIFE-01).
    Reply {
        #[command(flatten)]
        t: TicketArg,
        /// What the resident was told.
        #[arg(long)]
        text: String,
    },
    /// Promise a handling time to the resident (owner or handler, R-LIFE-03).
    Promise {
        #[command(flatten)]
        t: TicketArg,
        /// Desk local time: "2026-11-23 16:00".
        #[arg(long)]
        at: String,
        /// Why this time.
        #[arg(long)]
        reason: String,
    },
    /// Escalate to a supervisor.
    Escalate {
        #[command(flatten)]
        t: TicketArg,
        /// Why it needs a supervisor.
        #[arg(long)]
        reason: String,
    },
    /// Mark the work done; a callback is queued (R-CB-01).
    Resolve {
        #[command(flatten)]
        t: TicketArg,
        /// What was done.
        #[arg(long)]
        summary: String,
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
    /// Create the periodic callbacks by tier (R-CB-08) due before a day (default today).
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
        /// The resident signed (on-site callbacks, R-CB-02).
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
    /// Mark a visit done with a report (R-VIS-05).
    Done {
        /// Visit id as listed: V7 or 7.
        id: VisitId,
        /// What was done on site.
        #[arg(long)]
        report: String,
    },
}
