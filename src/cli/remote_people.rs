//! The staff and resident subcommands that ask the daemon: each becomes one typed call,
//! its reply printed.

use super::args::{CustomerCmd, StaffCmd};
use super::print::{show, Printer};
use super::{group_staff, Env};
use crate::client::{Calls, Client};
use crate::domain::{CustomerEdit, NewCustomer, Staff};
use crate::protocol::req;

pub(super) fn staff(env: &Env, c: &mut Client, cmd: StaffCmd, _offset: i32) -> anyhow::Result<()> {
    match cmd {
        StaffCmd::Add {
            user,
            name,
            role,
            dept,
            uid,
            estates,
        } => {
            let add = req::StaffAdd {
                username: user.to_string(),
                name: name.to_string(),
                role,
                dept: dept.to_string(),
                uid,
            };
            one_or_each(env, c, estates, &user, true, move |c| {
                Ok(c.send(add.clone())?)
            })
        }
        StaffCmd::List if super::estates::spans(c) => group_staff::list(env, c),
        StaffCmd::List => show(c.send(req::StaffList {})?, env, c, Printer::staff_list),
        StaffCmd::Deactivate {
            user,
            reason,
            estates,
        } => {
            let off = req::StaffDeactivate {
                username: user.to_string(),
                reason: reason.to_string(),
            };
            one_or_each(env, c, estates, &user, false, move |c| {
                Ok(c.send(off.clone())?)
            })
        }
        StaffCmd::Reactivate {
            user,
            reason,
            estates,
        } => {
            let on = req::StaffReactivate {
                username: user.to_string(),
                reason: reason.to_string(),
            };
            one_or_each(env, c, estates, &user, false, move |c| {
                Ok(c.send(on.clone())?)
            })
        }
        StaffCmd::Set {
            user,
            role,
            dept,
            name,
            ext,
            reason,
            estates,
        } => {
            // A phone extension alone is set-up, not a change of standing: it needs no reason.
            let reason = match reason {
                Some(r) => r,
                None if role.is_none() && dept.is_none() && name.is_none() => {
                    crate::protocol::EXTENSION_REASON.to_string()
                }
                None => String::new(),
            };
            let set = req::StaffSet {
                username: user.to_string(),
                role,
                dept: dept.as_deref().map(String::from),
                name: name.as_deref().map(String::from),
                ext,
                reason,
            };
            one_or_each(env, c, estates, &user, false, move |c| {
                Ok(c.send(set.clone())?)
            })
        }
        StaffCmd::Handover { leaver, to, reason } => show(
            c.send(req::StaffHandover {
                leaver: leaver.to_string(),
                successor: to.to_string(),
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::handover,
        ),
    }
}

/// A staff change at the desk the command is for, or with `--estates` at each estate named.
fn one_or_each(
    env: &Env,
    c: &mut Client,
    estates: Option<String>,
    login: &str,
    adding: bool,
    mut send: impl FnMut(&mut Client) -> anyhow::Result<Staff>,
) -> anyhow::Result<()> {
    match estates {
        Some(which) => group_staff::change_at(env, c, &which, login, adding, send),
        None => {
            let staff = send(c)?;
            show(staff, env, c, Printer::staff)
        }
    }
}

pub(super) fn customer(
    env: &Env,
    c: &mut Client,
    cmd: CustomerCmd,
    _offset: i32,
) -> anyhow::Result<()> {
    match cmd {
        CustomerCmd::Add {
            name,
            phone,
            unit,
            tier,
            notes,
        } => show(
            c.send(req::CustomerAdd {
                customer: NewCustomer {
                    name,
                    phones: phone,
                    units: unit,
                    tier,
                    notes,
                },
            })?,
            env,
            c,
            Printer::customer,
        ),
        CustomerCmd::Find { query, limit } => show(
            c.send(req::CustomerFind {
                query: (query.join(" ")).to_string(),
                limit,
            })?,
            env,
            c,
            Printer::matches,
        ),
        CustomerCmd::Edit {
            id,
            name,
            add_phone,
            remove_phone,
            unit,
            notes,
            tier,
            reason,
        } => {
            // The edit is checked against the version read here: a colleague's edit in
            // between is a conflict naming the current version, not a silent overwrite.
            let seen = c.send(req::CustomerShow {
                id,
                reason: Some((format!("edit: {reason}")).to_string()),
            })?;
            let edit = CustomerEdit {
                name,
                add_phones: add_phone,
                remove_phones: remove_phone,
                units: (!unit.is_empty()).then_some(unit),
                notes,
                tier,
                reason,
            };
            show(
                c.send(req::CustomerEdit {
                    id,
                    base_version: Some(seen.customer.version),
                    edit,
                })?,
                env,
                c,
                Printer::customer,
            )
        }
        CustomerCmd::Merge { keep, drop, reason } => show(
            c.send(req::CustomerMerge {
                keep,
                drop,
                reason: reason.to_string(),
            })?,
            env,
            c,
            Printer::customer,
        ),
        CustomerCmd::Verify { id } => {
            let v = c.send(req::CustomerVerify { id })?;
            p!("{} verified {}", v.customer, v.at.format("%Y-%m-%d"));
            Ok(())
        }
        CustomerCmd::ToVerify { building, limit } => show(
            c.send(req::ToVerify { building, limit })?,
            env,
            c,
            Printer::to_verify,
        ),
        CustomerCmd::Duplicates { limit } => show(
            c.send(req::CustomerDuplicates { limit })?,
            env,
            c,
            Printer::duplicates,
        ),
        CustomerCmd::Show { id, reason } => show(
            c.send(req::CustomerShow {
                id,
                reason: reason.as_deref().map(String::from),
            })?,
            env,
            c,
            Printer::card,
        ),
    }
}
