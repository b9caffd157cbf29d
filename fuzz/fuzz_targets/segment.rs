//! Any bytes that are UTF-8: units sorted, non-overlapping, trimmed, on char boundaries,
//! covering the text.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use std::sync::OnceLock;

use geostance::labels::Labels;
use geostance::segment::{segment, BoilerplateRules};
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static BoilerplateRules {
    static R: OnceLock<BoilerplateRules> = OnceLock::new();
    R.get_or_init(|| Labels::builtin().unwrap().boilerplate)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let units = segment(text, rules());
        if let Err(e) = invariants::check_units(text, &units) {
            panic!("{e}");
        }
    }
});
