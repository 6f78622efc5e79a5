//! Grouping the shared evaluation corpus (skipped when it is absent).
//! Corpus labels are read only to check the result.

use baitwatch_campaign::CampaignFinder;
use baitwatch_metadata::Package;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

fn load(file: &str) -> Option<Vec<(Package, bool)>> {
    let text = std::fs::read_to_string(format!("{CORPUS}/{file}")).ok()?;
    Some(
        text.lines()
            .filter_map(|l| {
                let p = Package::from_json(l.as_bytes()).ok()?;
                let lorem = l.contains("lorem-ipsum-generated-name");
                Some((p, lorem))
            })
            .collect(),
    )
}

#[test]
fn corpus_families_group_and_benign_rarely_do() {
    let (Some(mal), Some(benign)) = (load("malicious.jsonl"), load("benign-sample.jsonl")) else {
        eprintln!("corpus not found at {CORPUS}: skipping");
        return;
    };
    let mut f = CampaignFinder::new();
    let all: Vec<Package> = mal.iter().chain(&benign).map(|(p, _)| p.clone()).collect();
    f.add_batch(&all);
    let c = f.finish();
    let in_group = |pred: &dyn Fn(&(Package, bool)) -> bool| {
        let idx: Vec<usize> = (0..mal.len()).filter(|&i| pred(&mal[i])).collect();
        let grouped = idx.iter().filter(|&&i| c.campaign_of(i).is_some()).count();
        (idx.len(), grouped)
    };
    for (what, (n, g)) in [
        ("lorem", in_group(&|(p, l)| *l && p.name.starts_with('@'))),
        (
            "robux-2023",
            in_group(&|(p, _)| p.name.contains("-robux-generator-2023-")),
        ),
        (
            "cash-app",
            in_group(&|(p, _)| p.name.starts_with("cash-app-money-generator-")),
        ),
    ] {
        assert!(n > 0 && g * 10 >= n * 8, "{what}: {g} of {n} grouped");
    }
    let benign_in_benign_groups: usize = c
        .iter()
        .map(|camp| {
            let b = camp.members.iter().filter(|m| m.index >= mal.len()).count();
            if b * 2 > camp.size { b } else { 0 }
        })
        .sum();
    assert!(
        benign_in_benign_groups * 200 <= benign.len(),
        "{benign_in_benign_groups} benign records in mostly-benign groups"
    );
}
