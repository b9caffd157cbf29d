//! Speaker: who voices each unit, the author or a quoted or reported person or body.
//!
//! Input: the article text, its units and the speaker lexicon. Output: one `Speaker` per
//! unit. Rules, in order: interview turns (`RFI:` / `Name :` prefixes, then
//! question/answer alternation); quotes (straight, curly, guillemets, over several units
//! and paragraphs) attributed by a reporting verb next to a name, pronoun or description
//! in the same block, else continued from the quote block before; reported speech
//! ("X said that", "according to X") outside quotes. Surnames and pronouns resolve to the
//! full name introduced earlier. Country comes from the lexicon, else from the words
//! around the speaker's first mention (an expert's affiliation makes it `other`).

use serde::Serialize;

use crate::country::Country;
use crate::labels::SpeakerLexicon;
use crate::segment::Unit;
use crate::span::Span;

mod interview;
mod names;
mod quotes;
mod statement;

pub use names::Registry;

/// What kind of voice a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerType {
    /// The article's author (also an interviewer).
    Author,
    /// A named or described person.
    Person,
    /// A non-state organization.
    Organization,
    /// A government, ministry, embassy or officials acting for a state.
    Government,
}

/// The speaker of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// Canonical name, `author` or `interviewer`.
    pub name: String,
    /// Kind of speaker.
    pub kind: SpeakerType,
    /// Country the speaker represents; [`Country::None`] for the author.
    pub country: Country,
    /// Where the name or description was found, when in the text.
    pub span: Option<Span>,
}

impl Speaker {
    /// The article's author.
    pub fn author() -> Self {
        Speaker {
            name: "author".into(),
            kind: SpeakerType::Author,
            country: Country::None,
            span: None,
        }
    }

    fn interviewer() -> Self {
        Speaker {
            name: "interviewer".into(),
            ..Speaker::author()
        }
    }

    /// True for the author and the interviewer.
    pub fn is_author(&self) -> bool {
        self.kind == SpeakerType::Author
    }
}

/// Attribute a speaker to every unit of one article.
pub fn attribute(text: &str, units: &[Unit], lex: &SpeakerLexicon) -> Vec<Speaker> {
    let mut reg = Registry::new(lex);
    reg.read_dateline(text, units);
    let quoted = quotes::quoted_units(text, units);
    let mut out: Vec<Speaker> = Vec::with_capacity(units.len());
    let mut interview = interview::Interview::default();
    let mut previous: Option<Speaker> = None;
    for range in crate::segment::block_ranges(units) {
        let ids: Vec<usize> = range.collect();
        let turn = interview.turn(text, units, &ids, &reg);
        let in_answer = turn.as_ref().is_some_and(|t| !t.is_author());
        for &u in &ids {
            reg.note_bodies(text, units[u].span, u);
        }
        let quote_speaker = block_attribution(text, units, &ids, &quoted, &reg)
            .or_else(|| previous.clone())
            .or_else(|| reg.last_named());
        let mut last_voice = None;
        for &u in &ids {
            let sp = if turn.as_ref().is_some_and(|t| t.name == "interviewer") {
                turn.clone()
            } else if quoted[u] {
                // The unit's own attribution ("...," spokesman X said) before the block's.
                unit_attribution(text, units[u].span, &reg)
                    .or_else(|| quote_speaker.clone())
                    .or_else(|| turn.clone())
            } else {
                reg.subject_of_report(text, units[u].span, in_answer)
                    .or_else(|| turn.clone())
            };
            let sp = sp.unwrap_or_else(Speaker::author);
            reg.observe(text, units[u].span);
            if !sp.is_author() {
                last_voice = Some(sp.clone());
            }
            out.push(sp);
        }
        if !units[ids[0]].boilerplate {
            previous = last_voice;
        }
    }
    list_items_follow_their_lead(text, units, &mut out);
    statement::statements_voice_their_body(text, units, &quoted, &reg, &mut out);
    out
}

/// Items of a list ("• an agreement with Rosatom", "(a) fuel supply") that no rule
/// gave a speaker are voiced by whoever voices the line that introduces them
/// ("According to the ambassador, the package includes:").
fn list_items_follow_their_lead(text: &str, units: &[Unit], out: &mut [Speaker]) {
    let mut lead: Option<usize> = None;
    for u in 0..units.len() {
        let t = units[u].span.slice(text);
        let item = crate::segment::list_marker(t)
            || (t.starts_with('(') && t[1..].find(')').is_some_and(|p| p <= 4));
        if item {
            if let Some(l) = lead {
                if out[u].is_author() && !out[l].is_author() {
                    out[u] = out[l].clone();
                }
            }
        } else {
            lead = t.trim_end().ends_with(':').then_some(u);
        }
    }
}

