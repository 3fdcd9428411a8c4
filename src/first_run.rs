//! The first run of `frontdesk`, screen or scripted: an uninitialised desk gets its first
//! admin (single-user mode only), and with `--demo` an empty desk gets demo residents, their
//! past cases and the desk's paperwork. Over the typed client, like any other caller.

use crate::client::{Calls, Client, ClientError};
use crate::protocol::req;

/// Days of carried-through past cases `--demo` loads.
pub const DEMO_HISTORY_DAYS: u32 = 75;

/// What `set_up` did on a first run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetUp {
    /// The desk was new; the caller is now its admin.
    pub initialised: bool,
    /// Demo residents loaded into an empty desk.
    pub demo_loaded: u32,
}

/// The first run of `frontdesk` (screen or scripted): on an uninitialised desk, and only when
/// `may_init` (single-user mode; a shared box is set up by its admin with `frontdesk init`),
/// the caller becomes its admin; with `demo`, an empty desk gets that many demo residents.
/// Returns a connection as the (possibly new) admin.
pub fn set_up(
    connect: &dyn Fn() -> Result<Client, ClientError>,
    may_init: bool,
    demo: Option<u32>,
) -> Result<(Client, SetUp), ClientError> {
    let mut c = connect()?;
    let mut done = SetUp {
        initialised: false,
        demo_loaded: 0,
    };
    if !c.welcome.initialised && may_init {
        c.send(req::Init { name: "".into() })?;
        done.initialised = true;
        // Reconnect so the welcome names the new admin.
        c = connect()?;
    }
    if let Some(customers) = demo {
        if c.send(req::Stats {})?.customers == 0 {
            // Two months of past cases, so the Reports pane has a month to compare with.
            c.send(req::Demo {
                customers,
                seed: 1,
                history_days: DEMO_HISTORY_DAYS,
            })?;
            // And the desk's paperwork, so F8 has lists to work.
            let now = chrono::Utc::now();
            let today = crate::domain::local_time::local_day(now, c.welcome.utc_offset_minutes);
            crate::demo::paperwork::seed(&mut c, now, today, "demo-wanglei")?;
            done.demo_loaded = customers;
        }
    }
    Ok((c, done))
}
