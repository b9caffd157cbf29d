//! Segment: article text -> sentence units as byte spans, each flagged boilerplate or not.
//!
//! Rule-based and lossless: units are trimmed spans into the original text, sorted and
//! non-overlapping, and everything between them is whitespace. Blocks are runs of
//! non-blank lines (a line that starts in lower case continues the line before);
//! inside a block, a unit ends at `.`, `!`, `?` or an ellipsis (with closing quotes and
//! brackets) before an upper-case start, unless the word is an abbreviation, an
//! initial or a list number. Headlines, bylines and captions are blocks of their own.
//! Boilerplate rules (site chrome, paywall text, photo credits) are data: see
//! `labels/boilerplate.toml`.

mod boilerplate;
mod ends;
mod lists;

use serde::Serialize;

use crate::span::Span;

use boilerplate::flag_boilerplate;
pub use boilerplate::BoilerplateRules;
use ends::sentence_ends;
pub use lists::list_marker;

/// One sentence unit of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Where the unit lies in the article text (trimmed).
    pub span: Span,
    /// Index of the block (paragraph or line group) the unit belongs to.
    pub block: usize,
    /// Site chrome, headline, byline, caption or paywall text rather than article body.
    pub boilerplate: bool,
}

/// The index ranges of `units` that share a block, in order.
pub fn block_ranges(units: &[Unit]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match out.last_mut() {
            Some(r) if units[r.start].block == u.block => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Split `text` into units and flag boilerplate.
pub fn segment(text: &str, rules: &BoilerplateRules) -> Vec<Unit> {
    let mut units = Vec::new();
    for (b, block) in blocks(text).into_iter().enumerate() {
        let body = block.slice(text);
        let mut start = 0;
        for end in sentence_ends(body) {
            push_unit(&mut units, text, block.start + start, block.start + end, b);
            start = end;
        }
        push_unit(&mut units, text, block.start + start, block.end, b);
    }
    flag_boilerplate(text, &mut units, rules);
    units
}

fn push_unit(units: &mut Vec<Unit>, text: &str, start: usize, end: usize, block: usize) {
    let span = Span::new(start, end).trim(text);
    if !span.is_empty() {
        units.push(Unit {
            span,
            block,
            boilerplate: false,
        });
    }
}

/// Runs of non-blank lines; a line starting in lower case continues the previous one.
fn blocks(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut prev_blank = true;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(pos, pos + line.len());
        pos += line.len();
        let content = line.trim();
        if content.is_empty() {
            prev_blank = true;
            continue;
        }
        // A line that starts in lower case continues the one before, unless it is a
        // domain name ("ria.ru", a site's footer).
        let first_word = content.split_whitespace().next().unwrap_or("");
        let domain = first_word.contains('.') && !first_word.ends_with('.');
        let continues = !domain && content.chars().next().is_some_and(|c| c.is_lowercase());
        match out.last_mut() {
            Some(last) if !prev_blank && continues => last.end = span.end,
            _ => out.push(span),
        }
        prev_blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Labels;

    fn units(text: &str) -> Vec<(String, bool)> {
        let rules = Labels::builtin().unwrap().boilerplate;
        segment(text, &rules)
            .iter()
            .map(|u| (u.span.slice(text).to_string(), u.boilerplate))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        units(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn splits_sentences_table() {
        let body = "Intro line of the story goes here, with words.\n\n";
        let cases: &[(&str, &[&str])] = &[
            (
                "The U.S. Secretary met Mr. Smith on Feb. 3. He left.",
                &["The U.S. Secretary met Mr. Smith on Feb. 3.", "He left."],
            ),
            (
                "Trade reached $12.85 billion. It grew 3.5%.",
                &["Trade reached $12.85 billion.", "It grew 3.5%."],
            ),
            (
                "\"We will act.\" The minister left.",
                &["\"We will act.\"", "The minister left."],
            ),
            (
                "He said: «We act… And we win». Next one.",
                &["He said: «We act…", "And we win».", "Next one."],
            ),
            (
                "It rose (see above.) Then fell.",
                &["It rose (see above.)", "Then fell."],
            ),
            (
                "Donald J. Trump spoke. Wait... really? Yes!",
                &["Donald J. Trump spoke.", "Wait... really?", "Yes!"],
            ),
            (
                "It ended.The next began.",
                &["It ended.", "The next began."],
            ),
            (
                "in the U.S. The talks ended.",
                &["in the U.S.", "The talks ended."],
            ),
            (
                "left this monthThis is your last",
                &["left this month", "This is your last"],
            ),
        ];
        for (input, want) in cases {
            let got = texts(&format!("{body}{input}"));
            assert_eq!(&got[1..], *want, "input: {input}");
        }
    }

    /// The classes of issue 14, in sentences of our own.
    #[test]
    fn abbreviations_end_sentences_by_what_follows_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The envoy flew back to the U.S. Officials then met the press.",
                &[
                    "The envoy flew back to the U.S.",
                    "Officials then met the press.",
                ],
            ),
            (
                "Talks in the U.S. State Department ran late.",
                &["Talks in the U.S. State Department ran late."],
            ),
            (
                "It signed with Ortiz, Baum & Co. It ends in June.",
                &["It signed with Ortiz, Baum & Co.", "It ends in June."],
            ),
            (
                "Polls shut at 8 p.m. The tally began at once.",
                &["Polls shut at 8 p.m.", "The tally began at once."],
            ),
            (
                "Polls shut at 8 p.m. on Sunday.",
                &["Polls shut at 8 p.m. on Sunday."],
            ),
            (
                "The order went to Kazmunai Ltd. Shares rose on the news.",
                &[
                    "The order went to Kazmunai Ltd.",
                    "Shares rose on the news.",
                ],
            ),
            (
                "He backed Resolution No. 12 and then said no. The vote failed.",
                &[
                    "He backed Resolution No. 12 and then said no.",
                    "The vote failed.",
                ],
            ),
            (
                "Mr. Li and Gen. Sayin met Dr. Orlova.",
                &["Mr. Li and Gen. Sayin met Dr. Orlova."],
            ),
            (
                "The memo cites roads, rail, etc. Critics say it is vague.",
                &[
                    "The memo cites roads, rail, etc.",
                    "Critics say it is vague.",
                ],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input: {input}");
        }
    }

    #[test]
    fn inline_lists_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The deal has three parts: 1) a pipeline 2) a refinery 3) a port.",
                &[
                    "The deal has three parts:",
                    "1) a pipeline",
                    "2) a refinery",
                    "3) a port.",
                ],
            ),
            (
                "1. Roads will be built. 2. Rail will follow. 3. Ports come last.",
                &[
                    "1. Roads will be built.",
                    "2. Rail will follow.",
                    "3. Ports come last.",
                ],
            ),
            (
                "a. The first item b. The second item c. The third item",
                &[
                    "a. The first item",
                    "b. The second item",
                    "c. The third item",
                ],
            ),
            (
                "(a) grain exports; (b) fertiliser; (c) cotton.",
                &["(a) grain exports;", "(b) fertiliser;", "(c) cotton."],
            ),
            (
                "• 4. Visas eased • 5. Flights added",
                &["• 4. Visas eased", "• 5. Flights added"],
            ),
            (
                "1.) Tariffs fall 2.) Quotas rise",
                &["1.) Tariffs fall", "2.) Quotas rise"],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input: {input}");
        }
    }

    #[test]
    fn urls_domains_and_dotted_numbers_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The text is at www.gov.kz. The ministry posted it late.",
                &["The text is at www.gov.kz.", "The ministry posted it late."],
            ),
            (
                "The report ran on kun.uz. Officials denied it.",
                &["The report ran on kun.uz.", "Officials denied it."],
            ),
            (
                "See https://example.org/news/2026/05/pipeline.html. Nothing changed.",
                &[
                    "See https://example.org/news/2026/05/pipeline.html.",
                    "Nothing changed.",
                ],
            ),
            (
                "It runs version 4.2.1. Users may upgrade.",
                &["It runs version 4.2.1.", "Users may upgrade."],
            ),
            (
                "Write to press@mfa.example.kz for details.",
                &["Write to press@mfa.example.kz for details."],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input: {input}");
        }
    }

    #[test]
    fn ellipses_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "We will ... consider it. Then we act.",
                &["We will ... consider it.", "Then we act."],
            ),
            (
                "Prices rose . . . and then fell.",
                &["Prices rose . . . and then fell."],
            ),
            (
                "It was over. . . . The talks resumed.",
                &["It was over. . . .", "The talks resumed."],
            ),
            (
                "It was over.... The talks resumed.",
                &["It was over....", "The talks resumed."],
            ),
            (
                "\"We came [...] to build,\" he said.",
                &["\"We came [...] to build,\" he said."],
            ),
            (
                "\"We came [...] The rest is history,\" he said.",
                &["\"We came [...] The rest is history,\" he said."],
            ),
            (
                "the thing is . . . I didn't mean it.",
                &["the thing is . . . I didn't mean it."],
            ),
            (
                "\"We waited…\" The minister paused.",
                &["\"We waited…\"", "The minister paused."],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input: {input}");
        }
    }

    #[test]
    fn pronoun_i_and_initials_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "It was decided by you and I. Then J. Smith arrived.",
                &["It was decided by you and I.", "Then J. Smith arrived."],
            ),
            (
                "Nobody saw it but I. Officials did not.",
                &["Nobody saw it but I.", "Officials did not."],
            ),
            (
                "A. K. Tulegenov and J. R. Ames spoke.",
                &["A. K. Tulegenov and J. R. Ames spoke."],
            ),
            (
                "Plan B. The new plan failed.",
                &["Plan B.", "The new plan failed."],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input: {input}");
        }
    }

    #[test]
    fn datelines_chrome_bullets_and_credits_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "MOSCOW, October 3. /TASS/. The talks ended. Both sides left.",
                &[
                    "MOSCOW, October 3. /TASS/. The talks ended.",
                    "Both sides left.",
                ],
            ),
            (
                "ALMATY, May 4 — Vlast News. The plan passed.",
                &["ALMATY, May 4 — Vlast News. The plan passed."],
            ),
            (
                "Story by Ann Lee • 4h • 3 min read",
                &["Story by Ann Lee • 4h • 3 min read"],
            ),
            (
                "It covers: • roads • rail lines",
                &["It covers:", "• roads", "• rail lines"],
            ),
            (
                "A train near Dostyk, May 2, 2026. (Xinhua/Ann Lee)",
                &["A train near Dostyk, May 2, 2026. (Xinhua/Ann Lee)"],
            ),
            (
                "Kazakhstan Courts U.S. Investors Amid Mineral Boom",
                &["Kazakhstan Courts U.S. Investors Amid Mineral Boom"],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input: {input}");
        }
        // A footer line that starts with a domain name is a line of its own.
        assert_eq!(
            texts("All rights reserved.\nria.ru"),
            ["All rights reserved.", "ria.ru"]
        );
    }

    /// A text of one block (a JSONL record of a sentence or a short item) is its own
    /// body, not a headline without a story.
    #[test]
    fn a_single_block_text_is_body() {
        let one = "China and Russia held talks in Astana on Monday. The U.S. said it was watching.";
        assert!(units(one).iter().all(|(_, b)| !b), "{:?}", units(one));
        let two = format!("Talks in Astana\n\n{one}");
        let got = units(&two);
        assert!(got[0].1 && got[1..].iter().all(|(_, b)| !b), "{got:?}");
    }

    #[test]
    fn a_footer_takes_the_short_lines_between_its_chrome() {
        let text =
            "The talks in Tashkent ended on Friday without a deal on the new railway line.\n\n\
            Officials said the next round would be held in Beijing in the spring.\n\n\
            Both sides said the delay was technical and would be resolved soon.\n\n\
            The railway would link the Fergana valley with the Chinese border at Irkeshtam.\n\n\
            Its cost has been put at several billion dollars over the next decade.\n\n\
            Russia has said it does not object to the project going ahead.\n\n\
            Subscribe to unlock this article\nTry unlimited access\n\
            Then $75 per month.\nCancel anytime during your trial.\n\
            For individuals\nTerms & Conditions apply\n\
            Digital access for organisations.\n\
            © The Review Ltd 2026.";
        let got = units(text);
        let body: Vec<&str> = got
            .iter()
            .filter(|(_, b)| !b)
            .map(|(t, _)| t.as_str())
            .collect();
        // The first line is taken for the headline.
        assert_eq!(body.len(), 5, "{got:#?}");
        assert!(body[4].starts_with("Russia has said"), "{got:#?}");
    }

    #[test]
    fn header_captions_bios_and_pull_quotes_are_boilerplate() {
        let text = "Site News\nPolitics | World | Sport | Video\n\
            The Envoy Came Back. The Region Shrugged.\n\
            Washington returns with money and old promises.\n\
            By Ann Lee\n\n\
            The envoy arrived on Monday and met the president. The talks ran long.\n\n\
            Workers at the new plant near Navoi.\nPhoto: Kun.uz\n\n\
            The talks ran long.\n\n\
            Nobody expected a deal this year, officials said. The next round is in May.\n\n\
            Ann Lee is a contributing writer at the Review and a former correspondent in Almaty.";
        let got = units(text);
        let flags: Vec<(&str, bool)> = got.iter().map(|(t, b)| (t.as_str(), *b)).collect();
        let body: Vec<&str> = flags.iter().filter(|(_, b)| !b).map(|(t, _)| *t).collect();
        assert_eq!(
            body,
            [
                "The envoy arrived on Monday and met the president.",
                "The talks ran long.",
                "Nobody expected a deal this year, officials said.",
                "The next round is in May."
            ],
            "{flags:#?}"
        );
    }

    #[test]
    fn lines_lists_and_continuations() {
        let text = "Title Of The Story Here\n\nWe want:\n1) first point,\n2. second point.\n\nStay ahead with us;\nthe best market.";
        assert_eq!(
            texts(text),
            [
                "Title Of The Story Here",
                "We want:",
                "1) first point,",
                "2. second point.",
                "Stay ahead with us;\nthe best market."
            ]
        );
    }

    #[test]
    fn flags_chrome_headings_and_captions() {
        let text = "Site Menu Home\n\nBig Powers Court Central Asia Again\n\nThe minister spoke at length about trade with partners. He was pleased.\n\nA photo of the minister. \u{a0}© Reuters\n\nSubscribe now for full access\n\nThe talks went on for hours and ended late at night.";
        let got = units(text);
        let flags: Vec<bool> = got.iter().map(|(_, b)| *b).collect();
        assert_eq!(
            flags,
            [true, true, false, false, true, true, true, false],
            "{got:?}"
        );
        assert_eq!(got[5].0, "© Reuters");
    }
}
