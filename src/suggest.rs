//! Suggest: rank the classified units whose hand labels would teach `fit` the most
//! (active learning).
//!
//! Input: sentence records with label scores and raw features (`run --with-features`, or
//! the records of a run made for the purpose). Each classified (unit, target) gets an
//! informativeness from four signals, each in [0, 1]:
//! - *margin*: 1 - (top label score - second), the classifier's own doubt;
//! - *templates*: how far one label's hypothesis templates disagree (mean over labels of
//!   the spread of their entailment probabilities, doubled and capped at 1; silent with
//!   the shipped `stance.toml`, which has one template per label);
//! - *plain vs fitted*: the total-variation distance between the head's scores and the
//!   plain template means (where calibration moved the decision most);
//! - *rare label*: 1 - the predicted label's share among all predictions (so units that
//!   may hold the rare labels are seen).
//!
//! A unit's value is its best target's weighted sum. Units are then taken greedily, each
//! pick discounting the rest of its article and its target (x [`SPREAD`] per unit already
//! taken), so the suggestions spread over articles and targets. Output: the top N as
//! records in the hand-label format, the predicted labels pre-filled for correction, the
//! reasons in `note`.

use std::collections::{BTreeMap, BTreeSet};

use crate::classify::label_scores;
use crate::error::{Error, Result};
use crate::record::SentenceRecord;
use crate::span::collapse_ws;

/// Weights of margin, templates, plain vs fitted and rare label (chosen before any
/// measurement, not tuned).
pub const WEIGHTS: [f64; 4] = [0.4, 0.2, 0.25, 0.15];

/// Discount per unit already suggested from the same article, and from the same target.
pub const SPREAD: f64 = 0.85;

/// The signals of one classified (unit, target).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Signals {
    /// 1 - (top score - second score).
    pub margin: f64,
    /// Disagreement of each label's templates.
    pub templates: f64,
    /// Total-variation distance between the fitted and the plain scores.
    pub plain_vs_fitted: f64,
    /// 1 - the predicted label's share of all predictions.
    pub rare: f64,
}

impl Signals {
    /// The weighted sum ([`WEIGHTS`]).
    pub fn value(&self) -> f64 {
        let s = [self.margin, self.templates, self.plain_vs_fitted, self.rare];
        s.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum()
    }
}

/// One suggested unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Index of the unit's record in the input.
    pub record: usize,
    /// The target whose signals gave the unit its value.
    pub target: String,
    /// Its signals.
    pub signals: Signals,
    /// The value after the spread discount, at the time it was picked.
    pub value: f64,
}

/// What the ranking needs to know of the label set.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    /// Stance label names, in order.
    pub labels: &'a [String],
    /// Templates per label, in label order (features are label-major).
    pub per_label: &'a [usize],
}

fn floats(v: &serde_json::Value) -> Option<Vec<f64>> {
    v.as_array()?.iter().map(|x| x.as_f64()).collect()
}

/// The signals of `target` in `r`, given each label's share of the predictions.
fn signals(
    r: &SentenceRecord,
    target: &str,
    setup: &Setup<'_>,
    share: &BTreeMap<String, f64>,
) -> Result<Option<Signals>> {
    let Some(per) = r.scores.get(target).and_then(|v| v.as_object()) else {
        return Ok(None);
    };
    let fitted: Vec<f64> = setup
        .labels
        .iter()
        .map(|l| per.get(l).and_then(|v| v.as_f64()).unwrap_or(0.0))
        .collect();
    let want: usize = setup.per_label.iter().sum();
    let feats = r
        .features
        .get(target)
        .and_then(floats)
        .filter(|f| f.len() == want)
        .ok_or_else(|| Error::Record {
            doc: r.doc.clone(),
            unit: r.i,
            msg: format!(
                "{target}: no features of {want} hypotheses; suggest needs the records of `run --with-features` made with these labels"
            ),
        })?;
    let mut sorted = fitted.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let margin = 1.0 - (sorted[0] - sorted.get(1).copied().unwrap_or(0.0));
    let f32s: Vec<f32> = feats.iter().map(|&x| x as f32).collect();
    let plain = label_scores(&f32s, setup.per_label);
    let tv = 0.5
        * fitted
            .iter()
            .zip(&plain)
            .map(|(a, b)| (a - f64::from(*b)).abs())
            .sum::<f64>();
    let mut at = 0;
    let mut spread = 0.0;
    for &n in setup.per_label {
        let p: Vec<f64> = feats[at..at + n].iter().map(|x| x.exp()).collect();
        at += n;
        let mean = p.iter().sum::<f64>() / n.max(1) as f64;
        let var = p.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n.max(1) as f64;
        spread += var.sqrt();
    }
    let templates = (2.0 * spread / setup.per_label.len().max(1) as f64).min(1.0);
    let label = r.stance_of(target);
    Ok(Some(Signals {
        margin: margin.clamp(0.0, 1.0),
        templates,
        plain_vs_fitted: tv.clamp(0.0, 1.0),
        rare: 1.0 - share.get(label).copied().unwrap_or(0.0),
    }))
}

/// The key that joins a unit to hand labels: article id and collapsed text.
fn key(r: &SentenceRecord) -> (String, String) {
    (r.doc.clone(), collapse_ws(&r.text))
}

