//! Where sentences end inside a block: terminal punctuation, abbreviations, ellipses.
//!
//! A `.`, `!`, `?` or ellipsis (with closing quotes and brackets) ends a sentence before
//! an upper-case start. A stop after an abbreviation, an initial or a dotted acronym
//! ends one only when what follows starts a sentence: a sentence starter ("The", "It",
//! "Then"), or an ordinary word that our text writes in lower case
//! (`labels/common_words.txt`) and that no capitalised word follows ("in the U.S.
//! Officials then flew on" ends; "the U.S. State Department" does not).

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

/// Titles before a name: a stop after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "sen", "rep", "gov", "col", "lt", "sgt",
    "capt", "cpl", "pvt", "adm", "maj", "cmdr", "rev", "hon", "pres", "amb", "insp", "supt", "mme",
    "mlle", "fr",
];

/// Abbreviations that can also end a sentence: decided by what follows.
const ABBREVIATIONS: &[&str] = &[
    "st", "jr", "sr", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "no", "nos", "vs", "approx", "fig", "figs", "vol", "vols", "pp", "p",
    "cf", "al", "dept", "est", "op", "ed", "eds", "ave", "blvd", "corp", "inc", "ltd", "co", "llc",
    "plc", "bros", "etc", "ca", "art", "sec", "ch", "para", "tel",
];

/// Company forms: a stop after them ends the sentence before a capital, unless another
/// company form follows.
const CORPORATE: &[&str] = &["corp", "inc", "ltd", "co", "llc", "plc", "bros"];

/// What can follow a company form inside one name.
const CORPORATE_GOES_ON: &[&str] = &[
    "Ltd", "LLC", "Inc", "Co", "Corp", "Group", "Holdings", "Limited", "PLC", "AG", "SA", "GmbH",
    "JSC", "LLP", "LP",
];

/// Abbreviations followed by a number ("No. 5", "pp. 10"): never a boundary there.
const BEFORE_NUMBERS: &[&str] = &[
    "no", "nos", "vol", "vols", "pp", "p", "fig", "figs", "art", "sec", "ch", "para", "tel", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "st",
];

/// Words that start sentences and rarely continue a name.
const STARTERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Your",
    "But",
    "However",
    "In",
    "On",
    "At",
    "A",
    "An",
    "There",
    "Here",
    "Yet",
    "Meanwhile",
    "And",
    "So",
    "Then",
    "Now",
    "Still",
    "Also",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "For",
    "With",
    "By",
    "From",
    "Since",
    "Although",
    "Though",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Which",
    "Some",
    "Many",
    "Most",
    "Both",
    "Each",
    "Every",
    "All",
    "Not",
    "One",
    "Such",
    "Other",
    "Another",
    "Only",
    "Even",
    "Later",
    "Earlier",
    "Last",
    "Next",
    "Today",
    "Yesterday",
    "Instead",
    "Indeed",
    "Moreover",
    "Thus",
    "Nevertheless",
    "Nonetheless",
    "Under",
    "During",
    "Despite",
    "Among",
    "Against",
    "Without",
    "According",
    "Asked",
    "Officials",
    "Critics",
    "Analysts",
    "Experts",
    "Neither",
    "Nor",
    "Or",
    "To",
    "Of",
    "Do",
    "Does",
    "Did",
    "Is",
    "Are",
    "Was",
    "Were",
    "Will",
    "Would",
    "Can",
    "Could",
    "Should",
    "May",
    "Might",
    "Must",
    "Let",
    "Please",
    "Sources",
];

