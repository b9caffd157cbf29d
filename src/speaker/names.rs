//! Names: the people an article introduces, and the subject of a reporting verb.

use std::collections::HashMap;

use super::{Speaker, SpeakerType};
use crate::labels::SpeakerLexicon;
use crate::span::Span;

/// Capitalized words that never make part of a person's name.
/// Words of bodies' names, never of a person's ("Collective Security Treaty").
const ORG_WORDS: &[&str] = &[
    "Organization",
    "Organisation",
    "Union",
    "Treaty",
    "Council",
    "Ministry",
    "Committee",
    "Bank",
    "Fund",
    "Corporation",
    "Company",
    "Group",
    "Agency",
    "Bureau",
    "Commission",
    "Office",
    "Service",
    "Department",
    "Parliament",
    "Assembly",
    "Cabinet",
    "Court",
    "Forum",
    "Summit",
    "Initiative",
    "Program",
    "Programme",
    "Project",
    "Railway",
    "Railways",
    "Corridor",
    "Pipeline",
    "Collective",
    "Security",
    "Economic",
    "Motors",
    "Holdings",
    "Energy",
    "Administration",
    "Embassy",
    "Consulate",
    "Mission",
    "Valley",
    "Sea",
    "River",
    "Lake",
    "Mountains",
    "Region",
    "Province",
    "Oblast",
    "Street",
    "Square",
    "Hall",
    "Palace",
    "Airport",
    "Port",
    "Prospects",
    "Regional",
    "Statistics",
];

const NOT_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "As",
    "And",
    "But",
    "Or",
    "Of",
    "For",
    "To",
    "By",
    "With",
    "From",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "It",
    "Its",
    "This",
    "That",
    "These",
    "Those",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "Our",
    "Their",
    "His",
    "Her",
    "Secretary",
    "State",
    "President",
    "Minister",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Foreign",
    "Prime",
    "Deputy",
    "Assistant",
    "Ambassador",
    "Senator",
    "General",
    "Chairman",
    "Director",
    "Head",
    "Chief",
    "Senior",
    "Former",
    "Fellow",
    "Program",
    "Center",
    "Centre",
    "Institute",
    "University",
    "Studies",
    "Foundation",
    "Society",
    "Review",
    "News",
    "Times",
    "Post",
    "Agency",
    "Ministry",
    "Embassy",
    "Department",
    "Office",
    "Council",
    "Union",
    "Organization",
    "Initiative",
    "Central",
    "Asia",
    "Asian",
    "Eurasia",
    "Eurasian",
    "Western",
    "West",
    "East",
    "Eastern",
    "North",
    "South",
    "Soviet",
    "Silk",
    "Road",
    "Belt",
    "Strategy",
    "Republic",
    "Party",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Muslim",
    "Muslims",
    "Islamic",
    "Christian",
    "Human",
    "Rights",
    "Affairs",
    "Security",
    "Cooperation",
    "Economic",
    "National",
    "International",
    "Interview",
    "Premier",
    "Chancellor",
    "King",
    "Queen",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Sir",
    "United",
    "States",
    "Kingdom",
    "Nations",
    "Breaking",
    "Sponsored",
    "Content",
    "Europe",
    "European",
    "EU",
    "NATO",
    "UN",
];

const PRONOUNS: &[&str] = &["he", "she"];
const DETERMINERS: &[&str] = &["the", "a", "an"];

/// A word of a clause: its text without surrounding punctuation, and its span.
#[derive(Debug, Clone)]
struct Tok<'t> {
    word: &'t str,
    span: Span,
    comma_after: bool,
    stop_after: bool,
}

