//! Replays every input kept in `fuzz/regressions/` (see its README): each
//! one once crashed a fuzz target, and must now be handled without a panic
//! and with the target's invariants holding.

use std::fs;
use std::path::{Path, PathBuf};

use baitwatch::metadata::{archive, detect_format, npm, nuget, parse_document, pypi};
use baitwatch::text::Normalizer;
use baitwatch::{Ecosystem, Limits, Package, Scanner};

const NAME_HINTS: &[Option<&str>] = &[
    None,
    Some("package.json"),
    Some("left-pad.packument.json"),
    Some("x.pypi.json"),
    Some("PKG-INFO"),
    Some("METADATA"),
    Some("X.nuspec"),
    Some("x.registration.json"),
    Some("x.jsonl"),
    Some("x-1.0.0.tgz"),
    Some("x-1.0.tar.gz"),
    Some("x-1.0-py3-none-any.whl"),
    Some("X.1.0.0.nupkg"),
    Some("x.zip"),
];

fn tight() -> Limits {
    let mut l = Limits::default();
    l.max_document_bytes = 4096;
    l.max_text_bytes = 64;
    l.max_json_depth = 4;
    l.max_links = 2;
    l.max_archive_entries = 4;
    l.max_uncompressed_bytes = 1 << 14;
    l.max_compression_ratio = 3;
    l
}

fn check_spans(p: &Package, report: &baitwatch::Report) {
    for f in &report.findings {
        let f = &f.finding;
        if let (Some(span), Some(text)) = (&f.span, f.field.text(p)) {
            assert!(
                text.get(span.clone()).is_some(),
                "{}: span {span:?}",
                f.rule
            );
        }
    }
}

/// Replays one input the way target `target` reads it.
fn replay(target: &str, path: &Path) {
    let data = fs::read(path).unwrap();
    let defaults = Limits::default();
    match target {
        "parse_document" | "archive" => {
            for hint in NAME_HINTS {
                let _ = detect_format(&data, *hint);
                let _ = parse_document(&data, *hint, &defaults);
                let _ = archive::read_archive(&data, *hint, &defaults);
                let _ = archive::read_archive(&data, *hint, &tight());
            }
        }
        "formats" => {
            let Some((&selector, doc)) = data.split_first() else {
                return;
            };
            for limits in [defaults.clone(), tight()] {
                let _ = match selector & 7 {
                    0 => npm::parse_package_json(doc, &limits),
                    1 => npm::parse_packument(doc, &limits),
                    2 => pypi::parse_json_api(doc, &limits),
                    3 => pypi::parse_core_metadata(doc, &limits),
                    4 => nuget::parse_nuspec(doc, &limits),
                    5 => nuget::parse_registration(doc, &limits),
                    6 => Package::from_json_with_limits(doc, &limits),
                    _ => Ok(Package::new(
                        Ecosystem::Npm,
                        npm::normalize_repository(&String::from_utf8_lossy(doc)),
                    )),
                };
            }
        }
        "jsonl_record" => {
            for eco in [
                None,
                Some(Ecosystem::Npm),
                Some(Ecosystem::PyPI),
                Some(Ecosystem::NuGet),
            ] {
                if let Ok(p) = Package::from_json_with(&data, &defaults, eco.as_ref()) {
                    let json = serde_json::to_vec(&p).unwrap();
                    let again = Package::from_json_with(&json, &defaults, None).unwrap();
                    assert_eq!(p, again, "round trip changed the record");
                }
            }
        }
        "text_normalize" => {
            let Some((_, rest)) = data.split_first() else {
                return;
            };
            let text = String::from_utf8_lossy(rest);
            let n = Normalizer::new().normalize(&text);
            for view in n.views() {
                for (range, _) in view.words() {
                    if let Some(span) = view.original_span(range) {
                        assert!(text.get(span).is_some());
                    }
                }
            }
        }
        _ => {
            // Package-building targets: only the JSON form is replayed.
            if path.extension().is_none_or(|e| e != "json") {
                return;
            }
            let v: serde_json::Value = serde_json::from_slice(&data).unwrap();
            let packages: Vec<Package> = match v {
                serde_json::Value::Array(items) => items
                    .into_iter()
                    .map(|i| serde_json::from_value(i).unwrap())
                    .collect(),
                one => vec![serde_json::from_value(one).unwrap()],
            };
            let scanner = Scanner::new();
            for p in &packages {
                let report = scanner.scan(p);
                check_spans(p, &report);
                assert_eq!(report, scanner.scan(p));
            }
        }
    }
}

fn inputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions"));
    let mut out = Vec::new();
    let Ok(targets) = fs::read_dir(root) else {
        return out;
    };
    for t in targets.flatten().filter(|e| e.path().is_dir()) {
        let target = t.file_name().to_string_lossy().into_owned();
        for f in fs::read_dir(t.path()).unwrap().flatten() {
            out.push((target.clone(), f.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_kept_crash_input_replays_cleanly() {
    let inputs = inputs();
    println!("replaying {} fuzz regression inputs", inputs.len());
    for (target, path) in &inputs {
        println!("{target}: {}", path.display());
        replay(target, path);
    }
}
