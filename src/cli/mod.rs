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
mod categories;
mod csv_import;
mod estates;
mod fees_csv;
mod group_staff;
mod incidents;
mod json;
mod paperwork;
mod pbx_ami;
mod permits;
mod print;
mod remote;
mod remote_people;
mod remote_work;
mod reports;

use crate::protocol::req;
pub use args::Cli;
use args::{Command, EstateCmd};

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::{Duration, NaiveDate, TimeZone};

use crate::client::{self, Calls, Client, Pushed};
use crate::domain::Time;

/// Paths of this invocation.
pub struct Env {
    pub data: PathBuf,
    pub socket: PathBuf,
    pub json: bool,
    /// Single-user mode: the socket is the data dir's own, so a missing daemon is started.
    /// With an explicit socket (the shared box) a missing daemon is the admin's to start.
    pub may_spawn: bool,
    /// `--estate`: the estate commands are for, on the hotline's daemon.
    pub estate: Option<String>,
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
            estate: cli.estate.clone(),
        }
    }

    /// Opens connections for the TUI, which reconnects with it after the daemon went away
    /// (in single-user mode that restarts the daemon).
    pub fn connector(&self) -> client::Connector {
        client::socket_connector(self.data.clone(), self.socket.clone(), self.may_spawn)
    }

    pub fn connect(&self) -> anyhow::Result<Client> {
        let mut client = (self.connector())().map_err(|e| match self.may_spawn {
            true => anyhow::Error::from(e),
            false => anyhow::anyhow!(
                "{e}; on a shared box ask the admin to start it (systemctl start frontdesk.socket)"
            ),
        })?;
        client.set_estate(self.estate.clone());
        // A command whose save is held up says why instead of hanging silently.
        client.on_wait(Box::new(|wait| {
            eprintln!("frontdesk: {}", waiting_text(wait))
        }));
        Ok(client)
    }
}

/// What a command prints while saves are held up, and when they go through again: the
/// screen's words, in English.
fn waiting_text(wait: Option<crate::domain::storage::Wait>) -> &'static str {
    crate::tui::i18n::waiting(wait).text(crate::tui::i18n::Lang::En)
}

/// An error as one line in the reader's language (`LANG`): each cause in the chain, a
/// refusal from the daemon put into words by `crate::words`, the rest as it reads.
pub fn error_in_words(e: &anyhow::Error, lang: crate::words::Lang) -> String {
    e.chain()
        .map(|cause| {
            let desk = cause
                .downcast_ref::<crate::domain::DeskError>()
                .or_else(|| match cause.downcast_ref::<client::ClientError>() {
                    Some(client::ClientError::Desk(d) | client::ClientError::Closed(d)) => Some(d),
                    _ => None,
                });
            match desk {
                Some(d) => crate::words::desk_error(lang, d),
                None => cause.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
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
                theme: cli.theme,
                keymap: cli.keymap,
                demo: cli.demo,
                demo_customers: cli.demo_customers,
                socket: env.socket.clone(),
            },
        );
    };
    match command {
        Command::Serve {
            cache_mib,
            min_free_mib,
            postgres,
            estates,
        } => {
            let backend = match (postgres, env.estate.clone(), estates) {
                (Some(_), Some(_), Some(_)) => {
                    bail!("serve: give --estate (an estate's desk) or --estates (the hotline), not both")
                }
                (Some(conninfo), Some(estate), None) => {
                    crate::server::Backend::Postgres { conninfo, estate }
                }
                (Some(conninfo), None, Some(estates)) => {
                    crate::server::Backend::Hotline { conninfo, estates }
                }
                (Some(_), None, None) => bail!(
                    "serve --postgres: add --estate CODE (an estate's desk) or --estates CODE,CODE|all (the group's hotline); see `frontdesk estate list`"
                ),
                (None, ..) => crate::server::Backend::Sled {
                    cache_mib,
                    min_free_mib,
                },
            };
            crate::server::serve(&env.data, &env.socket, backend)
        }
        Command::Estate(cmd) => estate(cmd),
        Command::Restore {
            dir,
            into,
            postgres,
        } => match (into, postgres, env.estate.clone()) {
            (_, Some(conninfo), Some(estate)) => {
                let manifest = crate::server::restore_to_postgres(&dir, &conninfo, &estate)?;
                for f in &manifest.files {
                    p!("{:<16} {:>8} records verified", f.name, f.count);
                }
                p!("restored into estate {estate}");
                Ok(())
            }
            (Some(into), _, _) => restore(&dir, &into),
            _ => bail!("restore: give --into NEW_DATA_DIR, or --postgres CONNINFO --estate CODE"),
        },
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
        Command::Import { what, file, check } => {
            if what != "customers" {
                bail!("import: only `import customers FILE.csv` is supported");
            }
            if check {
                // Every bad row is the error; a good file says what it would import.
                let rows = csv_import::read_rows(&file)?;
                let phones: usize = rows.iter().map(|r| r.customer.phones.len()).sum();
                p!(
                    "{}: {} residents ({} phones) would be imported; no bad rows. Nothing was written.",
                    file.display(),
                    rows.len(),
                    phones
                );
                return Ok(());
            }
            let mut c = env.connect()?;
            let imported = csv_import::import_customers(&mut c, &file)?;
            print::Printer::new(&env, &mut c).imported(&imported)
        }
        Command::Watch { after, count } => watch(&env, after, count),
        Command::Pbx(args::PbxCmd::Ami {
            host,
            port,
            user,
            secret_file,
        }) => pbx_ami::run(
            &env,
            &pbx_ami::Ami {
                host,
                port,
                user,
                secret_file,
            },
        ),
        other => {
            let mut c = env.connect()?;
            remote::run(&env, &mut c, other)
        }
    }
}