fn tokens(text: &str, span: Span) -> Vec<Tok<'_>> {
    let s = span.slice(text);
    let mut out = Vec::new();
    let mut pos = 0;
    for piece in s.split_inclusive(char::is_whitespace) {
        let start = pos;
        pos += piece.len();
        let raw = piece.trim_end();
        let lead = raw.len()
            - raw
                .trim_start_matches(['"', '“', '«', '(', '‘', '\''])
                .len();
        let core = raw[lead..]
            .trim_end_matches([',', ';', ':', '.', '!', '?', '"', '”', '»', ')', '’', '\'']);
        let core = if raw[lead..].starts_with(core) && raw.ends_with('.') && core.contains('.') {
            &raw[lead..] // keep "U.S."
        } else {
            core
        };
        if core.is_empty() {
            continue;
        }
        let tail = &raw[lead + core.len()..];
        let a = span.start + start + lead;
        out.push(Tok {
            word: &text[a..a + core.len()],
            span: Span::new(a, a + core.len()),
            comma_after: tail.contains(','),
            stop_after: tail.contains([';', ':', '.', '!', '?']),
        });
    }
    out
}

/// True when one of `phrases` ("Embassy", "State Department") ends at token `h`.
fn phrase_ends_at(phrases: &[String], toks: &[Tok], h: usize) -> bool {
    phrases.iter().any(|p| {
        let words: Vec<&str> = p.split_whitespace().collect();
        words.len() <= h + 1
            && words
                .iter()
                .rev()
                .zip(toks[..=h].iter().rev())
                .all(|(w, t)| *w == t.word)
    })
}

