//! Pipeline: the stages in order over one article (segment, targets, speaker, cue
//! words), then
//! the classifier over the mentioned targets of many articles at once.
//!
//! The rule stages run in parallel across articles (rayon); the NLI pairs of a chunk of
//! articles are pooled, sorted by length and batched, with ONNX Runtime's threads
//! inside each call. Only non-boilerplate units that mention a target are classified.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::cache::ScoreCache;
use crate::calibrate::Calibration;
use crate::classify::{self, Hypotheses, Request};
use crate::corpus::Article;
use crate::error::Result;
use crate::labels::Labels;
use crate::nli::NliModel;
use crate::segment::{self, Unit};
use crate::span::Span;
use crate::speaker::{self, Speaker};
use crate::targets::{self, Gazetteer, Mention};

use crate::calibrate::Cues;
pub use crate::classify::TargetStance;

/// One analysed unit.
#[derive(Debug, Clone)]
pub struct AnalyzedUnit {
    /// The unit's span and boilerplate flag.
    pub unit: Unit,
    /// Who voices it.
    pub speaker: Speaker,
    /// Target mentions inside it.
    pub mentions: Vec<Mention>,
    /// Per target: the stance, or `None` when the target is not mentioned (or the unit
    /// is boilerplate, which is not classified).
    pub stances: Vec<Option<TargetStance>>,
    /// Cue words of each stance label in the unit (`lexicon`), in label order.
    pub cue_words: Vec<u32>,
    /// The unit has double quotation marks (`lexicon::has_quotes`).
    pub has_quotes: bool,
}

impl AnalyzedUnit {
    /// True when the unit mentions target `t`.
    pub fn mentions_target(&self, t: usize) -> bool {
        self.mentions.iter().any(|m| m.target == t)
    }
}

/// One analysed article: the text and its units.
#[derive(Debug, Clone)]
pub struct AnalyzedArticle {
    /// The source article.
    pub article: Article,
    /// Its units in order.
    pub units: Vec<AnalyzedUnit>,
    /// Its publication date (the input's `date` field, else found in the text).
    pub date: Option<crate::date::Dated>,
}

/// What text the model sees as the premise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Context {
    /// The sentence alone.
    #[default]
    Sentence,
    /// The previous unit, then the sentence.
    Previous,
}

/// Settings of a pipeline run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Pairs per model call.
    pub batch_size: usize,
    /// Articles whose pairs are pooled before classification.
    pub chunk_articles: usize,
    /// What the premise holds.
    pub context: Context,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_size: 32,
            chunk_articles: 64,
            context: Context::Sentence,
        }
    }
}

/// A ready-to-run pipeline: label data compiled, model loaded.
pub struct Pipeline {
    /// Label sets, gazetteers, rules.
    pub labels: Labels,
    gazetteer: Gazetteer,
    hyps: Hypotheses,
    model: Option<Box<dyn NliModel>>,
    calibration: Option<Calibration>,
    cache: Option<ScoreCache>,
    stats: Mutex<Stats>,
    opts: Options,
}

/// Work done by the model in a run (`Pipeline::stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stats {
    /// (premise, hypothesis) pairs the mentions asked for.
    pub pairs: usize,
    /// Distinct pairs among them (repeated units share their pairs).
    pub distinct: usize,
    /// Pairs the model scored (distinct pairs not found in the cache).
    pub scored: usize,
    /// Seconds spent planning, scoring and caching pairs.
    pub model_secs: f64,
}

impl Pipeline {
    /// A pipeline; without a model it segments and attributes but does not classify.
    pub fn new(labels: Labels, model: Option<Box<dyn NliModel>>, opts: Options) -> Result<Self> {
        Ok(Pipeline {
            gazetteer: Gazetteer::new(&labels.targets, &labels.groups)?,
            hyps: Hypotheses::new(&labels),
            labels,
            model,
            calibration: None,
            cache: None,
            stats: Mutex::new(Stats::default()),
            opts,
        })
    }

    /// Use a calibration (from `geostance fit`, or label-free centring) when scoring.
    pub fn with_calibration(mut self, cal: Option<Calibration>) -> Self {
        self.calibration = cal;
        self
    }

    /// Remember scores across runs in `cache` (`--cache DIR`).
    pub fn with_cache(mut self, cache: Option<ScoreCache>) -> Self {
        self.cache = cache;
        self
    }

    /// The loaded model, if any.
    pub fn model(&self) -> Option<&dyn NliModel> {
        self.model.as_deref()
    }

