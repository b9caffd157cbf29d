//! The ONNX Runtime backend: a tokenizer.json + ONNX export of a sequence classifier.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;
use tokenizers::Tokenizer;

use super::encode::{encode, load_tokenizer, Encoded};
use super::{infer_err, model_err, read_labels, NliLabels, NliModel, Pair};
use crate::error::Result;

/// How to load an ONNX model.
#[derive(Debug, Clone)]
pub struct OnnxOptions {
    /// The ONNX file inside the model folder (`model.onnx`, or `model.int8.onnx`).
    pub file: PathBuf,
    /// ONNX Runtime threads inside one inference call.
    pub intra_threads: usize,
    /// Sessions that may run at once (each uses `intra_threads`).
    pub sessions: usize,
    /// Pairs longer than this many tokens are truncated (longest side first).
    pub max_len: usize,
}

/// A sequence-classification NLI model run by ONNX Runtime.
pub struct OnnxNli {
    sessions: Vec<Mutex<Session>>,
    next: AtomicUsize,
    tokenizer: Tokenizer,
    labels: NliLabels,
    inputs: Vec<String>,
    path: PathBuf,
    sha256: Option<String>,
    max_len: usize,
}

impl OnnxNli {
    /// Load the tokenizer, config and ONNX file from `dir`; the runtime must be initialised.
    pub fn load(dir: &Path, opts: &OnnxOptions) -> Result<OnnxNli> {
        if !dir.is_dir() {
            return Err(model_err(dir, "no such model folder; pass --model DIR (a folder with config.json, tokenizer.json and an .onnx file)"));
        }
        let labels = read_labels(dir)?;
        let tokenizer = load_tokenizer(dir, opts.max_len)?;
        let file = dir.join(&opts.file);
        if !file.is_file() {
            return Err(model_err(
                &file,
                "missing ONNX file; check --model (and --int8, which wants model.int8.onnx)",
            ));
        }
        let sha256 = super::check_files(
            dir,
            &[&file, &dir.join("tokenizer.json"), &dir.join("config.json")],
        )?
        .swap_remove(0);
        let env = super::runtime::environment()?;
        let mut sessions = Vec::new();
        for _ in 0..opts.sessions.max(1) {
            let session = Session::builder(env)
                .map_err(|e| model_err(&file, e))?
                .with_optimization_level(GraphOptimizationLevel::Level3)
                .map_err(|e| model_err(&file, e))?
                .with_intra_threads(opts.intra_threads.max(1))
                .map_err(|e| model_err(&file, e))?
                .commit_from_file(&file)
                .map_err(|e| model_err(&file, e))?;
            sessions.push(Mutex::new(session));
        }
        let inputs = {
            let s = sessions[0]
                .lock()
                .map_err(|_| model_err(&file, "session lock poisoned"))?;
            s.inputs().iter().map(|o| o.name().to_string()).collect()
        };
        Ok(OnnxNli {
            sessions,
            next: AtomicUsize::new(0),
            tokenizer,
            labels,
            inputs,
            path: file,
            sha256,
            max_len: opts.max_len,
        })
    }
}

impl NliModel for OnnxNli {
    fn logits(&self, pairs: &[Pair<'_>]) -> Result<Vec<Vec<f32>>> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let Encoded {
            width,
            ids,
            mask,
            types,
        } = encode(&self.tokenizer, pairs)?;
        let (mut ids, mut mask, mut types) = (Some(ids), Some(mask), Some(types));
        let shape = [pairs.len(), width];
        let mut feed: Vec<(String, ort::value::DynValue)> = Vec::new();
        for name in &self.inputs {
            let slot = match name.as_str() {
                "input_ids" => &mut ids,
                "attention_mask" => &mut mask,
                "token_type_ids" => &mut types,
                other => return Err(infer_err(format!("model input {other:?} is not supported"))),
            };
            let data = slot
                .take()
                .ok_or_else(|| infer_err(format!("model input {name:?} is declared twice")))?;
            let t = Tensor::from_array((shape, data)).map_err(infer_err)?;
            feed.push((name.clone(), t.into_dyn()));
        }
        let k = self.next.fetch_add(1, Ordering::Relaxed) % self.sessions.len();
        let mut session = self.sessions[k]
            .lock()
            .map_err(|_| infer_err("session lock poisoned"))?;
        let outputs = session.run(feed).map_err(infer_err)?;
        let (out_shape, data) = outputs[0].try_extract_tensor::<f32>().map_err(infer_err)?;
        let cols = out_shape.last().copied().unwrap_or(0) as usize;
        if cols != self.labels.n || data.len() != pairs.len() * cols {
            return Err(infer_err(format!(
                "model returned shape {out_shape:?}, expected [{}, {}]",
                pairs.len(),
                self.labels.n
            )));
        }
        Ok(data.chunks(cols).map(<[f32]>::to_vec).collect())
    }

    fn labels(&self) -> NliLabels {
        self.labels
    }

    fn describe(&self) -> String {
        format!("onnx:{}", self.path.display())
    }

    fn identity(&self) -> Result<String> {
        crate::cache::model_id("onnx", &self.path, self.sha256.as_deref(), self.max_len)
    }
}
