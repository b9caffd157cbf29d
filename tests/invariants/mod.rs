//! Invariants of the rule stages, shared by the property tests (tests/fuzz_props.rs) and
//! the fuzz targets (fuzz/fuzz_targets/): every span sorted, non-overlapping, trimmed and
//! on char boundaries; nothing but whitespace between units; mentions inside their unit;
//! speaker spans inside the text.

#![allow(dead_code)]

use geostance::pipeline::AnalyzedArticle;
use geostance::segment::Unit;
use geostance::span::Span;

fn on_boundaries(text: &str, s: Span, what: &str) -> Result<(), String> {
    if s.start > s.end || s.end > text.len() {
        return Err(format!(
            "{what} {}..{} outside a text of {}",
            s.start,
            s.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
        return Err(format!(
            "{what} {}..{} not on char boundaries",
            s.start, s.end
        ));
    }
    Ok(())
}

/// Units are sorted, non-overlapping, trimmed, non-empty, on char boundaries, and
/// cover every non-whitespace character of `text`.
pub fn check_units(text: &str, units: &[Unit]) -> Result<(), String> {
    let mut at = 0;
    for u in units {
        on_boundaries(text, u.span, "unit")?;
        if u.span.start < at {
            return Err(format!(
                "unit at {} overlaps or is out of order",
                u.span.start
            ));
        }
        let s = u.span.slice(text);
        if s.is_empty() || s.trim() != s {
            return Err(format!("empty or untrimmed unit {s:?}"));
        }
        if !text[at..u.span.start].trim().is_empty() {
            return Err(format!("text lost: {:?}", &text[at..u.span.start]));
        }
        at = u.span.end;
    }
    if !text[at..].trim().is_empty() {
        return Err(format!("text lost at the end: {:?}", &text[at..]));
    }
    Ok(())
}

/// An analysed article: its units as [`check_units`], each mention inside its unit,
/// each speaker span inside the text, one stance slot per target.
pub fn check_article(a: &AnalyzedArticle, n_targets: usize) -> Result<(), String> {
    let text = &a.article.text;
    let units: Vec<Unit> = a.units.iter().map(|u| u.unit.clone()).collect();
    check_units(text, &units)?;
    for u in &a.units {
        for m in &u.mentions {
            on_boundaries(text, m.span, "mention")?;
            if m.target >= n_targets {
                return Err(format!("mention of target {} of {n_targets}", m.target));
            }
            if !m.implicit && (m.span.start < u.unit.span.start || m.span.end > u.unit.span.end) {
                return Err(format!(
                    "mention {}..{} outside its unit {}..{}",
                    m.span.start, m.span.end, u.unit.span.start, u.unit.span.end
                ));
            }
        }
        if let Some(s) = u.speaker.span {
            on_boundaries(text, s, "speaker")?;
        }
        if u.stances.len() != n_targets {
            return Err(format!(
                "{} stance slots for {n_targets} targets",
                u.stances.len()
            ));
        }
    }
    Ok(())
}
