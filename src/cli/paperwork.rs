//! `frontdesk release …`, `visitor …` and `loan …`: the desk's paperwork commands, each one
//! call to the daemon and its printing.

use anyhow::Context;

use super::args::{LoanCmd, ReleaseCmd, VisitorCmd};
use super::print::Printer;
use super::Env;
use crate::client::{Client, OfficeCalls};
use crate::domain::release::{Applicant, Scope, SlipDraft};
use crate::protocol::Request;

pub fn release(env: &Env, c: &mut Client, cmd: ReleaseCmd) -> anyhow::Result<()> {
    let request = match cmd {
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
            day,
            valid_days,
        } => {
            let applicant = match (proxy, attorney, tenant_owner_phone) {
                (Some(name), Some(attorney), _) => Applicant::Proxy { name, attorney },
                (_, _, Some(owner_phone)) => Applicant::Tenant { owner_phone },
                _ => Applicant::Owner,
            };
            let today = super::desk_today(c.welcome.utc_offset_minutes);
            Request::ReleaseIssue(SlipDraft {
                unit,
                customer,
                applicant,
                scope,
                lease_end,
                items,
                fee_receipt: receipt,
                day: day.unwrap_or(today),
                valid_days,
            })
        }
        ReleaseCmd::Print { no, page } => {
            let slip = c.slip(Request::ReleaseVerify { no })?;
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
            let slips = c.slips()?;
            return Printer::new(env, c).slips(&slips);
        }
        ReleaseCmd::Verify { no } => Request::ReleaseVerify { no },
        ReleaseCmd::Out { no, gate } => Request::ReleaseOut { no, gate },
        ReleaseCmd::Void { no, reason } => Request::ReleaseVoid { no, reason },
    };
    let full = match &request {
        Request::ReleaseIssue(d) if d.scope == Scope::Full => Some((d.unit, d.customer)),
        _ => None,
    };
    let slip = c.slip(request)?;
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
    let (request, csv) = match cmd {
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
            (Request::VisitorIn(draft), None)
        }
        VisitorCmd::Out { no } => (Request::VisitorOut { no }, None),
        VisitorCmd::List { day, csv } => (Request::VisitorList { day }, csv),
    };
    let list = c.visitors(request)?;
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
    let request = match cmd {
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
            Request::LoanOut {
                item,
                to,
                due,
                condition,
            }
        }
        LoanCmd::Back { no, condition } => Request::LoanBack { no, condition },
        LoanCmd::List => Request::LoanList,
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
            let request = Request::CoverSign {
                covering: covers,
                from: match from {
                    Some(f) => at(crate::domain::Field::From, &f)?,
                    None => chrono::Utc::now(),
                },
                until: at(crate::domain::Field::Until, &until)?,
                approved_by,
            };
            let list = c.covers(request)?;
            return Printer::new(env, c).covers(&list);
        }
        LoanCmd::Covers => {
            let list = c.covers(Request::CoverList)?;
            return Printer::new(env, c).covers(&list);
        }
    };
    let loans = c.loans(request)?;
    Printer::new(env, c).loans(&loans)
}
