//! `report.html`: one self-contained page (inline SVG and CSS, no script, nothing fetched)
//! with the label shares and net index per target, who is critical of whom, stance over
//! time, one row per article linking to its sentences, the strongest sentences per target
//! and, when written by `eval`, the confusion matrices and per-target F1.
//!
//! Every figure is drawn from [`Summary::derive`], the view `summary.json` holds, and each
//! shown number names its `summary.json` value (`data-ptr`, a JSON Pointer), so a test
//! holds the page and the JSON equal.

use std::collections::HashMap;
use std::fmt::Write;

use super::chart::{diverging, esc, ink, label_colour, num, ptr, svg_num, Fmt};
use super::{Exporter, RunOutput};
use crate::aggregate::{Cell, Derived, Figures, Point, Summary};
use crate::error::Result;
use crate::eval::EvalReport;
use crate::record::SentenceRecord;

/// The HTML report.
pub struct ReportHtml;

/// Sentences listed under the articles, at most (the rest are in `sentences.jsonl`).
const MAX_LISTED: usize = 20_000;

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#111;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right;vertical-align:top}
th{background:#f3f3f3}td.l,th.l{text-align:left}
.legend span.sw{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-.1em}
.sent{border-left:5px solid #ccc;padding:.2em .6em;margin:.4em 0;background:#fafafa}
.meta{color:#555;font-size:.85em}.chip{display:inline-block;padding:0 .4em;border-radius:.3em;color:#fff;font-size:.8em;margin-right:.3em}
svg{max-width:100%;height:auto}.row{display:flex;flex-wrap:wrap;gap:0 2em}figure{margin:1em 0}figcaption{color:#555;font-size:.85em}
a{color:#2166ac}@media print{a{color:#111;text-decoration:none}h2{break-after:avoid}.sent,figure,tr{break-inside:avoid}}
";

impl Exporter for ReportHtml {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, out: &RunOutput) -> Result<String> {
        let s = &out.summary;
        let d = s.derive();
        let mut h = String::new();
        head(&mut h);
        let _ = writeln!(
            h,
            "<h1>Stance report</h1>\n<p>{} articles, {} units ({} boilerplate). Net index = share supportive &minus; share critical, from &minus;1 to +1.</p>",
            num("/tallies/articles", s.articles as f64, Fmt::Int),
            num("/tallies/units", s.units as f64, Fmt::Int),
            num("/tallies/boilerplate", s.boilerplate as f64, Fmt::Int),
        );
        legend(&mut h, &s.labels);
        per_target(&mut h, s, &d);
        matrix(&mut h, s, &d);
        timeline(&mut h, s, &d);
        let anchors: HashMap<&str, usize> = d
            .articles
            .iter()
            .enumerate()
            .map(|(k, a)| (a.id.as_str(), k))
            .collect();
        articles(&mut h, s, &d);
        h.push_str("<h2 id=\"strongest\">Strongest sentences</h2>\n");
        for target in &s.targets {
            let _ = writeln!(h, "<h3>{}</h3>", esc(target));
            for label in ["critical", "supportive"] {
                strongest(&mut h, out, &anchors, target, label);
            }
        }
        if let Some(rep) = &out.eval {
            evaluation(&mut h, rep);
        }
        sentences(&mut h, out, &d, &anchors);
        h.push_str("</body>\n</html>\n");
        Ok(h)
    }
}

fn head(h: &mut String) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>geostance stance report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
}

fn legend(h: &mut String, labels: &[String]) {
    h.push_str("<p class=\"legend\">Labels:");
    for (k, l) in labels.iter().enumerate() {
        let _ = write!(
            h,
            "<span class=\"sw\" style=\"background:{}\"></span>{}",
            label_colour(l, k),
            esc(l)
        );
    }
    h.push_str("</p>\n");
}

/// Per target: one stacked bar of label shares with the count and net index beside it,
/// then the exact counts in a table.
fn per_target(h: &mut String, s: &Summary, d: &Derived) {
    h.push_str("<h2 id=\"targets\">Per target</h2>\n");
    let (left, bar, row) = (90.0, 480.0, 40.0);
    let height = 20.0 + row * s.targets.len() as f64;
    let _ = writeln!(
        h,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"760\" height=\"{height}\" viewBox=\"0 0 760 {height}\" font-size=\"13\" role=\"img\" aria-label=\"label shares per target\">"
    );
    for (k, target) in s.targets.iter().enumerate() {
        let f = &d.by_target[target];
        let y = 10.0 + row * k as f64;
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            left - 8.0,
            y + 19.0,
            esc(target)
        );
        let _ = writeln!(h, "<rect x=\"{left}\" y=\"{y}\" width=\"{bar}\" height=\"26\" fill=\"#f3f3f3\" stroke=\"#ccc\"/>");
        segments(h, s, (target, f), (left, y, bar));
        let tx = format!("x=\"{}\" y=\"{}\"", left + bar + 12.0, y + 18.0);
        h.push_str(&svg_num(
            &tx,
            &ptr(&["derived", "by_target", target, "mentions"]),
            f.mentions as f64,
            Fmt::Int,
        ));
        h.push_str(&svg_num(
            &format!(
                "x=\"{}\" y=\"{}\" fill=\"{}\" font-weight=\"bold\"",
                left + bar + 80.0,
                y + 18.0,
                if f.net < 0.0 { "#b2182b" } else { "#2166ac" }
            ),
            &ptr(&["derived", "by_target", target, "net"]),
            f.net,
            Fmt::Net,
        ));
        h.push('\n');
    }
    let _ = writeln!(
        h,
        "<text x=\"{}\" y=\"{}\" fill=\"#555\" font-size=\"11\">mentions, net</text>",
        left + bar + 12.0,
        height - 2.0
    );
    h.push_str("</svg><figcaption>Share of each label among the target's classified mentions; mentions and net index at the right.</figcaption></figure>\n");
    target_table(h, s, d);
}

/// The label segments of one target's bar at `(left, y)`, `bar` wide in all; a share
/// wide enough is printed inside its segment.
fn segments(
    h: &mut String,
    s: &Summary,
    (target, f): (&str, &Figures),
    (left, y, bar): (f64, f64, f64),
) {
    let mut x = left;
    for (j, l) in s.labels.iter().enumerate() {
        let w = bar * f.share[l];
        if w <= 0.0 {
            continue;
        }
        let _ = write!(
            h,
            "<rect x=\"{x:.2}\" y=\"{y}\" width=\"{w:.2}\" height=\"26\" fill=\"{}\"><title>{}: {} of {}</title></rect>",
            label_colour(l, j),
            esc(l),
            f.counts[l],
            f.mentions
        );
        if w >= 34.0 {
            let p = ptr(&["derived", "by_target", target, "share", l]);
            h.push_str(&svg_num(
                &format!(
                    "x=\"{:.2}\" y=\"{}\" text-anchor=\"middle\" fill=\"#fff\"",
                    x + w / 2.0,
                    y + 18.0
                ),
                &p,
                f.share[l],
                Fmt::Pct,
            ));
        }
        h.push('\n');
        x += w;
    }
}

/// The exact counts and shares per target.
fn target_table(h: &mut String, s: &Summary, d: &Derived) {
    h.push_str("<table><tr><th class=\"l\">target</th><th>mentions</th>");
    for l in &s.labels {
        let _ = write!(h, "<th>{}</th>", esc(l));
    }
    h.push_str("<th>net</th></tr>\n");
    for target in &s.targets {
        let f = &d.by_target[target];
        let base = ["derived", "by_target", target.as_str()];
        row_cells(h, &esc(target), f, &s.labels, &base);
    }
    h.push_str("</table>\n");
}

/// One table row: a first cell, mentions, count (share) per label and net, each number
/// tied to `base` (the pointer tokens of the row's [`Figures`]).
fn row_cells(h: &mut String, first: &str, f: &Figures, labels: &[String], base: &[&str]) {
    let at = |tail: &[&str]| {
        let mut v: Vec<&str> = base.to_vec();
        v.extend_from_slice(tail);
        ptr(&v)
    };
    let _ = write!(
        h,
        "<tr><td class=\"l\">{first}</td><td>{}</td>",
        num(&at(&["mentions"]), f.mentions as f64, Fmt::Int)
    );
    for l in labels {
        let _ = write!(
            h,
            "<td>{} ({})</td>",
            num(&at(&["counts", l]), f.counts[l] as f64, Fmt::Int),
            num(&at(&["share", l]), f.share[l], Fmt::Pct)
        );
    }
    let _ = writeln!(
        h,
        "<td style=\"background:{};color:{}\">{}</td></tr>",
        diverging(f.net),
        ink(f.net),
        num(&at(&["net"]), f.net, Fmt::Net)
    );
}

/// Who is critical of whom: rows speaker country x voice, columns targets, each cell the
/// net index (diverging colour) and the mentions.
fn matrix(h: &mut String, s: &Summary, d: &Derived) {
    h.push_str("<h2 id=\"matrix\">Who is critical of whom</h2>\n");
    let rows = d.matrix_rows();
    if rows.is_empty() {
        h.push_str("<p>No classified mentions.</p>\n");
        return;
    }
    let (left, cw, ch, top) = (210.0, 110.0, 44.0, 30.0);
    let w = left + cw * s.targets.len() as f64 + 10.0;
    let ht = top + ch * rows.len() as f64 + 10.0;
    let _ = writeln!(
        h,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{w}\" height=\"{ht}\" viewBox=\"0 0 {w} {ht}\" font-size=\"13\" role=\"img\" aria-label=\"who is critical of whom\">"
    );
    for (j, t) in s.targets.iter().enumerate() {
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">toward {}</text>",
            left + cw * j as f64 + cw / 2.0,
            esc(t)
        );
    }
    for (r, (country, voice)) in rows.iter().enumerate() {
        let y = top + ch * r as f64;
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} <tspan fill=\"#555\">({})</tspan></text>",
            left - 8.0,
            y + ch / 2.0 + 4.0,
            esc(country),
            esc(voice)
        );
        for (j, t) in s.targets.iter().enumerate() {
            let x = left + cw * j as f64;
            match d.cell(country, voice, t) {
                Some((k, c)) => matrix_cell(h, (x, y), (cw, ch), k, c),
                None => {
                    let _ = writeln!(h, "<rect x=\"{x}\" y=\"{y}\" width=\"{cw}\" height=\"{ch}\" fill=\"#fff\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#aaa\">&ndash;</text>", x + cw / 2.0, y + ch / 2.0 + 4.0);
                }
            }
        }
    }
    h.push_str("</svg><figcaption>Rows: the country the speaker speaks for, and the voice (author; officials: governments and people or bodies speaking for a state; experts: analysts and others). Each cell: net index (bold) and mentions. Red critical, blue supportive.</figcaption></figure>\n");
}

