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

use baitwatch::{Category, Report, Scanner, Verdict};
use rayon::prelude::*;
use serde::Serialize;

#[path = "support/corpus.rs"]
mod corpus;
use corpus::{load, take_flag, take_value};

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
    let (records, unreadable) = load(&args);
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
