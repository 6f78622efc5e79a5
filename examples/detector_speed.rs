//! Where the time of a README-sized scan goes: CPU time per default
//! detector, and of the whole `Scanner::scan`, over packages of the corpus
//! given real READMEs as descriptions (as `throughput` builds them), small
//! enough to run under `perf record`.
//!
//! ```sh
//! cargo run --release --example detector_speed -- ../shared/corpus [RECORDS] [ROUNDS] [ONLY]
//! ```
//!
//! Prints, for each detector and for the whole scan, the median of ROUNDS
//! (default 5) CPU times over RECORDS (default 3000) records, as records
//! per second and MB of description per second of one core. ONLY (a
//! detector name, or `scan`) times that one alone, for a profile of it;
//! with `BAITWATCH_NAMES_ONLY=1` in the environment the records keep
//! their names only (no description).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use baitwatch::{Finding, Package, Scanner, default_detectors};

#[path = "support/clock.rs"]
mod clock;
use clock::ThreadClock;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = PathBuf::from(args.first().map_or("../shared/corpus", String::as_str));
    let records: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3000);
    let rounds: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5).max(1);
    let only = args.get(3).cloned();
    let readmes: Vec<String> = read_packages(&corpus.join("benign-readmes.jsonl"))
        .into_iter()
        .map(|p| p.description)
        .filter(|d| !d.is_empty())
        .collect();
    let names = read_packages(&corpus.join("malicious.jsonl"));
    if readmes.is_empty() || names.is_empty() {
        eprintln!("{}: no corpus here", corpus.display());
        std::process::exit(2);
    }
    // Every other record from the start of the file, so both labels and
    // all three registries are in a small sample.
    let set: Vec<Package> = names
        .iter()
        .step_by((names.len() / records).max(1))
        .take(records)
        .enumerate()
        .map(|(i, p)| {
            let mut q = Package::new(p.ecosystem.clone(), p.name.clone());
            if std::env::var_os("BAITWATCH_NAMES_ONLY").is_none() {
                q.description = readmes[i % readmes.len()].clone();
            }
            q
        })
        .collect();
    let bytes: usize = set
        .iter()
        .map(|p| p.description.len())
        .sum::<usize>()
        .max(1);
    let scanner = Scanner::new();
    if only.is_none() {
        for p in &set {
            std::hint::black_box(scanner.scan(p));
        }
    }
    let report = |label: &str, secs: f64| {
        println!(
            "{label:<12} {:>9.0} records/s {:>8.1} MB/s per core ({secs:.3} s CPU)",
            set.len() as f64 / secs,
            bytes as f64 / 1e6 / secs
        );
    };
    println!(
        "{} records, descriptions average {:.0} bytes; median of {rounds} rounds",
        set.len(),
        bytes as f64 / set.len() as f64
    );
    for d in default_detectors() {
        if only.as_ref().is_some_and(|o| o != d.name()) {
            continue;
        }
        let secs = median(rounds, || {
            let mut out: Vec<Finding> = Vec::new();
            for p in &set {
                out.clear();
                d.detect(p, &mut out);
                std::hint::black_box(&out);
            }
        });
        report(d.name(), secs);
    }
    if only.as_ref().is_some_and(|o| o != "scan") {
        return;
    }
    let secs = median(rounds, || {
        for p in &set {
            std::hint::black_box(scanner.scan(p));
        }
    });
    report("scan", secs);
}

fn median(rounds: usize, mut f: impl FnMut()) -> f64 {
    let mut runs: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = ThreadClock::now();
            f();
            t.elapsed_secs()
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn read_packages(path: &Path) -> Vec<Package> {
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| Package::from_json(l.as_bytes()).ok())
        .collect()
}
