//! The command line (DESIGN §5), declared with clap. Parsing only; `cli/mod.rs` runs it.
//! This file holds the top level; `people` the staff and resident subcommands, `work` the
//! case, callback and visit subcommands.

mod call;
mod incident;
mod loan;
mod people;
mod permit;
mod release;
mod survey;
mod template;
mod units;
mod visitor;
mod work;

pub use call::{CallCmd, PbxCmd};
pub use incident::IncidentCmd;
pub use loan::LoanCmd;
pub use people::{CustomerCmd, StaffCmd};
pub use permit::{FeesCmd, PageOut, PermitCmd};
pub use release::ReleaseCmd;
pub use survey::SurveyCmd;
pub use template::{TemplateBody, TemplateCmd};
pub use units::UnitCmd;
pub use visitor::VisitorCmd;
pub use work::{CallbackCmd, CaseCmd, Due, TicketArg, VisitCmd};

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::domain::CustomerId;

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
    /// Screen colours: dark (default), light for a light terminal, or mono (no colour;
    /// the default when NO_COLOR is set).
    #[arg(long, global = true, env = "FRONTDESK_THEME")]
    pub theme: Option<String>,
    /// The group's estate: the one `serve --postgres` and `restore --postgres` serve or fill;
    /// on the hotline's daemon, the one each command is for (lookup spans all without it).
    #[arg(long, global = true, env = "FRONTDESK_ESTATE")]
    pub estate: Option<String>,
    /// Keymap: default, vim, or a TOML file (default: keymap.toml in the config dir).
    #[arg(long, global = true)]
    pub keymap: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum EstateCmd {
    /// Add an estate to the group's database (creating the schema if it is new).
    Add {
        /// A short code for it: letters, digits, `-` or `_`, e.g. DH01.
        code: String,
        /// Its name as the desk shows it, e.g. 东湖花园.
        #[arg(long)]
        name: String,
        /// The database (libpq connection string).
        #[arg(long, env = "FRONTDESK_POSTGRES")]
        postgres: String,
    },
    /// Let a database role serve an estate; the database then shows that role only the
    /// estates granted to it (create the role first: `CREATE ROLE dh01 LOGIN`).
    Grant {
        /// The estate's code.
        code: String,
        /// The database role its daemon connects as.
        #[arg(long)]
        role: String,
        /// The database (libpq connection string), as its owner.
        #[arg(long, env = "FRONTDESK_POSTGRES")]
        postgres: String,
    },
    /// List the group's estates.
    List {
        /// The database (libpq connection string).
        #[arg(long, env = "FRONTDESK_POSTGRES")]
        postgres: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CategoryCmd {
    /// Every entry: its code, its labels, the kind it usually is and the department it goes
    /// to (labels in the language of LANG).
    List,
    /// File every case stored under FROM (a free-text category from before the list, or an
    /// entry since removed) under the list entry TO, in one audited change (supervisors).
    Map {
        /// The category as the cases carry it, e.g. 水管.
        from: String,
        /// The list entry: its code, a label or an alias, e.g. water-power or 水电维修.
        to: String,
    },
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
        /// Keep the desk on this PostgreSQL database (a libpq connection string, several
        /// hosts allowed) instead of the embedded store; needs --estate or --estates.
        #[arg(long, env = "FRONTDESK_POSTGRES")]
        postgres: Option<String>,
        /// The group hotline's daemon: serve these estates (`DH01,DH02`, or `all`) on one
        /// socket; lookup spans them, and each call names the estate it is for.
        #[arg(long, requires = "postgres")]
        estates: Option<String>,
    },
    /// A property group's estates on its PostgreSQL database (run without a daemon).
    #[command(subcommand)]
    Estate(EstateCmd),
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
        /// Days of past cases, carried through and called back, for the reports.
        #[arg(long, default_value_t = 0)]
        history_days: u32,
    },
    /// Residents.
    #[command(subcommand)]
    Customer(CustomerCmd),
    /// Dwellings: occupants, move-in and move-out, papers.
    #[command(subcommand)]
    Unit(UnitCmd),
    /// Keys and radios: sign out to a colleague, back in, what is out.
    #[command(subcommand)]
    Loan(LoanCmd),
    /// Visitors: register an arrival and a departure, who is on site, a day's log.
    #[command(subcommand)]
    Visitor(VisitorCmd),
    /// Decoration permits: apply, approve, extend, inspect, refund the deposit, file index.
    #[command(subcommand)]
    Permit(PermitCmd),
    /// Fee arrears: import the billing export, the monthly reminder list, reminders, notices.
    #[command(subcommand)]
    Fees(FeesCmd),
    /// Move-out release slips: issue and void at the desk, verify and let out at the gate.
    #[command(subcommand)]
    Release(ReleaseCmd),
    /// Satisfaction surveys: open a round, hand out forms, record answers, close, status.
    #[command(subcommand)]
    Survey(SurveyCmd),
    /// Complaints, repairs, inquiries, suggestions and help requests.
    #[command(subcommand)]
    Case(CaseCmd),
    /// The callback (回访) queue.
    #[command(subcommand)]
    Callback(CallbackCmd),
    /// On-site visits.
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Undo your own last step on a case, within minutes of taking it (policy
    /// undo_minutes): without --yes, says what would be undone.
    Undo {
        /// Undo it.
        #[arg(long)]
        yes: bool,
    },
    /// Reply templates (快捷回复): the desk's words, with fields the case fills in.
    #[command(subcommand)]
    Template(TemplateCmd),
    /// Incidents: one event (a burst pipe, a stuck lift), many callers' cases.
    #[command(subcommand)]
    Incident(IncidentCmd),
    /// Phone calls the exchange announces: ringing at an extension, hung up.
    #[command(subcommand)]
    Call(CallCmd),
    /// Bridges from phone exchanges (PBX) to `call ring`.
    #[command(subcommand)]
    Pbx(PbxCmd),
    /// Import customers from CSV (header: name,phone,unit,tier[,id,notes]); all or nothing.
    Import {
        /// What to import: `customers`.
        what: String,
        /// The CSV file.
        file: PathBuf,
        /// Check the file and report what would be imported and every bad row; write nothing.
        #[arg(long)]
        check: bool,
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
        #[arg(
            long,
            required_unless_present = "postgres",
            conflicts_with = "postgres"
        )]
        into: Option<PathBuf>,
        /// Or: into an estate on the group's database (a new one, holding no desk yet),
        /// named by --estate.
        #[arg(long, env = "FRONTDESK_POSTGRES")]
        postgres: Option<String>,
    },
    /// A backup: the whole desk exported into <DIR>/<time>, read back and checked against
    /// its manifest (admin). Run daily by contrib/frontdesk-backup.timer.
    Backup {
        /// Where: another disk or a mounted share the daemon's account can write to
        /// (default: backups/ inside the data dir).
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// Then keep only the newest N backups there (older ones removed only once the
        /// new one has been verified).
        #[arg(long, value_name = "N")]
        keep: Option<u32>,
    },
    /// Live counts: open cases, past SLA, callbacks due, visits today.
    Status,
    /// Your start-of-shift page: your cases past or near a deadline, callbacks due today,
    /// visits today, and what others changed on your cases since your screen last closed.
    Digest {
        /// Report changes after this sequence number instead (0: none).
        #[arg(long)]
        since: Option<u64>,
    },
    /// A report for a day, month or quarter: volumes, deadlines, callbacks, staff, trend
    /// (supervisors). Text and md align Chinese columns; csv opens in Excel and WPS.
    Report {
        /// day | month | quarter (日报 月报 季报).
        #[arg(value_parser = crate::domain::report::PeriodKind::parse)]
        kind: crate::domain::report::PeriodKind,
        /// 2026-11-23, 2026-11 or 2026-Q4 (default: the current one).
        period: Option<String>,
        /// text | md | csv | json (default text; json with --json).
        #[arg(long, value_parser = crate::domain::report::Format::parse)]
        format: Option<crate::domain::report::Format>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// On the hotline's daemon: the group's report, one section per estate and their
        /// total (`all`, or `DH01,XS02`; supervisors of every estate named).
        #[arg(long)]
        estates: Option<String>,
    },
    /// The desk's category list (categories.toml in the daemon's data dir).
    #[command(subcommand)]
    Category(CategoryCmd),
    /// A year of the working-day calendar: holidays, weekend working days (调休), the count
    /// of working days.
    Calendar {
        /// The year, like 2026.
        year: i32,
    },
    /// The audit trail: every change with who, when and which request (supervisors).
    Audit {
        /// Only changes after this sequence number.
        #[arg(long, default_value_t = 0)]
        after: u64,
        /// Most entries to print.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// The access log instead: who looked at which resident, when and why.
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every `--help`, of every subcommand at every depth, with its long help.
    fn helps(cmd: &mut clap::Command, out: &mut Vec<(String, String)>) {
        out.push((
            cmd.get_name().to_string(),
            cmd.render_long_help().to_string(),
        ));
        for sub in cmd.get_subcommands_mut() {
            helps(sub, out);
        }
    }

    /// Nothing internal on the screen: no rule id and no source line in any help text.
    #[test]
    fn no_help_names_a_rule_id_or_a_source_line() {
        let mut all = Vec::new();
        helps(&mut super::Cli::command(), &mut all);
        assert!(all.len() > 60, "only {} help pages", all.len());
        for (name, help) in all {
            if let Some(found) = crate::domain::text::internal_reference(&help) {
                panic!("`frontdesk {name} --help` shows `{found}`:\n{help}");
            }
        }
    }
}
