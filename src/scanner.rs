//! The scanner: runs detectors over a package and scores the findings.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::{Config, Detector, Field, Finding, Package, Report, ScoredFinding, Verdict};

/// Runs a set of [`Detector`]s over packages and turns their findings into
/// a [`Report`] with a score and a verdict.
///
/// `Scanner` is `Send + Sync`: build it once and share it between threads.
/// The same package always gives the same report.
///
/// ```
/// use baitwatch::{Ecosystem, Package, Scanner};
/// let scanner = Scanner::new();
/// let mut pkg = Package::new(Ecosystem::PyPI, "requests");
/// pkg.summary = "Python HTTP for Humans.".into();
/// pkg.homepage = "https://requests.readthedocs.io".into();
/// let report = scanner.scan(&pkg);
/// assert!(!report.verdict.is_flagged());
/// ```
#[derive(Clone)]
pub struct Scanner {
    detectors: Vec<Arc<dyn Detector>>,
    config: Config,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field(
                "detectors",
                &self.detectors.iter().map(|d| d.name()).collect::<Vec<_>>(),
            )
            .field("config", &self.config)
            .finish()
    }
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner::new()
    }
}

/// The score of the weights that count (each rule's heaviest finding):
/// their sum, clamped to 0..=100 and rounded to one decimal, as
/// [`Scanner::score`] computes it.
///
/// ```
/// assert_eq!(baitwatch::score_of([30.0, 25.0, 0.04]), 55.0);
/// assert_eq!(baitwatch::score_of([80.0, 45.0]), 100.0);
/// assert_eq!(baitwatch::score_of([]), 0.0);
/// ```
pub fn score_of(counted_weights: impl IntoIterator<Item = f64>) -> f64 {
    // `+ 0.0` turns the empty sum's -0.0 into 0.0.
    let total: f64 = counted_weights.into_iter().sum::<f64>() + 0.0;
    (total.clamp(0.0, 100.0) * 10.0).round() / 10.0
}

/// The detectors a default scanner runs, in order.
pub fn default_detectors() -> Vec<Arc<dyn Detector>> {
    vec![
        Arc::new(crate::metadata::MetadataDetector::new()),
        Arc::new(crate::typosquat::TyposquatDetector::new()),
        Arc::new(crate::lure::LureDetector::new()),
        Arc::new(crate::links::LinksDetector::new()),
    ]
}

impl Scanner {
    /// A scanner with every built-in detector and the default [`Config`].
    pub fn new() -> Scanner {
        Scanner {
            detectors: default_detectors(),
            config: Config::default(),
        }
    }

    /// A builder to choose detectors and configuration.
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::default()
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The detectors in use, in the order they run.
    pub fn detectors(&self) -> impl Iterator<Item = &dyn Detector> {
        self.detectors.iter().map(|d| d.as_ref())
    }

    /// Runs every detector over `package` and scores the findings.
    pub fn scan(&self, package: &Package) -> Report {
        self.scan_with_extra(package, Vec::new())
    }

    /// Runs every detector over `package`, adds `extra` findings (campaign
    /// findings from a batch, say) and scores them all together, so the
    /// extra findings raise the score like any detector's would.
    ///
    /// ```
    /// use baitwatch::{Ecosystem, Field, Finding, Package, Scanner};
    /// let scanner = Scanner::new();
    /// let pkg = Package::new(Ecosystem::Npm, "some-package");
    /// let alone = scanner.scan(&pkg);
    /// let extra = Finding::new("campaign.name-template", 30.0, Field::Name, "some-{x}", "one of 40 packages");
    /// let with = scanner.scan_with_extra(&pkg, vec![extra]);
    /// assert!(with.score > alone.score);
    /// assert!(with.findings.iter().any(|f| f.finding.rule == "campaign.name-template"));
    /// ```
    pub fn scan_with_extra(&self, package: &Package, extra: Vec<Finding>) -> Report {
        let mut findings = Vec::new();
        let limited = self.apply_limits(package, &mut findings);
        let package = limited.as_ref().unwrap_or(package);
        for d in &self.detectors {
            d.detect(package, &mut findings);
        }
        findings.extend(extra);
        self.score(package, findings)
    }