/// One matrix cell at `(x, y)` of size `(cw, ch)`: matrix entry `k`, coloured by its net.
fn matrix_cell(h: &mut String, (x, y): (f64, f64), (cw, ch): (f64, f64), k: usize, c: &Cell) {
    let net = c.figures.net;
    let k = k.to_string();
    let _ = write!(
        h,
        "<rect x=\"{x}\" y=\"{y}\" width=\"{cw}\" height=\"{ch}\" fill=\"{}\" stroke=\"#fff\"><title>{} {} toward {}</title></rect>",
        diverging(net),
        esc(&c.speaker_country),
        esc(&c.voice),
        esc(&c.target)
    );
    let a = format!(
        "x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\" font-weight=\"bold\"",
        x + cw / 2.0,
        y + 19.0,
        ink(net)
    );
    h.push_str(&svg_num(
        &a,
        &ptr(&["derived", "matrix", &k, "net"]),
        net,
        Fmt::Net,
    ));
    let a = format!(
        "x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\" font-size=\"11\"",
        x + cw / 2.0,
        y + 35.0,
        ink(net)
    );
    h.push_str(&svg_num(
        &a,
        &ptr(&["derived", "matrix", &k, "mentions"]),
        c.figures.mentions as f64,
        Fmt::Int,
    ));
    h.push('\n');
}

