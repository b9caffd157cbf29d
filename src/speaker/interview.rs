//! Interview and transcript turns: who voices a block from its turn label ("Q:",
//! "Ann Lee :", "DINA ZHAKUPOVA:"), a name line ("Aziz Karimov:" alone), a dash turn,
//! or question/answer alternation; broadcast narration ("ANCHOR:") is the author's.

use super::{Registry, Speaker};
use crate::country::Country;
use crate::segment::Unit;

/// Interview state: the interviewee, the labels that ask, and whether turns started.
#[derive(Default)]
pub(super) struct Interview {
    interviewee: Option<Speaker>,
    hosts: Vec<String>,
    active: bool,
    /// In a transcript with name lines ("MARIA LOPEZ:" alone on a line), the name
    /// that voices the blocks until the next one.
    tag: Option<String>,
    /// The speaker of the last labelled turn: unlabelled blocks after it continue it.
    last_turn: Option<Speaker>,
    /// The last label was the outlet's own voice ("ANCHOR:", "CORRESPONDENT (Name):").
    narrating: bool,
}

/// Turn labels that voice the outlet itself: a broadcast transcript's narration.
const NARRATORS: [&str; 6] = [
    "anchor",
    "correspondent",
    "reporter",
    "narrator",
    "presenter",
    "voice-over",
];

impl Interview {
    /// The speaker of a block from an interview turn label ("Ann Lee :", "Q:", "A:",
    /// "DINA ZHAKUPOVA:"), a dash turn ("— ..."), or question/answer alternation.
    pub(super) fn turn(
        &mut self,
        text: &str,
        units: &[Unit],
        ids: &[usize],
        reg: &Registry,
    ) -> Option<Speaker> {
        let first = units[ids[0]].span.slice(text);
        if units[ids[0]].boilerplate {
            if let Some(name) = first.strip_prefix("Interview with ") {
                let who: String = name.split(',').next().unwrap_or("").trim().to_string();
                self.interviewee = reg.resolve_name(&who);
            }
            return None;
        }
        let last = units[ids[ids.len() - 1]].span.slice(text);
        let asks = last.trim_end_matches(['"', '”', '»']).ends_with('?');
        self.read_name_line(text, units[ids[0]].span.start, first, reg);
        if let Some(tag) = &self.tag {
            if is_masthead(text, tag) {
                return Some(Speaker::interviewer());
            }
            // Resolved afresh: the name line may come before the name is introduced.
            return reg.resolve_name(tag);
        }
        if let Some(label) = turn_label(first) {
            self.active = true;
            let lower = label.to_lowercase();
            self.narrating = NARRATORS.contains(&lower.as_str());
            let sp = if self.narrating {
                Speaker::author()
            } else {
                self.labelled_turn(text, label, asks, reg)
            };
            self.last_turn = Some(sp.clone());
            return Some(sp);
        }
        if first.starts_with(['—', '–']) {
            // A dash turn: the question is the interviewer's, the rest the guest's,
            // who is the person named last before the turns began.
            if !self.active {
                self.interviewee = reg.last_named();
            }
            self.active = true;
        }
        if !self.active || self.narrating {
            return None;
        }
        if asks {
            return Some(Speaker::interviewer());
        }
        match &self.last_turn {
            Some(t) if !t.is_author() => Some(t.clone()),
            _ => self.interviewee.clone(),
        }
    }

    /// A name line ("Aziz Karimov:" alone) starts that name's turns: a name the article
    /// used before the line, or one in capitals, not a heading that ends with a colon.
    fn read_name_line(&mut self, text: &str, at: usize, first: &str, reg: &Registry) {
        let Some(label) = tag_line(first) else {
            return;
        };
        let name = label_name(label);
        let known = reg.resolve_name(&name).is_some_and(|r| r.name != name)
            || !label.chars().any(char::is_lowercase)
            || text[..at].contains(label);
        if known {
            self.tag = Some(name);
        }
    }

    fn labelled_turn(&mut self, text: &str, label: &str, asks: bool, reg: &Registry) -> Speaker {
        let lower = label.to_lowercase();
        if matches!(lower.as_str(), "q" | "question" | "interviewer")
            || self.hosts.iter().any(|h| h == label)
        {
            return Speaker::interviewer();
        }
        if matches!(lower.as_str(), "a" | "answer") {
            if self.interviewee.is_none() {
                self.interviewee = spokesperson(text, reg).or_else(|| reg.last_named());
            }
            return self
                .interviewee
                .clone()
                .unwrap_or_else(Speaker::interviewer);
        }
        let name = label_name(label);
        let resolved = reg
            .resolve_name(&name)
            .or_else(|| described(label).then(|| reg.described_person(&name)));
        let same = |g: &Speaker| resolved.as_ref().is_some_and(|r| r.name == g.name);
        if let Some(g) = self.interviewee.as_ref().filter(|g| same(g)) {
            return g.clone();
        }
        match resolved {
            Some(r) if !asks && self.interviewee.is_none() => {
                self.interviewee = Some(r.clone());
                r
            }
            Some(r) if !asks => r,
            _ => {
                self.hosts.push(label.to_string());
                Speaker::interviewer()
            }
        }
    }
}

