//! Resume: a journal of finished articles, so a killed `run` continues where it stopped.
//!
//! Input: the output folder, a fingerprint of everything that decides an article's
//! records (the binary, the model, the label data and the scoring flags) and the
//! articles. Output: the articles already finished, with their records and summary,
//! and a journal to append the rest to. The journal (`OUT/.geostance-journal.jsonl`) has
//! one line per finished article, keyed by a sha256 of the fingerprint, the article's id
//! and its text; each chunk's lines are appended and synced before the next chunk
//! starts. A line torn by a kill or written under another fingerprint is ignored. The
//! journal is removed once the outputs are written.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::aggregate::Summary;
use crate::corpus::Article;
use crate::error::{Error, Result};
use crate::record::SentenceRecord;

/// The journal's file name inside the output folder.
pub const JOURNAL: &str = ".geostance-journal.jsonl";

/// What one article produced: its records and its own summary, merged in input order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finished {
    /// The article's key (see [`key`]).
    pub key: String,
    /// Its sentence records, in order.
    pub records: Vec<SentenceRecord>,
    /// Its tallies alone.
    pub summary: Summary,
}

/// The key of one article under a run fingerprint.
pub fn key(fingerprint: &str, article: &Article) -> String {
    let mut h = Sha256::new();
    for part in [fingerprint, &article.id, &article.text] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// A sha256 over the running binary and `settings` (the model's identity, label data,
/// flags): records from another build or setup are never reused.
pub fn fingerprint(settings: &str) -> Result<String> {
    let exe = std::env::current_exe().map_err(|e| Error::io(Path::new("<current exe>"), e))?;
    let mut h = Sha256::new();
    let mut f = std::fs::File::open(&exe).map_err(|e| Error::io(&exe, e))?;
    std::io::copy(&mut f, &mut h).map_err(|e| Error::io(&exe, e))?;
    h.update(settings.as_bytes());
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The journal of one output folder.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: std::fs::File,
}

impl Journal {
    /// Open (or create) the journal in `dir`, returning the entries already in it whose
    /// keys are in `wanted`. Unreadable or torn lines are skipped.
    pub fn open(dir: &Path, wanted: &[String]) -> Result<(Journal, HashMap<String, Finished>)> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(JOURNAL);
        let mut done = HashMap::new();
        if let Ok(f) = std::fs::File::open(&path) {
            let wanted: std::collections::HashSet<&str> =
                wanted.iter().map(String::as_str).collect();
            for line in std::io::BufReader::new(f).lines() {
                let Ok(line) = line else { break };
                let Ok(entry) = serde_json::from_str::<Finished>(&line) else {
                    continue;
                };
                if wanted.contains(entry.key.as_str()) {
                    done.insert(entry.key.clone(), entry);
                }
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let mut j = Journal { path, file };
        // A torn last line must not glue onto the next entry.
        j.file.write_all(b"\n").map_err(|e| Error::io(&j.path, e))?;
        Ok((j, done))
    }

    /// Append finished articles and sync them to disk.
    pub fn append(&mut self, entries: &[Finished]) -> Result<()> {
        let mut body = String::new();
        for e in entries {
            body += &serde_json::to_string(e).map_err(|source| Error::Json {
                path: self.path.clone(),
                source,
            })?;
            body.push('\n');
        }
        self.file
            .write_all(body.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Remove the journal once the outputs it fed are written.
    pub fn finish(self) -> Result<()> {
        drop(self.file);
        std::fs::remove_file(&self.path).map_err(|e| Error::io(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str) -> Finished {
        Finished {
            key: key.into(),
            records: Vec::new(),
            summary: Summary::new(vec!["neutral".into()], vec!["US".into()]),
        }
    }

    #[test]
    fn keeps_whole_wanted_lines_and_skips_torn_ones() {
        let dir = tempfile::tempdir().unwrap();
        let (mut j, done) = Journal::open(dir.path(), &[]).unwrap();
        assert!(done.is_empty());
        j.append(&[entry("a"), entry("b")]).unwrap();
        drop(j);
        // A kill mid-write leaves half a line.
        let path = dir.path().join(JOURNAL);
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        f.write_all(br#"{"key":"c","records":[],"summ"#).unwrap();
        drop(f);
        let wanted = ["a".to_string(), "c".to_string(), "d".to_string()];
        let (mut j, done) = Journal::open(dir.path(), &wanted).unwrap();
        let mut keys: Vec<&String> = done.keys().collect();
        keys.sort();
        assert_eq!(keys, ["a"]);
        j.append(&[entry("d")]).unwrap();
        drop(j);
        let (j, done) = Journal::open(dir.path(), &wanted).unwrap();
        assert_eq!(
            done.len(),
            2,
            "the entry after the torn line is read: {done:?}"
        );
        j.finish().unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn keys_depend_on_fingerprint_id_and_text() {
        let a = Article::new("x.txt", "Some text.");
        let k = key("f1", &a);
        assert_ne!(k, key("f2", &a));
        assert_ne!(k, key("f1", &Article::new("y.txt", "Some text.")));
        assert_ne!(k, key("f1", &Article::new("x.txt", "Other text.")));
        assert_eq!(k, key("f1", &Article::new("x.txt", "Some text.")));
    }
}
