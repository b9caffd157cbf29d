//! Inline list items: where an item of a list written on one line starts.
//!
//! A marker is a token after whitespace: a bullet ("•", "▪", "◦", "‣", "⁃", optionally
//! with a number after it) or an enumerator ("1)", "1.", "1.)", "(1)", "a)", "a.",
//! "(a)", "(iv)", "B)"). Enumerators count only in runs that go up by one in the same
//! style ("1) ... 2) ..."), so a lone "2." or an initial is no list.

/// One list marker: where it starts and where its token ends (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// First byte of the marker.
    pub start: usize,
    /// Byte after the marker token ("1)" or "• 9.").
    pub end: usize,
}

const BULLETS: &[char] = &['•', '▪', '◦', '‣', '⁃'];

/// How an enumerator is written: its kind of value and its punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Number(Form),
    Lower(Form),
    Upper(Form),
    Roman(Form),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Paren,    // (1)
    Close,    // 1)
    DotClose, // 1.)
    Dot,      // 1.
}

fn roman(s: &str) -> Option<usize> {
    const NUMERALS: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    NUMERALS.iter().position(|n| *n == s).map(|p| p + 1)
}

/// The (style, value) readings of an enumerator token, if it is one.
fn readings(tok: &str) -> Vec<(Style, usize)> {
    let (body, form) = if let Some(b) = tok.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        (b, Form::Paren)
    } else if let Some(b) = tok.strip_suffix(".)") {
        (b, Form::DotClose)
    } else if let Some(b) = tok.strip_suffix(')') {
        (b, Form::Close)
    } else if let Some(b) = tok.strip_suffix('.') {
        (b, Form::Dot)
    } else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !body.is_empty() && body.len() <= 2 && body.chars().all(|c| c.is_ascii_digit()) {
        if let Ok(v) = body.parse() {
            out.push((Style::Number(form), v));
        }
    }
    let mut cs = body.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        if c.is_ascii_lowercase() {
            out.push((Style::Lower(form), (c as u8 - b'a' + 1) as usize));
        } else if c.is_ascii_uppercase() && form != Form::Dot {
            // "J. K." are initials, not a list: upper-case letters need a bracket.
            out.push((Style::Upper(form), (c as u8 - b'A' + 1) as usize));
        }
    }
    if form != Form::Dot {
        if let Some(v) = roman(body) {
            out.push((Style::Roman(form), v));
        }
    }
    out
}

/// Tokens of `s` after whitespace (or at its start), with their byte offsets.
fn tokens(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (p, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(p),
            (true, Some(b)) => {
                out.push((b, &s[b..p]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

/// Markers of list items in `s` (one block), in order.
pub fn item_starts(s: &str) -> Vec<Marker> {
    let toks = tokens(s);
    let mut out = Vec::new();
    // Bullets, with a number after them taken into the marker ("• 9."). A bullet
    // inside a line starts items only when the first one opens the block or follows
    // a colon or a sentence end ("Story by X • 4h • 3 min read" is one line of chrome).
    let first_bullet = toks.iter().position(|(_, t)| t.starts_with(BULLETS));
    let list_opens =
        first_bullet.is_some_and(|k| k == 0 || toks[k - 1].1.ends_with([':', '.', ';', '!', '?']));
    for (k, &(p, t)) in toks.iter().enumerate().filter(|_| list_opens) {
        if !t.starts_with(BULLETS) {
            continue;
        }
        // A bare bullet takes the number after it ("• 9."); a glued one is whole ("⁃9.").
        let end = match toks.get(k + 1) {
            Some(&(q, next)) if t.chars().count() == 1 && !readings(next).is_empty() => {
                q + next.len()
            }
            _ => p + t.len(),
        };
        out.push(Marker { start: p, end });
    }
    // Enumerators in runs that go up by one.
    let mut chains: Vec<(Style, usize, Vec<Marker>)> = Vec::new();
    for (k, &(p, t)) in toks.iter().enumerate() {
        let after_bullet = k > 0 && toks[k - 1].1.chars().all(|c| BULLETS.contains(&c));
        if after_bullet || k + 1 == toks.len() {
            continue;
        }
        for (style, v) in readings(t) {
            let m = Marker {
                start: p,
                end: p + t.len(),
            };
            match chains
                .iter_mut()
                .rev()
                .find(|(st, last, _)| *st == style && *last + 1 == v)
            {
                Some(chain) => {
                    chain.1 = v;
                    chain.2.push(m);
                }
                None if v == 1 => chains.push((style, v, vec![m])),
                None => {}
            }
        }
    }
    for (_, _, ms) in chains {
        if ms.len() >= 2 {
            out.extend(ms);
        }
    }
    out.sort_by_key(|m| m.start);
    out.dedup_by_key(|m| m.start);
    out
}

/// "1) ", "2. ", "• ", "- " at the start of a unit.
pub fn list_marker(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let rest = &s[digits..];
    (digits > 0 && digits < 3 && (rest.starts_with(") ") || rest.starts_with(". ")))
        || s.starts_with("• ")
        || s.starts_with("- ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(s: &str) -> Vec<&str> {
        item_starts(s).iter().map(|m| &s[m.start..m.end]).collect()
    }

    #[test]
    fn finds_runs_of_markers_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Steps: 1) sign 2) ratify 3) build", &["1)", "2)", "3)"]),
            ("(a) roads (b) rail", &["(a)", "(b)"]),
            ("a. roads b. rail c. ports", &["a.", "b.", "c."]),
            ("• 9. first • 10. second", &["• 9.", "• 10."]),
            ("⁃9. first ⁃10. second", &["⁃9.", "⁃10."]),
            ("(i) gas (ii) oil", &["(i)", "(ii)"]),
            ("He won 2. Then J. K. Smith spoke.", &[]),
            ("Plan B) is not a list 3) either", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(items(input), *want, "input: {input}");
        }
    }
}
