//! PyPI documents: the JSON API document and core metadata
//! (`PKG-INFO` / `METADATA`).
//!
//! # Encoding
//!
//! Core metadata is meant to be UTF-8, but old sdists carry Latin-1 and
//! worse. [`parse_core_metadata`] decodes **lossily**: invalid bytes become
//! U+FFFD, so one stray byte cannot hide a package from the detectors.
//! JSON documents must be UTF-8 (the JSON parser refuses anything else).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{
    as_object, check_size, finish, keywords_from_str, optional_str, parse_json, required_str,
    split_people, str_field, strip_bom,
};
use crate::{DocumentKind, Ecosystem, Error, Limits, Package};

/// Reads a PyPI JSON API document (`https://pypi.org/pypi/<name>/json` or
/// `.../<name>/<version>/json`).
///
/// From `info`: `name` (required), `version`, `summary`, `description`,
/// `keywords` (comma- or space-separated), `author` / `author_email`
/// (`Name <email>` lists are split; the names fill `author` when it is
/// empty), `maintainer`, `home_page`, `download_url`, `project_urls`,
/// `license_expression` or else `license`. [`Package::maintainers`] are the
/// account names of `ownership.roles` where the document has them, else
/// the `maintainer` names. [`Package::published`] is the earliest
/// `upload_time_iso_8601` (or `upload_time`) in `urls`, else in
/// `releases[version]`; [`Package::versions_count`] counts `releases`.
/// The repository is the first project URL labelled like a source link
/// (`Source`, `Repository`, `Code`, `GitHub`, ...).
///
/// ```
/// use baitwatch_metadata::{pypi, Limits};
/// let pkg = pypi::parse_json_api(br#"{
///   "info": {"name": "demo", "version": "1.0", "summary": "A demo",
///            "author_email": "Jane Doe <jane@example.com>", "keywords": "a, b",
///            "project_urls": {"Source": "https://github.com/jane/demo"}},
///   "releases": {"0.9": [], "1.0": [{"upload_time_iso_8601": "2024-01-01T00:00:00Z"}]},
///   "urls": [{"upload_time_iso_8601": "2024-01-01T00:00:00Z"}]
/// }"#, &Limits::default())?;
/// assert_eq!(pkg.author, "Jane Doe");
/// assert_eq!(pkg.author_email, "jane@example.com");
/// assert_eq!(pkg.keywords, ["a", "b"]);
/// assert_eq!(pkg.repository, "https://github.com/jane/demo");
/// assert_eq!(pkg.versions_count, Some(2));
/// assert_eq!(pkg.published, "2024-01-01T00:00:00Z");
/// # Ok::<(), baitwatch_metadata::Error>(())
/// ```
pub fn parse_json_api(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
    let v = parse_json(bytes, limits, DocumentKind::PypiJson)?;
    json_api_from_value(&v, limits)
}

