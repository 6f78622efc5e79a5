//! Parser throughput over the test fixtures, one benchmark per document
//! form, reported in bytes per second.
//!
//! `cargo bench -p baitwatch-metadata --bench parse`

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

use std::hint::black_box;

use baitwatch_metadata::{Limits, parse_document};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const FIXTURES: [&str; 10] = [
    "widget.package.json",
    "is-number.packument.full.json",
    "chalk.npm-view.json",
    "six.pypi.json",
    "idna.METADATA",
    "Newtonsoft.Json.nuspec",
    "Contoso.Sample.registration-index.json",
    "left-pad-1.3.0.tgz",
    "six-1.17.0-py2.py3-none-any.whl",
    "Contoso.Demo.1.0.0.nupkg",
];

fn parse(c: &mut Criterion) {
    let limits = Limits::default();
    let mut group = c.benchmark_group("parse_document");
    for name in FIXTURES {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).expect("fixture");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| parse_document(black_box(&bytes), Some(name), &limits).expect("parses"))
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
