//! Names: the people and bodies an article introduces, and how later mentions resolve.
//!
//! `words` holds the word lists and tokens, `describe` the country and role a
//! description gives, `report` the subject of a reporting verb.

use std::collections::HashMap;

use super::{Speaker, SpeakerType};
use crate::country::Country;
use crate::labels::SpeakerLexicon;
use crate::span::Span;

mod describe;
mod report;
mod words;

use words::*;

/// What an article has said about people so far, for resolving names and pronouns.
#[derive(Debug)]
pub struct Registry<'l> {
    lex: &'l SpeakerLexicon,
    /// Full names introduced in the article -> their country.
    people: Vec<(String, String)>,
    aliases: HashMap<&'l str, usize>,
    last_named: Option<Speaker>,
    /// Bodies introduced with their country ("The Chinese Embassy in Bishkek").
    bodies: Vec<Speaker>,
    /// Units observed so far.
    seen: usize,
    /// The country of the last body or group named with one ("Russia's Foreign
    /// Ministry", "Kyrgyz lawmakers"), and the unit (count of `seen`) it was in.
    recent_country: Option<(usize, String)>,
    /// The country of the article's dateline ("TASHKENT --", "By ... | Bishkek").
    dateline: Option<String>,
    /// Without a dateline: the country other than the powers that the article names
    /// most (at least twice, strictly more than any other, and no less than any power),
    /// where its story is set.
    host: Option<String>,
    /// Role words an introduced person was described with ("ambassador" -> Sergei
    /// Vasilchenko), for "the ambassador said" later.
    roles: Vec<(String, Speaker)>,
}

impl<'l> Registry<'l> {
    /// An empty registry over the lexicon.
    pub fn new(lex: &'l SpeakerLexicon) -> Self {
        let mut aliases = HashMap::new();
        for (i, p) in lex.people.iter().enumerate() {
            aliases.insert(p.name.as_str(), i);
            for a in &p.aliases {
                aliases.insert(a.as_str(), i);
            }
        }
        Registry {
            lex,
            people: Vec::new(),
            aliases,
            last_named: None,
            bodies: Vec::new(),
            seen: 0,
            recent_country: None,
            dateline: None,
            host: None,
            roles: Vec::new(),
        }
    }

    /// Read the dateline from the first units: a city (or country) at the start of a
    /// unit followed by a comma or dash, in capitals ("ALMATY, Kazakhstan --") or on a
    /// line of its own ("Washington, 9 May 2026"), after the bar of a byline
    /// ("By Aibek Turdaliev | Bishkek"), or in "Reporting from Almaty, Kazakhstan".
    /// Without one, the host country stands in for residents and officials.
    pub fn read_dateline(&mut self, text: &str, units: &[crate::segment::Unit]) {
        self.read_datelines(text, units);
        if self.dateline.is_none() {
            self.host = self.most_named_country(text, units);
        }
    }

