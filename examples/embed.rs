//! Embedding baitwatch in a scanner: score a package in a few lines.
//!
//! ```sh
//! cargo run --example embed
//! ```

use baitwatch::{Ecosystem, Package, Scanner};

fn main() {
    // Build the scanner once (embedded lexicon and popular-name lists) and share it.
    let scanner = Scanner::new();

    // A package from anywhere: here built by hand; `Package::from_json` reads a
    // JSONL record and `baitwatch::metadata::parse_document` any registry document.
    let mut pkg = Package::new(Ecosystem::Npm, "free-robux-generator-2026-no-verification");
    pkg.version = "1.0.0".into();
    pkg.summary =
        "Free Robux generator 2026, no human verification! Claim at https://bit.ly/xx".into();

    let report = scanner.scan(&pkg);
    println!(
        "{} -> {} (score {})",
        report.name, report.verdict, report.score
    );
    for f in &report.findings {
        println!(
            "  +{:<5} {:<32} {}",
            f.contribution, f.finding.rule, f.finding.message
        );
    }
}
