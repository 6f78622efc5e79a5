//! NuGet documents: the `.nuspec` manifest and the V3 API's registration
//! and catalog JSON.
//!
//! # XML safety
//!
//! `.nuspec` files are read with `quick-xml`, which never loads external
//! resources and never expands entities other than the five predefined ones
//! and character references. On top of that [`parse_nuspec`] refuses any
//! `<!DOCTYPE>` outright (NuGet itself does not accept one), so XXE and
//! "billion laughs" documents are errors, not work. Nesting deeper than
//! [`Limits::max_json_depth`] is refused too.

use quick_xml::events::Event;
use serde_json::{Map, Value};

use crate::util::{
    as_object, check_size, finish, parse_json, str_field, strip_bom, type_name, version_cmp,
};
use crate::{DocumentKind, Ecosystem, Error, Limits, Package};

/// The `<metadata>` children read from a `.nuspec`.
#[derive(Default)]
struct NuspecFields {
    id: String,
    version: String,
    title: String,
    summary: String,
    description: String,
    release_notes: String,
    tags: String,
    authors: String,
    owners: String,
    project_url: String,
    repository: String,
    license: String,
    license_url: String,
}

impl NuspecFields {
    fn slot(&mut self, local: &[u8]) -> Option<&mut String> {
        Some(match local {
            b"id" => &mut self.id,
            b"version" => &mut self.version,
            b"title" => &mut self.title,
            b"summary" => &mut self.summary,
            b"description" => &mut self.description,
            b"releaseNotes" => &mut self.release_notes,
            b"tags" => &mut self.tags,
            b"authors" => &mut self.authors,
            b"owners" => &mut self.owners,
            b"projectUrl" => &mut self.project_url,
            b"license" => &mut self.license,
            b"licenseUrl" => &mut self.license_url,
            _ => return None,
        })
    }
}

