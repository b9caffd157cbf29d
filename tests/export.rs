//! Export formats, snapshot-tested (insta) on an article analysed without a model and
//! given fixed stances, so the snapshots hold the formats and not the model.

use geostance::aggregate::Summary;
use geostance::corpus::Article;
use geostance::export::{self, Exporter, RunOutput};
use geostance::labels::Labels;
use geostance::pipeline::{Options, Pipeline, TargetStance};
use geostance::record;

mod html_check;

fn output() -> RunOutput {
    let labels = Labels::builtin().unwrap();
    let pipe = Pipeline::new(labels.clone(), None, Options::default()).unwrap();
    let text = "Kazakhstan Courts Both Powers\n\n\
        \"China is a true friend,\" Ambassador Li Wen said. \
        Washington's aid came late, critics said.\n\n\
        Kazakhstan keeps good relations with Russia and China.";
    let mut art = pipe.structure(Article::new("a.txt", text));
    // Fixed stances in place of the model, label order: supportive, critical, balancing, neutral.
    let fixed = [
        [0.7, 0.1, 0.1, 0.1],
        [0.1, 0.6, 0.1, 0.2],
        [0.05, 0.05, 0.8, 0.1],
    ];
    let mut k = 0;
    for u in art.units.iter_mut().filter(|u| !u.unit.boilerplate) {
        for t in 0..labels.targets.len() {
            if u.mentions_target(t) {
                let scores: Vec<f32> = fixed[k % 3].to_vec();
                let label = geostance::classify::argmax(&scores);
                u.stances[t] = Some(TargetStance {
                    label,
                    scores,
                    features: vec![],
                });
                k += 1;
            }
        }
    }
    let mut summary = Summary::new(
        labels.stance.iter().map(|l| l.name.clone()).collect(),
        labels.targets.iter().map(|t| t.name.clone()).collect(),
    );
    summary.add(&art);
    RunOutput {
        records: record::records(&art, &labels),
        summary,
        eval: None,
    }
}

#[test]
fn formats_are_stable() {
    let out = output();
    for ex in export::all() {
        let body = ex.render(&out).unwrap();
        insta::assert_snapshot!(ex.file_name(), body);
    }
}

#[test]
fn summaries_merge_like_one_run() {
    let out = output();
    let mut twice = out.summary.clone();
    twice.merge(&out.summary);
    let t = &twice.by_target["China"];
    assert_eq!(t.mentions, 2 * out.summary.by_target["China"].mentions);
    assert!((t.net() - out.summary.by_target["China"].net()).abs() < 1e-12);
}

#[test]
fn sentence_records_are_valid_label_records() {
    let out = output();
    let body = geostance::export::SentencesJsonl.render(&out).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.jsonl");
    std::fs::write(&p, body).unwrap();
    let back = record::read_jsonl(&p).unwrap();
    assert_eq!(back, out.records);
}

#[test]
fn html_report_shows_the_numbers_of_summary_json() {
    let out = output();
    let html = export::ReportHtml.render(&out).unwrap();
    let json = export::SummaryJson.render(&out).unwrap();
    let n = html_check::report_matches_summary(&html, &json);
    assert!(n > 20, "only {n} numbers");
    let records = export::SentencesJsonl.render(&out).unwrap();
    assert_eq!(html_check::views_cover_records(&records, &json), (3, 0));
    // A figure changed in the JSON is caught.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["derived"]["by_target"]["China"]["net"] = serde_json::json!(0.123);
    let bad = v.to_string();
    let caught = std::panic::catch_unwind(|| html_check::report_matches_summary(&html, &bad));
    assert!(caught.is_err());
}
