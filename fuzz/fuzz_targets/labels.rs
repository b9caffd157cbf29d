//! Any text as the label files (five TOML texts split at NUL bytes, missing ones taken
//! from the shipped labels): loaded or reported; what loads runs the rule pipeline with
//! its invariants kept.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use std::path::Path;

use geostance::corpus::Article;
use geostance::labels::Labels;
use geostance::pipeline::{Options, Pipeline};
use libfuzzer_sys::fuzz_target;

const SHIPPED: [&str; 5] = [
    include_str!("../../labels/stance.toml"),
    include_str!("../../labels/targets.toml"),
    include_str!("../../labels/speakers.toml"),
    include_str!("../../labels/boilerplate.toml"),
    include_str!("../../labels/lexicon.toml"),
];

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = SHIPPED;
    for (i, part) in src.split('\0').take(5).enumerate() {
        if !part.is_empty() {
            files[i] = part;
        }
    }
    let loaded = Labels::parse(
        [files[0], files[1], files[2], files[3]],
        Some(files[4]),
        Path::new("labels"),
    );
    if let Ok(labels) = loaded {
        let n = labels.targets.len();
        if let Ok(p) = Pipeline::new(labels, None, Options::default()) {
            let a = p.structure(Article::new(
                "a",
                "WASHINGTON (AP) - The U.S. and China disagree, Mr. Li told reporters in Moscow.",
            ));
            if let Err(e) = invariants::check_article(&a, n) {
                panic!("{e}");
            }
        }
    }
});
