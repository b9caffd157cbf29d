//! Aggregate: tallies per target, per article x target, per speaker x target, per
//! speaker country x voice x target (who is critical of whom) and per date x target.
//!
//! A tally keeps counts and score sums, never means, so partial aggregates from shards
//! merge exactly (`Summary::merge`); means, shares, the net stance index and the time
//! series are derived when read ([`Summary::derive`], one typed view that every
//! exporter renders).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::date::Dated;
use crate::pipeline::AnalyzedArticle;
use crate::speaker::SpeakerType;

/// What a speaker is, as the "who is critical of whom" matrix groups them: `author`;
/// `officials` (governments, ministries, embassies, and people or bodies speaking for a
/// named state); `experts` (people and bodies that speak for no state: analysts,
/// scholars, think tanks).
pub fn voice(kind: SpeakerType, country: &Country) -> &'static str {
    match (kind, country) {
        (SpeakerType::Author, _) => "author",
        (SpeakerType::Government, _) => "officials",
        (_, Country::Named(_)) => "officials",
        _ => "experts",
    }
}

/// What is known of one article besides its tallies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleInfo {
    /// Publication date and where it came from, when known.
    pub date: Option<Dated>,
    /// The first non-boilerplate unit (the headline, as a reader sees it), whitespace
    /// collapsed and cut at 200 characters.
    pub title: String,
    /// Units in the article.
    pub units: u64,
}

/// A score in [0, 1] as whole millionths.
fn micros(s: f32) -> u64 {
    (f64::from(s).clamp(0.0, 1.0) * 1e6).round() as u64
}

/// Record `value` for `key`; of two values the smaller (byte order) is kept, so the map
/// is the same whatever order articles and shards are added in.
fn keep_first(map: &mut BTreeMap<String, String>, key: &str, value: &str) {
    match map.get_mut(key) {
        Some(v) if value < v.as_str() => *v = value.to_string(),
        Some(_) => {}
        None => {
            map.insert(key.to_string(), value.to_string());
        }
    }
}

/// Counts and score sums for one group (a target, an article x target, a speaker x target).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Classified mentions (units with a stance toward the target).
    pub mentions: u64,
    /// Units per predicted label.
    pub counts: BTreeMap<String, u64>,
    /// Sum of each label's score over the units, in millionths: integers, so shard
    /// tallies add up exactly, in any order, to one run's.
    pub score_micros: BTreeMap<String, u64>,
}

impl Tally {
    /// Add one classified unit.
    pub fn add(&mut self, label: &str, scores: &[(String, f32)]) {
        self.mentions += 1;
        *self.counts.entry(label.to_string()).or_default() += 1;
        for (l, s) in scores {
            *self.score_micros.entry(l.clone()).or_default() += micros(*s);
        }
    }