/// Stance over time: one chart per target, net index per period, the dot sized by and
/// labelled with the mentions; undated articles counted and named.
fn timeline(h: &mut String, s: &Summary, d: &Derived) {
    let tl = &d.timeline;
    let _ = writeln!(
        h,
        "<h2 id=\"time\">Stance over time</h2>\n<p>By {}; {} dated article(s).</p>",
        esc(&tl.granularity),
        num("/derived/timeline/dated", tl.dated as f64, Fmt::Int)
    );
    if !tl.periods.is_empty() {
        h.push_str("<div class=\"row\">\n");
        for target in &s.targets {
            time_chart(h, d, target);
        }
        h.push_str("</div>\n<p class=\"meta\">Net index per period (dot colour and height); the number above each dot is the mentions.</p>\n");
    }
    if !tl.undated.is_empty() {
        let _ = writeln!(
            h,
            "<p>No date found for {} article(s): {}.</p>",
            tl.undated.len(),
            tl.undated
                .iter()
                .map(|id| esc(id))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn time_chart(h: &mut String, d: &Derived, target: &str) {
    let tl = &d.timeline;
    let n = tl.periods.len();
    let (left, step, top, plot) = (50.0, 70.0_f64.min(900.0 / n as f64).max(12.0), 20.0, 160.0);
    let w = (left + step * n as f64 + 20.0).max(300.0);
    let ht = top + plot + 60.0;
    let y_of = |net: f64| top + plot / 2.0 * (1.0 - net);
    let _ = writeln!(
        h,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{w:.0}\" height=\"{ht}\" viewBox=\"0 0 {w:.0} {ht}\" font-size=\"11\" role=\"img\" aria-label=\"net index toward {} over time\">",
        esc(target)
    );
    let _ = writeln!(
        h,
        "<text x=\"{left}\" y=\"12\" font-size=\"13\" font-weight=\"bold\">{}</text>",
        esc(target)
    );
    time_axes(h, &tl.periods, (left, step, top, plot, w));
    let pts: Vec<(usize, f64, &Point)> = tl
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.target == target)
        .filter_map(|(k, p)| {
            let i = tl.periods.iter().position(|q| *q == p.period)?;
            Some((k, left + step * (i as f64 + 0.5), p))
        })
        .collect();
    if pts.is_empty() {
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" fill=\"#888\">no dated mention</text>",
            left + 10.0,
            y_of(0.0) - 6.0
        );
    }
    if pts.len() > 1 {
        let line: Vec<String> = pts
            .iter()
            .map(|(_, x, p)| format!("{x:.1},{:.1}", y_of(p.figures.net)))
            .collect();
        let _ = writeln!(
            h,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#777\" stroke-width=\"1.5\"/>",
            line.join(" ")
        );
    }
    time_points(h, &pts, y_of);
    h.push_str("</svg></figure>\n");
}

/// The net-index grid (+1, 0, -1) and the period labels of one time chart.
fn time_axes(
    h: &mut String,
    periods: &[String],
    (left, step, top, plot, w): (f64, f64, f64, f64, f64),
) {
    let n = periods.len();
    let y_of = |net: f64| top + plot / 2.0 * (1.0 - net);
    for (v, label) in [(1.0, "+1"), (0.0, "0"), (-1.0, "-1")] {
        let y = y_of(v);
        let _ = writeln!(
            h,
            "<line x1=\"{left}\" x2=\"{:.0}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>",
            w - 10.0,
            if v == 0.0 { "#888" } else { "#e5e5e5" },
            left - 6.0,
            y + 4.0
        );
    }
    let every = n.div_ceil(24).max(1);
    for (k, p) in periods.iter().enumerate().filter(|(k, _)| k % every == 0) {
        let x = left + step * (k as f64 + 0.5);
        let _ = writeln!(
            h,
            "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"end\" transform=\"rotate(-40 {x:.1} {})\">{}</text>",
            top + plot + 14.0,
            top + plot + 14.0,
            esc(p)
        );
    }
}

/// The dots of one time chart: `(point index, x, point)`, height from `y_of(net)`.
fn time_points(h: &mut String, pts: &[(usize, f64, &Point)], y_of: impl Fn(f64) -> f64) {
    for (k, x, p) in pts {
        let net = p.figures.net;
        let y = y_of(net);
        let r = 3.0 + (p.figures.mentions as f64).sqrt().min(8.0);
        let _ = write!(
            h,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{}\" stroke=\"#333\"><title>{}: net {:+.2}, {} mentions in {} article(s)</title></circle>",
            diverging(net),
            esc(&p.period),
            net,
            p.figures.mentions,
            p.articles
        );
        let k = k.to_string();
        let a = format!(
            "x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\"",
            y - r - 3.0
        );
        h.push_str(&svg_num(
            &a,
            &ptr(&["derived", "timeline", "points", &k, "mentions"]),
            p.figures.mentions as f64,
            Fmt::Int,
        ));
        h.push('\n');
    }
}

/// One row per article: date, title, net (mentions) per target, linking to its sentences.
fn articles(h: &mut String, s: &Summary, d: &Derived) {
    h.push_str("<h2 id=\"articles\">Per article</h2>\n<table><tr><th class=\"l\">article</th><th class=\"l\">date</th><th class=\"l\">title</th><th>units</th>");
    for t in &s.targets {
        let _ = write!(h, "<th>{}</th>", esc(t));
    }
    h.push_str("</tr>\n");
    for (k, a) in d.articles.iter().enumerate() {
        let ks = k.to_string();
        let title: String = a.title.chars().take(120).collect();
        let _ = write!(
            h,
            "<tr><td class=\"l\"><a href=\"#art-{k}\">{}</a></td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td>",
            esc(&a.id),
            a.date.as_deref().map_or("&ndash;".to_string(), esc),
            esc(&title),
            num(&ptr(&["derived", "articles", &ks, "units"]), a.units as f64, Fmt::Int)
        );
        for t in &s.targets {
            match a.targets.get(t) {
                Some(f) => {
                    let _ = write!(
                        h,
                        "<td style=\"background:{};color:{}\">{} ({})</td>",
                        diverging(f.net),
                        ink(f.net),
                        num(
                            &ptr(&["derived", "articles", &ks, "targets", t, "net"]),
                            f.net,
                            Fmt::Net
                        ),
                        num(
                            &ptr(&["derived", "articles", &ks, "targets", t, "mentions"]),
                            f.mentions as f64,
                            Fmt::Int
                        )
                    );
                }
                None => h.push_str("<td>&ndash;</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// One sentence as a block: left border coloured by `label`, chips per target, speaker,
/// bytes and a link to the article.
fn sentence(
    h: &mut String,
    r: &SentenceRecord,
    labels: &[String],
    colour: &str,
    link: Option<usize>,
) {
    let _ = write!(
        h,
        "<div class=\"sent\" style=\"border-left-color:{colour}\"><div class=\"meta\">"
    );
    for (t, v) in &r.stance {
        let l = v.as_str().unwrap_or("none");
        if l == "none" {
            continue;
        }
        let j = labels.iter().position(|x| x == l).unwrap_or(0);
        let _ = write!(
            h,
            "<span class=\"chip\" style=\"background:{}\">{} {}</span>",
            label_colour(l, j),
            esc(t),
            esc(l)
        );
    }
    let doc = match link {
        Some(k) => format!("<a href=\"#art-{k}\">{}</a>", esc(&r.doc)),
        None => esc(&r.doc),
    };
    let _ = writeln!(
        h,
        "{} ({}) &middot; {doc} bytes {}&ndash;{}</div>{}</div>",
        esc(&r.speaker),
        esc(&r.speaker_country),
        r.start.unwrap_or(0),
        r.end.unwrap_or(0),
        esc(&r.text)
    );
}

fn strongest(
    h: &mut String,
    out: &RunOutput,
    anchors: &HashMap<&str, usize>,
    target: &str,
    label: &str,
) {
    let rs = super::strongest(out, target, label);
    let _ = writeln!(h, "<h4>Most {} toward {}</h4>", esc(label), esc(target));
    if rs.is_empty() {
        h.push_str("<p class=\"meta\">(none)</p>\n");
    }
    let labels = &out.summary.labels;
    let j = labels.iter().position(|x| x == label).unwrap_or(0);
    for r in rs.iter().take(3) {
        let _ = write!(
            h,
            "<div class=\"meta\">score {:.2}</div>",
            r.score(target, label)
        );
        sentence(
            h,
            r,
            labels,
            label_colour(label, j),
            anchors.get(r.doc.as_str()).copied(),
        );
    }
}

/// The evaluation: pooled confusion matrix and per-target F1 bars (the `eval` charts),
/// and a confusion table per target.
fn evaluation(h: &mut String, rep: &EvalReport) {
    h.push_str("<h2 id=\"eval\">Evaluation against hand labels</h2>\n");
    let _ = writeln!(
        h,
        "<p>Stance given mention, pooled: macro-F1 {:.3}, accuracy {:.3}; speaker accuracy {:.3}.</p>",
        rep.stance_pooled.macro_avg.f1, rep.stance_pooled.accuracy, rep.speaker_accuracy
    );
    for svg in [
        crate::eval_chart::confusion_svg(rep),
        crate::eval_chart::per_target_svg(rep),
    ] {
        let _ = writeln!(
            h,
            "<figure>{}</figure>",
            svg.replacen("<svg ", "<svg class=\"chart\" ", 1)
        );
    }
    for (target, c) in &rep.stance {
        let _ = writeln!(
            h,
            "<h3>{} (macro-F1 {:.3})</h3>\n<table><tr><th class=\"l\">gold \\ predicted</th>",
            esc(target),
            c.macro_avg.f1
        );
        let cols: Vec<&String> = c.order.iter().collect();
        for p in &cols {
            let _ = write!(h, "<th>{}</th>", esc(p));
        }
        h.push_str("</tr>\n");
        for g in c.order.iter().filter(|g| c.confusion.contains_key(*g)) {
            let _ = write!(h, "<tr><td class=\"l\">{}</td>", esc(g));
            for p in &cols {
                let n = c.confusion[g].get(*p).copied().unwrap_or(0);
                let style = if g == *p && n > 0 {
                    " style=\"font-weight:bold\""
                } else {
                    ""
                };
                let _ = write!(h, "<td{style}>{n}</td>");
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
    }
}

/// Each article's classified sentences (a target mentioned), under its anchor.
fn sentences(h: &mut String, out: &RunOutput, d: &Derived, anchors: &HashMap<&str, usize>) {
    h.push_str("<h2 id=\"sentences\">Sentences by article</h2>\n<p class=\"meta\">Units with a classified mention, coloured by their first label; byte offsets into the article text. Every unit is in <code>sentences.jsonl</code>.</p>\n");
    let mut by_doc: HashMap<&str, Vec<&SentenceRecord>> = HashMap::new();
    for r in &out.records {
        if r.stance
            .values()
            .any(|v| v.as_str().is_some_and(|l| l != "none"))
        {
            by_doc.entry(r.doc.as_str()).or_default().push(r);
        }
    }
    let labels = &out.summary.labels;
    let mut listed = 0;
    for a in &d.articles {
        let k = anchors[a.id.as_str()];
        let _ = writeln!(
            h,
            "<h3 id=\"art-{k}\">{} <span class=\"meta\">{}</span></h3>",
            esc(&a.id),
            a.date.as_deref().map(esc).unwrap_or_default()
        );
        let rs = by_doc.get(a.id.as_str()).map_or(&[][..], Vec::as_slice);
        if rs.is_empty() {
            h.push_str("<p class=\"meta\">(no classified mention)</p>\n");
        }
        for r in rs {
            if listed == MAX_LISTED {
                h.push_str("<p class=\"meta\">(not listed: the report lists the first sentences only; all are in sentences.jsonl)</p>\n");
                break;
            }
            listed += 1;
            let first = r
                .stance
                .values()
                .filter_map(|v| v.as_str())
                .find(|l| *l != "none")
                .unwrap_or("none");
            let j = labels.iter().position(|x| x == first).unwrap_or(0);
            sentence(h, r, labels, label_colour(first, j), None);
        }
    }
}
