//! Reports: the subject of a reporting verb ("X said", "said X", "according to X") and
//! colon introductions.

use super::words::*;
use super::Registry;
use crate::country::Country;
use crate::span::Span;
use crate::speaker::Speaker;

impl Registry<'_> {
    /// The speaker a reporting verb in `span` points to ("X said", "said X",
    /// "according to X"), if any. `strong_only` keeps only verbs that name speech outright.
    pub fn subject_of_report(&self, text: &str, span: Span, strong_only: bool) -> Option<Speaker> {
        let toks = tokens(text, span);
        let lower: Vec<String> = toks.iter().map(|t| t.word.to_lowercase()).collect();
        for phrase in &self.lex.attribution_phrases {
            let words: Vec<&str> = phrase.split_whitespace().collect();
            if let Some(k) = (0..toks.len()).find(|&k| {
                k + words.len() <= toks.len()
                    && words.iter().enumerate().all(|(j, w)| lower[k + j] == *w)
            }) {
                if let Some(sp) = self.candidate_after(&toks, k + words.len()) {
                    return Some(sp);
                }
            }
        }
        for v in 0..toks.len() {
            if !self.is_report_verb(&toks, v, strong_only) {
                continue;
            }
            if let Some(sp) = self
                .subject_before(&toks, v)
                .or_else(|| self.inverted_after(&toks, v))
            {
                return Some(sp);
            }
        }
        None
    }

    /// "The embassy posted a response:" before a quote: the clause's subject.
    pub fn colon_intro(&self, text: &str, span: Span) -> Option<Speaker> {
        if !span.slice(text).trim_end().ends_with(':') {
            return None;
        }
        let toks = tokens(text, span);
        let end = toks
            .iter()
            .position(|t| t.comma_after || t.stop_after)
            .map_or(toks.len(), |k| k + 1);
        let head = &toks[..end.min(toks.len())];
        (1..=head.len()).rev().find_map(|n| {
            self.described_speaker(&head[..n])
                .or_else(|| self.name_at_start(&head[..n], &toks))
        })
    }

    pub(super) fn name_at_start(&self, part: &[Tok], all: &[Tok]) -> Option<Speaker> {
        let n = self.name_len_at(part, 0);
        (n > 0 && n == part.len())
            .then(|| self.candidate_at_end(part, all, 0))
            .flatten()
    }

    /// A reporting verb as written in lower case; an -ing form only after "is/are/was/were".
    pub(super) fn is_report_verb(&self, toks: &[Tok], v: usize, strong_only: bool) -> bool {
        let w = toks[v].word;
        if !w.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        let list = if strong_only {
            &self.lex.strong_verbs
        } else {
            &self.lex.reporting_verbs
        };
        if !list.iter().any(|x| x == w) {
            return false;
        }
        let prev = if v > 0 { toks[v - 1].word } else { "" };
        let be = matches!(prev, "is" | "are" | "was" | "were");
        if w.ends_with("ing") {
            return be;
        }
        // A passive ("it wouldn't be said", "they were told") reports no one's speech.
        !(be || matches!(prev, "be" | "been" | "being"))
    }

    /// "X, a description, said": the subject ends right before the verb (auxiliaries
    /// aside); appositives and asides between commas are stepped over.
    pub(super) fn subject_before(&self, toks: &[Tok], v: usize) -> Option<Speaker> {
        let mut end = v;
        while end > 0 && v - end < 3 && !toks[end - 1].comma_after && is_aux(toks[end - 1].word) {
            end -= 1;
        }
        let mut parts = 0;
        while end > 0 && parts < 6 {
            let mut start = end - 1;
            while start > 0
                && !toks[start - 1].comma_after
                && (!toks[start - 1].stop_after || is_initial(&toks[start - 1]))
            {
                start -= 1;
            }
            let part = &toks[start..end];
            let first = part
                .first()
                .map(|t| t.word.to_lowercase())
                .unwrap_or_default();
            // "X, a description," / "Sergei Markelov, head of the ... Institute,": an
            // aside after a person's full name, whose own capitals are not the subject.
            let after_name = start >= 2
                && self.name_word(base(toks[start - 1].word))
                && self.name_word(toks[start - 2].word)
                && part[0].word.starts_with(char::is_lowercase)
                && !PRONOUNS.contains(&first.as_str());
            let appositive = start > 0
                && toks[start - 1].comma_after
                && (["a", "an", "who", "which", "whose", "for"].contains(&first.as_str())
                    || after_name);
            if !appositive {
                if let Some(sp) = self.candidate_at_end(part, toks, start) {
                    return Some(sp);
                }
            }
            if start == 0 || toks[start - 1].stop_after {
                return None;
            }
            end = start;
            parts += 1;
        }
        None
    }

    /// The speaker a clause part ends with: a name, a pronoun, a description, a seat of
    /// power. `all`/`offset` give the clause the part sits in, for pronouns.
    pub(super) fn candidate_at_end(
        &self,
        part: &[Tok],
        all: &[Tok],
        offset: usize,
    ) -> Option<Speaker> {
        let last = part.last()?;
        if base(last.word) != last.word {
            return None; // a possessive is no subject: "Pompeo's remarks"
        }
        let lw = last.word.to_lowercase();
        if PRONOUNS.contains(&lw.as_str()) {
            return self
                .earlier_name(&all[..offset])
                .or_else(|| self.last_named.clone());
        }
        if let Some(sp) = self.described_speaker(part) {
            return Some(sp);
        }
        // A name: the capitalized words at the end of the part.
        let mut k = part.len();
        while k > 0 && part.len() - k < 3 {
            if !self.name_word(part[k - 1].word) {
                break;
            }
            k -= 1;
        }
        // An initial before the surname: "S. Melnikov".
        if k > 0 && k < part.len() && is_initial(&part[k - 1]) {
            k -= 1;
        }
        if k < part.len() {
            let name = text_of(part, k);
            let mut sp = self.resolve_name(&name)?;
            let known = self.lexicon_person(&name).is_some()
                || self
                    .people
                    .iter()
                    .any(|(p, _)| p == sp.name.trim_end_matches('.'));
            if !known && offset + part.len() <= all.len() {
                sp.country = Country::parse(&self.describe(all, offset + k, part.len() - k));
            }
            sp.span = Some(Span::new(part[k].span.start, last.span.end));
            return Some(sp);
        }
        self.capital(part)
    }

    /// The last person named in `toks` (for "When X visited, he said").
    pub(super) fn earlier_name(&self, toks: &[Tok]) -> Option<Speaker> {
        let mut found = None;
        let mut k = 0;
        while k < toks.len() {
            let n = self.name_len_at(toks, k);
            if n >= 1 {
                let name: Vec<&str> = toks[k..k + n].iter().map(|t| base(t.word)).collect();
                let name = name.join(" ");
                if n >= 2 || self.lexicon_person(&name).is_some() || self.known_surname(&name) {
                    found = self.resolve_name(&name);
                }
                k += n;
            } else {
                k += 1;
            }
        }
        found
    }

    /// "said Kassenova", "said a senior official": the speaker after the verb.
    pub(super) fn inverted_after(&self, toks: &[Tok], v: usize) -> Option<Speaker> {
        if v > 0 && !toks[v - 1].comma_after && !toks[v - 1].stop_after {
            return None;
        }
        self.candidate_after(toks, v + 1)
    }

    pub(super) fn candidate_after(&self, toks: &[Tok], k: usize) -> Option<Speaker> {
        let mut end = k;
        while end < toks.len() && end - k < 8 {
            end += 1;
            if toks[end - 1].comma_after || toks[end - 1].stop_after {
                break;
            }
        }
        let part = &toks[k.min(end)..end];
        // The shortest complete name or description right after the verb.
        (1..=part.len()).find_map(|n| {
            let p = &part[..n];
            let complete = n == part.len() || !is_cap(part[n].word);
            let described = if complete {
                self.described_speaker(p)
            } else {
                None
            };
            described.or_else(|| {
                (is_cap(p[n - 1].word) && complete)
                    .then(|| self.candidate_at_end(p, toks, k))
                    .flatten()
            })
        })
    }
}

/// A name's initial: one capital letter and a stop ("K.").
pub(super) fn is_initial(t: &Tok) -> bool {
    t.word.len() == 1
        && t.word.chars().all(|c| c.is_ascii_uppercase())
        && t.stop_after
        && !t.comma_after
}

/// The words of `part[k..]` joined, an initial keeping its stop ("S. Melnikov").
fn text_of(part: &[Tok], k: usize) -> String {
    let words: Vec<String> = part[k..]
        .iter()
        .map(|t| {
            if is_initial(t) {
                format!("{}.", t.word)
            } else {
                t.word.to_string()
            }
        })
        .collect();
    words.join(" ")
}
