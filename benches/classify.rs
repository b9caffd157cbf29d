//! Classification throughput (pairs/s) of the shipped model through ONNX Runtime (per-row
//! int8, the default; fp32; dynamic int8), and (with `--features torch`) through rust-bert on libtorch, batch 32,
//! ~50-token pairs; needs `make setup` (and `make setup-torch`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use geostance::nli::onnx::{OnnxNli, OnnxOptions};
use geostance::nli::{self, NliModel, Pair};

fn pairs() -> Vec<(String, String)> {
    let premises = [
        "Kazakh Foreign Minister Aidar Bekov said the deal shows that the partnership with China brings real jobs and roads.",
        "Analysts in Almaty warn that Chinese loans come with opaque terms and that local contractors are often shut out.",
        "Russia remained Kazakhstan's second-largest trading partner, with turnover of $27.1 billion last year.",
        "Washington talks about reform but says nothing when journalists are jailed, said a rights activist.",
    ];
    let hyps = [
        "This text is critical of China.",
        "Russia is praised.",
        "The United States is mentioned neutrally.",
        "A country keeps good relations with China and other powers at the same time.",
    ];
    (0..32)
        .map(|i| (premises[i % 4].to_string(), hyps[(i / 4) % 4].to_string()))
        .collect()
}

fn bench(c: &mut Criterion) {
    let lib = match nli::runtime::find_library(None) {
        Ok(l) => l,
        Err(e) => return eprintln!("skipping classify bench: {e}"),
    };
    nli::runtime::init(&lib).expect("ONNX Runtime loads");
    let owned = pairs();
    let batch: Vec<Pair<'_>> = owned
        .iter()
        .map(|(p, h)| Pair {
            premise: p,
            hypothesis: h,
        })
        .collect();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.sample_size(20);
    for (precision, name) in [
        (nli::Precision::Int8Rows, "minilm-int8-rows-batch32"),
        (nli::Precision::Fp32, "minilm-fp32-batch32"),
        (nli::Precision::Int8Dynamic, "minilm-int8-dynamic-batch32"),
    ] {
        let opts = OnnxOptions {
            file: nli::onnx_file(std::path::Path::new(""), precision),
            intra_threads: 2,
            sessions: 1,
            max_len: 256,
        };
        let model = OnnxNli::load(&nli::default_model_dir(), &opts).expect("shipped model loads");
        g.bench_function(name, |b| {
            b.iter(|| model.logits(&batch).expect("inference").len())
        });
    }
    #[cfg(feature = "torch")]
    {
        let opts = nli::torch::TorchOptions {
            device: nli::DeviceChoice::Cpu,
            threads: 2,
            max_len: 256,
        };
        let model = nli::torch::TorchNli::load(&nli::default_model_dir(), &opts)
            .expect("shipped model loads on libtorch");
        g.bench_function("minilm-torch-fp32-batch32", |b| {
            b.iter(|| model.logits(&batch).expect("inference").len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
