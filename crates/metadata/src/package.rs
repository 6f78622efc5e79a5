//! The unified package model, which is also the JSONL batch record.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::{DocumentKind, Ecosystem, Error, Limits};

/// One package (one version of it), whatever document it was read from.
///
/// Its JSON form is baitwatch's batch input format, one object a line. Only
/// `ecosystem` and `name` are required; unknown fields are ignored; `null`
/// is accepted wherever a value may be absent; `keywords` may be a list or
/// one comma- or space-separated string. Empty strings and empty
/// collections mean "not known" and are left out when serialising.
///
/// Every field is attacker-written text: detectors must treat it as such.
///
/// ```
/// use baitwatch_metadata::{Ecosystem, Package};
/// let pkg = Package::from_json(br#"{"ecosystem":"pypi","name":"free-robux","keywords":"roblox, robux free"}"#).unwrap();
/// assert_eq!(pkg.ecosystem, Ecosystem::PyPI);
/// assert_eq!(pkg.keywords, ["roblox", "robux", "free"]);
///
/// let mut built = Package::new(Ecosystem::Npm, "left-pad");
/// built.summary = "String left pad".into();
/// assert_eq!(built.name, "left-pad");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Package {
    /// The registry.
    #[serde(default = "unknown_ecosystem")]
    pub ecosystem: Ecosystem,
    /// The package name as published.
    pub name: String,
    /// The version this record describes.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub version: String,
    /// One-line description (npm `description`, PyPI `Summary`, NuGet `summary`/`title`).
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub summary: String,
    /// Long description or README text.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub description: String,
    /// npm keywords, PyPI `Keywords`, NuGet tags.
    #[serde(
        default,
        deserialize_with = "keywords",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub keywords: Vec<String>,
    /// Author name.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub author: String,
    /// Author e-mail address.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub author_email: String,
    /// Account names of maintainers or owners, where known.
    #[serde(
        default,
        deserialize_with = "string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub maintainers: Vec<String>,
    /// Home page URL.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub homepage: String,
    /// Source repository URL.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub repository: String,
    /// Other labelled URLs (PyPI `Project-URL`, npm `bugs`, ...), by label.
    #[serde(
        default,
        deserialize_with = "string_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub project_urls: BTreeMap<String, String>,
    /// Licence expression or name.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub license: String,
    /// Publication time of this version, RFC 3339, as the document gives it.
    #[serde(
        default,
        deserialize_with = "string_or_null",
        skip_serializing_if = "String::is_empty"
    )]
    pub published: String,
    /// How many versions the document lists, where it lists them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions_count: Option<u64>,
    /// npm lifecycle scripts (`preinstall`, `install`, `postinstall`, ...) by name.
    #[serde(
        default,
        deserialize_with = "string_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub install_scripts: BTreeMap<String, String>,
}

/// Sentinel for a record that names no registry; never left in a returned `Package`.
fn unknown_ecosystem() -> Ecosystem {
    Ecosystem::Other(String::new())
}

impl Package {
    /// A package with only its registry and name set.
    pub fn new(ecosystem: Ecosystem, name: impl Into<String>) -> Package {
        Package {
            ecosystem,
            name: name.into(),
            version: String::new(),
            summary: String::new(),
            description: String::new(),
            keywords: Vec::new(),
            author: String::new(),
            author_email: String::new(),
            maintainers: Vec::new(),
            homepage: String::new(),
            repository: String::new(),
            project_urls: BTreeMap::new(),
            license: String::new(),
            published: String::new(),
            versions_count: None,
            install_scripts: BTreeMap::new(),
        }
    }

    /// Reads one batch record (the JSON form of `Package`).
    ///
    /// Fails with [`Error::Json`] for malformed JSON, a wrong field type or
    /// a missing `name`, and [`Error::MissingField`] when `name` is empty or
    /// `ecosystem` is missing. Nesting deeper than `Limits::max_json_depth` (128 by default) is an
    /// error ([`Error::TooLarge`]), not a stack overflow.
    pub fn from_json(bytes: &[u8]) -> Result<Package, Error> {
        Package::from_json_with_limits(bytes, &Limits::default())
    }

    /// [`Package::from_json`] with explicit [`Limits`]: a record larger than
    /// `limits.max_document_bytes` or nested deeper than
    /// `limits.max_json_depth` is refused with [`Error::TooLarge`].
    pub fn from_json_with_limits(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
        Package::from_json_with(bytes, limits, None)
    }

    /// [`Package::from_json_with_limits`] where a record that names no
    /// `ecosystem` takes `default_ecosystem` (when given) instead of failing.
    ///
    /// ```
    /// use baitwatch_metadata::{Ecosystem, Limits, Package};
    /// let p = Package::from_json_with(br#"{"name":"reqeusts"}"#, &Limits::default(), Some(&Ecosystem::PyPI))?;
    /// assert_eq!(p.ecosystem, Ecosystem::PyPI);
    /// assert!(Package::from_json(br#"{"name":"reqeusts"}"#).is_err());
    /// # Ok::<(), baitwatch_metadata::Error>(())
    /// ```
    pub fn from_json_with(
        bytes: &[u8],
        limits: &Limits,
        default_ecosystem: Option<&Ecosystem>,
    ) -> Result<Package, Error> {
        const KIND: DocumentKind = DocumentKind::JsonlRecord;
        if bytes.len() > limits.max_document_bytes {
            return Err(Error::TooLarge {
                kind: KIND,
                what: "record bytes",
                limit: limits.max_document_bytes as u64,
            });
        }
        crate::json::check_depth(bytes, limits.max_json_depth, KIND)?;
        let mut pkg: Package = serde_json::from_slice(bytes).map_err(|e| Error::json(KIND, &e))?;
        if pkg.ecosystem == unknown_ecosystem() {
            match default_ecosystem {
                Some(eco) => pkg.ecosystem = eco.clone(),
                None => {
                    return Err(Error::MissingField {
                        kind: KIND,
                        field: "ecosystem",
                    });
                }
            }
        }
        if pkg.name.trim().is_empty() {
            return Err(Error::MissingField {
                kind: KIND,
                field: "name",
            });
        }
        Ok(pkg)
    }

