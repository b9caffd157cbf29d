//! Calibrate: turn NLI features into label scores with more than the plain template
//! mean. `Centered` is label-free: each hypothesis's entailment log-probability is
//! centred on its mean over the units being classified, which removes the model's
//! bias toward some hypotheses whatever the sentence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::{argmax, label_scores, softmax, TargetStance};
use crate::country::Country;
use crate::labels::Labels;

/// How features become label scores.
#[derive(Debug, Clone)]
pub enum Calibration {
    /// Centre every hypothesis over the batch being classified (no labels needed).
    Centered {
        /// Number of templates per label.
        per_label: Vec<usize>,
    },
    /// A head fitted on hand labels (`geostance fit`).
    Fitted(Box<Head>),
}

/// The head shipped in `labels/calibration.json`, built into the binary: fitted by
/// `geostance fit` on the training split of `labels/train` (laid out as articles by
/// `models/train/make_articles.py`) with `--add-corpus examples/articles --add-labels
/// labels/examples.gold.jsonl`.
pub const SHIPPED: &str = include_str!("../labels/calibration.json");

impl Calibration {
    /// Load a fitted head written by `geostance fit`, checked against the labels in use.
    pub fn load(path: &std::path::Path, labels: &Labels) -> crate::Result<Self> {
        let src = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
        Calibration::parse(&src, path, labels)
    }

    /// Parse a fitted head (the text of a `geostance fit` file from `path`), checked
    /// against the labels in use.
    pub fn parse(src: &str, path: &std::path::Path, labels: &Labels) -> crate::Result<Self> {
        let names: Vec<String> = labels.stance.iter().map(|l| l.name.clone()).collect();
        let templates: usize = labels.templates_per_label().iter().sum();
        let bad = |msg: String| crate::Error::Calibration {
            path: path.to_path_buf(),
            msg,
        };
        let head: Head =
            serde_json::from_str(src).map_err(|e| bad(format!("not a calibration file: {e}")))?;
        if head.labels != names {
            return Err(bad(format!(
                "fitted for labels {:?}, the run uses {names:?}",
                head.labels
            )));
        }
        let fitted: usize = head.per_label.iter().sum();
        if fitted != templates {
            return Err(bad(format!(
                "fitted on {fitted} hypotheses per target, labels/stance.toml has {templates}; refit with `geostance fit`"
            )));
        }
        if head.cue_words && labels.cue_words.is_empty() {
            return Err(bad(
                "fitted with cue words, but the labels folder has no lexicon.toml; add the \
                 lexicon it was fitted with, or refit with `geostance fit --no-cue-words`"
                    .into(),
            ));
        }
        Ok(Calibration::Fitted(Box::new(head)))
    }

    /// Provisional scores for one request with its unit's `cues`; `finish` may revise them.
    pub fn scores(&self, feats: &[f32], target: usize, cues: Cues<'_>) -> Vec<f32> {
        match self {
            Calibration::Centered { per_label } => label_scores(feats, per_label),
            Calibration::Fitted(head) => head.scores(feats, target, cues),
        }
    }

    /// Revise the scores of a classified batch where the calibration needs all of it.
    /// `stances` are the (target, stance) pairs of the whole batch.
    pub fn finish(&self, stances: &mut [(usize, &mut TargetStance)]) {
        match self {
            Calibration::Centered { per_label } => center(stances, per_label),
            Calibration::Fitted(_) => {}
        }
    }
}

fn center(stances: &mut [(usize, &mut TargetStance)], per_label: &[usize]) {
    let mut sums: Vec<Vec<f64>> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for (t, s) in stances.iter() {
        let t = *t;
        {
            if sums.len() <= t {
                sums.resize(t + 1, vec![0.0; s.features.len()]);
                counts.resize(t + 1, 0);
            }
            for (acc, f) in sums[t].iter_mut().zip(&s.features) {
                *acc += f64::from(*f);
            }
            counts[t] += 1;
        }
    }
    // Pool over targets: hypotheses share templates, and a target seen once would
    // otherwise be centred to all-equal scores.
    let total: usize = counts.iter().sum();
    if total < 2 {
        return;
    }
    let width = sums.iter().map(Vec::len).max().unwrap_or(0);
    let mut mean = vec![0.0f64; width];
    for s in &sums {
        for (m, v) in mean.iter_mut().zip(s) {
            *m += v / total as f64;
        }
    }
    for (_, s) in stances.iter_mut() {
        {
            let centred: Vec<f32> = s
                .features
                .iter()
                .zip(&mean)
                .map(|(f, m)| f - *m as f32)
                .collect();
            s.scores = label_scores(&centred, per_label);
            s.label = argmax(&s.scores);
        }
    }
}

