//! Command-line interface: subcommands and flags only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::Context;

/// Sentence-level stance toward the US, China and Russia in news articles.
///
/// geostance splits articles into sentences, works out who speaks in each (the author,
/// or a quoted person or body and the country they speak for), finds mentions of the
/// US, China and Russia, and classifies the stance toward each mentioned power
/// (supportive, critical, balancing, neutral) with a zero-shot NLI model shipped in
/// models/. Results aggregate per country, article and speaker.
#[derive(Debug, Parser)]
#[command(name = "geostance", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify articles and write sentences.jsonl, summary.json, summary.csv, report.md.
    ///
    /// Inputs are files, folders (read recursively), .jsonl files with one
    /// {"id", "text", "date"?} object per line (date YYYY-MM-DD, optional), or - for
    /// stdin. Without a date field the dateline is read from the article's first lines.
    /// A bad input is reported and skipped; the exit code is then 1.
    Run(RunArgs),
    /// Split articles into sentence units and print them as JSON lines (no model needed).
    Segment(SegmentArgs),
    /// Compare predictions with hand labels: segmentation, boilerplate, mentions,
    /// speakers and stance (per-label report, macro-F1, confusion matrices).
    Eval(EvalArgs),
    /// Learn a calibration head from hand labels (for --calibration on run and eval);
    /// --cv reports leave-one-article-out macro-F1 first.
    Fit(FitArgs),
    /// Rank the classified units whose hand labels would help `fit` most (active
    /// learning) and write the top N as hand-label records with the predicted labels
    /// pre-filled: correct them, then `fit --add-corpus ... --add-labels` with them.
    Suggest(SuggestArgs),
    /// Merge shard runs (their summary.json and the sentences.jsonl beside each) into
    /// the outputs one run over all their articles writes; refuses shards made with
    /// another model, label data or calibration.
    Merge(MergeArgs),
}

/// Scoring rules used when no --calibration is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scoring {
    /// The head shipped in labels/calibration.json, fitted by `geostance fit` on the
    /// project's own hand-labelled example articles (never on the data being classified).
    Shipped,
    /// Centre each hypothesis over the batch of articles (label-free).
    Centered,
    /// Raw template means.
    Plain,
}

/// Inference backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// ONNX Runtime on the CPU: model.rows8.onnx, model.onnx or model.int8.onnx (--precision).
    Onnx,
    /// rust-bert on libtorch: model.safetensors of a BERT, DistilBERT, RoBERTa, DeBERTa or
    /// BART folder, on the CPU or a GPU; needs a build with `--features torch`.
    Torch,
}

/// The ONNX file to run (`--precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrecisionArg {
    /// model.rows8.onnx: int8 weights, one activation scale per token row. About 1.7x
    /// fp32 on a CPU with AVX-512 VNNI; a sentence scores the same whatever it is batched
    /// with; 99% of NLI decisions as fp32 (NOTES.md, issue 16).
    Int8Rows,
    /// model.onnx: the fp32 export, the reference.
    Fp32,
    /// model.int8.onnx: ONNX Runtime's dynamic int8, the fastest, but its activation scales
    /// are set per batch, so a sentence's scores move slightly (probabilities by up to
    /// ~0.1) with the sentences batched beside it.
    Int8Dynamic,
}

impl From<PrecisionArg> for crate::nli::Precision {
    fn from(p: PrecisionArg) -> Self {
        match p {
            PrecisionArg::Int8Rows => crate::nli::Precision::Int8Rows,
            PrecisionArg::Fp32 => crate::nli::Precision::Fp32,
            PrecisionArg::Int8Dynamic => crate::nli::Precision::Int8Dynamic,
        }
    }
}

impl ModelArgs {
    /// The precision asked for: `--precision`, or `--int8`, or none.
    pub fn precision_asked(&self) -> Option<crate::nli::Precision> {
        match (self.precision, self.int8) {
            (Some(p), _) => Some(p.into()),
            (None, true) => Some(crate::nli::Precision::Int8Dynamic),
            (None, false) => None,
        }
    }
}

