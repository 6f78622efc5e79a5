//! Findings and the [`Detector`] trait every detector crate implements.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Package;

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => $s:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vm])* $var,)*
            /// Anything else, by name.
            Other(String),
        }

        impl $name {
            /// The stable lower-case name used in reports.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$var => $s,)*
                    $name::Other(s) => s,
                }
            }

            /// Parses a name; unknown names become `Other`.
            pub fn from_name(s: &str) -> $name {
                match s {
                    $($s => $name::$var,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
                Ok($name::from_name(&s))
            }
        }
    };
}

string_enum! {
    /// What kind of evidence a finding is; the part of its rule id before the dot.
    Category {
        /// Lure words and name templates (game cheats, free currency, piracy ...).
        Lure => "lure",
        /// A name imitating a popular package.
        Typosquat => "typosquat",
        /// Risky links in the text or metadata URLs.
        Links => "links",
        /// What the metadata alone says (empty fields, odd versions, generated names ...).
        Metadata => "metadata",
        /// Shared structure with many other packages in a batch.
        Campaign => "campaign",
        /// An input bound was reached; part of the input was not examined.
        Limits => "limits",
    }
}

string_enum! {
    /// The part of a package a finding was seen in.
    Field {
        /// [`Package::name`].
        Name => "name",
        /// [`Package::version`].
        Version => "version",
        /// [`Package::summary`].
        Summary => "summary",
        /// [`Package::description`].
        Description => "description",
        /// [`Package::keywords`].
        Keywords => "keywords",
        /// [`Package::author`] or [`Package::author_email`].
        Author => "author",
        /// [`Package::maintainers`].
        Maintainers => "maintainers",
        /// [`Package::homepage`].
        Homepage => "homepage",
        /// [`Package::repository`].
        Repository => "repository",
        /// [`Package::project_urls`].
        ProjectUrls => "project_urls",
        /// [`Package::license`].
        License => "license",
        /// [`Package::published`].
        Published => "published",
        /// [`Package::install_scripts`].
        InstallScripts => "install_scripts",
        /// The package as a whole (several fields, or none in particular).
        Package => "package",
    }
}

impl Field {
    /// The text of this field in `package`, for fields that hold one string.
    pub fn text<'a>(&self, package: &'a Package) -> Option<&'a str> {
        Some(match self {
            Field::Name => &package.name,
            Field::Version => &package.version,
            Field::Summary => &package.summary,
            Field::Description => &package.description,
            Field::Author => &package.author,
            Field::Homepage => &package.homepage,
            Field::Repository => &package.repository,
            Field::License => &package.license,
            Field::Published => &package.published,
            _ => return None,
        })
    }
}

/// One piece of evidence a detector found in a package.
///
/// `weight` is how many points (of 100) this finding alone adds to a
/// package's score under the default configuration; a scanner's
/// configuration may override it by rule id.
///
/// ```
/// use baitwatch_metadata::{Category, Field, Finding};
/// let f = Finding::new("lure.currency-generator", 60.0, Field::Name, "robux generator", "free game currency generator")
///     .with_span(5..20);
/// assert_eq!(f.category, Category::Lure);
/// assert_eq!(f.span, Some(5..20));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable id, `<category>.<name>`, e.g. `typosquat.omitted-char`.
    pub rule: String,
    /// The category, which is the rule id's prefix.
    pub category: Category,
    /// Points this finding adds to the score (0 to 100) by default.
    pub weight: f64,
    /// Where it was seen.
    pub field: Field,
    /// The exact text, URL or popular name that a person can check.
    pub evidence: String,
    /// One sentence for a person.
    pub message: String,
    /// Byte range of the evidence in the original text of `field`, when the
    /// evidence is a piece of that text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Range<usize>>,
}

impl Finding {
    /// A finding; the category is taken from the rule id's prefix.
    pub fn new(
        rule: impl Into<String>,
        weight: f64,
        field: Field,
        evidence: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        let rule = rule.into();
        let category = Category::from_name(rule.split('.').next().unwrap_or(""));
        Finding {
            rule,
            category,
            weight,
            field,
            evidence: evidence.into(),
            message: message.into(),
            span: None,
        }
    }

    /// Sets the byte range of the evidence in the field's original text.
    pub fn with_span(mut self, span: Range<usize>) -> Finding {
        self.span = Some(span);
        self
    }
}

/// Something that looks at one package and reports findings.
///
/// Object-safe and `Send + Sync`, so a scanner can hold `Box<dyn Detector>`
/// and score packages on many threads. A detector must not panic and must
/// bound its own time and memory on any input.
///
/// ```
/// use baitwatch_metadata::{Detector, Field, Finding, Package, Ecosystem};
///
/// struct ShoutingName;
/// impl Detector for ShoutingName {
///     fn name(&self) -> &str { "shouting" }
///     fn detect(&self, package: &Package, findings: &mut Vec<Finding>) {
///         if package.name.len() > 3 && package.name == package.name.to_uppercase() {
///             findings.push(Finding::new("metadata.shouting-name", 5.0, Field::Name, package.name.clone(), "name is all capitals"));
///         }
///     }
/// }
/// let detector: Box<dyn Detector> = Box::new(ShoutingName);
/// let mut out = Vec::new();
/// detector.detect(&Package::new(Ecosystem::NuGet, "FREEGEMS"), &mut out);
/// assert_eq!(out.len(), 1);
/// ```
pub trait Detector: Send + Sync {
    /// A short stable name for this detector (e.g. `lure`).
    fn name(&self) -> &str;

    /// Appends this detector's findings for `package` to `findings`.
    fn detect(&self, package: &Package, findings: &mut Vec<Finding>);
}

impl<D: Detector + ?Sized> Detector for Box<D> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn detect(&self, package: &Package, findings: &mut Vec<Finding>) {
        (**self).detect(package, findings)
    }
}

impl<D: Detector + ?Sized> Detector for std::sync::Arc<D> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn detect(&self, package: &Package, findings: &mut Vec<Finding>) {
        (**self).detect(package, findings)
    }
}
