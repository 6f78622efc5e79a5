//! Extract + assess throughput on README-sized text: a benign README with
//! badges, code and documentation links, and a spam README full of risky
//! links. Both are repeated to about 20 KB.
#![allow(missing_docs)] // criterion_group! generates undocumented functions

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use baitwatch_links::{LinkAssessor, LinkFinder};

const README: &str = include_str!("../tests/fixtures/readme.md");
const SPAM: &str = include_str!("../tests/fixtures/spam.md");

fn bench(c: &mut Criterion) {
    let finder = LinkFinder::new();
    let assessor = LinkAssessor::new();
    let mut group = c.benchmark_group("extract+assess");
    for (name, one) in [("benign-readme", README), ("spam-readme", SPAM)] {
        let text = one.repeat((20_000 / one.len()).max(1));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0usize;
                for link in finder.links(black_box(&text)) {
                    n += assessor.assess(&link).len();
                }
                n
            })
        });
        group.bench_function(format!("{name}/extract-only"), |b| {
            b.iter(|| finder.links(black_box(&text)).count())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
