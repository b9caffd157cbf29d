//! The sentence record: the hand-label format of `shared/labels/GUIDELINES.md` plus
//! byte offsets, mention spans and per-label scores, so a prediction file is also a
//! valid labels file and every record joins back to its source text.

use serde::{Deserialize, Serialize};
use serde_json::Map;

use crate::labels::Labels;
use crate::pipeline::{AnalyzedArticle, AnalyzedUnit};
use crate::span::collapse_ws;

/// A mention in a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// Target name.
    pub target: String,
    /// Byte offset of the mention's start in the article.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// Found by an implicit rule (pronoun, first person, list item), not by a name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implicit: bool,
}

/// One sentence unit, as hand labels and predictions are both written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRecord {
    /// Article id (file name).
    pub doc: String,
    /// 0-based index of the unit in its article.
    pub i: usize,
    /// The unit's text, whitespace collapsed.
    pub text: String,
    /// Site chrome, headline, caption, byline.
    pub boilerplate: bool,
    /// Canonical speaker name, `author` or `interviewer`.
    pub speaker: String,
    /// author | person | organization | government.
    pub speaker_type: String,
    /// Country the speaker speaks for, or `none`.
    pub speaker_country: String,
    /// Target -> label (or `none`).
    pub stance: Map<String, serde_json::Value>,
    /// Second annotator's differing stance labels (hand labels only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance_alt: Option<Map<String, serde_json::Value>>,
    /// Second annotator's differing speaker (hand labels only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_alt: Option<serde_json::Value>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Byte offset of the unit's start in the article text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Byte offset one past the unit's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Target mentions with offsets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<MentionRecord>,
    /// Target -> label -> probability, for classified targets.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub scores: Map<String, serde_json::Value>,
    /// Target -> raw features (entailment log-probability per hypothesis), on request.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub features: Map<String, serde_json::Value>,
    /// Stance label -> cue words of `lexicon.toml` in the unit (non-zero counts), with
    /// the features.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub cue_words: Map<String, serde_json::Value>,
}

impl SentenceRecord {
    /// The probability of `label` toward `target`, 0 when not classified.
    pub fn score(&self, target: &str, label: &str) -> f64 {
        self.scores
            .get(target)
            .and_then(|m| m.get(label))
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    }

    /// The stance label toward `target`, `none` when absent.
    pub fn stance_of(&self, target: &str) -> &str {
        self.stance
            .get(target)
            .and_then(|v| v.as_str())
            .unwrap_or("none")
    }
}

/// Records for every unit of an analysed article.
pub fn records(art: &AnalyzedArticle, labels: &Labels) -> Vec<SentenceRecord> {
    records_with(art, labels, false)
}

/// Records, with each classified target's raw features and the unit's cue-word counts
/// when `features` is set.
pub fn records_with(art: &AnalyzedArticle, labels: &Labels, features: bool) -> Vec<SentenceRecord> {
    let text = &art.article.text;
    art.units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let s = stance_fields(u, labels, features);
            SentenceRecord {
                doc: art.article.id.clone(),
                i,
                text: collapse_ws(u.unit.span.slice(text)),
                boilerplate: u.unit.boilerplate,
                speaker: u.speaker.name.clone(),
                speaker_type: serde_json::to_value(u.speaker.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                speaker_country: u.speaker.country.to_string(),
                stance: s.stance,
                stance_alt: None,
                speaker_alt: None,
                note: None,
                start: Some(u.unit.span.start),
                end: Some(u.unit.span.end),
                mentions: u
                    .mentions
                    .iter()
                    .map(|m| MentionRecord {
                        target: labels.targets[m.target].name.clone(),
                        start: m.span.start,
                        end: m.span.end,
                        text: m.span.slice(text).to_string(),
                        implicit: m.implicit,
                    })
                    .collect(),
                scores: s.scores,
                features: s.features,
                cue_words: match features && !u.unit.boilerplate {
                    true => labels
                        .stance
                        .iter()
                        .zip(&u.cue_words)
                        .filter(|(_, &c)| c > 0)
                        .map(|(l, &c)| (l.name.clone(), c.into()))
                        .collect(),
                    false => Map::new(),
                },
            }
        })
        .collect()
}

