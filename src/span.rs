//! Byte spans into an article's text: every later stage points back into the source.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into `Article::text`, always on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `start <= end` is the caller's invariant.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start after end");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The span shrunk to exclude leading and trailing whitespace of `text`.
    pub fn trim(&self, text: &str) -> Span {
        let s = self.slice(text);
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead == s.len() {
            return Span::new(self.start, self.start);
        }
        Span::new(self.start + lead, self.end - trail)
    }
}

/// Collapse runs of whitespace into one space and trim: the labels' text convention.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_and_slice() {
        let text = "  Hello world. \n";
        let s = Span::new(0, text.len()).trim(text);
        assert_eq!(s.slice(text), "Hello world.");
        assert!(Span::new(0, 2).trim(text).is_empty());
        assert_eq!(collapse_ws(" a \n b\u{a0}c "), "a b c");
    }
}
