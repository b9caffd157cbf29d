//! `sentences.jsonl`: one record per unit.

use super::{json_err, Exporter, RunOutput};
use crate::error::Result;

/// One JSON record per sentence unit.
pub struct SentencesJsonl;

impl Exporter for SentencesJsonl {
    fn file_name(&self) -> &'static str {
        "sentences.jsonl"
    }

    fn render(&self, out: &RunOutput) -> Result<String> {
        let mut s = String::new();
        for r in &out.records {
            s.push_str(&serde_json::to_string(r).map_err(json_err("sentences.jsonl"))?);
            s.push('\n');
        }
        Ok(s)
    }
}
