//! The library's one error type: each variant says what failed and where.

use std::path::PathBuf;

/// Everything the library can fail with; variants carry the path, line or key at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An input is not valid UTF-8.
    #[error("{name}: not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 {
        /// Input name (path, or JSONL path and line).
        name: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// An input holds no text.
    #[error("{name}: empty input (no text to classify)")]
    Empty {
        /// Input name.
        name: String,
    },
    /// An input is larger than the configured limit.
    #[error("{name}: {size} bytes is over the limit of {limit} bytes per article")]
    TooLarge {
        /// Input name.
        name: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A JSONL line could not be parsed.
    #[error("{path}:{line}: {msg}")]
    Jsonl {
        /// The JSONL file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        msg: String,
    },
    /// Two inputs give the same article id (outputs are keyed by id).
    #[error("{id}: a second article with this id; the first one is kept")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// A value could not be written as JSON.
    #[error("{path}: cannot write JSON: {source}")]
    Json {
        /// The file it was for.
        path: PathBuf,
        /// The serialiser's error.
        #[source]
        source: serde_json::Error,
    },
    /// A folder reached again through a link (a loop, or two links to one folder).
    #[error("{path}: the same folder as {first}, already read (a folder link loop?); skipped")]
    FolderSeen {
        /// The path the folder was reached by again.
        path: PathBuf,
        /// The path it was first read by.
        first: PathBuf,
    },
    /// A labels/*.toml file is malformed or fails validation.
    #[error("{path}: {msg}")]
    Labels {
        /// The TOML file.
        path: PathBuf,
        /// What is wrong, with the key where known.
        msg: String,
    },
    /// The model folder is missing a file or holds an unusable one.
    #[error("model {path}: {msg}")]
    Model {
        /// The model folder or file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        msg: String,
    },
    /// The ONNX Runtime shared library could not be found or loaded.
    #[error("ONNX Runtime library: {msg}")]
    Runtime {
        /// What is wrong and how to fix it.
        msg: String,
    },
    /// Inference failed inside a backend.
    #[error("inference failed: {msg}")]
    Inference {
        /// The backend's message.
        msg: String,
    },
    /// A calibration file is malformed or does not fit the labels in use.
    #[error("calibration {path}: {msg}")]
    Calibration {
        /// The calibration file.
        path: PathBuf,
        /// What is wrong.
        msg: String,
    },
    /// Hand labels and predictions cannot be compared.
    #[error("evaluation: {msg}")]
    Eval {
        /// What is wrong.
        msg: String,
    },
    /// Shard outputs that cannot be merged.
    #[error("merge: {msg}")]
    Merge {
        /// What differs or is missing.
        msg: String,
    },
    /// A sentence record lacks what a command needs.
    #[error("{doc} unit {unit}: {msg}")]
    Record {
        /// Article id.
        doc: String,
        /// Unit index in the article.
        unit: usize,
        /// What is missing.
        msg: String,
    },
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An `Io` error for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
