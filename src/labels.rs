//! Labels: loads and validates `labels/*.toml` (stance labels and templates, target
//! gazetteer, speaker lexicon, boilerplate rules, stance cue words).
//!
//! The project's own files are built into the binary, so it runs from anywhere;
//! `--labels DIR` loads edited copies instead. Every file is validated at load time:
//! an unknown key, a template without `{target}`, a bad regex or an empty list is an
//! error naming the file and key.

use std::path::Path;

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::lexicon::CueWords;
use crate::segment::BoilerplateRules;

const STANCE: &str = include_str!("../labels/stance.toml");
const TARGETS: &str = include_str!("../labels/targets.toml");
const SPEAKERS: &str = include_str!("../labels/speakers.toml");
const BOILERPLATE: &str = include_str!("../labels/boilerplate.toml");
const LEXICON: &str = include_str!("../labels/lexicon.toml");

/// One stance label and the hypotheses that test it.
#[derive(Debug, Clone)]
pub struct StanceLabel {
    /// Label name, e.g. `critical`.
    pub name: String,
    /// Hypothesis templates with a `{target}` placeholder.
    pub templates: Vec<String>,
}

/// A target power and its surface forms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Short name used in outputs: `US`, `China`, `Russia`.
    pub name: String,
    /// How the target reads inside a hypothesis ("the United States").
    pub hypothesis_name: String,
    /// Case-sensitive names, demonyms, capitals, leaders, bodies.
    pub names: Vec<String>,
    /// Case-sensitive phrases that are not mentions though they hold a name.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A phrase that refers to several targets at once ("the great powers").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Case-sensitive phrases.
    pub names: Vec<String>,
    /// Names of the targets each phrase mentions.
    pub targets: Vec<String>,
}

/// Rules for mentions without a name: first person, carried pronouns, list items.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImplicitRules {
    /// First-person words that, voiced by a speaker of a target country, mention it.
    #[serde(default)]
    pub first_person: Vec<String>,
    /// Pronouns that carry the previous unit's first target when they open a unit.
    #[serde(default)]
    pub carry_pronouns: Vec<String>,
    /// First words that carry every target of the previous unit ("This plan").
    #[serde(default)]
    pub carry_all_openers: Vec<String>,
    /// Phrases that carry every target of the previous unit ("them all").
    #[serde(default)]
    pub carry_all_phrases: Vec<String>,
    /// How many leading words may hold a carried pronoun.
    #[serde(default)]
    pub carry_window: usize,
    /// Do list items carry the targets of the line that introduces the list?
    #[serde(default)]
    pub list_items: bool,
}

/// A country a speaker may represent, and the words that tie a description to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// Country name as written in `speaker_country`.
    pub name: String,
    /// Case-sensitive words: demonyms, capitals, possessives.
    pub words: Vec<String>,
}

/// A known person with a canonical name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Canonical full name.
    pub name: String,
    /// Other forms found in text (surname, transliterations).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The country the person speaks for.
    pub country: String,
}

/// The speaker stage's lexicon.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerLexicon {
    /// Verbs that report speech ("said", "told", "warned"), in all listed forms.
    pub reporting_verbs: Vec<String>,
    /// Verbs that name speech outright ("said", "replied").
    pub strong_verbs: Vec<String>,
    /// Phrases such as "according to".
    pub attribution_phrases: Vec<String>,
    /// Nouns that end a description of an unnamed speaker ("a senior official").
    pub person_nouns: Vec<String>,
    /// Countries and their words.
    #[serde(rename = "country")]
    pub countries: Vec<Country>,
    /// Known people.
    #[serde(rename = "person")]
    pub people: Vec<Person>,
    /// Words in a description that mark an independent expert (country `other`).
    pub expert_words: Vec<String>,
    /// Words that make a named body a government speaker.
    pub government_words: Vec<String>,
    /// Titles of officials ("spokeswoman", "Deputy", "Senator"): a person so described
    /// without a country word speaks for the body or group named just before, else for
    /// the dateline's country.
    #[serde(default)]
    pub official_words: Vec<String>,
}

