//! Aggregate: tallies per target, per article x target and per speaker x target.
//!
//! A tally keeps counts and score sums, never means, so partial aggregates from shards
//! merge exactly (`Summary::merge`); means, shares and the net stance index are
//! derived when read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pipeline::AnalyzedArticle;

/// Counts and score sums for one group (a target, an article x target, a speaker x target).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Classified mentions (units with a stance toward the target).
    pub mentions: u64,
    /// Units per predicted label.
    pub counts: BTreeMap<String, u64>,
    /// Sum of each label's score over the units.
    pub score_sums: BTreeMap<String, f64>,
}

impl Tally {
    /// Add one classified unit.
    pub fn add(&mut self, label: &str, scores: &[(String, f32)]) {
        self.mentions += 1;
        *self.counts.entry(label.to_string()).or_default() += 1;
        for (l, s) in scores {
            *self.score_sums.entry(l.clone()).or_default() += f64::from(*s);
        }
    }

    /// Add another tally's counts and sums.
    pub fn merge(&mut self, other: &Tally) {
        self.mentions += other.mentions;
        for (k, v) in &other.counts {
            *self.counts.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.score_sums {
            *self.score_sums.entry(k.clone()).or_default() += v;
        }
    }

    /// Share of units with `label`.
    pub fn share(&self, label: &str) -> f64 {
        if self.mentions == 0 {
            return 0.0;
        }
        *self.counts.get(label).unwrap_or(&0) as f64 / self.mentions as f64
    }

    /// Mean score of `label`.
    pub fn mean_score(&self, label: &str) -> f64 {
        if self.mentions == 0 {
            return 0.0;
        }
        self.score_sums.get(label).unwrap_or(&0.0) / self.mentions as f64
    }

    /// Net stance index: (supportive - critical) / mentions, in [-1, 1].
    pub fn net(&self) -> f64 {
        self.share("supportive") - self.share("critical")
    }
}

/// All tallies of a run; keys are target names, article ids and speaker names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Stance labels in order.
    pub labels: Vec<String>,
    /// Targets in order.
    pub targets: Vec<String>,
    /// Articles and units seen.
    pub articles: u64,
    /// Units seen (boilerplate included).
    pub units: u64,
    /// Boilerplate units.
    pub boilerplate: u64,
    /// Per target.
    pub by_target: BTreeMap<String, Tally>,
    /// Per article, then target.
    pub by_article: BTreeMap<String, BTreeMap<String, Tally>>,
    /// Per speaker (name), then target.
    pub by_speaker: BTreeMap<String, BTreeMap<String, Tally>>,
    /// Speaker name -> country, as attributed.
    pub speaker_country: BTreeMap<String, String>,
}

impl Summary {
    /// An empty summary over these labels and targets.
    pub fn new(labels: Vec<String>, targets: Vec<String>) -> Self {
        Summary {
            labels,
            targets,
            ..Summary::default()
        }
    }

    /// Tally one analysed article.
    pub fn add(&mut self, art: &AnalyzedArticle) {
        self.articles += 1;
        for u in &art.units {
            self.units += 1;
            self.boilerplate += u64::from(u.unit.boilerplate);
            for (t, st) in u.stances.iter().enumerate() {
                let Some(st) = st else { continue };
                let target = &self.targets[t];
                let label = &self.labels[st.label];
                let scores: Vec<(String, f32)> = self
                    .labels
                    .iter()
                    .cloned()
                    .zip(st.scores.iter().copied())
                    .collect();
                self.by_target
                    .entry(target.clone())
                    .or_default()
                    .add(label, &scores);
                self.by_article
                    .entry(art.article.id.clone())
                    .or_default()
                    .entry(target.clone())
                    .or_default()
                    .add(label, &scores);
                self.by_speaker
                    .entry(u.speaker.name.clone())
                    .or_default()
                    .entry(target.clone())
                    .or_default()
                    .add(label, &scores);
                self.speaker_country
                    .entry(u.speaker.name.clone())
                    .or_insert_with(|| u.speaker.country.clone());
            }
        }
    }

    /// Fold another summary (another shard of the same run setup) into this one.
    pub fn merge(&mut self, other: &Summary) {
        self.articles += other.articles;
        self.units += other.units;
        self.boilerplate += other.boilerplate;
        for (k, v) in &other.by_target {
            self.by_target.entry(k.clone()).or_default().merge(v);
        }
        for (map, theirs) in [
            (&mut self.by_article, &other.by_article),
            (&mut self.by_speaker, &other.by_speaker),
        ] {
            for (k, inner) in theirs {
                let mine = map.entry(k.clone()).or_default();
                for (t, v) in inner {
                    mine.entry(t.clone()).or_default().merge(v);
                }
            }
        }
        for (k, v) in &other.speaker_country {
            self.speaker_country
                .entry(k.clone())
                .or_insert_with(|| v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(labels: &[&str]) -> Tally {
        let mut t = Tally::default();
        for l in labels {
            t.add(l, &[("supportive".into(), 0.5), ("critical".into(), 0.25)]);
        }
        t
    }

    #[test]
    fn tallies_merge_exactly() {
        let mut a = tally(&["supportive", "critical", "critical"]);
        let b = tally(&["supportive"]);
        let whole = tally(&["supportive", "critical", "critical", "supportive"]);
        a.merge(&b);
        assert_eq!(a, whole);
        assert!((a.net() - 0.0).abs() < 1e-12);
        assert!((a.mean_score("supportive") - 0.5).abs() < 1e-12);
        assert!((tally(&["critical"]).net() + 1.0).abs() < 1e-12);
    }
}
