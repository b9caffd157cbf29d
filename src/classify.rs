//! Classify: hypotheses for each (sentence, target), batched by length through the NLI
//! model, scored into one probability per stance label.
//!
//! Input: requests (a premise and a target index). Output: per request the raw
//! features (the entailment log-probability of every hypothesis, label-major) and the
//! label scores. Pairs from all requests are sorted by length and cut into batches, so
//! padding stays small; batches run in parallel where the model has several sessions.

use rayon::prelude::*;

use crate::error::Result;
use crate::labels::Labels;
use crate::nli::{NliLabels, NliModel, Pair};

/// Every hypothesis, per target and label, with the target name filled in.
#[derive(Debug, Clone)]
pub struct Hypotheses {
    /// `texts[target][label][template]`.
    pub texts: Vec<Vec<Vec<String>>>,
}

impl Hypotheses {
    /// Fill the templates of `labels` for each target.
    pub fn new(labels: &Labels) -> Self {
        let texts = labels
            .targets
            .iter()
            .map(|t| {
                labels
                    .stance
                    .iter()
                    .map(|l| {
                        l.templates
                            .iter()
                            .map(|tpl| {
                                capitalize_first(&tpl.replace("{target}", &t.hypothesis_name))
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Hypotheses { texts }
    }

    /// Hypotheses of one target, label-major, flattened.
    pub fn flat(&self, target: usize) -> Vec<&str> {
        self.texts[target]
            .iter()
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

fn capitalize_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// One thing to classify: a premise and a target.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The sentence (with any context) given to the model.
    pub premise: &'a str,
    /// Index of the target.
    pub target: usize,
}

/// Log-probability of entailment for one row of logits.
/// The stance toward one mentioned target in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetStance {
    /// Index of the chosen stance label.
    pub label: usize,
    /// Probability of each stance label (sums to 1).
    pub scores: Vec<f32>,
    /// Raw features: entailment log-probability of each hypothesis, label-major.
    pub features: Vec<f32>,
}

pub fn entail_logprob(row: &[f32], labels: NliLabels) -> f32 {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let lse = max + row.iter().map(|x| (x - max).exp()).sum::<f32>().ln();
    row[labels.entailment] - lse
}

/// Run every hypothesis of every request; returns the features of each request.
pub fn features(
    model: &dyn NliModel,
    hyps: &Hypotheses,
    requests: &[Request<'_>],
    batch_size: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<Vec<f32>>> {
    let flats: Vec<Vec<&str>> = (0..hyps.texts.len()).map(|t| hyps.flat(t)).collect();
    let mut pairs: Vec<(usize, usize, Pair<'_>)> = Vec::new();
    for (r, req) in requests.iter().enumerate() {
        for (h, hyp) in flats[req.target].iter().enumerate() {
            pairs.push((
                r,
                h,
                Pair {
                    premise: req.premise,
                    hypothesis: hyp,
                },
            ));
        }
    }
    pairs.sort_by_key(|(_, _, p)| p.premise.len() + p.hypothesis.len());
    let labels = model.labels();
    let scored: Vec<Vec<f32>> = pairs
        .par_chunks(batch_size.max(1))
        .map(|chunk| {
            let batch: Vec<Pair<'_>> = chunk.iter().map(|(_, _, p)| *p).collect();
            let rows = model.logits(&batch)?;
            progress(chunk.len());
            Ok(rows.iter().map(|row| entail_logprob(row, labels)).collect())
        })
        .collect::<Result<_>>()?;
    let mut out: Vec<Vec<f32>> = requests
        .iter()
        .map(|req| vec![0.0; flats[req.target].len()])
        .collect();
    for ((r, h, _), v) in pairs.iter().zip(scored.into_iter().flatten()) {
        out[*r][*h] = v;
    }
    Ok(out)
}

/// Scores per label from features: the mean over each label's templates, soft-maxed.
pub fn label_scores(feats: &[f32], per_label: &[usize]) -> Vec<f32> {
    let mut means = Vec::with_capacity(per_label.len());
    let mut at = 0;
    for &n in per_label {
        let sum: f32 = feats[at..at + n].iter().sum();
        means.push(sum / n.max(1) as f32);
        at += n;
    }
    softmax(&means)
}

/// Softmax of a slice.
pub fn softmax(x: &[f32]) -> Vec<f32> {
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = x.iter().map(|v| (v - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

/// Index of the largest value.
pub fn argmax(x: &[f32]) -> usize {
    x.iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |(bi, bv), (i, &v)| {
            if v > bv {
                (i, v)
            } else {
                (bi, bv)
            }
        })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_hypotheses() {
        let labels = Labels::builtin().unwrap();
        let h = Hypotheses::new(&labels);
        assert!(h.texts[0][1][0].contains("the United States"));
        assert!(h.flat(1).iter().all(|s| !s.contains("{target}")));
        let s = label_scores(&[0.0, 0.0, -9.0, -9.0], &[2, 2]);
        assert!(s[0] > 0.99 && (s[0] + s[1] - 1.0).abs() < 1e-6);
        assert_eq!(argmax(&[0.1, 0.7, 0.2]), 1);
        let l = NliLabels {
            n: 3,
            entailment: 2,
            contradiction: 0,
        };
        let lp = entail_logprob(&[0.0, 0.0, 0.0], l);
        assert!((lp - (1.0f32 / 3.0).ln()).abs() < 1e-6);
    }
}
