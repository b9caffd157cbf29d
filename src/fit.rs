//! Fit: learn from hand labels a small head over the NLI features, so stance scores
//! match what annotators mean by each label.
//!
//! Input: stance items (gold label per matched unit and target, from `eval`) and the
//! analysed articles holding each unit's features (the entailment log-probability of
//! every hypothesis). Output: a `Head`, a multinomial logistic regression over each
//! label's mean template score, a one-hot target, cues from the rule stages (the
//! speaker's country against the target: the same power, another of the targets,
//! another country, the author; speaker country x target; two or three targets named in
//! the unit, which is how balancing reads) and log(1 + count) of each label's cue words
//! (`lexicon`), all standardised over the training mentions, trained with class weights
//! (so rare labels count) and L2 regularisation, saved as readable JSON. On request
//! (`fit --quotes`) a flag for quotation marks in the unit comes last.
//! `cross_validate` scores it leave-one-article-out. (On the seed labels, per-label
//! means beat all 32 raw features, 0.34 against 0.29-0.31; the cues and cue words
//! raised that further, see NOTES.md.)

use std::collections::BTreeMap;

use crate::calibrate::{label_means, Cues, Head};
use crate::country::Country;
use crate::eval::StanceItem;
use crate::pipeline::AnalyzedArticle;

/// One training example.
#[derive(Debug, Clone)]
pub struct Example {
    /// Article id (the cross-validation fold).
    pub doc: String,
    /// Target index.
    pub target: usize,
    /// The speaker's country.
    pub country: Country,
    /// The speaker is the author.
    pub author: bool,
    /// Targets the unit mentions.
    pub targets: usize,
    /// Cue words per stance label.
    pub words: Vec<u32>,
    /// The unit has double quotation marks.
    pub quotes: bool,
    /// NLI features.
    pub features: Vec<f32>,
    /// Gold label index.
    pub gold: usize,
    /// Index of the predicted unit the example was matched to (`sentences.jsonl` `i`).
    pub unit: usize,
}

/// Settings of the fit.
#[derive(Debug, Clone, Copy)]
pub struct FitOptions {
    /// L2 penalty on the weights.
    pub l2: f32,
    /// Gradient steps.
    pub steps: usize,
    /// Step size.
    pub lr: f32,
    /// Learn from the cue-word counts of `lexicon.toml`.
    pub cue_words: bool,
    /// Standardise the inputs after the features too (target, cues, cue words).
    pub standardise: bool,
    /// Learn from whether the unit has quotation marks (off by default, see NOTES.md).
    pub quotes: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            l2: 0.03,
            steps: 1500,
            lr: 0.3,
            cue_words: true,
            standardise: true,
            quotes: false,
        }
    }
}

impl Example {
    fn cues(&self) -> Cues<'_> {
        Cues {
            country: &self.country,
            author: self.author,
            targets: self.targets,
            words: &self.words,
            quotes: self.quotes,
        }
    }
}

/// Training examples: each gold stance item whose unit the pipeline classified.
pub fn examples(
    items: &[StanceItem],
    analysed: &[AnalyzedArticle],
    labels: &[String],
    targets: &[String],
) -> Vec<Example> {
    let by_doc: BTreeMap<&str, &AnalyzedArticle> = analysed
        .iter()
        .map(|a| (a.article.id.as_str(), a))
        .collect();
    items
        .iter()
        .filter_map(|it| {
            let art = by_doc.get(it.doc.as_str())?;
            let t = targets.iter().position(|x| *x == it.target)?;
            let unit = art.units.get(it.pred_i?)?;
            let st = unit.stances.get(t)?.as_ref()?;
            let cues = crate::pipeline::cues_of(unit);
            Some(Example {
                doc: it.doc.clone(),
                target: t,
                country: cues.country.clone(),
                author: cues.author,
                targets: cues.targets,
                words: cues.words.to_vec(),
                quotes: cues.quotes,
                features: st.features.clone(),
                gold: labels.iter().position(|l| *l == it.gold)?,
                unit: it.pred_i?,
            })
        })
        .collect()
}

