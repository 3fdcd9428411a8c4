//! Power loss: the real daemon keeps its data dir on the forgetting filesystem
//! (`common/lazyfs.rs`) while four clients add, dispatch, resolve and record callbacks; at a
//! random moment the power is cut — unsynced bytes (and, in strict mode, unsynced directory
//! changes) are thrown away — and the daemon is SIGKILLed at the same instant. The
//! filesystem is mounted again and the daemon restarted, with no human in between. Then the
//! same checks as `tests/crash.rs`: every acknowledged write there exactly once, no
//! multi-tree change half-applied, a retried request id applied once.
//!
//! CI runs 20 rounds per mode. The long run: `FRONTDESK_POWER_ROUNDS=300 cargo test
//! --release --test power_loss -- --nocapture`; `FRONTDESK_POWER_SEED` replays a run. Skips,
//! saying why, where FUSE is unavailable.

mod common;
#[path = "common/lazyfs/mod.rs"]
mod lazyfs;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::path::PathBuf;
use std::time::Duration;

use common::crash_work::{
    connect, retry_and_verify, round_customer, verify_history, Tally, Workers,
};
use common::Daemon;
use frontdesk::domain::{NewCustomer, Tier};
use frontdesk::protocol::Request;
use lazyfs::{Mode, Mounted};

struct Spawned(std::process::Child);

