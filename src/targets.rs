//! Targets: find mentions of the US, China and Russia with the gazetteer.
//!
//! Input: text and a unit span. Output: mention spans, each tagged with its target
//! index. Matching is case-sensitive on whole words ("US" is a mention, "us" is not),
//! longest form first; `exclude` phrases ("Washington Post") veto what they cover;
//! group phrases ("the great powers") mention several targets. `resolve_implicit`
//! then adds mentions without a name: first person voiced by a target's official,
//! a pronoun opening a unit that carries the unit before, list items that carry the
//! line introducing the list. Implicit mentions point at the word that triggered them.

use regex::Regex;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::labels::{Group, ImplicitRules, Target};
use crate::segment::Unit;
use crate::span::Span;
use crate::speaker::Speaker;

/// One mention of a target inside an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Index into the target list.
    pub target: usize,
    /// Where the mention lies in the article text.
    pub span: Span,
    /// Found by an implicit rule (pronoun, first person, list), not by a name.
    pub implicit: bool,
}

/// A compiled gazetteer: one matcher per target.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    names: Vec<Regex>,
    excludes: Vec<Option<Regex>>,
    groups: Vec<(Regex, Vec<usize>)>,
}

fn alternation(forms: &[String]) -> String {
    let mut forms: Vec<&String> = forms.iter().collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let alts: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    alts.join("|")
}

impl Gazetteer {
    /// Compile the targets' names and exclusions.
    pub fn new(targets: &[Target], groups: &[Group]) -> Result<Gazetteer> {
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
        let groups = groups
            .iter()
            .map(|g| {
                let ts = g
                    .targets
                    .iter()
                    .filter_map(|n| targets.iter().position(|t| &t.name == n))
                    .collect();
                Ok((compile(&g.names, "group")?, ts))
            })
            .collect::<Result<_>>()?;
        Ok(Gazetteer {
            names,
            excludes,
            groups,
        })
    }

    /// Mentions inside `span` of `text`, sorted by position.
    pub fn find(&self, text: &str, span: Span) -> Vec<Mention> {
        let s = span.slice(text);
        let mut out = Vec::new();
        for (re, ts) in &self.groups {
            for m in re
                .find_iter(s)
                .filter(|m| whole_word(s, m.start(), m.end()))
            {
                for &target in ts {
                    let span = Span::new(span.start + m.start(), span.start + m.end());
                    out.push(Mention {
                        target,
                        span,
                        implicit: false,
                    });
                }
            }
        }
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
                    implicit: false,
                });
                at = m.end();
            }
        }
        out.sort_by_key(|m| (m.span.start, m.target));
        out
    }
}

/// Words of `span` with their spans, punctuation trimmed.
fn words(text: &str, span: Span) -> Vec<(Span, &str)> {
    let s = span.slice(text);
    let mut out = Vec::new();
    for (i, w) in s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
    {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        let core = core.trim_end_matches(['\'', '’']);
        if core.is_empty() {
            continue;
        }
        let off = i + (core.as_ptr() as usize - w.as_ptr() as usize);
        let start = span.start + off;
        out.push((Span::new(start, start + core.len()), core));
    }
    out
}

/// The article an implicit-mention pass reads: its text, units and their speakers.
#[derive(Debug, Clone, Copy)]
pub struct ArticleView<'a> {
    /// The article text.
    pub text: &'a str,
    /// Its units in order.
    pub units: &'a [Unit],
    /// The speaker of each unit.
    pub speakers: &'a [Speaker],
}

/// Add `target` to a unit's mentions as an implicit mention at `span`, unless present.
fn add_implicit(m: &mut Vec<Mention>, target: usize, span: Span) {
    if !m.iter().any(|x| x.target == target) {
        m.push(Mention {
            target,
            span,
            implicit: true,
        });
    }
}