/// What the head knows of a unit beside the NLI features: who speaks, how many of the
/// targets the unit names, and its cue words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cues<'a> {
    /// The speaker's country ([`Country::None`] for the author).
    pub country: &'a Country,
    /// The speaker is the article's author.
    pub author: bool,
    /// How many different targets the unit mentions.
    pub targets: usize,
    /// Cue words of each stance label in the unit (`lexicon`), in label order.
    pub words: &'a [u32],
    /// The unit has double quotation marks (a direct quote, or scare quotes): both
    /// voice a view, where an author's plain report is mostly neutral.
    pub quotes: bool,
}

/// A fitted head: `scores = softmax(W [z; r] + b)`, `z` the standardised per-label
/// feature means, `r` the one-hot target, the inputs from `Cues` and the cue-word
/// inputs, standardised with `input_mean` / `input_std` when those are present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    /// What this file is.
    pub kind: String,
    /// Stance labels, in weight-row order.
    pub labels: Vec<String>,
    /// Targets, in one-hot order.
    pub targets: Vec<String>,
    /// Templates per label: features are averaged per label before standardising.
    pub per_label: Vec<usize>,
    /// Feature means used for standardising.
    pub feature_mean: Vec<f32>,
    /// Feature standard deviations used for standardising.
    pub feature_std: Vec<f32>,
    /// Whether the cue inputs (`Cues`) follow the target one-hot (files from before they
    /// existed lack the key and load without them).
    #[serde(default)]
    pub cues: bool,
    /// Whether log(1 + count) of each label's cue words (`lexicon.toml`) follows the cues.
    #[serde(default)]
    pub cue_words: bool,
    /// Whether a flag for quotation marks in the unit (`Cues::quotes`) comes last
    /// (`fit --quotes`; absent from files without it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub quotes: bool,
    /// Means for standardising the inputs after the features (empty: used as they are).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_mean: Vec<f32>,
    /// Standard deviations for the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_std: Vec<f32>,
    /// One row per label: feature weights, then target weights, then cue weights.
    pub weights: Vec<Vec<f32>>,
    /// One bias per label.
    pub bias: Vec<f32>,
    /// How it was trained: examples per label, settings.
    pub trained_on: BTreeMap<String, usize>,
}

impl Head {
    pub(crate) fn input(&self, feats: &[f32], target: usize, cues: Cues<'_>) -> Vec<f32> {
        let means = label_means(feats, &self.per_label);
        let mut x: Vec<f32> = means
            .iter()
            .zip(self.feature_mean.iter().zip(&self.feature_std))
            .map(|(f, (m, s))| (f - m) / s)
            .collect();
        let nt = self.targets.len();
        x.extend((0..nt).map(|t| if t == target { 1.0 } else { 0.0 }));
        if self.cues {
            let power = self
                .targets
                .iter()
                .position(|t| Some(t.as_str()) == cues.country.name());
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            x.push(flag(power == Some(target)));
            x.push(flag(power.is_some_and(|p| p != target)));
            x.push(flag(power.is_none() && *cues.country != Country::None));
            x.push(flag(cues.author));
            for s in 0..nt {
                for t in 0..nt {
                    x.push(flag(power == Some(s) && t == target));
                }
            }
            x.push(flag(cues.targets >= 2));
            x.push(flag(cues.targets >= 3));
        }
        if self.cue_words {
            let count = |l: usize| cues.words.get(l).copied().unwrap_or(0) as f32;
            x.extend((0..self.labels.len()).map(|l| count(l).ln_1p()));
        }
        if self.quotes {
            x.push(if cues.quotes { 1.0 } else { 0.0 });
        }
        self.scale_rest(&mut x);
        x
    }

    /// Standardise the inputs after the features in place (no-op without a scale).
    pub(crate) fn scale_rest(&self, x: &mut [f32]) {
        let rest = &mut x[self.per_label.len()..];
        for ((v, m), s) in rest.iter_mut().zip(&self.input_mean).zip(&self.input_std) {
            *v = (*v - m) / s;
        }
    }

    /// Label probabilities for one (unit, target) with the unit's `cues`.
    pub fn scores(&self, feats: &[f32], target: usize, cues: Cues<'_>) -> Vec<f32> {
        self.probs(&self.input(feats, target, cues))
    }

    /// Label probabilities for a built input vector.
    pub(crate) fn probs(&self, x: &[f32]) -> Vec<f32> {
        let logits: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.bias)
            .map(|(w, b)| b + w.iter().zip(x).map(|(a, c)| a * c).sum::<f32>())
            .collect();
        softmax(&logits)
    }
}

/// The mean of each label's template features.
pub(crate) fn label_means(feats: &[f32], per_label: &[usize]) -> Vec<f32> {
    let mut at = 0;
    per_label
        .iter()
        .map(|&n| {
            let m = feats[at..at + n].iter().sum::<f32>() / n.max(1) as f32;
            at += n;
            m
        })
        .collect()
}