    /// The rule stages over one article: units, speakers, mentions (no stance yet).
    pub fn structure(&self, article: Article) -> AnalyzedArticle {
        let text = &article.text;
        let units = segment::segment(text, &self.labels.boilerplate);
        let speakers = speaker::attribute(text, &units, &self.labels.speakers);
        let mut mentions: Vec<Vec<Mention>> = units
            .iter()
            .map(|u| self.gazetteer.find(text, u.span))
            .collect();
        let doc = targets::ArticleView {
            text,
            units: &units,
            speakers: &speakers,
        };
        targets::resolve_implicit(
            &doc,
            &self.labels.targets,
            &self.labels.implicit,
            &mut mentions,
        );
        let units = units
            .into_iter()
            .zip(speakers)
            .zip(mentions)
            .map(|((unit, speaker), mentions)| AnalyzedUnit {
                mentions,
                has_quotes: crate::lexicon::has_quotes(unit.span.slice(text)),
                stances: vec![None; self.labels.targets.len()],
                cue_words: self
                    .labels
                    .cue_words
                    .count(&crate::span::collapse_ws(unit.span.slice(text))),
                unit,
                speaker,
            })
            .collect();
        let date = crate::date::date(text, article.date);
        AnalyzedArticle {
            article,
            units,
            date,
        }
    }