/// Today at the desk (the daemon announced its offset in the welcome).
fn desk_today(offset_minutes: i32) -> NaiveDate {
    crate::domain::local_time::local_day(chrono::Utc::now(), offset_minutes)
}

/// The end of today, desk local time (the daemon announced its offset in the welcome).
fn end_of_today(offset_minutes: i32) -> Time {
    let offset = crate::domain::local_time::fixed_offset(offset_minutes);
    let today: NaiveDate = chrono::Utc::now().with_timezone(&offset).date_naive();
    offset
        .from_local_datetime(&today.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .map(|t| t.with_timezone(&chrono::Utc) + Duration::days(1))
        .unwrap_or_else(chrono::Utc::now)
}

/// `frontdesk estate add|list`: straight to the group's database (there may be no daemon
/// for the estate yet).
fn estate(cmd: EstateCmd) -> anyhow::Result<()> {
    match cmd {
        EstateCmd::Add {
            code,
            name,
            postgres,
        } => {
            crate::server::estate_add(&postgres, &code, &name)?;
            p!("estate {code} ({}) is on the database; serve it with `frontdesk serve --postgres … --estate {code}`", name.trim());
        }
        EstateCmd::Grant {
            code,
            role,
            postgres,
        } => {
            crate::server::estate_grant(&postgres, &code, &role)?;
            p!(
                "role {} may serve estate {code}, and sees no other estate's rows unless granted",
                role.trim()
            );
        }
        EstateCmd::List { postgres } => {
            for (code, name) in crate::server::estate_list(&postgres)? {
                p!("{code}\t{name}");
            }
        }
    }
    Ok(())
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
            Some(Pushed::Waiting(wait)) => eprintln!("frontdesk: {}", waiting_text(wait)),
            None => {}
        }
    }
    Ok(())
}

/// `frontdesk` with no subcommand. Until the counter TUI lands this sets the desk up (daemon,
/// init, demo residents with `--demo`) and shows a scripted lookup.
fn quickstart(env: &Env, demo: Option<u32>) -> anyhow::Result<()> {
    let (mut c, done) = crate::first_run::set_up(&*env.connector(), env.may_spawn, demo)?;
    if done.initialised {
        p!(
            "Set up a new desk in {}; you are its admin.",
            env.data.display()
        );
    }
    if done.demo_loaded > 0 {
        p!("Loaded {} demo residents.", done.demo_loaded);
    }
    let out = print::Printer::new(env, &mut c);
    p!("\n$ frontdesk customer find zw");
    let matches = c.send(req::CustomerFind {
        query: "zw".into(),
        limit: 5,
    })?;
    out.matches(&matches)?;
    if let Some(first) = matches.first() {
        p!("\n$ frontdesk customer show {}", first.customer.id);
        out.card(&c.send(req::CustomerShow::of(first.customer.id))?)?;
    }
    p!("\n$ frontdesk status");
    out.status(&print::Status {
        stats: c.send(req::Stats {})?,
        database: None,
    })?;
    p!("\nRun `frontdesk` in a terminal for the counter screen; `frontdesk --help` lists the commands.");
    Ok(())
}
