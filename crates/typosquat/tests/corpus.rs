//! Acceptance figures on the evaluation corpus beside the project
//! (`../shared/corpus`); skipped with a message when it is absent. The
//! full report is `cargo run --release --example corpus_eval`.

use baitwatch_metadata::{Ecosystem, normalize_name};
use baitwatch_typosquat::PopularIndex;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

fn records(file: &str) -> Option<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(format!("{CORPUS}/{file}")).ok()?;
    Some(
        text.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect(),
    )
}

fn eco(v: &serde_json::Value) -> Ecosystem {
    let Ok(e) = v["ecosystem"].as_str().unwrap_or("").parse();
    e
}

#[test]
fn typosquats_with_listed_targets_are_named() {
    let Some(mal) = records("malicious.jsonl") else {
        println!("SKIPPED: no corpus at {CORPUS}");
        return;
    };
    let (mut n, mut named) = (0usize, 0usize);
    for v in &mal {
        let labelled = v["labels"]
            .as_array()
            .is_some_and(|l| l.iter().any(|x| x == "typosquat"));
        let (Some(target), Some(name)) = (v["typosquat_target"].as_str(), v["name"].as_str())
        else {
            continue;
        };
        let e = eco(v);
        let Some(ix) = PopularIndex::embedded(&e) else {
            continue;
        };
        if !labelled || !ix.contains(target) {
            continue;
        }
        n += 1;
        let t = normalize_name(&e, target);
        named += usize::from(
            ix.check(name)
                .iter()
                .any(|s| normalize_name(&e, &s.target) == t),
        );
    }
    let share = named as f64 / n.max(1) as f64;
    println!(
        "typosquat records naming their listed target: {named} of {n} ({:.1}%)",
        share * 100.0
    );
    assert!(n > 1_000);
    assert!(share >= 0.95, "{share}");
}

#[test]
fn benign_random_names_are_rarely_suspicious() {
    let Some(benign) = records("benign-sample.jsonl") else {
        println!("SKIPPED: no corpus at {CORPUS}");
        return;
    };
    for sample in ["npm-random-seed42", "pypi-random-seed42"] {
        let (mut n, mut flagged) = (0usize, 0usize);
        for v in benign.iter().filter(|v| v["sample"] == sample) {
            let e = eco(v);
            let ix = PopularIndex::embedded(&e).unwrap();
            let name = v["name"].as_str().unwrap_or("");
            if ix.contains(name) {
                continue;
            }
            n += 1;
            let best = ix.check(name).first().map_or(0.0, |s| s.weight);
            flagged += usize::from(best >= 40.0);
        }
        let share = flagged as f64 / n.max(1) as f64;
        println!(
            "{sample}: {flagged} of {n} at weight >= 40 ({:.2}%)",
            share * 100.0
        );
        assert!(share <= 0.01, "{sample}: {share}");
    }
}
