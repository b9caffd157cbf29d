//! The CLI end to end: help, segmentation, runs on the example articles with the shipped
//! model, and the messages and exit codes for bad input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

mod html_check;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn geostance() -> Command {
    let mut cmd = Command::cargo_bin("geostance").unwrap();
    cmd.env_remove("GEOSTANCE_MODEL")
        .env_remove("GEOSTANCE_ORT_LIB")
        .env_remove("GEOSTANCE_BACKEND")
        .env_remove("GEOSTANCE_CACHE");
    cmd
}

/// Every named file exists in `dir`.
fn assert_files(dir: &Path, names: &[&str]) {
    for f in names {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
}

/// The files `geostance run` writes.
const OUTPUTS: [&str; 5] = [
    "sentences.jsonl",
    "summary.json",
    "summary.csv",
    "report.md",
    "report.html",
];

/// The outputs in `a` and `b` are byte-identical; `why` names the difference.
fn assert_same_outputs(a: &Path, b: &Path, why: &str) {
    for f in OUTPUTS {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs {why}"
        );
    }
}

fn examples() -> PathBuf {
    root().join("examples/articles")
}

/// The example articles' paths, sorted.
fn example_files() -> Vec<PathBuf> {
    let mut names: Vec<_> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
}

#[test]
fn help_explains_the_commands() {
    geostance().arg("--help").assert().success().stdout(
        predicate::str::contains("run")
            .and(predicate::str::contains("segment"))
            .and(predicate::str::contains("eval")),
    );
    geostance()
        .args(["run", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--batch-size").and(predicate::str::contains("stdin")));
}

#[test]
fn segment_prints_units_that_join_back() {
    let out = geostance()
        .arg("segment")
        .arg(examples())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["doc"].as_str().unwrap();
        let src = std::fs::read_to_string(examples().join(doc)).unwrap();
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&src[s..e], v["text"].as_str().unwrap());
        n += 1;
    }
    assert!(n > 50, "only {n} units");
}

#[test]
fn run_writes_every_output_and_offsets_join_back() {
    let dir = tempfile::tempdir().unwrap();
    geostance()
        .arg("run")
        .arg(examples())
        .arg("--out")
        .arg(dir.path())
        .arg("--quiet")
        .assert()
        .success();
    assert_files(dir.path(), &OUTPUTS);
    let records = std::fs::read_to_string(dir.path().join("sentences.jsonl")).unwrap();
    let mut classified = 0;
    for line in records.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let src = std::fs::read_to_string(examples().join(r["doc"].as_str().unwrap())).unwrap();
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        let collapsed: Vec<&str> = src[s..e].split_whitespace().collect();
        assert_eq!(collapsed.join(" "), r["text"].as_str().unwrap());
        if let Some(scores) = r["scores"].as_object() {
            for (target, per) in scores {
                let sum: f64 = per
                    .as_object()
                    .unwrap()
                    .values()
                    .map(|v| v.as_f64().unwrap())
                    .sum();
                assert!((sum - 1.0).abs() < 1e-3, "{target}: scores sum to {sum}");
                classified += 1;
            }
        }
    }
    assert!(classified > 20, "only {classified} classified mentions");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    let articles = std::fs::read_dir(examples()).unwrap().count();
    assert_eq!(summary["tallies"]["articles"], articles as u64);
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let json = std::fs::read_to_string(dir.path().join("summary.json")).unwrap();
    assert!(html_check::report_matches_summary(&html, &json) > 100);
    let (countries, dated) = html_check::views_cover_records(&records, &json);
    assert!(
        countries >= 5 && dated >= 2,
        "{countries} countries, {dated} dated"
    );
    // Self-contained: no script, nothing loaded from a URL (SVG namespaces aside).
    for fetch in ["<script", " src=", "href=\"http", "url("] {
        assert!(!html.contains(fetch), "report.html has {fetch}");
    }
    browser_check(&dir.path().join("report.html"));
}

