//! The subcommands that ask the daemon: each parsed command becomes one typed call on the
//! client (`Calls`), whose typed reply goes to the printer. Text was parsed by clap; times
//! are read here in the desk's time zone, which the daemon announced in its welcome.

use crate::protocol::req;
use anyhow::{bail, Context};

use super::args::{Command, UnitCmd};
use super::print::{show, Printer};
use super::Env;
use crate::client::{Calls, Client};
use crate::domain::local_time::parse_time;
use crate::domain::{Field, MoveIn};

/// Runs one daemon command and prints its answer.
pub fn run(env: &Env, c: &mut Client, command: Command) -> anyhow::Result<()> {
    let offset = c.welcome.utc_offset_minutes;
    match command {
        Command::Init { name } => show(
            c.send(req::Init {
                name: name.unwrap_or_default().to_string(),
            })?,
            env,
            c,
            Printer::staff,
        ),
        Command::Staff(cmd) => super::remote_people::staff(env, c, cmd, offset),
        Command::Demo {
            customers,
            seed,
            history_days,
        } => show(
            c.send(req::Demo {
                customers,
                seed,
                history_days,
            })?,
            env,
            c,
            Printer::imported,
        ),
        Command::Customer(cmd) => super::remote_people::customer(env, c, cmd, offset),
        Command::Case(cmd) => super::remote_work::case(env, c, cmd, offset),
        Command::Unit(cmd) => unit(env, c, cmd, offset),
        Command::Callback(cmd) => super::remote_work::callback(env, c, cmd, offset),
        Command::Visit(cmd) => super::remote_work::visit(env, c, cmd, offset),
        Command::Export { dir } => {
            let dir = std::path::absolute(&dir).context("resolving the export dir")?;
            show(
                c.send(req::Export {
                    dir: dir.display().to_string(),
                })?,
                env,
                c,
                Printer::exported,
            )
        }
        Command::Backup { to, keep } => backup(env, c, to, keep),
        Command::Status => status(env, c),
        Command::Digest { since } => digest(env, c, since),
        Command::Report {
            kind,
            period,
            format,
            out,
            estates,
        } => super::reports::report(
            env,
            c,
            super::reports::Asked {
                kind,
                period: period.as_deref(),
                format,
                estates: estates.as_deref(),
            },
            out,
        ),
        Command::Survey(cmd) => super::reports::survey(env, c, cmd),
        Command::Release(cmd) => super::paperwork::release(env, c, cmd),
        Command::Permit(cmd) => super::permits::permit(env, c, cmd),
        Command::Fees(cmd) => super::permits::fees(env, c, cmd),
        Command::Visitor(cmd) => super::paperwork::visitor(env, c, cmd),
        Command::Loan(cmd) => super::paperwork::loan(env, c, cmd),
        Command::Calendar { year } => super::reports::calendar(env, c, year),
        Command::Category(cmd) => super::categories::category(env, c, cmd),
        Command::Audit {
            reads: true,
            limit,
            staff,
            customer,
            since,
            ..
        } => {
            let since = since
                .map(|d| parse_time(Field::Since, &format!("{d} 00:00"), offset))
                .transpose()?;
            show(
                c.send(req::AccessLog {
                    staff: staff.as_deref().map(String::from),
                    customer,
                    since,
                    limit,
                })?,
                env,
                c,
                Printer::accesses,
            )
        }
        Command::Audit { after, limit, .. } => show(
            c.send(req::Changes {
                after_seq: after,
                limit,
            })?,
            env,
            c,
            Printer::changes,
        ),
        Command::Call(cmd) => call(env, c, cmd),
        Command::Undo { yes } => undo(env, c, yes),
        Command::Incident(cmd) => super::incidents::incident(env, c, cmd),
        Command::Template(cmd) => template(env, c, cmd),
        Command::Serve { .. }
        | Command::Pbx(_)
        | Command::Estate(_)
        | Command::Restore { .. }
        | Command::Screenshots { .. }
        | Command::Import { .. }
        | Command::Watch { .. } => bail!("this command runs without the daemon; see --help"),
    }
}

