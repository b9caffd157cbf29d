//! Segment: article text -> sentence units as byte spans, each flagged boilerplate or not.
//!
//! Rule-based and lossless: units are trimmed spans into the original text, sorted and
//! non-overlapping, and everything between them is whitespace. Blocks are runs of
//! non-blank lines (a line that starts in lower case continues the line before);
//! inside a block, a unit ends at `.`, `!`, `?` or an ellipsis (with closing quotes and
//! brackets) before an upper-case start, unless the word is an abbreviation, an
//! initial or a list number. Headlines, bylines and captions are blocks of their own.
//! Boilerplate rules (site chrome, paywall text, photo credits) are data: see
//! `labels/boilerplate.toml`.

use regex::{Regex, RegexSet};
use serde::Serialize;

use crate::span::Span;

/// One sentence unit of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Where the unit lies in the article text (trimmed).
    pub span: Span,
    /// Index of the block (paragraph or line group) the unit belongs to.
    pub block: usize,
    /// Site chrome, headline, byline, caption or paywall text rather than article body.
    pub boilerplate: bool,
}

/// Compiled boilerplate rules: see `labels/boilerplate.toml` for the fields.
#[derive(Debug, Clone)]
pub struct BoilerplateRules {
    patterns: RegexSet,
    caption_end: Regex,
    max_heading_words: usize,
    max_title_words: usize,
    open_endings: Vec<String>,
}

impl BoilerplateRules {
    /// Rules from their parts, as validated by `labels::load_boilerplate`.
    pub fn new(
        patterns: RegexSet,
        caption_end: Regex,
        max_heading_words: usize,
        max_title_words: usize,
        open_endings: Vec<String>,
    ) -> Self {
        BoilerplateRules {
            patterns,
            caption_end,
            max_heading_words,
            max_title_words,
            open_endings,
        }
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "col", "lt", "sgt", "capt", "adm",
    "maj", "st", "jr", "sr", "mt", "ft", "rev", "hon", "pres", "amb", "gen", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "approx",
    "fig", "vol", "pp", "p", "e.g", "i.e", "cf", "al", "dept", "est", "op", "ed", "eds", "ave",
    "blvd", "corp", "inc", "ltd", "co",
];

/// Words that, after a dotted acronym like "U.S.", show that a new sentence began.
const STARTERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "But",
    "However",
    "In",
    "On",
    "At",
    "A",
    "An",
    "There",
    "Yet",
    "Meanwhile",
    "And",
    "So",
];

/// Words that glue onto the end of a word when a page drops the space between sentences.
const GLUED_STARTERS: &[&str] = &[
    "This", "The", "You", "Your", "We", "It", "Try", "Get", "Read",
];

/// The index ranges of `units` that share a block, in order.
pub fn block_ranges(units: &[Unit]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match out.last_mut() {
            Some(r) if units[r.start].block == u.block => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Split `text` into units and flag boilerplate.
pub fn segment(text: &str, rules: &BoilerplateRules) -> Vec<Unit> {
    let mut units = Vec::new();
    for (b, block) in blocks(text).into_iter().enumerate() {
        let body = block.slice(text);
        let mut start = 0;
        for end in sentence_ends(body) {
            push_unit(&mut units, text, block.start + start, block.start + end, b);
            start = end;
        }
        push_unit(&mut units, text, block.start + start, block.end, b);
    }
    flag_boilerplate(text, &mut units, rules);
    units
}

fn push_unit(units: &mut Vec<Unit>, text: &str, start: usize, end: usize, block: usize) {
    let span = Span::new(start, end).trim(text);
    if !span.is_empty() {
        units.push(Unit {
            span,
            block,
            boilerplate: false,
        });
    }
}

/// Runs of non-blank lines; a line starting in lower case continues the previous one.
fn blocks(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut prev_blank = true;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(pos, pos + line.len());
        pos += line.len();
        let content = line.trim();
        if content.is_empty() {
            prev_blank = true;
            continue;
        }
        let continues = content.chars().next().is_some_and(|c| c.is_lowercase());
        match out.last_mut() {
            Some(last) if !prev_blank && continues => last.end = span.end,
            _ => out.push(span),
        }
        prev_blank = false;
    }
    out
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '›')
}

/// Byte offsets (relative to `s`) where a unit ends, excluding the end of `s`.
fn sentence_ends(s: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut ends = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !is_terminal(c) {
            if let Some(cut) = glued_start(s, &chars, i) {
                ends.push(cut);
            }
            i += 1;
            continue;
        }
        let first = i;
        let mut j = i;
        while j < chars.len() && is_terminal(chars[j].1) {
            j += 1;
        }
        while j < chars.len() && (is_closing(chars[j].1) || is_terminal(chars[j].1)) {
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |&(p, _)| p);
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k >= chars.len() {
            break;
        }
        let next = chars[k].1;
        let run = j - first;
        let boundary = if k == j {
            // No space: only "word.Word" with a lower-case word before the stop.
            c == '.' && run == 1 && missing_space_break(s, pos, &s[end..])
        } else if next.is_lowercase() {
            false
        } else if c == '.' && run == 1 {
            !abbreviation_before(s, pos, &s[chars[k].0..])
        } else {
            true
        };
        if boundary {
            ends.push(end);
        }
        i = j.max(i + 1);
    }
    ends
}

/// The word (letters and inner dots) that ends just before byte `dot`.
fn word_before(s: &str, dot: usize) -> &str {
    let head = &s[..dot];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    &head[start..]
}