/// [`parse_json_api`] on an already parsed document.
pub(crate) fn json_api_from_value(v: &Value, limits: &Limits) -> Result<Package, Error> {
    const KIND: DocumentKind = DocumentKind::PypiJson;
    let root = as_object(v, KIND)?;
    let info = match root.get("info") {
        Some(Value::Object(o)) => o,
        None | Some(Value::Null) => {
            return Err(Error::MissingField {
                kind: KIND,
                field: "info",
            });
        }
        Some(other) => {
            return Err(Error::InvalidField {
                kind: KIND,
                field: "info".into(),
                reason: format!(
                    "expected an object, found {}",
                    crate::util::type_name(other)
                ),
            });
        }
    };
    let mut pkg = Package::new(Ecosystem::PyPI, required_str(info, "name", KIND)?);
    pkg.version = optional_str(info, "version", KIND)?;
    pkg.summary = unknown_empty(str_field(info, "summary"));
    pkg.description = unknown_empty(str_field(info, "description"));
    pkg.keywords = match info.get("keywords") {
        Some(Value::String(s)) => keywords_from_str(s),
        other => crate::util::keywords_from_value(other),
    };
    set_people(
        &mut pkg,
        &unknown_empty(str_field(info, "author")),
        &unknown_empty(str_field(info, "author_email")),
        &unknown_empty(str_field(info, "maintainer")),
        &unknown_empty(str_field(info, "maintainer_email")),
    );
    if let Some(Value::Object(own)) = root.get("ownership")
        && let Some(Value::Array(roles)) = own.get("roles")
    {
        let users: Vec<String> = roles
            .iter()
            .filter_map(|r| r.get("user").and_then(Value::as_str))
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty())
            .collect();
        if !users.is_empty() {
            pkg.maintainers = users;
        }
    }
    pkg.homepage = unknown_empty(str_field(info, "home_page"));
    if let Some(Value::Object(urls)) = info.get("project_urls") {
        for (label, url) in urls {
            if let Some(u) = url.as_str().map(str::trim).filter(|u| !u.is_empty()) {
                pkg.project_urls
                    .insert(label.trim().to_owned(), u.to_owned());
            }
        }
    }
    let download = unknown_empty(str_field(info, "download_url"));
    if !download.is_empty() {
        pkg.project_urls
            .entry("Download".into())
            .or_insert(download);
    }
    pkg.license = unknown_empty(str_field(info, "license_expression"));
    if pkg.license.is_empty() {
        pkg.license = short_license(&unknown_empty(str_field(info, "license")));
    }
    if pkg.license.is_empty()
        && let Some(Value::Array(classifiers)) = info.get("classifiers")
    {
        pkg.license = license_from_classifiers(classifiers.iter().filter_map(Value::as_str));
    }
    finish_urls(&mut pkg);

    let earliest = |files: &Vec<Value>| -> Option<String> {
        files
            .iter()
            .filter_map(|f| {
                f.get("upload_time_iso_8601")
                    .or_else(|| f.get("upload_time"))
                    .and_then(Value::as_str)
            })
            .min()
            .map(str::to_owned)
    };
    let releases = root.get("releases").and_then(Value::as_object);
    pkg.published = root
        .get("urls")
        .and_then(Value::as_array)
        .and_then(earliest)
        .or_else(|| {
            releases
                .and_then(|r| r.get(&pkg.version))
                .and_then(Value::as_array)
                .and_then(earliest)
        })
        .unwrap_or_default();
    pkg.versions_count = releases.map(|r| r.len() as u64);
    Ok(finish(pkg, limits))
}