/// Rank the classified units of `records` and take `n`, skipping the units `labelled`
/// already holds (matched by article id and text).
pub fn suggest(
    records: &[SentenceRecord],
    labelled: &[SentenceRecord],
    setup: &Setup<'_>,
    n: usize,
) -> Result<Vec<Suggestion>> {
    let done: BTreeSet<(String, String)> = labelled.iter().map(key).collect();
    let mut counts: BTreeMap<String, f64> = BTreeMap::new();
    let mut total = 0.0;
    for r in records.iter().filter(|r| !r.boilerplate) {
        for l in r.scores.keys().map(|t| r.stance_of(t)) {
            *counts.entry(l.to_string()).or_default() += 1.0;
            total += 1.0;
        }
    }
    let share: BTreeMap<String, f64> = counts.into_iter().map(|(l, c)| (l, c / total)).collect();
    let mut pool: Vec<Suggestion> = Vec::new();
    for (k, r) in records.iter().enumerate() {
        if r.boilerplate || r.scores.is_empty() || done.contains(&key(r)) {
            continue;
        }
        let mut best: Option<(String, Signals)> = None;
        for t in r.scores.keys() {
            if let Some(s) = signals(r, t, setup, &share)? {
                if best.as_ref().is_none_or(|(_, b)| s.value() > b.value()) {
                    best = Some((t.clone(), s));
                }
            }
        }
        if let Some((target, signals)) = best {
            pool.push(Suggestion {
                record: k,
                target,
                signals,
                value: signals.value(),
            });
        }
    }
    Ok(pick(pool, records, n))
}

/// Greedy selection with the spread discount; ties go to the earlier record.
fn pick(mut pool: Vec<Suggestion>, records: &[SentenceRecord], n: usize) -> Vec<Suggestion> {
    let mut per_doc: BTreeMap<&str, i32> = BTreeMap::new();
    let mut per_target: BTreeMap<String, i32> = BTreeMap::new();
    let mut out = Vec::new();
    while out.len() < n && !pool.is_empty() {
        let discounted = |s: &Suggestion| {
            let d = per_doc
                .get(records[s.record].doc.as_str())
                .copied()
                .unwrap_or(0);
            let t = per_target.get(&s.target).copied().unwrap_or(0);
            s.signals.value() * SPREAD.powi(d + t)
        };
        let (best, _) = pool
            .iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |acc, (k, s)| {
                let v = discounted(s);
                if v > acc.1 {
                    (k, v)
                } else {
                    acc
                }
            });
        let mut s = pool.remove(best);
        s.value = discounted(&s);
        *per_doc.entry(records[s.record].doc.as_str()).or_default() += 1;
        *per_target.entry(s.target.clone()).or_default() += 1;
        out.push(s);
    }
    out
}

/// The suggested units as hand-label records: predicted labels pre-filled, scores and
/// features dropped, the rank and reasons in `note`.
pub fn to_records(records: &[SentenceRecord], picked: &[Suggestion]) -> Vec<SentenceRecord> {
    picked
        .iter()
        .enumerate()
        .map(|(rank, s)| {
            let mut r = records[s.record].clone();
            r.scores.clear();
            r.features.clear();
            r.cue_words.clear();
            let g = &s.signals;
            r.note = Some(format!(
                "suggest #{}: value {:.3} via {} (margin {:.2}, templates {:.2}, plain vs fitted {:.2}, rare {:.2}); labels pre-filled from the model: correct them",
                rank + 1,
                s.value,
                s.target,
                g.margin,
                g.templates,
                g.plain_vs_fitted,
                g.rare
            ));
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(doc: &str, i: usize, scores: [f64; 2], feats: [f64; 4]) -> SentenceRecord {
        let label = if scores[0] >= scores[1] { "a" } else { "b" };
        serde_json::from_value(json!({
            "doc": doc, "i": i, "text": format!("unit {i}"), "boilerplate": false,
            "speaker": "author", "speaker_type": "author", "speaker_country": "none",
            "stance": {"T": label},
            "scores": {"T": {"a": scores[0], "b": scores[1]}},
            "features": {"T": feats},
        }))
        .unwrap()
    }

    fn setup() -> (Vec<String>, Vec<usize>) {
        (vec!["a".into(), "b".into()], vec![2, 2])
    }

    #[test]
    fn doubtful_units_come_first_and_spread_over_articles() {
        let (labels, per_label) = setup();
        let s = Setup {
            labels: &labels,
            per_label: &per_label,
        };
        let sure = [-0.1, -0.1, -3.0, -3.0];
        let records = vec![
            rec("d1", 0, [0.99, 0.01], sure),
            rec("d1", 1, [0.52, 0.48], [-0.7, -0.7, -0.7, -0.7]),
            rec("d1", 2, [0.53, 0.47], [-0.7, -0.7, -0.7, -0.7]),
            rec("d2", 0, [0.60, 0.40], [-0.6, -0.8, -0.7, -0.7]),
        ];
        let picked = suggest(&records, &[], &s, 3).unwrap();
        let order: Vec<usize> = picked.iter().map(|p| p.record).collect();
        // The most doubtful first; then the other article beats a near-twin of the first.
        assert_eq!(order, vec![1, 3, 2]);
        assert!(picked[0].signals.margin > 0.9);
        // Units already labelled are skipped.
        let again = suggest(&records, &records[1..2], &s, 1).unwrap();
        assert_ne!(again[0].record, 1);
        let out = to_records(&records, &picked);
        assert!(out[0].scores.is_empty() && out[0].note.as_deref().unwrap().contains("#1"));
        assert_eq!(out[0].stance_of("T"), "a");
    }

    #[test]
    fn records_without_features_name_the_fix() {
        let (labels, per_label) = setup();
        let s = Setup {
            labels: &labels,
            per_label: &per_label,
        };
        let mut r = rec("d1", 0, [0.5, 0.5], [0.0; 4]);
        r.features.clear();
        let err = suggest(&[r], &[], &s, 1).unwrap_err().to_string();
        assert!(err.contains("--with-features"), "{err}");
    }
}