/// Capitalised words that continue a name after a dotted acronym ("the U.S. State
/// Department", "U.N. Security Council"); any other capitalised word starts a sentence.
const CONTINUATIONS: &[&str] = &[
    "State",
    "Department",
    "Embassy",
    "Consulate",
    "Mission",
    "Ambassador",
    "Envoy",
    "President",
    "Vice",
    "Secretary",
    "Senator",
    "Senators",
    "Senate",
    "Congress",
    "Congressman",
    "Congresswoman",
    "House",
    "Representative",
    "Treasury",
    "Army",
    "Navy",
    "Air",
    "Marine",
    "Marines",
    "Coast",
    "Forces",
    "Force",
    "Military",
    "Agency",
    "Administration",
    "International",
    "National",
    "Federal",
    "Government",
    "Trade",
    "Commerce",
    "Defense",
    "Defence",
    "Special",
    "Deputy",
    "Assistant",
    "Under",
    "Undersecretary",
    "Chamber",
    "Central",
    "Export-Import",
    "Exim",
    "Development",
    "Supreme",
    "Court",
    "Justice",
    "Attorney",
    "Chief",
    "Commander",
    "Command",
    "General",
    "Gen",
    "Lt",
    "Sen",
    "Rep",
    "Adm",
    "Council",
    "Institute",
    "Foreign",
    "Security",
    "Energy",
    "Geological",
    "Census",
    "Intelligence",
    "Office",
    "Interior",
    "Agriculture",
    "Labor",
    "Customs",
    "Border",
    "Patrol",
    "Peace",
    "Corps",
    "Steel",
    "Open",
    "Food",
    "Drug",
    "Bureau",
    "Representatives",
    "Charge",
    "Chargé",
    "Permanent",
    "Delegation",
    "Envoys",
    "Ministry",
    "Minister",
    "Prime",
    "Parliament",
    "Sanctions",
    "Policy",
    "Strategy",
    "Initiative",
    "Program",
    "Programme",
    "Fund",
    "Bank",
    "Dollar",
    "Dollars",
    "Civil",
    "Space",
    "Cyber",
];

/// Words our news text writes in lower case (see `scripts/common-words.py`).
fn common_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../labels/common_words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// A closing quotation mark or bracket that belongs to the sentence before it.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '›')
}

/// Words that glue onto the end of a word when a page drops the space between sentences.
const GLUED_STARTERS: &[&str] = &[
    "This", "The", "You", "Your", "We", "It", "Try", "Get", "Read",
];

/// A run of terminal marks from char `i`: the char index after it and how many stops
/// it has ("…" counts three). A spaced ellipsis (". . .", ". . . .") is one run.
fn terminal_run(chars: &[(usize, char)], i: usize) -> (usize, usize) {
    let mut j = i;
    let mut stops = 0;
    while j < chars.len() && is_terminal(chars[j].1) {
        stops += if chars[j].1 == '…' { 3 } else { 1 };
        j += 1;
    }
    if chars[j - 1].1 == '.' {
        let (mut k, mut extra) = (j, 0);
        while k + 1 < chars.len() && chars[k].1 == ' ' && chars[k + 1].1 == '.' {
            k += 2;
            extra += 1;
            while k < chars.len() && chars[k].1 == '.' {
                k += 1;
                extra += 1;
            }
        }
        if extra > 0 && stops + extra >= 3 {
            return (k, stops + extra);
        }
    }
    (j, stops)
}

/// Byte offsets (relative to `s`) where a unit ends, excluding the end of `s`.
pub fn sentence_ends(s: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let markers = super::lists::item_starts(s);
    let marker_ends: Vec<usize> = markers.iter().map(|m| m.end).collect();
    let mut ends: Vec<usize> = markers.iter().map(|m| m.start).filter(|&p| p > 0).collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !is_terminal(c) {
            if let Some(cut) = glued_start(s, &chars, i) {
                ends.push(cut);
            }
            i += 1;
            continue;
        }
        let (mut j, stops) = terminal_run(&chars, i);
        let bracketed = s[..pos].ends_with(['[', '(']);
        while j < chars.len() && (is_closing(chars[j].1) || is_terminal(chars[j].1)) {
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |&(p, _)| p);
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k >= chars.len() {
            break;
        }
        let rest = &s[chars[k].0..];
        let quoted = s[pos..end].contains(['"', '”', '»', '’']);
        // "... the right?" Toktorova told the Post; "a. The first item": the stop
        // closes a list marker.
        let boundary = if (quoted && attribution_follows(rest))
            || marker_ends.contains(&end)
            || marker_ends.contains(&(pos + c.len_utf8()))
        {
            false
        } else if k == j {
            // No space: only "word.Word" with a lower-case word before the stop.
            c == '.' && stops == 1 && missing_space_break(s, pos, &s[end..])
        } else if starts_lower(rest) || bracketed {
            false // a lower-case start, or "[...]": an omission inside a sentence
        } else if stops == 3 && c != '?' && c != '!' {
            !rest.starts_with("I ") && !rest.starts_with("I'")
        } else if c == '.' && stops == 1 {
            !abbreviation_before(s, pos, rest)
        } else {
            true
        };
        if boundary {
            ends.push(end);
        }
        i = j.max(i + 1);
    }
    ends.retain(|&e| !in_dateline(&s[..e]) && !before_credit(&s[e..]));
    ends.sort_unstable();
    ends.dedup();
    ends
}

