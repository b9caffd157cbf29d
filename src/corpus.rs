//! Articles and their readers: files, folders (recursive), JSONL and stdin.
//!
//! Input: paths (or `-` for stdin). Output: the articles that could be read, plus one
//! error per input that could not (named, with the reason), so a run never stops at
//! the first bad file. A leading byte-order mark is removed; all other bytes are kept,
//! so every span points into `Article::text` exactly as read (CRLF included).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Default limit on one article's size: 16 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 16 << 20;

/// One article: an id and its full text. Later stages point into `text` by `Span`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Stable id: the file name (relative path under a folder), or the JSONL `id`.
    pub id: String,
    /// The text, exactly as read less a leading byte-order mark.
    pub text: String,
    /// Publication date given with the text (the JSONL `date` field), if any.
    pub date: Option<crate::date::Date>,
}

impl Article {
    /// An article from an id and text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Article {
            id: id.into(),
            text: text.into(),
            date: None,
        }
    }
}

/// What readers accept and how they name inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Articles over this many bytes are reported and skipped.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Articles read from all inputs, and the inputs that failed (each skipped, the rest kept).
#[derive(Debug, Default)]
pub struct Batch {
    /// Articles in input order.
    pub articles: Vec<Article>,
    /// One error per input (file, JSONL line) that could not be used.
    pub errors: Vec<Error>,
}

/// Read every input: a file, a folder (recursively), a `.jsonl` file (`{"id", "text"}`
/// per line, optionally `"date": "YYYY-MM-DD"`) or `-` for stdin (JSONL when its first character is `{`). Articles come
/// back sorted by id (byte order), whatever the order of the inputs; of two with one
/// id, the first named is kept.
pub fn read_inputs(inputs: &[PathBuf], opts: &ReadOptions) -> Batch {
    let mut batch = Batch::default();
    let mut seen = Folders::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            read_stdin(opts, &mut batch);
        } else if input.is_dir() {
            read_dir(input, input, opts, &mut batch, &mut seen);
        } else {
            let id = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.display().to_string());
            read_file(input, id, opts, &mut batch);
        }
    }
    check_duplicate_ids(&mut batch);
    // Outputs must not depend on the order inputs were named in.
    batch.articles.sort_by(|a, b| a.id.cmp(&b.id));
    batch
}

fn read_stdin(opts: &ReadOptions, batch: &mut Batch) {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
        batch.errors.push(Error::io("<stdin>", e));
        return;
    }
    let path = Path::new("<stdin>");
    match decode("<stdin>", bytes) {
        Ok(text) if text.trim_start().starts_with('{') => parse_jsonl(path, &text, opts, batch),
        Ok(text) => batch.articles.push(Article::new("stdin", text)),
        Err(e) => batch.errors.push(e),
    }
}

/// Folders read so far, by canonical path, with the path each was first read by.
type Folders = std::collections::HashMap<PathBuf, PathBuf>;

fn read_dir(root: &Path, dir: &Path, opts: &ReadOptions, batch: &mut Batch, seen: &mut Folders) {
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if let Some(first) = seen.get(&real) {
                return batch.errors.push(Error::FolderSeen {
                    path: dir.to_path_buf(),
                    first: first.clone(),
                });
            }
            seen.insert(real, dir.to_path_buf());
        }
        Err(e) => return batch.errors.push(Error::io(dir, e)),
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return batch.errors.push(Error::io(dir, e)),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            read_dir(root, &path, opts, batch, seen);
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id = rel.to_string_lossy().into_owned();
            read_file(&path, id, opts, batch);
        }
    }
}

fn read_file(path: &Path, id: String, opts: &ReadOptions, batch: &mut Batch) {
    let name = path.display().to_string();
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return batch.errors.push(Error::io(path, e)),
    };
    let is_jsonl = path.extension().is_some_and(|x| x == "jsonl");
    if !is_jsonl && size > opts.max_bytes {
        return batch.errors.push(Error::TooLarge {
            name,
            size,
            limit: opts.max_bytes,
        });
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return batch.errors.push(Error::io(path, e)),
    };
    let text = match decode(&name, bytes) {
        Ok(t) => t,
        Err(e) => return batch.errors.push(e),
    };
    if is_jsonl {
        parse_jsonl(path, &text, opts, batch);
    } else {
        batch.articles.push(Article::new(id, text));
    }
}

/// Articles from the bytes of one input as `read_inputs` reads them: `name` is the
/// article id (or names a `.jsonl` input, whose lines are parsed as records).
pub fn read_bytes(name: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Batch {
    let mut batch = Batch::default();
    match decode(name, bytes) {
        Ok(text) if name.ends_with(".jsonl") => {
            parse_jsonl(Path::new(name), &text, opts, &mut batch)
        }
        Ok(text) => batch.articles.push(Article::new(name, text)),
        Err(e) => batch.errors.push(e),
    }
    check_duplicate_ids(&mut batch);
    batch
}

/// Bytes to text: UTF-8 checked, BOM removed, empty input refused.
fn decode(name: &str, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        name: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(Error::Empty {
            name: name.to_string(),
        });
    }
    Ok(text)
}

#[derive(serde::Deserialize)]
struct JsonlRecord {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    date: Option<serde_json::Value>,
}

