//! `frontdesk release …`, `visitor …` and `loan …`: the desk's paperwork commands, each one
//! call to the daemon and its printing.

use crate::protocol::req;
use anyhow::Context;

use super::args::{LoanCmd, ReleaseCmd, VisitorCmd};
use super::print::Printer;
use super::Env;
use crate::client::{Calls, Client};
use crate::domain::release::{Applicant, Scope, SlipDraft};

pub fn release(env: &Env, c: &mut Client, cmd: ReleaseCmd) -> anyhow::Result<()> {
    let mut full = None;
    let slip = match cmd {
        ReleaseCmd::Issue {
            unit,
            customer,
            scope,
            items,
            receipt,
            lease_end,
            proxy,
            attorney,
            tenant_owner_phone,
            id_number,
            waive_arrears,
            day,
            valid_days,
        } => {
            let applicant = match (proxy, attorney, tenant_owner_phone) {
                (Some(name), Some(attorney), _) => Applicant::Proxy { name, attorney },
                (_, _, Some(owner_phone)) => Applicant::Tenant { owner_phone },
                _ => Applicant::Owner,
            };
            let today = super::desk_today(c.welcome.utc_offset_minutes);
            let draft = SlipDraft {
                unit,
                customer,
                applicant,
                scope,
                lease_end,
                items,
                fee_receipt: receipt,
                id_number,
                waive_arrears,
                day: day.unwrap_or(today),
                valid_days,
            };
            full = (draft.scope == Scope::Full).then_some((draft.unit, draft.customer));
            c.send(req::ReleaseIssue { draft })?
        }
        ReleaseCmd::Print { no, page } => {
            let slip = c.send(req::ReleaseVerify { no })?;
            let printer = Printer::new(env, c);
            let (who, offset_minutes) = printer.page_names();
            let names = crate::pages::Names {
                who: Box::new(who),
                offset_minutes,
            };
            let text = crate::pages::release_slip(&slip.0, &names);
            if !page.print && page.out.is_none() {
                print!("{text}");
                return Ok(());
            }
            return super::permits::deliver(&text, &page, &format!("slip-{}.txt", slip.0.no));
        }
        ReleaseCmd::List => {
            let slips = c.send(req::ReleaseList {})?;
            return Printer::new(env, c).slips(&slips);
        }
        ReleaseCmd::Verify { no } => c.send(req::ReleaseVerify { no })?,
        ReleaseCmd::Out { no, gate } => c.send(req::ReleaseOut { no, gate })?,
        ReleaseCmd::Void { no, reason } => c.send(req::ReleaseVoid { no, reason })?,
    };
    Printer::new(env, c).slip(&slip)?;
    if let Some((unit, customer)) = full {
        // R-REC-03: the move-out itself is the occupant's record, made when they have gone.
        eprintln!(
            "frontdesk: note: a full move-out; once they have left, record it: frontdesk unit move-out {unit} --customer {customer} --reason …"
        );
    }
    Ok(())
}

pub fn visitor(env: &Env, c: &mut Client, cmd: VisitorCmd) -> anyhow::Result<()> {
    let (list, csv) = match cmd {
        VisitorCmd::In {
            unit,
            name,
            phone,
            party,
            plate,
            reason,
            card,
        } => {
            let draft = crate::domain::visitor::VisitorDraft {
                host_unit: Some(unit),
                name,
                phone,
                party,
                plate,
                reason,
                card,
            };
            (c.send(req::VisitorIn { draft })?, None)
        }
        VisitorCmd::Out { no } => (c.send(req::VisitorOut { no })?, None),
        VisitorCmd::List { day, csv } => (c.send(req::VisitorList { day })?, csv),
    };
    let printer = Printer::new(env, c);
    match csv {
        Some(path) => {
            std::fs::write(&path, printer.visitors_csv(&list)?)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "frontdesk: wrote {} visitors to {}",
                list.len(),
                path.display()
            );
            Ok(())
        }
        None => printer.visitors(&list),
    }
}

pub fn loan(env: &Env, c: &mut Client, cmd: LoanCmd) -> anyhow::Result<()> {
    let loans = match cmd {
        LoanCmd::Out {
            item,
            to,
            until,
            condition,
        } => {
            let offset = c.welcome.utc_offset_minutes;
            let today = super::desk_today(offset);
            let due = crate::domain::local_time::parse_time_on(
                crate::domain::Field::Until,
                &until,
                offset,
                Some(today),
            )?;
            c.send(req::LoanOut {
                item,
                to,
                due,
                condition,
            })?
        }
        LoanCmd::Back { no, condition } => c.send(req::LoanBack { no, condition })?,
        LoanCmd::List => c.send(req::LoanList {})?,
        LoanCmd::Cover {
            covers,
            from,
            until,
            approved_by,
        } => {
            let offset = c.welcome.utc_offset_minutes;
            let today = super::desk_today(offset);
            let at = |field, s: &str| {
                crate::domain::local_time::parse_time_on(field, s, offset, Some(today))
            };
            let request = req::CoverSign {
                covering: covers,
                from: match from {
                    Some(f) => at(crate::domain::Field::From, &f)?,
                    None => chrono::Utc::now(),
                },
                until: at(crate::domain::Field::Until, &until)?,
                approved_by,
            };
            let list = c.send(request)?;
            return Printer::new(env, c).covers(&list);
        }
        LoanCmd::CoverOk { leaving } => {
            let list = c.send(req::CoverConfirm { leaving })?;
            return Printer::new(env, c).covers(&list);
        }
        LoanCmd::Covers => {
            let list = c.send(req::CoverList {})?;
            return Printer::new(env, c).covers(&list);
        }
    };
    Printer::new(env, c).loans(&loans)
}
