//! `summary.json`: the mergeable tallies, plus derived means, shares and net index.

use serde_json::{json, Map, Value};

use super::{json_err, Exporter, RunOutput};
use crate::aggregate::Tally;
use crate::error::Result;

/// The aggregate as JSON.
pub struct SummaryJson;

/// Derived figures of one tally.
pub fn derived(t: &Tally, labels: &[String]) -> Value {
    let share: Map<String, Value> = labels
        .iter()
        .map(|l| (l.clone(), json!(round(t.share(l)))))
        .collect();
    let mean: Map<String, Value> = labels
        .iter()
        .map(|l| (l.clone(), json!(round(t.mean_score(l)))))
        .collect();
    json!({"mentions": t.mentions, "share": share, "mean_score": mean, "net": round(t.net())})
}

fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

impl Exporter for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }

    fn render(&self, out: &RunOutput) -> Result<String> {
        let s = &out.summary;
        let by_target: Map<String, Value> = s
            .by_target
            .iter()
            .map(|(k, t)| (k.clone(), derived(t, &s.labels)))
            .collect();
        let v = json!({
            "derived": {"by_target": by_target},
            "tallies": s,
        });
        serde_json::to_string_pretty(&v).map_err(json_err("summary.json"))
    }
}