/// Parse `{"id", "text"}` lines; each bad line is one error, the others are kept.
fn parse_jsonl(path: &Path, text: &str, opts: &ReadOptions, batch: &mut Batch) {
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |msg: String| Error::Jsonl {
            path: path.to_path_buf(),
            line: n + 1,
            msg,
        };
        let rec: JsonlRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                batch
                    .errors
                    .push(bad(format!("not a {{\"id\", \"text\"}} record: {e}")));
                continue;
            }
        };
        let id = match rec.id {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                batch
                    .errors
                    .push(bad(format!("id must be a string or number, got {other}")));
                continue;
            }
        };
        let date = match rec.date {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) if crate::date::Date::parse_iso(&s).is_some() => {
                crate::date::Date::parse_iso(&s)
            }
            Some(other) => {
                batch.errors.push(bad(format!(
                    "article {id:?}: date must be \"YYYY-MM-DD\" (a time may follow), got {other}"
                )));
                continue;
            }
        };
        let text = rec.text.strip_prefix('\u{feff}').unwrap_or(&rec.text);
        if text.trim().is_empty() {
            batch
                .errors
                .push(bad(format!("article {id:?} has empty text")));
        } else if text.len() as u64 > opts.max_bytes {
            batch.errors.push(Error::TooLarge {
                name: format!("{}:{} ({id})", path.display(), n + 1),
                size: text.len() as u64,
                limit: opts.max_bytes,
            });
        } else {
            let mut article = Article::new(id, text);
            article.date = date;
            batch.articles.push(article);
        }
    }
}

/// Articles with an id seen before are dropped and reported: outputs are keyed by id.
fn check_duplicate_ids(batch: &mut Batch) {
    let mut seen = std::collections::HashSet::new();
    let mut kept = Vec::with_capacity(batch.articles.len());
    for a in batch.articles.drain(..) {
        if seen.insert(a.id.clone()) {
            kept.push(a);
        } else {
            batch.errors.push(Error::DuplicateId { id: a.id });
        }
    }
    batch.articles = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_folders_and_jsonl() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(dir.path().join("a.txt"), "\u{feff}Alpha.\r\nBeta.").unwrap();
        std::fs::write(sub.join("b.txt"), "Gamma.").unwrap();
        std::fs::write(dir.path().join("bad.txt"), b"ok \xff bad").unwrap();
        std::fs::write(dir.path().join("empty.txt"), " \n").unwrap();
        std::fs::write(
            dir.path().join("c.jsonl"),
            "{\"id\": \"x\", \"text\": \"Delta.\"}\n{oops\n\n{\"id\": 7, \"text\": \"Eps.\"}\n",
        )
        .unwrap();
        let b = read_inputs(&[dir.path().to_path_buf()], &ReadOptions::default());
        let ids: Vec<_> = b.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["7", "a.txt", "sub/b.txt", "x"], "sorted by id");
        assert_eq!(b.articles[1].text, "Alpha.\r\nBeta.");
        let msgs: Vec<String> = b.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].contains("bad.txt") && msgs[0].contains("UTF-8"));
        assert!(msgs[1].contains("c.jsonl:2"));
        assert!(msgs[2].contains("empty.txt") && msgs[2].contains("empty"));
    }

    #[test]
    fn missing_and_oversized_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "word ".repeat(100)).unwrap();
        let opts = ReadOptions { max_bytes: 50 };
        let b = read_inputs(&[dir.path().join("nope.txt"), big], &opts);
        assert!(b.articles.is_empty());
        assert!(b.errors[0].to_string().contains("nope.txt"));
        assert!(b.errors[1].to_string().contains("over the limit"));
    }
    /// A folder link loop is read once and reported, not followed until the OS stops it.
    #[test]
    fn folder_link_loops_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("x.txt"), "The U.S. said so.").unwrap();
        std::os::unix::fs::symlink("..", sub.join("back")).unwrap();
        let b = read_inputs(&[dir.path().to_path_buf()], &ReadOptions::default());
        let ids: Vec<&str> = b.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a/x.txt"]);
        assert_eq!(b.errors.len(), 1, "{:?}", b.errors);
        assert!(
            b.errors[0].to_string().contains("already read"),
            "{}",
            b.errors[0]
        );
    }

    /// Hostile JSONL: NUL escapes are text and a deeply nested field the record does not
    /// use is skipped; a lone surrogate, a nested array 10,000 deep and a raw control
    /// character are one error each (with the line); the good lines, a 10 MB one among
    /// them, are kept.
    #[test]
    fn hostile_jsonl_lines_cost_only_themselves() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let long = "word ".repeat(2_000_000); // a 10 MB line
        let src = [
            r#"{"id": "nul", "text": "The U.S.\u0000 said \u0000 so."}"#.to_string(),
            r#"{"id": "lone", "text": "bad \ud800 surrogate"}"#.to_string(),
            format!(r#"{{"id": "deep", "text": "x", "extra": {deep}}}"#),
            deep,
            format!(r#"{{"id": "long", "text": "{long}"}}"#),
            "{\"id\": \"raw\", \"text\": \"a\u{0}b\"}".to_string(),
        ]
        .join("\n");
        let opts = ReadOptions {
            max_bytes: 20_000_000,
        };
        let b = read_bytes("in.jsonl", src.into_bytes(), &opts);
        let ids: Vec<&str> = b.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["nul", "deep", "long"], "{:?}", b.errors);
        assert!(b.articles[0].text.contains('\0'));
        let lines: Vec<String> = b.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        for (e, n) in lines.iter().zip([2, 4, 6]) {
            assert!(e.starts_with(&format!("in.jsonl:{n}: ")), "{e}");
        }
    }
}
