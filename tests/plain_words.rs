//! Nothing internal on the screen or on paper (the third wave's rule): no rule id
//! (`R-OPS-07`) and no line of a source document (`000:589`) in any screen the snapshot
//! tests draw, in English or Chinese, nor on a printed page.

mod common;

use std::path::Path;

use common::screen::latin_sentence;
use frontdesk::domain::text::internal_reference;

/// Each snapshot file's body (after insta's header), with its name.
fn snapshots() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The snapshot's header names the test's source file and expression.
        let body = text.split_once("\n---\n").map_or(text.as_str(), |(_, b)| b);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, body.to_string()));
    }
    out
}

/// Every Chinese screen kept as a snapshot (`*zh*.snap`, from whichever test drew it):
/// no English sentence, only names, codes, units and key names in Latin letters.
#[test]
fn no_chinese_screen_kept_as_a_snapshot_shows_an_english_sentence() {
    let mut checked = 0;
    for (name, body) in snapshots() {
        if !name.contains("zh") {
            continue;
        }
        // A row of a drawn screen is quoted; insta's note of wide symbols follows it.
        let rows: Vec<&str> = body
            .lines()
            .map(|l| l.split("\" Hidden by").next().unwrap_or(l))
            .collect();
        if let Some(found) = latin_sentence(&rows.join("\n")) {
            panic!("{name} shows `{found}`");
        }
        checked += 1;
    }
    assert!(checked > 25, "only {checked} Chinese snapshots found");
}

#[test]
fn no_snapshot_of_a_screen_or_a_page_shows_a_rule_id_or_a_source_line() {
    let mut checked = 0;
    for (name, body) in snapshots() {
        if let Some(found) = internal_reference(&body) {
            panic!("{name} shows `{found}`");
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} snapshots found");
}

#[test]
fn the_finder_finds_what_it_must() {
    assert!(internal_reference("装修备案申请（R-OPS-07）").is_some());
    assert!(internal_reference("资料：齐全（000:589-603）").is_some());
    assert!(internal_reference("2026-12-05 17:07  R2611-0007  T2612-0001").is_none());
}
