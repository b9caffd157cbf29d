//! Segmentation throughput (MB/s): the example articles, and the commissioned corpus in
//! ../shared/corpus when it is present.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use geostance::corpus::{read_inputs, ReadOptions};
use geostance::labels::Labels;
use geostance::segment::segment;

fn bench(c: &mut Criterion) {
    let rules = Labels::builtin().expect("built-in labels").boilerplate;
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut sets = vec![("examples", root.join("examples/articles"))];
    let shared = root.join("../shared/corpus");
    if shared.is_dir() {
        sets.push(("shared-corpus", shared));
    }
    let mut g = c.benchmark_group("segment");
    for (name, dir) in sets {
        let batch = read_inputs(&[dir], &ReadOptions::default());
        let bytes: usize = batch.articles.iter().map(|a| a.text.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                batch
                    .articles
                    .iter()
                    .map(|a| segment(&a.text, &rules).len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
