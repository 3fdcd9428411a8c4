//! The group's staff on the hotline's daemon. A person is one login across the group; each
//! estate keeps its own record of them (role, department, active), because rights, recusal
//! and every case's owner are an estate's and the database confines each estate's rows to
//! it. `--estates` makes one change at each estate named; `staff list` without `--estate`
//! shows each login once, with the estates they serve.

use std::collections::BTreeMap;

use serde::Serialize;

use super::estates;
use super::Env;
use crate::client::{Calls, Client};
use crate::domain::{Estate, Role, Staff};
use crate::protocol::req;

/// One person's record at one estate.
#[derive(Serialize)]
struct AtEstate {
    estate: String,
    role: Role,
    dept: String,
    active: bool,
}

/// A login of the group and the estates whose staff they are on.
#[derive(Serialize)]
struct GroupMember {
    username: String,
    name: String,
    uid: u32,
    estates: Vec<AtEstate>,
}

/// `staff list` across every estate the hotline serves the caller, one row per login.
pub(super) fn list(env: &Env, c: &mut Client) -> anyhow::Result<()> {
    let served = c.welcome.estates.clone();
    let lists = estates::at_each(c, &served, |c, _| Ok(c.send(req::StaffList {})?))?;
    let mut members: BTreeMap<String, GroupMember> = BTreeMap::new();
    for (estate, list) in lists {
        for s in list {
            let member = members
                .entry(s.username.clone())
                .or_insert_with(|| GroupMember {
                    username: s.username.clone(),
                    name: s.name.clone(),
                    uid: s.uid.0,
                    estates: Vec::new(),
                });
            member.estates.push(AtEstate {
                estate: estate.code.clone(),
                role: s.role,
                dept: s.dept,
                active: s.active,
            });
        }
    }
    let members: Vec<GroupMember> = members.into_values().collect();
    if env.json {
        p!("{}", serde_json::to_string_pretty(&members)?);
        return Ok(());
    }
    for m in &members {
        let at: Vec<String> = m
            .estates
            .iter()
            .map(|e| {
                let dept = if e.dept.is_empty() {
                    String::new()
                } else {
                    format!(" {}", e.dept)
                };
                let state = if e.active { "" } else { " (deactivated)" };
                format!("{} {}{dept}{state}", e.estate, e.role.as_str())
            })
            .collect();
        p!(
            "{:<16} {} {}",
            m.username,
            crate::domain::text::pad_to_width(&m.name, 10),
            at.join(", ")
        );
    }
    Ok(())
}

/// One staff change made at each estate `which` names. For a change to an existing
/// person, `all` means every estate that has them on its staff.
pub(super) fn change_at(
    env: &Env,
    c: &mut Client,
    which: &str,
    login: &str,
    adding: bool,
    mut send: impl FnMut(&mut Client) -> anyhow::Result<Staff>,
) -> anyhow::Result<()> {
    let mut asked = estates::named(c, which)?;
    if !adding && which.trim() == "all" {
        let lists = estates::at_each(c, &asked, |c, _| Ok(c.send(req::StaffList {})?))?;
        asked = lists
            .into_iter()
            .filter(|(_, list)| list.iter().any(|s| s.username == login))
            .map(|(e, _)| e)
            .collect();
        if asked.is_empty() {
            anyhow::bail!(
                "user: `{}` is on no estate's staff; add them with `staff add {} --estates …`",
                crate::domain::text::printable(login),
                crate::domain::text::printable(login)
            );
        }
    }
    let done = estates::at_each(c, &asked, |c, _| send(c))?;
    print_each(env, &done)
}

fn print_each(env: &Env, done: &[(Estate, Staff)]) -> anyhow::Result<()> {
    if env.json {
        // Each staff record as it prints alone, with its estate beside its fields.
        let mut rows = Vec::with_capacity(done.len());
        for (estate, s) in done {
            let mut row = serde_json::to_value(s)?;
            if let Some(fields) = row.as_object_mut() {
                fields.insert("estate".into(), estate.code.clone().into());
            }
            rows.push(row);
        }
        p!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    for (estate, s) in done {
        p!("{}  {}", estate.code, super::print::staff_line(s));
    }
    Ok(())
}