/// Reads a NuGet `.nuspec` (any schema namespace, or none).
///
/// From `<package><metadata>`: `id` (required), `version`, `summary`
/// (else `title`) as [`Package::summary`], `description` with
/// `releaseNotes` appended as [`Package::description`], `tags` (space- or
/// comma-separated), `authors`, `owners` as [`Package::maintainers`],
/// `projectUrl`, `<repository url="...">`, and `license` (its text) or
/// else `licenseUrl` (also kept as project URL `license`). Character
/// references and CDATA are decoded; UTF-8 (with or without a byte order
/// mark) and UTF-16 with a byte order mark are read; see the
/// [module docs](self) for what is refused.
///
/// ```
/// use baitwatch_metadata::{nuget, Limits};
/// let xml = br#"<?xml version="1.0" encoding="utf-8"?>
/// <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
///   <metadata>
///     <id>Demo.Lib</id><version>1.2.3</version><authors>Jane &amp; co</authors>
///     <description><![CDATA[A <b>demo</b>]]></description>
///     <tags>json serializer</tags>
///     <repository type="git" url="https://github.com/jane/demo" />
///   </metadata>
/// </package>"#;
/// let pkg = nuget::parse_nuspec(xml, &Limits::default())?;
/// assert_eq!(pkg.name, "Demo.Lib");
/// assert_eq!(pkg.author, "Jane & co");
/// assert_eq!(pkg.description, "A <b>demo</b>");
/// assert_eq!(pkg.keywords, ["json", "serializer"]);
/// assert_eq!(pkg.repository, "https://github.com/jane/demo");
/// # Ok::<(), baitwatch_metadata::Error>(())
/// ```
pub fn parse_nuspec(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
    const KIND: DocumentKind = DocumentKind::Nuspec;
    check_size(bytes, limits, KIND)?;
    if let Some(utf8) = crate::util::utf16_to_utf8(bytes) {
        return parse_nuspec(&utf8, limits);
    }
    let bytes = strip_bom(bytes);
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let xml_err = |pos: u64, message: String| Error::Xml {
        kind: KIND,
        position: pos,
        message,
    };
    let mut fields = NuspecFields::default();
    // Local names of the open elements.
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut saw_package = false;
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| xml_err(reader.error_position(), e.to_string()))?;
        match event {
            Event::DocType(_) => {
                return Err(xml_err(
                    pos,
                    "DOCTYPE declarations are not allowed in a .nuspec".into(),
                ));
            }
            Event::Start(e) => {
                if stack.len() >= limits.max_json_depth {
                    return Err(Error::TooLarge {
                        kind: KIND,
                        what: "XML nesting depth",
                        limit: limits.max_json_depth as u64,
                    });
                }
                let local = e.local_name().as_ref().to_vec();
                if in_metadata(&stack) && local == b"repository" {
                    fields.repository = url_attr(&e).map_err(|err| xml_err(pos, err))?;
                }
                if stack.is_empty() {
                    if local != b"package" {
                        return Err(xml_err(pos, "the root element is not <package>".into()));
                    }
                    saw_package = true;
                }
                stack.push(local);
            }
            Event::Empty(e) => {
                let local = e.local_name();
                if stack.is_empty() && local.as_ref() == b"package" {
                    saw_package = true;
                }
                if in_metadata(&stack) && local.as_ref() == b"repository" {
                    fields.repository = url_attr(&e).map_err(|err| xml_err(pos, err))?;
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(slot) = field_slot(&stack, &mut fields) {
                    slot.push_str(&t.unescape().map_err(|err| xml_err(pos, err.to_string()))?);
                }
            }
            Event::CData(c) => {
                if let Some(slot) = field_slot(&stack, &mut fields) {
                    let raw = c.into_inner();
                    let text =
                        std::str::from_utf8(&raw).map_err(|err| xml_err(pos, err.to_string()))?;
                    slot.push_str(text);
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(xml_err(
                        pos,
                        format!(
                            "unexpected end of document: <{}> is not closed",
                            String::from_utf8_lossy(open)
                        ),
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    if !saw_package {
        return Err(xml_err(0, "no <package> element".into()));
    }
    let id = fields.id.trim();
    if id.is_empty() {
        return Err(Error::MissingField {
            kind: KIND,
            field: "id",
        });
    }
    let mut pkg = Package::new(Ecosystem::NuGet, id);
    pkg.version = fields.version.trim().to_owned();
    pkg.summary = first_nonempty(&fields.summary, &fields.title);
    pkg.description = join_notes(fields.description.trim(), fields.release_notes.trim());
    pkg.keywords = split_tags(&fields.tags);
    pkg.author = fields.authors.trim().to_owned();
    pkg.maintainers = split_list(&fields.owners);
    pkg.homepage = fields.project_url.trim().to_owned();
    pkg.repository = fields.repository;
    let license_url = fields.license_url.trim().to_owned();
    pkg.license = first_nonempty(&fields.license, &license_url);
    if !license_url.is_empty() {
        pkg.project_urls.insert("license".into(), license_url);
    }
    Ok(finish(pkg, limits))
}

/// The unescaped, trimmed `url` attribute of an element (empty when absent).
fn url_attr(e: &quick_xml::events::BytesStart<'_>) -> Result<String, String> {
    match e.try_get_attribute("url").map_err(|err| err.to_string())? {
        Some(attr) => Ok(attr
            .unescape_value()
            .map_err(|err| err.to_string())?
            .trim()
            .to_owned()),
        None => Ok(String::new()),
    }
}

fn in_metadata(stack: &[Vec<u8>]) -> bool {
    matches!(stack, [_, meta] if meta == b"metadata")
}

fn field_slot<'a>(stack: &[Vec<u8>], fields: &'a mut NuspecFields) -> Option<&'a mut String> {
    match stack {
        [_, meta, field] if meta == b"metadata" => fields.slot(field),
        _ => None,
    }
}

fn first_nonempty(a: &str, b: &str) -> String {
    let a = a.trim();
    if a.is_empty() {
        b.trim().to_owned()
    } else {
        a.to_owned()
    }
}

fn join_notes(description: &str, notes: &str) -> String {
    match (description.is_empty(), notes.is_empty()) {
        (_, true) => description.to_owned(),
        (true, false) => notes.to_owned(),
        (false, false) => format!("{description}\n\n{notes}"),
    }
}

/// NuGet tags are space-separated; commas and semicolons are tolerated.
fn split_tags(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads NuGet V3 registration or catalog JSON: a registration index
/// (`.../registration5-semver1/<id>/index.json`) or page whose leaves
/// inline their `catalogEntry`, a standalone registration leaf
/// (`.../<id>/<version>.json`), or a catalog entry (`PackageDetails`).
///
/// From an index or page the latest **listed** version is taken (the
/// highest version whose `catalogEntry.listed` is not `false`; the highest
/// of all when none is listed), and [`Package::versions_count`] is the sum
/// of the pages' `count`. A catalog entry gives `id`, `version`, `title`,
/// `summary`, `description` (+ `releaseNotes`), `tags` (array or string),
/// `authors` (string or array), `projectUrl`, `licenseExpression` or
/// `licenseUrl`, `published`. A standalone leaf only names its package
/// through URLs: the name comes from `packageContent`, lower-cased as the
/// flat container stores it, with `published` from the leaf.
///
/// ```
/// use baitwatch_metadata::{nuget, Limits};
/// let pkg = nuget::parse_registration(br#"{
///   "@id": "https://api.nuget.org/v3/catalog0/data/2024.01.01/demo.lib.1.0.0.json",
///   "@type": ["PackageDetails", "catalog:Permalink"],
///   "id": "Demo.Lib", "version": "1.0.0", "description": "A demo",
///   "authors": "Jane", "tags": ["json", "demo"], "licenseExpression": "MIT",
///   "published": "2024-01-01T00:00:00+00:00"
/// }"#, &Limits::default())?;
/// assert_eq!(pkg.name, "Demo.Lib");
/// assert_eq!(pkg.keywords, ["json", "demo"]);
/// assert_eq!(pkg.license, "MIT");
/// # Ok::<(), baitwatch_metadata::Error>(())
/// ```
pub fn parse_registration(bytes: &[u8], limits: &Limits) -> Result<Package, Error> {
    let v = parse_json(bytes, limits, DocumentKind::NugetRegistration)?;
    registration_from_value(&v, limits)
}

/// [`parse_registration`] on an already parsed document.
pub(crate) fn registration_from_value(v: &Value, limits: &Limits) -> Result<Package, Error> {
    const KIND: DocumentKind = DocumentKind::NugetRegistration;
    let root = as_object(v, KIND)?;
    let pkg = if let Some(items) = root.get("items") {
        let Value::Array(items) = items else {
            return Err(Error::InvalidField {
                kind: KIND,
                field: "items".into(),
                reason: format!("expected an array, found {}", type_name(items)),
            });
        };
        // An index lists pages (with `items`); a page lists leaves.
        let pages: Vec<&Map<String, Value>> = if items.iter().any(|i| i.get("items").is_some()) {
            items.iter().filter_map(Value::as_object).collect()
        } else {
            vec![root]
        };
        let mut leaves: Vec<&Map<String, Value>> = Vec::new();
        let mut count = 0u64;
        for page in &pages {
            let page_leaves: Vec<&Map<String, Value>> = page
                .get("items")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|x| x.get("catalogEntry"))
                        .filter_map(Value::as_object)
                        .collect()
                })
                .unwrap_or_default();
            count += page
                .get("count")
                .and_then(Value::as_u64)
                .unwrap_or(page_leaves.len() as u64);
            leaves.extend(page_leaves);
        }
        let version_of = |e: &&Map<String, Value>| str_field(e, "version");
        let listed =
            |e: &&&Map<String, Value>| e.get("listed").and_then(Value::as_bool) != Some(false);
        let best = leaves
            .iter()
            .filter(listed)
            .max_by(|a, b| version_cmp(&version_of(a), &version_of(b)))
            .or_else(|| {
                leaves
                    .iter()
                    .max_by(|a, b| version_cmp(&version_of(a), &version_of(b)))
            })
            .ok_or(Error::MissingField {
                kind: KIND,
                field: "items[].items[].catalogEntry",
            })?;
        let mut pkg = catalog_entry(best, KIND)?;
        pkg.versions_count = Some(count);
        pkg
    } else if let Some(entry) = root.get("catalogEntry").and_then(Value::as_object) {
        catalog_entry(entry, KIND)?
    } else if root.contains_key("id") {
        catalog_entry(root, KIND)?
    } else if let Some(content) = root.get("packageContent").and_then(Value::as_str) {
        // .../v3-flatcontainer/<id>/<version>/<id>.<version>.nupkg
        let parts: Vec<&str> = content.trim_end_matches('/').rsplit('/').collect();
        let (version, id) = match parts.as_slice() {
            [_file, version, id, ..] => (*version, *id),
            _ => ("", ""),
        };
        if id.is_empty() {
            return Err(Error::MissingField {
                kind: KIND,
                field: "packageContent",
            });
        }
        let mut pkg = Package::new(Ecosystem::NuGet, id);
        pkg.version = version.to_owned();
        pkg.published = str_field(root, "published");
        pkg
    } else {
        return Err(Error::MissingField {
            kind: KIND,
            field: "id",
        });
    };
    Ok(finish(pkg, limits))
}

fn catalog_entry(e: &Map<String, Value>, kind: DocumentKind) -> Result<Package, Error> {
    let id = crate::util::required_str(e, "id", kind)?;
    let mut pkg = Package::new(Ecosystem::NuGet, id);
    pkg.version = crate::util::optional_str(e, "version", kind)?;
    pkg.summary = first_nonempty(&str_field(e, "summary"), &str_field(e, "title"));
    pkg.description = join_notes(&str_field(e, "description"), &str_field(e, "releaseNotes"));
    pkg.keywords = match e.get("tags") {
        Some(Value::String(s)) => split_tags(s),
        other => crate::util::keywords_from_value(other),
    };
    let people = |key: &str| match e.get(key) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    pkg.author = people("authors");
    pkg.maintainers = split_list(&people("owners"));
    pkg.homepage = str_field(e, "projectUrl");
    pkg.repository = match e.get("repository") {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Object(o)) => str_field(o, "url"),
        _ => String::new(),
    };
    let license_url = str_field(e, "licenseUrl");
    pkg.license = first_nonempty(&str_field(e, "licenseExpression"), &license_url);
    if !license_url.is_empty() {
        pkg.project_urls.insert("license".into(), license_url);
    }
    pkg.published = str_field(e, "published");
    Ok(pkg)
}

/// Whether a parsed JSON object looks like NuGet V3 JSON.
pub(crate) fn looks_like_registration(obj: &Map<String, Value>) -> bool {
    if obj.contains_key("catalogEntry") || obj.contains_key("packageContent") {
        return true;
    }
    let typed = match obj.get("@type") {
        Some(Value::String(s)) => s.contains("Package") || s.contains("catalog"),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .any(|s| s.contains("Package") || s.contains("catalog")),
        _ => false,
    };
    if typed {
        return true;
    }
    if obj.contains_key("@id") && obj.get("items").is_some_and(Value::is_array) {
        return true;
    }
    obj.contains_key("id")
        && obj.contains_key("version")
        && !obj.contains_key("name")
        && [
            "authors",
            "projectUrl",
            "published",
            "licenseExpression",
            "packageEntries",
        ]
        .iter()
        .any(|k| obj.contains_key(*k))
}
