//! The false-alarm bound on the evaluation corpus: at most 1 % of benign
//! records get `links.*` findings that alone make them suspicious. Skips
//! with a message when the corpus is absent.

use std::collections::BTreeMap;
use std::io::BufRead;

use baitwatch_links::LinksDetector;
use baitwatch_metadata::Package;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

#[test]
fn benign_records_rarely_flag() {
    let detector = LinksDetector::new();
    for name in ["benign-readmes.jsonl", "benign-sample.jsonl"] {
        let path = std::path::Path::new(CORPUS).join(name);
        let Ok(file) = std::fs::File::open(&path) else {
            println!("skipping: {} is absent", path.display());
            continue;
        };
        let (mut n, mut flagged) = (0usize, Vec::new());
        for line in std::io::BufReader::new(file).lines() {
            let Ok(line) = line else { break };
            let Ok(p) = Package::from_json(line.as_bytes()) else {
                continue;
            };
            n += 1;
            let mut best: BTreeMap<String, f64> = BTreeMap::new();
            for f in detector.scan(&p) {
                let e = best.entry(f.rule).or_insert(0.0);
                *e = e.max(f.weight);
            }
            if best.values().sum::<f64>() >= 40.0 {
                flagged.push(p.name);
            }
        }
        assert!(n > 0, "{name} has no records");
        assert!(
            flagged.len() * 100 <= n,
            "{name}: {} of {n} flagged: {flagged:?}",
            flagged.len()
        );
    }
}