/// Where the machine has Chromium, `scripts/check-report.sh` opens the report headless:
/// every chart rendered and no console message.
fn browser_check(report: &Path) {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .any(|p| Path::new(p).is_file())
        || std::env::var_os("CHROMIUM").is_some();
    if !found {
        eprintln!("no Chromium on this machine: the browser check of report.html is skipped");
        return;
    }
    let out = std::process::Command::new("bash")
        .arg(root().join("scripts/check-report.sh"))
        .arg(report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "check-report.sh failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.txt",
        b"Moscow warned Kazakhstan again. The talks failed.",
    );
    let bad = write(dir.path(), "bad.txt", b"Valid start \xff\xfe then garbage");
    let empty = write(dir.path(), "empty.txt", b"   \n");
    let jsonl = write(
        dir.path(),
        "more.jsonl",
        b"{\"id\": \"j1\", \"text\": \"China praised the deal.\"}\n{not json}\n",
    );
    let out = dir.path().join("out");
    geostance()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .args([&good, &bad, &empty, &jsonl, &dir.path().join("missing.txt")])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bad.txt: not valid UTF-8")
                .and(predicate::str::contains("empty.txt: empty input"))
                .and(predicate::str::contains("more.jsonl:2"))
                .and(predicate::str::contains("missing.txt")),
        );
    let records = std::fs::read_to_string(out.join("sentences.jsonl")).unwrap();
    assert!(records.contains("\"doc\":\"good.txt\""));
    assert!(records.contains("\"doc\":\"j1\""));
}

#[test]
fn stdin_is_read_as_text_or_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    geostance()
        .args(["segment", "-"])
        .write_stdin("{\"id\": \"a\", \"text\": \"One. Two.\"}\n")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"doc\":\"a\"")
                .and(predicate::str::contains("\"text\":\"Two.\"")),
        );
    geostance()
        .args(["run", "--quiet", "-", "--out"])
        .arg(dir.path())
        .write_stdin("Washington and Beijing traded accusations on Monday.")
        .assert()
        .success();
}

#[test]
fn no_readable_input_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    geostance()
        .args(["run", "--quiet"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no readable input"));
}

/// An output folder that cannot be made is fatal before any classifying, named once.
#[test]
fn an_unwritable_output_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", b"The U.S. said so.");
    let out = geostance()
        .args(["run", "--quiet"])
        .arg(&file)
        .arg("--out")
        .arg(file.join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write the output folder"))
        .get_output()
        .stderr
        .clone();
    let msg = String::from_utf8_lossy(&out);
    assert_eq!(msg.matches("Not a directory").count(), 1, "{msg}");
}

#[test]
fn missing_model_and_runtime_name_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", b"Moscow warned Kazakhstan.");
    geostance()
        .args(["run", "--quiet", "--model"])
        .arg(dir.path().join("no-such-model"))
        .arg(&good)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no such model folder")
                .and(predicate::str::contains("--model")),
        );
    geostance()
        .args([
            "run",
            "--quiet",
            "--ort-lib",
            "/nonexistent/libonnxruntime.so",
        ])
        .arg(&good)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("make setup"));
}

#[test]
fn backend_and_device_mistakes_name_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", b"Moscow warned Kazakhstan.");
    geostance()
        .args(["run", "--quiet", "--device", "cuda"])
        .arg(&good)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("CPU only").and(predicate::str::contains("--backend torch")),
        );
    geostance()
        .args(["run", "--quiet", "--device", "tpu"])
        .arg(&good)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cpu, cuda, cuda:N or auto"));
    let torch = geostance()
        .args(["run", "--quiet", "--backend", "torch", "--out"])
        .arg(dir.path().join("out"))
        .arg(&good)
        .assert();
    if cfg!(feature = "torch") {
        torch.success();
    } else {
        torch
            .code(2)
            .stderr(predicate::str::contains("without the `torch` feature"));
    }
}

/// `geostance fit` on the example articles and their hand labels, writing `out`.
fn fit_examples(out: &Path) -> Command {
    let mut c = geostance();
    c.args(["fit", "--quiet", "--corpus"])
        .arg(examples())
        .arg("--labels")
        .arg(root().join("labels/examples.gold.jsonl"))
        .arg("--out")
        .arg(out);
    c
}

#[test]
fn fit_add_corpus_needs_its_labels() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cal.json");
    fit_examples(&out)
        .arg("--add-corpus")
        .arg(examples())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--add-labels"));
    assert!(!out.exists());
}