/// Flags that choose and tune the model.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Inference backend. `onnx` (ONNX Runtime) is always built in; `torch` (rust-bert on
    /// libtorch, see `make setup-torch`) gives the same scores and runs Hugging Face folders
    /// (model.safetensors) without an ONNX export.
    #[arg(long, value_enum, default_value_t = Backend::Onnx, env = "GEOSTANCE_BACKEND")]
    pub backend: Backend,
    /// Where the torch backend runs: cpu, cuda (GPU 0), cuda:N, or auto (a GPU if libtorch
    /// sees one). The onnx backend runs on the CPU only (`auto` is the CPU there).
    #[arg(long, default_value = "cpu", value_name = "DEVICE")]
    pub device: crate::nli::DeviceChoice,
    /// Model folder (config.json, tokenizer.json, and model.rows8.onnx / model.onnx /
    /// model.int8.onnx for the onnx backend or model.safetensors for the torch backend)
    /// [default: models/minilm-stance].
    #[arg(long, env = "GEOSTANCE_MODEL", value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Which ONNX file the onnx backend runs [default: int8-rows where the model folder has
    /// model.rows8.onnx, else fp32]. The torch backend computes in fp32 only.
    #[arg(long, value_enum, value_name = "P")]
    pub precision: Option<PrecisionArg>,
    /// The same as `--precision int8-dynamic` (kept for scripts written before --precision).
    #[arg(long, hide = true, conflicts_with = "precision")]
    pub int8: bool,
    /// The ONNX Runtime library [default: .cache/onnxruntime/libonnxruntime.so.* from `make setup`].
    #[arg(long, env = "GEOSTANCE_ORT_LIB", value_name = "PATH")]
    pub ort_lib: Option<PathBuf>,
    /// Threads for the rule stages and inside the model backend (ONNX Runtime or libtorch) [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// (premise, hypothesis) pairs per model call.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub batch_size: usize,
    /// Articles analysed together: their pairs are pooled into model batches,
    /// `--scoring centered` centres over them, and `run` journals each finished chunk
    /// before the next starts (what `--resume` picks up). Smaller saves memory, larger
    /// fills batches better.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub chunk_articles: usize,
    /// What the model sees as the premise.
    #[arg(long, value_enum, default_value_t = Context::Sentence)]
    pub context: Context,
    /// How label scores are formed when no --calibration is given: `shipped` applies the
    /// head in labels/calibration.json (fitted on our own labelled sentences; with
    /// --label-dir, that folder's calibration.json), `centered` subtracts each
    /// hypothesis's mean over the articles being classified (label-free), `plain` uses
    /// the raw template means.
    #[arg(long, value_enum, default_value_t = Scoring::Shipped)]
    pub scoring: Scoring,
    /// A calibration head written by `geostance fit`.
    #[arg(long, value_name = "FILE")]
    pub calibration: Option<PathBuf>,
    /// Keep the model's score of every (sentence, hypothesis) pair in this folder and reuse
    /// it in later runs with the same model file, backend and token limit (one file per
    /// model, `v1-<model id>.scores`; safe to delete; a killed run keeps what it scored).
    #[arg(long, env = "GEOSTANCE_CACHE", value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

/// Flags shared by commands that read label data.
#[derive(Debug, Clone, Args)]
pub struct LabelArgs {
    /// Folder with stance.toml, targets.toml, speakers.toml, boilerplate.toml [default: built-in copies of labels/].
    #[arg(long = "label-dir", value_name = "DIR")]
    pub label_dir: Option<PathBuf>,
    /// Skip articles larger than this many bytes.
    #[arg(long, default_value_t = crate::corpus::DEFAULT_MAX_BYTES, value_name = "BYTES")]
    pub max_bytes: u64,
}

/// `geostance run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Files, folders, .jsonl files, or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// No progress bar or summary on stderr (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// Also write each classified target's raw features (entailment log-probability of
    /// every hypothesis) and each unit's cue-word counts (labels/lexicon.toml) into
    /// sentences.jsonl, for analysis and external calibration.
    #[arg(long)]
    pub with_features: bool,
    /// Also write the distinct (premise, hypothesis) pairs sent to the model, in the order
    /// sent, one JSON object per line ({"premise", "hypothesis"}): the exact work of the
    /// model, to time it alone (scripts/bench-side-by-side.sh).
    #[arg(long, value_name = "FILE")]
    pub pairs_out: Option<PathBuf>,
    /// Continue an interrupted run into the same --out folder: articles a killed run
    /// finished (recorded in OUT/.geostance-journal.jsonl, keyed by the article's id and
    /// text, the binary, the model, the label data and the scoring flags) are not
    /// classified again, and the outputs are the bytes an uninterrupted run writes.
    /// Without it a run starts afresh.
    #[arg(long, conflicts_with = "pairs_out")]
    pub resume: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub labels: LabelArgs,
}

