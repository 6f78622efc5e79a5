//! Measures the typosquat detector on the evaluation corpus beside the
//! project (`../shared/corpus`): recall on the typosquat records, false
//! alarms on the benign sample and the popular lists, index build time.
//!
//! ```sh
//! cargo run --release -p baitwatch-typosquat --example corpus_eval [-- --misses N --flagged N]
//! ```
use std::collections::BTreeMap;
use std::time::Instant;

use baitwatch_metadata::{Detector, Ecosystem, Finding, Package, normalize_name};
use baitwatch_typosquat::{PopularIndex, TyposquatDetector};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

fn score(findings: &[Finding]) -> f64 {
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for f in findings {
        let w = best.entry(f.rule.as_str()).or_insert(0.0);
        *w = w.max(f.weight);
    }
    best.values().sum::<f64>().min(100.0)
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if !std::path::Path::new(CORPUS).exists() {
        println!("corpus not found at {CORPUS}; nothing to measure");
        return;
    }
    let show_misses = arg("--misses", 0);
    let show_flagged = arg("--flagged", 30);
    for eco in Ecosystem::KNOWN {
        let t = Instant::now();
        let ix = PopularIndex::embedded(&eco).unwrap();
        println!(
            "index {eco}: {} names, built in {:.1} ms, ~{:.1} MiB heap",
            ix.len(),
            t.elapsed().as_secs_f64() * 1e3,
            ix.heap_bytes() as f64 / (1 << 20) as f64
        );
    }
    let det = TyposquatDetector::new();
    let run = |p: &Package| {
        let mut f = Vec::new();
        det.detect(p, &mut f);
        f
    };

    // Typosquat records.
    let text = std::fs::read_to_string(format!("{CORPUS}/malicious.jsonl")).unwrap();
    #[derive(Default)]
    struct Tally {
        n: usize,
        named: usize,
        named40: usize,
        any: usize,
        any40: usize,
    }
    let mut in_list: BTreeMap<String, Tally> = BTreeMap::new();
    let mut all: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    let mut non_typo = (0usize, 0usize);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let eco: Ecosystem = v["ecosystem"].as_str().unwrap().parse().unwrap();
        let name = v["name"].as_str().unwrap();
        let labels: Vec<&str> = v["labels"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l.as_str())
            .collect();
        // The whole record (its summary and description matter to
        // `typosquat.undocumented-lookalike`), the name alone if unreadable.
        let p =
            Package::from_json(line.as_bytes()).unwrap_or_else(|_| Package::new(eco.clone(), name));
        let f = run(&p);
        let s = score(&f);
        if !labels.contains(&"typosquat") {
            non_typo.0 += 1;
            if s >= 40.0 {
                non_typo.1 += 1;
            }
            continue;
        }
        let target = v["typosquat_target"].as_str().unwrap_or("");
        let ix = det.index(&eco).unwrap();
        let tn = normalize_name(&eco, target);
        let named = !target.is_empty() && f.iter().any(|x| normalize_name(&eco, &x.evidence) == tn);
        let t = all.entry(eco.to_string()).or_default();
        t.n += 1;
        t.named += usize::from(named);
        t.named40 += usize::from(named && s >= 40.0);
        t.any += usize::from(!f.is_empty());
        t.any40 += usize::from(s >= 40.0);
        for x in &f {
            *rules.entry(x.rule.clone()).or_default() += 1;
        }
        if !target.is_empty() && ix.contains(target) {
            let t = in_list.entry(eco.to_string()).or_default();
            t.n += 1;
            t.named += usize::from(named);
            t.named40 += usize::from(named && s >= 40.0);
            t.any += usize::from(!f.is_empty());
            t.any40 += usize::from(s >= 40.0);
            if !named || s < 40.0 {
                misses.push(format!(
                    "{eco}\t{name}\t-> {target}\tkind={}\tscore={s}\tgot={:?}",
                    v["typosquat_kind"].as_str().unwrap_or("-"),
                    f.iter()
                        .map(|x| format!(
                            "{}:{}:{}:r{}",
                            x.rule,
                            x.evidence,
                            x.weight,
                            ix.rank(&x.evidence).unwrap_or(0)
                        ))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let print = |title: &str, m: &BTreeMap<String, Tally>| {
        println!("{title}");
        let mut tot = Tally::default();
        for (eco, t) in m {
            println!(
                "  {eco:6} n={:5}  target named {:5} ({:5.1}%)  named & score>=40 {:5} ({:5.1}%)  any finding {:5.1}%  score>=40 {:5.1}%",
                t.n,
                t.named,
                pct(t.named, t.n),
                t.named40,
                pct(t.named40, t.n),
                pct(t.any, t.n),
                pct(t.any40, t.n)
            );
            tot.n += t.n;
            tot.named += t.named;
            tot.named40 += t.named40;
            tot.any += t.any;
            tot.any40 += t.any40;
        }
        println!(
            "  all    n={:5}  target named {:5} ({:5.1}%)  named & score>=40 {:5} ({:5.1}%)  any finding {:5.1}%  score>=40 {:5.1}%",
            tot.n,
            tot.named,
            pct(tot.named, tot.n),
            tot.named40,
            pct(tot.named40, tot.n),
            pct(tot.any, tot.n),
            pct(tot.any40, tot.n)
        );
    };
    print(
        "typosquat records whose target is in the embedded list:",
        &in_list,
    );
    print(
        "all typosquat records (target named only where the record has one):",
        &all,
    );
    println!(
        "other malicious records (not labelled typosquat) at score>=40: {} of {} ({:.1}%)",
        non_typo.1,
        non_typo.0,
        pct(non_typo.1, non_typo.0)
    );
    println!("findings by rule on typosquat records: {rules:?}");
    for m in misses.iter().take(show_misses) {
        println!("MISS {m}");
    }

    // Popular lists against themselves.
    for eco in Ecosystem::KNOWN {
        let ix = PopularIndex::embedded(&eco).unwrap();
        let text = std::fs::read_to_string(format!("{CORPUS}/popular/{eco}.txt")).unwrap();
        let (mut n, mut any, mut s40, mut s70) = (0, 0, 0, 0);
        for name in text.lines() {
            n += 1;
            let f = run(&Package::new(eco.clone(), name));
            let s = score(&f);
            any += usize::from(!f.is_empty());
            s40 += usize::from(s >= 40.0);
            s70 += usize::from(s >= 70.0);
        }
        println!(
            "popular {eco}: {n} names ({} indexed): flagged {any}, >=40 {s40}, >=70 {s70}",
            ix.len()
        );
    }

    // Benign sample.
    let text = std::fs::read_to_string(format!("{CORPUS}/benign-sample.jsonl")).unwrap();
    let mut by_sample: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    let mut flagged = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let eco: Ecosystem = v["ecosystem"].as_str().unwrap().parse().unwrap();
        let name = v["name"].as_str().unwrap();
        let sample = v["sample"].as_str().unwrap_or("-").to_string();
        let p =
            Package::from_json(line.as_bytes()).unwrap_or_else(|_| Package::new(eco.clone(), name));
        let f = run(&p);
        let s = score(&f);
        let ix = det.index(&eco).unwrap();
        let e = by_sample.entry(sample.clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(!f.is_empty());
        e.2 += usize::from(s >= 40.0);
        e.3 += usize::from(s >= 70.0);
        if s >= 40.0 && sample.contains("random") {
            flagged.push(format!(
                "{eco}\t{name}\tscore={s}\t{}",
                f.iter()
                    .map(|x| format!(
                        "{}:{}:{}:r{}",
                        x.rule,
                        x.evidence,
                        x.weight,
                        ix.rank(&x.evidence).unwrap_or(0)
                    ))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
    }
    println!("benign sample (flagged = any finding):");
    for (s, (n, any, s40, s70)) in &by_sample {
        println!(
            "  {s:20} n={n:5} flagged {any:4} ({:4.1}%)  >=40 {s40:4} ({:4.2}%)  >=70 {s70:4} ({:4.2}%)",
            pct(*any, *n),
            pct(*s40, *n),
            pct(*s70, *n)
        );
    }
    for f in flagged.iter().take(show_flagged) {
        println!("FLAGGED {f}");
    }
}
