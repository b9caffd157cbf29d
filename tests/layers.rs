//! Layering: every module of `src/` uses only modules declared before it, so stages run
//! one way (ingest -> segment -> targets/speaker -> classify -> calibrate -> pipeline ->
//! aggregate -> export, with eval and fit beside the run path) and no import cycle can
//! come back. Test modules (`#[cfg(test)]` to the end of a file) are not counted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The declared order, lowest first.
const ORDER: &[&str] = &[
    "error",
    "span",
    "country",
    "date",
    "cache",
    "lexicon",
    "nli",
    "corpus",
    "segment",
    "labels",
    "speaker",
    "targets",
    "classify",
    "calibrate",
    "pipeline",
    "aggregate",
    "record",
    "suggest",
    "eval",
    "eval_text",
    "eval_chart",
    "export",
    "merge",
    "resume",
    "fit",
    "cli",
    "app",
];

/// The files of module `m`: `src/m.rs` and everything under `src/m/`.
fn files_of(src: &Path, m: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let file = src.join(format!("{m}.rs"));
    if file.is_file() {
        out.push(file);
    }
    let mut dirs = vec![src.join(m)];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out
}

/// The crate modules a module's non-test code names (`crate::x`).
fn uses(src: &Path, m: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in files_of(src, m) {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != m {
                out.insert(name);
            }
        }
    }
    out
}

/// "m uses x" for every use of a module declared at or after `m`.
fn violations(src: &Path, ordered: &[String]) -> Vec<String> {
    let mut wrong = Vec::new();
    for (k, m) in ordered.iter().enumerate() {
        for used in uses(src, m) {
            // Crate-level items (`crate::Result`, `crate::Error`) are not modules.
            let Some(at) = ordered.iter().position(|o| *o == used) else {
                continue;
            };
            if at >= k {
                wrong.push(format!("{m} uses {used}"));
            }
        }
    }
    wrong
}

#[test]
fn modules_use_only_modules_declared_before_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let declared: Vec<String> = std::fs::read_to_string(src.join("lib.rs"))
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect();
    let mut ordered: Vec<String> = ORDER.iter().map(|s| s.to_string()).collect();
    ordered.retain(|m| declared.contains(m));
    let missing: Vec<&String> = declared.iter().filter(|m| !ordered.contains(m)).collect();
    assert!(
        missing.is_empty(),
        "modules missing from ORDER: {missing:?}"
    );
    let wrong = violations(&src, &ordered);
    assert!(
        wrong.is_empty(),
        "uses against the declared order: {wrong:#?}"
    );
}

/// The check finds a use that goes up the order, in a nested file, and ignores tests.
#[test]
fn a_use_up_the_order_is_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("segment")).unwrap();
    std::fs::write(dir.path().join("span.rs"), "use crate::error::Error;").unwrap();
    std::fs::write(
        dir.path().join("segment/lists.rs"),
        "fn f() { crate::pipeline::run(); }\n#[cfg(test)]\nmod t { use crate::app; }",
    )
    .unwrap();
    let order: Vec<String> = ["error", "span", "segment", "pipeline", "app"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(violations(dir.path(), &order), ["segment uses pipeline"]);
}
