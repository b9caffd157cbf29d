//! NLI: the zero-shot classifier's model behind one trait, one file per backend.
//!
//! A model takes (premise, hypothesis) pairs and returns one row of logits per pair, in
//! the order of its `config.json` `id2label`; `NliLabels` says which column is
//! entailment and which contradiction, read from the config, never assumed.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

pub mod encode;
pub mod onnx;
pub mod runtime;
#[cfg(feature = "torch")]
pub mod torch;

/// Which logit column is which, from the model's `config.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NliLabels {
    /// Number of logit columns.
    pub n: usize,
    /// Column of `entailment`.
    pub entailment: usize,
    /// Column of `contradiction`.
    pub contradiction: usize,
}

/// A (premise, hypothesis) pair to score.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    /// The text being classified.
    pub premise: &'a str,
    /// The label statement.
    pub hypothesis: &'a str,
}

/// A natural-language-inference model: pairs in, logits out.
pub trait NliModel: Send + Sync {
    /// Logits for each pair, one row of `labels().n` values per pair, in input order.
    fn logits(&self, pairs: &[Pair<'_>]) -> Result<Vec<Vec<f32>>>;
    /// Which column is entailment and which contradiction.
    fn labels(&self) -> NliLabels;
    /// A short description for logs and reports.
    fn describe(&self) -> String;
    /// What identifies this model's scores for the score cache (`cache::model_id`): the
    /// backend and device, the weights file's sha256 and the token limit.
    fn identity(&self) -> Result<String>;
}

/// Where a backend runs the network (the ONNX backend: the CPU only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceChoice {
    /// The CPU.
    Cpu,
    /// CUDA device N.
    Cuda(usize),
    /// CUDA device 0 if libtorch sees one, else the CPU.
    Auto,
}

impl std::str::FromStr for DeviceChoice {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "cpu" => Ok(DeviceChoice::Cpu),
            "cuda" | "gpu" => Ok(DeviceChoice::Cuda(0)),
            "auto" => Ok(DeviceChoice::Auto),
            _ => s
                .strip_prefix("cuda:")
                .and_then(|n| n.parse().ok())
                .map(DeviceChoice::Cuda)
                .ok_or_else(|| format!("{s:?} is not a device; use cpu, cuda, cuda:N or auto")),
        }
    }
}

impl std::fmt::Display for DeviceChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeviceChoice::Cpu => write!(f, "cpu"),
            DeviceChoice::Cuda(n) => write!(f, "cuda:{n}"),
            DeviceChoice::Auto => write!(f, "auto"),
        }
    }
}

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    id2label: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    label2id: std::collections::BTreeMap<String, usize>,
}

/// A model folder or file that cannot be used, and why.
pub(crate) fn model_err(path: &Path, msg: impl std::fmt::Display) -> Error {
    Error::Model {
        path: path.to_path_buf(),
        msg: msg.to_string(),
    }
}

/// A failure while running a model.
pub(crate) fn infer_err(msg: impl std::fmt::Display) -> Error {
    Error::Inference {
        msg: msg.to_string(),
    }
}

/// Read the entailment and contradiction columns from a model folder's `config.json`.
pub fn read_labels(dir: &Path) -> Result<NliLabels> {
    let path = dir.join("config.json");
    let src = std::fs::read_to_string(&path).map_err(|e| Error::Model {
        path: path.clone(),
        msg: format!("cannot read config.json: {e}"),
    })?;
    let cfg: ConfigFile = serde_json::from_str(&src).map_err(|e| Error::Model {
        path: path.clone(),
        msg: format!("config.json is not valid JSON: {e}"),
    })?;
    let mut by_name: std::collections::BTreeMap<String, usize> = cfg
        .label2id
        .iter()
        .map(|(k, v)| (k.to_lowercase(), *v))
        .collect();
    for (k, v) in &cfg.id2label {
        let id: usize = k.parse().map_err(|_| Error::Model {
            path: path.clone(),
            msg: format!("id2label key {k:?} is not a number"),
        })?;
        by_name.entry(v.to_lowercase()).or_insert(id);
    }
    let find = |name: &str| {
        by_name.get(name).copied().ok_or_else(|| Error::Model {
            path: path.clone(),
            msg: format!("config.json names no `{name}` label in id2label/label2id"),
        })
    };
    let n = by_name.values().max().map_or(0, |m| m + 1);
    Ok(NliLabels {
        n,
        entailment: find("entailment")?,
        contradiction: find("contradiction")?,
    })
}

