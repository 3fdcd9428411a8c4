//! `frontdesk serve`: the daemon's start-up. Opens the store (one daemon per data dir), binds
//! the socket (or takes the one systemd passes), and serves until killed; exits by itself
//! when its socket file is removed. Also the offline restore, the other command that opens
//! a store itself.

use std::path::{Path, PathBuf};

use super::{bind_socket, refuse_if_served, Desk, Server};

/// The daemon's log on stderr (journald under systemd; `daemon.log` in the data dir when a
/// client started the daemon): timestamps, levels, and a filter from `FRONTDESK_LOG`
/// (`info` by default; `FRONTDESK_LOG=frontdesk=debug` says more).
fn start_log() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FRONTDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Where the daemon keeps the desk: the embedded store in the data dir (the default), or one
/// estate on a group's PostgreSQL database.
pub enum Backend {
    Sled {
        cache_mib: u64,
        min_free_mib: u64,
    },
    Postgres {
        conninfo: String,
        estate: String,
    },
    /// The group hotline's daemon: `estates` is `CODE,CODE` or `all`.
    Hotline {
        conninfo: String,
        estates: String,
    },
}

/// `frontdesk estate add`: a code of letters, digits, `-` and `_`, and a name.
pub fn estate_add(conninfo: &str, code: &str, name: &str) -> anyhow::Result<()> {
    let code = code.trim();
    if code.is_empty()
        || code.len() > 16
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        anyhow::bail!(
            "code: `{}` is not an estate code; use up to 16 letters, digits, `-` or `_`, e.g. DH01",
            crate::domain::text::printable(code)
        );
    }
    let name = crate::domain::text::required_text(crate::domain::Field::Name, name, 200)
        .map_err(|e| anyhow::anyhow!("name: {e}"))?;
    crate::store::PostgresStore::add_estate(conninfo, code, &name)?;
    Ok(())
}

/// `frontdesk estate grant CODE --role ROLE`: the role may serve the estate, and only the
/// estates granted to it (row-level security).
pub fn estate_grant(conninfo: &str, code: &str, role: &str) -> anyhow::Result<()> {
    let role = role.trim();
    let plain = role.len() <= 63
        && role.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && role
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !plain {
        anyhow::bail!(
            "role: `{}` is not a plain database role name; use lower-case letters, digits and `_`, starting with a letter",
            crate::domain::text::printable(role)
        );
    }
    crate::store::PostgresStore::grant_estate(conninfo, code.trim(), role)?;
    Ok(())
}

/// `frontdesk estate list`: (code, name), by code.
pub fn estate_list(conninfo: &str) -> anyhow::Result<Vec<(String, String)>> {
    Ok(crate::store::PostgresStore::estates(conninfo)?)
}

/// `frontdesk serve`: open the store (one daemon per data dir), bind the socket (or take the
/// one systemd passes), and serve until killed. Every acknowledged write is already durable,
/// so being killed at any moment loses nothing that was acknowledged.
pub fn serve(data: &Path, socket: &Path, backend: Backend) -> anyhow::Result<()> {
    use anyhow::Context;
    start_log();
    use std::os::unix::fs::PermissionsExt;
    let new = !data.exists();
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    if new {
        // The data dir's own entry, durable before anything in it is acknowledged.
        if let Some(parent) = data.parent() {
            crate::store::sync_dir(parent)
                .with_context(|| format!("fsync of {}", parent.display()))?;
        }
    }
    std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("restricting {} to its owner", data.display()))?;
    let policy_path = data.join("policy.toml");
    let mut policy = match std::fs::read_to_string(&policy_path) {
        Ok(text) => crate::domain::Policy::from_toml(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", policy_path.display()))?,
        Err(_) => crate::domain::Policy::default(),
    };
    policy.calendar = std::sync::Arc::new(load_calendar(data)?);
    policy.categories = std::sync::Arc::new(load_categories(data)?);
    let mut fds = listenfd::ListenFd::from_env();
    let inherited = fds.take_unix_listener(0)?;
    if inherited.is_none() {
        // Say "already running" before the store lock would say "in use".
        refuse_if_served(socket)?;
    }
    if let Backend::Hotline { conninfo, estates } = &backend {
        let hotline = open_hotline(data, conninfo, estates, &policy)?;
        let listener = match inherited {
            Some(l) => l,
            None => {
                let l = bind_socket(socket)?;
                exit_when_socket_removed(socket);
                l
            }
        };
        let codes: Vec<String> = hotline.estates().into_iter().map(|e| e.code).collect();
        tracing::info!(
            "serving the hotline for {} on {}",
            codes.join(", "),
            socket.display()
        );
        hotline.serve(listener)?;
        return Ok(());
    }
    let desk = match backend {
        Backend::Sled {
            cache_mib,
            min_free_mib,
        } => {
            let config = crate::store::StoreConfig {
                cache_bytes: cache_mib << 20,
                min_free_bytes: min_free_mib << 20,
            };
            Desk::open(data, config, policy)?
        }
        Backend::Postgres { conninfo, estate } => {
            let store = crate::store::PostgresStore::open(&conninfo, &estate)
                .with_context(|| format!("opening estate {estate} on the database"))?;
            Desk::on(Box::new(store), policy, data)?
        }
        Backend::Hotline { .. } => unreachable!("served above"),
    };
    // What the store holds after whatever stopped the last daemon (a kill, a power cut):
    // sled replayed its log to the last durable commit; this is where that left the desk.
    tracing::info!("{}", desk.recovered());
    let listener = match inherited {
        Some(l) => l,
        None => {
            let l = bind_socket(socket)?;
            exit_when_socket_removed(socket);
            l
        }
    };
    tracing::info!("serving {} on {}", data.display(), socket.display());
    Server::new(desk).serve(listener)?;
    Ok(())
}

