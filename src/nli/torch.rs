//! The libtorch backend (`--features torch`): rust-bert's sequence-classification
//! networks on tch, loaded from a Hugging Face model folder (`config.json`,
//! `tokenizer.json`, `model.safetensors`), no ONNX export needed.
//!
//! rust-bert's own zero-shot pipeline assumes the last logit is entailment and panics on
//! a config field it lacks; this backend drives the classifiers itself instead: the
//! config is parsed with errors, the entailment column comes from `id2label`, tokens
//! come from the same `tokenizer.json` code as the ONNX backend, and a panic inside
//! libtorch becomes an error.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;

use rust_bert::bart::{BartConfig, BartForSequenceClassification};
use rust_bert::bert::{BertConfig, BertForSequenceClassification};
use rust_bert::deberta::{DebertaConfig, DebertaForSequenceClassification};
use rust_bert::deberta_v2::{DebertaV2Config, DebertaV2ForSequenceClassification};
use rust_bert::distilbert::{DistilBertConfig, DistilBertModelClassifier};
use rust_bert::roberta::RobertaForSequenceClassification;
use serde::de::DeserializeOwned;
use tch::{nn, Device, Kind, Tensor};
use tokenizers::Tokenizer;

use super::encode::{encode, load_tokenizer, Encoded};
use super::{infer_err, model_err, read_labels, DeviceChoice, NliLabels, NliModel, Pair};
use crate::error::{Error, Result};

/// `model_type` values this backend runs (rust-bert's sequence classifiers).
pub const SUPPORTED: &[&str] = &[
    "bert",
    "distilbert",
    "roberta",
    "xlm-roberta",
    "deberta",
    "deberta-v2",
    "bart",
];

/// Weight files tried in order: Hugging Face safetensors, then rust-bert's `.ot`.
pub const WEIGHT_FILES: &[&str] = &["model.safetensors", "rust_model.ot"];

/// MKL, linked statically into the PyPI libtorch, runs its generic sgemm kernels on CPUs
/// it does not take for Intel's (on this AMD EPYC 79% of the torch backend's time was
/// `mkl_blas_def_sgemm_kernel_0_zen`). Answering its "is this an Intel CPU" query with
/// yes lets it dispatch on the CPU's real features (AVX2, FMA) instead: the torch
/// backend ran the example articles in 9.2 s instead of 13.8 s, with the same scores.
/// `build.rs` exports this symbol from every binary, test and bench so that it takes
/// precedence over MKL's own; `TorchNli::load` names it so the linker keeps it.
#[no_mangle]
pub extern "C" fn mkl_serv_intel_cpu_true() -> std::os::raw::c_int {
    1
}

/// How to load a model on libtorch.
#[derive(Debug, Clone)]
pub struct TorchOptions {
    /// Where to run.
    pub device: DeviceChoice,
    /// libtorch's intra-op threads (CPU).
    pub threads: usize,
    /// Pairs longer than this many tokens are truncated (longest side first).
    pub max_len: usize,
}

/// One of rust-bert's sequence classifiers (boxed: their sizes differ a lot).
enum Network {
    Bert(Box<BertForSequenceClassification>),
    DistilBert(Box<DistilBertModelClassifier>),
    Roberta(Box<RobertaForSequenceClassification>),
    Deberta(Box<DebertaForSequenceClassification>),
    DebertaV2(Box<DebertaV2ForSequenceClassification>),
    Bart(Box<BartForSequenceClassification>),
}

/// The inputs a network takes, on its device.
struct Inputs {
    ids: Tensor,
    mask: Tensor,
    types: Option<Tensor>,
}

impl Network {
    fn forward(&self, x: &Inputs) -> std::result::Result<Tensor, String> {
        let (ids, mask, types) = (Some(&x.ids), Some(&x.mask), x.types.as_ref());
        Ok(match self {
            Network::Bert(m) => m.forward_t(ids, mask, types, None, None, false).logits,
            Network::Roberta(m) => m.forward_t(ids, mask, types, None, None, false).logits,
            Network::DistilBert(m) => {
                m.forward_t(ids, mask, None, false)
                    .map_err(|e| e.to_string())?
                    .logits
            }
            Network::Deberta(m) => {
                m.forward_t(ids, mask, types, None, None, false)
                    .map_err(|e| e.to_string())?
                    .logits
            }
            Network::DebertaV2(m) => {
                m.forward_t(ids, mask, types, None, None, false)
                    .map_err(|e| e.to_string())?
                    .logits
            }
            Network::Bart(m) => {
                m.forward_t(&x.ids, mask, None, None, None, false)
                    .decoder_output
            }
        })
    }
}

/// A sequence-classification NLI model run by libtorch through rust-bert.
pub struct TorchNli {
    network: Mutex<Network>,
    _vars: nn::VarStore,
    tokenizer: Tokenizer,
    labels: NliLabels,
    device: Device,
    token_types: bool,
    describe: String,
    weights: std::path::PathBuf,
    sha256: Option<String>,
    max_len: usize,
}

