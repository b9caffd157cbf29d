//! Eval: hand labels vs predictions, by the scoring conventions of `shared/README.md`.
//!
//! Input: the articles, gold records and predicted records. Units are matched by
//! whitespace-collapsed text, else by the largest character overlap. Output: an
//! `EvalReport` with segmentation, boilerplate, mention, speaker and stance figures
//! (strict, and lenient where the second annotator's label is accepted), confusion
//! matrices and the worst errors with their offsets.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::Article;
use crate::error::{Error, Result};
use crate::record::SentenceRecord;
use crate::span::collapse_ws;

/// Precision, recall, F1 and support.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Gold positives.
    pub support: usize,
}

impl Prf {
    /// From true positives, predicted positives and gold positives.
    pub fn from_counts(tp: usize, pred: usize, gold: usize) -> Prf {
        let p = if pred == 0 {
            0.0
        } else {
            tp as f64 / pred as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            tp as f64 / gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf {
            precision: p,
            recall: r,
            f1,
            support: gold,
        }
    }
}

/// A per-label classification report with macro and weighted averages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClassReport {
    /// Per label.
    pub labels: BTreeMap<String, Prf>,
    /// Unweighted mean of the labels' figures.
    pub macro_avg: Prf,
    /// Support-weighted mean.
    pub weighted_avg: Prf,
    /// Fraction of items labelled right.
    pub accuracy: f64,
    /// Gold label -> predicted label -> count (`none` = target not detected).
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// The labels in report order (the label set's).
    #[serde(skip)]
    pub order: Vec<String>,
}

/// One stance decision, for scoring.
#[derive(Debug, Clone, Serialize)]
pub struct StanceItem {
    /// Article id.
    pub doc: String,
    /// Gold unit index.
    pub i: usize,
    /// Target.
    pub target: String,
    /// Gold label.
    pub gold: String,
    /// Second annotator's label, when different.
    pub alt: Option<String>,
    /// Predicted label (`none` when not detected).
    pub pred: String,
    /// Predicted probability of the predicted label.
    pub confidence: f64,
    /// Gold unit text.
    pub text: String,
    /// Byte offsets of the matched predicted unit.
    pub start: Option<usize>,
    /// End offset of the matched predicted unit.
    pub end: Option<usize>,
    /// Was the speaker attributed right?
    pub speaker_ok: bool,
    /// Index (`i`) of the matched predicted unit in its article.
    pub pred_i: Option<usize>,
}

/// Every figure `geostance eval` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalReport {
    /// Gold units scored, and how many were non-boilerplate.
    pub units: usize,
    /// Non-boilerplate gold units.
    pub body_units: usize,
    /// Segmentation boundary P/R/F1 (unit ends, whitespace-collapsed text).
    pub segmentation: Prf,
    /// Gold units whose text a predicted unit matched exactly.
    pub exact_unit_matches: usize,
    /// Do the predicted units re-join to the input (no text lost)?
    pub rejoin_ok: bool,
    /// Boilerplate detection (positive = boilerplate).
    pub boilerplate: Prf,
    /// Mention detection per target (positive = mentioned), non-boilerplate units.
    pub mention: BTreeMap<String, Prf>,
    /// Speaker accuracy on non-boilerplate units.
    pub speaker_accuracy: f64,
    /// speaker_country accuracy on non-boilerplate units.
    pub speaker_country_accuracy: f64,
    /// Stance given mention, per target, strict.
    pub stance: BTreeMap<String, ClassReport>,
    /// Stance given mention, all targets pooled, strict.
    pub stance_pooled: ClassReport,
    /// Pooled, counting the second annotator's label as correct too.
    pub stance_pooled_lenient: ClassReport,
    /// Stance labels in report order (from the label set).
    pub labels: Vec<String>,
    /// Where stance errors come from: missed mention, wrong speaker, label confusion.
    pub error_sources: BTreeMap<String, usize>,
    /// The most confident wrong stance predictions.
    pub worst_errors: Vec<StanceItem>,
    /// Documents the labels name that are not in the corpus (not scored).
    pub docs_not_in_corpus: Vec<String>,
    /// Labelled units whose text is not in their article (in order, whitespace
    /// collapsed) and that no predicted unit matched: scored as missed, listed here
    /// as `doc#i`.
    pub gold_units_not_found: Vec<String>,
    /// All stance items (for cross-validation and charts).
    #[serde(skip)]
    pub items: Vec<StanceItem>,
}