/// The speaker a block's quotes are attributed to, from the text outside its quotes.
fn block_attribution(
    text: &str,
    units: &[Unit],
    ids: &[usize],
    quoted: &[bool],
    reg: &Registry,
) -> Option<Speaker> {
    if !ids.iter().any(|&u| quoted[u]) {
        return None;
    }
    let span = Span::new(units[ids[0]].span.start, units[ids[ids.len() - 1]].span.end);
    let frames = quotes::outside_quotes(text, span);
    frames
        .iter()
        .find_map(|f| reg.subject_of_report(text, *f, false))
        .or_else(|| frames.iter().find_map(|f| reg.colon_intro(text, *f)))
}

/// The speaker a quoted unit's text outside its quotes reports, if any.
fn unit_attribution(text: &str, span: Span, reg: &Registry) -> Option<Speaker> {
    quotes::outside_quotes(text, span)
        .iter()
        .find_map(|f| reg.subject_of_report(text, *f, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Labels;
    use crate::segment::segment;

    fn speakers(text: &str) -> Vec<(String, String, String)> {
        let l = Labels::builtin().unwrap();
        let units = segment(text, &l.boilerplate);
        attribute(text, &units, &l.speakers)
            .into_iter()
            .zip(&units)
            .map(|(s, u)| {
                (
                    u.span.slice(text).to_string(),
                    s.name,
                    s.country.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn quotes_reports_and_pronouns() {
        let text = "The talks were long and tiring for all the delegates involved.\n\n\
            \"We will not bow. We stand firm,\" Mike Pompeo told reporters.\n\n\
            \"The region matters to us.\"\n\n\
            Kazakh Foreign Minister Aidar Bekov said the talks went well. He praised the hosts.\n\n\
            The Chinese Embassy in Astana posted a reply: \"This is slander.\"\n\n\
            According to Bekov, trade is growing.";
        let got = speakers(text);
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "author",
                "Mike Pompeo",
                "Mike Pompeo",
                "Mike Pompeo",
                "Aidar Bekov",
                "Aidar Bekov",
                "Chinese Embassy in Astana",
                "Aidar Bekov"
            ],
            "{got:#?}"
        );
        assert_eq!(got[1].2, "US");
        assert_eq!(got[4].2, "Kazakhstan");
        assert_eq!(got[6].2, "China");
    }

    #[test]
    fn interview_turns() {
        let text = "A Title For The Interview Page\n\nInterview with Ann Lee, expert at the Asia Institute\n\
            RFI: The visit was short. Why now?\n\
            Ann Lee : It was planned. China wants ties.\n\
            What comes next?\n\
            More trade, surely.";
        let got = speakers(text);
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names[2..],
            [
                "interviewer",
                "interviewer",
                "Ann Lee",
                "Ann Lee",
                "interviewer",
                "Ann Lee"
            ],
            "{got:#?}"
        );
        assert_eq!(got[4].2, "other");
    }

    #[test]
    fn press_conference_capitals_and_dash_turns() {
        let text = "Foreign Ministry Spokesperson Li Na's Regular Press Conference\n\n\
            Q: The sanctions hit three firms. Will Beijing respond?\n\n\
            A: We oppose them firmly. They have no basis.\n\n\
            We will protect our companies.";
        let names: Vec<String> = speakers(text).into_iter().map(|(_, n, _)| n).collect();
        // Scored by the last name token, as `eval` does.
        let short: Vec<&str> = names
            .iter()
            .map(|n| n.rsplit(' ').next().unwrap())
            .collect();
        assert_eq!(
            short[1..],
            ["interviewer", "interviewer", "Na", "Na", "Na"],
            "{names:#?}"
        );
        let text =
            "The scholar Aigul Sadykova, a fellow at the Almaty Policy Lab, spoke with us.\n\n\
            JOHN REED: How does Astana see Moscow now?\n\n\
            AIGUL SADYKOVA: Carefully. We share a long border.\n\n\
            Analysts Tell The Story Best\n\n\
            — Is that a change?\n\n\
            — It is a habit.";
        let got = speakers(text);
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names[1..4],
            ["interviewer", "Aigul Sadykova", "Aigul Sadykova"],
            "{got:#?}"
        );
        assert_eq!(got[2].2, "Kazakhstan", "{got:#?}");
        assert_eq!(names[names.len() - 2..], ["interviewer", "Aigul Sadykova"]);
    }

    #[test]
    fn roles_and_list_items_keep_their_speaker() {
        let text = "Talks Open In Bishkek\n\n\
            BISHKEK (AKIpress) - The two states will sign a package, Russian Ambassador to \
            Kyrgyzstan Sergei Vasilchenko said on Monday.\n\n\
            According to the ambassador, the package includes:\n\
            • a power plant;\n\
            • a fuel deal.";
        let got = speakers(text);
        let tail: Vec<(&str, &str)> = got[2..]
            .iter()
            .map(|(_, n, c)| (n.as_str(), c.as_str()))
            .collect();
        assert_eq!(tail, [("Sergei Vasilchenko", "Russia"); 3], "{got:#?}");
    }

    #[test]
    fn transcript_name_lines_voice_what_follows() {
        let text = "The Steppe Hour, Episode 3\n\n\
            ANN LEE:\nWelcome. I'm Ann Lee. Our guest is Bolot Asanov.\n\n\
            BOLOT ASANOV:\nThank you. It is good to be here.\n\n\
            The sanctions hurt us.";
        let got = speakers(text);
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names[1..],
            [
                "Ann Lee",
                "Ann Lee",
                "Ann Lee",
                "Ann Lee",
                "Bolot Asanov",
                "Bolot Asanov",
                "Bolot Asanov",
                "Bolot Asanov"
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn mixed_case_name_lines_the_outlet_asks() {
        let text = "THE REVIEW\n\nTwo Voices on the Steppe\n\n\
            The Review spoke with Michael Brennan Jr., a former U.S. official.\n\n\
            The Review:\nWhy now?\n\n\
            Michael Brennan Jr.:\nBecause the money is real. It has changed.";
        let got = speakers(text);
        let tail: Vec<&str> = got[got.len() - 5..]
            .iter()
            .map(|(_, n, _)| n.as_str())
            .collect();
        assert_eq!(
            tail,
            [
                "interviewer",
                "interviewer",
                "Michael Brennan Jr.",
                "Michael Brennan Jr.",
                "Michael Brennan Jr."
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn broadcast_narration_is_the_author_and_described_labels_speak() {
        let text = "Evening News\n\n\
            ANCHOR: Good evening. Recruiters are busy in Osh.\n\n\
            CORRESPONDENT (Ann Lee): The bazaar opens at dawn.\n\n\
            MAN IN BAZAAR (translated): They offer money. My neighbour signed.\n\n\
            NURBEK ASANOV, MEMBER OF PARLIAMENT (translated): We cannot tell people where to work.\n\n\
            It is their choice.";
        let got = speakers(text);
        let names: Vec<&str> = got[1..].iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "author",
                "author",
                "author",
                "man in bazaar",
                "man in bazaar",
                "Nurbek Asanov",
                "Nurbek Asanov"
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn a_statement_voices_its_body_and_initials_stay_in_names() {
        let text = "Statement of the Chinese Embassy in Kazakhstan on a So-called Report\n\n\
            The report makes groundless accusations. These claims do not stand up.\n\n\
            K. Zhuravlyov, a Russian deputy, said the report was late.";
        let got = speakers(text);
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names[1..3],
            [
                "Chinese Embassy in Kazakhstan",
                "Chinese Embassy in Kazakhstan"
            ],
            "{got:#?}"
        );
        assert_eq!(got[1].2, "China");
        assert_eq!(names[3], "K. Zhuravlyov", "{got:#?}");
        // A statement quoted in full ends at its closing quote mark.
        let text = "Moscow reacted on Tuesday.\n\n\
            Comment of the Russian Foreign Ministry in connection with the memorandum\n\n\
            \"We have taken note of the reports.\n\nWe expect the partners to take note.\"\n\n\
            Our own view is different.";
        let got = speakers(text);
        let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names[2..],
            [
                "Russian Foreign Ministry",
                "Russian Foreign Ministry",
                "author"
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn a_passive_reports_no_speech() {
        let text = "Aliya Sarsenova, a trade official in Astana, attended the talks.\n\n\
            Sure, it would not be said out loud. Traders were told to wait.\n\n\
            Well, nothing was said about prices, Sarsenova said.";
        let names: Vec<String> = speakers(text).into_iter().map(|(_, n, _)| n).collect();
        // "Sure" and "Traders" are not speakers: "be said", "were told" are passives;
        // the last unit's active "Sarsenova said" still attributes.
        assert_eq!(
            names,
            ["author", "author", "author", "Aliya Sarsenova"],
            "{names:#?}"
        );
    }

    #[test]
    fn officials_take_the_country_of_their_body_or_dateline() {
        let text = "Minsk Hosts Talks\n\n\
            BISHKEK, Kyrgyzstan -- Russia's Foreign Ministry on Friday welcomed the plan.\n\n\
            \"Our friends are right,\" ministry spokeswoman Anna Petrova told a briefing.\n\n\
            The White House said it was concerned. \"This is a mistake,\" spokesman Tom Hill said.\n\n\
            The debate went on for hours.\n\n\
            \"We decide for ourselves,\" said deputy Aibek Nurov.\n\n\
            Tajik Defense Minister Sherali Mirzo thanked Moscow for its help.\n\n\
            Deputy Minister of Water Resources Bakhodir Nazarov welcomed the money. \
            \"It helps,\" he said.";
        let got = speakers(text);
        let by = |name: &str| {
            got.iter()
                .find(|(_, n, _)| n == name)
                .map(|(_, _, c)| c.as_str())
                .unwrap_or_else(|| panic!("no {name}: {got:#?}"))
        };
        // the body named in the unit before
        assert_eq!(by("Anna Petrova"), "Russia");
        // the unit's own attribution, not the block's first ("The White House said")
        assert_eq!(by("Tom Hill"), "US");
        assert_eq!(got[4].1, "Tom Hill", "{got:#?}");
        // no body near: the dateline's country
        assert_eq!(by("Aibek Nurov"), "Kyrgyzstan");
        // a neighbour outside the list, though a power is named later
        assert_eq!(by("Sherali Mirzo"), "other");
        // a long run of capitals ends with the name
        assert_eq!(got.last().unwrap().1, "Bakhodir Nazarov", "{got:#?}");
    }
    #[test]
    fn host_country_asides_places_and_experts() {
        // Our own sentences: no dateline, a story set in Uzbekistan.
        let text = "Uzbekistan and Kazakhstan agreed on new water quotas for the summer.\n\n\
            Deputy Water Minister Rustam Aliyev said Uzbekistan would cut use by a tenth.\n\n\
            Political scientist Olga Petrova, head of the Moscow-based Institute of Eurasian \
            Integration, told reporters that Russia would stay out.\n\n\
            At a teahouse near Navoi Park, Bobur Karimov, 40, a farmer, said the deal worried \
            him more than Russia ever had.\n\n\
            \"The canals are empty,\" he said.\n\n\
            Tashkent economist Dilnoza Yusupova said prices would rise.\n\n\
            The presidential press service said the quotas were fair to Uzbekistan.";
        let got = speakers(text);
        let who: Vec<(&str, &str)> = got
            .iter()
            .map(|(_, n, c)| (n.as_str(), c.as_str()))
            .collect();
        assert_eq!(
            who,
            [
                ("author", "none"),
                ("Rustam Aliyev", "Uzbekistan"),
                ("Olga Petrova", "Russia"),
                ("Bobur Karimov", "Uzbekistan"),
                ("Bobur Karimov", "Uzbekistan"),
                ("Dilnoza Yusupova", "Uzbekistan"),
                ("presidential press service", "Uzbekistan"),
            ],
            "{got:#?}"
        );
    }
    #[test]
    fn titles_suffixes_postings_and_named_ministries() {
        // Our own sentences.
        let text = "BISHKEK, Kyrgyzstan -- Banks here are under new scrutiny.\n\n\
            The Russian Defense Ministry said the drills would go ahead.\n\n\
            \"We comply with every rule,\" said Ms. Aigul Toktosunova, 48, a bank clerk.\n\n\
            The first secretary at the U.S. Embassy in Bishkek, Paul D. Hennessy Jr., spoke \
            at the opening.\n\n\
            Mr. Hennessy said the banks would be watched.\n\n\
            The Ministry of Economy and Commerce said it was studying the matter.";
        let got = speakers(text);
        let who: Vec<(&str, &str)> = got
            .iter()
            .map(|(_, n, c)| (n.as_str(), c.as_str()))
            .collect();
        assert_eq!(who[2], ("Aigul Toktosunova", "Kyrgyzstan"), "{got:#?}");
        assert_eq!(who[4], ("Paul D. Hennessy Jr.", "US"), "{got:#?}");
        assert_ne!(who[5].0, "Russian Defense Ministry", "{got:#?}");
        assert_eq!(who[5].1, "Kyrgyzstan", "{got:#?}");
    }
}