/// Fit a head on `examples`; `per_label` gives the templates per label.
pub fn train(
    examples: &[Example],
    labels: &[String],
    targets: &[String],
    per_label: &[usize],
    opts: FitOptions,
) -> Head {
    let reduced: Vec<Vec<f32>> = examples
        .iter()
        .map(|e| label_means(&e.features, per_label))
        .collect();
    let nf = per_label.len();
    let n = examples.len().max(1) as f32;
    let (mean, std) = column_scale(&reduced, 0);
    let nl = labels.len();
    let (counts, class_w) = class_weights(examples, nl, n);
    let mut head = Head {
        kind: "geostance logistic head over NLI features".into(),
        labels: labels.to_vec(),
        targets: targets.to_vec(),
        per_label: per_label.to_vec(),
        feature_mean: mean,
        feature_std: std,
        cues: true,
        cue_words: opts.cue_words,
        quotes: opts.quotes,
        input_mean: Vec::new(),
        input_std: Vec::new(),
        weights: Vec::new(),
        bias: vec![0.0; nl],
        trained_on: labels.iter().cloned().zip(counts.iter().copied()).collect(),
    };
    let mut xs: Vec<Vec<f32>> = examples
        .iter()
        .map(|e| head.input(&e.features, e.target, e.cues()))
        .collect();
    if opts.standardise {
        (head.input_mean, head.input_std) = column_scale(&xs, nf);
        for x in &mut xs {
            head.scale_rest(x);
        }
    }
    let dim = xs.first().map_or(nf, Vec::len);
    head.weights = vec![vec![0.0; dim]; nl];
    let gold: Vec<usize> = examples.iter().map(|e| e.gold).collect();
    for _ in 0..opts.steps {
        step(&mut head, (&xs, &gold), &class_w, opts);
    }
    head
}

/// How many examples each label has, and the class weight that balances them.
fn class_weights(examples: &[Example], nl: usize, n: f32) -> (Vec<usize>, Vec<f32>) {
    let mut counts = vec![0usize; nl];
    for e in examples {
        counts[e.gold] += 1;
    }
    let class_w = counts
        .iter()
        .map(|&c| {
            if c == 0 {
                0.0
            } else {
                n / (nl as f32 * c as f32)
            }
        })
        .collect();
    (counts, class_w)
}

/// One full-batch gradient step of class-weighted, L2-regularised softmax regression.
fn step(head: &mut Head, (xs, gold): (&[Vec<f32>], &[usize]), class_w: &[f32], opts: FitOptions) {
    let nl = head.bias.len();
    let dim = head.weights.first().map_or(0, Vec::len);
    let mut gw = vec![vec![0.0f32; dim]; nl];
    let mut gb = vec![0.0f32; nl];
    let mut wsum = 0.0;
    for (x, &g) in xs.iter().zip(gold) {
        let p = head.probs(x);
        let cw = class_w[g];
        wsum += cw;
        for l in 0..nl {
            let d = cw * (p[l] - if l == g { 1.0 } else { 0.0 });
            gb[l] += d;
            for (gr, xv) in gw[l].iter_mut().zip(x) {
                *gr += d * xv;
            }
        }
    }
    let wsum = wsum.max(1e-6);
    for l in 0..nl {
        head.bias[l] -= opts.lr * gb[l] / wsum;
        for (w, g) in head.weights[l].iter_mut().zip(&gw[l]) {
            *w -= opts.lr * (g / wsum + opts.l2 * *w);
        }
    }
}

/// Mean and standard deviation of each column from `from` on (a near-constant column
/// gets deviation 1, so it stays as it is less its mean).
fn column_scale(xs: &[Vec<f32>], from: usize) -> (Vec<f32>, Vec<f32>) {
    let dim = xs.first().map_or(from, Vec::len);
    let n = xs.len().max(1) as f32;
    let mean: Vec<f32> = (from..dim)
        .map(|c| xs.iter().map(|x| x[c]).sum::<f32>() / n)
        .collect();
    let std = (from..dim)
        .zip(&mean)
        .map(|(c, m)| {
            let var = xs.iter().map(|x| (x[c] - m).powi(2)).sum::<f32>() / n;
            if var > 1e-8 {
                var.sqrt()
            } else {
                1.0
            }
        })
        .collect();
    (mean, std)
}

