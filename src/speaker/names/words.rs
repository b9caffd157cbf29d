//! Words and tokens for names: word lists, the token stream of a unit, small tests on words.

use crate::span::Span;

/// Words of bodies' names, never of a person's ("Collective Security Treaty").
pub(super) const ORG_WORDS: &[&str] = &[
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

/// Capitalized words that never make part of a person's name.
pub(super) const NOT_NAME: &[&str] = &[
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

pub(super) const PRONOUNS: &[&str] = &["he", "she"];
/// Abbreviated titles written with a stop before a name.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sen", "Rep", "Gov", "Amb",
];
pub(super) const DETERMINERS: &[&str] = &["the", "a", "an"];

/// A word of a clause: its text without surrounding punctuation, and its span.
#[derive(Debug, Clone)]
pub(super) struct Tok<'t> {
    pub(super) word: &'t str,
    pub(super) span: Span,
    pub(super) comma_after: bool,
    pub(super) stop_after: bool,
}

pub(super) fn tokens(text: &str, span: Span) -> Vec<Tok<'_>> {
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
            // "Ms. Sadykova", "Lt. Gen. Surovtsev": a title's stop ends no clause.
            stop_after: tail.contains([';', ':', '.', '!', '?'])
                && !(tail == "." && TITLES.contains(&core)),
        });
    }
    out
}

/// True when one of `phrases` ("Embassy", "State Department") ends at token `h`.
pub(super) fn phrase_ends_at(phrases: &[String], toks: &[Tok], h: usize) -> bool {
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

pub(super) fn base(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// The surname of a full name: its last word, less a suffix ("Thomas E. Whitfield Jr.").
pub(super) fn surname(name: &str) -> Option<&str> {
    name.split_whitespace()
        .rev()
        .find(|w| !matches!(*w, "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV"))
}

pub(super) fn is_cap(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(|c| c.is_uppercase()) && word.chars().any(|c| c.is_lowercase())
}

/// Words that end a noun phrase on its left: function words and auxiliaries.
pub(super) fn is_np_stop(w: &str) -> bool {
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

pub(super) fn is_aux(w: &str) -> bool {
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
