//! Classify: hypotheses for each (sentence, target), batched by length through the NLI
//! model, scored into one probability per stance label.
//!
//! Input: requests (a premise and a target index). Output: per request the raw
//! features (the entailment log-probability of every hypothesis, label-major) and the
//! label scores. The distinct pairs of all requests (a repeated unit adds none) are
//! sorted by length and cut into batches, so padding stays small; batches run in
//! parallel where the model has several sessions; pairs found in the score cache
//! (`--cache`) are not run again.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::cache::{self, Key, ScoreCache};
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

/// The distinct (premise, hypothesis) pairs of some requests, shortest first, and where
/// each request's hypotheses sit among them. Units that repeat (syndicated copies, a
/// sentence quoted twice) share their pairs, so each pair is scored once.
#[derive(Debug, Clone)]
pub struct PairPlan<'a> {
    /// Distinct pairs, sorted by length (ties keep first-seen order).
    pub pairs: Vec<Pair<'a>>,
    /// Per request, label-major: the index in `pairs` of each hypothesis.
    pub index: Vec<Vec<usize>>,
}

/// Plan the pairs of `requests`: one per hypothesis of the request's target, deduplicated.
pub fn plan<'a>(hyps: &'a Hypotheses, requests: &[Request<'a>]) -> PairPlan<'a> {
    let flats: Vec<Vec<&str>> = (0..hyps.texts.len()).map(|t| hyps.flat(t)).collect();
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let mut pairs: Vec<Pair<'a>> = Vec::new();
    let mut index: Vec<Vec<usize>> = Vec::with_capacity(requests.len());
    for req in requests {
        let row = flats[req.target]
            .iter()
            .map(|&hyp| {
                *seen.entry((req.premise, hyp)).or_insert_with(|| {
                    pairs.push(Pair {
                        premise: req.premise,
                        hypothesis: hyp,
                    });
                    pairs.len() - 1
                })
            })
            .collect();
        index.push(row);
    }
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by_key(|&i| pairs[i].premise.len() + pairs[i].hypothesis.len());
    let mut rank = vec![0; pairs.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    let sorted = order.iter().map(|&i| pairs[i]).collect();
    for row in &mut index {
        for i in row.iter_mut() {
            *i = rank[*i];
        }
    }
    PairPlan {
        pairs: sorted,
        index,
    }
}

/// How `features` runs the model.
pub struct Scoring<'c> {
    /// Pairs per model call.
    pub batch_size: usize,
    /// Scores remembered from earlier runs (`--cache`); new scores are added to it.
    pub cache: Option<&'c ScoreCache>,
}

/// Run every planned pair not in the cache; returns the features of each request.
/// `progress` is called with the number of pairs scored.
pub fn features(
    model: &dyn NliModel,
    plan: &PairPlan<'_>,
    how: &Scoring<'_>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<Vec<f32>>> {
    let keys: Vec<Key> = match how.cache {
        Some(_) => plan
            .pairs
            .par_iter()
            .map(|p| cache::key(p.premise, p.hypothesis))
            .collect(),
        None => Vec::new(),
    };
    let mut values: Vec<Option<f32>> = match how.cache {
        Some(c) => keys.iter().map(|k| c.get(k)).collect(),
        None => vec![None; plan.pairs.len()],
    };
    let todo: Vec<usize> = (0..plan.pairs.len())
        .filter(|&i| values[i].is_none())
        .collect();
    let labels = model.labels();
    let scored: Vec<Vec<f32>> = todo
        .par_chunks(how.batch_size.max(1))
        .map(|chunk| {
            let batch: Vec<Pair<'_>> = chunk.iter().map(|&i| plan.pairs[i]).collect();
            let rows = model.logits(&batch)?;
            progress(chunk.len());
            Ok(rows.iter().map(|row| entail_logprob(row, labels)).collect())
        })
        .collect::<Result<_>>()?;
    for (&i, v) in todo.iter().zip(scored.into_iter().flatten()) {
        values[i] = Some(v);
    }
    if let Some(c) = how.cache {
        c.put(todo.iter().filter_map(|&i| Some((keys[i], values[i]?))));
    }
    Ok(plan
        .index
        .iter()
        .map(|row| row.iter().map(|&i| values[i].unwrap_or(f32::NAN)).collect())
        .collect())
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

    #[test]
    fn repeated_units_share_their_pairs() {
        let labels = Labels::builtin().unwrap();
        let h = Hypotheses::new(&labels);
        let n = h.flat(0).len();
        let req = |premise, target| Request { premise, target };
        let requests = [
            req("A longer sentence about the United States.", 0),
            req("Short one.", 0),
            req("A longer sentence about the United States.", 0),
            req("Short one.", 1),
        ];
        let plan = plan(&h, &requests);
        assert_eq!(
            plan.pairs.len(),
            3 * n,
            "the repeated (unit, target) adds no pairs"
        );
        assert_eq!(plan.index[0], plan.index[2]);
        assert_ne!(plan.index[1], plan.index[3]);
        let lens: Vec<usize> = plan
            .pairs
            .iter()
            .map(|p| p.premise.len() + p.hypothesis.len())
            .collect();
        assert!(lens.windows(2).all(|w| w[0] <= w[1]), "shortest first");
        for (r, row) in requests.iter().zip(&plan.index) {
            for (i, hyp) in row.iter().zip(h.flat(r.target)) {
                assert_eq!(
                    (plan.pairs[*i].premise, plan.pairs[*i].hypothesis),
                    (r.premise, hyp)
                );
            }
        }
    }
}