/// The hotline's desks: `estates` (`CODE,CODE` or `all`) opened on the group's database,
/// each keeping what a desk keeps on disk (its access log) under `data/CODE`.
fn open_hotline(
    data: &Path,
    conninfo: &str,
    estates: &str,
    policy: &crate::domain::Policy,
) -> anyhow::Result<crate::server::Hotline> {
    use anyhow::Context;
    let known = crate::store::PostgresStore::estates(conninfo)?;
    let codes: Vec<String> = if estates.trim() == "all" {
        known.iter().map(|(code, _)| code.clone()).collect()
    } else {
        estates
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    if codes.is_empty() {
        anyhow::bail!(
            "estates: the database has no estates yet; add them with `frontdesk estate add CODE --name NAME`"
        );
    }
    if let Some(code) = codes.iter().find(|c| !known.iter().any(|(k, _)| k == *c)) {
        anyhow::bail!(
            "estates: the database has no estate `{}`; see `frontdesk estate list`",
            crate::domain::text::printable(code)
        );
    }
    let stores = crate::store::PostgresStore::open_group(conninfo, &codes)
        .context("opening the estates on the database")?;
    let mut desks = Vec::new();
    for (code, store) in codes.iter().zip(stores) {
        let dir = data.join(code);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        desks.push(Desk::on(Box::new(store), policy.clone(), &dir)?);
    }
    crate::server::Hotline::new(desks)
}

/// The data dir's `name`, with the shipped default written there first when the dir has none
/// (a new desk, or one from before the file existed) so the admin has a file to edit.
fn read_or_write_default(
    data: &Path,
    name: &str,
    shipped: &str,
) -> anyhow::Result<(PathBuf, String)> {
    use anyhow::Context;
    use std::io::Write;
    let path = data.join(name);
    if !path.exists() {
        let tmp = data.join(format!("{name}.new"));
        let mut f =
            std::fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
        f.write_all(shipped.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        crate::store::sync_dir(data)?;
        tracing::info!("wrote the default {name} to {}", path.display());
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok((path, text))
}

/// Reads `categories.toml` from the data dir (the shipped list when missing). A bad file
/// stops the daemon saying which entry is at fault.
pub fn load_categories(data: &Path) -> anyhow::Result<crate::domain::category::CategoryList> {
    let (path, text) =
        read_or_write_default(data, "categories.toml", crate::domain::category::SHIPPED)?;
    crate::domain::category::CategoryList::parse(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Reads `calendar.toml` from the data dir (the shipped default when missing). A bad file
/// stops the daemon with the line at fault; a year the calendar does not cover (this one or
/// the next) is logged, since its deadlines count Monday–Friday only.
pub fn load_calendar(data: &Path) -> anyhow::Result<crate::domain::WorkCalendar> {
    use chrono::Datelike;
    let (path, text) =
        read_or_write_default(data, "calendar.toml", crate::domain::calendar::SHIPPED)?;
    let calendar = crate::domain::WorkCalendar::parse(&text)
        .map_err(|e| anyhow::anyhow!("{} {e}", path.display()))?;
    let this_year = chrono::Utc::now().year();
    for year in [this_year, this_year + 1] {
        if !calendar.covers(year) {
            tracing::warn!(
                "{} has no [{year}] schedule; {year} counts Monday–Friday less 1 Jan, 1–2 May and 1–3 Oct until the State Council's notice is added",
                path.display()
            );
        }
    }
    Ok(calendar)
}

/// `frontdesk restore DIR --into NEW`: rebuilds a store from an export, offline (no daemon
/// may hold it yet), after checking every file against the export's manifest.
pub fn restore(dir: &Path, into: &Path) -> anyhow::Result<crate::store::export::Manifest> {
    let (manifest, _store) = crate::store::export::restore(dir, &into.join("store"))?;
    Ok(manifest)
}

/// `frontdesk restore DIR --postgres CONNINFO --estate CODE`: an exported desk into a new
/// estate on the group's database, verified first, in one transaction.
pub fn restore_to_postgres(
    dir: &Path,
    conninfo: &str,
    estate: &str,
) -> anyhow::Result<crate::store::export::Manifest> {
    let mut store = crate::store::PostgresStore::open(conninfo, estate)?;
    Ok(crate::store::export::restore_into(dir, &mut store)?)
}

/// A daemon whose socket file is removed (its data dir deleted, or another daemon took the
/// path) can never be reached again; it exits instead of lingering. Exiting at any moment is
/// safe: every acknowledged write is already durable. (With systemd socket activation the
/// socket belongs to systemd and is not watched.)
fn exit_when_socket_removed(socket: &Path) {
    use std::os::unix::fs::MetadataExt;
    let Ok(ours) = std::fs::metadata(socket).map(|m| m.ino()) else {
        return;
    };
    let socket = socket.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("socket-watch".into())
        .spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(2));
            let still_ours = std::fs::metadata(&socket).is_ok_and(|m| m.ino() == ours);
            if !still_ours {
                tracing::warn!(
                    "{} was removed or replaced; nobody can reach this daemon, exiting",
                    socket.display()
                );
                std::process::exit(0);
            }
        });
}
