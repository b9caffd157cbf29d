//! Any UTF-8 text through the rule pipeline up to classification (segment, boilerplate,
//! mentions, speakers, cue words): spans keep their invariants.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use std::sync::OnceLock;

use geostance::corpus::Article;
use geostance::labels::Labels;
use geostance::pipeline::{Options, Pipeline};
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Labels::builtin().unwrap(), None, Options::default()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let p = pipeline();
        let a = p.structure(Article::new("fuzz", text));
        if let Err(e) = invariants::check_article(&a, p.labels.targets.len()) {
            panic!("{e}");
        }
    }
});
