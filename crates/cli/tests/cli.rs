//! Runs the real `baitwatch` binary over fixtures and checks the output contract.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_baitwatch"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = bin();
    cmd.args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn baitwatch");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            // A run that does not read standard input may exit before we
            // finish writing: a broken pipe then is not a failure.
            if let Err(e) = input.write_all(bytes) {
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
            }
        }
    }
    child.wait_with_output().unwrap()
}

fn jsonl_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

#[test]
fn jsonl_one_line_per_record_in_order_with_error_records() {
    let input = b"{\"ecosystem\":\"npm\",\"name\":\"a\"}\n\
        not json\n\
        \n\
        {\"ecosystem\":\"pypi\",\"name\":\"b\"}\n\
        {\"ecosystem\":\"npm\"}\n\
        {\"ecosystem\":\"nuget\",\"name\":\"C.D\"}";
    let out = run(&["scan", "--format", "jsonl", "-"], Some(input));
    let lines = jsonl_lines(&out);
    assert_eq!(lines.len(), 5, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(lines[0]["name"], "a");
    assert_eq!(lines[1]["input"], "<stdin>:2");
    assert!(lines[1]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(lines[2]["name"], "b");
    assert_eq!(lines[3]["input"], "<stdin>:5");
    assert_eq!(lines[4]["name"], "C.D");
    for l in [&lines[0], &lines[2], &lines[4]] {
        for k in [
            "ecosystem",
            "name",
            "version",
            "score",
            "verdict",
            "findings",
        ] {
            assert!(l.get(k).is_some(), "{k} missing in {l}");
        }
    }
}

#[test]
fn ecosystem_flag_fills_missing_registry() {
    let out = run(
        &["scan", "--format", "jsonl", "--ecosystem", "pypi", "-"],
        Some(b"{\"name\":\"x\"}\n"),
    );
    let lines = jsonl_lines(&out);
    assert_eq!(lines[0]["ecosystem"], "pypi");
}

#[test]
fn exit_status() {
    // Benign only: 0.
    let ok = br#"{"ecosystem":"pypi","name":"requests","version":"2.32.3","summary":"Python HTTP for Humans.","homepage":"https://requests.readthedocs.io"}"#;
    let out = run(&["scan", "-"], Some(ok));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Only a bad record: 2.
    let out = run(&["scan", "-"], Some(b"{oops\n"));
    assert_eq!(out.status.code(), Some(2));
    // Missing path: 2, and the other inputs are still scanned.
    let out = run(
        &["scan", "--format", "jsonl", "/nonexistent/baitwatch", "-"],
        Some(ok),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(jsonl_lines(&out).len(), 2);
    // Usage error: 2.
    let out = run(&["scan", "--format", "nope"], None);
    assert_eq!(out.status.code(), Some(2));
    // Something flagged: 1.
    let out = run(&["scan", "examples/data/spam/mixed-batch.jsonl"], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn json_format_is_one_array() {
    let out = run(
        &["scan", "--format", "json", "-"],
        Some(b"{\"ecosystem\":\"npm\",\"name\":\"a\"}\nbad\n"),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn scans_the_bundled_samples_directory() {
    let out = run(&["scan", "--format", "jsonl", "examples/data"], None);
    let lines = jsonl_lines(&out);
    assert!(
        lines.len() >= 10,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every sample document format is read (no error records but the deliberate bad line).
    let errors: Vec<_> = lines.iter().filter(|l| l.get("error").is_some()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let verdict_of = |name: &str| {
        lines
            .iter()
            .find(|l| l["name"] == name)
            .map(|l| l["verdict"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{name} not scanned"))
    };
    assert_eq!(verdict_of("requests"), "benign");
    // A token-farm name of lorem-ipsum filler words is flagged by its name alone.
    assert_eq!(verdict_of("@acmefarm/nemo-veritatis-sint"), "suspicious");
    // Dependency confusion: an all-nines version and nothing said about it.
    assert_eq!(verdict_of("acme-internal-ledger"), "suspicious");
    // Two words of `eslint-plugin-import` made plural.
    assert_eq!(verdict_of("eslints-plugins-import"), "malicious");
    // A support-line scam: a number to call and a helpline.
    assert_eq!(verdict_of("zapcoin-wallet-help-desk"), "malicious");
}

#[test]
fn corrupt_line_in_the_corpus_keeps_every_other_record() {
    let corpus = repo().join("../shared/corpus/malicious.jsonl");
    let Ok(text) = std::fs::read_to_string(&corpus) else {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    };
    // The first 2,000 records with a corrupt line in the middle.
    let mut lines: Vec<&str> = text.lines().take(2000).collect();
    lines.insert(1000, "{\"ecosystem\": \"npm\", \"name\": ");
    let input = lines.join("\n");
    let out = run(&["scan", "--format", "jsonl", "-"], Some(input.as_bytes()));
    let got = jsonl_lines(&out);
    assert_eq!(got.len(), lines.len());
    assert_eq!(got[1000]["input"], "<stdin>:1001");
    assert!(
        got.iter()
            .enumerate()
            .all(|(i, l)| i == 1000 || l.get("verdict").is_some())
    );
}

/// Six generated siblings, one bad line, one ordinary package.
const CAMPAIGN_BATCH: &[u8] =
    b"{\"ecosystem\":\"npm\",\"name\":\"cash-app-money-generator-new-a566ea\"}\n\
    {\"ecosystem\":\"npm\",\"name\":\"cash-app-money-generator-new-ae44sa\"}\n\
    {\"ecosystem\":\"npm\",\"name\": \n\
    {\"ecosystem\":\"npm\",\"name\":\"cash-app-money-generator-new-k2j4h7\"}\n\
    {\"ecosystem\":\"npm\",\"name\":\"left-pad\",\"summary\":\"String left pad\"}\n\
    {\"ecosystem\":\"npm\",\"name\":\"cash-app-money-generator-new-zz9x8w\"}\n\
    {\"ecosystem\":\"npm\",\"name\":\"cash-app-money-generator-new-q1w2e3\"}\n\
    {\"ecosystem\":\"npm\",\"name\":\"cash-app-money-generator-new-plq7m3\"}\n";

#[test]
fn campaigns_groups_a_batch_with_a_bad_line() {
    let out = run(
        &["campaigns", "--format", "jsonl", "-"],
        Some(CAMPAIGN_BATCH),
    );
    assert_eq!(out.status.code(), Some(1), "a campaign was found");
    let lines = jsonl_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["input"], "<stdin>:3");
    assert!(lines[0]["error"].is_string());
    let c = &lines[1];
    assert_eq!(c["campaign"], 1);
    assert_eq!(c["size"], 6);
    assert_eq!(c["signals"][0]["rule"], "campaign.name-template");
    assert_eq!(
        c["signals"][0]["evidence"],
        "cash-app-money-generator-new-{x}"
    );
    let members = c["members"].as_array().unwrap();
    assert_eq!(members.len(), 6);
    assert_eq!(members[0]["input"], "<stdin>:1");
    assert_eq!(members[2]["input"], "<stdin>:4");
    assert!(members.iter().all(|m| m["name"] != "left-pad"));

    // The same batch as one JSON document and as text.
    let out = run(
        &["campaigns", "--format", "json", "-"],
        Some(CAMPAIGN_BATCH),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"], 7);
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
    assert_eq!(v["campaigns"][0]["size"], 6);
    let out = run(&["campaigns", "-"], Some(CAMPAIGN_BATCH));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("campaign #1: 6 packages"), "{text}");
    assert!(text.contains("campaign.name-template"), "{text}");
    assert!(text.contains("<stdin>:3: error:"), "{text}");

    // Fewer members than --min-size: no campaign, and the bad line makes it 2.
    let out = run(&["campaigns", "--min-size", "7", "-"], Some(CAMPAIGN_BATCH));
    assert_eq!(out.status.code(), Some(2));
    // --min-size below 2 is a usage error.
    let out = run(&["campaigns", "--min-size", "1", "-"], Some(CAMPAIGN_BATCH));
    assert_eq!(out.status.code(), Some(2));
    // Nothing grouped, nothing wrong: 0.
    let out = run(
        &["campaigns", "-"],
        Some(b"{\"ecosystem\":\"npm\",\"name\":\"left-pad\"}\n"),
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn scan_with_campaigns_adds_campaign_findings_in_input_order() {
    let plain = jsonl_lines(&run(
        &["scan", "--format", "jsonl", "-"],
        Some(CAMPAIGN_BATCH),
    ));
    let out = run(
        &["scan", "--campaigns", "--format", "jsonl", "-"],
        Some(CAMPAIGN_BATCH),
    );
    let with = jsonl_lines(&out);
    assert_eq!(with.len(), 8);
    assert_eq!(plain.len(), 8);
    assert_eq!(with[2]["input"], "<stdin>:3");
    let rules = |l: &serde_json::Value| -> Vec<String> {
        l["findings"]
            .as_array()
            .map(|f| {
                f.iter()
                    .map(|f| f["rule"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    for (i, (a, b)) in plain.iter().zip(&with).enumerate() {
        assert_eq!(a["name"], b["name"], "order kept at {i}");
        if i == 2 {
            continue;
        }
        let campaign = rules(b).iter().any(|r| r.starts_with("campaign."));
        if b["name"] == "left-pad" {
            assert!(!campaign);
            assert_eq!(a["score"], b["score"]);
        } else {
            assert!(campaign, "{b}");
            assert!(rules(b).contains(&"campaign.name-template".to_owned()));
            assert!(!rules(a).iter().any(|r| r.starts_with("campaign.")));
            assert!(b["score"].as_f64() >= a["score"].as_f64());
        }
    }
    // A package whose score rises: a campaign of a bland template.
    let bland: String = (0..6)
        .map(|i| format!("{{\"ecosystem\":\"npm\",\"name\":\"blue-widget-kit-{i}x9q{i}z7\"}}\n"))
        .collect();
    let plain = jsonl_lines(&run(
        &["scan", "--format", "jsonl", "-"],
        Some(bland.as_bytes()),
    ));
    let with = jsonl_lines(&run(
        &["scan", "--campaigns", "--format", "jsonl", "-"],
        Some(bland.as_bytes()),
    ));
    for (a, b) in plain.iter().zip(&with) {
        assert!(
            b["score"].as_f64().unwrap() > a["score"].as_f64().unwrap(),
            "{a} vs {b}"
        );
    }
}

#[test]
fn help_says_campaigns_memory_grows_with_the_batch() {
    let out = run(&["scan", "--help"], None);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("--campaigns"), "{help}");
    assert!(help.contains("memory then grows with the batch"), "{help}");
}

/// `scan --format sarif examples/data` is SARIF 2.1.0 as GitHub code
/// scanning reads it: one run, the tool's rules, and results that name a
/// known rule, a level, a message, the file and the package field.
#[test]
fn sarif_structure_on_the_samples() {
    let out = run(
        &[
            "scan",
            "--format",
            "sarif",
            "--progress",
            "never",
            "examples/data",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the samples hold flagged packages"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run0 = &runs[0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "baitwatch");
    assert!(driver["version"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    let mut ids = Vec::new();
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert!(id.contains('.'), "rule ids are <category>.<name>: {id}");
        // Describes the rule, not one package's finding.
        let short = r["shortDescription"]["text"].as_str().unwrap();
        let (category, name) = id.split_once('.').unwrap();
        assert_eq!(short, format!("{category}: {}", name.replace('-', " ")));
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
        let severity: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&severity));
        ids.push(id.to_owned());
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "each rule once");
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let mut fields = std::collections::BTreeSet::new();
    for r in results {
        let rule = r["ruleId"].as_str().unwrap();
        assert!(
            ids.iter().any(|i| i == rule),
            "result names a declared rule: {rule}"
        );
        if let Some(i) = r["ruleIndex"].as_u64() {
            assert_eq!(ids[i as usize], rule);
        }
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let loc = &r["locations"][0];
        let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("examples/data/"), "{uri}");
        assert!(repo().join(uri).exists(), "the file exists: {uri}");
        let logical = &loc["logicalLocations"][0];
        let fq = logical["fullyQualifiedName"].as_str().unwrap();
        let field = fq.rsplit('/').next().unwrap();
        fields.insert(field.to_owned());
        assert!(
            r["partialFingerprints"]
                .as_object()
                .is_some_and(|o| !o.is_empty())
        );
    }
    assert!(
        fields.contains("name"),
        "findings located at package fields: {fields:?}"
    );
    // JSONL input: the line of the record is the region.
    let out = run(
        &[
            "scan",
            "--format",
            "sarif",
            "--progress",
            "never",
            "examples/data/spam/mixed-batch.jsonl",
        ],
        None,
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .is_some_and(|l| l >= 1)
    }));
}
