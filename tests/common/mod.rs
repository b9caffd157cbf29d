//! Helpers shared by the integration tests that need the shipped model.

use std::path::Path;

use geostance::nli;
use geostance::nli::onnx::{OnnxNli, OnnxOptions};

/// The shipped model through ONNX Runtime at `precision`, 2 threads (`make setup` first).
pub fn onnx(precision: nli::Precision) -> OnnxNli {
    let lib = nli::runtime::find_library(None).expect("run `make setup` first");
    nli::runtime::init(&lib).expect("runtime loads");
    let opts = OnnxOptions {
        file: nli::onnx_file(Path::new(""), precision),
        intra_threads: 2,
        sessions: 1,
        max_len: 256,
    };
    OnnxNli::load(&nli::default_model_dir(), &opts).expect("shipped ONNX model loads")
}
