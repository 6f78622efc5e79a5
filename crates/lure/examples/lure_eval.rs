//! Recall and false alarms of the lure detector alone on the evaluation
//! corpus and the registry lists.
//!
//! ```text
//! cargo run --release -p baitwatch-lure --example lure_eval [-- --lists DIR] [--examples N]
//! ```
//!
//! Score = min(100, sum over rule ids of the highest weight); suspicious
//! at 40, malicious at 70.
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use baitwatch_lure::LureDetector;
use baitwatch_metadata::{Ecosystem, Finding, Package};

fn score(findings: &[Finding]) -> f64 {
    let mut per_rule: BTreeMap<&str, f64> = BTreeMap::new();
    for f in findings {
        let e = per_rule.entry(&f.rule).or_insert(0.0);
        *e = e.max(f.weight);
    }
    per_rule.values().sum::<f64>().min(100.0)
}

fn describe(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{}={} [{}:{:?}]", f.rule, f.weight, f.field, f.evidence))
        .collect::<Vec<_>>()
        .join(" ")
}

fn lines(path: &Path) -> Option<impl Iterator<Item = String> + use<>> {
    let file = std::fs::File::open(path).ok()?;
    Some(BufReader::new(file).lines().map_while(Result::ok))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    let lists = args
        .iter()
        .position(|a| a == "--lists")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let show: usize = args
        .iter()
        .position(|a| a == "--examples")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let det = LureDetector::new();

    // Spam recall.
    let Some(mal) = lines(&corpus.join("malicious.jsonl")) else {
        eprintln!("corpus not found at {}: skipping", corpus.display());
        return;
    };
    let (mut n, mut sus, mut malic, mut any) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for line in mal {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let first = v["label_rules"]
            .get(0)
            .and_then(|r| r.as_str())
            .unwrap_or("");
        if !(first.starts_with("spam:keyword") || first.starts_with("spam:name-lure-tokens")) {
            continue;
        }
        let Ok(p) = Package::from_json(line.as_bytes()) else {
            continue;
        };
        n += 1;
        let f = det.findings(&p);
        let s = score(&f);
        any += usize::from(!f.is_empty());
        sus += usize::from(s >= 40.0);
        malic += usize::from(s >= 70.0);
        if s < 70.0 {
            misses.push(format!(
                "{s:>5} {} | {} | {}",
                p.name,
                p.summary,
                describe(&f)
            ));
        }
    }
    println!(
        "spam (keyword/name-lure-tokens): {n} records; any lure finding {any} ({:.2}%); >=40 {sus} ({:.2}%); >=70 {malic} ({:.2}%)",
        100.0 * any as f64 / n.max(1) as f64,
        100.0 * sus as f64 / n.max(1) as f64,
        100.0 * malic as f64 / n.max(1) as f64
    );
    for m in misses.iter().take(show) {
        println!("  below 70: {m}");
    }

    // Benign sample.
    let (mut n, mut sus, mut pop, mut pop_sus, mut pop_mal) = (0, 0, 0, 0, 0);
    let mut flagged = Vec::new();
    if let Some(b) = lines(&corpus.join("benign-sample.jsonl")) {
        for line in b {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let Ok(p) = Package::from_json(line.as_bytes()) else {
                continue;
            };
            let popular = v
                .get("sample")
                .and_then(|s| s.as_str())
                .map(|s| !s.contains("random"))
                .unwrap_or(false);
            n += 1;
            pop += usize::from(popular);
            let f = det.findings(&p);
            let s = score(&f);
            if s >= 40.0 {
                sus += 1;
                pop_sus += usize::from(popular);
                flagged.push(format!(
                    "{s:>5} {}{} | {} | {}",
                    if popular { "[popular] " } else { "" },
                    p.name,
                    p.summary,
                    describe(&f)
                ));
            }
            pop_mal += usize::from(popular && s >= 70.0);
        }
    }
    println!(
        "benign-sample: {n} rows; >=40 {sus} ({:.3}%); popular rows {pop}: >=40 {pop_sus}, >=70 {pop_mal}",
        100.0 * sus as f64 / n.max(1) as f64
    );
    for m in flagged.iter().take(show) {
        println!("  flagged: {m}");
    }

    // Benign READMEs.
    let (mut n, mut sus, mut anyf) = (0, 0, 0);
    if let Some(b) = lines(&corpus.join("benign-readmes.jsonl")) {
        for line in b {
            let Ok(p) = Package::from_json(line.as_bytes()) else {
                continue;
            };
            n += 1;
            let f = det.findings(&p);
            let s = score(&f);
            anyf += usize::from(!f.is_empty());
            if s >= 40.0 {
                sus += 1;
                println!("  readme flagged: {s} {} | {}", p.name, describe(&f));
            }
        }
    }
    println!("benign-readmes: {n} rows; any finding {anyf}; >=40 {sus}");

    // Registry lists.
    let Some(dir) = lists else { return };
    for (file, eco) in [
        ("npm.tsv", Ecosystem::Npm),
        ("pypi.tsv", Ecosystem::PyPI),
        ("nuget.tsv", Ecosystem::NuGet),
    ] {
        let Some(it) = lines(&dir.join(file)) else {
            continue;
        };
        let (mut n, mut sus, mut malic) = (0, 0, 0);
        let mut out = Vec::new();
        let mut near = Vec::new();
        for line in it.skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let name = cols.first().copied().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            let mut summary = match eco {
                Ecosystem::Npm => cols.get(3).copied().unwrap_or(""),
                Ecosystem::PyPI => cols.get(4).copied().unwrap_or(""),
                _ => cols.get(3).copied().unwrap_or(""),
            };
            if eco == Ecosystem::Npm && summary.starts_with("[tested here:") {
                summary = summary
                    .find(']')
                    .and_then(|i| summary.get(i + 1..))
                    .unwrap_or("")
                    .trim_start();
            }
            let mut p = Package::new(eco.clone(), name);
            p.summary = summary.to_owned();
            n += 1;
            let f = det.findings(&p);
            let s = score(&f);
            if s >= 40.0 {
                sus += 1;
                malic += usize::from(s >= 70.0);
                out.push(format!(
                    "{s:>5} {name} | {} | {}",
                    summary.chars().take(120).collect::<String>(),
                    describe(&f)
                ));
            } else if s >= 25.0 {
                near.push(format!(
                    "{s:>5} {name} | {} | {}",
                    summary.chars().take(120).collect::<String>(),
                    describe(&f)
                ));
            }
        }
        println!(
            "{file}: {n} rows; >=40 {sus}; >=70 {malic}; 25..40 {}",
            near.len()
        );
        for m in &out {
            println!("  {file} flagged: {m}");
        }
        for m in near.iter().take(show) {
            println!("  {file} near (25..40): {m}");
        }
    }
}
