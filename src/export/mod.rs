//! Export: one file per format behind one trait, all rendered from the same run output.

use std::path::{Path, PathBuf};

use crate::aggregate::Summary;
use crate::error::{Error, Result};
use crate::eval::EvalReport;
use crate::record::SentenceRecord;

mod chart;
mod csv;
mod html;
mod jsonl;
mod markdown;
mod summary_json;

pub use self::csv::SummaryCsv;
pub use self::html::ReportHtml;
pub use self::jsonl::SentencesJsonl;
pub use self::markdown::ReportMd;
pub use self::summary_json::SummaryJson;

/// Everything a run produced: per-sentence records and the aggregate.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// One record per unit, articles in input order.
    pub records: Vec<SentenceRecord>,
    /// Tallies per target, article and speaker.
    pub summary: Summary,
    /// The evaluation against hand labels, when written by `eval --out` (shown in
    /// `report.html`).
    pub eval: Option<EvalReport>,
}

/// The records labelled `label` toward `target`, highest score first: the strongest
/// sentences the reports quote.
fn strongest<'a>(out: &'a RunOutput, target: &str, label: &str) -> Vec<&'a SentenceRecord> {
    let mut rs: Vec<&SentenceRecord> = out
        .records
        .iter()
        .filter(|r| r.stance_of(target) == label)
        .collect();
    rs.sort_by(|a, b| b.score(target, label).total_cmp(&a.score(target, label)));
    rs
}

/// An output format.
pub trait Exporter {
    /// File name written inside the output folder.
    fn file_name(&self) -> &'static str;
    /// The file's full text.
    fn render(&self, out: &RunOutput) -> Result<String>;
}

/// All formats, in the order they are written.
pub fn all() -> Vec<Box<dyn Exporter>> {
    vec![
        Box::new(SentencesJsonl),
        Box::new(SummaryJson),
        Box::new(SummaryCsv),
        Box::new(ReportMd),
        Box::new(ReportHtml),
    ]
}

/// Write every format into `dir` (created if missing); returns the paths written.
pub fn write_all(dir: &Path, out: &RunOutput) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    for ex in all() {
        let path = dir.join(ex.file_name());
        let body = ex.render(out)?;
        write_atomic(&path, body.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Write `bytes` to `path` through a temporary file beside it, synced, then renamed over
/// `path`: a run killed mid-write leaves the old file or the new one, never a torn one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.part"));
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    f.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// The error for an output file (named as in the output folder) that cannot be made.
fn json_err(file: &'static str) -> impl Fn(serde_json::Error) -> Error {
    move |source| Error::Json {
        path: file.into(),
        source,
    }
}