/// `geostance eval --quiet --corpus CORPUS --labels LABELS`.
fn eval_on(corpus: &Path, labels: &Path) -> Command {
    let mut c = geostance();
    c.args(["eval", "--quiet", "--corpus"])
        .arg(corpus)
        .arg("--labels")
        .arg(labels);
    c
}

#[test]
fn eval_scores_own_labels_and_prints_json() {
    let out = eval_on(&examples(), &root().join("labels/examples.gold.jsonl"))
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for key in [
        "segmentation",
        "boilerplate",
        "mention",
        "speaker_accuracy",
        "stance_pooled",
        "stance_pooled_lenient",
        "worst_errors",
    ] {
        assert!(r.get(key).is_some(), "{key} missing");
    }
    assert_eq!(r["docs_not_in_corpus"], serde_json::json!([]));
    assert_eq!(r["gold_units_not_found"], serde_json::json!([]));
    assert!(r["segmentation"]["f1"].as_f64().unwrap() > 0.9);
}

#[test]
fn eval_checks_the_labels_and_says_which_articles_the_corpus_lacks() {
    let labels = root().join("labels/examples.gold.jsonl");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "other.txt", b"Moscow warned Kazakhstan again.");
    eval_on(dir.path(), &labels).assert().code(2).stderr(
        predicate::str::contains("none of the 10 documents the labels name")
            .and(predicate::str::contains("other.txt"))
            .and(predicate::str::contains("check --corpus")),
    );
    let typo = write(
        dir.path(),
        "typo.jsonl",
        b"\n{\"doc\": \"other.txt\", \"i\": 0, \"text\": \"Moscow warned Kazakhstan again.\", \
          \"boilerplate\": false, \"speaker\": \"author\", \"speaker_type\": \"author\", \
          \"speaker_country\": \"none\", \"stance\": {\"Russia\": \"critcal\"}}\n",
    );
    eval_on(dir.path(), &typo)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "typo.jsonl:2: stance: Russia has label \"critcal\", not one of",
        ));
    let one = tempfile::tempdir().unwrap();
    let name = "01_astana_rail_deal.txt";
    std::fs::copy(examples().join(name), one.path().join(name)).unwrap();
    let out = eval_on(one.path(), &labels)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let missing = r["docs_not_in_corpus"].as_array().unwrap();
    assert_eq!(missing.len(), 9, "{missing:?}");
    assert!(!missing.iter().any(|d| d == name));
    assert!(r["units"].as_u64().unwrap() > 0);
}

