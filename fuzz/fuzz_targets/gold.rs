//! Any text as a hand-label file: read or reported (with a line), never a panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use geostance::labels::Labels;
use geostance::record::parse_labels;
use libfuzzer_sys::fuzz_target;

fn names() -> &'static (Vec<String>, Vec<String>) {
    static N: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    N.get_or_init(|| {
        let l = Labels::builtin().unwrap();
        (
            l.targets.iter().map(|t| t.name.clone()).collect(),
            l.stance.iter().map(|s| s.name.clone()).collect(),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let (targets, labels) = names();
        let _ = parse_labels(Path::new("gold.jsonl"), src, targets, labels);
    }
});
