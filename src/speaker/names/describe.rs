//! Descriptions: the country a person's description gives, role words, described
//! speakers ("Kyrgyzstan's foreign ministry", "the ambassador") and seats of power.

use super::words::*;
use super::Registry;
use crate::country::Country;
use crate::span::Span;
use crate::speaker::{Speaker, SpeakerType};

impl Registry<'_> {
    /// Someone a transcript labels by description ("man in bazaar"): a resident of the
    /// dateline's Central Asian country, else `other`.
    pub fn described_person(&self, name: &str) -> Speaker {
        Speaker {
            name: name.to_string(),
            kind: SpeakerType::Person,
            country: self
                .resident_country()
                .map_or(Country::Other, |c| Country::parse(&c)),
            span: None,
        }
    }

    /// The country a resident without one is presented as a national of: the dateline's,
    /// when it is not one of the powers; without a dateline, the article's host country.
    fn resident_country(&self) -> Option<String> {
        match &self.dateline {
            Some(c) => Some(c.clone()).filter(|c| !super::is_power(c)),
            None => self.host.clone(),
        }
    }

    /// The government body or organisation a stretch names as a whole ("Chinese Embassy
    /// in Kazakhstan", "Russian Foreign Ministry"), if it is one.
    pub fn body_named(&self, text: &str, span: Span) -> Option<Speaker> {
        let toks = tokens(text, span);
        self.description(&toks)
            .filter(|b| b.kind == SpeakerType::Government || b.kind == SpeakerType::Organization)
            .map(|b| Speaker {
                span: Some(span),
                ..b
            })
    }

    /// Country of a person from the words around their first mention.
    pub(super) fn describe(&self, toks: &[Tok], k: usize, n: usize) -> String {
        let after_end = (k + n + 15).min(toks.len());
        let before = k.saturating_sub(5)..k;
        let mut after = k + n..k + n;
        if toks[k + n - 1].comma_after {
            for (j, t) in toks.iter().enumerate().take(after_end).skip(k + n) {
                // What the person said is not their description: "X, 31, said the war
                // changed the way he saw Russia".
                if self.lex.reporting_verbs.iter().any(|v| v == t.word) {
                    break;
                }
                after.end = j + 1;
                if t.stop_after {
                    break;
                }
            }
        }
        let all = || {
            before
                .clone()
                .chain(after.clone())
                .map(|j| base(toks[j].word))
        };
        if all().any(|w| self.lex.expert_words.iter().any(|e| e == w)) {
            // An expert speaks for the place the description puts them in ("Tashkent-based
            // economist", "a fellow at the Almaty ...", "a researcher in Moscow", "Kazakh
            // scholar"), not for a country inside an institution's name; else `other`.
            return self
                .expert_place(toks, before, after)
                .unwrap_or_else(|| "other".into());
        }
        let official = all().any(|w| self.lex.official_words.iter().any(|o| o == w));
        before
            .clone()
            .rev()
            .chain(after.clone())
            // "Ambassador to Kyrgyzstan", "the U.S. Embassy in Astana": the posting, not
            // the country served.
            .filter(|&j| j == 0 || base(toks[j - 1].word) != "to")
            .filter(|&j| {
                !(j >= 2
                    && toks[j - 1].word == "in"
                    && phrase_ends_at(&self.lex.government_words, toks, j - 2))
            })
            .find_map(|j| {
                self.country_at(toks, j).or_else(|| {
                    let place = base(toks[j].word).strip_suffix("-based")?;
                    self.country_of_word(place)
                })
            })
            .or_else(|| official.then(|| self.briefing_place(&toks[..k])).flatten())
            .or_else(|| official.then(|| self.official_country()).flatten())
            // A resident quoted without a country, in a story datelined in a Central
            // Asian country, is presented as one of its people.
            .or_else(|| self.resident_country())
            .unwrap_or_else(|| "other".into())
    }

    /// "Asked at a regular briefing in Beijing, Foreign Ministry spokesperson X said": the
    /// place an official speaks in, earlier in the same sentence, when it is a power's.
    fn briefing_place(&self, before: &[Tok]) -> Option<String> {
        let start = before
            .iter()
            .rposition(|t| t.stop_after)
            .map_or(0, |p| p + 1);
        (start + 1..before.len())
            .rev()
            .filter(|&j| before[j - 1].word == "in")
            .find_map(|j| self.country_of_word(base(before[j].word)))
            .filter(|c| super::is_power(c))
    }

    /// Remember the role words around a newly named person ("Russian Ambassador to
    /// Kyrgyzstan Sergei Vasilchenko", "Aidar Bekov, the deputy minister").
    pub(super) fn note_roles(&mut self, toks: &[Tok], k: usize, n: usize, who: Speaker) {
        let around = k.saturating_sub(8)..(k + n + 6).min(toks.len());
        for j in around {
            let w = base(toks[j].word).to_lowercase();
            let role = self
                .lex
                .official_words
                .iter()
                .any(|o| o.to_lowercase() == w)
                || self.lex.person_nouns.contains(&w);
            if role
                && !self
                    .roles
                    .iter()
                    .any(|(r, s)| *r == w && s.name == who.name)
            {
                self.roles.push((w, who.clone()));
            }
        }
    }

    /// The country of an expert's place: a "<Place>-based" word, the word after "in" or
    /// "at (the)" when it is no power's, or a country or city word right before the name
    /// or before an expert word.
    pub(super) fn expert_place(
        &self,
        toks: &[Tok],
        before: std::ops::Range<usize>,
        after: std::ops::Range<usize>,
    ) -> Option<String> {
        let word = |j: usize| base(toks[j].word);
        let placed = |j: usize| {
            let w = word(j);
            if let Some(place) = w.strip_suffix("-based") {
                return self.country_of_word(place);
            }
            let prev = j.checked_sub(1).map(word);
            let prev2 = j.checked_sub(2).map(word);
            let after_in = matches!(prev, Some("in" | "at"))
                || (prev == Some("the") && matches!(prev2, Some("at")));
            // An analyst "in Washington" or "at a Moscow institute" does not speak for a
            // power; one placed in a Central Asian country is presented as its national.
            after_in
                .then(|| self.country_of_word(w))
                .flatten()
                .filter(|c| !matches!(c.as_str(), "US" | "China" | "Russia"))
        };
        // A country or city word right before the name or before an expert word
        // ("Kazakh scholar X", "Tashkent economist X").
        let expert = |j: usize| self.lex.expert_words.iter().any(|e| e == word(j));
        let adjective = before.clone().rev().find_map(|j| {
            let w = toks[j].word;
            let next_ok = j + 1 == before.end || expert(j + 1);
            (next_ok && w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with("'s"))
                .then(|| self.country_of_word(w))
                .flatten()
        });
        before.chain(after).find_map(placed).or(adjective)
    }

    /// The country a word names, or a two-word phrase ending at it ("United States",
    /// "State Department"); possessives count ("Russia's").
    pub(super) fn country_at(&self, toks: &[Tok], j: usize) -> Option<String> {
        let w = toks[j].word;
        self.country_of_word(base(w))
            .or_else(|| self.country_of_word(w))
            .or_else(|| {
                let prev = toks[..j].last()?;
                self.country_of_word(&format!("{} {}", prev.word, base(w)))
            })
    }

    /// The country of an official described without one: that of the body or group
    /// named in this unit or the one before ("Russia's Foreign Ministry welcomed ...
    /// ministry spokeswoman Yelena Vorontsova"), else the dateline's.
    pub(super) fn official_country(&self) -> Option<String> {
        self.recent_country
            .as_ref()
            .filter(|(at, _)| at + 2 >= self.seen)
            .map(|(_, c)| c.clone())
            .or_else(|| self.dateline.clone())
            .or_else(|| self.host.clone())
    }

    /// "Moscow said": a seat of power standing for its government (not the country's name).
    pub(super) fn capital(&self, part: &[Tok]) -> Option<Speaker> {
        let words: Vec<&str> = part
            .iter()
            .map(|t| t.word)
            .filter(|w| !DETERMINERS.contains(&w.to_lowercase().as_str()))
            .collect();
        if words.len() != 1 {
            return None;
        }
        let country = self
            .lex
            .countries
            .iter()
            .find(|c| c.words.iter().any(|x| x == words[0]))?;
        if country.name == words[0] || country.words.first().is_some_and(|adj| adj == words[0]) {
            return None;
        }
        let adjective = country
            .words
            .first()
            .cloned()
            .unwrap_or_else(|| country.name.clone());
        Some(Speaker {
            name: format!("{adjective} government"),
            kind: SpeakerType::Government,
            country: Country::parse(&country.name),
            span: Some(part[part.len() - 1].span),
        })
    }

    /// A described speaker as a reporting verb's subject: a government body named without
    /// a country ("the presidential press service", "the Industry Ministry") speaks for
    /// the country an official without one would ([`Self::official_country`]); one with a
    /// name of its own ("the Ministry of Finance"), the dateline's or host's.
    pub(super) fn described_speaker(&self, part: &[Tok]) -> Option<Speaker> {
        let mut sp = self.description(part)?;
        let no_country = (0..part.len()).all(|j| self.country_at(part, j).is_none());
        if sp.kind == SpeakerType::Government && no_country {
            // A body with a name of its own ("The Ministry of Economy and Commerce") is the
            // host's, not that of the last body the article named.
            let own_name =
                part.last().is_some_and(|t| is_cap(t.word)) && part.iter().any(|t| t.word == "of");
            let country = if own_name {
                self.dateline.clone().or_else(|| self.host.clone())
            } else {
                self.official_country()
            };
            if let Some(c) = country {
                sp.country = Country::parse(&c);
            }
        }
        Some(sp)
    }

    /// "Kyrgyzstan's foreign ministry", "U.S. officials", "a Central Asian senior
    /// official", "The Chinese Embassy in Tashkent": a described speaker, whose head noun
    /// ends the part or is followed only by a place or body ("in Tashkent").
    pub(super) fn description(&self, part: &[Tok]) -> Option<Speaker> {
        let gov = |h: usize| phrase_ends_at(&self.lex.government_words, part, h);
        let (start, head) = self.description_head(part)?;
        let countries_in = |range: std::ops::Range<usize>| {
            let mut found: Vec<String> = range
                .filter_map(|j| {
                    self.country_at(part, j).or_else(|| {
                        self.lexicon_person(base(part[j].word))
                            .map(|p| p.country.clone())
                    })
                })
                .collect();
            found.dedup();
            found
        };
        let kind = if gov(head) {
            SpeakerType::Government
        } else {
            SpeakerType::Person
        };
        let mut countries = countries_in(start..head + 1);
        if countries.is_empty() && kind == SpeakerType::Person {
            // "Analysts in Almaty": people are placed by where they are.
            countries = countries_in(head + 1..part.len());
        }
        let country = match countries.as_slice() {
            [one] => Country::parse(one),
            _ => Country::Other,
        };
        let words: Vec<&str> = part[start..].iter().map(|t| base(t.word)).collect();
        let described = Speaker {
            name: words.join(" "),
            kind,
            country,
            span: Some(Span::new(
                part[start].span.start,
                part[part.len() - 1].span.end,
            )),
        };
        Some(
            self.introduced_earlier(part, (start, head), &described)
                .unwrap_or(described),
        )
    }

    /// Where a description's head noun is, and where its noun phrase starts.
    fn description_head(&self, part: &[Tok]) -> Option<(usize, usize)> {
        let gov = |h: usize| phrase_ends_at(&self.lex.government_words, part, h);
        let noun = |w: &str| self.lex.person_nouns.iter().any(|g| g == &w.to_lowercase());
        let pp = |k: usize| {
            matches!(part[k].word, "in" | "of" | "to" | "at" | "for")
                && part[k + 1..]
                    .iter()
                    .all(|t| is_cap(t.word) || DETERMINERS.contains(&t.word) || t.word == "and")
        };
        let head = (0..part.len())
            .rev()
            .find(|&h| (gov(h) || noun(part[h].word)) && (h + 1 == part.len() || pp(h + 1)))?;
        let mut start = head;
        while start > 0
            && !is_np_stop(part[start - 1].word)
            && !part[start - 1].comma_after
            && !part[start - 1].word.starts_with(['-', '—', '–'])
        {
            start -= 1;
        }
        Some((start, head))
    }

    /// "the ambassador said": the person introduced earlier in that role; "the embassy
    /// said" (no country): the body introduced earlier with that head noun.
    fn introduced_earlier(
        &self,
        part: &[Tok],
        (start, head): (usize, usize),
        described: &Speaker,
    ) -> Option<Speaker> {
        let the = |j: usize| matches!(part[j].word, "the" | "The");
        // "the ambassador", "the deputy minister": the, lower-case modifiers, the head.
        let lower_between =
            |a: usize| (a..head).all(|j| part[j].word.starts_with(char::is_lowercase));
        let definite = (the(start) && lower_between(start + 1))
            || (start > 0 && the(start - 1) && lower_between(start));
        let head_word = part[head].word.to_lowercase();
        if described.kind == SpeakerType::Person && definite {
            if let Some((_, who)) = self.roles.iter().rev().find(|(r, _)| *r == head_word) {
                return Some(Speaker {
                    span: Some(Span::new(part[start].span.start, part[head].span.end)),
                    ..who.clone()
                });
            }
        }
        // "The Ministry of Economy and Commerce" names its own body: no earlier one.
        let own_name = part[head + 1..].iter().any(|t| is_cap(t.word));
        if described.kind == SpeakerType::Government
            && described.country == Country::Other
            && !own_name
        {
            let b = self.bodies.iter().rev().find(|b| {
                b.name
                    .to_lowercase()
                    .split_whitespace()
                    .any(|w| w == head_word)
            })?;
            return Some(Speaker {
                span: described.span,
                ..b.clone()
            });
        }
        None
    }
}
