//! Finding and loading the ONNX Runtime shared library (`ort` with `load-dynamic`).
//!
//! Search order: an explicit path (`--ort-lib` or `GEOSTANCE_ORT_LIB`), then the
//! project's cache `.cache/onnxruntime/` that `make setup` fills from the PyPI
//! `onnxruntime` wheel. A missing or unusable library is an error that names the fix.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// Folder, relative to the project root, where set-up caches the library.
pub const CACHE_DIR: &str = ".cache/onnxruntime";

static ENV: OnceLock<std::result::Result<ort::environment::Environment, String>> = OnceLock::new();

/// `rel` under the project root: the checkout the binary was built from, else two
/// folders above the executable (`target/release/..`), else beside it.
pub fn project_path(rel: &str) -> PathBuf {
    let mut candidates = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)];
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent() {
            candidates.push(dir.join("../..").join(rel));
            candidates.push(dir.join(rel));
        }
    }
    candidates
        .iter()
        .find(|p| p.exists())
        .cloned()
        .unwrap_or_else(|| candidates[0].clone())
}

/// The library file to load: `explicit` if given, else the newest in the project cache.
pub fn find_library(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        if p.is_file() {
            return Ok(p.to_path_buf());
        }
        return Err(Error::Runtime {
            msg: format!(
                "{} does not exist; point --ort-lib (or GEOSTANCE_ORT_LIB) at libonnxruntime.so, or run `make setup`",
                p.display()
            ),
        });
    }
    let dir = project_path(CACHE_DIR);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("libonnxruntime.so"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.pop().ok_or_else(|| Error::Runtime {
        msg: format!(
            "not found in {}; run `make setup` to fetch it from the PyPI onnxruntime wheel, or pass --ort-lib PATH",
            dir.display()
        ),
    })
}

/// The environment `init` created.
pub fn environment() -> Result<&'static ort::environment::Environment> {
    match ENV.get() {
        Some(Ok(env)) => Ok(env),
        Some(Err(msg)) => Err(Error::Runtime { msg: msg.clone() }),
        None => Err(Error::Runtime {
            msg: "not initialised; call nli::runtime::init first".into(),
        }),
    }
}

/// Load the library once per process; later calls return the first outcome.
pub fn init(lib: &Path) -> Result<()> {
    let outcome = ENV.get_or_init(|| {
        let builder = ort::init_from(lib).map_err(|e| e.to_string())?;
        builder
            .with_name("geostance")
            .build()
            .map_err(|e| e.to_string())
    });
    outcome.as_ref().map(|_| ()).map_err(|msg| Error::Runtime {
        msg: format!(
            "cannot load {}: {msg}; run `make setup` to fetch a working copy (onnxruntime 1.32 from PyPI)",
            lib.display()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_library_names_the_fix() {
        let e = find_library(Some(Path::new("/nonexistent/libonnxruntime.so"))).unwrap_err();
        assert!(e.to_string().contains("make setup"), "{e}");
    }
}
