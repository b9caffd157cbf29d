//! The shipped model through the ONNX backend: padding and batch-mates do not change the
//! scores of fp32 and of the default per-row int8 file, both int8 files agree with fp32,
//! and clear cases come out the right way round.

mod common;

use std::sync::OnceLock;

use geostance::nli::onnx::OnnxNli;
use geostance::nli::{NliModel, Pair, Precision};

fn model(precision: Precision) -> &'static OnnxNli {
    static ROWS: OnceLock<OnnxNli> = OnceLock::new();
    static FP32: OnceLock<OnnxNli> = OnceLock::new();
    static DYNAMIC: OnceLock<OnnxNli> = OnceLock::new();
    let cell = match precision {
        Precision::Int8Rows => &ROWS,
        Precision::Fp32 => &FP32,
        Precision::Int8Dynamic => &DYNAMIC,
    };
    cell.get_or_init(|| common::onnx(precision))
}

/// What a run without --precision uses for the shipped folder.
fn default_precision() -> Precision {
    Precision::default_for(&geostance::nli::default_model_dir())
}

#[test]
fn the_shipped_folder_runs_per_row_int8_by_default() {
    assert_eq!(default_precision(), Precision::Int8Rows);
}

fn probs(row: &[f32]) -> Vec<f32> {
    geostance::classify::softmax(row)
}

const PAIRS: &[(&str, &str)] = &[
    ("Analysts warn that Chinese loans come with opaque terms and shut out local firms.", "China is criticized."),
    ("Analysts warn that Chinese loans come with opaque terms and shut out local firms.", "China is praised."),
    ("The minister thanked Russia for its generous help and called it a true friend.", "Russia is praised."),
    ("The minister thanked Russia for its generous help and called it a true friend.", "Russia is criticized."),
    ("Trade with the United States was $4.2 billion last year.", "The United States is mentioned neutrally."),
    ("Kazakhstan keeps good relations with Russia, China and the United States at the same time.", "A country keeps good relations with China and other powers at the same time."),
];

fn pairs() -> Vec<Pair<'static>> {
    PAIRS
        .iter()
        .map(|&(p, h)| Pair {
            premise: p,
            hypothesis: h,
        })
        .collect()
}

/// fp32 and the default per-row int8 file must not depend on batch-mates: logits within
/// 1e-4 alone and in a padded batch. (The dynamic int8 file does: its activation scales
/// are set per batch; measured in NOTES.md, and why it is opt-in.)
#[test]
fn padding_and_batching_do_not_change_scores() {
    for precision in [Precision::Fp32, Precision::Int8Rows] {
        padding_and_batching_keep(precision);
    }
}

fn padding_and_batching_keep(precision: Precision) {
    let m = model(precision);
    let batch = m.logits(&pairs()).unwrap();
    for (k, p) in pairs().iter().enumerate() {
        let alone = m.logits(std::slice::from_ref(p)).unwrap();
        for (x, y) in alone[0].iter().zip(&batch[k]) {
            assert!(
                (x - y).abs() < 1e-4,
                "{precision:?} pair {k}: {x} alone vs {y} in a padded batch"
            );
        }
    }
}

#[test]
fn int8_agrees_with_fp32() {
    let f = model(Precision::Fp32).logits(&pairs()).unwrap();
    for (precision, limit) in [(Precision::Int8Rows, 0.05), (Precision::Int8Dynamic, 0.15)] {
        let q = model(precision).logits(&pairs()).unwrap();
        for (a, b) in q.iter().zip(&f) {
            let (pa, pb) = (probs(a), probs(b));
            let diff = pa
                .iter()
                .zip(&pb)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f32::max);
            assert!(diff < limit, "{precision:?} {pa:?} vs fp32 {pb:?}");
        }
    }
}

#[test]
fn clear_cases_point_the_right_way() {
    let m = model(default_precision());
    let e = m.labels().entailment;
    let rows = m.logits(&pairs()).unwrap();
    let ent = |k: usize| probs(&rows[k])[e];
    assert!(
        ent(0) > ent(1),
        "critical sentence: criticized {} vs praised {}",
        ent(0),
        ent(1)
    );
    assert!(
        ent(2) > ent(3),
        "supportive sentence: praised {} vs criticized {}",
        ent(2),
        ent(3)
    );
}

/// The default scores of a unit (per-row int8) do not depend on what it is batched with: one unit's
/// label scores alone (batch of 4 pairs, no padding) and inside a full batch of 32 pairs
/// padded to a much longer sentence differ by at most 1e-4 per label (issue 16).
#[test]
fn a_unit_scores_the_same_alone_and_in_a_full_batch() {
    use geostance::classify::{self, Hypotheses, Request, Scoring};
    let labels = geostance::labels::Labels::builtin().unwrap();
    let hyps = Hypotheses::new(&labels);
    let per_label = labels.templates_per_label();
    let m = model(default_precision());
    let unit = "Beijing's loans built the road, but the terms were never published.";
    let long = "The ministry said on Tuesday that the consortium, which includes state \
        firms from China and Russia as well as a European bank, would finance the second \
        stage of the corridor, a project that officials in Astana have promised for a \
        decade and that critics call a debt trap dressed up as development.";
    let others: Vec<String> = (0..8).map(|i| format!("{long} Clause {i}.")).collect();
    let china = labels
        .targets
        .iter()
        .position(|t| t.name == "China")
        .unwrap();
    let score = |requests: &[Request<'_>]| {
        let plan = classify::plan(&hyps, requests);
        let how = Scoring {
            batch_size: 32,
            cache: None,
        };
        classify::features(m, &plan, &how, &|_| {}).unwrap()
    };
    let alone = score(&[Request {
        premise: unit,
        target: china,
    }]);
    let mut requests = vec![Request {
        premise: unit,
        target: china,
    }];
    requests.extend(others.iter().map(|p| Request {
        premise: p,
        target: china,
    }));
    let full = score(&requests);
    assert_eq!(
        full.iter().map(Vec::len).sum::<usize>(),
        36,
        "9 units x 4 hypotheses"
    );
    let (a, b) = (
        classify::label_scores(&alone[0], &per_label),
        classify::label_scores(&full[0], &per_label),
    );
    for (x, y) in a.iter().zip(&b) {
        assert!(
            (x - y).abs() <= 1e-4,
            "alone {a:?} vs in a full batch {b:?}"
        );
    }
}

/// A premise far over the token limit is cut before tokenizing, to the same tokens the
/// tokenizer keeps from the whole of it (a 10 MB one-sentence article, issue 17).
#[test]
fn a_huge_premise_encodes_like_its_truncation() {
    use geostance::nli::encode::{encode, load_tokenizer};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/minilm-stance");
    let tok = load_tokenizer(&dir, 128).unwrap();
    let long = "China and Russia said the U.S. was wrong, ".repeat(5_000);
    let got = encode(
        &tok,
        &[Pair {
            premise: &long,
            hypothesis: "China is criticized.",
        }],
    )
    .unwrap();
    let whole = tok
        .encode((long.as_str(), "China is criticized."), true)
        .unwrap();
    assert_eq!(got.width, 128);
    let ids: Vec<i64> = whole.get_ids().iter().map(|&i| i64::from(i)).collect();
    assert_eq!(got.ids, ids);
}
