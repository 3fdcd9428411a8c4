//! Scripted subcommands: each builds a request, calls the daemon through `Client`, and prints
//! text or `--json`. Errors leave with a non-zero exit and one line saying what to do.

/// `println!` that reports a closed stdout (`frontdesk … | head`) as an error instead of
/// panicking; `main` treats a broken pipe as a normal end.
macro_rules! p {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

mod args;
mod csv_import;
mod print;

use crate::domain::Field;
pub use args::Cli;
use args::{CallbackCmd, CaseCmd, Command, CustomerCmd, Due, StaffCmd, TicketArg, VisitCmd};

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::{Duration, NaiveDate, TimeZone};

use crate::client::{self, Client, Pushed};
use crate::domain::case::CaseDraft;
use crate::domain::{DeskError, NewCustomer, Time};
use crate::protocol::{CaseFilter, CaseStep, DispatchTarget, NewVisit, Reply, Request};

/// Paths of this invocation.
pub struct Env {
    pub data: PathBuf,
    pub socket: PathBuf,
    pub json: bool,
    /// Single-user mode: the socket is the data dir's own, so a missing daemon is started.
    /// With an explicit socket (the shared box) a missing daemon is the admin's to start.
    pub may_spawn: bool,
}

impl Env {
    pub fn from_cli(cli: &Cli) -> Env {
        let data = cli.data.clone().unwrap_or_else(client::default_data_dir);
        let socket = cli
            .socket
            .clone()
            .unwrap_or_else(|| client::default_socket(&data));
        Env {
            data,
            socket,
            json: cli.json,
            may_spawn: cli.socket.is_none(),
        }
    }

    /// Opens connections for the TUI, which reconnects with it after the daemon went away
    /// (in single-user mode that restarts the daemon).
    pub fn connector(&self) -> client::Connector {
        client::socket_connector(self.data.clone(), self.socket.clone(), self.may_spawn)
    }

    pub fn connect(&self) -> anyhow::Result<Client> {
        (self.connector())().map_err(|e| match self.may_spawn {
            true => e.into(),
            false => anyhow::anyhow!(
                "{e}; on a shared box ask the admin to start it (systemctl start frontdesk.socket)"
            ),
        })
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let env = Env::from_cli(&cli);
    let Some(command) = cli.command else {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            // Not a terminal (a script, a pipe): set up and print a lookup instead.
            return quickstart(&env, cli.demo.then_some(cli.demo_customers));
        }
        return crate::tui::run(
            env.connector(),
            env.may_spawn,
            crate::tui::Options {
                lang: cli.lang,
                keymap: cli.keymap,
                demo: cli.demo,
                demo_customers: cli.demo_customers,
            },
        );
    };
    match command {
        Command::Serve {
            cache_mib,
            min_free_mib,
        } => crate::server::serve(&env.data, &env.socket, cache_mib, min_free_mib),
        Command::Restore { dir, into } => restore(&dir, &into),
        Command::Screenshots { out } => {
            let work = std::env::temp_dir().join(format!("frontdesk-shots-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&work);
            let names = crate::testkit::screenshots::render_all(&work, &out);
            let _ = std::fs::remove_dir_all(&work);
            for n in names? {
                p!("{}", out.join(format!("{n}.svg")).display());
            }
            Ok(())
        }
        Command::Import { what, file } => {
            if what != "customers" {
                bail!("import: only `import customers FILE.csv` is supported");
            }
            let mut c = env.connect()?;
            let imported = csv_import::import_customers(&mut c, &file)?;
            let reply = Reply::Imported {
                count: imported.count,
                first_id: imported.first_id,
            };
            print::reply(&env, &mut c, &reply)
        }
        Command::Watch { after, count } => watch(&env, after, count),
        other => {
            let is_case_add = matches!(other, Command::Case(CaseCmd::Add { .. }));
            let mut c = env.connect()?;
            let request = build(&c, other)?;
            let reply = c.call(request)?;
            match &reply {
                // Scripts read the ticket from stdout; it is printed only now, after the
                // daemon acknowledged the write as durable.
                Reply::Case(case) if is_case_add && !env.json => {
                    p!("{}", case.ticket);
                    Ok(())
                }
                _ => print::reply(&env, &mut c, &reply),
            }
        }
    }
}

/// Turns a parsed command into its request.
fn build(c: &Client, command: Command) -> anyhow::Result<Request> {
    let offset = c.welcome.utc_offset_minutes;
    Ok(match command {
        Command::Init { name } => Request::Init {
            name: name.unwrap_or_default(),
        },
        Command::Staff(StaffCmd::Add {
            user,
            name,
            role,
            dept,
            uid,
        }) => Request::StaffAdd {
            username: user,
            name,
            role,
            dept,
            uid,
        },
        Command::Staff(StaffCmd::List) => Request::StaffList,
        Command::Demo { customers, seed } => Request::Demo { customers, seed },
        Command::Customer(CustomerCmd::Add {
            name,
            phone,
            unit,
            tier,
            notes,
        }) => Request::CustomerAdd(NewCustomer {
            name,
            phones: phone,
            units: unit,
            tier,
            notes,
        }),
        Command::Customer(CustomerCmd::Find { query, limit }) => Request::CustomerFind {
            query: query.join(" "),
            limit,
        },
        Command::Customer(CustomerCmd::Show { id }) => Request::CustomerShow(id),
        Command::Case(cmd) => case_request(cmd, offset)?,
        Command::Callback(CallbackCmd::List { due }) => {
            let (overdue_only, until) = match due {
                Due::All => (false, None),
                Due::Overdue => (true, None),
                Due::Today => (false, Some(end_of_today(offset))),
            };
            Request::CallbackList {
                overdue_only,
                until,
            }
        }
        Command::Callback(CallbackCmd::Plan { until }) => Request::CallbackPlan {
            until: match until {
                Some(d) => parse_time(Field::Until, &format!("{d} 23:59:59"), offset)?,
                None => end_of_today(offset),
            },
        },
        Command::Callback(CallbackCmd::Record {
            id,
            outcome,
            onsite,
            signed,
            note,
        }) => Request::CallbackRecord {
            id,
            outcome,
            onsite,
            signed,
            note,
        },
        Command::Visit(VisitCmd::Add {
            customer,
            staff,
            kind,
            at,
            minutes,
            ticket,
            unit,
            purpose,
        }) => {
            let start = parse_time(Field::At, &at, offset)?;
            if !(1..=24 * 60).contains(&minutes) {
                return Err(DeskError::invalid(
                    Field::Minutes,
                    "give a length from 1 to 1440 minutes",
                )
                .into());
            }
            Request::VisitAdd(NewVisit {
                customer,
                staff,
                kind,
                start,
                end: start + Duration::minutes(minutes),
                ticket,
                unit,
                purpose,
            })
        }
        Command::Visit(VisitCmd::List { day, staff }) => {
            let from = match day {
                Some(d) => parse_time(Field::Day, &format!("{d} 00:00"), offset)?,
                None => end_of_today(offset) - Duration::days(1),
            };
            Request::VisitList {
                from,
                to: from + Duration::days(1),
                staff,
            }
        }
        Command::Visit(VisitCmd::Done { id, report }) => Request::VisitDone { id, report },
        Command::Export { dir } => Request::Export {
            dir: std::path::absolute(&dir)
                .context("resolving the export dir")?
                .display()
                .to_string(),
        },
        Command::Backup => Request::Backup,
        Command::Status => Request::Stats,
        Command::Audit { after, limit } => Request::Changes {
            after_seq: after,
            limit,
        },
        Command::Serve { .. }
        | Command::Restore { .. }
        | Command::Screenshots { .. }
        | Command::Import { .. }
        | Command::Watch { .. } => {
            unreachable!("handled in run")
        }
    })
}

fn case_request(cmd: CaseCmd, offset: i32) -> anyhow::Result<Request> {
    let step = |t: TicketArg, step: CaseStep| Request::CaseStep {
        ticket: t.ticket,
        base_version: t.base_version,
        step,
    };
    Ok(match cmd {
        CaseCmd::Add {
            customer,
            kind,
            channel,
            category,
            severity,
            text,
            subject,
            promise,
        } => Request::CaseAdd(CaseDraft {
            customer: Some(customer),
            kind,
            channel,
            category: category.unwrap_or_default(),
            severity,
            description: text,
            subject,
            promised_at: promise
                .map(|p| parse_time(Field::Promise, &p, offset))
                .transpose()?,
        }),
        CaseCmd::List {
            mine,
            open,
            overdue,
            customer,
            limit,
        } => Request::CaseList(CaseFilter {
            mine,
            open_only: open,
            overdue_only: overdue,
            customer,
            limit,
        }),
        CaseCmd::Show { ticket } => Request::CaseShow(ticket),
        CaseCmd::Dispatch {
            t,
            to_staff,
            to_dept,
        } => {
            let target = match (to_staff, to_dept) {
                (Some(s), _) => DispatchTarget::Staff(s),
                (None, Some(d)) => DispatchTarget::Department(d),
                (None, None) => {
                    bail!("to: name a colleague (--to-staff) or a department (--to-dept)")
                }
            };
            step(t, CaseStep::Dispatch(target))
        }
        CaseCmd::Start { t } => step(t, CaseStep::Start),
        CaseCmd::Note { t, text } => step(t, CaseStep::Note(text)),
        CaseCmd::Assist { t } => step(t, CaseStep::Assist),
        CaseCmd::Reply { t, text } => step(t, CaseStep::Reply(text)),
        CaseCmd::Promise { t, at, reason } => {
            let at = parse_time(Field::At, &at, offset)?;
            step(t, CaseStep::Promise { at, reason })
        }
        CaseCmd::Escalate { t, reason } => step(t, CaseStep::Escalate(reason)),
        CaseCmd::Resolve { t, summary } => step(t, CaseStep::Resolve(summary)),
        CaseCmd::Reassign { t, to, reason } => step(t, CaseStep::Reassign { to, reason }),
        CaseCmd::Close { t } => step(t, CaseStep::Close),
        CaseCmd::Take { t } => step(t, CaseStep::Take),
    })
}

use crate::domain::local_time::parse_time;

fn end_of_today(offset_minutes: i32) -> Time {
    let offset = chrono::FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset is valid"));
    let today: NaiveDate = chrono::Utc::now().with_timezone(&offset).date_naive();
    offset
        .from_local_datetime(&today.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .map(|t| t.with_timezone(&chrono::Utc) + Duration::days(1))
        .unwrap_or_else(chrono::Utc::now)
}

fn restore(dir: &Path, into: &Path) -> anyhow::Result<()> {
    if into.exists() && std::fs::read_dir(into)?.next().is_some() {
        bail!(
            "into: {} is not empty; restore into a new directory, then start the daemon with --data pointing at it",
            into.display()
        );
    }
    let manifest = crate::server::restore(dir, into)?;
    for f in &manifest.files {
        p!("{:<16} {:>8} records verified", f.name, f.count);
    }
    p!("restored into {}", into.display());
    Ok(())
}

fn watch(env: &Env, after: Option<u64>, count: Option<u64>) -> anyhow::Result<()> {
    let mut c = env.connect()?;
    let start = after.unwrap_or(c.welcome.last_seq);
    c.subscribe(start)?;
    let mut seen = 0;
    while count.is_none_or(|n| seen < n) {
        match c.next_pushed(std::time::Duration::from_secs(3600))? {
            Some(Pushed::Change(ch)) => {
                seen += 1;
                if env.json {
                    p!("{}", serde_json::to_string(&ch)?);
                } else {
                    p!("#{} {}", ch.seq, ch.summary);
                }
            }
            Some(Pushed::Resync { last_seq }) => p!("(missed too much; now at #{last_seq})"),
            None => {}
        }
    }
    Ok(())
}

/// `frontdesk` with no subcommand. Until the counter TUI lands this sets the desk up (daemon,
/// init, demo residents with `--demo`) and shows a scripted lookup.
fn quickstart(env: &Env, demo: Option<u32>) -> anyhow::Result<()> {
    let (mut c, done) = client::set_up(&*env.connector(), env.may_spawn, demo)?;
    if done.initialised {
        p!(
            "Set up a new desk in {}; you are its admin.",
            env.data.display()
        );
    }
    if done.demo_loaded > 0 {
        p!("Loaded {} demo residents.", done.demo_loaded);
    }
    p!("\n$ frontdesk customer find zw");
    let reply = c.call(Request::CustomerFind {
        query: "zw".into(),
        limit: 5,
    })?;
    print::reply(env, &mut c, &reply)?;
    if let Reply::Matches(m) = &reply {
        if let Some(first) = m.first() {
            p!("\n$ frontdesk customer show {}", first.customer.id);
            let card = c.call(Request::CustomerShow(first.customer.id))?;
            print::reply(env, &mut c, &card)?;
        }
    }
    let status = c.call(Request::Stats)?;
    p!("\n$ frontdesk status");
    print::reply(env, &mut c, &status)?;
    p!("\nRun `frontdesk` in a terminal for the counter screen; `frontdesk --help` lists the commands.");
    Ok(())
}