/// True when the stop at byte `dot` ends an abbreviation, initial or list number.
fn abbreviation_before(s: &str, dot: usize, rest: &str) -> bool {
    let word = word_before(s, dot);
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        if c.is_uppercase() {
            return true; // an initial: "Donald J. Trump"
        }
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        // "1. Item" at a line start is a list number.
        let before = s[..dot - word.len()].trim_end_matches([' ', '\t']);
        return before.is_empty() || before.ends_with('\n');
    }
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        // Dotted acronym ("U.S."): a boundary only before a clear sentence starter.
        let next_word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        return !STARTERS.contains(&next_word.as_str());
    }
    false
}

/// "end.The": a stop glued to the next sentence after a lower-case word.
fn missing_space_break(s: &str, dot: usize, rest: &str) -> bool {
    let word = word_before(s, dot);
    let mut next = rest.chars();
    let lower_word = word.len() >= 2 && word.chars().all(|c| c.is_lowercase());
    let upper_next = next.next().is_some_and(|c| c.is_uppercase())
        && next.next().is_some_and(|c| c.is_lowercase());
    lower_word && upper_next
}

/// "monthThis is": a sentence starter glued to a lower-case word; returns the cut.
fn glued_start(s: &str, chars: &[(usize, char)], i: usize) -> Option<usize> {
    let (pos, c) = chars[i];
    if !c.is_uppercase()
        || i < 2
        || !chars[i - 1].1.is_lowercase()
        || !chars[i - 2].1.is_lowercase()
    {
        return None;
    }
    let rest = &s[pos..];
    GLUED_STARTERS.iter().find_map(|w| {
        let after = rest.strip_prefix(w)?;
        after.starts_with(' ').then_some(pos)
    })
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Flag site chrome, headings, captions and credits (see module doc).
fn flag_boilerplate(text: &str, units: &mut [Unit], rules: &BoilerplateRules) {
    let blocks = block_ranges(units);
    let spans: Vec<Span> = blocks
        .iter()
        .map(|r| Span::new(units[r.start].span.start, units[r.end - 1].span.end))
        .collect();
    let block_text = |b: usize| -> &str { spans[b].slice(text) };
    for (b, ids) in blocks.iter().enumerate() {
        let bt = block_text(b);
        let whole_block = rules.caption_end.is_match(bt)
            || (b == 0 && word_count(bt) <= rules.max_title_words)
            || (ids.len() == 1 && is_heading(bt, rules))
            || (b + 1 < blocks.len() && bt == block_text(b + 1))
            || (b > 0 && bt == block_text(b - 1));
        for i in ids.clone() {
            let ut = units[i].span.slice(text);
            units[i].boilerplate = whole_block || rules.patterns.is_match(ut);
        }
    }
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

/// A heading, byline, date or section title: short, no sentence-final punctuation,
/// or a title-case line; never a line cut off after a function word.
fn is_heading(s: &str, rules: &BoilerplateRules) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > rules.max_heading_words || crate::targets::list_marker(s) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Labels;

    fn units(text: &str) -> Vec<(String, bool)> {
        let rules = Labels::builtin().unwrap().boilerplate;
        segment(text, &rules)
            .iter()
            .map(|u| (u.span.slice(text).to_string(), u.boilerplate))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        units(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn splits_sentences_table() {
        let body = "Intro line of the story goes here, with words.\n\n";
        let cases: &[(&str, &[&str])] = &[
            (
                "The U.S. Secretary met Mr. Smith on Feb. 3. He left.",
                &["The U.S. Secretary met Mr. Smith on Feb. 3.", "He left."],
            ),
            (
                "Trade reached $12.85 billion. It grew 3.5%.",
                &["Trade reached $12.85 billion.", "It grew 3.5%."],
            ),
            (
                "\"We will act.\" The minister left.",
                &["\"We will act.\"", "The minister left."],
            ),
            (
                "He said: «We act… And we win». Next one.",
                &["He said: «We act…", "And we win».", "Next one."],
            ),
            (
                "It rose (see above.) Then fell.",
                &["It rose (see above.)", "Then fell."],
            ),
            (
                "Donald J. Trump spoke. Wait... really? Yes!",
                &["Donald J. Trump spoke.", "Wait... really?", "Yes!"],
            ),
            (
                "It ended.The next began.",
                &["It ended.", "The next began."],
            ),
            (
                "in the U.S. The talks ended.",
                &["in the U.S.", "The talks ended."],
            ),
            (
                "left this monthThis is your last",
                &["left this month", "This is your last"],
            ),
        ];
        for (input, want) in cases {
            let got = texts(&format!("{body}{input}"));
            assert_eq!(&got[1..], *want, "input: {input}");
        }
    }

    #[test]
    fn lines_lists_and_continuations() {
        let text = "Title Of The Story Here\n\nWe want:\n1) first point,\n2. second point.\n\nStay ahead with us;\nthe best market.";
        assert_eq!(
            texts(text),
            [
                "Title Of The Story Here",
                "We want:",
                "1) first point,",
                "2. second point.",
                "Stay ahead with us;\nthe best market."
            ]
        );
    }

    #[test]
    fn flags_chrome_headings_and_captions() {
        let text = "Site Menu Home\n\nBig Powers Court Central Asia Again\n\nThe minister spoke at length about trade with partners. He was pleased.\n\nA photo of the minister. \u{a0}© Reuters\n\nSubscribe now for full access\n\nThe talks went on for hours and ended late at night.";
        let got = units(text);
        let flags: Vec<bool> = got.iter().map(|(_, b)| *b).collect();
        assert_eq!(
            flags,
            [true, true, false, false, true, true, true, false],
            "{got:?}"
        );
        assert_eq!(got[5].0, "© Reuters");
    }
}