    /// The country other than the powers named most often in the article's units, when
    /// it is named at least twice, more often than any other and no less than any power.
    fn most_named_country(&self, text: &str, units: &[crate::segment::Unit]) -> Option<String> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for u in units {
            for w in u.span.slice(text).split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
                let found = self
                    .country_of_word(base(w))
                    .or_else(|| self.country_of_word(w));
                if let Some(c) = found {
                    *counts.entry(c).or_default() += 1;
                }
            }
        }
        // A story mostly about a power (a Beijing briefing on Kazakhstan) has no host.
        let powers = counts
            .iter()
            .filter(|(c, _)| is_power(c))
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        counts.retain(|c, n| !is_power(c) && *n >= powers);
        let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        match ranked.as_slice() {
            [(c, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|r| r.1 < *n) => {
                Some(c.clone())
            }
            _ => None,
        }
    }

    fn read_datelines(&mut self, text: &str, units: &[crate::segment::Unit]) {
        // Page chrome can put a dozen short units before the story's dateline.
        for u in units.iter().take(14) {
            let s = u.span.slice(text).trim();
            // A magazine's line "Reporting from Almaty, Kazakhstan".
            if let Some(place) = s.strip_prefix("Reporting from ") {
                if let Some(c) = self.country_in(place) {
                    self.dateline = Some(c);
                    return;
                }
            }
            if let Some((by, place)) = s.rsplit_once(" | ") {
                if by.starts_with("By ") {
                    if let Some(c) = self.country_of_word(place.trim()) {
                        self.dateline = Some(c);
                        return;
                    }
                }
            }
            let toks = tokens(text, u.span);
            let Some(first) = toks.first() else { continue };
            let mut rest = text[first.span.end..u.span.end].trim_start();
            // A wire's agency between city and dash: "Bishkek (AFP) - ...".
            let agency = rest
                .strip_prefix('(')
                .and_then(|r| r.split_once(')'))
                .filter(|(a, _)| a.len() <= 12 && !a.contains(' '));
            if let Some((_, after)) = agency {
                rest = after.trim_start();
            }
            let marked = first.comma_after
                || rest.starts_with("--")
                || rest.starts_with(['—', '–'])
                || rest.starts_with("- ");
            let capitals = first.word.chars().all(|c| !c.is_lowercase());
            if !marked || !(capitals || u.boilerplate || agency.is_some()) {
                continue;
            }
            let titled: String = first
                .word
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c } else { c.to_ascii_lowercase() })
                .collect();
            let found = self
                .country_of_word(first.word)
                .or_else(|| self.country_of_word(&titled));
            if found.is_some() {
                self.dateline = found;
                return;
            }
        }
    }

    /// Record the full names a unit introduces, with the country their description gives.
    pub fn observe(&mut self, text: &str, span: Span) {
        let toks = tokens(text, span);
        let mut first: Option<Speaker> = None;
        let mut k = 0;
        while k < toks.len() {
            let n = self.name_len_at(&toks, k);
            let run = self.name_run_at(&toks, k);
            let suffixed =
                run > 0 && matches!(toks[k + run - 1].word, "Jr" | "Sr" | "II" | "III" | "IV");
            if run - usize::from(suffixed) > 3 {
                // "Deputy Minister of Water Resources Bakhodir Nazarov": a run of capitals
                // longer than a name ends with the name.
                k += run - 2;
                continue;
            }
            // "At a cafe near Panfilov Park": a place, not a person.
            let place = k > 0
                && matches!(
                    toks[k - 1].word,
                    "near" | "in" | "at" | "on" | "outside" | "inside" | "across" | "along"
                );
            let mut named = None;
            if place {
                k += n.max(1);
                continue;
            }
            if n >= 2 {
                let name = text[toks[k].span.start..toks[k + n - 1].span.end].to_string();
                let name = base(&name).to_string();
                if !self.people.iter().any(|(p, _)| *p == name)
                    && self.lexicon_person(&name).is_none()
                {
                    let country = self.describe(&toks, k, n);
                    self.people.push((name.clone(), country.clone()));
                    self.note_roles(&toks, k, n, person(&name, &country, None));
                }
                named = self.resolve_name(&name);
            } else if n == 1 {
                let w = base(toks[k].word);
                if self.lexicon_person(w).is_some() || self.known_surname(w) {
                    named = self.resolve_name(w);
                }
            }
            if first.is_none() {
                first = named;
            }
            k += n.max(1);
        }
        self.seen += 1;
        // A later "he" most often points to the subject: the first person named.
        if first.is_some() {
            self.last_named = first;
        }
    }

    /// Note the bodies and groups unit `at` names, before its block's quotes are
    /// attributed and the unit is `observe`d.
    pub fn note_bodies(&mut self, text: &str, span: Span, at: usize) {
        self.observe_bodies(&tokens(text, span), at);
    }

    /// Remember government bodies named with their country, for "the embassy said",
    /// and the country of the last body or group named with one, for the officials
    /// the next units quote without one ("ministry spokeswoman Yelena Vorontsova").
    fn observe_bodies(&mut self, toks: &[Tok], at: usize) {
        for h in 0..toks.len() {
            let gov = phrase_ends_at(&self.lex.government_words, toks, h);
            let group = self
                .lex
                .person_nouns
                .iter()
                .any(|g| g == &toks[h].word.to_lowercase());
            if group && !gov {
                if let Some(sp) = self.description(&toks[..=h]) {
                    if sp.country != Country::Other {
                        self.recent_country = Some((at, sp.country.to_string()));
                    }
                }
            }
            if !gov {
                continue;
            }
            let mut end = h + 1;
            if end + 1 < toks.len()
                && matches!(toks[end].word, "in" | "of" | "to")
                && is_cap(toks[end + 1].word)
            {
                end += 2;
            }
            if let Some(sp) = self.description(&toks[..end]) {
                if sp.country != Country::Other {
                    self.recent_country = Some((at, sp.country.to_string()));
                }
                if sp.country != Country::Other && !self.bodies.iter().any(|b| b.name == sp.name) {
                    self.bodies.push(Speaker { span: None, ..sp });
                }
            }
        }
    }

    /// Can `w` be part of a person's name? Capitalized, not a title or function word,
    /// not a country word.
    fn name_word(&self, w: &str) -> bool {
        // "Russia-led", "Kremlin-backed", "Tashkent-based": a country word inside.
        let compound = w
            .split('-')
            .nth(1)
            .is_some_and(|_| w.split('-').any(|p| self.country_of_word(p).is_some()));
        is_cap(w)
            && !NOT_NAME.contains(&w)
            && !ORG_WORDS.contains(&w)
            && !compound
            && self.country_of_word(w).is_none()
    }

    /// Length of the person name starting at token `k` (0 when none).
    fn name_len_at(&self, toks: &[Tok], k: usize) -> usize {
        self.name_words_at(toks, k, 3)
    }

    /// Length of the whole run of name words starting at token `k`.
    fn name_run_at(&self, toks: &[Tok], k: usize) -> usize {
        self.name_words_at(toks, k, usize::MAX)
    }

    /// Name words from token `k` on, at most `max`, up to a comma, a stop or a
    /// possessive.
    fn name_words_at(&self, toks: &[Tok], k: usize, max: usize) -> usize {
        let mut n = 0;
        while k + n < toks.len() {
            let t = &toks[k + n];
            // A generational suffix ends a name without counting as one of its words.
            if n > 0 && matches!(t.word, "Jr" | "Sr" | "II" | "III" | "IV") {
                n += 1;
                break;
            }
            if n >= max {
                break;
            }
            // An initial ("K. Zhuravlyov", "S. Melnikov") goes on to the surname.
            let initial = report::is_initial(t)
                && toks
                    .get(k + n + 1)
                    .is_some_and(|next| self.name_word(base(next.word)));
            if initial {
                n += 1;
                continue;
            }
            let w = base(t.word);
            if !self.name_word(w) {
                break;
            }
            n += 1;
            if t.comma_after || t.stop_after || w != t.word {
                break;
            }
        }
        n
    }

    /// The first country a stretch of text names, word by word.
    pub fn country_in(&self, s: &str) -> Option<String> {
        s.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
            .find_map(|w| {
                self.country_of_word(base(w))
                    .or_else(|| self.country_of_word(w))
            })
    }

    fn country_of_word(&self, w: &str) -> Option<String> {
        self.lex
            .countries
            .iter()
            .find(|c| c.words.iter().any(|x| x == w))
            .map(|c| c.name.clone())
    }

    fn lexicon_person(&self, name: &str) -> Option<&crate::labels::Person> {
        self.aliases.get(name).map(|&i| &self.lex.people[i])
    }

    /// The person named last in what was observed.
    pub fn last_named(&self) -> Option<Speaker> {
        self.last_named.clone()
    }

    /// A speaker for a written name: lexicon canonical form, else the full name the
    /// article introduced with that surname, else the name as written.
    pub fn resolve_name(&self, name: &str) -> Option<Speaker> {
        let name = base(name.trim());
        if name.is_empty() || !is_cap(name) {
            return None;
        }
        if let Some(p) = self.lexicon_person(name) {
            return Some(person(&p.name, &p.country, None));
        }
        let last = surname(name)?;
        let found = self
            .people
            .iter()
            .find(|(full, _)| full == name || surname(full) == Some(last))
            .or_else(|| {
                // A family name written first ("Liu Wenbo" ... "Liu said").
                let single = !name.contains(' ');
                self.people.iter().find(|(full, _)| {
                    single
                        && full.split_whitespace().count() == 2
                        && full.split(' ').next() == Some(name)
                })
            });
        Some(match found {
            Some((full, country)) => person(full, country, None),
            None => person(name, "other", None),
        })
    }

    fn known_surname(&self, w: &str) -> bool {
        self.people
            .iter()
            .any(|(full, _)| full.split_whitespace().last() == Some(w))
    }
}

/// One of the three powers the product scores stance toward.
pub(super) fn is_power(country: &str) -> bool {
    matches!(country, "US" | "China" | "Russia")
}

fn person(name: &str, country: &str, span: Option<Span>) -> Speaker {
    // Tokens lose their final stop; a generational suffix keeps it ("Jr.").
    let suffixed = name.ends_with(" Jr") || name.ends_with(" Sr");
    Speaker {
        name: if suffixed {
            format!("{name}.")
        } else {
            name.to_string()
        },
        kind: SpeakerType::Person,
        country: Country::parse(country),
        span,
    }
}
