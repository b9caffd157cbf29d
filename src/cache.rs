//! Cache: remember the model's score of each (premise, hypothesis) pair across runs.
//!
//! Input: a cache folder and the identity of the model (a sha256 over the backend, the
//! weights file's bytes and the token limit). Output: the entailment log-probability of
//! pairs scored before, and new scores appended to the folder. One file per model,
//! `DIR/v1-<model id>.scores`: fixed 20-byte records (the first 16 bytes of
//! sha256(premise, 0x00, hypothesis), then the f32 score, little-endian). A record cut
//! short by a killed run is dropped on load and overwritten, so a cache never goes bad;
//! a different model, file or token limit gets a different file, so scores never mix.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

const RECORD: usize = 20;

/// The key of one pair: the first 16 bytes of sha256(premise, 0x00, hypothesis).
pub type Key = [u8; 16];

/// Scores of pairs already seen, loaded from and appended to one file.
pub struct ScoreCache {
    path: PathBuf,
    known: HashMap<Key, f32>,
    fresh: Mutex<Vec<(Key, f32)>>,
}

/// The key of a (premise, hypothesis) pair.
pub fn key(premise: &str, hypothesis: &str) -> Key {
    let mut h = Sha256::new();
    h.update(premise.as_bytes());
    h.update([0u8]);
    h.update(hypothesis.as_bytes());
    let d = h.finalize();
    let mut k = [0u8; 16];
    k.copy_from_slice(&d[..16]);
    k
}

/// The sha256 of a file, in hex.
pub fn file_sha256(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// A model's identity for the cache: sha256 over the parts that change its scores.
/// `known` is the weights file's sha256 when the load already checked it (SHA256SUMS),
/// so the file is not read twice; otherwise it is hashed here.
pub fn model_id(
    backend: &str,
    weights: &Path,
    known: Option<&str>,
    max_len: usize,
) -> Result<String> {
    let file = match known {
        Some(sha) => sha.to_string(),
        None => file_sha256(weights)?,
    };
    let mut h = Sha256::new();
    h.update(format!("{backend}\n{file}\n{max_len}\n").as_bytes());
    Ok(hex(&h.finalize())[..32].to_string())
}

/// The sha256 of `text`, in hex (first 32 digits).
pub fn text_sha256(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))[..32].to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ScoreCache {
    /// Open (or create) the cache of model `model_id` in folder `dir`.
    pub fn open(dir: &Path, model_id: &str) -> Result<ScoreCache> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(format!("v1-{model_id}.scores"));
        let mut known = HashMap::new();
        match std::fs::read(&path) {
            Ok(bytes) => {
                for r in bytes.chunks_exact(RECORD) {
                    let mut k = [0u8; 16];
                    k.copy_from_slice(&r[..16]);
                    let v = f32::from_le_bytes([r[16], r[17], r[18], r[19]]);
                    known.insert(k, v);
                }
                let whole = (bytes.len() / RECORD * RECORD) as u64;
                if whole != bytes.len() as u64 {
                    let f = OpenOptions::new()
                        .write(true)
                        .open(&path)
                        .map_err(|e| Error::io(&path, e))?;
                    f.set_len(whole).map_err(|e| Error::io(&path, e))?;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
        Ok(ScoreCache {
            path,
            known,
            fresh: Mutex::new(Vec::new()),
        })
    }

    /// The score of a pair seen in an earlier run.
    pub fn get(&self, k: &Key) -> Option<f32> {
        self.known.get(k).copied()
    }

    /// Number of pairs loaded from the file.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    /// True when the file held no pairs.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Remember new scores (written by `flush`).
    pub fn put(&self, items: impl IntoIterator<Item = (Key, f32)>) {
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.extend(items);
        }
    }

    /// Append the scores remembered since the last flush to the file, in one write.
    pub fn flush(&self) -> Result<()> {
        let items = match self.fresh.lock() {
            Ok(mut fresh) => std::mem::take(&mut *fresh),
            Err(_) => return Ok(()),
        };
        if items.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::with_capacity(items.len() * RECORD);
        for (k, v) in &items {
            buf.extend_from_slice(k);
            buf.extend_from_slice(&v.to_le_bytes());
        }
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::io(&self.path, e))?;
        f.write_all(&buf).map_err(|e| Error::io(&self.path, e))?;
        f.sync_data().map_err(|e| Error::io(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_survive_a_reopen_and_a_cut_record() {
        let dir = tempfile::tempdir().unwrap();
        let c = ScoreCache::open(dir.path(), "m1").unwrap();
        assert!(c.is_empty());
        let (a, b) = (key("Premise.", "Hyp A."), key("Premise.", "Hyp B."));
        assert_ne!(a, b);
        assert_ne!(key("ab", "c"), key("a", "bc"));
        c.put([(a, -0.5), (b, -2.25)]);
        c.flush().unwrap();
        let path = dir.path().join("v1-m1.scores");
        // A run killed mid-write leaves part of a record.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[1, 2, 3]).unwrap();
        drop(f);
        let c = ScoreCache::open(dir.path(), "m1").unwrap();
        assert_eq!(
            (c.get(&a), c.get(&b), c.len()),
            (Some(-0.5), Some(-2.25), 2)
        );
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 40);
        let other = ScoreCache::open(dir.path(), "m2").unwrap();
        assert_eq!(other.get(&a), None);
    }
}