/// Is `head` (a block's start up to a cut) a wire dateline that the first sentence
/// goes on after ("MOSCOW, October 3. /TASS/.", "MOSCOW, October 5 — RIA Novosti.")?
fn in_dateline(head: &str) -> bool {
    static DATELINE: OnceLock<Regex> = OnceLock::new();
    DATELINE
        .get_or_init(|| {
            Regex::new(
                r"^\p{Lu}[\p{Lu} .'-]{2,30}, (\p{Lu}\p{Ll}+\.? \d{1,2}|\d{1,2} \p{Lu}\p{Ll}+\.?)(, \d{4})?\.?( /\p{Lu}+/\.?| \(\p{Lu}[\w ]*\)\.?| (—|–|--?) \p{Lu}[\w ]{1,30}\.)?$",
            )
            .expect("the dateline pattern is valid")
        })
        .is_match(head)
}

/// Is `rest` (after a cut) only a parenthesised credit that ends the block
/// ("(Xinhua/Kalizhan Ospanov)")? It stays with the caption before it.
fn before_credit(rest: &str) -> bool {
    let r = rest.trim();
    r.starts_with('(')
        && r.ends_with(')')
        && r.split_whitespace().count() <= 6
        && r.contains('/')
        && !r[1..r.len() - 1].contains(['(', ')'])
}

/// Verbs that attribute a quotation just before them.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "asked",
    "added",
    "noted",
    "wrote",
    "warned",
    "explained",
    "recalled",
    "insisted",
    "replied",
    "stressed",
    "argued",
    "declared",
];

/// Does `rest` open with an attribution: one to four capitalised words, then a
/// reporting verb ("Toktorova told the Post", "Deputy Minister Ann Lee said")?
fn attribution_follows(rest: &str) -> bool {
    let words: Vec<&str> = rest
        .split_whitespace()
        .take(5)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let names = words
        .iter()
        .take_while(|w| w.starts_with(char::is_uppercase) && !STARTERS.contains(w))
        .count();
    (1..=4).contains(&names) && words.get(names).is_some_and(|w| REPORTING.contains(w))
}

/// Does `rest` start in lower case, after any opening quotes or brackets?
fn starts_lower(rest: &str) -> bool {
    rest.chars()
        .find(|c| !matches!(c, '"' | '“' | '‘' | '\'' | '«'))
        .is_some_and(char::is_lowercase)
}

/// The word (letters and inner dots) that ends just before byte `dot`.
fn word_before(s: &str, dot: usize) -> &str {
    let head = &s[..dot];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '&'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    &head[start..]
}

/// The next two words of `rest` (letters, apostrophes and hyphens).
fn next_words(rest: &str) -> (String, Option<String>) {
    let mut words = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string());
    let first = words.next().unwrap_or_default();
    (first, words.next())
}

/// Does the text after an abbreviation start a new sentence?
fn starts_sentence(rest: &str, strict: bool) -> bool {
    let (next, after) = next_words(rest);
    if STARTERS.contains(&next.as_str()) {
        return true;
    }
    if strict {
        return false;
    }
    let common = common_words().contains(next.to_lowercase().as_str());
    let name_follows = after
        .as_deref()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    common && !name_follows
}

