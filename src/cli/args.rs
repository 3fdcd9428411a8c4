//! The command line (DESIGN §5), declared with clap. Parsing only; `mod.rs` runs it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    Screenshots { out: PathBuf },
    /// Set up a new desk; you become its first admin.
    Init {
        /// Your display name (default: your login name).
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Staff records (Unix logins and roles).
    #[command(subcommand)]
    Staff(StaffCmd),
    /// Load deterministic demo residents, colleagues and cases into an empty desk.
    Demo {
        #[arg(long, default_value_t = 200)]
        customers: u32,
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
        file: PathBuf,
    },
    /// Export the whole desk as JSON Lines + manifest into a new directory (admin).
    Export { dir: PathBuf },
    /// Restore an export into a new data dir (offline; no daemon needed).
    Restore {
        dir: PathBuf,
        #[arg(long)]
        into: PathBuf,
    },
    /// Export into backups/<time> inside the data dir.
    Backup,
    /// Live counts: open cases, past SLA, callbacks due, visits today.
    Status,
    /// The audit trail: every change with who, when and which request (supervisors).
    Audit {
        #[arg(long, default_value_t = 0)]
        after: u64,
        #[arg(long, default_value_t = 100)]
        limit: u32,
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
        user: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "clerk")]
        role: String,
        #[arg(long, default_value = "")]
        dept: String,
        /// The login's uid, when it is not in this machine's user database.
        #[arg(long)]
        uid: Option<u32>,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum CustomerCmd {
    Add {
        #[arg(long)]
        name: String,
        /// Repeat for several numbers.
        #[arg(long, required = true)]
        phone: Vec<String>,
        /// Repeat for several units, e.g. 3-2-1102.
        #[arg(long, required = true)]
        unit: Vec<String>,
        #[arg(long, default_value = "general")]
        tier: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Ranked matches by name, pinyin, phone digits, unit or ticket.
    Find {
        query: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// A resident's card: details and whole history.
    Show { id: String },
}

#[derive(Args, Debug)]
pub struct TicketArg {
    pub ticket: String,
    /// Refuse if the case changed since this version (optimistic concurrency).
    #[arg(long)]
    pub base_version: Option<u32>,
}

#[derive(Subcommand, Debug)]
pub enum CaseCmd {
    /// Register a case; you are its first responder and owner. Prints the ticket once saved.
    Add {
        #[arg(long)]
        customer: String,
        #[arg(long, default_value = "complaint")]
        kind: String,
        #[arg(long, default_value = "counter")]
        channel: String,
        #[arg(long, default_value = "")]
        category: String,
        #[arg(long, default_value = "L3")]
        severity: String,
        #[arg(long)]
        text: String,
        /// Login of the staff member the complaint is about.
        #[arg(long, default_value = "")]
        subject: String,
        /// Promised service time, desk local time: "2026-11-23 14:00".
        #[arg(long)]
        promise: Option<String>,
    },
    List {
        /// Only cases I own, handle or assist on.
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        open: bool,
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    Show {
        ticket: String,
    },
    /// Send the work to a colleague or department; you stay the owner.
    Dispatch {
        #[command(flatten)]
        t: TicketArg,
        #[arg(long, conflicts_with = "to_dept", required_unless_present = "to_dept")]
        to_staff: Option<String>,
        #[arg(long)]
        to_dept: Option<String>,
    },
    Start {
        #[command(flatten)]
        t: TicketArg,
    },
    Note {
        #[command(flatten)]
        t: TicketArg,
        #[arg(long)]
        text: String,
    },
    Assist {
        #[command(flatten)]
        t: TicketArg,
    },
    Reply {
        #[command(flatten)]
        t: TicketArg,
        #[arg(long)]
        text: String,
    },
    Promise {
        #[command(flatten)]
        t: TicketArg,
        #[arg(long)]
        at: String,
        #[arg(long)]
        reason: String,
    },
    Escalate {
        #[command(flatten)]
        t: TicketArg,
        #[arg(long)]
        reason: String,
    },
    Resolve {
        #[command(flatten)]
        t: TicketArg,
        #[arg(long)]
        summary: String,
    },
    /// Supervisor: move ownership, with a reason.
    Reassign {
        #[command(flatten)]
        t: TicketArg,
        #[arg(long)]
        to: String,
        #[arg(long)]
        reason: String,
    },
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

#[derive(Subcommand, Debug)]
pub enum CallbackCmd {
    /// Create the periodic callbacks by tier (R-CB-08) due before a day (default today).
    Plan {
        /// Desk local day: 2026-12-31.
        #[arg(long)]
        until: Option<String>,
    },
    List {
        /// today | overdue | all
        #[arg(long, default_value = "all")]
        due: String,
    },
    Record {
        id: String,
        /// satisfied | unsatisfied | unreachable
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        onsite: bool,
        #[arg(long)]
        signed: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum VisitCmd {
    Add {
        #[arg(long)]
        customer: String,
        /// Login of the visiting staff member (default: you).
        #[arg(long, default_value = "")]
        staff: String,
        /// repair | callback | courtesy
        #[arg(long, default_value = "repair")]
        kind: String,
        /// Start, desk local time: "2026-11-23 09:00".
        #[arg(long)]
        at: String,
        #[arg(long, default_value_t = 60)]
        minutes: i64,
        #[arg(long)]
        ticket: Option<String>,
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(long, default_value = "")]
        purpose: String,
    },
    List {
        /// Day, desk local time (default today): 2026-11-23.
        #[arg(long)]
        day: Option<String>,
        #[arg(long)]
        staff: Option<String>,
    },
    Done {
        id: String,
        #[arg(long)]
        report: String,
    },
}
