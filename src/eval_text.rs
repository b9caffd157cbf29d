//! The evaluation report as text for people.

use std::fmt::Write;

use crate::eval::{ClassReport, EvalReport, Prf};

fn prf(s: &mut String, name: &str, p: &Prf) {
    let _ = writeln!(
        s,
        "  {name:<24} P {:.3}  R {:.3}  F1 {:.3}  (support {})",
        p.precision, p.recall, p.f1, p.support
    );
}

fn class(s: &mut String, title: &str, c: &ClassReport) {
    let _ = writeln!(s, "\n{title}  (accuracy {:.3})", c.accuracy);
    for l in c.order.iter().map(String::as_str) {
        if let Some(p) = c.labels.get(l) {
            prf(s, l, p);
        }
    }
    prf(s, "macro avg", &c.macro_avg);
    prf(s, "weighted avg", &c.weighted_avg);
    let cols: Vec<&str> = c.order.iter().map(String::as_str).chain(["none"]).collect();
    let _ = write!(
        s,
        "  confusion (rows gold, columns predicted):\n  {:<12}",
        ""
    );
    for c in &cols {
        let _ = write!(s, "{:>11}", c);
    }
    s.push('\n');
    for g in c.order.iter().map(String::as_str) {
        let _ = write!(s, "  {g:<12}");
        for p in &cols {
            let n = c
                .confusion
                .get(g)
                .and_then(|m| m.get(*p))
                .copied()
                .unwrap_or(0);
            let _ = write!(s, "{n:>11}");
        }
        s.push('\n');
    }
}

/// Render every figure of the report.
pub fn render(r: &EvalReport) -> String {
    let mut s = String::new();
    header(&mut s, r);
    s.push_str("\nSegmentation and boilerplate\n");
    prf(&mut s, "sentence boundaries", &r.segmentation);
    let _ = writeln!(
        s,
        "  units re-join to the input: {}",
        if r.rejoin_ok { "yes" } else { "NO" }
    );
    prf(&mut s, "boilerplate", &r.boilerplate);
    s.push_str("\nMention detection (non-boilerplate units)\n");
    for (t, p) in &r.mention {
        prf(&mut s, t, p);
    }
    let _ = writeln!(
        s,
        "\nSpeakers (non-boilerplate units)\n  speaker accuracy {:.3}, speaker_country accuracy {:.3}",
        r.speaker_accuracy, r.speaker_country_accuracy
    );
    for (t, c) in &r.stance {
        class(&mut s, &format!("Stance given mention: {t}"), c);
    }
    class(
        &mut s,
        "Stance given mention: all targets pooled (strict)",
        &r.stance_pooled,
    );
    class(
        &mut s,
        "Stance given mention: pooled, second annotator accepted (lenient)",
        &r.stance_pooled_lenient,
    );
    errors(&mut s, r);
    s
}

/// The unit counts and what could not be scored.
fn header(s: &mut String, r: &EvalReport) {
    let _ = writeln!(
        s,
        "Units: {} gold ({} non-boilerplate), {} matched exactly by text",
        r.units, r.body_units, r.exact_unit_matches
    );
    if !r.docs_not_in_corpus.is_empty() {
        let _ = writeln!(
            s,
            "Not scored: {} labelled document(s) not in the corpus: {}",
            r.docs_not_in_corpus.len(),
            r.docs_not_in_corpus.join(", ")
        );
    }
    if !r.gold_units_not_found.is_empty() {
        let _ = writeln!(
            s,
            "Not found in their article (scored as missed; check the labels' text): {}",
            r.gold_units_not_found.join(", ")
        );
    }
}

/// Where stance errors come from, and the most confident ones.
fn errors(s: &mut String, r: &EvalReport) {
    s.push_str("\nWhere stance errors come from\n");
    for (k, v) in &r.error_sources {
        if !k.starts_with("confusion") {
            let _ = writeln!(s, "  {k:<32} {v}");
        }
    }
    s.push_str("\nMost confident errors\n");
    for e in &r.worst_errors {
        let text: String = e.text.chars().take(140).collect();
        let _ = writeln!(
            s,
            "  {} #{} bytes {}-{} {}: gold {} pred {} ({:.2}) | {}",
            e.doc,
            e.i,
            e.start.unwrap_or(0),
            e.end.unwrap_or(0),
            e.target,
            e.gold,
            e.pred,
            e.confidence,
            text
        );
    }
}
