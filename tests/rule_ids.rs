//! Citations that are true: every rule id named in the code, its comments and its tests
//! (`R-INT-07`, both ends of `R-INT-01..12`, each of `R-OPS-07/08`) is one DOMAIN.md
//! defines. The defined ids are kept in `tests/fixtures/domain_rule_ids.txt`, checked
//! against `../shared/DOMAIN.md` whenever that file is beside the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn defined() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/domain_rule_ids.txt")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every id `text` cites: `R-OPS-07`, and the shorthand `R-OPS-07/08` or `R-INT-01..12`
/// naming another id of the same group by its number.
fn cited(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find("R-").map(|a| a + i) {
        i = at + 2;
        let group: String = text[i..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .collect();
        let after = i + group.len();
        if group.is_empty() || bytes.get(after) != Some(&b'-') {
            continue;
        }
        let digits = |from: usize| -> String {
            text[from..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect()
        };
        let first = digits(after + 1);
        if first.is_empty() {
            continue;
        }
        out.push(format!("R-{group}-{first}"));
        let mut end = after + 1 + first.len();
        // `/08` or `..12`: more of the same group.
        loop {
            let rest = &text[end..];
            let skip = if rest.starts_with('/') {
                1
            } else if rest.starts_with("..") {
                2
            } else {
                break;
            };
            let more = digits(end + skip);
            if more.is_empty() {
                break;
            }
            out.push(format!("R-{group}-{more}"));
            end += skip + more.len();
        }
        i = end;
    }
    out
}

#[test]
fn every_rule_id_the_code_and_tests_cite_is_one_domain_md_defines() {
    let defined = defined();
    assert!(defined.len() > 80, "only {} ids on file", defined.len());
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    rust_files(&root().join("benches"), &mut files);
    let mut wrong = Vec::new();
    let mut seen = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for id in cited(line) {
                seen += 1;
                if !defined.contains(&id) {
                    wrong.push(format!("{}:{}: {id}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(seen > 200, "only {seen} citations found");
    assert!(
        wrong.is_empty(),
        "ids DOMAIN.md does not define:\n{wrong:#?}"
    );
}

/// The copy is what DOMAIN.md defines now, when DOMAIN.md is beside the repository.
#[test]
fn the_copy_of_the_defined_ids_matches_domain_md() {
    let Ok(doc) = std::fs::read_to_string(root().join("../shared/DOMAIN.md")) else {
        eprintln!("SKIPPED: ../shared/DOMAIN.md is not beside this clone");
        return;
    };
    let in_doc: BTreeSet<String> = doc
        .split("**")
        .filter(|part| part.starts_with("R-") && cited(part).len() == 1 && cited(part)[0] == *part)
        .map(str::to_string)
        .collect();
    assert_eq!(in_doc, defined());
}

#[test]
fn the_finder_reads_the_shorthands() {
    assert_eq!(cited("(R-OPS-07/08)"), ["R-OPS-07", "R-OPS-08"]);
    assert_eq!(
        cited("R-INT-01..12 and R-CB-01"),
        ["R-INT-01", "R-INT-12", "R-CB-01"]
    );
    assert!(cited("R-T2611 P-1").is_empty());
}
