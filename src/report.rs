//! What a scan says about one package.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Ecosystem, Finding};

/// The verdict for one package.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Verdict {
    /// Nothing, or too little, was found.
    Benign,
    /// Worth a person's look.
    Suspicious,
    /// Confidently bogus.
    Malicious,
}

impl Verdict {
    /// The lower-case name used in reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Benign => "benign",
            Verdict::Suspicious => "suspicious",
            Verdict::Malicious => "malicious",
        }
    }

    /// Whether this verdict is suspicious or malicious.
    pub fn is_flagged(&self) -> bool {
        *self >= Verdict::Suspicious
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Verdict {
    type Err = String;
    fn from_str(s: &str) -> Result<Verdict, String> {
        match s.to_ascii_lowercase().as_str() {
            "benign" => Ok(Verdict::Benign),
            "suspicious" => Ok(Verdict::Suspicious),
            "malicious" => Ok(Verdict::Malicious),
            other => Err(format!(
                "unknown verdict `{other}` (benign, suspicious or malicious)"
            )),
        }
    }
}

/// A finding as it counted in a report: the detector's finding with the
/// weight the configuration gave it and the points it added to the score
/// (0 when another finding of the same rule weighed more).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScoredFinding {
    /// The finding (its `weight` is the configured weight).
    #[serde(flatten)]
    pub finding: Finding,
    /// Points this finding added to the score.
    pub contribution: f64,
}

/// The report for one package: the serialised form is baitwatch's output
/// record (`{"ecosystem","name","version","score","verdict","findings"}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The registry.
    pub ecosystem: Ecosystem,
    /// The package name as published.
    pub name: String,
    /// The version, empty when unknown.
    pub version: String,
    /// 0 to 100.
    pub score: f64,
    /// The verdict from the score and the configured thresholds.
    pub verdict: Verdict,
    /// Every finding, the ones that added most first.
    pub findings: Vec<ScoredFinding>,
}

impl Report {
    /// Whether any finding of `category` was reported.
    pub fn has_category(&self, category: &crate::Category) -> bool {
        self.findings
            .iter()
            .any(|f| &f.finding.category == category)
    }
}

impl fmt::Display for Report {
    /// A few human lines: the verdict line, then one line per finding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let version = if self.version.is_empty() {
            String::new()
        } else {
            format!("@{}", self.version)
        };
        writeln!(
            f,
            "{}{} ({}): {} (score {})",
            self.name, version, self.ecosystem, self.verdict, self.score
        )?;
        for s in &self.findings {
            let fi = &s.finding;
            write!(
                f,
                "  {:>5.1}  {} [{}] {}",
                s.contribution, fi.rule, fi.field, fi.message
            )?;
            if !fi.evidence.is_empty() {
                let ev: String = fi.evidence.chars().take(120).collect();
                write!(f, ": {ev:?}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