/// A turn label as a name: as written, title-cased when in capitals, or in lower case
/// when it describes someone unnamed ("MAN IN BAZAAR" -> "man in bazaar").
fn label_name(label: &str) -> String {
    if label.chars().any(char::is_lowercase) {
        label.to_string()
    } else if described(label) {
        label.to_lowercase()
    } else {
        title_case(label)
    }
}

/// A label in capitals that describes rather than names: "MAN IN BAZAAR", "WOMAN",
/// "SECOND MAN IN BAZAAR", "VOICE OF A MIGRANT".
fn described(label: &str) -> bool {
    const WORDS: [&str; 9] = [
        "IN", "OF", "AT", "FROM", "THE", "A", "MAN", "WOMAN", "VOICE",
    ];
    !label.chars().any(char::is_lowercase) && label.split_whitespace().any(|w| WORDS.contains(&w))
}

/// Is `name` the outlet's own name, as its first line gives it ("The Diplomat:" under
/// "THE DIPLOMAT")? An outlet's turns are the interviewer's.
fn is_masthead(text: &str, name: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    first.trim().eq_ignore_ascii_case(name)
}

/// "DINA ZHAKUPOVA" -> "Dina Zhakupova".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map_or(String::new(), |c| {
                c.to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The spokesperson an article names ("Foreign Ministry Spokesperson Liu Yuxin"): the
/// one who answers a press conference's "A:" turns.
fn spokesperson(text: &str, reg: &Registry) -> Option<Speaker> {
    let at = text
        .find("Spokesperson ")
        .or_else(|| text.find("spokesperson "))?;
    let after = &text[at + "Spokesperson ".len()..];
    let name: Vec<&str> = after
        .split_whitespace()
        .take_while(|w| w.starts_with(char::is_uppercase))
        .take(3)
        .scan(false, |ended, w| {
            // A possessive ends the name: "Liu Yuxin's Regular Press Conference".
            let bare = w.trim_end_matches("'s").trim_end_matches("’s");
            let stop = *ended;
            *ended = bare.len() < w.len() || w.ends_with([',', '.', ':']);
            (!stop).then(|| bare.trim_end_matches([',', '.', ':']))
        })
        .collect();
    if name.len() < 2 {
        return None;
    }
    let mut who = reg.resolve_name(&name.join(" "))?;
    who.name = name.join(" ");
    if who.country == Country::Other {
        // The ministry the header names ("Ministry of Foreign Affairs of the People's
        // Republic of China ... Spokesperson").
        if let Some(c) = reg.country_in(&text[..at + 13]) {
            who.country = Country::parse(&c);
        }
    }
    Some(who)
}

/// A transcript's name line: "MARIA LOPEZ:" or "Aziz Karimov:" and nothing after.
fn tag_line(s: &str) -> Option<&str> {
    let label = s.trim().strip_suffix(':')?.trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    ((1..=4).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && !label.contains(':'))
    .then_some(label)
}

/// "RFI: ..." or "Temur Umarov : ..." at the start of a block: the label. A label in
/// capitals may carry a role after a comma or a note in brackets, which are dropped:
/// "NURBEK ASANALIEV, MEMBER OF PARLIAMENT (translated):" -> "NURBEK ASANALIEV".
fn turn_label(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let mut label = s[..colon].trim();
    if !label
        .chars()
        .take_while(|&c| c != '(')
        .any(char::is_lowercase)
    {
        if let Some(open) = label.find('(').filter(|_| label.ends_with(')')) {
            label = label[..open].trim();
        }
        if let Some((name, _role)) = label.split_once(',') {
            label = name.trim();
        }
    }
    let words = label.split_whitespace().count();
    let starts_upper = label.chars().next().is_some_and(|c| c.is_uppercase());
    let all_caps_or_names = label
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
    let after = s[colon + 1..].chars().next();
    let most = if label.chars().any(char::is_lowercase) {
        3
    } else {
        5
    };
    ((1..=most).contains(&words) && starts_upper && all_caps_or_names && after == Some(' '))
        .then_some(label)
}