/// The text of a panic payload.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_string()))
        .unwrap_or_else(|| "libtorch failed".into())
}

/// Run `f`, turning a panic (libtorch reports errors that way through tch) into an error.
fn guarded<T>(
    f: impl FnOnce() -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(panic_text(p.as_ref())))
}

/// Parse `config.json` into rust-bert's config type for the architecture.
fn config<T: DeserializeOwned>(path: &Path, value: &serde_json::Value) -> Result<T> {
    serde_json::from_value(value.clone()).map_err(|e| {
        model_err(
            path,
            format!("config.json lacks what rust-bert needs for this architecture: {e}"),
        )
    })
}

/// Parse the config for one architecture and build its classifier with `new`; a config
/// rust-bert rejects, or a panic inside it, is an error about `path`.
fn build<C: DeserializeOwned, M>(
    path: &Path,
    value: &serde_json::Value,
    new: impl FnOnce(&C) -> std::result::Result<M, rust_bert::RustBertError>,
    wrap: fn(Box<M>) -> Network,
) -> Result<Network> {
    let c: C = config(path, value)?;
    guarded(|| {
        new(&c)
            .map(|m| wrap(Box::new(m)))
            .map_err(|e| e.to_string())
    })
    .map_err(|e| model_err(path, e))
}

/// The device to use, checked against what libtorch can see.
fn pick_device(choice: DeviceChoice) -> Result<Device> {
    let gpus = tch::Cuda::device_count().max(0) as usize;
    match choice {
        DeviceChoice::Cpu => Ok(Device::Cpu),
        DeviceChoice::Auto => Ok(if gpus > 0 { Device::Cuda(0) } else { Device::Cpu }),
        DeviceChoice::Cuda(n) if n < gpus => Ok(Device::Cuda(n)),
        DeviceChoice::Cuda(n) => Err(Error::Runtime {
            msg: format!(
                "--device cuda:{n} asked for, but libtorch sees {gpus} CUDA device(s); the libtorch \
                 that scripts/setup-torch.sh lays out is CPU-only: point LIBTORCH at a CUDA build of \
                 libtorch 2.4.0 and rebuild, or use --device cpu"
            ),
        }),
    }
}

/// The folder's config.json and its `model_type`, which must be one rust-bert runs.
fn read_config(cfg_path: &Path) -> Result<(String, serde_json::Value)> {
    let src = std::fs::read_to_string(cfg_path).map_err(|e| model_err(cfg_path, e))?;
    let value: serde_json::Value =
        serde_json::from_str(&src).map_err(|e| model_err(cfg_path, e))?;
    let model_type = value
        .get("model_type")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    if !SUPPORTED.contains(&model_type.as_str()) {
        return Err(model_err(
            cfg_path,
            format!(
                "model_type {model_type:?} has no rust-bert sequence classifier, so the torch \
                 backend cannot run it; it runs {} (BERT, DistilBERT, RoBERTa, DeBERTa v1/v2/v3, \
                 BART folders). Use --backend onnx for this model.",
                SUPPORTED.join(", ")
            ),
        ));
    }
    Ok((model_type, value))
}

/// The weights file of a model folder: the first of WEIGHT_FILES present.
fn weights_file(dir: &Path) -> Result<std::path::PathBuf> {
    WEIGHT_FILES
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            model_err(
                dir,
                format!(
                    "no weights: the torch backend wants one of {}",
                    WEIGHT_FILES.join(", ")
                ),
            )
        })
}

/// The rust-bert network for a supported `model_type`, its variables under `root`.
fn build_network(
    model_type: &str,
    root: &nn::Path<'_>,
    p: &Path,
    v: &serde_json::Value,
) -> Result<Network> {
    Ok(match model_type {
        "bert" => build(
            p,
            v,
            |c: &BertConfig| BertForSequenceClassification::new(root, c),
            Network::Bert,
        )?,
        "roberta" | "xlm-roberta" => build(
            p,
            v,
            |c: &BertConfig| RobertaForSequenceClassification::new(root, c),
            Network::Roberta,
        )?,
        "distilbert" => build(
            p,
            v,
            |c: &DistilBertConfig| DistilBertModelClassifier::new(root, c),
            Network::DistilBert,
        )?,
        "deberta" => build(
            p,
            v,
            |c: &DebertaConfig| DebertaForSequenceClassification::new(root, c),
            Network::Deberta,
        )?,
        "deberta-v2" => build(
            p,
            v,
            |c: &DebertaV2Config| DebertaV2ForSequenceClassification::new(root, c),
            Network::DebertaV2,
        )?,
        _ => build(
            p,
            v,
            |c: &BartConfig| BartForSequenceClassification::new(root, c),
            Network::Bart,
        )?,
    })
}

