//! Package registries ("ecosystems").

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A package registry.
///
/// Serialised as a lower-case string (`"npm"`, `"pypi"`, `"nuget"`); any
/// other string round-trips through [`Ecosystem::Other`], so records from
/// registries baitwatch does not know yet can still be read.
///
/// ```
/// use baitwatch_metadata::Ecosystem;
/// assert_eq!("PyPI".parse::<Ecosystem>().unwrap(), Ecosystem::PyPI);
/// assert_eq!(Ecosystem::NuGet.to_string(), "nuget");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Ecosystem {
    /// The npm registry (JavaScript).
    Npm,
    /// The Python Package Index.
    PyPI,
    /// NuGet (.NET).
    NuGet,
    /// Any other registry, by its lower-case name.
    Other(String),
}

impl Ecosystem {
    /// The canonical lower-case name.
    pub fn as_str(&self) -> &str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "pypi",
            Ecosystem::NuGet => "nuget",
            Ecosystem::Other(s) => s,
        }
    }

    /// The three registries baitwatch knows.
    pub const KNOWN: [Ecosystem; 3] = [Ecosystem::Npm, Ecosystem::PyPI, Ecosystem::NuGet];
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Ecosystem {
    type Err = std::convert::Infallible;

    /// Never fails: unknown names become [`Ecosystem::Other`] (lower-cased).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "npm" => Ecosystem::Npm,
            "pypi" | "pip" | "python" => Ecosystem::PyPI,
            "nuget" => Ecosystem::NuGet,
            _ => Ecosystem::Other(lower),
        })
    }
}

impl Serialize for Ecosystem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Ecosystem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(serde::de::Error::custom("ecosystem is empty"));
        }
        let Ok(eco) = s.parse::<Ecosystem>();
        Ok(eco)
    }
}
