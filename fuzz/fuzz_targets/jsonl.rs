//! Any bytes as a `.jsonl` input: each line read or reported, no empty article kept.
#![no_main]

use geostance::corpus::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let b = read_bytes("in.jsonl", data.to_vec(), &ReadOptions::default());
    for a in &b.articles {
        assert!(!a.text.trim().is_empty(), "empty article kept");
    }
});
