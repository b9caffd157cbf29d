//! SVG charts for the evaluation report: the pooled stance confusion matrix and
//! per-target bars (stance macro-F1 and mention F1).

use std::fmt::Write;

use crate::eval::EvalReport;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The pooled (strict) confusion matrix as a heat map, rows gold, columns predicted.
pub fn confusion_svg(r: &EvalReport) -> String {
    let labels: Vec<&str> = r.labels.iter().map(String::as_str).collect();
    let cols: Vec<&str> = labels.iter().copied().chain(["none"]).collect();
    let (cell, left, top) = (70, 100, 60);
    let (w, h) = (
        left + cell * cols.len() + 20,
        top + cell * labels.len() + 40,
    );
    let max = r
        .stance_pooled
        .confusion
        .values()
        .flat_map(|m| m.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let mut s = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n");
    let _ = writeln!(s, "<text x=\"{left}\" y=\"18\" font-size=\"14\">Stance given mention, pooled (rows gold, columns predicted)</text>");
    for (c, name) in cols.iter().enumerate() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{name}</text>",
            left + c * cell + cell / 2,
            top - 8
        );
    }
    for (g, gold) in labels.iter().enumerate() {
        let y = top + g * cell;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{gold}</text>",
            left - 6,
            y + cell / 2 + 4
        );
        for (c, pred) in cols.iter().enumerate() {
            let n = r
                .stance_pooled
                .confusion
                .get(*gold)
                .and_then(|m| m.get(*pred))
                .copied()
                .unwrap_or(0);
            let shade = 255 - (200 * n / max) as u8;
            let x = left + c * cell;
            let _ = writeln!(s, "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"rgb({shade},{shade},255)\" stroke=\"#999\"/>");
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{n}</text>",
                x + cell / 2,
                y + cell / 2 + 4
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

/// Bars per target: stance macro-F1 (strict) and mention F1.
pub fn per_target_svg(r: &EvalReport) -> String {
    let targets: Vec<&String> = r.stance.keys().collect();
    let (bar, gap, left, top, height) = (28, 30, 60, 40, 200);
    let w = left + targets.len() * (2 * bar + gap) + 160;
    let mut s = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"12\">\n", top + height + 40);
    let _ = writeln!(s, "<text x=\"{left}\" y=\"20\" font-size=\"14\">Per target: stance macro-F1 (blue), mention F1 (grey)</text>");
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000\"/>",
        top + height,
        w - 20,
        top + height
    );
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = top + height - (tick * height as f64) as usize;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{tick:.2}</text>",
            left - 6,
            y + 4
        );
    }
    for (k, t) in targets.iter().enumerate() {
        let x = left + 10 + k * (2 * bar + gap);
        let vals = [
            (r.stance[*t].macro_avg.f1, "#4a6fd1"),
            (r.mention.get(*t).map_or(0.0, |p| p.f1), "#999"),
        ];
        for (j, (v, color)) in vals.iter().enumerate() {
            let bh = (v * height as f64) as usize;
            let _ = writeln!(s, "<rect x=\"{}\" y=\"{}\" width=\"{bar}\" height=\"{bh}\" fill=\"{color}\"><title>{v:.3}</title></rect>", x + j * bar, top + height - bh);
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + bar,
            top + height + 16,
            escape(t)
        );
    }
    s.push_str("</svg>\n");
    s
}