/// Where a unit's text lies in the collapsed article text.
fn locate(doc: &str, texts: &[&str]) -> Vec<Option<(usize, usize)>> {
    let mut at = 0;
    texts
        .iter()
        .map(|t| {
            let found = doc[at..].find(t).map(|p| (at + p, at + p + t.len()));
            if let Some((_, e)) = found {
                at = e;
            }
            found
        })
        .collect()
}

/// The documents the labels name that the corpus lacks; an error when it lacks them all
/// (or the labels are empty), since nothing could be scored.
fn docs_not_in_corpus(articles: &[Article], gold: &[SentenceRecord]) -> Result<Vec<String>> {
    let mut labelled: Vec<&str> = gold.iter().map(|r| r.doc.as_str()).collect();
    labelled.sort_unstable();
    labelled.dedup();
    let missing: Vec<String> = labelled
        .iter()
        .filter(|d| !articles.iter().any(|a| a.id == **d))
        .map(|d| d.to_string())
        .collect();
    if labelled.is_empty() || missing.len() == labelled.len() {
        let shown: Vec<&str> = missing.iter().take(3).map(String::as_str).collect();
        let corpus: Vec<&str> = articles.iter().take(3).map(|a| a.id.as_str()).collect();
        return Err(Error::Eval {
            msg: if labelled.is_empty() {
                "the labels file holds no sentence record".into()
            } else {
                format!(
                    "none of the {} documents the labels name ({}{}) is in the corpus ({} \
                     articles: {}{}); labels join to articles by file name: check --corpus",
                    labelled.len(),
                    shown.join(", "),
                    if missing.len() > 3 { ", ..." } else { "" },
                    articles.len(),
                    corpus.join(", "),
                    if articles.len() > 3 { ", ..." } else { "" },
                )
            },
        });
    }
    Ok(missing)
}

/// What an evaluation compares.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The labelled articles.
    pub articles: &'a [Article],
    /// Hand labels.
    pub gold: &'a [SentenceRecord],
    /// Predictions.
    pub pred: &'a [SentenceRecord],
    /// Target names, in output order.
    pub targets: &'a [String],
    /// Stance label names, in label order.
    pub labels: &'a [String],
}

/// Running counts of one evaluation: (true positives, predicted, gold) per figure.
#[derive(Debug, Default)]
struct Tally {
    seg: (usize, usize, usize),
    bp: (usize, usize, usize),
    mention: BTreeMap<String, (usize, usize, usize)>,
    speaker_ok: usize,
    country_ok: usize,
}

fn add(c: &mut (usize, usize, usize), tp: bool, pred: bool, gold: bool) {
    c.0 += usize::from(tp);
    c.1 += usize::from(pred);
    c.2 += usize::from(gold);
}

/// Build the report.
pub fn evaluate(inp: &Inputs<'_>) -> Result<EvalReport> {
    let mut rep = EvalReport {
        rejoin_ok: true,
        labels: inp.labels.to_vec(),
        ..Default::default()
    };
    let mut tally = Tally::default();
    rep.docs_not_in_corpus = docs_not_in_corpus(inp.articles, inp.gold)?;
    for art in inp.articles {
        let g: Vec<&SentenceRecord> = inp.gold.iter().filter(|r| r.doc == art.id).collect();
        if g.is_empty() {
            continue;
        }
        let p: Vec<&SentenceRecord> = inp.pred.iter().filter(|r| r.doc == art.id).collect();
        if p.is_empty() {
            return Err(Error::Eval {
                msg: format!("no predictions for article {}", art.id),
            });
        }
        compare_article(art, (&g, &p), inp.targets, (&mut rep, &mut tally));
    }
    rep.segmentation = Prf::from_counts(tally.seg.0, tally.seg.1, tally.seg.2);
    rep.boilerplate = Prf::from_counts(tally.bp.0, tally.bp.1, tally.bp.2);
    rep.mention = tally
        .mention
        .into_iter()
        .map(|(t, (tp, p, g))| (t, Prf::from_counts(tp, p, g)))
        .collect();
    let body = rep.body_units.max(1) as f64;
    rep.speaker_accuracy = tally.speaker_ok as f64 / body;
    rep.speaker_country_accuracy = tally.country_ok as f64 / body;
    score_stance(&mut rep, inp.targets);
    Ok(rep)
}

