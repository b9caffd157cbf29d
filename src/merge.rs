//! Merge: combine the outputs of shard runs (each a `summary.json` and the
//! `sentences.jsonl` beside it) into exactly what one run over all their articles writes.
//!
//! Input: shard folders' `summary.json` paths. Output: the merged [`Summary`] and the
//! records of every shard, in article-id order (as one run sorts them). Tallies are
//! integers, so the merge is exact in any order. Shards must agree on labels, targets and
//! [`Summary::setup`] (model, label data, calibration, context), and no article may be
//! in two shards; otherwise the merge is refused, naming the difference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::aggregate::Summary;
use crate::error::{Error, Result};
use crate::record::SentenceRecord;

/// One shard's outputs.
#[derive(Debug, Clone)]
pub struct Shard {
    /// Its `summary.json`.
    pub path: PathBuf,
    /// Its tallies.
    pub summary: Summary,
    /// Its `sentences.jsonl` records.
    pub records: Vec<SentenceRecord>,
}

fn refuse(msg: String) -> Error {
    Error::Merge { msg }
}

/// Read a shard: `summary.json` (its `tallies`) and `sentences.jsonl` beside it.
pub fn read_shard(summary: &Path) -> Result<Shard> {
    let src = std::fs::read_to_string(summary).map_err(|e| Error::io(summary, e))?;
    let v: serde_json::Value = serde_json::from_str(&src).map_err(|e| Error::Json {
        path: summary.to_path_buf(),
        source: e,
    })?;
    let tallies = v.get("tallies").cloned().ok_or_else(|| {
        refuse(format!(
            "{}: no `tallies`; not a summary.json written by `geostance run`",
            summary.display()
        ))
    })?;
    let s: Summary = serde_json::from_value(tallies).map_err(|e| {
        refuse(format!(
            "{}: not the tallies of this geostance ({e}); rerun the shard with this version",
            summary.display()
        ))
    })?;
    if s.setup.is_empty() {
        return Err(refuse(format!(
            "{}: records no model, labels or calibration (`setup`); rerun the shard with this version",
            summary.display()
        )));
    }
    let sentences = summary.with_file_name("sentences.jsonl");
    if !sentences.is_file() {
        return Err(refuse(format!(
            "{}: no sentences.jsonl beside it; merge needs each shard's whole output folder",
            summary.display()
        )));
    }
    Ok(Shard {
        path: summary.to_path_buf(),
        summary: s,
        records: crate::record::read_jsonl(&sentences)?,
    })
}

/// What differs between two shards' setups, if anything.
fn difference(a: &Summary, b: &Summary) -> Option<String> {
    if a.labels != b.labels {
        return Some(format!("stance labels {:?} vs {:?}", a.labels, b.labels));
    }
    if a.targets != b.targets {
        return Some(format!("targets {:?} vs {:?}", a.targets, b.targets));
    }
    let keys: std::collections::BTreeSet<&String> = a.setup.keys().chain(b.setup.keys()).collect();
    for k in keys {
        let (x, y) = (a.setup.get(k), b.setup.get(k));
        if x != y {
            let show = |v: Option<&String>| v.map_or("(none)".to_string(), Clone::clone);
            return Some(format!("{k} {} vs {}", show(x), show(y)));
        }
    }
    None
}

/// Merge `shards` into one summary and one record list (article-id order).
pub fn merge(shards: &[Shard]) -> Result<(Summary, Vec<SentenceRecord>)> {
    let Some(first) = shards.first() else {
        return Err(refuse("no shard to merge".into()));
    };
    let mut owner: BTreeMap<&str, &Path> = BTreeMap::new();
    for sh in shards {
        if sh.summary.setup.get("calibration").map(String::as_str) == Some("centered") {
            return Err(refuse(format!(
                "{}: scored with --scoring centered, which centres over the articles of each run, so shards do not add up to one run; run the shards with the shipped head, a --calibration file or --scoring plain",
                sh.path.display()
            )));
        }
        if let Some(d) = difference(&first.summary, &sh.summary) {
            return Err(refuse(format!(
                "{} and {} were made differently ({d}); merge only shards of one setup (same model, labels/ and calibration)",
                first.path.display(),
                sh.path.display()
            )));
        }
        for id in sh.summary.article_info.keys() {
            if let Some(other) = owner.insert(id, &sh.path) {
                return Err(refuse(format!(
                    "article {id} is in {} and in {}; each article must be in one shard",
                    other.display(),
                    sh.path.display()
                )));
            }
        }
        let listed = sh.summary.article_info.len() as u64;
        if listed != sh.summary.articles || sh.records.len() as u64 != sh.summary.units {
            return Err(refuse(format!(
                "{}: {} articles and {} units in the summary, {listed} listed and {} records beside it; a partial or edited shard",
                sh.path.display(),
                sh.summary.articles,
                sh.summary.units,
                sh.records.len()
            )));
        }
    }
    let mut summary = Summary::new(first.summary.labels.clone(), first.summary.targets.clone());
    let mut records = Vec::new();
    for sh in shards {
        summary.merge(&sh.summary);
        records.extend(sh.records.iter().cloned());
    }
    records.sort_by(|a, b| a.doc.cmp(&b.doc).then(a.i.cmp(&b.i)));
    Ok((summary, records))
}