/// Reads PyPI core metadata: a `PKG-INFO` (sdist, egg-info) or `METADATA`
/// (wheel) file, Metadata-Version 1.0 to 2.4 and later.
///
/// The format is RFC 822 style: `Name: value` headers, continuation lines
/// starting with white space, then an optional body after the first blank
/// line. The long description is the body when there is one, else the
/// `Description` header with its continuation lines un-indented (both the
/// 8-space form and the `       |` form of setuptools). Repeated headers
/// are kept (`Project-URL: Label, url`, `Classifier`); `Keywords` may be
/// comma- or space-separated; `License-Expression` wins over `License`,
/// and a `License ::` classifier is the last resort. Bytes that are not
/// UTF-8 are decoded lossily (see the [module docs](self)). A missing or
/// empty `Name` is [`Error::MissingField`]; text that has no header at all
/// is [`Error::InvalidField`].
///
/// ```
/// use baitwatch_metadata::{pypi, Limits};
/// let text = b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: A demo\n\
/// Author-email: Jane Doe <jane@example.com>\n\
/// Project-URL: Source, https://github.com/jane/demo\n\
/// Keywords: one,two\n\n# Demo\n\nLong text.\n";
/// let pkg = pypi::parse_core_metadata(text, &Limits::default())?;
/// assert_eq!(pkg.name, "demo");
/// assert_eq!(pkg.keywords, ["one", "two"]);
/// assert_eq!(pkg.repository, "https://github.com/jane/demo");
/// assert_eq!(pkg.description, "# Demo\n\nLong text.");
/// # Ok::<(), baitwatch_metadata::Error>(())
/// ```
pub fn parse_core_metadata(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
    const KIND: DocumentKind = DocumentKind::CoreMetadata;
    check_size(bytes, limits, KIND)?;
    let text = String::from_utf8_lossy(strip_bom(bytes));
    let (headers, body) = split_headers(&text);
    if headers.is_empty() {
        return Err(Error::InvalidField {
            kind: KIND,
            field: "(document)".into(),
            reason: "no `Name: value` header found".into(),
        });
    }
    let first = |key: &str| -> String {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let all = |key: &'static str| {
        headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim())
    };
    let name = first("Name");
    if name.is_empty() {
        return Err(Error::MissingField {
            kind: KIND,
            field: "Name",
        });
    }
    let mut pkg = Package::new(Ecosystem::PyPI, name);
    pkg.version = first("Version");
    pkg.summary = unknown_empty(first("Summary"));
    let body = body.trim();
    pkg.description = if body.is_empty() {
        unknown_empty(first("Description"))
    } else {
        body.to_owned()
    };
    pkg.keywords = keywords_from_str(&unknown_empty(first("Keywords")));
    set_people(
        &mut pkg,
        &unknown_empty(first("Author")),
        &unknown_empty(first("Author-email")),
        &unknown_empty(first("Maintainer")),
        &unknown_empty(first("Maintainer-email")),
    );
    pkg.homepage = unknown_empty(first("Home-page"));
    for value in all("Project-URL") {
        let (label, url) = match value.split_once(',') {
            Some((l, u)) => (l.trim(), u.trim()),
            None => ("url", value),
        };
        if !url.is_empty() {
            pkg.project_urls.insert(label.to_owned(), url.to_owned());
        }
    }
    let download = unknown_empty(first("Download-URL"));
    if !download.is_empty() {
        pkg.project_urls
            .entry("Download".into())
            .or_insert(download);
    }
    pkg.license = first("License-Expression");
    if pkg.license.is_empty() {
        pkg.license = short_license(&unknown_empty(first("License")));
    }
    if pkg.license.is_empty() {
        pkg.license = license_from_classifiers(all("Classifier"));
    }
    finish_urls(&mut pkg);
    Ok(finish(pkg, limits))
}

/// Splits core metadata into headers (name, unfolded value) and the body.
///
/// Bounded: one pass over the lines. A line that is neither a header nor a
/// continuation ends the headers and starts the body, as Python's email
/// parser does.
fn split_headers(text: &str) -> (Vec<(String, String)>, String) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let mut body_lines: Vec<&str> = Vec::new();
    let mut started = false;
    for line in lines.by_ref() {
        // Only a truly empty line ends the headers: a line of white space
        // is a continuation (an empty line inside an indented Description).
        if line.is_empty() || (!started && line.trim().is_empty()) {
            if started {
                break;
            }
            continue; // leading blank lines
        }
        if line.starts_with([' ', '\t']) {
            if let Some((key, value)) = headers.last_mut() {
                let multiline =
                    key.eq_ignore_ascii_case("Description") || key.eq_ignore_ascii_case("License");
                if multiline {
                    value.push('\n');
                    value.push_str(unindent(line));
                } else {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str(line.trim());
                }
                continue;
            }
        }
        match line.split_once(':') {
            Some((key, value))
                if !key.is_empty()
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                started = true;
                headers.push((key.to_owned(), value.trim().to_owned()));
            }
            _ => {
                if !started {
                    // Not a metadata file at all.
                    return (Vec::new(), String::new());
                }
                body_lines.push(line);
                break;
            }
        }
    }
    body_lines.extend(lines);
    (headers, body_lines.join("\n"))
}