    /// Add another tally's counts and sums.
    pub fn merge(&mut self, other: &Tally) {
        self.mentions += other.mentions;
        for (k, v) in &other.counts {
            *self.counts.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.score_micros {
            *self.score_micros.entry(k.clone()).or_default() += v;
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
        self.score_micros.get(label).copied().unwrap_or(0) as f64 / 1e6 / self.mentions as f64
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
    /// Speaker name -> country, as attributed (of several, the first in byte order).
    pub speaker_country: BTreeMap<String, String>,
    /// What made the run: `model` (sha256 of the weights and backend), `labels` (of the
    /// label data), `calibration` (of the scoring head, or `plain`), `context`. Shards
    /// merge only when these are equal (`geostance merge`).
    #[serde(default)]
    pub setup: BTreeMap<String, String>,
    /// Speaker country, then voice ([`voice`]), then target.
    #[serde(default)]
    pub by_voice: BTreeMap<String, BTreeMap<String, BTreeMap<String, Tally>>>,
    /// Publication date (`YYYY-MM-DD`), then target; undated articles are not here.
    #[serde(default)]
    pub by_date: BTreeMap<String, BTreeMap<String, Tally>>,
    /// Per article: date, title, units.
    #[serde(default)]
    pub article_info: BTreeMap<String, ArticleInfo>,
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
        let text = &art.article.text;
        let title = art
            .units
            .iter()
            .find(|u| !u.unit.boilerplate)
            .map(|u| crate::span::collapse_ws(u.unit.span.slice(text)))
            .unwrap_or_default();
        self.article_info.insert(
            art.article.id.clone(),
            ArticleInfo {
                date: art.date,
                title: title.chars().take(200).collect(),
                units: art.units.len() as u64,
            },
        );
        let day = art.date.map(|d| d.date.to_string());
        for u in &art.units {
            self.units += 1;
            self.boilerplate += u64::from(u.unit.boilerplate);
            for (t, st) in u.stances.iter().enumerate() {
                let Some(st) = st else { continue };
                let target = self.targets[t].clone();
                let label = self.labels[st.label].clone();
                let scores: Vec<(String, f32)> = self
                    .labels
                    .iter()
                    .cloned()
                    .zip(st.scores.iter().copied())
                    .collect();
                self.add_mention(&art.article.id, u, (target, label), &scores, day.as_deref());
            }
        }
    }

    /// Tally one classified mention: `(target, label)` of unit `u` of article `id`.
    fn add_mention(
        &mut self,
        id: &str,
        u: &crate::pipeline::AnalyzedUnit,
        (target, label): (String, String),
        scores: &[(String, f32)],
        day: Option<&str>,
    ) {
        let name = &u.speaker.name;
        let country = &u.speaker.country;
        self.by_target
            .entry(target.clone())
            .or_default()
            .add(&label, scores);
        for map in [
            self.by_article.entry(id.to_string()).or_default(),
            self.by_speaker.entry(name.clone()).or_default(),
        ] {
            map.entry(target.clone()).or_default().add(&label, scores);
        }
        keep_first(&mut self.speaker_country, name, country.as_str());
        self.by_voice
            .entry(country.to_string())
            .or_default()
            .entry(voice(u.speaker.kind, country).to_string())
            .or_default()
            .entry(target.clone())
            .or_default()
            .add(&label, scores);
        if let Some(day) = day {
            self.by_date
                .entry(day.to_string())
                .or_default()
                .entry(target)
                .or_default()
                .add(&label, scores);
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
            (&mut self.by_date, &other.by_date),
        ] {
            merge_nested(map, theirs);
        }
        for (country, voices) in &other.by_voice {
            let mine = self.by_voice.entry(country.clone()).or_default();
            for (v, inner) in voices {
                merge_nested_one(mine.entry(v.clone()).or_default(), inner);
            }
        }
        for (k, v) in &other.article_info {
            self.article_info
                .entry(k.clone())
                .or_insert_with(|| v.clone());
        }
        for (k, v) in &other.speaker_country {
            keep_first(&mut self.speaker_country, k, v);
        }
        if self.setup.is_empty() {
            self.setup = other.setup.clone();
        }
    }
}

/// Derived figures of one tally, rounded to 4 decimals: what every exporter shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Classified mentions.
    pub mentions: u64,
    /// Mentions per label (every label, zeros included).
    pub counts: BTreeMap<String, u64>,
    /// Share of mentions per label.
    pub share: BTreeMap<String, f64>,
    /// Mean score per label.
    pub mean_score: BTreeMap<String, f64>,
    /// Share supportive minus share critical, in [-1, 1].
    pub net: f64,
}

/// `x` rounded to 4 decimals.
pub fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

impl Figures {
    /// The figures of `t` over `labels`.
    pub fn of(t: &Tally, labels: &[String]) -> Figures {
        let per =
            |f: &dyn Fn(&str) -> f64| labels.iter().map(|l| (l.clone(), round4(f(l)))).collect();
        Figures {
            mentions: t.mentions,
            counts: labels
                .iter()
                .map(|l| (l.clone(), t.counts.get(l).copied().unwrap_or(0)))
                .collect(),
            share: per(&|l| t.share(l)),
            mean_score: per(&|l| t.mean_score(l)),
            net: round4(t.net()),
        }
    }
}

/// One cell of "who is critical of whom": a speaker country and voice toward a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The country the speakers speak for (`none` for the author).
    pub speaker_country: String,
    /// `author`, `officials` or `experts` ([`voice`]).
    pub voice: String,
    /// The target.
    pub target: String,
    /// The cell's figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One point of the stance-over-time series: a period and a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// `YYYY-MM` or `YYYY-MM-DD` (see [`Timeline::granularity`]).
    pub period: String,
    /// The target.
    pub target: String,
    /// Dated articles in the period (with or without a mention of the target).
    pub articles: u64,
    /// The point's figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// Stance over time: per period and target, over the dated articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// `day` when the dated articles span at most 62 days, else `month`.
    pub granularity: String,
    /// Periods with at least one dated article, in order.
    pub periods: Vec<String>,
    /// Points with at least one mention, by period then target order.
    pub points: Vec<Point>,
    /// Articles with a date.
    pub dated: u64,
    /// Ids of the articles without a date (not in the series).
    pub undated: Vec<String>,
}

/// One article's row: date, title and figures per mentioned target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    /// Article id.
    pub id: String,
    /// `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Where the date came from: `field`, `text` or `none`.
    pub date_from: String,
    /// The first non-boilerplate unit.
    pub title: String,
    /// Units in the article.
    pub units: u64,
    /// Per mentioned target.
    pub targets: BTreeMap<String, Figures>,
}

