//! Recall and speed of baitwatch's typosquat index and of typomania
//! (crates.io's check set) on the corpus typosquat records, against the
//! same popular lists, one thread.
//!
//! ```sh
//! cargo run --release -p baitwatch-typosquat --example compare_typomania
//! ```
use std::time::Instant;

use baitwatch_metadata::{Ecosystem, normalize_name};
use baitwatch_typosquat::PopularIndex;

#[path = "../benches/typomania_setup.rs"]
mod typomania_setup;

/// CPU seconds this process has used (Linux `/proc/self/stat`, 100 Hz
/// ticks), so that a busy shared machine does not distort the rate.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

fn main() {
    let Ok(mal) = std::fs::read_to_string(format!("{CORPUS}/malicious.jsonl")) else {
        println!("corpus not found at {CORPUS}; nothing to compare");
        return;
    };
    let benign =
        std::fs::read_to_string(format!("{CORPUS}/benign-sample.jsonl")).unwrap_or_default();
    for eco in Ecosystem::KNOWN {
        let index = PopularIndex::embedded(&eco).unwrap();
        let list = std::fs::read_to_string(format!(
            "{}/data/{}.txt",
            env!("CARGO_MANIFEST_DIR"),
            eco.as_str()
        ))
        .unwrap();
        let t = Instant::now();
        let harness = typomania_setup::harness(list.lines());
        let tm_build = t.elapsed();

        // (name, target) of typosquat records whose target is in the list.
        let mut cases = Vec::new();
        let mut all_typo = Vec::new();
        for line in mal.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["ecosystem"].as_str() != Some(eco.as_str())
                || !v["labels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l == "typosquat")
            {
                continue;
            }
            let name = v["name"].as_str().unwrap().to_string();
            all_typo.push(name.clone());
            if let Some(t) = v["typosquat_target"].as_str()
                && index.contains(t)
            {
                cases.push((name, normalize_name(&eco, t)));
            }
        }
        let randoms: Vec<String> = benign
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| {
                v["ecosystem"].as_str() == Some(eco.as_str())
                    && v["sample"].as_str().is_some_and(|s| s.contains("random"))
            })
            .map(|v| v["name"].as_str().unwrap().to_string())
            .collect();

        let (mut bw, mut bw40, mut tm) = (0, 0, 0);
        for (name, target) in &cases {
            let s = index.check(name);
            if s.iter().any(|s| normalize_name(&eco, &s.target) == *target) {
                bw += 1;
                if s.first().is_some_and(|f| f.weight >= 40.0) {
                    bw40 += 1;
                }
            }
            if typomania_setup::squat_targets(&harness, name)
                .iter()
                .any(|t| normalize_name(&eco, t) == *target)
            {
                tm += 1;
            }
        }
        let (mut bw_any, mut tm_any) = (0, 0);
        for name in &all_typo {
            bw_any += usize::from(!index.check(name).is_empty());
            tm_any += usize::from(!typomania_setup::squat_targets(&harness, name).is_empty());
        }
        let (mut bw_fp, mut bw_fp40, mut tm_fp) = (0, 0, 0);
        for name in &randoms {
            let s = index.check(name);
            bw_fp += usize::from(!s.is_empty());
            bw_fp40 += usize::from(s.first().is_some_and(|f| f.weight >= 40.0));
            tm_fp += usize::from(!typomania_setup::squat_targets(&harness, name).is_empty());
        }
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;

        // Speed over every name above, one thread, a few rounds.
        let names: Vec<&String> = all_typo.iter().chain(&randoms).collect();
        let rounds = 3;
        let total = (names.len() * rounds) as f64;
        let (t, c) = (Instant::now(), cpu_seconds());
        let mut sink = 0;
        for _ in 0..rounds {
            for n in &names {
                sink += index.check(n).len();
            }
        }
        let bw_rate = total / t.elapsed().as_secs_f64();
        let bw_cpu = c.zip(cpu_seconds()).map(|(a, b)| total / (b - a).max(0.01));
        let (t, c) = (Instant::now(), cpu_seconds());
        for _ in 0..rounds {
            for n in &names {
                sink += typomania_setup::squat_targets(&harness, n).len();
            }
        }
        let tm_rate = total / t.elapsed().as_secs_f64();
        let tm_cpu = c.zip(cpu_seconds()).map(|(a, b)| total / (b - a).max(0.01));

        // The same list with single edits only.
        let t = Instant::now();
        let fast = PopularIndex::builder()
            .ecosystem(eco.clone())
            .with_defaults(true)
            .one_edit_only(true)
            .build()
            .unwrap();
        let fast_build = t.elapsed();
        let fast_named = cases
            .iter()
            .filter(|(name, target)| {
                fast.check(name)
                    .iter()
                    .any(|s| normalize_name(&eco, &s.target) == *target)
            })
            .count();
        let (t, c) = (Instant::now(), cpu_seconds());
        for _ in 0..rounds {
            for n in &names {
                sink += fast.check(n).len();
            }
        }
        let fast_rate = total / t.elapsed().as_secs_f64();
        let fast_cpu = c.zip(cpu_seconds()).map(|(a, b)| total / (b - a).max(0.01));

        println!(
            "{eco}: {} popular names; typomania harness built in {:.1} ms",
            index.len(),
            tm_build.as_secs_f64() * 1e3
        );
        println!(
            "  typosquat records with target in list: {}  baitwatch names target {} ({:.1}%), at weight>=40 {} ({:.1}%)  typomania {} ({:.1}%)",
            cases.len(),
            bw,
            pct(bw, cases.len()),
            bw40,
            pct(bw40, cases.len()),
            tm,
            pct(tm, cases.len())
        );
        println!(
            "  all typosquat records: {}  any squat: baitwatch {:.1}%  typomania {:.1}%",
            all_typo.len(),
            pct(bw_any, all_typo.len()),
            pct(tm_any, all_typo.len())
        );
        println!(
            "  benign random names: {}  flagged: baitwatch any {:.2}% / weight>=40 {:.2}%  typomania {:.2}%",
            randoms.len(),
            pct(bw_fp, randoms.len()),
            pct(bw_fp40, randoms.len()),
            pct(tm_fp, randoms.len())
        );
        println!(
            "  speed (1 thread, {} names x {rounds}), per wall second: baitwatch {:.0} names/s  typomania {:.0} names/s  ratio {:.1}x  [{sink}]",
            names.len(),
            bw_rate,
            tm_rate,
            bw_rate / tm_rate
        );
        println!(
            "  one-edit-only index (built in {:.1} ms, ~{:.1} MiB): names target {} ({:.1}%); {:.0} names/s wall{}",
            fast_build.as_secs_f64() * 1e3,
            fast.heap_bytes() as f64 / f64::from(1 << 20),
            fast_named,
            pct(fast_named, cases.len()),
            fast_rate,
            fast_cpu
                .map(|r| format!(", {r:.0} per CPU second"))
                .unwrap_or_default()
        );
        if let (Some(b), Some(t)) = (bw_cpu, tm_cpu) {
            println!(
                "  per CPU second: baitwatch {b:.0} names/s  typomania {t:.0} names/s  ratio {:.1}x",
                b / t
            );
        }
    }
}