    /// Analyse many articles: rule stages in parallel, then classification in chunks.
    /// `progress` is called with the number of articles finished.
    pub fn run(
        &self,
        articles: Vec<Article>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<AnalyzedArticle>> {
        let mut out = Vec::with_capacity(articles.len());
        self.run_chunks(articles, &mut |chunk| {
            progress(chunk.len());
            out.extend(chunk);
            Ok(())
        })?;
        Ok(out)
    }

    /// Analyse many articles chunk by chunk, in input order, handing each finished
    /// chunk to `done` (to write it out before the next chunk starts).
    pub fn run_chunks(
        &self,
        articles: Vec<Article>,
        done: &mut dyn FnMut(Vec<AnalyzedArticle>) -> Result<()>,
    ) -> Result<()> {
        let mut rest = articles;
        while !rest.is_empty() {
            let tail = rest.split_off(self.opts.chunk_articles.min(rest.len()));
            let chunk = std::mem::replace(&mut rest, tail);
            let mut analysed: Vec<AnalyzedArticle> =
                chunk.into_par_iter().map(|a| self.structure(a)).collect();
            self.classify(&mut analysed)?;
            done(analysed)?;
        }
        Ok(())
    }

    /// What decides this pipeline's records besides the binary: the model's identity,
    /// the label data, the calibration and the options (for `run --resume`).
    pub fn settings(&self) -> Result<String> {
        let model = match &self.model {
            Some(m) => m.identity()?,
            None => "no model".into(),
        };
        Ok(format!(
            "{model}\n{:?}\n{:?}\n{:?}",
            self.labels, self.calibration, self.opts
        ))
    }

    /// What decides the scores, recorded in each summary (`setup`): the model's
    /// identity, and hashes of the label data and of the calibration, and the context.
    /// (Threads, batch size and chunking change no output, so they are not here.)
    pub fn setup(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let model = match &self.model {
            Some(m) => m.identity()?,
            None => "no model".into(),
        };
        let calibration = match &self.calibration {
            Some(Calibration::Centered { .. }) => "centered".into(),
            Some(c) => crate::cache::text_sha256(&format!("{c:?}")),
            None => "plain".into(),
        };
        Ok([
            ("model", model),
            (
                "labels",
                crate::cache::text_sha256(&format!("{:?}", self.labels)),
            ),
            ("calibration", calibration),
            ("context", format!("{:?}", self.opts.context).to_lowercase()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect())
    }

    /// Classify every mentioned target of every non-boilerplate unit.
    pub fn classify(&self, articles: &mut [AnalyzedArticle]) -> Result<()> {
        let Some(model) = &self.model else {
            return Ok(());
        };
        let (keys, premises) = self.requests(articles);
        let requests = Self::as_requests(&keys, &premises);
        let plan = classify::plan(&self.hyps, &requests);
        let started = std::time::Instant::now();
        let scored = AtomicUsize::new(0);
        let how = classify::Scoring {
            batch_size: self.opts.batch_size,
            cache: self.cache.as_ref(),
        };
        let feats = classify::features(model.as_ref(), &plan, &how, &|n| {
            scored.fetch_add(n, Ordering::Relaxed);
        })?;
        if let Some(c) = &self.cache {
            c.flush()?;
        }
        if let Ok(mut st) = self.stats.lock() {
            st.pairs += plan.index.iter().map(Vec::len).sum::<usize>();
            st.distinct += plan.pairs.len();
            st.scored += scored.load(Ordering::Relaxed);
            st.model_secs += started.elapsed().as_secs_f64();
        }
        let per_label = self.labels.templates_per_label();
        for ((a, u, t), f) in keys.into_iter().zip(feats) {
            let cues = cues_of(&articles[a].units[u]);
            let scores = match &self.calibration {
                Some(c) => c.scores(&f, t, cues),
                None => classify::label_scores(&f, &per_label),
            };
            articles[a].units[u].stances[t] = Some(TargetStance {
                label: classify::argmax(&scores),
                scores,
                features: f,
            });
        }
        if let Some(c) = &self.calibration {
            let mut all: Vec<(usize, &mut TargetStance)> = articles
                .iter_mut()
                .flat_map(|a| a.units.iter_mut())
                .flat_map(|u| u.stances.iter_mut().enumerate())
                .filter_map(|(t, s)| s.as_mut().map(|s| (t, s)))
                .collect();
            c.finish(&mut all);
        }
        Ok(())
    }

    /// Every (article, unit, target) to classify, with its premise.
    fn requests(&self, articles: &[AnalyzedArticle]) -> (Vec<(usize, usize, usize)>, Vec<String>) {
        let mut keys = Vec::new();
        let mut premises = Vec::new();
        for (a, art) in articles.iter().enumerate() {
            for (u, au) in art.units.iter().enumerate() {
                if au.unit.boilerplate {
                    continue;
                }
                for t in 0..self.labels.targets.len() {
                    if au.mentions_target(t) {
                        keys.push((a, u, t));
                        premises.push(self.premise(art, u, t));
                    }
                }
            }
        }
        (keys, premises)
    }

    fn as_requests<'a>(keys: &[(usize, usize, usize)], premises: &'a [String]) -> Vec<Request<'a>> {
        keys.iter()
            .zip(premises)
            .map(|(&(_, _, t), p)| Request {
                premise: p,
                target: t,
            })
            .collect()
    }

    /// The distinct (premise, hypothesis) pairs the model is asked about for these
    /// articles, in the order they are sent (shortest first), as owned strings.
    pub fn pairs(&self, articles: &[AnalyzedArticle]) -> Vec<(String, String)> {
        let (keys, premises) = self.requests(articles);
        let requests = Self::as_requests(&keys, &premises);
        classify::plan(&self.hyps, &requests)
            .pairs
            .iter()
            .map(|p| (p.premise.to_string(), p.hypothesis.to_string()))
            .collect()
    }

    /// What the model did so far: pairs asked, distinct, scored, and seconds inside it.
    pub fn stats(&self) -> Stats {
        self.stats.lock().map(|s| *s).unwrap_or_default()
    }

    /// The premise for unit `u` and target `t`: the sentence, with the sentence before
    /// when `--context previous` asks for it or when the target is only implied here
    /// (a pronoun or a first person: the model must see who "it" is).
    fn premise(&self, art: &AnalyzedArticle, u: usize, t: usize) -> String {
        let text = &art.article.text;
        let unit = &art.units[u].unit;
        let implied = art.units[u]
            .mentions
            .iter()
            .filter(|m| m.target == t)
            .all(|m| m.implicit);
        let with_previous = self.opts.context == Context::Previous || implied;
        let prev = u
            .checked_sub(1)
            .map(|p| &art.units[p].unit)
            .filter(|p| !p.boilerplate);
        match prev {
            Some(prev) if with_previous && prev.block + 1 >= unit.block => {
                let s = Span::new(prev.span.start, unit.span.end);
                crate::span::collapse_ws(s.slice(text))
            }
            _ => crate::span::collapse_ws(unit.span.slice(text)),
        }
    }
}

/// The cues of an analysed unit, for the fitted head (`calibrate::Cues`).
pub fn cues_of(unit: &AnalyzedUnit) -> Cues<'_> {
    let mut seen: Vec<usize> = unit.mentions.iter().map(|m| m.target).collect();
    seen.sort_unstable();
    seen.dedup();
    Cues {
        country: &unit.speaker.country,
        author: unit.speaker.kind == crate::speaker::SpeakerType::Author,
        targets: seen.len(),
        words: &unit.cue_words,
        quotes: unit.has_quotes,
    }
}
