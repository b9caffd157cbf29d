//! Building blocks of `report.html`: escaping, colours, JSON Pointers and numbers that
//! name the `summary.json` value they show (so a test can hold the two files equal).

use std::fmt::Write;

/// `s` escaped for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A JSON Pointer (RFC 6901) into `summary.json` from its reference tokens.
pub fn ptr(parts: &[&str]) -> String {
    let mut p = String::new();
    for part in parts {
        p.push('/');
        p.push_str(&part.replace('~', "~0").replace('/', "~1"));
    }
    p
}

/// How a number is shown: the report and its test format numbers the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fmt {
    /// A count: `12`.
    Int,
    /// A share in [0, 1] as a whole percentage: `25%`.
    Pct,
    /// A net index in [-1, 1] with sign and two decimals: `+0.25`.
    Net,
}

impl Fmt {
    /// The attribute value naming the format.
    pub fn name(self) -> &'static str {
        match self {
            Fmt::Int => "int",
            Fmt::Pct => "pct",
            Fmt::Net => "net",
        }
    }

    /// `v` as shown.
    pub fn show(self, v: f64) -> String {
        match self {
            Fmt::Int => format!("{v:.0}"),
            Fmt::Pct => format!("{:.0}%", 100.0 * v),
            Fmt::Net => format!("{v:+.2}"),
        }
    }
}

/// The attributes that tie a shown number to its `summary.json` value.
fn data(pointer: &str, v: f64, f: Fmt) -> String {
    format!(
        "data-ptr=\"{}\" data-v=\"{}\" data-f=\"{}\"",
        esc(pointer),
        serde_json::Number::from_f64(v).map_or_else(|| "null".to_string(), |n| n.to_string()),
        f.name()
    )
}

/// An HTML span showing `v`, tied to `pointer`.
pub fn num(pointer: &str, v: f64, f: Fmt) -> String {
    format!("<span {}>{}</span>", data(pointer, v, f), f.show(v))
}

/// An SVG text element showing `v`, tied to `pointer`; `attrs` are placed as given.
pub fn svg_num(attrs: &str, pointer: &str, v: f64, f: Fmt) -> String {
    format!("<text {attrs} {}>{}</text>", data(pointer, v, f), f.show(v))
}

/// The colour of a stance label: the four standard labels fixed, others from a palette.
pub fn label_colour(label: &str, index: usize) -> &'static str {
    const OTHERS: [&str; 4] = ["#1b9e77", "#7570b3", "#66a61e", "#e6ab02"];
    match label {
        "supportive" => "#2166ac",
        "critical" => "#b2182b",
        "balancing" => "#e08214",
        "neutral" => "#8c8c8c",
        _ => OTHERS[index % OTHERS.len()],
    }
}

/// The diverging colour of a net index: red (-1) through near-white (0) to blue (+1).
pub fn diverging(net: f64) -> String {
    let t = net.clamp(-1.0, 1.0);
    let (from, to) = if t < 0.0 {
        ([0xf7, 0xf7, 0xf7], [0xb2, 0x18, 0x2b])
    } else {
        ([0xf7, 0xf7, 0xf7], [0x21, 0x66, 0xac])
    };
    let a = t.abs();
    let mut s = String::from("#");
    for k in 0..3 {
        let c = f64::from(from[k]) + a * (f64::from(to[k]) - f64::from(from[k]));
        let _ = write!(s, "{:02x}", c.round() as u8);
    }
    s
}

/// Text colour readable on [`diverging`]`(net)`.
pub fn ink(net: f64) -> &'static str {
    if net.abs() > 0.55 {
        "#fff"
    } else {
        "#111"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_numbers_show_their_value() {
        assert_eq!(ptr(&["derived", "a/b~c"]), "/derived/a~1b~0c");
        assert_eq!(Fmt::Pct.show(0.255), "26%");
        assert_eq!(Fmt::Net.show(-0.5), "-0.50");
        assert_eq!(Fmt::Int.show(3.0), "3");
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn the_scale_diverges_from_white() {
        assert_eq!(diverging(0.0), "#f7f7f7");
        assert_eq!(diverging(-1.0), "#b2182b");
        assert_eq!(diverging(1.0), "#2166ac");
        assert_eq!(diverging(7.0), "#2166ac");
    }
}
