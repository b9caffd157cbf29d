//! With the `torch` feature, binaries, tests and benches find libtorch at run time
//! through an rpath to `$LIBTORCH/lib` (set in `.cargo/config.toml`), so no
//! `LD_LIBRARY_PATH` is needed, and export the library's MKL CPU-dispatch override.

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    if std::env::var_os("CARGO_FEATURE_TORCH").is_none() {
        return;
    }
    if let Some(root) = std::env::var_os("LIBTORCH") {
        let lib = std::path::Path::new(&root).join("lib");
        let lib = lib.canonicalize().unwrap_or(lib);
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    }
    // See `mkl_serv_intel_cpu_true` in src/nli/torch.rs.
    println!("cargo:rustc-link-arg=-Wl,--export-dynamic-symbol=mkl_serv_intel_cpu_true");
}