/// Add implicit mentions to `mentions` (one list per unit), in place.
pub fn resolve_implicit(
    doc: &ArticleView<'_>,
    targets: &[Target],
    rules: &ImplicitRules,
    mentions: &mut [Vec<Mention>],
) {
    let (text, units) = (doc.text, doc.units);
    let mut list_lead: Option<usize> = None;
    let mut prev: Option<usize> = None;
    for u in 0..units.len() {
        if units[u].boilerplate {
            continue;
        }
        let ws = words(text, units[u].span);
        // First person voiced by a target's official.
        if let Some(t) = targets
            .iter()
            .position(|t| Some(t.name.as_str()) == doc.speakers[u].country.name())
        {
            if let Some((sp, _)) = ws
                .iter()
                .find(|(_, w)| rules.first_person.iter().any(|f| f == w))
            {
                add_implicit(&mut mentions[u], t, *sp);
            }
        }
        if let Some(p) = prev.filter(|&p| units[u].block <= units[p].block + 1) {
            carry_previous(
                &Carry {
                    doc,
                    rules,
                    ws: &ws,
                },
                (p, u),
                mentions,
            );
        }
        // List items carry the targets of the line that introduces the list.
        let item = crate::segment::list_marker(units[u].span.slice(text));
        if rules.list_items && item {
            if let Some(lead) = list_lead {
                let ts: Vec<usize> = mentions[lead].iter().map(|m| m.target).collect();
                let at = Span::new(units[u].span.start, units[u].span.start);
                for t in ts {
                    add_implicit(&mut mentions[u], t, at);
                }
            }
        } else {
            list_lead = Some(u);
        }
        mentions[u].sort_by_key(|m| (m.span.start, m.target));
        prev = Some(u);
    }
}

/// What `carry_previous` reads: the article, the rules, and the words of the unit.
struct Carry<'a> {
    doc: &'a ArticleView<'a>,
    rules: &'a ImplicitRules,
    ws: &'a [(Span, &'a str)],
}

/// A pronoun opening unit `u` carries the first target of the unit before it, `p`; a
/// demonstrative opener or "them all" carries all of them.
fn carry_previous(c: &Carry<'_>, (p, u): (usize, usize), mentions: &mut [Vec<Mention>]) {
    let (doc, rules, ws) = (c.doc, c.rules, c.ws);
    let unit = &doc.units[u];
    let opener = ws
        .iter()
        .take(rules.carry_window)
        .find(|(_, w)| rules.carry_pronouns.iter().any(|c| c == w))
        .filter(|(sp, _)| !mentions[u].iter().any(|m| m.span.start < sp.start));
    let mut before: Vec<Mention> = mentions[p].clone();
    // "you" is someone named ("I would like to ask Mr. Pompeo"): named mentions
    // first; a third-person pronoun takes the first target in reading order.
    let second_person = opener
        .is_some_and(|(_, w)| w.eq_ignore_ascii_case("you") || w.eq_ignore_ascii_case("your"));
    before.sort_by_key(|m| (second_person && m.implicit, m.span.start));
    let explicit_here = mentions[u].iter().any(|m| !m.implicit);
    if let (Some((sp, _)), Some(first)) = (opener, before.first()) {
        add_implicit(&mut mentions[u], first.target, *sp);
    }
    let unit_text = unit.span.slice(doc.text);
    let all_opener = ws
        .first()
        .filter(|(_, w)| rules.carry_all_openers.iter().any(|c| c == w))
        .map(|(sp, _)| *sp);
    let all_phrase = rules.carry_all_phrases.iter().find_map(|ph| {
        unit_text.find(ph.as_str()).map(|i| {
            let start = unit.span.start + i;
            Span::new(start, start + ph.len())
        })
    });
    if let Some(sp) = all_opener.or(all_phrase).filter(|_| !explicit_here) {
        for m in &before {
            add_implicit(&mut mentions[u], m.target, sp);
        }
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
        let g = Gazetteer::new(&labels.targets, &labels.groups).unwrap();
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
            (
                "The great powers met.",
                &["great powers", "great powers", "great powers"],
            ),
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