fn base(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// The surname of a full name: its last word, less a suffix ("Thomas E. Whitfield Jr.").
fn surname(name: &str) -> Option<&str> {
    name.split_whitespace()
        .rev()
        .find(|w| !matches!(*w, "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV"))
}

fn is_cap(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(|c| c.is_uppercase()) && word.chars().any(|c| c.is_lowercase())
}

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
            roles: Vec::new(),
        }
    }

    /// Read the dateline from the first units: a city (or country) at the start of a
    /// unit followed by a comma or dash, in capitals ("ALMATY, Kazakhstan --") or on a
    /// line of its own ("Washington, 9 May 2026"), or after the bar of a byline
    /// ("By Aibek Turdaliev | Bishkek").
    pub fn read_dateline(&mut self, text: &str, units: &[crate::segment::Unit]) {
        for u in units.iter().take(8) {
            let s = u.span.slice(text).trim();
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
            let rest = text[first.span.end..u.span.end].trim_start();
            let marked = first.comma_after
                || rest.starts_with("--")
                || rest.starts_with(['—', '–'])
                || rest.starts_with("- ");
            let capitals = first.word.chars().all(|c| !c.is_lowercase());
            if !marked || !(capitals || u.boilerplate) {
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
            if run > 3 {
                // "Deputy Minister of Water Resources Bakhodir Nazarov": a run of capitals
                // longer than a name ends with the name.
                k += run - 2;
                continue;
            }
            let mut named = None;
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
                    if sp.country != "other" {
                        self.recent_country = Some((at, sp.country));
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
                if sp.country != "other" {
                    self.recent_country = Some((at, sp.country.clone()));
                }
                if sp.country != "other" && !self.bodies.iter().any(|b| b.name == sp.name) {
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
        while k + n < toks.len() && n < max {
            let w = base(toks[k + n].word);
            if !self.name_word(w) {
                break;
            }
            n += 1;
            if toks[k + n - 1].comma_after
                || toks[k + n - 1].stop_after
                || w != toks[k + n - 1].word
            {
                break;
            }
        }
        n
    }

    /// Country of a person from the words around their first mention.
    fn describe(&self, toks: &[Tok], k: usize, n: usize) -> String {
        let after_end = (k + n + 15).min(toks.len());
        let before = k.saturating_sub(5)..k;
        let mut after = k + n..k + n;
        if toks[k + n - 1].comma_after {
            for (j, t) in toks.iter().enumerate().take(after_end).skip(k + n) {
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
            // "Ambassador to Kyrgyzstan": the posting, not the country served.
            .filter(|&j| j == 0 || base(toks[j - 1].word) != "to")
            .find_map(|j| {
                self.country_at(toks, j).or_else(|| {
                    let place = base(toks[j].word).strip_suffix("-based")?;
                    self.country_of_word(place)
                })
            })
            .or_else(|| official.then(|| self.official_country()).flatten())
            // A resident quoted without a country, in a story datelined in a Central
            // Asian country, is presented as one of its people.
            .or_else(|| {
                self.dateline
                    .clone()
                    .filter(|c| !matches!(c.as_str(), "US" | "China" | "Russia"))
            })
            .unwrap_or_else(|| "other".into())
    }

    /// Remember the role words around a newly named person ("Russian Ambassador to
    /// Kyrgyzstan Sergei Vasilchenko", "Aidar Bekov, the deputy minister").
    fn note_roles(&mut self, toks: &[Tok], k: usize, n: usize, who: Speaker) {
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
    /// "at (the)" when it is no power's, or a country adjective right before the name.
    fn expert_place(
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
        let adjective = before.end.checked_sub(1).and_then(|j| {
            let w = word(j);
            (w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with("'s"))
                .then(|| self.country_of_word(w))
                .flatten()
        });
        before.chain(after).find_map(placed).or(adjective)
    }

    /// The country a word names, or a two-word phrase ending at it ("United States",
    /// "State Department"); possessives count ("Russia's").
    fn country_at(&self, toks: &[Tok], j: usize) -> Option<String> {
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
    fn official_country(&self) -> Option<String> {
        self.recent_country
            .as_ref()
            .filter(|(at, _)| at + 2 >= self.seen)
            .map(|(_, c)| c.clone())
            .or_else(|| self.dateline.clone())
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
            self.description(&head[..n])
                .or_else(|| self.name_at_start(&head[..n], &toks))
        })
    }

    fn name_at_start(&self, part: &[Tok], all: &[Tok]) -> Option<Speaker> {
        let n = self.name_len_at(part, 0);
        (n > 0 && n == part.len())
            .then(|| self.candidate_at_end(part, all, 0))
            .flatten()
    }

    /// A reporting verb as written in lower case; an -ing form only after "is/are/was/were".
    fn is_report_verb(&self, toks: &[Tok], v: usize, strong_only: bool) -> bool {
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
    fn subject_before(&self, toks: &[Tok], v: usize) -> Option<Speaker> {
        let mut end = v;
        while end > 0 && v - end < 3 && !toks[end - 1].comma_after && is_aux(toks[end - 1].word) {
            end -= 1;
        }
        let mut parts = 0;
        while end > 0 && parts < 6 {
            let mut start = end - 1;
            while start > 0 && !toks[start - 1].comma_after && !toks[start - 1].stop_after {
                start -= 1;
            }
            let part = &toks[start..end];
            let first = part
                .first()
                .map(|t| t.word.to_lowercase())
                .unwrap_or_default();
            let appositive = start > 0
                && toks[start - 1].comma_after
                && ["a", "an", "who", "which", "whose", "for"].contains(&first.as_str());
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
    fn candidate_at_end(&self, part: &[Tok], all: &[Tok], offset: usize) -> Option<Speaker> {
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
        if let Some(sp) = self.description(part) {
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
        if k < part.len() {
            let name: Vec<&str> = part[k..].iter().map(|t| t.word).collect();
            let name = name.join(" ");
            let mut sp = self.resolve_name(&name)?;
            let known = self.lexicon_person(&name).is_some()
                || self.people.iter().any(|(p, _)| *p == sp.name);
            if !known && offset + part.len() <= all.len() {
                sp.country = self.describe(all, offset + k, part.len() - k);
            }
            sp.span = Some(Span::new(part[k].span.start, last.span.end));
            return Some(sp);
        }
        self.capital(part)
    }

    /// The last person named in `toks` (for "When X visited, he said").
    fn earlier_name(&self, toks: &[Tok]) -> Option<Speaker> {
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

    fn known_surname(&self, w: &str) -> bool {
        self.people
            .iter()
            .any(|(full, _)| full.split_whitespace().last() == Some(w))
    }

    /// "Moscow said": a seat of power standing for its government (not the country's name).
    fn capital(&self, part: &[Tok]) -> Option<Speaker> {
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
            country: country.name.clone(),
            span: Some(part[part.len() - 1].span),
        })
    }

    /// "Kyrgyzstan's foreign ministry", "U.S. officials", "a Central Asian senior
    /// official", "The Chinese Embassy in Tashkent": a described speaker, whose head noun
    /// ends the part or is followed only by a place or body ("in Tashkent").
    fn description(&self, part: &[Tok]) -> Option<Speaker> {
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
        let words: Vec<&str> = part[start..].iter().map(|t| base(t.word)).collect();
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
            [one] => one.clone(),
            _ => "other".into(),
        };
        let the = |j: usize| matches!(part[j].word, "the" | "The");
        let definite =
            (the(start) && head == start + 1) || (start > 0 && the(start - 1) && head == start);
        if kind == SpeakerType::Person && definite {
            // "the ambassador said": the person introduced earlier in that role.
            let head_word = part[head].word.to_lowercase();
            if let Some((_, who)) = self.roles.iter().rev().find(|(r, _)| *r == head_word) {
                return Some(Speaker {
                    span: Some(Span::new(part[start].span.start, part[head].span.end)),
                    ..who.clone()
                });
            }
        }
        if kind == SpeakerType::Government && country == "other" {
            // "the embassy said": the body introduced earlier with that head noun.
            let head_word = part[head].word.to_lowercase();
            if let Some(b) = self.bodies.iter().rev().find(|b| {
                b.name
                    .to_lowercase()
                    .split_whitespace()
                    .any(|w| w == head_word)
            }) {
                return Some(Speaker {
                    span: Some(Span::new(
                        part[start].span.start,
                        part[part.len() - 1].span.end,
                    )),
                    ..b.clone()
                });
            }
        }
        Some(Speaker {
            name: words.join(" "),
            kind,
            country,
            span: Some(Span::new(
                part[start].span.start,
                part[part.len() - 1].span.end,
            )),
        })
    }

    /// "said Kassenova", "said a senior official": the speaker after the verb.
    fn inverted_after(&self, toks: &[Tok], v: usize) -> Option<Speaker> {
        if v > 0 && !toks[v - 1].comma_after && !toks[v - 1].stop_after {
            return None;
        }
        self.candidate_after(toks, v + 1)
    }

    fn candidate_after(&self, toks: &[Tok], k: usize) -> Option<Speaker> {
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
            let described = if complete { self.description(p) } else { None };
            described.or_else(|| {
                (is_cap(p[n - 1].word) && complete)
                    .then(|| self.candidate_at_end(p, toks, k))
                    .flatten()
            })
        })
    }
}

/// Words that end a noun phrase on its left: function words and auxiliaries.
fn is_np_stop(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "the"
            | "a"
            | "an"
            | "as"
            | "if"
            | "when"
            | "while"
            | "that"
            | "which"
            | "who"
            | "because"
            | "since"
            | "although"
            | "but"
            | "long"
            | "does"
            | "do"
            | "did"
            | "not"
            | "is"
            | "was"
            | "are"
            | "were"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "by"
            | "with"
            | "after"
            | "before"
            | "meanwhile"
            | "also"
            | "then"
            | "watching"
            | "closely"
    )
}

fn is_aux(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "also"
            | "was"
            | "is"
            | "were"
            | "are"
            | "will"
            | "would"
            | "later"
            | "again"
            | "then"
            | "further"
            | "repeatedly"
            | "once"
            | "previously"
            | "recently"
            | "publicly"
            | "angrily"
            | "diplomatically"
            | "reportedly"
            | "firmly"
    )
}

fn person(name: &str, country: &str, span: Option<Span>) -> Speaker {
    Speaker {
        name: name.to_string(),
        kind: SpeakerType::Person,
        country: country.to_string(),
        span,
    }
}
