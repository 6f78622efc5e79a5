//! Evaluation: scan labelled JSONL records and print, per ecosystem and
//! label, how many are flagged (suspicious or malicious), how many are
//! malicious, and the share with a finding of each category; for records
//! with no labels, the share flagged.
//!
//! ```sh
//! cargo run --release --example evaluate -- ../shared/corpus/malicious.jsonl ../shared/corpus/benign-sample.jsonl
//! cargo run --release --example evaluate -- --json FILE...      # machine-readable
//! cargo run --release --example evaluate -- --show 20 FILE...   # also print 20 misses and 20 false alarms per group
//! ```
//!
//! Input records are `Package` JSON objects with an optional `labels` list
//! (and, in the corpus, `label_rules`, `typosquat_target` and `sample`,
//! used only to form the groups below, never given to the scanner). Groups:
//! each label; `spam/lure-name` (spam whose labelling rule was a lure
//! keyword or lure name tokens); `typosquat/popular-target` (typosquats
//! whose target is in the scanner's embedded popular list); `benign` (no
//! labels) and `benign/<sample>` for each sample of the benign file.

use std::collections::BTreeMap;
use std::io::BufRead;

use baitwatch::{Category, Package, Report, Scanner, Verdict};
use rayon::prelude::*;
use serde::Serialize;

const CATEGORIES: [&str; 5] = ["lure", "typosquat", "links", "metadata", "campaign"];

#[derive(Default, Serialize, Clone)]
struct Group {
    count: u64,
    flagged: u64,
    malicious: u64,
    by_category: BTreeMap<String, u64>,
    #[serde(skip)]
    misses: Vec<String>,
    #[serde(skip)]
    alarms: Vec<String>,
}

struct Record {
    package: Package,
    groups: Vec<String>,
    labelled: bool,
}

fn groups_of(v: &serde_json::Value, eco: &str) -> (Vec<String>, bool) {
    let labels: Vec<String> = v["labels"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let mut groups = Vec::new();
    if labels.is_empty() {
        groups.push(format!("{eco}\tbenign"));
        if let Some(sample) = v["sample"].as_str() {
            groups.push(format!("{eco}\tbenign/{sample}"));
        }
        return (groups, false);
    }
    for l in &labels {
        groups.push(format!("{eco}\t{l}"));
    }
    let rules: Vec<&str> = v["label_rules"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
        .unwrap_or_default();
    if labels.iter().any(|l| l == "spam")
        && rules
            .iter()
            .any(|r| r.starts_with("spam:keyword") || r.starts_with("spam:name-lure-tokens"))
    {
        groups.push(format!("{eco}\tspam/lure-name"));
    }
    if labels.iter().any(|l| l == "typosquat")
        && let Some(target) = v["typosquat_target"].as_str()
        && is_popular(eco, target)
    {
        groups.push(format!("{eco}\ttyposquat/popular-target"));
    }
    (groups, true)
}

/// Whether `name` is in the scanner's embedded popular list of `eco`.
fn is_popular(eco: &str, name: &str) -> bool {
    let eco: baitwatch::Ecosystem = eco.parse().unwrap_or(baitwatch::Ecosystem::Npm);
    popular_contains(&eco, name)
}

fn popular_contains(eco: &baitwatch::Ecosystem, name: &str) -> bool {
    baitwatch::typosquat::PopularIndex::embedded(eco).is_some_and(|idx| idx.contains(name))
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let json = take_flag(&mut args, "--json");
    let show: usize = take_value(&mut args, "--show")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if args.is_empty() {
        eprintln!("usage: evaluate [--json] [--show N] FILE.jsonl...");
        std::process::exit(2);
    }
    let scanner = Scanner::new();
    let mut records = Vec::new();
    let mut unreadable = 0u64;
    for path in &args {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        };
        for line in std::io::BufReader::new(file).lines() {
            let Ok(line) = line else {
                unreadable += 1;
                continue;
            };
            if line.trim().is_empty() {
                continue;
            }
            let (Ok(v), Ok(package)) = (
                serde_json::from_str::<serde_json::Value>(&line),
                Package::from_json(line.as_bytes()),
            ) else {
                unreadable += 1;
                continue;
            };
            let (groups, labelled) = groups_of(&v, package.ecosystem.as_str());
            records.push(Record {
                package,
                groups,
                labelled,
            });
        }
    }
    let started = std::time::Instant::now();
    let reports: Vec<Report> = records
        .par_iter()
        .map(|r| scanner.scan(&r.package))
        .collect();
    let elapsed = started.elapsed();
    let mut table: BTreeMap<String, Group> = BTreeMap::new();
    for (rec, rep) in records.iter().zip(&reports) {
        let flagged = rep.verdict >= Verdict::Suspicious;
        for g in &rec.groups {
            let e = table.entry(g.clone()).or_default();
            e.count += 1;
            e.flagged += u64::from(flagged);
            e.malicious += u64::from(rep.verdict == Verdict::Malicious);
            for c in CATEGORIES {
                if rep.has_category(&Category::from_name(c)) {
                    *e.by_category.entry(c.to_owned()).or_default() += 1;
                }
            }
            let line = || {
                let rules: Vec<&str> = rep
                    .findings
                    .iter()
                    .filter(|f| f.contribution > 0.0)
                    .map(|f| f.finding.rule.as_str())
                    .collect();
                format!(
                    "{} {:>5} {:?} {}",
                    rep.name,
                    rep.score,
                    rules,
                    rec.package.summary.chars().take(80).collect::<String>()
                )
            };
            if rec.labelled && !flagged && e.misses.len() < show {
                e.misses.push(line());
            }
            if !rec.labelled && flagged && e.alarms.len() < show {
                e.alarms.push(line());
            }
        }
    }
    if json {
        let out: BTreeMap<String, &Group> = table
            .iter()
            .map(|(k, v)| (k.replace('\t', "/"), v))
            .collect();
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        println!(
            "| ecosystem | group | records | flagged | malicious | lure | typosquat | links | metadata | campaign |"
        );
        println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (k, g) in &table {
            let (eco, group) = k.split_once('\t').unwrap_or((k, ""));
            let pct = |n: u64| format!("{:.2} %", 100.0 * n as f64 / g.count.max(1) as f64);
            let cats: Vec<String> = CATEGORIES
                .iter()
                .map(|c| pct(*g.by_category.get(*c).unwrap_or(&0)))
                .collect();
            println!(
                "| {eco} | {group} | {} | {} | {} | {} |",
                g.count,
                pct(g.flagged),
                pct(g.malicious),
                cats.join(" | ")
            );
        }
        println!();
        println!(
            "{} records scored in {:.2} s ({} unreadable lines skipped); flagged = suspicious or malicious (score >= {}), malicious = score >= {}.",
            records.len(),
            elapsed.as_secs_f64(),
            unreadable,
            scanner.config().suspicious_threshold,
            scanner.config().malicious_threshold
        );
        if show > 0 {
            for (k, g) in &table {
                for m in &g.misses {
                    println!("miss  {}  {m}", k.replace('\t', "/"));
                }
                for m in &g.alarms {
                    println!("alarm {}  {m}", k.replace('\t', "/"));
                }
            }
        }
    }
}

fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != flag);
    args.len() != before
}

fn take_value(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    args.remove(i);
    (i < args.len()).then(|| args.remove(i))
}
