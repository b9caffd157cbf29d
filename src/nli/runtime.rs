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

/// Check `lib` against the `SHA256SUMS` beside it, where there is one (`make setup`
/// writes it in `.cache/onnxruntime/`): a damaged or replaced library is an error that
/// names the fix, never a crash or silent wrong scores. A library the manifest does not
/// list, or one with no manifest (`--ort-lib` elsewhere), is not checked.
pub fn check_library(lib: &Path) -> Result<()> {
    let manifest = lib.with_file_name(super::MANIFEST);
    let text = match std::fs::read_to_string(&manifest) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&manifest, e)),
    };
    let name = lib
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let want = text.lines().find_map(|l| {
        l.split_once("  ")
            .filter(|(_, n)| n.trim() == name)
            .map(|(h, _)| h.trim().to_lowercase())
    });
    let Some(want) = want else {
        return Ok(());
    };
    let got = crate::cache::file_sha256(lib)?;
    if got != want {
        return Err(Error::Runtime {
            msg: format!(
                "{}: sha256 {got} does not match {} ({want}): the library is damaged or was \
                 replaced; run `make setup` to fetch a fresh copy",
                lib.display(),
                manifest.display()
            ),
        });
    }
    Ok(())
}

/// Load the library once per process (after [`check_library`]); later calls return the
/// first outcome.
pub fn init(lib: &Path) -> Result<()> {
    check_library(lib)?;
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
    fn a_damaged_library_is_caught_before_loading() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("libonnxruntime.so.1.32.0");
        std::fs::write(&lib, b"\x7fELF not really a library").unwrap();
        check_library(&lib).expect("no manifest: not checked");
        let sum = crate::cache::file_sha256(&lib).unwrap();
        let manifest = dir.path().join(super::super::MANIFEST);
        std::fs::write(&manifest, format!("{sum}  libonnxruntime.so.1.32.0\n")).unwrap();
        check_library(&lib).expect("matches its manifest");
        std::fs::write(&lib, b"\x7fELF not really a librarz").unwrap();
        let e = check_library(&lib).unwrap_err().to_string();
        assert!(
            e.contains("does not match") && e.contains("make setup"),
            "{e}"
        );
    }

    #[test]
    fn missing_library_names_the_fix() {
        let e = find_library(Some(Path::new("/nonexistent/libonnxruntime.so"))).unwrap_err();
        assert!(e.to_string().contains("make setup"), "{e}");
    }
}
