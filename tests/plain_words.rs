//! Nothing internal on the screen or on paper (the third wave's rule): no rule id
//! (`R-OPS-07`) and no line of a source document (`000:589`) in any screen the snapshot
//! tests draw, in English or Chinese, nor on a printed page.

use std::path::Path;

use frontdesk::domain::text::internal_reference;

#[test]
fn no_snapshot_of_a_screen_or_a_page_shows_a_rule_id_or_a_source_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The snapshot's header names the test's source file and expression.
        let body = text.split_once("\n---\n").map_or(text.as_str(), |(_, b)| b);
        if let Some(found) = internal_reference(body) {
            panic!("{} shows `{found}`", path.display());
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
