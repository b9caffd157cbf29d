//! The rust-bert backend (`--features torch`) against the ONNX fp32 backend, on the
//! shipped model: the same logits pair by pair, and the same per-label scores for every
//! classified sentence of the example articles.
#![cfg(feature = "torch")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use geostance::nli::torch::{TorchNli, TorchOptions};
use geostance::nli::{self, DeviceChoice, NliModel, Pair};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn torch() -> TorchNli {
    let opts = TorchOptions {
        device: DeviceChoice::Cpu,
        threads: 2,
        max_len: 256,
    };
    TorchNli::load(&nli::default_model_dir(), &opts).expect("shipped safetensors load")
}

#[test]
fn logits_match_onnx_and_entailment_comes_from_config() {
    let (o, t) = (common::onnx(geostance::nli::Precision::Fp32), torch());
    assert_eq!(o.labels(), t.labels());
    assert_eq!(
        t.labels().entailment,
        2,
        "the shipped config.json says entailment is 2"
    );
    let texts = [
        ("Analysts warn that Chinese loans come with opaque terms.", "China is criticized."),
        ("The minister thanked Russia for its generous help.", "Russia is praised."),
        ("Trade with the United States was $4.2 billion last year.", "The United States is mentioned neutrally."),
        ("Astana keeps good relations with Moscow, Beijing and Washington at the same time, the spokesman said, adding that no partner is favoured over another.", "Kazakhstan balances between the powers."),
    ];
    let pairs: Vec<Pair<'_>> = texts
        .iter()
        .map(|&(premise, hypothesis)| Pair {
            premise,
            hypothesis,
        })
        .collect();
    let (a, b) = (o.logits(&pairs).unwrap(), t.logits(&pairs).unwrap());
    assert_eq!(a.len(), b.len());
    for (k, (x, y)) in a.iter().zip(&b).enumerate() {
        let pa = geostance::classify::softmax(x);
        let pb = geostance::classify::softmax(y);
        for (p, q) in pa.iter().zip(&pb) {
            assert!(
                (p - q).abs() < 1e-3,
                "pair {k}: onnx {pa:?} vs torch {pb:?}"
            );
        }
    }
    // Alone or padded in a batch: the same.
    let alone = t.logits(&pairs[..1]).unwrap();
    for (x, y) in alone[0].iter().zip(&b[0]) {
        assert!((x - y).abs() < 1e-4, "padding moved a logit: {x} vs {y}");
    }
}

/// `(doc, start, target) -> name -> value` from a sentences.jsonl: the label scores, and
/// the raw features (entailment log-probability of every hypothesis, `h0`, `h1`, ...).
fn scores(path: &Path) -> BTreeMap<(String, u64, String), BTreeMap<String, f64>> {
    let mut out = BTreeMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["doc"].as_str().unwrap().to_string();
        let start = v["start"].as_u64().unwrap();
        let Some(by_target) = v["scores"].as_object() else {
            continue;
        };
        for (target, per) in by_target {
            let mut per: BTreeMap<String, f64> = per
                .as_object()
                .unwrap()
                .iter()
                .map(|(l, s)| (l.clone(), s.as_f64().unwrap()))
                .collect();
            let features = v["features"][target].as_array().unwrap();
            for (h, x) in features.iter().enumerate() {
                per.insert(format!("h{h}"), x.as_f64().unwrap());
            }
            out.insert((doc.clone(), start, target.clone()), per);
        }
    }
    out
}

#[test]
fn every_example_sentence_scores_the_same_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let mut got = Vec::new();
    // Both in fp32: the onnx default (per-row int8) is compared with fp32 in tests/model.rs.
    for backend in ["onnx", "torch"] {
        let out = dir.path().join(backend);
        Command::cargo_bin("geostance")
            .unwrap()
            .env_remove("GEOSTANCE_MODEL")
            .args([
                "run",
                "--quiet",
                "--threads",
                "2",
                "--with-features",
                "--precision",
                "fp32",
                "--backend",
                backend,
                "--out",
            ])
            .arg(&out)
            .arg(root().join("examples/articles"))
            .assert()
            .success();
        got.push(scores(&out.join("sentences.jsonl")));
    }
    let (o, t) = (&got[0], &got[1]);
    assert!(
        o.len() > 50,
        "only {} classified (sentence, target)s",
        o.len()
    );
    assert_eq!(
        o.keys().collect::<Vec<_>>(),
        t.keys().collect::<Vec<_>>(),
        "the same sentences are classified"
    );
    let (mut worst_feature, mut worst_score) = (0.0f64, 0.0f64);
    for (k, a) in o {
        for (name, x) in a {
            let y = t[k][name];
            // The model's entailment probabilities must agree to 1e-3 (their logs differ
            // more where they are tiny). The fitted head weighs many of them, so its
            // scores (printed to 4 decimals) get twice that.
            let feature = name.starts_with('h');
            let d = if feature {
                (x.exp() - y.exp()).abs()
            } else {
                (x - y).abs()
            };
            let (worst, tolerance) = if feature {
                (&mut worst_feature, 1e-3)
            } else {
                (&mut worst_score, 2e-3)
            };
            *worst = worst.max(d);
            assert!(d < tolerance, "{k:?} {name}: onnx {x} vs torch {y}");
        }
    }
    eprintln!(
        "largest difference, onnx fp32 vs torch: feature {worst_feature:.2e}, score {worst_score:.2e}"
    );
}

#[test]
fn onnx_only_flags_are_refused_on_the_torch_backend() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Moscow warned Kazakhstan.").unwrap();
    Command::cargo_bin("geostance")
        .unwrap()
        .env_remove("GEOSTANCE_MODEL")
        .args(["run", "--quiet", "--backend", "torch", "--int8", "--out"])
        .arg(dir.path().join("out"))
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--precision / --int8 apply to the onnx backend only",
        ));
    Command::cargo_bin("geostance")
        .unwrap()
        .env_remove("GEOSTANCE_MODEL")
        .args([
            "run",
            "--quiet",
            "--backend",
            "torch",
            "--precision",
            "int8-rows",
            "--out",
        ])
        .arg(dir.path().join("out"))
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the torch backend computes in fp32",
        ));
}

#[test]
fn a_missing_weight_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["config.json", "tokenizer.json"] {
        std::fs::copy(nli::default_model_dir().join(f), dir.path().join(f)).unwrap();
    }
    let opts = TorchOptions {
        device: DeviceChoice::Cpu,
        threads: 1,
        max_len: 64,
    };
    let e = TorchNli::load(dir.path(), &opts).err().unwrap().to_string();
    assert!(e.contains("model.safetensors"), "{e}");
    // A GPU that is not there is an error that says so, not a crash.
    if tch::Cuda::device_count() == 0 {
        let opts = TorchOptions {
            device: DeviceChoice::Cuda(0),
            ..opts
        };
        let e = TorchNli::load(&nli::default_model_dir(), &opts)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("CUDA"), "{e}");
    }
}
