//! Calibrate: turn NLI features into label scores with more than the plain template
//! mean. `Centered` is label-free: each hypothesis's entailment log-probability is
//! centred on its mean over the units being classified, which removes the model's
//! bias toward some hypotheses whatever the sentence.

use crate::classify::{argmax, label_scores};
use crate::labels::Labels;
use crate::pipeline::AnalyzedArticle;

/// How features become label scores.
#[derive(Debug, Clone)]
pub enum Calibration {
    /// Centre every hypothesis over the batch being classified (no labels needed).
    Centered {
        /// Number of templates per label.
        per_label: Vec<usize>,
    },
    /// A head fitted on hand labels (`geostance fit`).
    Fitted(Box<crate::fit::Head>),
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
        let head: crate::fit::Head =
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
    pub fn scores(&self, feats: &[f32], target: usize, cues: crate::fit::Cues<'_>) -> Vec<f32> {
        match self {
            Calibration::Centered { per_label } => label_scores(feats, per_label),
            Calibration::Fitted(head) => head.scores(feats, target, cues),
        }
    }

    /// Revise the scores of a classified batch where the calibration needs all of it.
    pub fn finish(&self, articles: &mut [AnalyzedArticle]) {
        match self {
            Calibration::Centered { per_label } => center(articles, per_label),
            Calibration::Fitted(_) => {}
        }
    }
}

fn center(articles: &mut [AnalyzedArticle], per_label: &[usize]) {
    let mut sums: Vec<Vec<f64>> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for st in articles
        .iter()
        .flat_map(|a| a.units.iter())
        .flat_map(|u| u.stances.iter().enumerate())
    {
        if let (t, Some(s)) = st {
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
    for u in articles.iter_mut().flat_map(|a| a.units.iter_mut()) {
        for s in u.stances.iter_mut().flatten() {
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
