//! Scoring configuration: weights by rule, the two thresholds, input bounds.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::Limits;

/// Default score at and above which a package is [`crate::Verdict::Suspicious`].
pub const DEFAULT_SUSPICIOUS: f64 = 40.0;
/// Default score at and above which a package is [`crate::Verdict::Malicious`].
pub const DEFAULT_MALICIOUS: f64 = 70.0;

/// How findings become a score and a verdict.
///
/// A package's score is the sum, over the rule ids that fired, of the
/// weight of that rule (the detector's default weight for the finding, or
/// the override in [`Config::weights`]), counting each rule once (its
/// highest-weighted finding), clamped to 0..=100. The verdict is
/// `malicious` at or above [`Config::malicious_threshold`], `suspicious` at
/// or above [`Config::suspicious_threshold`], `benign` below.
///
/// Serialisable, so a configuration can be kept in a JSON file:
///
/// ```
/// use baitwatch::Config;
/// let config: Config = serde_json::from_str(r#"{"suspicious_threshold": 35, "weights": {"metadata.empty-description": 0}}"#)?;
/// assert_eq!(config.malicious_threshold, 70.0);
/// assert_eq!(config.weight_of("metadata.empty-description", 6.0), 0.0);
/// assert_eq!(config.weight_of("lure.something", 50.0), 50.0);
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
    /// Weight overrides by rule id; rules not named keep their detector's weight.
    pub weights: BTreeMap<String, f64>,
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
            disabled_rules: BTreeSet::new(),
            limits: Limits::default(),
        }
    }
}

impl Config {
    /// The weight a finding of `rule` counts with, given its detector's default.
    pub fn weight_of(&self, rule: &str, default: f64) -> f64 {
        let w = self.weights.get(rule).copied().unwrap_or(default);
        if w.is_finite() {
            w.clamp(0.0, 100.0)
        } else {
            0.0
        }
    }
}
