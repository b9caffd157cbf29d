//! `summary.json`: the mergeable tallies, plus the derived view (`derived`): figures per
//! target, the speaker country x voice x target matrix, the time series and one row per
//! article, each list tidy (one object per cell, ready for `pandas.json_normalize`).

use serde_json::json;

use super::{json_err, Exporter, RunOutput};
use crate::error::Result;

/// The aggregate as JSON.
pub struct SummaryJson;

impl Exporter for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }

    fn render(&self, out: &RunOutput) -> Result<String> {
        let v = json!({
            "derived": out.summary.derive(),
            "tallies": &out.summary,
        });
        serde_json::to_string_pretty(&v).map_err(json_err("summary.json"))
    }
}