#[test]
fn eval_writes_report_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    eval_on(&examples(), &root().join("labels/examples.gold.jsonl"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Stance given mention"));
    assert_files(
        dir.path(),
        &[
            "eval.json",
            "eval.txt",
            "confusion.svg",
            "per_target.svg",
            "sentences.jsonl",
            "report.html",
        ],
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("Evaluation against hand labels") && html.contains("macro-F1"));
    let json = std::fs::read_to_string(dir.path().join("summary.json")).unwrap();
    html_check::report_matches_summary(&html, &json);
    browser_check(&dir.path().join("report.html"));
    let svg = std::fs::read_to_string(dir.path().join("confusion.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("balancing"));
}

/// Every number in `a` and `b` (same shape) within `tol`.
fn assert_close(a: &serde_json::Value, b: &serde_json::Value, tol: f64, at: &str) {
    match (a, b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= tol, "{at}: {x} vs {y}");
        }
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: lengths differ");
            for (k, (p, q)) in x.iter().zip(y).enumerate() {
                assert_close(p, q, tol, &format!("{at}[{k}]"));
            }
        }
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}"
            );
            for (k, p) in x {
                assert_close(p, &y[k], tol, &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

/// Lays out the training split of labels/train (documents not in dev-docs.txt) as
/// articles in `dir`, as models/train/make_articles.py does: the sentences of a document
/// three to a paragraph, and a labels file naming those files. Returns the labels file.
fn train_split_articles(dir: &Path) -> PathBuf {
    let lt = root().join("labels/train");
    let dev: std::collections::HashSet<String> = std::fs::read_to_string(lt.join("dev-docs.txt"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let mut docs: std::collections::BTreeMap<String, Vec<serde_json::Value>> = Default::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&lt)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let r: serde_json::Value = serde_json::from_str(line).unwrap();
            let doc = r["doc"].as_str().unwrap().to_owned();
            if !dev.contains(&doc) {
                docs.entry(doc).or_default().push(r);
            }
        }
    }
    let (articles, labels) = (dir.join("train"), dir.join("train.gold.jsonl"));
    std::fs::create_dir_all(&articles).unwrap();
    let mut gold = String::new();
    for (doc, mut recs) in docs {
        recs.sort_by_key(|r| r["i"].as_u64().unwrap());
        let texts: Vec<&str> = recs.iter().map(|r| r["text"].as_str().unwrap()).collect();
        let paras: Vec<String> = texts.chunks(3).map(|c| c.join(" ")).collect();
        let name = format!("{doc}.txt");
        std::fs::write(articles.join(&name), paras.join("\n\n") + "\n").unwrap();
        for (k, mut r) in recs.into_iter().enumerate() {
            r["doc"] = name.clone().into();
            r["i"] = k.into();
            gold += &(r.to_string() + "\n");
        }
    }
    std::fs::write(&labels, gold).unwrap();
    labels
}

/// The default scoring head, labels/calibration.json, is what `fit` makes from the
/// training split of labels/train and the example articles today (so it is neither
/// stale nor hand-edited).
#[test]
fn shipped_calibration_is_what_fit_makes_from_the_training_split_and_examples() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cal.json");
    let labels = train_split_articles(dir.path());
    geostance()
        .args(["fit", "--quiet", "--corpus"])
        .arg(dir.path().join("train"))
        .arg("--labels")
        .arg(labels)
        .arg("--add-corpus")
        .arg(examples())
        .arg("--add-labels")
        .arg(root().join("labels/examples.gold.jsonl"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let (fresh, shipped) = (read(&out), read(&root().join("labels/calibration.json")));
    assert_eq!(shipped["cues"], true);
    assert_close(&fresh, &shipped, 1e-3, "calibration");
}

/// A head fitted with cue words needs the lexicon it counts them with; `fit` says what
/// to do when a labels folder has none, and rejects a meaningless penalty.
#[test]
fn cue_word_mistakes_name_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels");
    std::fs::create_dir(&labels).unwrap();
    for f in [
        "stance.toml",
        "targets.toml",
        "speakers.toml",
        "boilerplate.toml",
    ] {
        std::fs::copy(root().join("labels").join(f), labels.join(f)).unwrap();
    }
    let good = write(dir.path(), "good.txt", b"Moscow warned Kazakhstan.");
    geostance()
        .args(["run", "--quiet", "--label-dir"])
        .arg(&labels)
        .arg("--calibration")
        .arg(root().join("labels/calibration.json"))
        .arg(&good)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no lexicon.toml")
                .and(predicate::str::contains("--no-cue-words")),
        );
    let fit = |extra: &[&str]| {
        let mut c = fit_examples(&dir.path().join("cal.json"));
        c.args(extra);
        c
    };
    fit(&["--l2=-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--l2 -1"));
    fit(&["--label-dir", labels.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-cue-words"));
}

/// `--with-features` writes each classified target's raw features (one per template of
/// labels/stance.toml) and the unit's cue-word counts, the inputs the fitted head sees.
#[test]
fn with_features_writes_features_and_cue_words() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "one.txt",
        b"Sanctions row\n\nMoscow condemned Washington's sanctions and praised its partners. \
          Officials met in Astana on Monday.\n",
    );
    let out = dir.path().join("out");
    geostance()
        .args(["run", "--quiet", "--with-features", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let src = std::fs::read_to_string(out.join("sentences.jsonl")).unwrap();
    let recs: Vec<serde_json::Value> = src
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rec = recs
        .iter()
        .find(|r| r["text"].as_str().unwrap().starts_with("Moscow"))
        .unwrap();
    assert_eq!(rec["boilerplate"], false, "{rec}");
    assert_eq!(
        rec["cue_words"],
        serde_json::json!({"supportive": 2, "critical": 2}),
        "{rec}"
    );
    let templates: usize = geostance::labels::Labels::builtin()
        .unwrap()
        .templates_per_label()
        .iter()
        .sum();
    for target in ["US", "Russia"] {
        assert_eq!(
            rec["features"][target].as_array().unwrap().len(),
            templates,
            "{rec}"
        );
    }
    assert!(rec["features"].get("China").is_none());
}

/// Our hand labels, the ten training examples and the eight held-out articles, name every
/// unit of their article once, in order, with its text and boilerplate flag: the files
/// cannot drift apart unnoticed.
#[test]
fn hand_labels_match_their_articles() {
    for (dir, labels) in [
        ("examples/articles", "labels/examples.gold.jsonl"),
        ("examples/heldout", "labels/heldout.gold.jsonl"),
    ] {
        let out = geostance()
            .arg("segment")
            .arg(root().join(dir))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let units: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let gold: Vec<serde_json::Value> = std::fs::read_to_string(root().join(labels))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(units.len(), gold.len(), "{labels}");
        let docs = std::fs::read_dir(root().join(dir)).unwrap().count();
        let labelled: std::collections::BTreeSet<&str> =
            gold.iter().map(|g| g["doc"].as_str().unwrap()).collect();
        assert_eq!(labelled.len(), docs, "{labels}: every article is labelled");
        for (u, g) in units.iter().zip(&gold) {
            let text = u["text"].as_str().unwrap().split_whitespace();
            assert_eq!(
                (u["doc"].as_str(), u["i"].as_u64()),
                (g["doc"].as_str(), g["i"].as_u64())
            );
            assert_eq!(
                text.collect::<Vec<_>>().join(" "),
                g["text"].as_str().unwrap()
            );
            assert_eq!(
                u["boilerplate"], g["boilerplate"],
                "{labels}: {}",
                g["text"]
            );
        }
    }
}

/// A fifth stance label added to a copy of `labels/` runs end to end with no code
/// change (plain scoring: the shipped head knows four labels, and says so).
#[test]
fn a_fifth_stance_label_runs_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels");
    std::fs::create_dir(&labels).unwrap();
    for e in std::fs::read_dir(root().join("labels")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, labels.join(p.file_name().unwrap())).unwrap();
        }
    }
    let stance = std::fs::read_to_string(labels.join("stance.toml"))
        .unwrap()
        .replace(
            "labels = [\"supportive\", \"critical\", \"balancing\", \"neutral\"]",
            "labels = [\"supportive\", \"critical\", \"balancing\", \"neutral\", \"alarmed\"]",
        )
        + "alarmed = [\"The speaker is alarmed by {target}.\"]\n";
    assert!(stance.contains("\"alarmed\"]"));
    std::fs::write(labels.join("stance.toml"), stance).unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        examples().join("02_kremlin_warning.txt"),
        input.join("02_kremlin_warning.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    geostance()
        .args(["run", "-q", "--scoring", "plain", "--label-dir"])
        .arg(&labels)
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(summary.contains("\"alarmed\""), "{summary}");
    let sentences = std::fs::read_to_string(out.join("sentences.jsonl")).unwrap();
    assert!(sentences.contains("\"alarmed\""));
    // eval reports the fifth label too (the example's hand labels use four of them).
    let gold: String = std::fs::read_to_string(root().join("labels/examples.gold.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"02_kremlin_warning.txt\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let gold_path = dir.path().join("gold.jsonl");
    std::fs::write(&gold_path, gold).unwrap();
    geostance()
        .args(["eval", "--label-dir"])
        .arg(&labels)
        .arg("--corpus")
        .arg(&input)
        .arg("--labels")
        .arg(&gold_path)
        .arg("--pred")
        .arg(out.join("sentences.jsonl"))
        .assert()
        .success()
        .stdout(predicate::str::contains("  alarmed "));
    // The default head was fitted for four labels: a clear error, not a wrong score.
    geostance()
        .args(["run", "-q", "--label-dir"])
        .arg(&labels)
        .arg(&input)
        .arg("--out")
        .arg(dir.path().join("out2"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fitted for labels"));
}

/// `--cache`: a second run scores nothing and writes the same outputs; a syndicated copy
/// of an article adds no pairs; `--pairs-out` lists the distinct pairs the model got.
#[test]
fn cache_and_repeated_units_spare_the_model() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let src = examples().join("01_astana_rail_deal.txt");
    std::fs::copy(&src, input.join("a.txt")).unwrap();
    std::fs::copy(&src, input.join("b_syndicated.txt")).unwrap();
    let cache = tmp.path().join("cache");
    let run = |out: &str| {
        let o = geostance()
            .arg("run")
            .arg(&input)
            .arg("--out")
            .arg(tmp.path().join(out))
            .arg("--cache")
            .arg(&cache)
            .arg("--pairs-out")
            .arg(tmp.path().join(format!("{out}.pairs.jsonl")))
            .assert()
            .success()
            .get_output()
            .stderr
            .clone();
        String::from_utf8(o).unwrap()
    };
    let first = run("one");
    let pairs = std::fs::read_to_string(tmp.path().join("one.pairs.jsonl")).unwrap();
    let n = pairs.lines().count();
    assert!(n > 0);
    for line in pairs.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            v["premise"].is_string() && v["hypothesis"].is_string(),
            "{line}"
        );
    }
    assert!(
        first.contains(&format!("pairs ({n} distinct, {n} scored)")),
        "the copy shares its pairs: {first}"
    );
    let asked: usize = first
        .split("model: ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(asked, 2 * n, "{first}");
    let second = run("two");
    assert!(
        second.contains(&format!("({n} distinct, 0 scored)")),
        "{second}"
    );
    assert_same_outputs(
        &tmp.path().join("one"),
        &tmp.path().join("two"),
        "with cached scores",
    );
    let files: Vec<_> = std::fs::read_dir(&cache).unwrap().collect();
    assert_eq!(files.len(), 1, "one cache file per model");
}

/// Same bytes whatever the thread count or batch size (fp32 default model): scores do
/// not depend on batch-mates and records keep document and offset order (issue 17).
#[test]
fn outputs_do_not_depend_on_threads_batch_size_or_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let names = example_files();
    for p in names.iter().take(3) {
        std::fs::copy(p, input.join(p.file_name().unwrap())).unwrap();
    }
    let run = |threads: &str, batch: &str| {
        let out = tmp.path().join(format!("t{threads}-b{batch}"));
        geostance()
            .arg("run")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .args(["--threads", threads, "--batch-size", batch, "-q"])
            .assert()
            .success();
        out
    };
    let base = run("2", "32");
    let reversed = tmp.path().join("reversed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.reverse();
    geostance()
        .arg("run")
        .args(&files)
        .arg("--out")
        .arg(&reversed)
        .arg("-q")
        .assert()
        .success();
    assert_same_outputs(&base, &reversed, "with the inputs named in reverse order");
    for (t, b) in [("1", "32"), ("2", "1"), ("2", "64")] {
        let other = run(t, b);
        assert_same_outputs(
            &base,
            &other,
            &format!("with --threads {t} --batch-size {b}"),
        );
        let left: Vec<_> = std::fs::read_dir(&other)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }
}

/// A corrupted byte in a model file is caught at load, with the file and the fix named;
/// the shipped folders' manifests match every file they list (issue 17).
#[test]
fn a_corrupted_model_file_is_caught_at_load() {
    for m in ["models/minilm-stance", "models/minilm-nli"] {
        let dir = root().join(m);
        let mut names = vec![
            "model.onnx",
            "model.int8.onnx",
            "model.safetensors",
            "tokenizer.json",
            "config.json",
        ];
        if m == "models/minilm-stance" {
            names.push("model.rows8.onnx");
        }
        let files: Vec<PathBuf> = names.iter().map(|f| dir.join(f)).collect();
        let manifest = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
        for f in &files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                manifest.contains(&format!("  {name}")),
                "{m}/SHA256SUMS lacks {name}"
            );
        }
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        geostance::nli::check_files(&dir, &refs).unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("minilm-stance");
    std::fs::create_dir(&copy).unwrap();
    for f in ["model.onnx", "tokenizer.json", "config.json", "SHA256SUMS"] {
        std::fs::copy(root().join("models/minilm-stance").join(f), copy.join(f)).unwrap();
    }
    let onnx = copy.join("model.onnx");
    let mut bytes = std::fs::read(&onnx).unwrap();
    let k = bytes.len() / 2;
    bytes[k] ^= 0x01;
    std::fs::write(&onnx, bytes).unwrap();
    geostance()
        .arg("run")
        .arg(examples().join("01_astana_rail_deal.txt"))
        .arg("--out")
        .arg(tmp.path().join("out"))
        .arg("--model")
        .arg(&copy)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("model.onnx")
                .and(predicate::str::contains("does not match SHA256SUMS"))
                .and(predicate::str::contains("restore it")),
        );
    assert!(!tmp.path().join("out").join("sentences.jsonl").exists());
}

