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

/// RULES.md: every rule DOMAIN.md defines, once, with one of the four statuses; an enforced
/// or partial rule names the tests that prove it, and each of those exists; the "now" row
/// of the counts is what the table says.
#[test]
fn rules_md_lists_every_rule_with_its_status_and_tests_that_exist() {
    const STATUSES: [&str; 4] = ["enforced", "partial", "absent", "not enforceable"];
    let text = std::fs::read_to_string(root().join("RULES.md")).expect("RULES.md");
    let mut listed = Vec::new();
    let mut counts = [0usize; 4];
    let mut wrong = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| R-")) {
        let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let id = cells[0].trim_start_matches("| ").to_string();
        let (status, proof) = (cells[2], cells[3]);
        let Some(at) = STATUSES.iter().position(|s| *s == status) else {
            wrong.push(format!("{id}: status {status:?}"));
            continue;
        };
        counts[at] += 1;
        let tests: Vec<&str> = proof
            .split("<br>")
            .filter_map(|t| t.strip_prefix('`')?.strip_suffix('`'))
            .collect();
        if at < 2 && tests.is_empty() {
            wrong.push(format!("{id} is {status} but names no test"));
        }
        for t in tests {
            let Some((file, name)) = t.split_once("::") else {
                wrong.push(format!("{id}: {t} is not file::test"));
                continue;
            };
            let body = std::fs::read_to_string(root().join(file)).unwrap_or_default();
            if !body.contains(&format!("fn {name}(")) {
                wrong.push(format!("{id}: no test {name} in {file}"));
            }
        }
        listed.push(id);
    }
    assert!(wrong.is_empty(), "RULES.md:\n{wrong:#?}");
    let once: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(once.len(), listed.len(), "a rule listed twice");
    assert_eq!(once, defined(), "RULES.md lists other rules than DOMAIN.md");
    let now = format!("| now | {} |", counts.map(|n| n.to_string()).join(" | "));
    assert!(text.contains(&now), "RULES.md's counts should read {now}");
}