/// The name of a model folder's checksum manifest (`sha256sum` format: hex, two spaces,
/// file name; one line per file).
pub const MANIFEST: &str = "SHA256SUMS";

/// Check `files` of model folder `dir` against its `SHA256SUMS`, where the folder has
/// one (the shipped models do; a folder of your own without one is not checked). A file
/// the manifest lists whose bytes differ (truncated, corrupted, replaced) is an error
/// naming the file and the fix. Returns the sha256 of each file that was checked
/// (`None` for a file the manifest does not list, or with no manifest).
pub fn check_files(dir: &Path, files: &[&Path]) -> Result<Vec<Option<String>>> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![None; files.len()]),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let mut sums = std::collections::BTreeMap::new();
    for (k, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (hex, name) = line
            .split_once("  ")
            .filter(|(h, _)| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| model_err(&path, format!("line {}: not `<sha256>  <file>`", k + 1)))?;
        sums.insert(name.trim().to_string(), hex.to_lowercase());
    }
    let mut checked = Vec::with_capacity(files.len());
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(want) = sums.get(&name) else {
            checked.push(None);
            continue;
        };
        let got = crate::cache::file_sha256(file)?;
        if &got != want {
            return Err(model_err(
                file,
                format!(
                    "sha256 {got} does not match {MANIFEST} ({want}): the file is damaged or \
                     was replaced; restore it (`git checkout -- {}` in the geostance checkout, \
                     or copy the model folder again)",
                    file.display()
                ),
            ));
        }
        checked.push(Some(got));
    }
    Ok(checked)
}

/// Which ONNX file of a model folder the onnx backend runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `model.rows8.onnx`: int8 weights and one activation scale per token row
    /// (`models/train/quantize_rows.py`), so a pair scores the same alone or in any batch.
    Int8Rows,
    /// `model.onnx`: the fp32 export.
    Fp32,
    /// `model.int8.onnx`: ONNX Runtime's dynamic int8, one activation scale per batch, so a
    /// pair's scores move slightly with its batch-mates.
    Int8Dynamic,
}

impl Precision {
    /// The file name inside a model folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Precision::Int8Rows => "model.rows8.onnx",
            Precision::Fp32 => "model.onnx",
            Precision::Int8Dynamic => "model.int8.onnx",
        }
    }

    /// What a run uses when no precision is asked for: the per-row int8 file where the
    /// folder has one, else fp32 (a folder exported without `quantize_rows.py`).
    pub fn default_for(dir: &Path) -> Precision {
        if dir.join(Precision::Int8Rows.file_name()).is_file() {
            Precision::Int8Rows
        } else {
            Precision::Fp32
        }
    }
}

/// Where a model folder's ONNX file of `precision` is.
pub fn onnx_file(dir: &Path, precision: Precision) -> PathBuf {
    dir.join(precision.file_name())
}

/// The default model folder: `models/minilm-stance` of the checkout the binary was built in,
/// or next to the executable.
pub fn default_model_dir() -> PathBuf {
    runtime::project_path("models/minilm-stance")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_parse() {
        assert_eq!("cpu".parse(), Ok(DeviceChoice::Cpu));
        assert_eq!("cuda".parse(), Ok(DeviceChoice::Cuda(0)));
        assert_eq!("cuda:1".parse(), Ok(DeviceChoice::Cuda(1)));
        assert_eq!("auto".parse(), Ok(DeviceChoice::Auto));
        assert!("tpu".parse::<DeviceChoice>().is_err());
    }

    #[test]
    fn labels_come_from_config() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = r#"{"id2label": {"0": "ENTAILMENT", "1": "neutral", "2": "contradiction"}}"#;
        std::fs::write(dir.path().join("config.json"), cfg).unwrap();
        let l = read_labels(dir.path()).unwrap();
        assert_eq!((l.n, l.entailment, l.contradiction), (3, 0, 2));
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"id2label": {"0": "yes"}}"#,
        )
        .unwrap();
        let e = read_labels(dir.path()).unwrap_err().to_string();
        assert!(e.contains("entailment"), "{e}");
    }
}
