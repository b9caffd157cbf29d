//! `summary.csv`: one tidy row per (scope, key, target): scopes `target`, `article`,
//! `speaker`, `matrix` (speaker country x voice) and `time` (period), with the speaker
//! country, voice and period in their own columns, then counts, shares, means and net.

use std::fmt::Write;

use super::{Exporter, RunOutput};
use crate::aggregate::Figures;
use crate::error::Result;

/// The aggregate as a flat table.
pub struct SummaryCsv;

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The columns that say which group a row is.
struct Key<'a> {
    scope: &'a str,
    key: &'a str,
    target: &'a str,
    country: &'a str,
    voice: &'a str,
    period: &'a str,
}

impl<'a> Key<'a> {
    fn plain(scope: &'a str, key: &'a str, target: &'a str) -> Key<'a> {
        Key {
            scope,
            key,
            target,
            country: "",
            voice: "",
            period: "",
        }
    }
}

fn row(csv: &mut String, k: &Key, f: &Figures, labels: &[String]) {
    let _ = write!(
        csv,
        "{},{},{},{},{},{},{}",
        k.scope,
        quote(k.key),
        quote(k.target),
        quote(k.country),
        quote(k.voice),
        quote(k.period),
        f.mentions
    );
    for l in labels {
        let n = f.counts.get(l).copied().unwrap_or(0);
        let share = f.share.get(l).copied().unwrap_or(0.0);
        let mean = f.mean_score.get(l).copied().unwrap_or(0.0);
        let _ = write!(csv, ",{n},{share:.4},{mean:.4}");
    }
    let _ = writeln!(csv, ",{:.4}", f.net);
}

impl Exporter for SummaryCsv {
    fn file_name(&self) -> &'static str {
        "summary.csv"
    }

    fn render(&self, out: &RunOutput) -> Result<String> {
        let s = &out.summary;
        let d = s.derive();
        let labels = &s.labels;
        let mut csv = String::from("scope,key,target,speaker_country,voice,period,mentions");
        for l in labels {
            let _ = write!(csv, ",n_{l},share_{l},mean_{l}");
        }
        csv.push_str(",net\n");
        for (target, f) in &d.by_target {
            row(&mut csv, &Key::plain("target", "all", target), f, labels);
        }
        for a in &d.articles {
            for (target, f) in &a.targets {
                row(&mut csv, &Key::plain("article", &a.id, target), f, labels);
            }
        }
        for (sp, m) in &s.by_speaker {
            let country = s.speaker_country.get(sp).map_or("", String::as_str);
            for (target, t) in m {
                let k = Key {
                    country,
                    ..Key::plain("speaker", sp, target)
                };
                row(&mut csv, &k, &Figures::of(t, labels), labels);
            }
        }
        for c in &d.matrix {
            let key = format!("{}/{}", c.speaker_country, c.voice);
            let k = Key {
                country: &c.speaker_country,
                voice: &c.voice,
                ..Key::plain("matrix", &key, &c.target)
            };
            row(&mut csv, &k, &c.figures, labels);
        }
        for p in &d.timeline.points {
            let k = Key {
                period: &p.period,
                ..Key::plain("time", &p.period, &p.target)
            };
            row(&mut csv, &k, &p.figures, labels);
        }
        Ok(csv)
    }
}
