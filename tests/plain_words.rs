//! Nothing internal on the screen or on paper (the third wave's rule): no rule id
//! (`R-OPS-07`) and no line of a source document (`000:589`) in any screen the snapshot
//! tests draw, in English or Chinese, nor on a printed page.

use std::path::Path;

fn internal_reference(t: &str) -> Option<String> {
    let rule = regex_free_find(t, |rest| {
        let letters = rest.bytes().take_while(u8::is_ascii_uppercase).count();
        (2..=5).contains(&letters)
            && rest.as_bytes().get(letters) == Some(&b'-')
            && rest
                .as_bytes()
                .get(letters + 1)
                .is_some_and(u8::is_ascii_digit)
    });
    if let Some(i) = rule {
        return Some(t[i..].chars().take(12).collect());
    }
    let b = t.as_bytes();
    (3..b.len().saturating_sub(1))
        .find(|&i| {
            b[i] == b':'
                && b[i - 3..i].iter().all(u8::is_ascii_digit)
                && (i < 4 || !b[i - 4].is_ascii_digit())
                && b[i + 1].is_ascii_digit()
        })
        .map(|i| String::from_utf8_lossy(&b[i - 3..(i + 5).min(b.len())]).into_owned())
}

/// Where `R-` is followed by what `rest_ok` accepts.
fn regex_free_find(t: &str, rest_ok: impl Fn(&str) -> bool) -> Option<usize> {
    t.match_indices("R-")
        .find(|(i, _)| rest_ok(&t[i + 2..]))
        .map(|(i, _)| i)
}

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
