//! Typosquat detection for npm, PyPI and NuGet (work in progress docs).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod data;
mod detector;
mod edit;
mod error;
mod fold;
mod hash;
mod index;
mod squat;

pub use detector::{TyposquatDetector, TyposquatDetectorBuilder};
pub use error::BuildError;
pub use index::{PopularIndex, PopularIndexBuilder, PopularPackage};
pub use squat::{Squat, Technique};

/// Checks `name` against the embedded popular list of `ecosystem`: the
/// popular names it appears to imitate, best first. Empty for registries
/// without an embedded list.
///
/// ```
/// use baitwatch_metadata::Ecosystem;
/// let squats = baitwatch_typosquat::check(&Ecosystem::PyPI, "reqeusts");
/// assert_eq!(squats[0].target, "requests");
/// ```
pub fn check(ecosystem: &baitwatch_metadata::Ecosystem, name: &str) -> Vec<Squat> {
    PopularIndex::embedded(ecosystem).map_or_else(Vec::new, |ix| ix.check(name))
}