/// Compare one article's hand labels `g` with its predictions `p`, unit by unit.
fn compare_article(
    art: &Article,
    (g, p): (&[&SentenceRecord], &[&SentenceRecord]),
    targets: &[String],
    (rep, tally): (&mut EvalReport, &mut Tally),
) {
    let doc = collapse_ws(&art.text);
    let gpos = locate(&doc, &g.iter().map(|r| r.text.as_str()).collect::<Vec<_>>());
    let ptexts: Vec<String> = p.iter().map(|r| collapse_ws(&r.text)).collect();
    let ppos = locate(&doc, &ptexts.iter().map(String::as_str).collect::<Vec<_>>());
    rep.rejoin_ok &= ppos.iter().all(Option::is_some) && rejoins(art, p);
    let gends: Vec<usize> = gpos.iter().flatten().map(|&(_, e)| e).collect();
    let pends: Vec<usize> = ppos.iter().flatten().map(|&(_, e)| e).collect();
    tally.seg.0 += gends.iter().filter(|e| pends.contains(e)).count();
    tally.seg.1 += pends.len();
    tally.seg.2 += gends.len();
    for (gi, gr) in g.iter().enumerate() {
        rep.units += 1;
        let m = match_unit(gr, gpos[gi], p, &ptexts, &ppos);
        if m.map(|k| ptexts[k] == gr.text).unwrap_or(false) {
            rep.exact_unit_matches += 1;
        }
        if m.is_none() {
            rep.gold_units_not_found
                .push(format!("{}#{}", gr.doc, gr.i));
        }
        let pr = m.map(|k| p[k]);
        let pb = pr.is_some_and(|r| r.boilerplate);
        add(&mut tally.bp, gr.boilerplate && pb, pb, gr.boilerplate);
        if gr.boilerplate {
            continue;
        }
        rep.body_units += 1;
        let speaker_ok = pr.is_some_and(|r| same_speaker(&gr.speaker, &r.speaker));
        tally.speaker_ok += usize::from(speaker_ok);
        tally.country_ok +=
            usize::from(pr.is_some_and(|r| r.speaker_country == gr.speaker_country));
        for t in targets {
            let gm = gr.stance_of(t) != "none";
            let pm = pr.is_some_and(|r| {
                r.stance_of(t) != "none" || r.mentions.iter().any(|x| &x.target == t)
            });
            add(
                tally.mention.entry(t.clone()).or_default(),
                gm && pm,
                pm,
                gm,
            );
            if gm {
                rep.items.push(stance_item(gr, pr, t, speaker_ok));
            }
        }
    }
}

/// Fill the stance figures, error sources and worst errors from `rep.items`.
pub fn score_stance(rep: &mut EvalReport, targets: &[String]) {
    let items = &rep.items;
    rep.stance = targets
        .iter()
        .map(|t| {
            let its: Vec<&StanceItem> = items.iter().filter(|i| &i.target == t).collect();
            (t.clone(), class_report(&its, false, &rep.labels))
        })
        .collect();
    let all: Vec<&StanceItem> = items.iter().collect();
    rep.stance_pooled = class_report(&all, false, &rep.labels);
    rep.stance_pooled_lenient = class_report(&all, true, &rep.labels);
    let mut sources: BTreeMap<String, usize> = BTreeMap::new();
    for i in items.iter().filter(|i| i.gold != i.pred) {
        let why = if i.pred == "none" {
            "mention missed"
        } else if !i.speaker_ok {
            "label wrong, speaker wrong"
        } else {
            "label wrong, speaker right"
        };
        *sources.entry(why.into()).or_default() += 1;
        *sources
            .entry(format!("confusion {} -> {}", i.gold, i.pred))
            .or_default() += 1;
    }
    rep.error_sources = sources;
    let mut wrong: Vec<StanceItem> = items
        .iter()
        .filter(|i| i.gold != i.pred && i.pred != "none")
        .cloned()
        .collect();
    wrong.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    wrong.truncate(15);
    rep.worst_errors = wrong;
}

fn stance_item(
    gr: &SentenceRecord,
    pr: Option<&SentenceRecord>,
    t: &str,
    speaker_ok: bool,
) -> StanceItem {
    let pred = pr.map_or("none", |r| r.stance_of(t)).to_string();
    let confidence = pr
        .and_then(|r| r.scores.get(t))
        .and_then(|m| m.get(&pred))
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    StanceItem {
        doc: gr.doc.clone(),
        i: gr.i,
        target: t.to_string(),
        gold: gr.stance_of(t).to_string(),
        alt: gr
            .stance_alt
            .as_ref()
            .and_then(|m| m.get(t))
            .and_then(|v| v.as_str())
            .map(str::to_string),
        pred,
        confidence,
        text: gr.text.clone(),
        start: pr.and_then(|r| r.start),
        end: pr.and_then(|r| r.end),
        speaker_ok,
        pred_i: pr.map(|r| r.i),
    }
}

