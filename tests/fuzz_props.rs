//! The fuzz targets' invariants as bounded property tests, so CI checks them without a
//! nightly toolchain (fuzz/README.md runs the same checks under libFuzzer): the rule
//! pipeline, the JSONL reader, the hand-label reader and the TOML label loaders never
//! panic, and what the pipeline makes keeps its span invariants.

mod invariants;

use std::path::Path;
use std::sync::OnceLock;

use geostance::corpus::{self, Article, ReadOptions};
use geostance::labels::Labels;
use geostance::pipeline::{Options, Pipeline};
use geostance::record;
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Labels::builtin().unwrap(), None, Options::default()).unwrap())
}

/// News-like text: names, titles, quotes, datelines and lists, glued at random.
fn news() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "ASTANA (Reuters) -",
        " The U.S. said",
        " Mr. Blinken",
        " China's Foreign Ministry",
        " spokesperson Wang Wenbin",
        " told reporters.",
        " \"We reject this.\"",
        " «Россия»",
        " Moscow",
        " Kazakhstan's multi-vector policy",
        "\n",
        "\n\n",
        " $12.85 bn.",
        " 1) item",
        " …",
        " he said,",
        " according to",
        " Ms. Zakharova",
        " Washington and Beijing",
        " — ",
        "\r\n",
        " Photo: AP",
        " Q:",
        " A:",
        " (",
        ")",
        "’",
        "\u{0}",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

fn labels_names() -> (Vec<String>, Vec<String>) {
    let l = &pipeline().labels;
    (
        l.targets.iter().map(|t| t.name.clone()).collect(),
        l.stance.iter().map(|s| s.name.clone()).collect(),
    )
}

fn label_file(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("labels")
            .join(name),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rule_pipeline_keeps_its_invariants(text in news()) {
        let p = pipeline();
        let a = p.structure(Article::new("a", text));
        if let Err(e) = invariants::check_article(&a, p.labels.targets.len()) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn rule_pipeline_takes_any_unicode(text in "\\PC{0,300}") {
        let p = pipeline();
        let a = p.structure(Article::new("a", text));
        if let Err(e) = invariants::check_article(&a, p.labels.targets.len()) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn jsonl_reader_reports_or_reads(bytes in prop::collection::vec(any::<u8>(), 0..400),
                                     line in "\\{\"id\": ?(\"[a-z]{0,4}\"|[0-9]{1,3}|null|\\[\\]), ?\"text\": ?\"[^\"\\\\]{0,30}\"\\}") {
        for input in [bytes, line.into_bytes()] {
            let b = corpus::read_bytes("in.jsonl", input, &ReadOptions::default());
            for a in &b.articles {
                prop_assert!(!a.text.trim().is_empty(), "empty article kept");
            }
        }
    }

    #[test]
    fn hand_label_reader_reports_or_reads(src in "\\PC{0,300}",
                                          label in "(supportive|critical|neutral|none|balancing|x)") {
        let (targets, labels) = labels_names();
        let _ = record::parse_labels(Path::new("gold.jsonl"), &src, &targets, &labels);
        let line = format!(
            r#"{{"doc":"d","i":1,"text":"T.","boilerplate":false,"speaker":"author","speaker_type":"author","speaker_country":"none","stance":{{"US":"{label}"}}}}"#
        );
        let got = record::parse_labels(Path::new("gold.jsonl"), &line, &targets, &labels);
        prop_assert_eq!(got.is_ok(), label != "x", "{:?}", got);
    }

}

proptest! {
    // Each case compiles the label data's regexes: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn label_loaders_report_or_load(which in 0usize..5, at in any::<prop::sample::Index>(),
                                    junk in "\\PC{0,12}") {
        let names = ["stance.toml", "targets.toml", "speakers.toml", "boilerplate.toml", "lexicon.toml"];
        let mut files: Vec<String> = names.iter().map(|n| label_file(n)).collect();
        let f = &mut files[which];
        let mut cut = at.index(f.len() + 1);
        while !f.is_char_boundary(cut) {
            cut -= 1;
        }
        f.insert_str(cut, &junk);
        let loaded = Labels::parse(
            [&files[0], &files[1], &files[2], &files[3]].map(|s| s.as_str()),
            Some(&files[4]),
            Path::new("labels"),
        );
        if let Ok(labels) = loaded {
            let n = labels.targets.len();
            if let Ok(p) = Pipeline::new(labels, None, Options::default()) {
                let a = p.structure(Article::new("a", "The U.S. and China, said Mr. Li in Moscow."));
                if let Err(e) = invariants::check_article(&a, n) {
                    return Err(TestCaseError::fail(e));
                }
            }
        }
    }
}
