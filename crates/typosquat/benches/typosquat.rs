//! baitwatch's typosquat index against typomania (configured as crates.io
//! configures it), on the same names and the same popular lists, in one
//! run. Throughput is reported in names per second (one thread).
//!
//! ```sh
//! cargo bench -p baitwatch-typosquat --bench typosquat -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(missing_docs)] // criterion's macros generate undocumented items

use std::hint::black_box;
use std::time::Instant;

use baitwatch_metadata::Ecosystem;
use baitwatch_typosquat::{PopularIndex, PopularPackage};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "typomania_setup.rs"]
mod typomania_setup;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

/// The names to check: the corpus's typosquat records and benign random
/// rows of one registry when the corpus is present, else variants of the
/// popular names.
fn names(eco: &Ecosystem, popular: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for file in ["malicious.jsonl", "benign-sample.jsonl"] {
        let Ok(text) = std::fs::read_to_string(format!("{CORPUS}/{file}")) else {
            continue;
        };
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if v["ecosystem"].as_str() != Some(eco.as_str()) {
                continue;
            }
            let typo = v["labels"]
                .as_array()
                .is_some_and(|l| l.iter().any(|x| x == "typosquat"));
            let random = v["sample"].as_str().is_some_and(|s| s.contains("random"));
            if typo || random {
                out.push(v["name"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    if out.is_empty() {
        out = popular.iter().map(|n| format!("{n}x")).collect();
    }
    out
}

fn bench(c: &mut Criterion) {
    for eco in [Ecosystem::Npm, Ecosystem::PyPI] {
        let list = std::fs::read_to_string(format!(
            "{}/data/{}.txt",
            env!("CARGO_MANIFEST_DIR"),
            eco.as_str()
        ))
        .unwrap();
        let popular: Vec<&str> = list.lines().collect();
        let names = names(&eco, &popular);

        let t = Instant::now();
        let index = PopularIndex::builder()
            .ecosystem(eco.clone())
            .packages(popular.iter().map(|n| PopularPackage::new(*n)))
            .build()
            .unwrap();
        println!(
            "{eco}: baitwatch index of {} names built in {:.1} ms, ~{:.1} MiB",
            index.len(),
            t.elapsed().as_secs_f64() * 1e3,
            index.heap_bytes() as f64 / f64::from(1 << 20)
        );
        let t = Instant::now();
        let harness = typomania_setup::harness(popular.iter().copied());
        println!(
            "{eco}: typomania harness built in {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );

        let mut g = c.benchmark_group(format!("typosquat-{eco}"));
        g.throughput(Throughput::Elements(names.len() as u64));
        g.sample_size(10);
        g.bench_function("baitwatch", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for name in &names {
                    n += index.check(black_box(name)).len();
                }
                n
            })
        });
        g.bench_function("typomania", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for name in &names {
                    n += typomania_setup::squat_targets(&harness, black_box(name)).len();
                }
                n
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
