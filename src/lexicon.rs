//! Lexicon: count each stance label's cue words in a unit.
//!
//! Input: a unit's text. Output: one count per stance label, in label order, from the
//! word lists of `labels/lexicon.toml` ("accus\w*" for critical, "multi-?vector" for
//! balancing, ...). The counts are cues for the fitted head (`fit`), which learns how
//! much each says beside the NLI scores; they never decide a label alone.

use regex::Regex;

/// True when `text` has a double quotation mark (straight, curly, guillemet or low-9):
/// a direct quote or scare quotes, which voice a view. Apostrophes do not count.
pub fn has_quotes(text: &str) -> bool {
    text.contains(['"', '“', '”', '«', '»', '„'])
}

/// The compiled cue words of every stance label.
#[derive(Debug, Clone, Default)]
pub struct CueWords {
    /// Per stance label (in label order): one regex over all its words, or `None`.
    per_label: Vec<Option<Regex>>,
}

impl CueWords {
    /// Cue words from one compiled regex per stance label (`None`: the label has none).
    pub fn new(per_label: Vec<Option<Regex>>) -> Self {
        CueWords { per_label }
    }

    /// Compile the word list of one label: case-insensitive, each entry anchored at the
    /// start of a word (ASCII word boundaries, which keep the fast regex engines on text
    /// with typographic quotes).
    pub fn compile(words: &[String]) -> Result<Option<Regex>, regex::Error> {
        if words.is_empty() {
            return Ok(None);
        }
        let alternation: Vec<String> = words
            .iter()
            .map(|w| format!("(?:{})", w.replace("\\b", "(?-u:\\b)")))
            .collect();
        Regex::new(&format!("(?i)(?-u:\\b)(?:{})", alternation.join("|"))).map(Some)
    }

    /// True when no label has cue words (a labels folder without `lexicon.toml`).
    pub fn is_empty(&self) -> bool {
        self.per_label.iter().all(Option::is_none)
    }

    /// How many cue words of each label `text` holds, in label order.
    pub fn count(&self, text: &str) -> Vec<u32> {
        self.per_label
            .iter()
            .map(|re| {
                re.as_ref()
                    .map_or(0, |re| re.find_iter(text).count() as u32)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Option<Regex> {
        let ws: Vec<String> = ws.iter().map(|s| s.to_string()).collect();
        CueWords::compile(&ws).unwrap()
    }

    #[test]
    fn counts_words_per_label() {
        let cw = CueWords::new(vec![
            words(&[r"prais\w*", r"partner\w*"]),
            words(&[r"accus\w*", r"wars?\b"]),
            None,
            words(&[r"multi-?vector\w*", r"both\b"]),
        ]);
        let table: &[(&str, [u32; 4])] = &[
            ("Officials praised the partnership.", [2, 0, 0, 0]),
            ("Beijing ACCUSED Washington of waging wars.", [0, 2, 0, 0]),
            // Word starts only: "unpraised", "warship", "bothered" are not cue words.
            ("An unpraised warship bothered nobody.", [0, 0, 0, 0]),
            (
                "Its multivector policy and multi-vector ties serve both.",
                [0, 0, 0, 3],
            ),
            ("“Praise” — said ‘both’ sides.", [1, 0, 0, 1]),
            ("", [0, 0, 0, 0]),
        ];
        for (text, want) in table {
            assert_eq!(cw.count(text), want, "{text}");
        }
        assert!(!cw.is_empty());
        assert!(CueWords::default().is_empty());
        assert!(CueWords::new(vec![None, None])
            .count("war")
            .iter()
            .all(|&c| c == 0));
    }

    #[test]
    fn a_bad_pattern_is_an_error() {
        assert!(CueWords::compile(&["(unclosed".to_string()]).is_err());
        assert!(CueWords::compile(&[]).unwrap().is_none());
    }
}
