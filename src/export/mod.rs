//! Export: one file per format behind one trait, all rendered from the same run output.

use std::path::{Path, PathBuf};

use crate::aggregate::Summary;
use crate::error::{Error, Result};
use crate::record::SentenceRecord;

mod csv;
mod jsonl;
mod markdown;
mod summary_json;

pub use self::csv::SummaryCsv;
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
    ]
}

/// Write every format into `dir` (created if missing); returns the paths written.
pub fn write_all(dir: &Path, out: &RunOutput) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    for ex in all() {
        let path = dir.join(ex.file_name());
        let body = ex.render(out)?;
        std::fs::write(&path, body).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Inference {
        msg: format!("cannot serialise output: {e}"),
    }
}