/// The evaluation's stance items with the cross-validated predictions `pred` (one per
/// example, in order) in place of the fitted-on-all ones; unclassified items stay.
pub fn cv_items(
    items: &[StanceItem],
    examples: &[Example],
    pred: &[usize],
    names: &[String],
) -> Vec<StanceItem> {
    let mut k = 0;
    items
        .iter()
        .map(|it| {
            let mut it = it.clone();
            if it.pred != "none" && k < examples.len() && examples[k].doc == it.doc {
                it.pred = names[pred[k]].clone();
                k += 1;
            }
            it
        })
        .collect()
}

/// Leave-one-article-out: for each article, fit on the others (plus every `extra`
/// example, which is never scored) and predict it.
/// Returns the predicted label index of every example, in order.
pub fn cross_validate(
    examples: &[Example],
    extra: &[Example],
    labels: &[String],
    targets: &[String],
    per_label: &[usize],
    opts: FitOptions,
) -> Vec<usize> {
    cross_validate_folds(
        &Folds {
            examples,
            extra,
            pool: None,
            labels,
            targets,
            per_label,
        },
        opts,
    )
}

/// What leave-one-article-out trains on and scores.
#[derive(Debug, Clone, Copy)]
pub struct Folds<'a> {
    /// The scored examples (each article is a fold).
    pub examples: &'a [Example],
    /// Examples added to every fold's training set, never scored.
    pub extra: &'a [Example],
    /// When set, a fold trains only on the examples of other articles whose (article,
    /// unit) is listed: what labelling just those units would teach (`fit --cv-pool`).
    pub pool: Option<&'a std::collections::BTreeSet<(String, usize)>>,
    /// Stance label names.
    pub labels: &'a [String],
    /// Target names.
    pub targets: &'a [String],
    /// Templates per label.
    pub per_label: &'a [usize],
}

