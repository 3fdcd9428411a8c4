//! The layers, checked on the source: the screen never reaches past the client into the
//! daemon or the store (nor into the test kit), and the domain imports no IO. A single crate
//! keeps the build small; this test is what stops a layer from leaking (see README "How it
//! is built").

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Every line of `dir`'s sources that mentions one of `forbidden`, as `file:line: text`.
fn offending(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut hits = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if forbidden.iter().any(|f| code.contains(f)) {
                hits.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    hits
}

#[test]
fn the_screen_imports_neither_the_daemon_nor_the_store_nor_the_test_kit() {
    let hits = offending(
        "src/tui",
        &["crate::server", "crate::store", "crate::testkit", "sled::"],
    );
    assert!(
        hits.is_empty(),
        "the TUI reaches past the client:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_cli_reaches_the_daemon_only_through_the_client() {
    let hits = offending("src/cli", &["crate::store", "crate::tui::link", "sled::"]);
    assert!(
        hits.is_empty(),
        "the CLI reaches past the client:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_domain_imports_no_io() {
    let hits = offending(
        "src/domain",
        &[
            "sled",
            "ratatui",
            "crossterm",
            "std::fs",
            "std::net",
            "std::io",
            "std::os",
            "std::process",
            "std::thread",
            "Utc::now",
            "crate::store",
            "crate::server",
            "crate::client",
            "crate::protocol",
            "crate::tui",
            "crate::cli",
        ],
    );
    assert!(hits.is_empty(), "the domain does IO:\n{}", hits.join("\n"));
}

/// Issue 23: no file depends on itself through others (`contrib/import_circles.py` says how
/// a dependency is read: paths named, re-exports followed, a macro's paths its invokers').
#[test]
fn no_import_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(root.join("contrib/import_circles.py"))
        .arg(root.join("src"))
        .output()
        .expect("python3 runs contrib/import_circles.py (.ci/run installs it)");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.starts_with("no import circle among"), "{said}");
}
