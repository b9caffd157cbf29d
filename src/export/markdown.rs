//! `report.md`: tables per target, who is critical of whom (speaker country x voice x
//! target), stance over time, per article, top speakers, and the most critical and most
//! supportive sentences per target with their offsets.

use std::fmt::Write;

use super::{Exporter, RunOutput};
use crate::aggregate::{Derived, Tally};
use crate::error::Result;

/// A human-readable report.
pub struct ReportMd;

fn row(md: &mut String, first: &str, t: &Tally, labels: &[String]) {
    let _ = write!(md, "| {first} | {} |", t.mentions);
    for l in labels {
        let _ = write!(md, " {:.0}% |", 100.0 * t.share(l));
    }
    let _ = writeln!(md, " {:+.2} |", t.net());
}

fn header(md: &mut String, first: &str, labels: &[String]) {
    let _ = write!(md, "| {first} | mentions |");
    for l in labels {
        let _ = write!(md, " {l} |");
    }
    md.push_str(" net |\n|---|---:|");
    for _ in labels {
        md.push_str("---:|");
    }
    md.push_str("---:|\n");
}

fn extremes(md: &mut String, out: &RunOutput, target: &str, label: &str) {
    let rs = super::strongest(out, target, label);
    let _ = writeln!(md, "\nMost {label} toward {target}:\n");
    if rs.is_empty() {
        md.push_str("- (none)\n");
    }
    for r in rs.iter().take(3) {
        let text: String = r.text.chars().take(240).collect();
        let _ = writeln!(
            md,
            "- {:.2} `{}` bytes {}-{} ({}): {}",
            r.score(target, label),
            r.doc,
            r.start.unwrap_or(0),
            r.end.unwrap_or(0),
            r.speaker,
            text.replace('|', "\\|")
        );
    }
}

/// Who is critical of whom: one row per speaker country and voice, net (mentions) per target.
fn matrix(md: &mut String, d: &Derived, targets: &[String]) {
    md.push_str("\n## Who is critical of whom\n\nNet stance index (mentions) by the country the speaker speaks for and the kind of voice.\n\n| speaker country | voice |");
    for t in targets {
        let _ = write!(md, " {t} |");
    }
    md.push_str("\n|---|---|");
    for _ in targets {
        md.push_str("---:|");
    }
    md.push('\n');
    let rows = d.matrix_rows();
    for (country, voice) in rows {
        let _ = write!(md, "| {country} | {voice} |");
        for t in targets {
            match d.cell(country, voice, t) {
                Some((_, c)) => {
                    let _ = write!(md, " {:+.2} ({}) |", c.figures.net, c.figures.mentions);
                }
                None => md.push_str(" - |"),
            }
        }
        md.push('\n');
    }
}

/// Stance over time: net (mentions) per period and target; undated articles named.
fn timeline(md: &mut String, d: &Derived) {
    let tl = &d.timeline;
    let _ = writeln!(
        md,
        "\n## Stance over time\n\nBy {}; {} dated article(s).\n",
        tl.granularity, tl.dated
    );
    if !tl.points.is_empty() {
        md.push_str("| period | target | articles | mentions | net |\n|---|---|---:|---:|---:|\n");
    }
    for p in &tl.points {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:+.2} |",
            p.period, p.target, p.articles, p.figures.mentions, p.figures.net
        );
    }
    if !tl.undated.is_empty() {
        let _ = writeln!(
            md,
            "\nNo date found for {} article(s): {}.",
            tl.undated.len(),
            tl.undated.join(", ")
        );
    }
}

impl Exporter for ReportMd {
    fn file_name(&self) -> &'static str {
        "report.md"
    }

    fn render(&self, out: &RunOutput) -> Result<String> {
        let s = &out.summary;
        let mut md = String::from("# Stance report\n\n");
        let _ = writeln!(
            md,
            "{} articles, {} units ({} boilerplate). Net = share supportive - share critical.\n",
            s.articles, s.units, s.boilerplate
        );
        md.push_str("## Per target\n\n");
        header(&mut md, "target", &s.labels);
        for target in &s.targets {
            row(
                &mut md,
                target,
                &s.by_target.get(target).cloned().unwrap_or_default(),
                &s.labels,
            );
        }
        let d = s.derive();
        matrix(&mut md, &d, &s.targets);
        timeline(&mut md, &d);
        md.push_str("\n## Per article\n\n");
        header(&mut md, "article / target", &s.labels);
        for (art, m) in &s.by_article {
            for (target, t) in m {
                row(&mut md, &format!("{art} / {target}"), t, &s.labels);
            }
        }
        md.push_str("\n## Top speakers\n\n");
        header(&mut md, "speaker (country) / target", &s.labels);
        let mut speakers: Vec<(&String, u64)> = s
            .by_speaker
            .iter()
            .map(|(k, m)| (k, m.values().map(|t| t.mentions).sum()))
            .collect();
        speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (sp, _) in speakers.iter().take(10) {
            let country = s.speaker_country.get(*sp).map_or("?", String::as_str);
            for (target, t) in &s.by_speaker[*sp] {
                row(
                    &mut md,
                    &format!("{sp} ({country}) / {target}"),
                    t,
                    &s.labels,
                );
            }
        }
        md.push_str("\n## Strongest sentences\n");
        for target in &s.targets {
            let _ = writeln!(md, "\n### {target}");
            extremes(&mut md, out, target, "critical");
            extremes(&mut md, out, target, "supportive");
        }
        Ok(md)
    }
}
