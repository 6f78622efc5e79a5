//! Scoring configuration: weights by rule, the two thresholds, input bounds.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::Limits;

/// Default score at and above which a package is [`crate::Verdict::Suspicious`].
pub const DEFAULT_SUSPICIOUS: f64 = 40.0;
/// Default score at and above which a package is [`crate::Verdict::Malicious`].
pub const DEFAULT_MALICIOUS: f64 = 70.0;

/// How findings become a score and a verdict.
///
/// A package's score is the sum, over the rule ids that fired, of the
/// weight of that rule, counting each rule once (its highest-weighted
/// finding), clamped to 0..=100. A finding's weight is the override in
/// [`Config::weights`] if its rule has one, else the detector's weight for
/// the finding times the rule's factor in [`Config::scales`] (the rule's
/// own entry, else its category's, else 1). The verdict is `malicious` at
/// or above [`Config::malicious_threshold`], `suspicious` at or above
/// [`Config::suspicious_threshold`], `benign` below.
///
/// The default scales are fitted on the labelled corpus by
/// `examples/calibrate.rs` and embedded from `data/calibration.json`
/// (see [`Config::calibrated_scales`]); [`Config::uncalibrated`] has none.
///
/// Serialisable, so a configuration can be kept in a JSON file:
///
/// ```
/// use baitwatch::Config;
/// let config: Config = serde_json::from_str(r#"{"suspicious_threshold": 35, "weights": {"metadata.empty-description": 0}}"#)?;
/// assert_eq!(config.malicious_threshold, 70.0);
/// assert_eq!(config.weight_of("metadata.empty-description", 6.0), 0.0);
/// assert_eq!(config.weight_of("lure.something", 50.0), 50.0 * config.scale_of("lure.something"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Config {
    /// Score at and above which the verdict is suspicious (default 40).
    pub suspicious_threshold: f64,
    /// Score at and above which the verdict is malicious (default 70).
    pub malicious_threshold: f64,
    /// Weight overrides by rule id; rules not named keep their detector's
    /// weight times their scale.
    pub weights: BTreeMap<String, f64>,
    /// Factors on detectors' weights, by rule id (`typosquat.two-edits`) or
    /// by category (`typosquat`); a rule's own entry wins over its
    /// category's. Defaults to [`Config::calibrated_scales`]; a
    /// configuration file that sets `scales` replaces them all.
    pub scales: BTreeMap<String, f64>,
    /// Rules whose findings are dropped entirely.
    pub disabled_rules: BTreeSet<String>,
    /// Bounds on the input examined.
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            suspicious_threshold: DEFAULT_SUSPICIOUS,
            malicious_threshold: DEFAULT_MALICIOUS,
            weights: BTreeMap::new(),
            scales: Config::calibrated_scales().clone(),
            disabled_rules: BTreeSet::new(),
            limits: Limits::default(),
        }
    }
}

/// The calibration file written by `examples/calibrate.rs`.
#[derive(Deserialize)]
struct Calibration {
    scales: BTreeMap<String, f64>,
}

static CALIBRATED: LazyLock<BTreeMap<String, f64>> = LazyLock::new(|| {
    serde_json::from_str::<Calibration>(include_str!("../data/calibration.json"))
        .map(|c| c.scales)
        .unwrap_or_default()
});

impl Config {
    /// The default configuration without the calibrated scales: every
    /// finding counts with its detector's own weight. The calibration
    /// program starts from here.
    ///
    /// ```
    /// use baitwatch::Config;
    /// assert!(Config::uncalibrated().scales.is_empty());
    /// assert_eq!(Config::uncalibrated().weight_of("typosquat.two-edits", 30.0), 30.0);
    /// ```
    pub fn uncalibrated() -> Config {
        Config {
            scales: BTreeMap::new(),
            ..Config::default()
        }
    }

    /// The factors fitted on the labelled corpus (`data/calibration.json`,
    /// written by `cargo run --release --example calibrate -- --write
    /// data/calibration.json ../shared/corpus/malicious.jsonl
    /// ../shared/corpus/benign-sample.jsonl`).
    pub fn calibrated_scales() -> &'static BTreeMap<String, f64> {
        &CALIBRATED
    }

    /// The factor on a detector's weight for `rule`: its own entry in
    /// [`Config::scales`], else its category's (the part before the first
    /// `.`), else 1.
    ///
    /// ```
    /// use baitwatch::Config;
    /// let mut config = Config::uncalibrated();
    /// config.scales.insert("typosquat".into(), 0.5);
    /// config.scales.insert("typosquat.homoglyph".into(), 1.2);
    /// assert_eq!(config.scale_of("typosquat.two-edits"), 0.5);
    /// assert_eq!(config.scale_of("typosquat.homoglyph"), 1.2);
    /// assert_eq!(config.scale_of("lure.name-template"), 1.0);
    /// ```
    pub fn scale_of(&self, rule: &str) -> f64 {
        let category = rule.split_once('.').map_or(rule, |(c, _)| c);
        let f = self
            .scales
            .get(rule)
            .or_else(|| self.scales.get(category))
            .copied()
            .unwrap_or(1.0);
        if f.is_finite() { f.max(0.0) } else { 1.0 }
    }

    /// The weight a finding of `rule` counts with, given its detector's
    /// weight for the finding: the override in [`Config::weights`], else
    /// the detector's weight times [`Config::scale_of`], within 0..=100.
    pub fn weight_of(&self, rule: &str, default: f64) -> f64 {
        let w = match self.weights.get(rule) {
            Some(w) => *w,
            None => default * self.scale_of(rule),
        };
        if w.is_finite() {
            w.clamp(0.0, 100.0)
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A calibration file that no longer parses would silently leave every
    /// factor at 1; it must parse and carry the factors it was written with.
    #[test]
    fn embedded_calibration_parses() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../data/calibration.json")).unwrap();
        let written = file["scales"].as_object().unwrap();
        let scales = Config::calibrated_scales();
        assert_eq!(scales.len(), written.len());
        for (rule, f) in written {
            assert_eq!(scales.get(rule).copied(), f.as_f64(), "{rule}");
        }
        assert_eq!(Config::default().scales, *scales);
    }
}
