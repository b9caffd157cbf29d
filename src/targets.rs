//! Targets: find mentions of the US, China and Russia with the gazetteer.
//!
//! Input: text and a unit span. Output: mention spans, each tagged with its target
//! index. Matching is case-sensitive on whole words ("US" is a mention, "us" is not),
//! longest form first; `exclude` phrases ("Washington Post") veto what they cover.

use regex::Regex;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::labels::Target;
use crate::span::Span;

/// One mention of a target inside an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Index into the target list.
    pub target: usize,
    /// Where the mention lies in the article text.
    pub span: Span,
}

/// A compiled gazetteer: one matcher per target.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    names: Vec<Regex>,
    excludes: Vec<Option<Regex>>,
}

fn alternation(forms: &[String]) -> String {
    let mut forms: Vec<&String> = forms.iter().collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let alts: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    alts.join("|")
}

impl Gazetteer {
    /// Compile the targets' names and exclusions.
    pub fn new(targets: &[Target]) -> Result<Gazetteer> {
        let compile = |forms: &[String], name: &str| {
            Regex::new(&alternation(forms)).map_err(|e| Error::Labels {
                path: "targets.toml".into(),
                msg: format!("target {name}: {e}"),
            })
        };
        let mut names = Vec::new();
        let mut excludes = Vec::new();
        for t in targets {
            names.push(compile(&t.names, &t.name)?);
            excludes.push(if t.exclude.is_empty() {
                None
            } else {
                Some(compile(&t.exclude, &t.name)?)
            });
        }
        Ok(Gazetteer { names, excludes })
    }

    /// Mentions inside `span` of `text`, sorted by position.
    pub fn find(&self, text: &str, span: Span) -> Vec<Mention> {
        let s = span.slice(text);
        let mut out = Vec::new();
        for (t, re) in self.names.iter().enumerate() {
            let vetoed: Vec<(usize, usize)> = self.excludes[t]
                .as_ref()
                .map(|x| x.find_iter(s).map(|m| (m.start(), m.end())).collect())
                .unwrap_or_default();
            let mut at = 0;
            while let Some(m) = re.find_at(s, at) {
                at = m.start() + s[m.start()..].chars().next().map_or(1, char::len_utf8);
                if !whole_word(s, m.start(), m.end())
                    || vetoed.iter().any(|&(a, b)| a <= m.start() && m.end() <= b)
                {
                    continue;
                }
                out.push(Mention {
                    target: t,
                    span: Span::new(span.start + m.start(), span.start + m.end()),
                });
                at = m.end();
            }
        }
        out.sort_by_key(|m| (m.span.start, m.target));
        out
    }
}

/// True when `s[a..b]` is not glued to letters or digits on either side.
fn whole_word(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].chars().next_back();
    let after = s[b..].chars().next();
    let inner_end = s[..b].chars().next_back();
    let ok_before = before.is_none_or(|c| !c.is_alphanumeric());
    // A form ending in "." (U.S.) may be followed by anything.
    let ok_after = inner_end == Some('.') || after.is_none_or(|c| !c.is_alphanumeric());
    ok_before && ok_after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Labels;

    #[test]
    fn finds_case_aware_mentions() {
        let labels = Labels::builtin().unwrap();
        let g = Gazetteer::new(&labels.targets).unwrap();
        let cases: &[(&str, &[&str])] = &[
            ("Let us ask the US and China.", &["US", "China"]),
            (
                "U.S.-Kazakhstan ties and anti-China talk.",
                &["U.S.", "China"],
            ),
            (
                "The Washington Post said Moscow's plan failed.",
                &["Moscow"],
            ),
            (
                "Americans and the Kremlin met in Beijing.",
                &["Americans", "the Kremlin", "Beijing"],
            ),
            ("Chinaware and USAGE are not names.", &[]),
            ("Xi’s trip to the White House.", &["Xi", "White House"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = g
                .find(text, Span::new(0, text.len()))
                .iter()
                .map(|m| m.span.slice(text))
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }
}
