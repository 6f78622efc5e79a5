//! Shared by the `evaluate` and `calibrate` examples: reading labelled
//! corpus records and forming the evaluation groups.

use std::io::BufRead;

use baitwatch::Package;

/// One labelled record: the package (never its labels) and its groups.
pub struct Record {
    pub package: Package,
    /// `"<ecosystem>\t<group>"` keys, see [`groups_of`].
    pub groups: Vec<String>,
    /// Whether the record carries any label (benign records carry none).
    pub labelled: bool,
}

/// Reads JSONL files of `Package` records with optional labels; returns
/// the records and the number of unreadable lines skipped. Exits with
/// status 2 when a file cannot be opened.
pub fn load(paths: &[String]) -> (Vec<Record>, u64) {
    let mut records = Vec::new();
    let mut unreadable = 0u64;
    for path in paths {
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
    (records, unreadable)
}

/// The groups of a record: each label; `spam/lure-name`;
/// `typosquat/popular-target`; `benign` and `benign/<sample>`.
pub fn groups_of(v: &serde_json::Value, eco: &str) -> (Vec<String>, bool) {
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
pub fn is_popular(eco: &str, name: &str) -> bool {
    let eco: baitwatch::Ecosystem = eco.parse().unwrap_or(baitwatch::Ecosystem::Npm);
    popular_contains(&eco, name)
}

pub fn popular_contains(eco: &baitwatch::Ecosystem, name: &str) -> bool {
    baitwatch::typosquat::PopularIndex::embedded(eco).is_some_and(|idx| idx.contains(name))
}

/// Removes `flag` from `args`; whether it was there.
pub fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != flag);
    args.len() != before
}

/// Removes `flag` and its value from `args`; the value.
pub fn take_value(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    args.remove(i);
    (i < args.len()).then(|| args.remove(i))
}