impl TorchNli {
    /// Load config, tokenizer and weights from the model folder `dir`.
    pub fn load(dir: &Path, opts: &TorchOptions) -> Result<TorchNli> {
        if !dir.is_dir() {
            return Err(model_err(dir, "no such model folder; pass --model DIR (a Hugging Face folder with config.json, tokenizer.json and model.safetensors)"));
        }
        let cfg_path = dir.join("config.json");
        let labels = read_labels(dir)?;
        let (model_type, value) = read_config(&cfg_path)?;
        let weights = weights_file(dir)?;
        let sha256 = super::check_files(dir, &[&weights, &dir.join("tokenizer.json"), &cfg_path])?
            .swap_remove(0);
        let tokenizer = load_tokenizer(dir, opts.max_len)?;
        std::hint::black_box(mkl_serv_intel_cpu_true as extern "C" fn() -> std::os::raw::c_int);
        let device = pick_device(opts.device)?;
        if device == Device::Cpu {
            tch::set_num_threads(opts.threads.max(1) as i32);
        }
        let type_vocab = value
            .get("type_vocab_size")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0);
        let mut vars = nn::VarStore::new(device);
        let network = build_network(&model_type, &vars.root(), &cfg_path, &value)?;
        vars.load(&weights).map_err(|e| model_err(&weights, e))?;
        // Weights take the file's dtype on load (fp16 for the shipped folder); compute in fp32.
        vars.float();
        let describe = format!("torch:{} ({model_type}, {device:?})", weights.display());
        let net = TorchNli {
            network: Mutex::new(network),
            _vars: vars,
            tokenizer,
            labels,
            device,
            token_types: type_vocab >= 2,
            describe,
            weights: weights.clone(),
            sha256,
            max_len: opts.max_len,
        };
        // Catch a head whose width disagrees with id2label now, not mid-run.
        let probe = net.logits(&[Pair {
            premise: "A test.",
            hypothesis: "A test.",
        }]);
        probe.map_err(|e| model_err(&weights, e))?;
        Ok(net)
    }

    fn to_tensor(&self, data: Vec<i64>, rows: usize, width: usize) -> Tensor {
        Tensor::from_slice(&data)
            .view([rows as i64, width as i64])
            .to_device(self.device)
    }
}

impl NliModel for TorchNli {
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
        let rows = pairs.len();
        let network = self
            .network
            .lock()
            .map_err(|_| infer_err("model lock poisoned"))?;
        let n = self.labels.n;
        let flat: Vec<f32> = guarded(|| {
            let inputs = Inputs {
                ids: self.to_tensor(ids, rows, width),
                mask: self.to_tensor(mask, rows, width),
                types: self
                    .token_types
                    .then(|| self.to_tensor(types, rows, width)),
            };
            let logits = tch::no_grad(|| network.forward(&inputs))?;
            let size = logits.size();
            if size != [rows as i64, n as i64] {
                return Err(format!(
                    "model returned shape {size:?}, expected [{rows}, {n}] (id2label has {n} labels)"
                ));
            }
            let logits = logits
                .to_kind(Kind::Float)
                .to_device(Device::Cpu)
                .contiguous()
                .view([-1]);
            Vec::<f32>::try_from(&logits).map_err(|e| e.to_string())
        })
        .map_err(infer_err)?;
        Ok(flat.chunks(n).map(<[f32]>::to_vec).collect())
    }

    fn labels(&self) -> NliLabels {
        self.labels
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn identity(&self) -> Result<String> {
        let backend = format!("torch {:?}", self.device);
        crate::cache::model_id(
            &backend,
            &self.weights,
            self.sha256.as_deref(),
            self.max_len,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_architecture_is_an_error_that_names_the_working_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"model_type": "mpnet", "id2label": {"0": "entailment", "1": "neutral", "2": "contradiction"}}"#,
        )
        .unwrap();
        let opts = TorchOptions {
            device: DeviceChoice::Cpu,
            threads: 1,
            max_len: 64,
        };
        let e = TorchNli::load(dir.path(), &opts).err().unwrap().to_string();
        assert!(
            e.contains("mpnet") && e.contains("deberta-v2") && e.contains("--backend onnx"),
            "{e}"
        );
    }

    #[test]
    fn config_missing_a_field_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"model_type": "bert", "id2label": {"0": "entailment", "1": "neutral", "2": "contradiction"}}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("model.safetensors"), b"").unwrap();
        let shipped = crate::nli::default_model_dir().join("tokenizer.json");
        std::fs::copy(shipped, dir.path().join("tokenizer.json")).unwrap();
        let opts = TorchOptions {
            device: DeviceChoice::Cpu,
            threads: 1,
            max_len: 64,
        };
        let e = TorchNli::load(dir.path(), &opts).err().unwrap().to_string();
        assert!(e.contains("lacks what rust-bert needs"), "{e}");
    }
}
