//! Recall and false alarms on the evaluation corpus beside the project
//! (skipped with a message when it is absent). The figures with examples
//! come from `cargo run --release -p baitwatch-lure --example lure_eval`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use baitwatch_lure::LureDetector;
use baitwatch_metadata::{Finding, Package};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    if dir.join("malicious.jsonl").is_file() {
        Some(dir)
    } else {
        eprintln!("corpus not found at {}: skipping", dir.display());
        None
    }
}

fn score(findings: &[Finding]) -> f64 {
    let mut per_rule: BTreeMap<&str, f64> = BTreeMap::new();
    for f in findings {
        let e = per_rule.entry(&f.rule).or_insert(0.0);
        *e = e.max(f.weight);
    }
    per_rule.values().sum::<f64>().min(100.0)
}

#[test]
fn lure_spam_recall_and_benign_false_alarms() {
    let Some(dir) = corpus() else { return };
    let det = LureDetector::new();

    let text = std::fs::read_to_string(dir.join("malicious.jsonl")).unwrap();
    let (mut n, mut flagged) = (0usize, 0usize);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let first = v["label_rules"]
            .get(0)
            .and_then(|r| r.as_str())
            .unwrap_or("");
        if !(first.starts_with("spam:keyword") || first.starts_with("spam:name-lure-tokens")) {
            continue;
        }
        let p = Package::from_json(line.as_bytes()).unwrap();
        n += 1;
        flagged += usize::from(score(&det.findings(&p)) >= 40.0);
    }
    assert!(n > 0);
    assert!(
        flagged * 100 >= n * 99,
        "spam recall {flagged}/{n} below 99%"
    );

    let Ok(text) = std::fs::read_to_string(dir.join("benign-sample.jsonl")) else {
        return;
    };
    let (mut n, mut flagged, mut popular_malicious) = (0usize, 0usize, 0usize);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let popular = v["sample"].as_str().is_some_and(|s| !s.contains("random"));
        let p = Package::from_json(line.as_bytes()).unwrap();
        let s = score(&det.findings(&p));
        n += 1;
        flagged += usize::from(s >= 40.0);
        popular_malicious += usize::from(popular && s >= 70.0);
    }
    assert!(
        flagged * 1000 <= n * 2,
        "benign flagged {flagged}/{n} above 0.2%"
    );
    assert_eq!(popular_malicious, 0);
}