impl Spawned {
    fn kill9(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Bench {
    _dir: tempfile::TempDir,
    backing: PathBuf,
    mnt: PathBuf,
    socket: PathBuf,
    logs: PathBuf,
    mode: Mode,
}

impl Bench {
    fn data(&self) -> PathBuf {
        self.mnt.join("desk")
    }

    fn mount(&self) -> Mounted {
        Mounted::mount(&self.backing, &self.mnt, self.mode).expect("mount lazyfs")
    }

    /// The daemon, not waited for (to be cut while it starts).
    fn spawn(&self, round: u64) -> Spawned {
        let log = self.logs.join(format!("daemon-{round}-early.log"));
        let child = std::process::Command::new(common::bin())
            .arg("--data")
            .arg(self.data())
            .arg("--socket")
            .arg(&self.socket)
            .arg("serve")
            .stderr(std::fs::File::create(log).expect("log"))
            .spawn()
            .expect("spawn daemon");
        Spawned(child)
    }

    /// Starts the daemon on the mounted data dir; a store it cannot open fails the round.
    fn start(&self, round: u64) -> Daemon {
        let log = self.logs.join(format!("daemon-{round}.log"));
        Daemon::try_start(&self.data(), &self.socket, &[], &log).unwrap_or_else(|e| {
            // Keep the store sled could not open, for whoever looks into it.
            if let Ok(keep) = std::env::var("FRONTDESK_POWER_KEEP") {
                let _ = std::process::Command::new("cp")
                    .args(["-a"])
                    .arg(&self.backing)
                    .arg(&keep)
                    .status();
            }
            panic!("power_loss mode={} round {round}: {e}", self.mode.name())
        })
    }
}

fn setup(mode: Mode) -> Option<Bench> {
    if let Some(why) = lazyfs::unavailable() {
        eprintln!("power_loss: skipped: {why}");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = Bench {
        backing: dir.path().join("backing"),
        mnt: dir.path().join("mnt"),
        socket: dir.path().join("frontdesk.sock"),
        logs: dir.path().join("logs"),
        _dir: dir,
        mode,
    };
    for d in [&b.backing, &b.mnt, &b.logs] {
        std::fs::create_dir_all(d).unwrap();
    }
    // The data dir and its policy exist, durably, before the first mount: reconnecting
    // clients after each cut must not meet the per-user connection cap.
    common::lift_limits(&b.backing.join("desk"));
    if let Err(e) = Mounted::mount(&b.backing, &b.mnt, mode) {
        eprintln!("power_loss: skipped: cannot mount FUSE here: {e}");
        return None;
    }
    Some(b)
}

fn run(mode: Mode) {
    let Some(bench) = setup(mode) else {
        return;
    };
    let rounds = common::env_u64("FRONTDESK_POWER_ROUNDS", 20);
    let seed = common::env_u64("FRONTDESK_POWER_SEED", fastrand::u64(..));
    eprintln!(
        "power_loss mode={}: {rounds} rounds, FRONTDESK_POWER_SEED={seed}",
        mode.name()
    );
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut fs = bench.mount();
    let mut daemon = bench.start(0);
    connect(&bench.socket)
        .send(req::Init {
            name: "测试".into(),
        })
        .unwrap();

    let mut history = Vec::new();
    let mut tally = Tally::default();
    let (mut cut_bytes, mut undone, mut fsyncs) = (0, 0, 0);
    for round in 0..rounds {
        let customer = round_customer(&bench.socket, round);
        let workers = Workers::start(&bench.socket, customer, round, &mut rng);
        std::thread::sleep(Duration::from_millis(rng.u64(30..300)));
        // The power goes: the disk forgets what was not synced, the daemon dies with it.
        let cut = fs.cut();
        daemon.kill9();
        cut_bytes += cut.unsynced_bytes;
        undone += cut.undone_dir_ops;
        fsyncs += fs.fsyncs();
        let logs = workers.finish();
        fs.unmount();

        fs = bench.mount();
        if round % 4 == 3 {
            // A cut during start-up itself: sled's recovery writes a new snapshot, renames
            // it into place and removes the old one, and the store syncs its directories.
            let early = bench.spawn(round + 1);
            std::thread::sleep(Duration::from_millis(rng.u64(0..60)));
            let cut = fs.cut();
            undone += cut.undone_dir_ops;
            early.kill9();
            fs.unmount();
            fs = bench.mount();
        }
        daemon = bench.start(round + 1);
        let mut c = connect(&bench.socket);
        history.push(retry_and_verify(&mut c, customer, logs, &mut tally));
    }
    let last = verify_history(&mut connect(&bench.socket), &history);
    drop(daemon);
    println!(
        "power_loss mode={} rounds={rounds} acked={} missing={} duplicated={} half_applied={} retried={} final_missing={} cut_unsynced_bytes={cut_bytes} undone_dir_ops={undone} fsyncs={fsyncs}",
        mode.name(),
        tally.acked,
        tally.missing,
        tally.duplicated,
        tally.half_applied,
        tally.retried,
        last.missing,
    );
    assert!(
        tally.acked > rounds,
        "too little work to prove anything: {tally:?}"
    );
    assert_eq!(
        (tally.missing, tally.duplicated, tally.half_applied),
        (0, 0, 0),
        "mode={}: {tally:?}",
        mode.name()
    );
    assert_eq!(
        (last.missing, last.duplicated, last.half_applied),
        (0, 0, 0),
        "mode={}: {last:?}",
        mode.name()
    );
}

#[test]
fn acknowledged_writes_survive_a_power_cut_data_mode() {
    run(Mode::Data);
}

#[test]
fn acknowledged_writes_survive_a_power_cut_strict_mode() {
    run(Mode::Strict);
}

/// The "fsyncgate" case on a real filesystem: the disk fails one fsync with EIO. The daemon
/// must not retry it (the failed pages may already be gone) and must acknowledge nothing
/// more until restarted; what it acknowledged before is all there after a restart.
#[test]
fn an_fsync_that_fails_with_eio_stops_the_daemon_acknowledging() {
    let Some(bench) = setup(Mode::Data) else {
        return;
    };
    let fs = bench.mount();
    let mut daemon = bench.start(0);
    let mut c = connect(&bench.socket);
    c.send(req::Init {
        name: "测试".into(),
    })
    .unwrap();
    let customer = round_customer(&bench.socket, 0);
    fs.fail_next_fsync();
    let add = |name: &str| {
        Request::CustomerAdd(req::CustomerAdd {
            customer: NewCustomer {
                name: name.into(),
                phones: vec!["13900009999".into()],
                units: vec!["3-2-1102".into()],
                tier: Tier::General,
                notes: String::new(),
            },
        })
    };
    let refused = connect(&bench.socket).call(add("失败"));
    let e = refused.expect_err("a write whose fsync failed is not acknowledged");
    assert!(e.to_string().contains("NOT saved"), "{e}");
    // Fail-stop: the next write is refused without touching the disk; reads still work.
    let again = connect(&bench.socket).call(add("再试"));
    assert!(again.is_err(), "{again:?}");
    let mut reader = connect(&bench.socket);
    assert_eq!(
        common::crash_work::card(&mut reader, customer).customer.id,
        customer
    );
    daemon.kill9();
    drop(fs);
    let _fs = bench.mount();
    let _daemon = bench.start(1);
    let mut c = connect(&bench.socket);
    assert_eq!(
        common::crash_work::card(&mut c, customer).customer.id,
        customer
    );
}
