//! [`TyposquatDetector`]: the [`Detector`] over the popular-name indexes.

use std::sync::Arc;

use baitwatch_metadata::{Detector, Ecosystem, Field, Finding, Package};

use crate::{BuildError, PopularIndex, PopularPackage, Squat};

/// Default weight of `typosquat.undocumented-lookalike`.
pub const UNDOCUMENTED_WEIGHT: f64 = 25.0;
/// The weight a look-alike squat needs before an empty description adds
/// `typosquat.undocumented-lookalike` (so combosquats and weak,
/// dictionary-word edits do not).
const UNDOCUMENTED_MIN_WEIGHT: f64 = 15.0;

/// How much less a look-alike weighs when the package's summary says what
/// it does in words of its own and never names the imitated package.
pub const OWN_PURPOSE_DISCOUNT: f64 = 15.0;
/// The fewest words (of two letters or more) such a summary has.
const OWN_PURPOSE_MIN_WORDS: usize = 6;

/// Short words that name no package: a summary word this short must be
/// none of them to count as naming a target it begins (`aws` for
/// `awscli`).
const FUNCTION_WORDS: &[&str] = &[
    "acc", "add", "all", "and", "any", "api", "app", "are", "but", "can", "cli", "for", "get",
    "has", "how", "its", "lib", "new", "not", "now", "one", "our", "out", "put", "run", "set",
    "the", "too", "two", "use", "via", "was", "who", "why", "you",
];

/// Whether `summary` describes a purpose of its own: six words or more,
/// no link (a summary that is only a URL says nothing), no random letters
/// ([`baitwatch_metadata::is_gibberish_text`]), and no word that names
/// `target`: one that a word of the target's (or its words run together)
/// begins with, or that begins one (`aws` for `awscli`), or a word of four
/// letters or more inside one (`yaml` in `pyyaml`).
///
/// Honest projects whose names happen to sit one letter from a popular
/// one say what they are; on the complete PyPI
/// list, lowering their look-alike findings took the flag from about a
/// quarter of the names the scanner flagged, while a squat that bothers
/// to write a summary mostly borrows the target's words.
///
/// ```
/// use baitwatch_typosquat::describes_own_purpose;
///
/// assert!(describes_own_purpose("Validate HTTP header names and values strictly for servers", "requests"));
/// // Names the target, or begins its name:
/// assert!(!describes_own_purpose("Command line tools for AWS accounts and their billing", "awscli"));
/// assert!(!describes_own_purpose("A fork of requests with retries built in", "requests"));
/// assert!(!describes_own_purpose("Reads YAML configuration files into typed settings", "pyyaml"));
/// // Too short, or a link:
/// assert!(!describes_own_purpose("Tiny helpers for tests", "requests"));
/// assert!(!describes_own_purpose("see https://example.org/docs for the whole manual here", "requests"));
/// ```
pub fn describes_own_purpose(summary: &str, target: &str) -> bool {
    own_purpose_words(summary).is_some_and(|words| !names_target(&words, target))
}

/// The lower-cased words (of two characters or more) of a summary that
/// can describe a purpose of its own (six or more, no link, no random
/// letters); `None` for one that cannot, whatever the target.
fn own_purpose_words(summary: &str) -> Option<Vec<String>> {
    if summary.contains("://") || baitwatch_metadata::is_gibberish_text(summary) {
        return None;
    }
    let words: Vec<String> = summary
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect();
    (words.len() >= OWN_PURPOSE_MIN_WORDS).then_some(words)
}

/// Whether one of `words` names `target` (see [`describes_own_purpose`]).
fn names_target(words: &[String], target: &str) -> bool {
    let target = target.to_lowercase();
    let mut parts: Vec<&str> = target
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.len() >= 3)
        .collect();
    let joined: String = target.chars().filter(|c| c.is_alphanumeric()).collect();
    parts.push(&joined);
    words.iter().any(|w| {
        w.len() >= 3
            && parts.iter().any(|t| {
                w.starts_with(t)
                    || (t.starts_with(w.as_str()) && !FUNCTION_WORDS.contains(&w.as_str()))
                    || (w.len() >= 4 && t.contains(w.as_str()))
            })
    })
}

/// The typosquat [`Detector`]: checks a package's name against the
/// popular names of its registry and reports each imitated name as a
/// `typosquat.<technique>` finding whose `evidence` is the popular name.
///
/// ```
/// use baitwatch_metadata::{Detector, Ecosystem, Package};
/// use baitwatch_typosquat::TyposquatDetector;
///
/// let detector = TyposquatDetector::new();
/// let mut findings = Vec::new();
/// detector.detect(&Package::new(Ecosystem::Npm, "lodahs"), &mut findings);
/// assert_eq!(findings[0].rule, "typosquat.swapped-chars");
/// assert_eq!(findings[0].evidence, "lodash");
/// ```
#[derive(Clone, Debug, Default)]
pub struct TyposquatDetector {
    /// Indexes replacing the embedded ones, by registry.
    custom: Vec<Arc<PopularIndex>>,
}

impl TyposquatDetector {
    /// A detector over the embedded popular lists (built lazily, once per
    /// process, on the first package of each registry).
    pub fn new() -> TyposquatDetector {
        TyposquatDetector::default()
    }

    /// A builder to replace or extend the popular lists.
    pub fn builder() -> TyposquatDetectorBuilder {
        TyposquatDetectorBuilder::default()
    }

    /// The index used for a registry, if any.
    pub fn index(&self, ecosystem: &Ecosystem) -> Option<&PopularIndex> {
        self.custom
            .iter()
            .find(|ix| ix.ecosystem() == ecosystem)
            .map(|ix| &**ix)
            .or_else(|| PopularIndex::embedded(ecosystem))
    }

