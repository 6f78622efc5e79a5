//! The unified package model, which is also the JSONL batch record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::loose::Loose;
use crate::{DocumentKind, Ecosystem, Error, Limits};

/// One package (one version of it), whatever document it was read from.
///
/// Its JSON form is baitwatch's batch input format, one object a line. Only
/// `ecosystem` and `name` are required; unknown fields are ignored; `null`
/// is accepted wherever a value may be absent; `keywords` may be a list or
/// one comma- or space-separated string. Empty strings and empty
/// collections mean "not known" and are left out when serialising.
///
/// Records come from many writers, so a field in another JSON shape is read,
/// not refused: numbers and booleans as their text; npm person objects
/// (`author`, `maintainers`) by name and e-mail; `repository`, `homepage`
/// and project URLs given as `{type, url}` objects or lists by their URL;
/// `project_urls` also as PyPI's `"Label, url"` strings or `[label, url]`
/// pairs; a licence object by its `type`; and any other list or object in
/// a text field as its string leaves, one a line, so no text is hidden
/// from the detectors. Only a `name` that is not a string or number is an
/// error.
///
/// Every field is attacker-written text: detectors must treat it as such.
///
/// ```
/// use baitwatch_metadata::{Ecosystem, Package};
/// let pkg = Package::from_json(br#"{"ecosystem":"pypi","name":"free-robux","keywords":"roblox, robux free"}"#).unwrap();
/// assert_eq!(pkg.ecosystem, Ecosystem::PyPI);
/// assert_eq!(pkg.keywords, ["roblox", "robux", "free"]);
///
/// let npm = Package::from_json(br#"{"ecosystem":"npm","name":"x","version":2,
///     "author":{"name":"Ann","email":"ann@example.org"},"repository":{"type":"git","url":"https://example.org/x"}}"#).unwrap();
/// assert_eq!((npm.version.as_str(), npm.author.as_str()), ("2", "Ann"));
/// assert_eq!(npm.repository, "https://example.org/x");
///
/// let mut built = Package::new(Ecosystem::Npm, "left-pad");
/// built.summary = "String left pad".into();
/// assert_eq!(built.name, "left-pad");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Read through `RawPackage`, so the field attributes below only shape
// the written form.
#[serde(try_from = "RawPackage")]
#[non_exhaustive]
pub struct Package {
    /// The registry.
    pub ecosystem: Ecosystem,
    /// The package name as published.
    pub name: String,
    /// The version this record describes.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// One-line description (npm `description`, PyPI `Summary`, NuGet `summary`/`title`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Long description or README text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// npm keywords, PyPI `Keywords`, NuGet tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Author name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Author e-mail address.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author_email: String,
    /// Account names of maintainers or owners, where known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub maintainers: Vec<String>,
    /// Home page URL.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub homepage: String,
    /// Source repository URL.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub repository: String,
    /// Other labelled URLs (PyPI `Project-URL`, npm `bugs`, ...), by label.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub project_urls: BTreeMap<String, String>,
    /// Licence expression or name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub license: String,
    /// Publication time of this version, RFC 3339, as the document gives it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub published: String,
    /// How many versions the document lists, where it lists them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions_count: Option<u64>,
    /// npm lifecycle scripts (`preinstall`, `install`, `postinstall`, ...) by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
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
    /// Fails with [`Error::Json`] for malformed JSON, an `ecosystem` that is
    /// not a string, or a `name` that is missing or neither a string nor a
    /// number, and [`Error::MissingField`] when `name` is empty or
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

/// A batch record as it arrives: every field but `ecosystem` in whatever
/// JSON shape the writer chose (see [`Loose`]).
#[derive(Deserialize)]
struct RawPackage {
    #[serde(default = "unknown_ecosystem")]
    ecosystem: Ecosystem,
    #[serde(default)]
    name: Loose,
    #[serde(default)]
    version: Loose,
    #[serde(default)]
    summary: Loose,
    #[serde(default)]
    description: Loose,
    #[serde(default)]
    keywords: Loose,
    #[serde(default)]
    author: Loose,
    #[serde(default)]
    author_email: Loose,
    #[serde(default)]
    maintainers: Loose,
    #[serde(default)]
    homepage: Loose,
    #[serde(default)]
    repository: Loose,
    #[serde(default)]
    project_urls: Loose,
    #[serde(default)]
    license: Loose,
    #[serde(default)]
    published: Loose,
    #[serde(default)]
    versions_count: Loose,
    #[serde(default)]
    install_scripts: Loose,
}

impl TryFrom<RawPackage> for Package {
    type Error = &'static str;