/// The per-target maps of one record: label, label scores, and (when asked) features.
struct StanceFields {
    stance: Map<String, serde_json::Value>,
    scores: Map<String, serde_json::Value>,
    features: Map<String, serde_json::Value>,
}

fn stance_fields(u: &AnalyzedUnit, labels: &Labels, features: bool) -> StanceFields {
    let mut out = StanceFields {
        stance: Map::new(),
        scores: Map::new(),
        features: Map::new(),
    };
    for (t, target) in labels.targets.iter().enumerate() {
        let label = match &u.stances[t] {
            Some(st) => {
                let per: Map<String, serde_json::Value> = labels
                    .stance
                    .iter()
                    .zip(&st.scores)
                    .map(|(l, s)| (l.name.clone(), round4(*s)))
                    .collect();
                out.scores.insert(target.name.clone(), per.into());
                if features {
                    let f: Vec<serde_json::Value> =
                        st.features.iter().map(|x| round4(*x)).collect();
                    out.features.insert(target.name.clone(), f.into());
                }
                labels.stance[st.label].name.clone()
            }
            None => "none".to_string(),
        };
        out.stance.insert(target.name.clone(), label.into());
    }
    out
}

fn round4(x: f32) -> serde_json::Value {
    serde_json::json!((f64::from(x) * 10000.0).round() / 10000.0)
}

/// The records of a JSONL file with their 1-based line numbers; blank lines skipped.
fn read_numbered(path: &std::path::Path) -> crate::error::Result<Vec<(usize, SentenceRecord)>> {
    let src = std::fs::read_to_string(path).map_err(|e| crate::error::Error::io(path, e))?;
    parse_numbered(path, &src)
}

fn parse_numbered(
    path: &std::path::Path,
    src: &str,
) -> crate::error::Result<Vec<(usize, SentenceRecord)>> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map(|r| (n + 1, r))
                .map_err(|e| crate::error::Error::Jsonl {
                    path: path.to_path_buf(),
                    line: n + 1,
                    msg: format!("not a sentence record: {e}"),
                })
        })
        .collect()
}

/// Read a JSONL file of records (hand labels or predictions).
pub fn read_jsonl(path: &std::path::Path) -> crate::error::Result<Vec<SentenceRecord>> {
    Ok(read_numbered(path)?.into_iter().map(|(_, r)| r).collect())
}

/// Read hand labels and check every stance value: each target must be one of
/// `targets` and each label one of `labels` or `none`, in `stance` and `stance_alt`;
/// the error names the line.
pub fn read_labels(
    path: &std::path::Path,
    targets: &[String],
    labels: &[String],
) -> crate::error::Result<Vec<SentenceRecord>> {
    let src = std::fs::read_to_string(path).map_err(|e| crate::error::Error::io(path, e))?;
    parse_labels(path, &src, targets, labels)
}

/// [`read_labels`] on text already read; `path` names it in errors.
pub fn parse_labels(
    path: &std::path::Path,
    src: &str,
    targets: &[String],
    labels: &[String],
) -> crate::error::Result<Vec<SentenceRecord>> {
    let records = parse_numbered(path, src)?;
    for (line, r) in &records {
        let bad = |msg: String| crate::error::Error::Jsonl {
            path: path.to_path_buf(),
            line: *line,
            msg,
        };
        let maps = std::iter::once(("stance", &r.stance))
            .chain(r.stance_alt.as_ref().map(|m| ("stance_alt", m)));
        for (field, map) in maps {
            for (t, v) in map {
                if !targets.contains(t) {
                    return Err(bad(format!(
                        "{field}: target {t:?} is not one of {}",
                        targets.join(", ")
                    )));
                }
                let ok = v
                    .as_str()
                    .is_some_and(|v| v == "none" || labels.iter().any(|l| l == v));
                if !ok {
                    return Err(bad(format!(
                        "{field}: {t} has label {v}, not one of {}, none",
                        labels.join(", ")
                    )));
                }
            }
        }
    }
    Ok(records.into_iter().map(|(_, r)| r).collect())
}
