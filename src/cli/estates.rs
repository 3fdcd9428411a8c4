//! Commands that span the group's estates on the hotline's daemon: which estates a
//! `--estates` names, and a call made at each of them in turn (each estate's own rights
//! and rules apply, as if asked at that estate's desk).

use anyhow::Context;

use crate::client::Client;
use crate::domain::Estate;

/// Whether the daemon is the hotline's over several estates and the command named none:
/// then a listing spans them all.
pub(super) fn spans(c: &Client) -> bool {
    c.estate().is_none() && c.welcome.estates.len() > 1
}

/// The estates `which` names (`all`, or `DH01,XS02`) among those the daemon serves.
pub(super) fn named(c: &Client, which: &str) -> anyhow::Result<Vec<Estate>> {
    let served = &c.welcome.estates;
    if served.len() < 2 {
        anyhow::bail!(
            "estates: several estates are served by the hotline's daemon (`serve --postgres … --estates all`); this one serves {}",
            match served.first() {
                Some(e) => format!("estate {} only", e.code),
                None => "one desk on its own box".into(),
            }
        );
    }
    if which.trim() == "all" {
        return Ok(served.clone());
    }
    let mut asked = Vec::new();
    for code in which.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        match served.iter().find(|e| e.code == code) {
            Some(e) => asked.push(e.clone()),
            None => anyhow::bail!(
                "estates: `{}` is not an estate this hotline serves; use `all` or some of {}",
                crate::domain::text::printable(code),
                served
                    .iter()
                    .map(|e| e.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
    Ok(asked)
}

/// `call` at each estate in turn, the client's own estate put back afterwards whatever
/// happened. Stops at the first refusal, naming its estate: the estates before it keep what
/// was done there (each estate's write is its own), and running the command again finishes
/// the rest.
pub(super) fn at_each<T>(
    c: &mut Client,
    estates: &[Estate],
    mut call: impl FnMut(&mut Client, &Estate) -> anyhow::Result<T>,
) -> anyhow::Result<Vec<(Estate, T)>> {
    let kept = c.estate().map(str::to_string);
    let mut done = Vec::with_capacity(estates.len());
    for estate in estates {
        c.set_estate(Some(estate.code.clone()));
        let answer = call(c, estate).with_context(|| format!("estate {}", estate.code));
        c.set_estate(kept.clone());
        done.push((estate.clone(), answer?));
    }
    Ok(done)
}
