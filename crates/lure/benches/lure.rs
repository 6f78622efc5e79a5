//! Normalise + match throughput on README-sized text.
#![allow(missing_docs)] // criterion_group! generates an undocumented function
use std::hint::black_box;

use baitwatch_lure::LureDetector;
use baitwatch_metadata::{Detector, Ecosystem, Package};
use baitwatch_text::Normalizer;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A README-like text of about `n` bytes: mostly ASCII prose and code, a
/// few non-ASCII words, no lure.
fn readme(n: usize) -> String {
    let para = "## Usage\n\nInstall the package with `npm install fast-widget` and import it. \
The widget renders a list of items, supports keyboard navigation, lazy loading and \
custom themes. Options: `size`, `theme`, `onChange(value)`. See the [docs](https://example.org/docs) \
for the full API. Über-fast rendering — café-grade ergonomics.\n\n```js\nconst w = widget({ size: 3 });\n\
w.on('change', v => console.log(v));\n```\n\nContributions welcome: open an issue first. Licensed MIT.\n\n";
    let mut s = String::with_capacity(n + para.len());
    while s.len() < n {
        s.push_str(para);
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = readme(64 * 1024);
    let detector = LureDetector::new();
    let normalizer = Normalizer::new();
    let mut g = c.benchmark_group("readme-64k");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalise", |b| {
        b.iter(|| black_box(normalizer.normalize(black_box(&text))))
    });
    g.bench_function("normalise+match", |b| {
        b.iter(|| black_box(detector.find_terms(black_box(&text))))
    });
    let mut pkg = Package::new(Ecosystem::Npm, "fast-widget");
    pkg.summary = "A fast widget".into();
    pkg.description = text.clone();
    g.bench_function("detect", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            detector.detect(black_box(&pkg), &mut out);
            black_box(out)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