/// All label data the pipeline needs.
#[derive(Debug, Clone)]
pub struct Labels {
    /// Stance labels in output order.
    pub stance: Vec<StanceLabel>,
    /// Targets in output order.
    pub targets: Vec<Target>,
    /// Phrases naming several targets.
    pub groups: Vec<Group>,
    /// Implicit-mention rules.
    pub implicit: ImplicitRules,
    /// Speaker lexicon.
    pub speakers: SpeakerLexicon,
    /// Boilerplate rules for the segmenter.
    pub boilerplate: BoilerplateRules,
    /// Cue words per stance label (`lexicon.toml`; none when a labels folder lacks it).
    pub cue_words: CueWords,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StanceFile {
    labels: Vec<String>,
    templates: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFile {
    target: Vec<Target>,
    #[serde(default)]
    group: Vec<Group>,
    #[serde(default)]
    implicit: ImplicitRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    cue_words: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoilerplateFile {
    max_heading_words: usize,
    max_title_words: usize,
    open_endings: Vec<String>,
    caption_end: String,
    credit_line: String,
    header_end: String,
    bio: String,
    patterns: Vec<String>,
}

impl Labels {
    /// Number of hypothesis templates of each stance label, in label order.
    pub fn templates_per_label(&self) -> Vec<usize> {
        self.stance.iter().map(|l| l.templates.len()).collect()
    }

    /// The label files built into the binary (the project's `labels/`).
    pub fn builtin() -> Result<Labels> {
        Labels::parse(
            [STANCE, TARGETS, SPEAKERS, BOILERPLATE],
            Some(LEXICON),
            Path::new("<built-in labels>"),
        )
    }

    /// Load `stance.toml`, `targets.toml`, `speakers.toml` and `boilerplate.toml` from
    /// `dir`, and `lexicon.toml` when it is there.
    pub fn load(dir: &Path) -> Result<Labels> {
        let read = |name: &str| -> Result<String> {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| Error::io(path, e))
        };
        let files = [
            read("stance.toml")?,
            read("targets.toml")?,
            read("speakers.toml")?,
            read("boilerplate.toml")?,
        ];
        let lexicon_path = dir.join("lexicon.toml");
        let lexicon = match lexicon_path.is_file() {
            true => Some(read("lexicon.toml")?),
            false => None,
        };
        Labels::parse(
            files.each_ref().map(|s| s.as_str()),
            lexicon.as_deref(),
            dir,
        )
    }

    /// Label data from the texts of `stance.toml`, `targets.toml`, `speakers.toml` and
    /// `boilerplate.toml` (in that order) and optionally `lexicon.toml`; `dir` names
    /// them in errors.
    pub fn parse(files: [&str; 4], lexicon: Option<&str>, dir: &Path) -> Result<Labels> {
        let [stance, targets, speakers, boilerplate] = files;
        let tf = parse_targets(targets, &dir.join("targets.toml"))?;
        let stance = parse_stance(stance, &dir.join("stance.toml"))?;
        let cue_words = match lexicon {
            Some(src) => parse_lexicon(src, &dir.join("lexicon.toml"), &stance)?,
            None => CueWords::default(),
        };
        Ok(Labels {
            stance,
            cue_words,
            targets: tf.target,
            groups: tf.group,
            implicit: tf.implicit,
            speakers: parse_speakers(speakers, &dir.join("speakers.toml"))?,
            boilerplate: parse_boilerplate(boilerplate, &dir.join("boilerplate.toml"))?,
        })
    }
}

fn toml_err(path: &Path, e: toml::de::Error) -> Error {
    Error::Labels {
        path: path.to_path_buf(),
        msg: e.to_string(),
    }
}

fn invalid(path: &Path, msg: String) -> Error {
    Error::Labels {
        path: path.to_path_buf(),
        msg,
    }
}

fn parse_stance(src: &str, path: &Path) -> Result<Vec<StanceLabel>> {
    let f: StanceFile = toml::from_str(src).map_err(|e| toml_err(path, e))?;
    if f.labels.len() < 2 {
        return Err(invalid(path, "`labels` needs at least two labels".into()));
    }
    if let Some(extra) = f.templates.keys().find(|k| !f.labels.contains(k)) {
        return Err(invalid(path, format!("templates.{extra}: not in `labels`")));
    }
    f.labels
        .iter()
        .map(|name| {
            let templates = f.templates.get(name).cloned().unwrap_or_default();
            if templates.is_empty() {
                return Err(invalid(path, format!("templates.{name}: no templates")));
            }
            if let Some(t) = templates.iter().find(|t| !t.contains("{target}")) {
                return Err(invalid(
                    path,
                    format!("templates.{name}: {t:?} has no {{target}}"),
                ));
            }
            Ok(StanceLabel {
                name: name.clone(),
                templates,
            })
        })
        .collect()
}

fn parse_targets(src: &str, path: &Path) -> Result<TargetsFile> {
    let f: TargetsFile = toml::from_str(src).map_err(|e| toml_err(path, e))?;
    if f.target.is_empty() {
        return Err(invalid(path, "no [[target]] entries".into()));
    }
    for t in &f.target {
        if t.names.iter().any(|n| n.trim().is_empty()) || t.names.is_empty() {
            return Err(invalid(
                path,
                format!("target {}: `names` empty or blank", t.name),
            ));
        }
    }
    for g in &f.group {
        if let Some(bad) = g
            .targets
            .iter()
            .find(|t| !f.target.iter().any(|x| &x.name == *t))
        {
            return Err(invalid(
                path,
                format!("group {:?}: unknown target {bad:?}", g.names.first()),
            ));
        }
    }
    Ok(f)
}

fn parse_speakers(src: &str, path: &Path) -> Result<SpeakerLexicon> {
    let mut lex: SpeakerLexicon = toml::from_str(src).map_err(|e| toml_err(path, e))?;
    if lex.reporting_verbs.is_empty() {
        return Err(invalid(path, "reporting_verbs: empty".into()));
    }
    let mut forms = Vec::new();
    for v in &lex.reporting_verbs {
        forms.push(v.clone());
        if v.contains(' ') {
            continue;
        }
        forms.push(format!("{v}s"));
        let stem = v.strip_suffix('e').unwrap_or(v);
        forms.push(format!("{stem}ing"));
        if v.ends_with('e') {
            forms.push(format!("{v}d"));
        } else if !v.ends_with("id") && !v.ends_with("ld") && !v.ends_with("te") {
            forms.push(format!("{v}ed"));
        }
        if let Some(stem) = v.strip_suffix('y') {
            forms.push(format!("{stem}ied"));
            forms.push(format!("{stem}ies"));
        }
    }
    forms.sort();
    forms.dedup();
    lex.reporting_verbs = forms;
    Ok(lex)
}

fn parse_lexicon(src: &str, path: &Path, stance: &[StanceLabel]) -> Result<CueWords> {
    let f: LexiconFile = toml::from_str(src).map_err(|e| toml_err(path, e))?;
    if let Some(extra) = f
        .cue_words
        .keys()
        .find(|k| !stance.iter().any(|l| &l.name == *k))
    {
        return Err(invalid(
            path,
            format!("cue_words.{extra}: not a stance label of stance.toml"),
        ));
    }
    let per_label = stance
        .iter()
        .map(|l| {
            let words = f.cue_words.get(&l.name).map_or(&[][..], Vec::as_slice);
            CueWords::compile(words)
                .map_err(|e| invalid(path, format!("cue_words.{}: {e}", l.name)))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(CueWords::new(per_label))
}

fn parse_boilerplate(src: &str, path: &Path) -> Result<BoilerplateRules> {
    let f: BoilerplateFile = toml::from_str(src).map_err(|e| toml_err(path, e))?;
    // ASCII word boundaries: a Unicode `\b` keeps the fast engines off any text with
    // non-ASCII letters (typographic quotes, dashes), which made segmentation 9x slower.
    let ascii_b: Vec<String> = f
        .patterns
        .iter()
        .map(|p| p.replace("\\b", "(?-u:\\b)"))
        .collect();
    let patterns: RegexSet = RegexSetBuilder::new(&ascii_b)
        .case_insensitive(true)
        .build()
        .map_err(|e| invalid(path, format!("patterns: {e}")))?;
    let caption_end = Regex::new(&format!("(?i){}", f.caption_end))
        .map_err(|e| invalid(path, format!("caption_end: {e}")))?;
    let regex = |key: &str, src: &str| {
        Regex::new(&format!("(?i){}", src.replace("\\b", "(?-u:\\b)")))
            .map_err(|e| invalid(path, format!("{key}: {e}")))
    };
    Ok(BoilerplateRules {
        patterns,
        caption_end,
        credit_line: regex("credit_line", &f.credit_line)?,
        header_end: regex("header_end", &f.header_end)?,
        bio: regex("bio", &f.bio)?,
        max_heading_words: f.max_heading_words,
        max_title_words: f.max_title_words,
        open_endings: f.open_endings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_labels_load_and_validate() {
        let l = Labels::builtin().unwrap();
        assert_eq!(l.stance.len(), 4);
        assert_eq!(
            l.targets
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>(),
            ["US", "China", "Russia"]
        );
        assert!(l.speakers.reporting_verbs.contains(&"warned".to_string()));
        assert!(l.speakers.reporting_verbs.contains(&"says".to_string()));
        assert_eq!(
            l.cue_words.count("They condemned the multi-vector policy."),
            [0, 1, 1, 0]
        );
    }

    #[test]
    fn bad_files_name_the_key() {
        let p = Path::new("stance.toml");
        let e = parse_stance(
            "labels = [\"a\", \"b\"]\n[templates]\na = [\"x\"]\nb = [\"{target} y\"]",
            p,
        );
        assert!(e.unwrap_err().to_string().contains("templates.a"));
        let e = parse_stance("labels = [\"a\"]\n[templates]\n", p).unwrap_err();
        assert!(e.to_string().contains("at least two"));
        let e = parse_boilerplate(
            "max_heading_words=1\nmax_title_words=1\nopen_endings=[]\ncaption_end='('\n\
             credit_line='x'\nheader_end='x'\nbio='x'\npatterns=[]",
            p,
        );
        assert!(e.unwrap_err().to_string().contains("caption_end"));
        let stance = Labels::builtin().unwrap().stance;
        let lex = Path::new("lexicon.toml");
        let e = parse_lexicon("[cue_words]\nhostile = ['x']", lex, &stance).unwrap_err();
        assert!(e.to_string().contains("cue_words.hostile"), "{e}");
        let e = parse_lexicon("[cue_words]\ncritical = ['(x']", lex, &stance).unwrap_err();
        assert!(e.to_string().contains("cue_words.critical"), "{e}");
        let cw = parse_lexicon("[cue_words]\ncritical = ['x\\w*']", lex, &stance).unwrap();
        assert_eq!(cw.count("xs, y"), [0, 1, 0, 0]);
    }
}