/// True when the stop at byte `dot` ends an abbreviation, initial or list number
/// that does not end the sentence (see the module doc).
fn abbreviation_before(s: &str, dot: usize, rest: &str) -> bool {
    let word = word_before(s, dot);
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    let digit_next = rest.starts_with(|c: char| c.is_ascii_digit());
    if TITLES.contains(&lower.as_str()) {
        return true;
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        if digit_next {
            return BEFORE_NUMBERS.contains(&lower.as_str()) || word == "No";
        }
        if title_case(rest) {
            return true;
        }
        let (next, _) = next_words(rest);
        if CORPORATE.contains(&lower.as_str()) || matches!(lower.as_str(), "jr" | "sr") {
            // "Eastline Holdings Inc. Treasury said": a company's or a person's name
            // has ended; only a company form goes on ("Co. Ltd.").
            return CORPORATE_GOES_ON.contains(&next.as_str());
        }
        return !starts_sentence(rest, false);
    }
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        if c.is_uppercase() {
            // An initial ("Donald J. Trump") unless a sentence clearly starts; the
            // pronoun "I" ends one before an ordinary word too.
            return !starts_sentence(rest, c != 'I');
        }
        if c.is_alphabetic() {
            return false;
        }
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        // "1. Item" at a line start is a list number.
        let before = s[..dot - word.len()].trim_end_matches([' ', '\t']);
        return before.is_empty() || before.ends_with('\n');
    }
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return dotted_acronym_goes_on(word, &lower, rest);
    }
    false
}

/// Dotted acronym ("U.S.", "p.m.", "Ph.D."): every part short. Anything longer is a
/// domain name ("kun.uz"), which ends a sentence like a word.
fn dotted_acronym_goes_on(word: &str, lower: &str, rest: &str) -> bool {
    let acronym = word.split('.').all(|p| p.chars().count() <= 2);
    if !acronym {
        return false;
    }
    if matches!(lower, "e.g" | "i.e") {
        return true;
    }
    if matches!(lower, "a.m" | "p.m") {
        return !ends_time(rest);
    }
    if title_case(rest) {
        return true;
    }
    let (next, _) = next_words(rest);
    CONTINUATIONS.contains(&next.as_str()) && !starts_sentence(rest, true)
}

/// Are the next few words all capitalised, as in a headline ("U.S. Pledges Support
/// for Reforms")? Then a capital after an acronym says nothing.
fn title_case(rest: &str) -> bool {
    let words: Vec<&str> = rest
        .split_whitespace()
        .take(4)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() > 3)
        .collect();
    words.len() >= 2 && words.iter().all(|w| w.starts_with(char::is_uppercase))
}

/// After "a.m." / "p.m.": does a sentence start, or does the time go on ("7 p.m.
/// Moscow time", "9 a.m. EST")?
fn ends_time(rest: &str) -> bool {
    let (next, after) = next_words(rest);
    let zone = next.len() <= 4 && next.chars().all(|c| c.is_ascii_uppercase());
    let place_time = after.as_deref().is_some_and(|w| w == "time");
    !(zone || place_time)
}

/// "end.The": a stop glued to the next sentence after a lower-case word.
fn missing_space_break(s: &str, dot: usize, rest: &str) -> bool {
    let word = word_before(s, dot);
    let mut next = rest.chars();
    let lower_word = word.len() >= 2 && word.chars().all(|c| c.is_lowercase());
    let upper_next = next.next().is_some_and(|c| c.is_uppercase())
        && next.next().is_some_and(|c| c.is_lowercase());
    lower_word && upper_next
}

/// "monthThis is": a sentence starter glued to a lower-case word; returns the cut.
fn glued_start(s: &str, chars: &[(usize, char)], i: usize) -> Option<usize> {
    let (pos, c) = chars[i];
    if !c.is_uppercase()
        || i < 2
        || !chars[i - 1].1.is_lowercase()
        || !chars[i - 2].1.is_lowercase()
    {
        return None;
    }
    let rest = &s[pos..];
    GLUED_STARTERS.iter().find_map(|w| {
        let after = rest.strip_prefix(w)?;
        after.starts_with(' ').then_some(pos)
    })
}