/// Leave-one-article-out over `f`; a fold with nothing to train on predicts the plain
/// template means. Returns the predicted label index of every example, in order.
pub fn cross_validate_folds(f: &Folds<'_>, opts: FitOptions) -> Vec<usize> {
    let docs: Vec<&str> = {
        let mut d: Vec<&str> = f.examples.iter().map(|e| e.doc.as_str()).collect();
        d.sort();
        d.dedup();
        d
    };
    let admitted = |e: &Example| f.pool.is_none_or(|p| p.contains(&(e.doc.clone(), e.unit)));
    let mut pred = vec![0usize; f.examples.len()];
    for doc in docs {
        let train_set: Vec<Example> = f
            .examples
            .iter()
            .filter(|e| e.doc != doc && admitted(e))
            .chain(f.extra)
            .cloned()
            .collect();
        let head = (!train_set.is_empty())
            .then(|| train(&train_set, f.labels, f.targets, f.per_label, opts));
        for (k, e) in f.examples.iter().enumerate().filter(|(_, e)| e.doc == doc) {
            pred[k] = match &head {
                Some(h) => crate::classify::argmax(&h.scores(&e.features, e.target, e.cues())),
                None => crate::classify::argmax(&label_means(&e.features, f.per_label)),
            };
        }
    }
    pred
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOBODY: Cues<'static> = Cues {
        country: &Country::None,
        author: true,
        targets: 1,
        words: &[],
        quotes: false,
    };

    /// Example `i` of an author's unit naming one target, in one of four articles.
    fn by_author(i: usize, words: Vec<u32>, features: Vec<f32>, gold: usize) -> Example {
        Example {
            doc: format!("d{}", i % 4),
            target: 0,
            country: Country::None,
            author: true,
            targets: 1,
            words,
            quotes: false,
            features,
            gold,
            unit: i,
        }
    }

    /// Labels "a" and "b", target "T": the setting of the toy rules below.
    fn two_labels_one_target() -> (Vec<String>, Vec<String>) {
        (vec!["a".into(), "b".into()], vec!["T".into()])
    }

    #[test]
    fn learns_a_separable_rule() {
        let (labels, targets) = two_labels_one_target();
        let ex: Vec<Example> = (0..40)
            .map(|i| {
                let f = vec![if i % 2 == 0 { 1.0 } else { -1.0 }, (i % 7) as f32 * 0.1];
                by_author(i, vec![0; 2], f, i % 2)
            })
            .collect();
        let head = train(&ex, &labels, &targets, &[1, 1], FitOptions::default());
        assert!(head.scores(&[1.0, 0.3], 0, NOBODY)[0] > 0.9);
        assert!(head.scores(&[-1.0, 0.3], 0, NOBODY)[1] > 0.9);
        let cv = cross_validate(&ex, &[], &labels, &targets, &[1, 1], FitOptions::default());
        assert!(cv.iter().zip(&ex).all(|(p, e)| *p == e.gold));
        let json = serde_json::to_string(&head).unwrap();
        assert_eq!(serde_json::from_str::<Head>(&json).unwrap(), head);
    }

    #[test]
    fn added_examples_train_every_fold_and_are_never_scored() {
        // Each article holds the only examples of one rule, so leaving it out loses the
        // rule; the added examples (another corpus) carry it into every fold.
        let (labels, targets) = two_labels_one_target();
        let ex: Vec<Example> = (0..8)
            .map(|i| {
                let mut e = by_author(i, vec![0; 2], vec![1.0, 0.0], 0);
                if i % 4 == 0 {
                    (e.features, e.gold) = (vec![-1.0, 0.0], 1);
                }
                e
            })
            .collect();
        let extra: Vec<Example> = (0..20)
            .map(|i| {
                let mut e = by_author(i, vec![0; 2], vec![1.0, 0.0], i % 2);
                e.doc = "other corpus".into();
                e.features[0] = if i % 2 == 0 { 1.0 } else { -1.0 };
                e
            })
            .collect();
        let opts = FitOptions::default();
        let alone = cross_validate(&ex, &[], &labels, &targets, &[1, 1], opts);
        let added = cross_validate(&ex, &extra, &labels, &targets, &[1, 1], opts);
        assert_eq!(added.len(), ex.len());
        let right = |p: &[usize]| p.iter().zip(&ex).filter(|(p, e)| **p == e.gold).count();
        assert!(right(&alone) < ex.len(), "{alone:?}");
        assert_eq!(right(&added), ex.len(), "{added:?}");
    }

    #[test]
    fn learns_who_speaks_for_whom() {
        // Features carry nothing; a power's own officials back it, others criticise it.
        let labels: Vec<String> = ["supportive", "critical"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let targets: Vec<String> = ["US", "China"].iter().map(|s| s.to_string()).collect();
        let ex: Vec<Example> = (0..48)
            .map(|i| {
                let (target, speaker) = (i % 2, (i / 2) % 2);
                Example {
                    doc: format!("d{}", i % 4),
                    target,
                    country: Country::parse(&targets[speaker]),
                    author: false,
                    targets: 1,
                    words: vec![0; 2],
                    quotes: false,
                    features: vec![0.1 * (i % 5) as f32, 0.1 * (i % 3) as f32],
                    gold: usize::from(target != speaker),
                    unit: i,
                }
            })
            .collect();
        let head = train(&ex, &labels, &targets, &[1, 1], FitOptions::default());
        let country = Country::parse("China");
        let china = Cues {
            country: &country,
            author: false,
            targets: 1,
            words: &[0, 0],
            quotes: false,
        };
        assert!(head.scores(&[0.2, 0.1], 1, china)[0] > 0.8);
        assert!(head.scores(&[0.2, 0.1], 0, china)[1] > 0.8);
        // A head written before speaker inputs existed still loads and scores.
        let mut old = serde_json::to_value(&head).unwrap();
        for key in ["cues", "cue_words", "input_mean", "input_std"] {
            old.as_object_mut().unwrap().remove(key);
        }
        for row in old["weights"].as_array_mut().unwrap() {
            row.as_array_mut().unwrap().truncate(4);
        }
        let old: Head = serde_json::from_value(old).unwrap();
        assert!(!old.cues);
        assert_eq!(old.scores(&[0.2, 0.1], 1, china).len(), 2);
    }

    #[test]
    fn learns_from_cue_words() {
        // Features and speakers carry nothing; a unit with the critical label's cue
        // words is critical, one without is neutral.
        let labels: Vec<String> = ["critical", "neutral"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let targets = vec!["US".to_string()];
        let ex: Vec<Example> = (0..40)
            .map(|i| {
                let words = vec![(i % 2) as u32 * (1 + i % 3) as u32, (i % 5) as u32];
                let f = vec![0.1 * (i % 3) as f32, 0.1 * (i % 7) as f32];
                by_author(i, words, f, 1 - i % 2)
            })
            .collect();
        let opts = FitOptions::default();
        let head = train(&ex, &labels, &targets, &[1, 1], opts);
        assert!(head.cue_words && head.input_mean.len() == head.input_std.len());
        let with = |w: &'static [u32]| Cues { words: w, ..NOBODY };
        assert!(head.scores(&[0.1, 0.2], 0, with(&[2, 0]))[0] > 0.8);
        assert!(head.scores(&[0.1, 0.2], 0, with(&[0, 3]))[1] > 0.8);
        let cv = cross_validate(&ex, &[], &labels, &targets, &[1, 1], opts);
        assert!(cv.iter().zip(&ex).all(|(p, e)| *p == e.gold));
        // Without the cue words the head cannot tell them apart.
        let blind = FitOptions {
            cue_words: false,
            ..opts
        };
        let cv = cross_validate(&ex, &[], &labels, &targets, &[1, 1], blind);
        assert!(cv.iter().zip(&ex).filter(|(p, e)| **p == e.gold).count() < 36);
    }

    #[test]
    fn quotation_marks_are_learned_only_when_asked() {
        // Features carry nothing; quoted units are "a", the others "b".
        let (labels, targets) = two_labels_one_target();
        let ex: Vec<Example> = (0..40)
            .map(|i| Example {
                quotes: i % 2 == 0,
                ..by_author(
                    i,
                    vec![0; 2],
                    vec![0.1 * (i % 3) as f32, 0.0],
                    usize::from(i % 2 == 1),
                )
            })
            .collect();
        let quoted = Cues {
            quotes: true,
            ..NOBODY
        };
        let asked = FitOptions {
            quotes: true,
            ..FitOptions::default()
        };
        let head = train(&ex, &labels, &targets, &[1, 1], asked);
        assert!(head.quotes);
        assert!(head.scores(&[0.1, 0.0], 0, quoted)[0] > 0.8);
        assert!(head.scores(&[0.1, 0.0], 0, NOBODY)[1] > 0.8);
        let head = train(&ex, &labels, &targets, &[1, 1], FitOptions::default());
        assert!(!head.quotes);
        let p = head.scores(&[0.1, 0.0], 0, quoted)[0];
        assert!((p - 0.5).abs() < 0.1, "{p}");
    }

    #[test]
    fn a_pool_limits_what_each_fold_learns_from() {
        // Gold follows the second feature, which the plain means read the other way.
        let (labels, targets) = two_labels_one_target();
        let ex: Vec<Example> = (0..40)
            .map(|i| {
                let g = usize::from(i % 2 == 1);
                by_author(i, vec![0; 2], vec![0.0, if g == 1 { -1.0 } else { 1.0 }], g)
            })
            .collect();
        let opts = FitOptions::default();
        let all = cross_validate(&ex, &[], &labels, &targets, &[1, 1], opts);
        let every: std::collections::BTreeSet<(String, usize)> =
            ex.iter().map(|e| (e.doc.clone(), e.unit)).collect();
        let none = std::collections::BTreeSet::new();
        let folds = |pool| Folds {
            examples: &ex,
            extra: &[],
            pool: Some(pool),
            labels: &labels,
            targets: &targets,
            per_label: &[1, 1],
        };
        assert_eq!(cross_validate_folds(&folds(&every), opts), all);
        let right = |p: &[usize]| p.iter().zip(&ex).filter(|(p, e)| **p == e.gold).count();
        assert_eq!(right(&all), 40);
        // Nothing admitted: the plain means, wrong on every example.
        assert_eq!(right(&cross_validate_folds(&folds(&none), opts)), 0);
    }
}
