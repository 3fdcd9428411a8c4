//! CSV import at scale: the real binary imports a file of N residents (deterministic demo
//! names, phones and units) into a fresh desk; prints
//! `import n=<N> seconds=<s> daemon_peak_rss_mib=<VmHWM> daemon_rss_after_mib=<VmRSS>`.
//!
//! `cargo bench --bench import`; FRONTDESK_IMPORT_SIZES=100000,1000000 picks the sizes
//! (default 100000). The import is staged on disk and applied in batches, so the daemon's
//! peak stays bounded whatever the file's size.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn status_mib(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap_or(0)
        >> 10
}

fn run(data: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run frontdesk");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::var("FRONTDESK_IMPORT_SIZES")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let file = dir.path().join("residents.csv");
        let mut w = csv::Writer::from_path(&file).expect("csv");
        w.write_record(["name", "phone", "unit", "tier"])
            .expect("header");
        for c in frontdesk::demo::residents(n, 7) {
            w.write_record([
                c.name.as_str(),
                &c.phones.join(";"),
                &c.units.join(";"),
                c.tier.as_str(),
            ])
            .expect("row");
        }
        w.flush().expect("flush");
        drop(w);
        std::fs::create_dir_all(&data).expect("data dir");
        let socket = data.join("frontdesk.sock");
        let mut daemon = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .arg("--data")
            .arg(&data)
            .arg("serve")
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn daemon");
        let started = Instant::now();
        while !socket.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "daemon did not start"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        run(&data, &["init"]);
        let t = Instant::now();
        run(
            &data,
            &["import", "customers", file.to_str().expect("utf-8 path")],
        );
        let seconds = t.elapsed().as_secs_f64();
        let peak = status_mib(daemon.id(), "VmHWM:");
        let after = status_mib(daemon.id(), "VmRSS:");
        let _ = daemon.kill();
        let _ = daemon.wait();
        println!(
            "import n={n} seconds={seconds:.1} daemon_peak_rss_mib={peak} daemon_rss_after_mib={after}"
        );
    }
}