/// `template list|add|edit|remove`.
fn template(env: &Env, c: &mut Client, cmd: super::args::TemplateCmd) -> anyhow::Result<()> {
    use super::args::TemplateCmd as T;
    let save = |id, b: super::args::TemplateBody| req::TemplateSave {
        id,
        category: b.category,
        kind: b.kind,
        title: b.title,
        text: b.text,
    };
    match cmd {
        T::List { category, kind } => {
            let list = c.send(req::TemplateList { category, kind })?;
            Printer::new(env, c).templates(&list)
        }
        T::Add { body } => {
            let t = c.send(save(None, body))?;
            Printer::new(env, c).template(&t)
        }
        T::Edit { id, body } => {
            let t = c.send(save(Some(id), body))?;
            Printer::new(env, c).template(&t)
        }
        T::Remove { id } => {
            let t = c.send(req::TemplateRemove { id })?;
            Printer::new(env, c).template(&t)
        }
    }
}

/// `undo`: what would be undone; with `--yes`, undone.
fn undo(env: &Env, c: &mut Client, yes: bool) -> anyhow::Result<()> {
    let offer = c.send(req::UndoPreview {})?;
    if !yes {
        let p = Printer::new(env, c);
        return p.undo_offer(&offer);
    }
    show(
        c.send(req::Undo {
            ticket: offer.ticket,
            at: offer.at,
        })?,
        env,
        c,
        Printer::case,
    )
}

/// `call ring` and `call hangup`.
fn call(env: &Env, c: &mut Client, cmd: super::args::CallCmd) -> anyhow::Result<()> {
    match cmd {
        super::args::CallCmd::Ring { from, ext, line } => show(
            c.send(req::CallRing { from, ext, line })?,
            env,
            c,
            Printer::ringing,
        ),
        super::args::CallCmd::Hangup { id } => {
            show(c.send(req::CallEnd { id })?, env, c, Printer::call)
        }
    }
}

/// A verified backup, its directory resolved here (the daemon's working directory is not
/// the caller's).
fn backup(
    env: &Env,
    c: &mut Client,
    to: Option<std::path::PathBuf>,
    keep: Option<u32>,
) -> anyhow::Result<()> {
    let to = match to {
        Some(d) => Some(
            std::path::absolute(&d)
                .context("resolving the backup dir")?
                .display()
                .to_string(),
        ),
        None => None,
    };
    show(c.send(req::Backup { to, keep })?, env, c, Printer::exported)
}

/// The desk's counts, and for an admin the database behind it.
fn status(env: &Env, c: &mut Client) -> anyhow::Result<()> {
    let stats = c.send(req::Stats {})?;
    let admin = c
        .welcome
        .me
        .as_ref()
        .is_some_and(|m| m.role == crate::domain::Role::Admin);
    let database = if admin {
        c.send(req::DatabaseStatus {})?
    } else {
        None
    };
    show(
        crate::cli::print::Status { stats, database },
        env,
        c,
        Printer::status,
    )
}

/// What others changed since `since` (default: what this user's screen last saw).
fn digest(env: &Env, c: &mut Client, since: Option<u64>) -> anyhow::Result<()> {
    let since = since.unwrap_or_else(|| {
        crate::client::screen_state::load(&crate::client::screen_state::state_file(), &env.socket)
            .seen_seq
    });
    show(
        c.send(req::Digest {
            changes_after: since,
        })?,
        env,
        c,
        Printer::digest,
    )
}

/// `unit …`: a move or a paper is written, then the unit's view is printed as it now is.
fn unit(env: &Env, c: &mut Client, cmd: UnitCmd, offset: i32) -> anyhow::Result<()> {
    let today = super::desk_today(offset);
    let unit = match cmd {
        UnitCmd::Show { unit, reason } => {
            return show(
                c.send(req::UnitShow {
                    unit,
                    reason: reason.as_deref().map(String::from),
                })?,
                env,
                c,
                Printer::unit,
            )
        }
        UnitCmd::MoveIn {
            unit,
            customer,
            role,
            owner,
            date,
            card,
            kinship,
        } => {
            c.send(req::UnitMoveIn {
                unit,
                move_in: MoveIn {
                    customer,
                    role,
                    date: date.unwrap_or(today),
                    residence_card: card,
                    owner,
                    kinship_proof: kinship,
                },
            })?;
            unit
        }
        UnitCmd::MoveOut {
            unit,
            customer,
            date,
            reason,
        } => {
            c.send(req::UnitMoveOut {
                unit,
                customer,
                date: date.unwrap_or(today),
                reason: reason.to_string(),
            })?;
            unit
        }
        UnitCmd::Document { unit, kind, date } => {
            c.send(req::UnitDocument {
                unit,
                kind,
                date: date.unwrap_or(today),
            })?;
            unit
        }
    };
    show(
        c.send(req::UnitShow {
            unit,
            reason: Some("after recording a change".into()),
        })?,
        env,
        c,
        Printer::unit,
    )
}