/// A classification report over items; `lenient` accepts the second annotator's label.
pub fn class_report(items: &[&StanceItem], lenient: bool, labels: &[String]) -> ClassReport {
    let mut rep = ClassReport {
        order: labels.to_vec(),
        ..Default::default()
    };
    let gold_of = |i: &StanceItem| -> String {
        match (&i.alt, lenient) {
            (Some(a), true) if *a == i.pred => a.clone(),
            _ => i.gold.clone(),
        }
    };
    let mut right = 0;
    for i in items {
        let g = gold_of(i);
        right += usize::from(g == i.pred);
        *rep.confusion
            .entry(g)
            .or_default()
            .entry(i.pred.clone())
            .or_default() += 1;
    }
    let n = items.len();
    let (mut macro_sum, mut weighted) = ([0.0; 3], [0.0; 3]);
    for l in labels {
        let l = l.as_str();
        let tp = items
            .iter()
            .filter(|i| gold_of(i) == l && i.pred == l)
            .count();
        let pred = items.iter().filter(|i| i.pred == l).count();
        let gold = items.iter().filter(|i| gold_of(i) == l).count();
        let prf = Prf::from_counts(tp, pred, gold);
        for (k, v) in [prf.precision, prf.recall, prf.f1].into_iter().enumerate() {
            macro_sum[k] += v / labels.len().max(1) as f64;
            weighted[k] += v * gold as f64 / n.max(1) as f64;
        }
        rep.labels.insert(l.to_string(), prf);
    }
    rep.macro_avg = Prf {
        precision: macro_sum[0],
        recall: macro_sum[1],
        f1: macro_sum[2],
        support: n,
    };
    rep.weighted_avg = Prf {
        precision: weighted[0],
        recall: weighted[1],
        f1: weighted[2],
        support: n,
    };
    rep.accuracy = right as f64 / n.max(1) as f64;
    rep
}

/// The predicted unit for a gold unit: same text, else largest overlap.
fn match_unit(
    gr: &SentenceRecord,
    gpos: Option<(usize, usize)>,
    p: &[&SentenceRecord],
    ptexts: &[String],
    ppos: &[Option<(usize, usize)>],
) -> Option<usize> {
    if let Some((gs, ge)) = gpos {
        let exact = (0..p.len()).find(|&k| ppos[k] == Some((gs, ge)));
        if exact.is_some() {
            return exact;
        }
        let overlap = |k: usize| ppos[k].map_or(0, |(s, e)| e.min(ge).saturating_sub(s.max(gs)));
        return (0..p.len())
            .filter(|&k| overlap(k) > 0)
            .max_by_key(|&k| overlap(k));
    }
    ptexts.iter().position(|t| *t == gr.text)
}

/// Do the predicted units' offsets cover all non-space text of the article, in order?
fn rejoins(art: &Article, p: &[&SentenceRecord]) -> bool {
    let mut at = 0;
    for r in p {
        let (Some(s), Some(e)) = (r.start, r.end) else {
            return true;
        };
        if s < at
            || e > art.text.len()
            || !art.text.is_char_boundary(s)
            || !art.text.is_char_boundary(e)
        {
            return false;
        }
        if !art.text[at..s].trim().is_empty() {
            return false;
        }
        at = e;
    }
    art.text[at..].trim().is_empty()
}

/// The speaker rule: both author-like, or the final name tokens match.
pub fn same_speaker(gold: &str, pred: &str) -> bool {
    let authorish = |s: &str| matches!(s.to_lowercase().as_str(), "author" | "interviewer");
    if authorish(gold) || authorish(pred) {
        return authorish(gold) && authorish(pred);
    }
    let last = |s: &str| s.split_whitespace().last().map(str::to_lowercase);
    last(gold).is_some() && last(gold) == last(pred)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_rule_and_prf() {
        assert!(same_speaker("Mike Pompeo", "Pompeo"));
        assert!(same_speaker("author", "interviewer"));
        assert!(!same_speaker("author", "Pompeo"));
        let p = Prf::from_counts(8, 10, 16);
        assert!((p.precision - 0.8).abs() < 1e-12 && (p.recall - 0.5).abs() < 1e-12);
    }
}
