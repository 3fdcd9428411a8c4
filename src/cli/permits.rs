//! `frontdesk permit …`, `fees …` and the printable pages: each command one call to the
//! daemon, its printing, and `--print`/`--out` through `pages::deliver`.

use super::args::{FeesCmd, PageOut, PermitCmd};
use super::print::Printer;
use super::Env;
use crate::client::{Calls, Client};
use crate::domain::fees::ReminderOutcome;
use crate::domain::money::Fen;
use crate::domain::permit::{Approval, Contractor, PermitApplicant, PermitDraft};
use crate::domain::Field;
use crate::pages::{self, Delivered};
use crate::protocol::req;
use crate::protocol::{PermitDecision, PermitStep};

/// Sends or writes a page and says where it went.
pub fn deliver(page: &str, out: &PageOut, default_file: &str) -> anyhow::Result<()> {
    match pages::deliver(page, out.print, out.out.as_deref(), default_file)? {
        Delivered::Printer(p) => eprintln!("frontdesk: sent {default_file} to printer {p}"),
        Delivered::File(path) => {
            if out.print {
                eprintln!("frontdesk: no printer is configured (lpstat -d); the page is in the file instead");
            }
            eprintln!("frontdesk: wrote {}", path.display());
        }
    }
    Ok(())
}

pub fn permit(env: &Env, c: &mut Client, cmd: PermitCmd) -> anyhow::Result<()> {
    let today = super::desk_today(c.welcome.utc_offset_minutes);
    let step = |c: &mut Client, no, step| c.send(req::PermitStep { no, step });
    let decide = |c: &mut Client, no, decision| c.send(req::PermitDecide { no, decision });
    let p = match cmd {
        PermitCmd::List => {
            let list = c.send(req::PermitList {})?;
            return Printer::new(env, c).permit_lists(&list, today);
        }
        PermitCmd::Index { building } => {
            let list = c.send(req::PermitIndex { building })?;
            return Printer::new(env, c).permit_index(building, &list);
        }
        PermitCmd::Show { no, page } => {
            let p = c.send(req::PermitShow { no })?;
            let printer = Printer::new(env, c);
            printer.permit(&p, today)?;
            if page.print || page.out.is_some() {
                let (who, offset_minutes) = printer.page_names();
                let names = pages::Names {
                    who: Box::new(who),
                    offset_minutes,
                };
                deliver(
                    &pages::permit_copies(&p, &names),
                    &page,
                    &format!("permit-{}.txt", p.no),
                )?;
            }
            return Ok(());
        }
        PermitCmd::Apply {
            unit,
            customer,
            works,
            contractor,
            licence,
            supervisor,
            supervisor_phone,
            supervisor_id,
            workers,
            docs,
            waterproof,
            undertaking,
            consent,
        } => c.send(req::PermitApply {
            draft: PermitDraft {
                unit,
                customer,
                applicant: consent.map_or(PermitApplicant::Owner, |owner_consent| {
                    PermitApplicant::Tenant { owner_consent }
                }),
                works,
                contractor: Contractor {
                    name: contractor,
                    licence,
                    supervisor_name: supervisor,
                    supervisor_phone,
                    supervisor_id,
                },
                workers,
                docs,
                waterproof_touched: waterproof,
                waterproof_undertaking: undertaking,
            },
        })?,
        PermitCmd::Approve {
            no,
            deposit,
            deposit_receipt,
            rubbish_fee,
            rubbish_receipt,
            from,
            until,
        } => decide(
            c,
            no,
            PermitDecision::Approve(Approval {
                deposit: Fen::parse(Field::Deposit, &deposit)?,
                deposit_receipt,
                rubbish_fee: Fen::parse(Field::RubbishFee, &rubbish_fee)?,
                rubbish_receipt,
                valid_from: from.unwrap_or(today),
                valid_until: until,
            }),
        )?,
        PermitCmd::Reject { no, reason } => decide(c, no, PermitDecision::Reject { reason })?,
        PermitCmd::Extend { no, until } => decide(c, no, PermitDecision::Extend { until })?,
        PermitCmd::Withdraw { no, reason } => step(c, no, PermitStep::Withdraw { reason })?,
        PermitCmd::Finish { no } => step(c, no, PermitStep::Finish)?,
        PermitCmd::Inspect { no, pass, note, .. } => {
            step(c, no, PermitStep::Inspect { passed: pass, note })?
        }
        PermitCmd::PassBack { no, passes } => {
            let mut last = None;
            for pass in passes {
                last = Some(step(c, no.clone(), PermitStep::PassBack { pass })?);
            }
            let p = last.expect("clap requires at least one pass");
            return Printer::new(env, c).permit(&p, today);
        }
        PermitCmd::Occupied { no, since } => step(c, no, PermitStep::Occupied { since })?,
        PermitCmd::Neighbour { no, name } => step(c, no, PermitStep::NeighbourSigned { name })?,
        PermitCmd::Papers { no } => step(c, no, PermitStep::PapersBack)?,
        PermitCmd::FileComplete { no } => step(c, no, PermitStep::FileComplete)?,
        PermitCmd::Refund { no } => step(c, no, PermitStep::Refund)?,
    };
    Printer::new(env, c).permit(&p, today)
}

pub fn fees(env: &Env, c: &mut Client, cmd: FeesCmd) -> anyhow::Result<()> {
    let today = super::desk_today(c.welcome.utc_offset_minutes);
    let list = match cmd {
        FeesCmd::Import { file } => {
            let mut rows = super::fees_csv::read_arrears(&file)?;
            let n = rows.len();
            // Every chunk but the last is staged on this connection; the last one imports
            // them all in one commit, or nothing.
            let mut chunks: Vec<Vec<_>> = Vec::new();
            while rows.len() > super::fees_csv::CHUNK_ROWS {
                let rest = rows.split_off(super::fees_csv::CHUNK_ROWS);
                chunks.push(std::mem::replace(&mut rows, rest));
            }
            for chunk in chunks {
                c.send(req::FeesStage { rows: chunk })?;
            }
            let list = c.send(req::FeesImport { rows })?;
            eprintln!(
                "frontdesk: imported {n} arrears rows for {} units",
                list.len()
            );
            return Printer::new(env, c).arrears(&list);
        }
        FeesCmd::List { building } => c.send(req::FeesList { building })?,
        FeesCmd::Remind {
            unit,
            way,
            outcome,
            note,
        } => c.send(req::FeesRemind {
            unit,
            way,
            outcome: ReminderOutcome::parse(&outcome, today)?,
            note,
        })?,
        FeesCmd::Notice { unit, page } => {
            let list = c.send(req::FeesUnit { unit })?;
            let Some(a) = list.first().filter(|a| !a.items.is_empty()) else {
                anyhow::bail!("{unit} has no arrears in the last import; no notice to print");
            };
            let text = pages::payment_notice(a, today);
            if page.print || page.out.is_some() {
                return deliver(&text, &page, &format!("notice-{unit}.txt"));
            }
            print!("{text}");
            return Ok(());
        }
    };
    Printer::new(env, c).arrears(&list)
}