    /// Scores `findings` already collected for `package` (for callers that
    /// add findings of their own, such as campaign findings from a batch).
    pub fn score(&self, package: &Package, findings: Vec<Finding>) -> Report {
        let mut findings: Vec<Finding> = findings
            .into_iter()
            .filter(|f| !self.config.disabled_rules.contains(&f.rule))
            .map(|mut f| {
                f.weight = self.config.weight_of(&f.rule, f.weight);
                f
            })
            .collect();
        // Deterministic order: heaviest first, then by rule, field, span, evidence.
        findings.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.field.cmp(&b.field))
                .then_with(|| {
                    let sa = a.span.as_ref().map(|r| (r.start, r.end));
                    let sb = b.span.as_ref().map(|r| (r.start, r.end));
                    sa.cmp(&sb)
                })
                .then_with(|| a.evidence.cmp(&b.evidence))
        });
        let mut counted: BTreeMap<&str, ()> = BTreeMap::new();
        let mut contributions = Vec::with_capacity(findings.len());
        for f in &findings {
            let first = counted.insert(f.rule.as_str(), ()).is_none();
            contributions.push(if first { f.weight } else { 0.0 });
        }
        let score = score_of(contributions.iter().copied());
        let verdict = if score >= self.config.malicious_threshold {
            Verdict::Malicious
        } else if score >= self.config.suspicious_threshold {
            Verdict::Suspicious
        } else {
            Verdict::Benign
        };
        Report {
            ecosystem: package.ecosystem.clone(),
            name: package.name.clone(),
            version: package.version.clone(),
            score,
            verdict,
            findings: findings
                .into_iter()
                .zip(contributions)
                .map(|(finding, contribution)| ScoredFinding {
                    finding,
                    contribution,
                })
                .collect(),
        }
    }

    /// Cuts text fields longer than `limits.max_text_bytes`, saying so with
    /// a `limits.text-truncated` finding (weight 0): never a silent cut.
    fn apply_limits(&self, package: &Package, findings: &mut Vec<Finding>) -> Option<Package> {
        let max = self.config.limits.max_text_bytes;
        let too_long = |s: &str| s.len() > max;
        if !(too_long(&package.description)
            || too_long(&package.summary)
            || too_long(&package.name))
        {
            return None;
        }
        let mut p = package.clone();
        for (field, text) in [
            (Field::Name, &mut p.name),
            (Field::Summary, &mut p.summary),
            (Field::Description, &mut p.description),
        ] {
            if text.len() > max {
                let mut end = max;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                findings.push(Finding::new(
                    "limits.text-truncated",
                    0.0,
                    field,
                    "",
                    format!(
                        "only the first {end} of {} bytes were examined (limits.max_text_bytes)",
                        text.len()
                    ),
                ));
                text.truncate(end);
            }
        }
        Some(p)
    }
}

/// Builds a [`Scanner`]. `Clone + Debug + Default`; setters take `&mut self`
/// and [`ScannerBuilder::build`] may be called again.
///
/// ```
/// use baitwatch::{Config, Scanner};
/// let mut config = Config::default();
/// config.suspicious_threshold = 30.0;
/// let scanner = Scanner::builder().config(config).build()?;
/// assert_eq!(scanner.config().suspicious_threshold, 30.0);
/// # Ok::<(), baitwatch::BuildError>(())
/// ```
#[derive(Clone, Default)]
pub struct ScannerBuilder {
    config: Option<Config>,
    extra: Vec<Arc<dyn Detector>>,
    without_defaults: bool,
}

impl std::fmt::Debug for ScannerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScannerBuilder")
            .field("config", &self.config)
            .field(
                "extra",
                &self.extra.iter().map(|d| d.name()).collect::<Vec<_>>(),
            )
            .field("without_defaults", &self.without_defaults)
            .finish()
    }
}

/// Why a [`ScannerBuilder`] could not build.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The thresholds are not `0 <= suspicious <= malicious <= 100`.
    #[error(
        "thresholds must satisfy 0 <= suspicious ({suspicious}) <= malicious ({malicious}) <= 100"
    )]
    Thresholds {
        /// The suspicious threshold given.
        suspicious: f64,
        /// The malicious threshold given.
        malicious: f64,
    },
    /// No detector would run.
    #[error("the scanner has no detector")]
    NoDetector,
}

impl ScannerBuilder {
    /// Uses `config` instead of [`Config::default`].
    pub fn config(&mut self, config: Config) -> &mut ScannerBuilder {
        self.config = Some(config);
        self
    }

    /// Adds a detector that runs after the built-in ones.
    pub fn detector(&mut self, detector: impl Detector + 'static) -> &mut ScannerBuilder {
        self.extra.push(Arc::new(detector));
        self
    }

    /// Leaves out the built-in detectors (only the added ones run).
    pub fn without_default_detectors(&mut self) -> &mut ScannerBuilder {
        self.without_defaults = true;
        self
    }

    /// Builds the scanner.
    pub fn build(&self) -> Result<Scanner, BuildError> {
        let config = self.config.clone().unwrap_or_default();
        let (s, m) = (config.suspicious_threshold, config.malicious_threshold);
        if !(s.is_finite() && m.is_finite() && 0.0 <= s && s <= m && m <= 100.0) {
            return Err(BuildError::Thresholds {
                suspicious: s,
                malicious: m,
            });
        }
        let mut detectors = if self.without_defaults {
            Vec::new()
        } else {
            default_detectors()
        };
        detectors.extend(self.extra.iter().cloned());
        if detectors.is_empty() {
            return Err(BuildError::NoDetector);
        }
        Ok(Scanner { detectors, config })
    }
}
