//! Quote regions: which parts of a block are inside double quotes.

use crate::segment::Unit;
use crate::span::Span;

/// Quote segments inside `span`: straight quotes toggle, curly quotes and guillemets
/// open and close; a quote still open at the end of the span runs to its end.
pub fn quote_spans(text: &str, span: Span) -> Vec<Span> {
    let s = span.slice(text);
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let at = span.start + i;
        match (c, open) {
            ('"', None) | ('“', None) | ('«', None) | ('„', None) => open = Some(at),
            ('"', Some(o)) | ('”', Some(o)) | ('»', Some(o)) => {
                out.push(Span::new(o, at + c.len_utf8()));
                open = None;
            }
            ('“', Some(_)) | ('«', Some(_)) => open = Some(at),
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(Span::new(o, span.end));
    }
    out
}

/// The parts of `span` outside quotes, in order.
pub fn outside_quotes(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = span.start;
    for q in quote_spans(text, span) {
        if q.start > at {
            out.push(Span::new(at, q.start));
        }
        at = q.end;
    }
    if at < span.end {
        out.push(Span::new(at, span.end));
    }
    out
}

/// For each unit: is at least half of its text (bytes, whitespace aside) quoted? A
/// quote left open at the end of a paragraph by a curly quote or guillemet goes on in
/// the next paragraph (the convention for quotes over several paragraphs).
pub fn quoted_units(text: &str, units: &[Unit]) -> Vec<bool> {
    let mut out = vec![false; units.len()];
    let mut carried = false;
    for range in crate::segment::block_ranges(units) {
        let (i, j) = (range.start, range.end);
        let block = Span::new(units[i].span.start, units[j - 1].span.end);
        let body = block.slice(text);
        let mut qs = quote_spans(text, block);
        let opens_itself = body.starts_with(['"', '“', '«', '„']);
        if carried && !opens_itself {
            // Re-read the block as if a quote were open at its start.
            let close = body
                .char_indices()
                .find(|&(_, c)| matches!(c, '”' | '»' | '"'))
                .map_or(block.end, |(p, c)| block.start + p + c.len_utf8());
            let rest = Span::new(close.min(block.end), block.end);
            qs = std::iter::once(Span::new(block.start, close))
                .chain(quote_spans(text, rest))
                .collect();
        }
        for u in i..j {
            let us = units[u].span;
            let inside: usize = qs
                .iter()
                .map(|q| {
                    let (a, e) = (q.start.max(us.start), q.end.min(us.end));
                    if a < e {
                        text[a..e].chars().filter(|c| !c.is_whitespace()).count()
                    } else {
                        0
                    }
                })
                .sum();
            let total = us
                .slice(text)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            out[u] = total > 0 && inside * 2 >= total;
        }
        carried = qs.last().is_some_and(|q| {
            q.end == block.end
                && text[q.start..].starts_with(['“', '«'])
                && !text[..q.end].ends_with(['”', '»'])
        });
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_regions() {
        let t = "He said \"yes, it is\" and «non» then “open to the end";
        let qs: Vec<&str> = quote_spans(t, Span::new(0, t.len()))
            .iter()
            .map(|s| s.slice(t))
            .collect();
        assert_eq!(qs, ["\"yes, it is\"", "«non»", "“open to the end"]);
        let out: Vec<&str> = outside_quotes(t, Span::new(0, t.len()))
            .iter()
            .map(|s| s.slice(t))
            .collect();
        assert_eq!(out, ["He said ", " and ", " then "]);
    }
}
