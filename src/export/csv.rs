//! `summary.csv`: one row per (scope, key, target) with counts, shares, means and net.

use std::fmt::Write;

use super::{Exporter, RunOutput};
use crate::aggregate::Tally;
use crate::error::Result;

/// The aggregate as a flat table.
pub struct SummaryCsv;

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Exporter for SummaryCsv {
    fn file_name(&self) -> &'static str {
        "summary.csv"
    }

    fn render(&self, out: &RunOutput) -> Result<String> {
        let s = &out.summary;
        let mut csv = String::from("scope,key,target,mentions");
        for l in &s.labels {
            let _ = write!(csv, ",n_{l},share_{l},mean_{l}");
        }
        csv.push_str(",net\n");
        let mut row = |scope: &str, key: &str, target: &str, t: &Tally| {
            let _ = write!(
                csv,
                "{scope},{},{},{}",
                quote(key),
                quote(target),
                t.mentions
            );
            for l in &s.labels {
                let n = t.counts.get(l).copied().unwrap_or(0);
                let _ = write!(csv, ",{n},{:.4},{:.4}", t.share(l), t.mean_score(l));
            }
            let _ = writeln!(csv, ",{:.4}", t.net());
        };
        for (target, t) in &s.by_target {
            row("target", "all", target, t);
        }
        for (art, m) in &s.by_article {
            for (target, t) in m {
                row("article", art, target, t);
            }
        }
        for (sp, m) in &s.by_speaker {
            for (target, t) in m {
                row("speaker", sp, target, t);
            }
        }
        Ok(csv)
    }
}
