//! Figures of the links detector on the evaluation corpus.
//!
//! ```text
//! cargo run --release -p baitwatch-links --example corpus [CORPUS_DIR]
//! ```
//!
//! For the benign files (`benign-readmes.jsonl`, `benign-sample.jsonl`) it
//! prints how many records get `links.*` findings that alone make them
//! suspicious (score >= 40 under the scoring contract) and lists each one;
//! for `malicious.jsonl` how many `phishing-link` records that carry text get
//! a `links.*` finding, and the same for the other labels.
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

use baitwatch_links::LinksDetector;
use baitwatch_metadata::{Finding, Package};

/// Nanoseconds this thread has run on a CPU (Linux), so that a figure per
/// core holds on a busy machine; `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Extract + assess throughput on the two fixture READMEs, by wall clock
/// and by CPU time of this thread.
fn throughput() {
    use baitwatch_links::{LinkAssessor, LinkFinder};
    let finder = LinkFinder::new();
    let assessor = LinkAssessor::new();
    for (name, one) in [
        ("benign README", include_str!("../tests/fixtures/readme.md")),
        ("spam README", include_str!("../tests/fixtures/spam.md")),
    ] {
        let text = one.repeat((20_000 / one.len()).max(1));
        let rounds = 300;
        let (wall, cpu0) = (Instant::now(), cpu_ns());
        let mut n = 0usize;
        for _ in 0..rounds {
            for link in finder.links(std::hint::black_box(&text)) {
                n += assessor.assess(&link).len() + 1;
            }
        }
        let secs = wall.elapsed().as_secs_f64();
        let mb = (text.len() * rounds) as f64 / 1e6;
        let cpu = cpu0.zip(cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e9);
        println!(
            "throughput, extract + assess, {name} ({} bytes x {rounds}, {n} links+risks): {:.1} MB/s wall, {} MB/s per core (CPU time)",
            text.len(),
            mb / secs,
            cpu.map_or("n/a".to_owned(), |c| format!("{:.1}", mb / c))
        );
    }
}

fn score(findings: &[Finding]) -> f64 {
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for f in findings {
        let e = best.entry(f.rule.as_str()).or_insert(0.0);
        *e = e.max(f.weight);
    }
    best.values().sum::<f64>().min(100.0)
}

fn has_text(p: &Package) -> bool {
    !p.summary.is_empty()
        || !p.description.is_empty()
        || !p.homepage.is_empty()
        || !p.project_urls.is_empty()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/corpus"
            ))
        });
    if !dir.exists() {
        println!("corpus not found at {}: nothing to do", dir.display());
        return Ok(());
    }
    throughput();
    let detector = LinksDetector::new();
    let verbose = std::env::var_os("LINKS_VERBOSE").is_some();
    for name in ["benign-readmes.jsonl", "benign-sample.jsonl"] {
        let path = dir.join(name);
        let Ok(file) = std::fs::File::open(&path) else {
            println!("{name}: absent");
            continue;
        };
        let (mut n, mut with_findings, mut flagged, mut bytes) =
            (0usize, 0usize, Vec::new(), 0usize);
        let start = Instant::now();
        for line in std::io::BufReader::new(file).lines() {
            let line = line?;
            let Ok(p) = Package::from_json(line.as_bytes()) else {
                continue;
            };
            n += 1;
            bytes += p.summary.len() + p.description.len();
            let f = detector.scan(&p);
            if f.iter().any(|f| f.weight > 0.0) {
                with_findings += 1;
            }
            let s = score(&f);
            if s >= 40.0 {
                flagged.push((p, s, f));
            } else if verbose && s > 0.0 {
                println!(
                    "  (below) {} {} score {s}: {:?}",
                    p.ecosystem,
                    p.name,
                    f.iter()
                        .map(|f| format!("{} {} {}", f.rule, f.weight, f.evidence))
                        .collect::<Vec<_>>()
                );
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name}: {n} records, {with_findings} with a links finding of weight > 0, {} ({:.2} %) score >= 40 on links alone; {:.1} MB of text in {secs:.2} s",
            flagged.len(),
            100.0 * flagged.len() as f64 / n.max(1) as f64,
            bytes as f64 / 1e6
        );
        for (p, s, f) in &flagged {
            println!("  FLAGGED {} {} score {s}", p.ecosystem, p.name);
            for f in f {
                println!(
                    "    {} {} [{}] {} — {}",
                    f.rule, f.weight, f.field, f.evidence, f.message
                );
            }
        }
    }
    let path = dir.join("malicious.jsonl");
    if let Ok(file) = std::fs::File::open(&path) {
        // label -> (records with text, with a links finding, score >= 40)
        let mut per_label: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        let mut phishing_missed = Vec::new();
        for line in std::io::BufReader::new(file).lines() {
            let line = line?;
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let Ok(p) = Package::from_json(line.as_bytes()) else {
                continue;
            };
            if !has_text(&p) {
                continue;
            }
            let f = detector.scan(&p);
            let any = f
                .iter()
                .any(|f| f.rule.starts_with("links.") && f.weight > 0.0);
            let s = score(&f);
            let labels: Vec<String> = v["labels"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|l| l.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            for l in &labels {
                let e = per_label.entry(l.clone()).or_default();
                e.0 += 1;
                e.1 += usize::from(any);
                e.2 += usize::from(s >= 40.0);
            }
            if labels.iter().any(|l| l == "phishing-link") && !any {
                phishing_missed.push(format!(
                    "{} {} (summary {:?}, description {} bytes, homepage {:?}, {} project URLs)",
                    p.ecosystem,
                    p.name,
                    p.summary,
                    p.description.len(),
                    p.homepage,
                    p.project_urls.len()
                ));
            }
        }
        println!(
            "malicious.jsonl, records that carry text, by label: with a links.* finding / with links score >= 40"
        );
        for (l, (n, any, flagged)) in &per_label {
            println!("  {l}: {n} records, {any} with a links finding, {flagged} score >= 40");
        }
        for m in &phishing_missed {
            println!("  phishing-link record without a links finding: {m}");
        }
    }
    Ok(())
}
