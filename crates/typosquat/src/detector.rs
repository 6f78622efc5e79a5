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
        for s in &squats {
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
            findings.push(Finding::new(
                s.technique.rule(),
                s.weight,
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