    fn try_from(raw: RawPackage) -> Result<Package, &'static str> {
        let name = match raw.name {
            Loose::Text(s) => s,
            Loose::Null => return Err("missing field `name`"),
            _ => return Err("`name` must be a string"),
        };
        let (author, person_email) = raw.author.person();
        // An e-mail field may itself be a person object or a list.
        let author_email = match raw.author_email.person() {
            (_, email) if !email.is_empty() => email,
            (text, _) if !text.is_empty() => text,
            _ => person_email,
        };
        Ok(Package {
            ecosystem: raw.ecosystem,
            name,
            version: raw.version.text(),
            summary: raw.summary.text(),
            description: raw.description.text(),
            // "a, b c" -> a, b, c: commas first, then white space.
            keywords: raw.keywords.list(&|s| {
                split_keywords(s)
                    .iter()
                    .flat_map(|k| k.split_whitespace())
                    .map(str::to_owned)
                    .collect()
            }),
            author,
            author_email,
            maintainers: raw.maintainers.list(&split_keywords),
            homepage: raw.homepage.url(),
            repository: raw.repository.url(),
            project_urls: raw.project_urls.url_map(),
            license: raw.license.license(),
            published: raw.published.text(),
            versions_count: raw.versions_count.count(),
            install_scripts: raw.install_scripts.text_map(),
        })
    }
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
        let v = Package::from_json(br#"{"ecosystem":"npm","name":"x","version":1.0}"#).unwrap();
        assert_eq!(v.version, "1.0");
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
            br#"{"ecosystem":"npm","name":{"first":"x"}}"#,
            br#"{"ecosystem":"npm","name":["x"]}"#,
            br#"{"ecosystem":"npm","name":null}"#,
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
    fn other_writers_shapes_are_read_not_refused() {
        // npm person and repository objects, numbers, lists and odd values:
        // the record is scored on the text it holds.
        let p = Package::from_json(
            br#"{"ecosystem":"npm","name":123,"version":1.5,"summary":["Free","gift cards"],
                "description":{"text":"claim at","link":"https://claim.example"},
                "author":{"name":"Ann","email":"ann@example.org","url":"https://ann.example"},
                "maintainers":[{"name":"bob","email":"b@example.org"},"carol",7,null],
                "keywords":["a",3,true,null,["b"]],
                "repository":{"type":"git","url":"git+https://example.org/r.git"},
                "homepage":["","https://home.example"],
                "license":{"type":"MIT"},
                "project_urls":{"Docs":{"url":"https://docs.example"},"Count":5,"No":null},
                "versions_count":"4","install_scripts":{"postinstall":"node x","bad":{"deep":"y"}},
                "published":20240101}"#,
        )
        .unwrap();
        assert_eq!(p.name, "123");
        assert_eq!(p.version, "1.5");
        assert_eq!(p.summary, "Free\ngift cards");
        assert_eq!(p.description, "claim at\nhttps://claim.example");
        assert_eq!(
            (p.author.as_str(), p.author_email.as_str()),
            ("Ann", "ann@example.org")
        );
        assert_eq!(p.maintainers, ["bob", "carol", "7"]);
        assert_eq!(p.keywords, ["a", "3", "true", "b"]);
        assert_eq!(p.repository, "git+https://example.org/r.git");
        assert_eq!(p.homepage, "https://home.example");
        assert_eq!(p.license, "MIT");
        assert_eq!(p.project_urls["Docs"], "https://docs.example");
        assert_eq!(p.project_urls["Count"], "5");
        assert!(!p.project_urls.contains_key("No"));
        assert_eq!(p.versions_count, Some(4));
        assert_eq!(p.install_scripts["postinstall"], "node x");
        assert_eq!(p.install_scripts["bad"], "y");
        assert_eq!(p.published, "20240101");

        // NuGet author lists, PyPI `Project-URL` strings and pairs.
        let p = Package::from_json(
            br#"{"ecosystem":"nuget","name":"A.B","author":["Ann","Bob"],"author_email":["a@x.org"],
                "license":["MIT","Apache-2.0"],"versions_count":3.0,
                "project_urls":["Source, https://src.example","https://bare.example",["Docs","https://docs.example"],{"label":"Home","url":"https://h.example"}]}"#,
        )
        .unwrap();
        assert_eq!(p.author, "Ann, Bob");
        assert_eq!(p.author_email, "a@x.org");
        assert_eq!(p.license, "MIT OR Apache-2.0");
        assert_eq!(p.versions_count, Some(3));
        let v = Package::from_json(br#"{"ecosystem":"npm","name":"x","version":1.0}"#).unwrap();
        assert_eq!(v.version, "1.0");
        assert_eq!(p.project_urls["Source"], "https://src.example");
        assert_eq!(p.project_urls["url2"], "https://bare.example");
        assert_eq!(p.project_urls["Docs"], "https://docs.example");
        assert_eq!(p.project_urls["Home"], "https://h.example");

        // Counts that are not counts are unknown, not errors.
        for bad in [r#""many""#, "-1", "1.5", "[1]", "1e400"] {
            let rec = format!(r#"{{"ecosystem":"pypi","name":"x","versions_count":{bad}}}"#);
            let p = Package::from_json(rec.as_bytes());
            assert_eq!(p.map(|p| p.versions_count).ok().flatten(), None, "{bad}");
        }
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