/// `geostance segment`.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Files, folders, .jsonl files, or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub labels: LabelArgs,
}

/// A labelled corpus and the shared flags of the commands that score against it.
#[derive(Debug, Args)]
pub struct LabelledArgs {
    /// Folder of the labelled articles.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// Hand labels (JSONL, the format of labels/GUIDELINES).
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub label_data: LabelArgs,
}

/// `geostance eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub corpus: LabelledArgs,
    /// Score this prediction file instead of running the pipeline.
    #[arg(long, value_name = "FILE")]
    pub pred: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write predictions, the report (eval.json, eval.txt) and charts
    /// (confusion.svg, per_target.svg) here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `geostance fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub corpus: LabelledArgs,
    /// Where to write the calibration (JSON).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Report leave-one-article-out cross-validated stance figures before fitting on all.
    #[arg(long)]
    pub cv: bool,
    /// L2 penalty on the head's weights (larger: simpler head, smaller: closer fit).
    #[arg(long, default_value_t = 0.03, value_name = "F")]
    pub l2: f32,
    /// Leave out the cue-word counts of lexicon.toml (NLI scores and speaker cues only).
    #[arg(long)]
    pub no_cue_words: bool,
    /// Use the target, speaker and cue-word inputs unscaled (as earlier heads did);
    /// by default they are standardised over the labelled mentions, like the NLI scores.
    #[arg(long)]
    pub no_standardise: bool,
    /// Also learn from whether the unit has double quotation marks (a direct quote or
    /// scare quotes, which voice a view more often than the author's plain report).
    /// Off by default: it helps within the seed articles but not across corpora
    /// (NOTES.md, fifth session).
    #[arg(long)]
    pub quotes: bool,
    /// A second folder of labelled articles whose mentions are added to the training set
    /// (for example the project's own `examples/articles`): with `--cv` they join every
    /// fold's training set and are never scored. Needs `--add-labels`.
    #[arg(long, value_name = "DIR", requires = "add_labels")]
    pub add_corpus: Option<PathBuf>,
    /// Hand labels (JSONL) of `--add-corpus`.
    #[arg(long, value_name = "FILE", requires = "add_corpus")]
    pub add_labels: Option<PathBuf>,
    /// With --cv: each fold trains only on the labelled units listed in FILE (JSONL
    /// records with `doc` and `i` of a run's sentences.jsonl, such as `suggest --out`),
    /// plus --add-corpus, and is scored on all labels of its held-out article: what
    /// labelling just those units would bring.
    #[arg(long, value_name = "FILE", requires = "cv")]
    pub cv_pool: Option<PathBuf>,
}

/// `geostance suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Articles to classify and rank (files, folders, .jsonl files, or - for stdin);
    /// not needed with --from.
    #[arg(value_name = "INPUT", required_unless_present = "from")]
    pub inputs: Vec<PathBuf>,
    /// Rank the records of an earlier `run --with-features` (its sentences.jsonl) instead
    /// of classifying.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    pub from: Option<PathBuf>,
    /// Where to write the suggested units (JSONL, the hand-label format).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// How many units to suggest.
    #[arg(short = 'n', long = "count", default_value_t = 50, value_name = "N")]
    pub count: usize,
    /// Hand labels you already have (JSONL): their units (same article id and text) are
    /// not suggested again.
    #[arg(long, value_name = "FILE")]
    pub exclude: Vec<PathBuf>,
    /// No progress bar or summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub labels: LabelArgs,
}

/// `geostance merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' summary.json files (each with its sentences.jsonl beside it).
    #[arg(value_name = "SUMMARY_JSON", required = true)]
    pub summaries: Vec<PathBuf>,
    /// Output folder: the five outputs of a run.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// No summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}
