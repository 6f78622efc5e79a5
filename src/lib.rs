//! baitwatch finds the bogus packages that automated campaigns publish to
//! npm, PyPI and NuGet — lure spam (game cheats, free currency, gift cards,
//! followers, cracks, piracy), phishing and referral links, and typosquats
//! of popular names — offline, fast, and with the evidence for every
//! finding.
//!
//! This crate is the thin facade: it re-exports each detector crate as a
//! module and adds the scoring glue ([`Scanner`], [`Config`], [`Report`]).
//!
//! ```
//! use baitwatch::{Ecosystem, Package, Scanner, Verdict};
//!
//! let scanner = Scanner::new();
//! let pkg = Package::from_json(br#"{"ecosystem":"npm","name":"left-pad","version":"1.3.0",
//!     "summary":"String left pad","repository":"https://github.com/stevemao/left-pad"}"#)?;
//! let report = scanner.scan(&pkg);
//! assert_eq!(report.verdict, Verdict::Benign);
//! println!("{}", serde_json::to_string(&report).unwrap());
//! # Ok::<(), baitwatch::metadata::Error>(())
//! ```
//!
//! # Untrusted input
//!
//! Every field of a [`Package`] is attacker-written. Detectors never panic
//! and bound their own work; the scanner examines at most
//! `config.limits.max_text_bytes` of any text field and says so with a
//! `limits.text-truncated` finding when it cuts. Document readers take the
//! bounds of [`Limits`] (document size, archive entries, decompressed bytes,
//! compression ratio, nesting depth).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod config;
mod report;
mod scanner;

pub use baitwatch_campaign as campaign;
pub use baitwatch_links as links;
pub use baitwatch_lure as lure;
pub use baitwatch_metadata as metadata;
pub use baitwatch_text as text;
pub use baitwatch_typosquat as typosquat;

pub use baitwatch_metadata::{
    Category, Detector, Ecosystem, Field, Finding, Limits, Package, normalize_name,
};
pub use config::{Config, DEFAULT_MALICIOUS, DEFAULT_SUSPICIOUS};
pub use report::{Report, ScoredFinding, Verdict};
pub use scanner::{BuildError, Scanner, ScannerBuilder, default_detectors, score_of};

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_sync() {
        assert_send_sync::<Scanner>();
        assert_send_sync::<ScannerBuilder>();
        assert_send_sync::<Config>();
        assert_send_sync::<Report>();
        assert_send_sync::<Verdict>();
        assert_send_sync::<BuildError>();
        assert_send_sync::<Package>();
        assert_send_sync::<Finding>();
    }

    struct Fixed(&'static str, f64);
    impl Detector for Fixed {
        fn name(&self) -> &str {
            "fixed"
        }
        fn detect(&self, _: &Package, out: &mut Vec<Finding>) {
            out.push(Finding::new(self.0, self.1, Field::Name, "x", "fixed"));
            out.push(Finding::new(
                self.0,
                self.1 / 2.0,
                Field::Summary,
                "y",
                "fixed",
            ));
        }
    }

    #[test]
    fn score_counts_each_rule_once_and_clamps() {
        let scanner = Scanner::builder()
            .without_default_detectors()
            .detector(Fixed("lure.a", 50.0))
            .detector(Fixed("lure.b", 30.0))
            .build()
            .unwrap();
        let r = scanner.scan(&Package::new(Ecosystem::Npm, "x"));
        assert_eq!(r.score, 80.0);
        assert_eq!(r.verdict, Verdict::Malicious);
        assert_eq!(r.findings.len(), 4);
        assert_eq!(r.findings[0].contribution, 50.0);
        let s: f64 = r.findings.iter().map(|f| f.contribution).sum();
        assert_eq!(s, r.score);

        let scanner = Scanner::builder()
            .without_default_detectors()
            .detector(Fixed("lure.a", 90.0))
            .detector(Fixed("lure.b", 90.0))
            .build()
            .unwrap();
        assert_eq!(
            scanner.scan(&Package::new(Ecosystem::Npm, "x")).score,
            100.0
        );
    }

    #[test]
    fn config_overrides_and_thresholds() {
        let mut config = Config::default();
        config.weights.insert("lure.a".into(), 45.0);
        config.disabled_rules.insert("lure.b".into());
        let scanner = Scanner::builder()
            .config(config)
            .without_default_detectors()
            .detector(Fixed("lure.a", 10.0))
            .detector(Fixed("lure.b", 30.0))
            .build()
            .unwrap();
        let r = scanner.scan(&Package::new(Ecosystem::Npm, "x"));
        assert_eq!(r.score, 45.0);
        assert_eq!(r.verdict, Verdict::Suspicious);

        let bad = Config {
            suspicious_threshold: 80.0,
            ..Config::default()
        };
        assert!(matches!(
            Scanner::builder().config(bad).build(),
            Err(BuildError::Thresholds { .. })
        ));
        assert!(matches!(
            Scanner::builder().without_default_detectors().build(),
            Err(BuildError::NoDetector)
        ));
    }

    #[test]
    fn long_text_is_cut_and_reported() {
        let mut config = Config::default();
        config.limits.max_text_bytes = 10;
        let scanner = Scanner::builder().config(config).build().unwrap();
        let mut p = Package::new(Ecosystem::PyPI, "x");
        p.description = "é".repeat(20);
        let r = scanner.scan(&p);
        assert!(
            r.findings
                .iter()
                .any(|f| f.finding.rule == "limits.text-truncated")
        );
    }

    #[test]
    fn report_serialises_as_the_contract() {
        let r = Scanner::new().scan(&Package::new(Ecosystem::NuGet, "A.B"));
        let v: serde_json::Value = serde_json::to_value(&r).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        for k in [
            "ecosystem",
            "name",
            "version",
            "score",
            "verdict",
            "findings",
        ] {
            assert!(keys.contains(&k), "{k}");
        }
        let f = &v["findings"][0];
        for k in [
            "rule",
            "category",
            "weight",
            "field",
            "evidence",
            "message",
            "contribution",
        ] {
            assert!(f.get(k).is_some(), "{k}");
        }
    }
}