    /// The registry's normal form of [`Package::name`], see [`crate::normalize_name`].
    pub fn normalized_name(&self) -> String {
        crate::normalize_name(&self.ecosystem, &self.name)
    }

    /// Whether the package says nothing about itself: its summary and its
    /// description are both empty or white space.
    ///
    /// ```
    /// use baitwatch_metadata::{Ecosystem, Package};
    /// let mut p = Package::new(Ecosystem::Npm, "left-pad");
    /// p.description = " \n".into();
    /// assert!(p.is_undescribed());
    /// p.summary = "Pads strings on the left".into();
    /// assert!(!p.is_undescribed());
    /// ```
    pub fn is_undescribed(&self) -> bool {
        self.summary.trim().is_empty() && self.description.trim().is_empty()
    }

    /// Every URL the metadata names outside the free text: homepage,
    /// repository and project URLs, with the field each came from.
    pub fn urls(&self) -> impl Iterator<Item = (crate::Field, &str)> {
        let fixed = [
            (crate::Field::Homepage, self.homepage.as_str()),
            (crate::Field::Repository, self.repository.as_str()),
        ];
        fixed
            .into_iter()
            .chain(
                self.project_urls
                    .values()
                    .map(|u| (crate::Field::ProjectUrls, u.as_str())),
            )
            .filter(|(_, u)| !u.trim().is_empty())
    }
}

fn string_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum StringOrList {
    One(String),
    Many(Vec<Option<String>>),
}

/// Splits a keyword string on commas, or on white space when it has no comma.
pub(crate) fn split_keywords(s: &str) -> Vec<String> {
    let parts: Vec<&str> = if s.contains(',') {
        s.split(',').collect()
    } else {
        s.split_whitespace().collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn keywords<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Option::<StringOrList>::deserialize(d)? {
        None => Vec::new(),
        Some(StringOrList::One(s)) => {
            // "a, b c" -> a, b, c: commas first, then white space.
            split_keywords(&s)
                .iter()
                .flat_map(|k| k.split_whitespace())
                .map(str::to_owned)
                .collect()
        }
        Some(StringOrList::Many(v)) => v
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    })
}

fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Option::<StringOrList>::deserialize(d)? {
        None => Vec::new(),
        Some(StringOrList::One(s)) => split_keywords(&s),
        Some(StringOrList::Many(v)) => v.into_iter().flatten().collect(),
    })
}

fn string_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let m = Option::<BTreeMap<String, Option<String>>>::deserialize(d)?;
    Ok(m.unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_record() {
        let p = Package::from_json(br#"{"ecosystem":"npm","name":"x"}"#).unwrap();
        assert_eq!(p, Package::new(Ecosystem::Npm, "x"));
    }

    #[test]
    fn nulls_unknowns_and_keyword_forms() {
        let p = Package::from_json(
            br#"{"ecosystem":"NuGet","name":"A.B","version":null,"keywords":["x",null," y "],
                "project_urls":{"Home":"https://a","Bad":null},"zzz":{"deep":[1,2]},"versions_count":3}"#,
        )
        .unwrap();
        assert_eq!(p.ecosystem, Ecosystem::NuGet);
        assert_eq!(p.keywords, ["x", "y"]);
        assert_eq!(p.project_urls.len(), 1);
        assert_eq!(p.versions_count, Some(3));
        let p =
            Package::from_json(br#"{"ecosystem":"pypi","name":"a","keywords":"one two,three"}"#)
                .unwrap();
        assert_eq!(p.keywords, ["one", "two", "three"]);
    }

    #[test]
    fn errors_are_typed() {
        for bad in [
            &br#"{"name":"x"}"#[..],
            br#"{"ecosystem":"npm"}"#,
            br#"{"ecosystem":"npm","name":"  "}"#,
            br#"{"ecosystem":"npm","name":"x""#,
            br#"[1,2]"#,
            br#"{"ecosystem":"npm","name":5}"#,
            b"\xff\xfe",
            b"",
        ] {
            let e = Package::from_json(bad).unwrap_err();
            assert!(!e.to_string().is_empty());
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let deep = format!(r#"{{"ecosystem":"npm","name":"x","zzz":{deep}}}"#);
        let r = Package::from_json(deep.as_bytes());
        assert!(matches!(r, Err(Error::TooLarge { .. })), "{r:?}");
    }

    #[test]
    fn round_trip() {
        let mut p = Package::new(Ecosystem::PyPI, "a");
        p.keywords = vec!["k".into()];
        p.install_scripts
            .insert("postinstall".into(), "node x".into());
        let s = serde_json::to_string(&p).unwrap();
        assert_eq!(Package::from_json(s.as_bytes()).unwrap(), p);
    }
}
