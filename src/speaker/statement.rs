//! Official statements: a statement's title names the body that voices it.

use super::{Registry, Speaker};
use crate::segment::Unit;
use crate::span::Span;

/// An official statement's title ("Statement of the Chinese Embassy in Kazakhstan on
/// ...", "Comment of the Russian Foreign Ministry in connection with ..."): the body it
/// names voices the title and what follows in the author's voice, to the end of the
/// article, or, when the statement is quoted in full, to the end of the quote.
pub(super) fn statements_voice_their_body(
    text: &str,
    units: &[Unit],
    quoted: &[bool],
    reg: &Registry,
    out: &mut [Speaker],
) {
    let Some((at, body)) = (0..units.len()).find_map(|u| {
        let span = statement_body(text, units[u].span)?;
        reg.body_named(text, span).map(|b| (u, b))
    }) else {
        return;
    };
    let next = (at + 1..units.len()).find(|&v| !units[v].boilerplate);
    let in_quote = next.is_some_and(|v| quoted[v]);
    if !units[at].boilerplate {
        out[at] = body.clone();
    }
    for v in at + 1..units.len() {
        if units[v].boilerplate {
            continue;
        }
        if in_quote || out[v].is_author() {
            out[v] = body.clone();
        }
        // A statement quoted in full ends with its closing quote mark, which some
        // pages give only once, after its last paragraph.
        let closes = units[v]
            .span
            .slice(text)
            .trim_end()
            .ends_with(['"', '”', '»']);
        if in_quote && closes {
            break;
        }
    }
}

/// The span of the body a statement's title names: "Statement of the X on ..." -> X.
fn statement_body(text: &str, span: Span) -> Option<Span> {
    const KINDS: [&str; 5] = [
        "Statement",
        "Comment",
        "Remarks",
        "Declaration",
        "Press release",
    ];
    const ENDS: [&str; 6] = [
        " on ",
        " in connection",
        " regarding",
        " concerning",
        " about ",
        " over ",
    ];
    let s = span.slice(text);
    let line = s.trim_end();
    if line.ends_with(['.', '?', '!', ':', '"', '”']) || line.contains('\n') {
        return None;
    }
    let kind = KINDS.iter().find(|k| line.starts_with(**k))?;
    let rest = &line[kind.len()..];
    let rest = rest
        .strip_prefix(" of ")
        .or_else(|| rest.strip_prefix(" by "))?;
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let end = ENDS
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    let offset = span.start + (line.len() - rest.len());
    (end > 0 && rest[..end].split_whitespace().count() <= 8)
        .then(|| Span::new(offset, offset + end))
}
