//! Flag boilerplate: site chrome, headings, bylines, captions and credits.
//!
//! Works on the units of one article: whole blocks that are titles, headings or
//! captions, units that match a chrome pattern (`labels/boilerplate.toml`), and short
//! lone lines between two chrome lines.

use std::ops::Range;

use regex::{Regex, RegexSet};

use super::{block_ranges, Unit};
use crate::span::Span;

/// Compiled boilerplate rules: see `labels/boilerplate.toml` for the fields.
#[derive(Debug, Clone)]
pub struct BoilerplateRules {
    /// A unit matching any of these is boilerplate.
    pub patterns: RegexSet,
    /// A block ending in a credit is a caption.
    pub caption_end: Regex,
    /// A line that credits a photo: the line just above it is its caption.
    pub credit_line: Regex,
    /// A byline or date line near the top: the lines above it are headline and standfirst.
    pub header_end: Regex,
    /// An author's bio near the end: its block is boilerplate.
    pub bio: Regex,
    /// A lone line this short with no final punctuation is a heading.
    pub max_heading_words: usize,
    /// The first block of an article is its title if this short.
    pub max_title_words: usize,
    /// A lone line ending in one of these words was cut off: no heading.
    pub open_endings: Vec<String>,
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Flag site chrome, headings, captions and credits (see module doc).
pub(super) fn flag_boilerplate(text: &str, units: &mut [Unit], rules: &BoilerplateRules) {
    let blocks = block_ranges(units);
    let spans: Vec<Span> = blocks
        .iter()
        .map(|r| Span::new(units[r.start].span.start, units[r.end - 1].span.end))
        .collect();
    let block_text = |b: usize| -> &str { spans[b].slice(text) };
    for (b, ids) in blocks.iter().enumerate() {
        let bt = block_text(b);
        let whole_block = rules.caption_end.is_match(bt)
            || (b == 0 && blocks.len() > 1 && word_count(bt) <= rules.max_title_words)
            || (ids.len() == 1 && is_heading(bt, rules) && !is_name_line(text, spans[b]))
            || (b + 1 < blocks.len() && bt == block_text(b + 1))
            || (b > 0 && bt == block_text(b - 1));
        for i in ids.clone() {
            let ut = units[i].span.slice(text);
            units[i].boilerplate = whole_block || rules.patterns.is_match(ut);
        }
    }
    header(text, units, &blocks, &spans, rules);
    captions_and_bios(text, units, &blocks, &spans, rules);
    pull_quotes(text, units, &blocks);
    footer(text, units);
    // A short lone line between two chrome lines is chrome too (paywall blocks).
    for b in 1..blocks.len().saturating_sub(1) {
        let flagged = |bb: usize| blocks[bb].clone().all(|i| units[i].boilerplate);
        let only = blocks[b].start;
        if blocks[b].len() == 1
            && !units[only].boilerplate
            && word_count(block_text(b)) < 20
            && flagged(b - 1)
            && flagged(b + 1)
        {
            units[only].boilerplate = true;
        }
    }
}

/// Blocks above a byline or date line near the top are headline, kicker and standfirst.
fn header(
    text: &str,
    units: &mut [Unit],
    blocks: &[Range<usize>],
    spans: &[Span],
    rules: &BoilerplateRules,
) {
    let top = blocks.len().min(20);
    let end = (1..top).find(|&b| {
        let bt = spans[b].slice(text);
        word_count(bt) <= 16 && !bt.ends_with('.') && rules.header_end.is_match(bt)
    });
    let Some(end) = end else {
        return;
    };
    if blocks[..end].iter().all(|r| r.len() <= 2) {
        for r in &blocks[..=end] {
            r.clone().for_each(|i| units[i].boilerplate = true);
        }
    }
}

/// A line with a photo credit right under it (no blank line) is a caption; an
/// author's bio among the last blocks is boilerplate with its block.
fn captions_and_bios(
    text: &str,
    units: &mut [Unit],
    blocks: &[Range<usize>],
    spans: &[Span],
    rules: &BoilerplateRules,
) {
    for b in 0..blocks.len() {
        let next_is_credit = b + 1 < blocks.len()
            && blocks[b + 1].len() == 1
            && rules.credit_line.is_match(spans[b + 1].slice(text))
            && !text[spans[b].end..spans[b + 1].start].contains("\n\n");
        let bio = b * 3 >= blocks.len() * 2
            && rules.bio.is_match(units[blocks[b].start].span.slice(text));
        if (next_is_credit && blocks[b].len() <= 3) || bio {
            blocks[b].clone().for_each(|i| units[i].boilerplate = true);
        }
        if next_is_credit {
            units[blocks[b + 1].start].boilerplate = true;
        }
    }
}

/// The page's footer: from the first chrome unit in the second half of the page after
/// which at least half of the units, and five or more, are chrome, and every other unit
/// is a short line (at most 18 words), every unit is chrome: the paywall offers,
/// disclaimers and "Read also" lines between the flagged ones.
fn footer(text: &str, units: &mut [Unit]) {
    let n = units.len();
    let short = |u: &Unit| word_count(u.span.slice(text)) <= 18;
    let start = (n / 2..n).find(|&f| {
        let tail = &units[f..];
        let flagged = tail.iter().filter(|u| u.boilerplate).count();
        units[f].boilerplate
            && flagged >= 5
            && flagged * 2 >= tail.len()
            && tail.iter().all(|u| u.boilerplate || short(u))
    });
    if let Some(f) = start {
        units[f..].iter_mut().for_each(|u| u.boilerplate = true);
    }
}

/// A one-sentence block that repeats a sentence of a longer paragraph is a pull quote.
fn pull_quotes(text: &str, units: &mut [Unit], blocks: &[Range<usize>]) {
    let in_paragraphs: std::collections::HashSet<&str> = blocks
        .iter()
        .filter(|r| r.len() > 1)
        .flat_map(|r| r.clone().map(|i| units[i].span.slice(text)))
        .collect();
    for r in blocks.iter().filter(|r| r.len() == 1) {
        if in_paragraphs.contains(units[r.start].span.slice(text)) {
            units[r.start].boilerplate = true;
        }
    }
}

/// A transcript's name line ("Michael Brennan Jr.:") naming someone the text named
/// before: a turn, not a heading.
fn is_name_line(text: &str, span: Span) -> bool {
    let line = span.slice(text).trim();
    line.strip_suffix(':').is_some_and(|name| {
        let name = name.trim();
        name.split_whitespace().count() <= 4
            && !name.is_empty()
            && text[..span.start].contains(name)
    })
}

/// A heading, byline, date or section title: short, no sentence-final punctuation,
/// or a title-case line; never a line cut off after a function word.
fn is_heading(s: &str, rules: &BoilerplateRules) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > rules.max_heading_words || crate::segment::list_marker(s) {
        return false;
    }
    let last_word = words[words.len() - 1].to_lowercase();
    if rules.open_endings.contains(&last_word) {
        return false;
    }
    let last = s.chars().last().unwrap_or('.');
    let unterminated = !matches!(
        last,
        '.' | '!' | '?' | '…' | ',' | ';' | ':' | '"' | '”' | '»' | '’' | ')'
    );
    let long_words: Vec<&&str> = words.iter().filter(|w| w.len() > 3).collect();
    let capped = long_words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .count();
    let title_case = long_words.len() >= 3 && capped * 10 >= long_words.len() * 8;
    unterminated || title_case
}
