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
            input.write_all(bytes).unwrap();
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