    /// The squats of one package, best first; targets sharing an author or
    /// maintainer with the package are left out.
    pub fn check(&self, package: &Package) -> Vec<Squat> {
        let Some(index) = self.index(&package.ecosystem) else {
            return Vec::new();
        };
        let mut authors: Vec<&str> = package.maintainers.iter().map(String::as_str).collect();
        for a in [&package.author, &package.author_email] {
            if !a.trim().is_empty() {
                authors.push(a);
            }
        }
        index.check_with_authors(&package.name, &authors)
    }
}

impl Detector for TyposquatDetector {
    fn name(&self) -> &str {
        "typosquat"
    }

    fn detect(&self, package: &Package, findings: &mut Vec<Finding>) {
        let squats = self.check(package);
        // The summary is read once, and only for a package with a look-alike.
        let own_words = squats
            .iter()
            .any(|s| s.technique.is_lookalike())
            .then(|| own_purpose_words(&package.summary))
            .flatten();
        for s in &squats {
            let own_purpose = s.technique.is_lookalike()
                && own_words
                    .as_deref()
                    .is_some_and(|words| !names_target(words, &s.target));
            let message = if s.rank == 0 {
                format!(
                    "name `{}` mixes Latin-looking letters from another script into a Latin name ({})",
                    package.name, s.detail
                )
            } else {
                format!(
                    "name `{}` imitates the popular {} package `{}` (rank {}): {} ({})",
                    package.name,
                    package.ecosystem,
                    s.target,
                    s.rank,
                    s.technique.describe(),
                    s.detail
                )
            };
            let (weight, message) = if own_purpose {
                (
                    // At least 1, as every verified edit, unless it was less.
                    (s.weight - OWN_PURPOSE_DISCOUNT).max(s.weight.min(1.0)),
                    format!(
                        "{message}; weighs {OWN_PURPOSE_DISCOUNT} less: its summary says what it does and never names `{}`",
                        s.target
                    ),
                )
            } else {
                (s.weight, message)
            };
            findings.push(Finding::new(
                s.technique.rule(),
                weight,
                Field::Name,
                s.target.clone(),
                message,
            ));
        }
        // After the squats, so the best squat stays the first finding.
        if let Some(best) = squats
            .iter()
            .filter(|s| s.technique.is_lookalike() && s.weight >= UNDOCUMENTED_MIN_WEIGHT)
            .max_by(|a, b| a.weight.total_cmp(&b.weight))
            && package.is_undescribed()
        {
            findings.push(Finding::new(
                "typosquat.undocumented-lookalike",
                UNDOCUMENTED_WEIGHT,
                Field::Description,
                best.target.clone(),
                format!(
                    "a look-alike of the popular `{}` with no summary or description to say what else it is",
                    best.target
                ),
            ));
        }
    }
}

/// Builds a [`TyposquatDetector`] with popular lists of your own.
///
/// ```
/// use baitwatch_metadata::Ecosystem;
/// use baitwatch_typosquat::{PopularPackage, TyposquatDetector};
///
/// let detector = TyposquatDetector::builder()
///     .extend_popular(Ecosystem::NuGet, [PopularPackage::new("Contoso.Widgets")])
///     .build()?;
/// let squats = detector.index(&Ecosystem::NuGet).unwrap().check("Contoso.Wigdets");
/// assert_eq!(squats[0].target, "Contoso.Widgets");
/// # Ok::<(), baitwatch_typosquat::BuildError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct TyposquatDetectorBuilder {
    lists: Vec<(Ecosystem, Vec<PopularPackage>, bool)>,
    ratio: Option<f64>,
}

impl TyposquatDetectorBuilder {
    /// Replaces the popular list of a registry (ranked by download counts
    /// where given, else in the order given).
    pub fn popular<I>(&mut self, ecosystem: Ecosystem, packages: I) -> &mut Self
    where
        I: IntoIterator<Item = PopularPackage>,
    {
        self.lists
            .push((ecosystem, packages.into_iter().collect(), false));
        self
    }

    /// Adds names after the embedded popular list of a registry.
    pub fn extend_popular<I>(&mut self, ecosystem: Ecosystem, packages: I) -> &mut Self
    where
        I: IntoIterator<Item = PopularPackage>,
    {
        self.lists
            .push((ecosystem, packages.into_iter().collect(), true));
        self
    }

    /// See [`crate::PopularIndexBuilder::popularity_ratio`] (default 100).
    pub fn popularity_ratio(&mut self, ratio: f64) -> &mut Self {
        self.ratio = Some(ratio);
        self
    }

    /// Builds the detector; the indexes of replaced or extended lists are
    /// built now, the others lazily.
    pub fn build(&self) -> Result<TyposquatDetector, BuildError> {
        let mut custom: Vec<Arc<PopularIndex>> = Vec::new();
        // A later call for the same registry replaces an earlier one.
        for (i, (eco, packages, extend)) in self.lists.iter().enumerate() {
            if self.lists.iter().skip(i + 1).any(|(e, _, _)| e == eco) {
                continue;
            }
            let mut b = PopularIndex::builder();
            b.ecosystem(eco.clone())
                .with_defaults(*extend)
                .packages(packages.iter().cloned());
            if let Some(r) = self.ratio {
                b.popularity_ratio(r);
            }
            custom.push(Arc::new(b.build()?));
        }
        if let Some(r) = self.ratio
            && (!r.is_finite() || r < 1.0)
        {
            return Err(BuildError::InvalidRatio { ratio: r });
        }
        Ok(TyposquatDetector { custom })
    }
}
