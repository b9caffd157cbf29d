//! Holds `report.html` equal to `summary.json`: every shown number names the JSON value it
//! shows (`data-ptr`, a JSON Pointer); each must resolve, equal its `data-v` and be shown
//! as its format says, and every figure of the derived view must be shown.

use std::collections::BTreeSet;

use serde_json::Value;

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn show(v: f64, f: &str) -> String {
    match f {
        "int" => format!("{v:.0}"),
        "pct" => format!("{:.0}%", 100.0 * v),
        "net" => format!("{v:+.2}"),
        other => panic!("unknown number format {other}"),
    }
}

fn tok(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The pointers every report must show, from the derived view.
fn expected(j: &Value) -> BTreeSet<String> {
    let d = &j["derived"];
    let mut want = BTreeSet::new();
    for p in [
        "/tallies/articles",
        "/tallies/units",
        "/tallies/boilerplate",
    ] {
        want.insert(p.to_string());
    }
    want.insert("/derived/timeline/dated".to_string());
    for (t, f) in d["by_target"].as_object().unwrap() {
        let base = format!("/derived/by_target/{}", tok(t));
        want.insert(format!("{base}/mentions"));
        want.insert(format!("{base}/net"));
        for l in f["counts"].as_object().unwrap().keys() {
            want.insert(format!("{base}/counts/{}", tok(l)));
            want.insert(format!("{base}/share/{}", tok(l)));
        }
    }
    for k in 0..d["matrix"].as_array().unwrap().len() {
        want.insert(format!("/derived/matrix/{k}/net"));
        want.insert(format!("/derived/matrix/{k}/mentions"));
    }
    for k in 0..d["timeline"]["points"].as_array().unwrap().len() {
        want.insert(format!("/derived/timeline/points/{k}/mentions"));
    }
    for (k, a) in d["articles"].as_array().unwrap().iter().enumerate() {
        want.insert(format!("/derived/articles/{k}/units"));
        for t in a["targets"].as_object().unwrap().keys() {
            want.insert(format!("/derived/articles/{k}/targets/{}/net", tok(t)));
            want.insert(format!("/derived/articles/{k}/targets/{}/mentions", tok(t)));
        }
    }
    want
}

/// Check `html` against `summary_json`; returns the numbers checked.
pub fn report_matches_summary(html: &str, summary_json: &str) -> usize {
    let j: Value = serde_json::from_str(summary_json).expect("summary.json parses");
    let re = regex::Regex::new(r#"data-ptr="([^"]*)" data-v="([^"]*)" data-f="([a-z]+)">([^<]*)<"#)
        .unwrap();
    let mut seen = BTreeSet::new();
    let mut n = 0;
    for c in re.captures_iter(html) {
        let p = unescape(&c[1]);
        let v: f64 = c[2]
            .parse()
            .unwrap_or_else(|_| panic!("{p}: data-v {}", &c[2]));
        let at = j
            .pointer(&p)
            .unwrap_or_else(|| panic!("{p} is not in summary.json"))
            .as_f64()
            .unwrap_or_else(|| panic!("{p} is not a number in summary.json"));
        assert_eq!(at, v, "{p}: summary.json {at}, report.html {v}");
        assert_eq!(&c[4], show(v, &c[3]), "{p}: shown as {}", &c[4]);
        seen.insert(p);
        n += 1;
    }
    assert_eq!(
        n,
        html.matches("data-ptr=").count(),
        "a data-ptr not in the checked form"
    );
    let missing: Vec<String> = expected(&j).difference(&seen).cloned().collect();
    assert!(missing.is_empty(), "report.html does not show {missing:?}");
    n
}

/// Every speaker country with a classified mention in `sentences_jsonl` has a row in the
/// matrix, and every dated article's period is on the timeline; returns (countries, dated).
pub fn views_cover_records(sentences_jsonl: &str, summary_json: &str) -> (usize, usize) {
    let j: Value = serde_json::from_str(summary_json).expect("summary.json parses");
    let d = &j["derived"];
    let mut countries = BTreeSet::new();
    for line in sentences_jsonl.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let classified = r["stance"]
            .as_object()
            .unwrap()
            .values()
            .any(|v| v.as_str() != Some("none"));
        if classified {
            countries.insert(r["speaker_country"].as_str().unwrap().to_string());
        }
    }
    let rows: BTreeSet<String> = d["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["speaker_country"].as_str().unwrap().to_string())
        .collect();
    let missing: Vec<&String> = countries.difference(&rows).collect();
    assert!(
        missing.is_empty(),
        "matrix lacks speaker countries {missing:?}"
    );
    let tl = &d["timeline"];
    let periods: Vec<&str> = tl["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let month = tl["granularity"] == "month";
    let mut dated = 0;
    for a in d["articles"].as_array().unwrap() {
        match a["date"].as_str() {
            Some(date) => {
                let p = if month { &date[..7] } else { date };
                assert!(
                    periods.contains(&p),
                    "{} ({date}) not on the timeline",
                    a["id"]
                );
                dated += 1;
            }
            None => assert!(
                tl["undated"].as_array().unwrap().contains(&a["id"]),
                "{} neither dated nor named undated",
                a["id"]
            ),
        }
    }
    assert_eq!(tl["dated"].as_u64(), Some(dated as u64));
    (countries.len(), dated)
}
