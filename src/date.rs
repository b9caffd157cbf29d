//! Date: finds an article's publication date.
//!
//! Input: the article text (or a `date` field given with it). Output: a calendar date
//! and, when found in the text, the byte span it was read from. Only the first lines are
//! searched (the masthead, the dateline, a "Published ..." line, a photo caption), and
//! only full dates (day, month and year): "14 August 2021", "Feb. 28, 2023",
//! "2024-03-01", "01.03.2024" (day first, as Central Asian and Russian outlets write it).
//! A line that starts with "Published", "Posted" or "Date" wins over an earlier date.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Non-empty lines searched from the start of the text.
const LINES: usize = 12;
/// Bytes searched from the start of the text.
const BYTES: usize = 3000;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1900-2100.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar (years 1900-2100).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days).then_some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parse `YYYY-MM-DD`, optionally followed by a time (`2024-03-01T09:30:00Z`).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let head = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with(['T', ' '])) {
            return None;
        }
        let mut parts = head.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || parts.next().is_some() {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// `YYYY-MM`.
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Days since 1900-01-01 (for spans between dates).
    pub fn ordinal(&self) -> i64 {
        let (y, m) = (i64::from(self.year), i64::from(self.month));
        // Days from civil (Howard Hinnant's algorithm), shifted to start in 1900.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 693_901
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "from")]
pub enum Source {
    /// The `date` field of a JSONL record.
    Field,
    /// Found in the text at this span.
    Text {
        /// Byte offset of the date's start.
        start: usize,
        /// Byte offset one past its end.
        end: usize,
    },
}

/// An article's date and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated {
    /// The date.
    pub date: Date,
    /// Field or text span.
    #[serde(flatten)]
    pub source: Source,
}

const MONTHS: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

struct Patterns {
    iso: Regex,
    dmy: Regex,
    mdy: Regex,
    dotted: Regex,
    lead: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("the date patterns are valid regexes");
        Patterns {
            iso: re(r"\b(\d{4})-(\d{2})-(\d{2})(?:T\d|\b)"),
            dmy: re(&format!(r"\b(\d{{1,2}})\s+{MONTHS}\.?,?\s+(\d{{4}})\b")),
            mdy: re(&format!(r"\b{MONTHS}\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")),
            dotted: re(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),
            lead: re(r"^\s*(?i:published|posted|date|dated)\b"),
        }
    })
}

fn month_number(name: &str) -> u32 {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let n = name.get(..3).unwrap_or(name).to_ascii_lowercase();
    NAMES
        .iter()
        .position(|m| *m == n)
        .map_or(0, |i| i as u32 + 1)
}

/// Every full date in `line`, with its byte range in the line, leftmost first.
fn dates_in(line: &str) -> Vec<(Date, usize, usize)> {
    let p = patterns();
    let num = |c: &regex::Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    // (pattern, index of day, month, year; month 0 = a month name in that group)
    let forms: [(&Regex, [usize; 3], bool); 4] = [
        (&p.iso, [3, 2, 1], false),
        (&p.dmy, [1, 2, 3], true),
        (&p.mdy, [2, 1, 3], true),
        (&p.dotted, [1, 2, 3], false),
    ];
    let mut out = Vec::new();
    for (re, [d, m, y], named) in forms {
        for c in re.captures_iter(line) {
            let month = match named {
                true => Some(month_number(&c[m])),
                false => num(&c, m),
            };
            let (Some(day), Some(month), Some(year)) = (num(&c, d), month, num(&c, y)) else {
                continue;
            };
            // The span ends at the last of the three parts (not at an ISO time's "T").
            let end = [d, m, y]
                .iter()
                .filter_map(|&i| c.get(i))
                .map(|g| g.end())
                .max();
            if let (Some(date), Some(all), Some(end)) = (Date::new(year, month, day), c.get(0), end)
            {
                out.push((date, all.start(), end));
            }
        }
    }
    out.sort_by_key(|&(_, s, e)| (s, std::cmp::Reverse(e)));
    out
}

/// The publication date found in the first lines of `text`, with its span.
pub fn find(text: &str) -> Option<(Date, Span)> {
    let mut first: Option<(Date, Span)> = None;
    let mut offset = 0;
    let mut lines = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if start >= BYTES || lines >= LINES {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        lines += 1;
        let Some(&(d, s, e)) = dates_in(line).first() else {
            continue;
        };
        let found = (d, Span::new(start + s, start + e));
        if patterns().lead.is_match(line) {
            return Some(found);
        }
        first.get_or_insert(found);
    }
    first
}

/// The article's date: the given field, else the first date found in the text.
pub fn date(text: &str, field: Option<Date>) -> Option<Dated> {
    if let Some(date) = field {
        return Some(Dated {
            date,
            source: Source::Field,
        });
    }
    find(text).map(|(date, span)| Dated {
        date,
        source: Source::Text {
            start: span.start,
            end: span.end,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_dates_news_sites_write() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            (
                "14 August 2021\n\nTitle\n",
                Some("2021-08-14"),
                "14 August 2021",
            ),
            (
                "Menu\nTitle\n\nFeb. 12, 2024\n\nTASHKENT -- Text.",
                Some("2024-02-12"),
                "Feb. 12, 2024",
            ),
            (
                "By Dana Omarova\nMarch 4, 2025\n",
                Some("2025-03-04"),
                "March 4, 2025",
            ),
            (
                "Title\n2024-03-01T09:00Z\n",
                Some("2024-03-01"),
                "2024-03-01",
            ),
            ("Новости 01.03.2024\n", Some("2024-03-01"), "01.03.2024"),
            (
                "Caption, Astana, Feb. 28, 2023.\n",
                Some("2023-02-28"),
                "Feb. 28, 2023",
            ),
            (
                "Sept. 3, 2022 update\n",
                Some("2022-09-03"),
                "Sept. 3, 2022",
            ),
            ("Figures for 2024\nup 6% in 2023\n", None, ""),
            ("February 30, 2024\n", None, ""),
            ("31.02.2024 and 12 Foo 2020\n", None, ""),
        ];
        for (text, want, slice) in cases {
            let got = find(text);
            assert_eq!(
                got.map(|(d, _)| d.to_string()).as_deref(),
                *want,
                "{text:?}"
            );
            if let Some((_, sp)) = got {
                assert_eq!(sp.slice(text), *slice);
            }
        }
    }

    #[test]
    fn a_published_line_wins_and_late_dates_are_not_read() {
        let t = "Photo: June 1, 2020\nPublished: 2 July 2021\n";
        assert_eq!(find(t).unwrap().0.to_string(), "2021-07-02");
        let late = format!("{}12 May 2020\n", "line\n".repeat(LINES));
        assert_eq!(find(&late), None);
        let field = Date::parse_iso("2020-01-05");
        assert_eq!(date("12 May 2020", field).unwrap().source, Source::Field);
    }

    #[test]
    fn iso_fields_parse_strictly() {
        assert_eq!(
            Date::parse_iso("2021-08-14").unwrap().month_key(),
            "2021-08"
        );
        assert!(Date::parse_iso("2021-08-14T10:00:00+05:00").is_some());
        for bad in [
            "2021-8-14",
            "14.08.2021",
            "2021-13-01",
            "2021-08-14x",
            "yesterday",
            "",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
        let a = Date::new(2024, 2, 28).unwrap().ordinal();
        assert_eq!(Date::new(2024, 3, 1).unwrap().ordinal() - a, 2);
        assert_eq!(Date::new(1900, 1, 1).unwrap().ordinal(), 0);
    }
}