/// A run killed mid-batch (SIGKILL) and continued with `--resume` writes the bytes an
/// uninterrupted run writes, reusing what the killed run finished (issue 17).
#[test]
fn a_killed_run_resumed_writes_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let names = example_files();
    // 40 articles: each example four times, each copy with a dateline of its own.
    for copy in 0..4 {
        for p in &names {
            let text = std::fs::read_to_string(p).unwrap();
            let name = format!("{copy}-{}", p.file_name().unwrap().to_string_lossy());
            let body = format!("Dispatch number {copy} from our desk.\n\n{text}");
            std::fs::write(input.join(name), body).unwrap();
        }
    }
    let n = 4 * names.len();
    let full = tmp.path().join("full");
    geostance()
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&full)
        .args(["--chunk-articles", "1", "-q"])
        .assert()
        .success();

    let out = tmp.path().join("killed");
    let journal = out.join(".geostance-journal.jsonl");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("geostance"))
        .env_remove("GEOSTANCE_MODEL")
        .env_remove("GEOSTANCE_ORT_LIB")
        .env_remove("GEOSTANCE_BACKEND")
        .env_remove("GEOSTANCE_CACHE")
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--chunk-articles", "1", "-q"])
        .spawn()
        .unwrap();
    let whole_lines = || {
        std::fs::read_to_string(&journal)
            .map(|s| s.lines().filter(|l| l.starts_with("{\"key\"")).count())
            .unwrap_or(0)
    };
    while whole_lines() < 3 {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it could be killed");
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(whole_lines() < n, "the run finished before the kill");
    assert!(
        !out.join("sentences.jsonl").exists(),
        "outputs written before the batch finished"
    );

    let resumed = geostance()
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--chunk-articles", "1", "--resume"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&resumed.get_output().stderr).into_owned();
    let reused: usize = stderr
        .split("resuming: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|k| k.parse().ok())
        .unwrap_or_else(|| panic!("no resume line in: {stderr}"));
    assert!(
        (3..n).contains(&reused),
        "{reused} of {n} articles reused: {stderr}"
    );
    assert_same_outputs(&full, &out, "after a kill and --resume");
    assert!(!journal.exists(), "the journal outlived the run");
}

/// On the seed articles (`../shared`, beside the checkout): the report's matrix has a row
/// for every speaker country with a mention, the timeline places every dated article.
#[test]
fn seed_report_covers_every_speaker_country_and_dated_article() {
    let shared = root().join("../shared");
    if !shared.join("corpus").is_dir() {
        eprintln!("no ../shared/corpus: the seed report check is skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    eval_on(
        &shared.join("corpus"),
        &shared.join("labels/seeds.gold.jsonl"),
    )
    .arg("--out")
    .arg(dir.path())
    .assert()
    .success();
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let (html, json) = (read("report.html"), read("summary.json"));
    html_check::report_matches_summary(&html, &json);
    let (countries, dated) = html_check::views_cover_records(&read("sentences.jsonl"), &json);
    assert!(
        countries >= 5 && dated >= 2,
        "{countries} countries, {dated} dated"
    );
    browser_check(&dir.path().join("report.html"));
}

/// `suggest` ranks by running or from a run's records; its output is a labels file whose
/// offsets join back, spread over articles, and it names the fix for records without
/// features.
#[test]
fn suggest_writes_units_to_label_in_the_label_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("next.jsonl");
    geostance()
        .args(["suggest", "--quiet", "-n", "8", "--out"])
        .arg(&out)
        .arg(examples())
        .assert()
        .success();
    let picked = geostance::record::read_jsonl(&out).unwrap();
    assert_eq!(picked.len(), 8);
    let docs: std::collections::BTreeSet<&str> = picked.iter().map(|r| r.doc.as_str()).collect();
    assert!(
        docs.len() >= 5,
        "suggestions from {} articles only",
        docs.len()
    );
    for r in &picked {
        let src = std::fs::read_to_string(examples().join(&r.doc)).unwrap();
        let piece: Vec<&str> = src[r.start.unwrap()..r.end.unwrap()]
            .split_whitespace()
            .collect();
        assert_eq!(piece.join(" "), r.text);
        assert!(r.scores.is_empty() && r.note.as_deref().unwrap().starts_with("suggest #"));
        assert!(
            r.stance.values().any(|v| v != "none"),
            "{}: nothing pre-filled",
            r.text
        );
    }
    // Units already labelled are not suggested again.
    let again = dir.path().join("again.jsonl");
    geostance()
        .args(["suggest", "--quiet", "-n", "8", "--out"])
        .arg(&again)
        .arg("--exclude")
        .arg(&out)
        .arg(examples())
        .assert()
        .success();
    let second = geostance::record::read_jsonl(&again).unwrap();
    assert!(second
        .iter()
        .all(|r| !picked.iter().any(|p| p.doc == r.doc && p.text == r.text)));
    // A run's records without features cannot be ranked; the message says which run can.
    let run = dir.path().join("run");
    geostance()
        .arg("run")
        .arg(examples().join("01_astana_rail_deal.txt"))
        .arg("--out")
        .arg(&run)
        .arg("--quiet")
        .assert()
        .success();
    geostance()
        .args(["suggest", "--quiet", "--from"])
        .arg(run.join("sentences.jsonl"))
        .arg("--out")
        .arg(dir.path().join("x.jsonl"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--with-features"));
}

/// Shards of the examples merge into the bytes of one run; shards of another setup, an
/// article in two shards, or centred scoring are refused by name.
#[test]
fn merge_equals_one_run_and_refuses_mismatched_shards() {
    let dir = tempfile::tempdir().unwrap();
    let files = example_files();
    let run = |inputs: &[PathBuf], out: &Path, extra: &[&str]| {
        geostance()
            .arg("run")
            .args(inputs)
            .arg("--out")
            .arg(out)
            .arg("--quiet")
            .args(extra)
            .assert()
            .success();
        out.join("summary.json")
    };
    let shards: Vec<PathBuf> = [&files[..3], &files[3..4], &files[4..]]
        .iter()
        .enumerate()
        .map(|(k, part)| run(part, &dir.path().join(format!("shard{k}")), &[]))
        .collect();
    run(&files, &dir.path().join("one"), &[]);
    let merged = dir.path().join("merged");
    // Shards named in any order.
    geostance()
        .arg("merge")
        .args([&shards[2], &shards[0], &shards[1]])
        .arg("--out")
        .arg(&merged)
        .arg("--quiet")
        .assert()
        .success();
    assert_same_outputs(
        &dir.path().join("one"),
        &merged,
        "between one run and merged shards",
    );
    let merge = |inputs: &[&PathBuf]| {
        let mut c = geostance();
        c.arg("merge")
            .args(inputs)
            .arg("--out")
            .arg(dir.path().join("refused"));
        c.assert().code(2)
    };
    let plain = run(
        &files[..1],
        &dir.path().join("plain"),
        &["--scoring", "plain"],
    );
    merge(&[&shards[1], &plain]).stderr(
        predicate::str::contains("made differently")
            .and(predicate::str::contains("calibration"))
            .and(predicate::str::contains("plain")),
    );
    merge(&[&shards[0], &shards[0]]).stderr(predicate::str::contains(
        "each article must be in one shard",
    ));
    let centred = run(
        &files[..1],
        &dir.path().join("centred"),
        &["--scoring", "centered"],
    );
    merge(&[&centred]).stderr(predicate::str::contains("--scoring centered"));
    merge(&[&dir.path().join("nowhere/summary.json")])
        .stderr(predicate::str::contains("nowhere/summary.json"));
    assert!(
        !dir.path().join("refused").exists(),
        "a refused merge wrote outputs"
    );
}