/// Removes the indentation setuptools adds to `Description` continuation
/// lines: `       |` (7 spaces and a bar) or up to 8 spaces or one tab.
fn unindent(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix("       |") {
        return rest;
    }
    if let Some(rest) = line.strip_prefix('\t') {
        return rest;
    }
    let spaces = line.bytes().take(8).take_while(|&b| b == b' ').count();
    &line[spaces..]
}

/// The licence a `License :: ... :: Name` trove classifier names.
fn license_from_classifiers<'a>(classifiers: impl Iterator<Item = &'a str>) -> String {
    classifiers
        .filter_map(|c| c.trim().strip_prefix("License ::"))
        .filter_map(|c| c.rsplit("::").next())
        .map(str::trim)
        .find(|c| !c.is_empty())
        .unwrap_or_default()
        .to_owned()
}

/// Old tools wrote `UNKNOWN` for every field they did not have.
fn unknown_empty(s: String) -> String {
    if s == "UNKNOWN" { String::new() } else { s }
}

/// A `License` field sometimes holds the whole licence text; keep its
/// first line when it is long.
fn short_license(s: &str) -> String {
    let s = s.trim();
    if s.len() > 200 {
        s.lines().next().unwrap_or_default().trim().to_owned()
    } else {
        s.to_owned()
    }
}

fn set_people(
    pkg: &mut Package,
    author: &str,
    author_email: &str,
    maintainer: &str,
    maintainer_email: &str,
) {
    let (names, emails) = split_people(author_email);
    pkg.author = if author.is_empty() {
        names
    } else {
        author.to_owned()
    };
    pkg.author_email = emails;
    let maintainers: Vec<String> = if maintainer.is_empty() {
        split_people(maintainer_email)
            .0
            .split(", ")
            .map(str::to_owned)
            .collect()
    } else {
        maintainer.split(',').map(|m| m.trim().to_owned()).collect()
    };
    pkg.maintainers = maintainers.into_iter().filter(|m| !m.is_empty()).collect();
}

/// Labels that name a source repository, compared after lower-casing and
/// removing everything but letters.
const SOURCE_LABELS: [&str; 7] = [
    "source",
    "sourcecode",
    "repository",
    "repo",
    "code",
    "github",
    "gitlab",
];
const HOME_LABELS: [&str; 3] = ["homepage", "home", "website"];

fn label_key(label: &str) -> String {
    label
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn pick(urls: &BTreeMap<String, String>, labels: &[&str]) -> String {
    labels
        .iter()
        .find_map(|want| {
            urls.iter()
                .find(|(l, _)| label_key(l) == *want)
                .map(|(_, u)| u.clone())
        })
        .unwrap_or_default()
}

/// Fills homepage and repository from the labelled project URLs.
fn finish_urls(pkg: &mut Package) {
    if pkg.homepage.is_empty() {
        pkg.homepage = pick(&pkg.project_urls, &HOME_LABELS);
    }
    if pkg.repository.is_empty() {
        pkg.repository = pick(&pkg.project_urls, &SOURCE_LABELS);
    }
}

/// Whether `text` starts like core metadata: its first non-blank line is a
/// header, and a `Name:` or `Metadata-Version:` header appears among the
/// first headers.
pub(crate) fn looks_like_core_metadata(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(strip_bom(head));
    let mut seen = false;
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(64) {
        if line.starts_with([' ', '\t']) && seen {
            continue;
        }
        let Some((key, _)) = line.split_once(':') else {
            return false;
        };
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return false;
        }
        seen = true;
        if key.eq_ignore_ascii_case("Name") || key.eq_ignore_ascii_case("Metadata-Version") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unindent_forms() {
        assert_eq!(unindent("        text"), "text");
        assert_eq!(unindent("       |  code"), "  code");
        assert_eq!(unindent("          deeper"), "  deeper");
        assert_eq!(unindent("\tt"), "t");
    }
}