/// Everything the exporters show, derived from a [`Summary`] (so one run and its merged
/// shards show the same figures).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derived {
    /// Per target, in label-file order.
    pub by_target: BTreeMap<String, Figures>,
    /// Who is critical of whom: speaker country x voice x target, cells with mentions.
    pub matrix: Vec<Cell>,
    /// Stance over time.
    pub timeline: Timeline,
    /// Per article, by id.
    pub articles: Vec<ArticleRow>,
}

impl Derived {
    /// The matrix's rows: each (speaker country, voice) with a cell, in matrix order.
    pub fn matrix_rows(&self) -> Vec<(&str, &str)> {
        let mut rows: Vec<(&str, &str)> = self
            .matrix
            .iter()
            .map(|c| (c.speaker_country.as_str(), c.voice.as_str()))
            .collect();
        rows.dedup();
        rows
    }

    /// The matrix cell (and its index) of a speaker country and voice toward `target`.
    pub fn cell(&self, country: &str, voice: &str, target: &str) -> Option<(usize, &Cell)> {
        self.matrix
            .iter()
            .enumerate()
            .find(|(_, c)| c.speaker_country == country && c.voice == voice && c.target == target)
    }
}

impl Summary {
    /// The derived view of these tallies.
    pub fn derive(&self) -> Derived {
        let fig = |t: &Tally| Figures::of(t, &self.labels);
        let by_target = self
            .targets
            .iter()
            .map(|t| {
                (
                    t.clone(),
                    fig(&self.by_target.get(t).cloned().unwrap_or_default()),
                )
            })
            .collect();
        let mut matrix = Vec::new();
        for (country, voices) in &self.by_voice {
            for (v, per) in voices {
                for target in self.targets.iter().filter(|t| per.contains_key(*t)) {
                    matrix.push(Cell {
                        speaker_country: country.clone(),
                        voice: v.clone(),
                        target: target.clone(),
                        figures: fig(&per[target]),
                    });
                }
            }
        }
        let articles = self
            .article_info
            .iter()
            .map(|(id, info)| ArticleRow {
                id: id.clone(),
                date: info.date.map(|d| d.date.to_string()),
                date_from: match info.date.map(|d| d.source) {
                    Some(crate::date::Source::Field) => "field",
                    Some(crate::date::Source::Text { .. }) => "text",
                    None => "none",
                }
                .to_string(),
                title: info.title.clone(),
                units: info.units,
                targets: self
                    .by_article
                    .get(id)
                    .map(|m| m.iter().map(|(t, x)| (t.clone(), fig(x))).collect())
                    .unwrap_or_default(),
            })
            .collect();
        Derived {
            by_target,
            matrix,
            timeline: self.timeline(),
            articles,
        }
    }

    fn timeline(&self) -> Timeline {
        let dates: Vec<crate::date::Date> = self
            .article_info
            .values()
            .filter_map(|i| i.date.map(|d| d.date))
            .collect();
        let span = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) => b.ordinal() - a.ordinal(),
            _ => 0,
        };
        let by_day = span <= 62;
        let period = |d: &crate::date::Date| match by_day {
            true => d.to_string(),
            false => d.month_key(),
        };
        let mut articles: BTreeMap<String, u64> = BTreeMap::new();
        for d in &dates {
            *articles.entry(period(d)).or_default() += 1;
        }
        let mut tallies: BTreeMap<String, BTreeMap<String, Tally>> = BTreeMap::new();
        for (day, per) in &self.by_date {
            let Some(d) = crate::date::Date::parse_iso(day) else {
                continue;
            };
            merge_nested_one(tallies.entry(period(&d)).or_default(), per);
        }
        let mut points = Vec::new();
        for (p, n) in &articles {
            let Some(per) = tallies.get(p) else { continue };
            for target in self.targets.iter().filter(|t| per.contains_key(*t)) {
                points.push(Point {
                    period: p.clone(),
                    target: target.clone(),
                    articles: *n,
                    figures: Figures::of(&per[target], &self.labels),
                });
            }
        }
        Timeline {
            granularity: if by_day { "day" } else { "month" }.to_string(),
            periods: articles.keys().cloned().collect(),
            points,
            dated: dates.len() as u64,
            undated: self
                .article_info
                .iter()
                .filter(|(_, i)| i.date.is_none())
                .map(|(id, _)| id.clone())
                .collect(),
        }
    }
}

type Nested = BTreeMap<String, BTreeMap<String, Tally>>;

fn merge_nested(mine: &mut Nested, theirs: &Nested) {
    for (k, inner) in theirs {
        merge_nested_one(mine.entry(k.clone()).or_default(), inner);
    }
}

fn merge_nested_one(mine: &mut BTreeMap<String, Tally>, theirs: &BTreeMap<String, Tally>) {
    for (t, v) in theirs {
        mine.entry(t.clone()).or_default().merge(v);
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
