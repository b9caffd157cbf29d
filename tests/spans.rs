//! Property tests of the span invariants: units are sorted, non-overlapping, trimmed,
//! on char boundaries, and everything between them is whitespace (no text lost).

use std::sync::OnceLock;

use geostance::labels::Labels;
use geostance::segment::{segment, BoilerplateRules};
use proptest::prelude::*;

fn rules() -> &'static BoilerplateRules {
    static RULES: OnceLock<BoilerplateRules> = OnceLock::new();
    RULES.get_or_init(|| Labels::builtin().unwrap().boilerplate)
}

fn pieces() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "The U.S. said",
        " Mr. Smith",
        " left.",
        " \"Quote.\"",
        " ¿Qué?",
        " Moscow",
        "\n",
        "\n\n",
        " $12.85",
        " 1) item",
        " …",
        " «Да».",
        " e.g. this",
        "\r\n",
        " (c) Reuters",
        " Ünïcödé",
        "!",
        "?",
        " ",
        "\u{a0}",
        "...",
        " 3.5%",
        " end.Next",
        "•",
        " 中国",
        " a. roads",
        " b. rail",
        " (a)",
        " (b)",
        " 2.)",
        " . . .",
        " . . . .",
        " [...]",
        " kun.uz.",
        " 8 p.m.",
        " Ltd.",
        " Jr.",
        " you and I.",
        "MOSCOW, October 3. /TASS/.",
        " (Xinhua/Ann Lee)",
        " • 2.",
        "— ",
        " Officials",
        " https://x.org/a.html.",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

/// Every article the project ships or is scored on: its units cover it (no text lost).
#[test]
fn shipped_and_fresh_articles_lose_no_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut n = 0;
    for dir in [
        "articles", "heldout", "fresh-a", "fresh-b", "fresh-c", "fresh-d", "fresh-e", "fresh-f",
        "fresh-g",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let units = segment(&text, rules());
            let mut at = 0;
            for u in &units {
                assert!(text[at..u.span.start].trim().is_empty() && u.span.start >= at);
                at = u.span.end;
            }
            assert!(text[at..].trim().is_empty());
            n += 1;
        }
    }
    assert!(n >= 50, "only {n} articles found");
}

proptest! {
    #[test]
    fn units_cover_the_text(text in pieces()) {
        let units = segment(&text, rules());
        let mut at = 0;
        for u in &units {
            prop_assert!(u.span.start >= at, "overlap or disorder at {}", u.span.start);
            prop_assert!(text.is_char_boundary(u.span.start) && text.is_char_boundary(u.span.end));
            let s = u.span.slice(&text);
            prop_assert!(!s.is_empty() && s.trim() == s, "untrimmed unit {:?}", s);
            prop_assert!(text[at..u.span.start].trim().is_empty(), "text lost: {:?}", &text[at..u.span.start]);
            at = u.span.end;
        }
        prop_assert!(text[at..].trim().is_empty(), "text lost at the end: {:?}", &text[at..]);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let units = segment(&text, rules());
        let joined: String = units.iter().map(|u| u.span.slice(&text)).collect();
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(squeeze(&joined), squeeze(&text));
    }
}
