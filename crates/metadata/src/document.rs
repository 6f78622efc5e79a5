//! One entry point for every document form: [`detect_format`] and
//! [`parse_document`].

use serde_json::{Map, Value};

use crate::util::strip_bom;
use crate::{DocumentKind, Error, Limits, Package, archive, npm, nuget, pypi};

/// The document kind a file name suggests, [`DocumentKind::Unknown`] when
/// it suggests none. Only a hint: content decides (see [`detect_format`]).
///
/// ```
/// use baitwatch_metadata::{kind_from_name, DocumentKind};
/// assert_eq!(kind_from_name("pkgs/left-pad/package.json"), DocumentKind::PackageJson);
/// assert_eq!(kind_from_name("Newtonsoft.Json.nuspec"), DocumentKind::Nuspec);
/// assert_eq!(kind_from_name("six-1.17.0.dist-info/METADATA"), DocumentKind::CoreMetadata);
/// assert_eq!(kind_from_name("notes.txt"), DocumentKind::Unknown);
/// ```
pub fn kind_from_name(name: &str) -> DocumentKind {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    if lower == "package.json" || lower.ends_with(".package.json") {
        DocumentKind::PackageJson
    } else if lower.ends_with(".packument.json") {
        DocumentKind::NpmPackument
    } else if lower.ends_with(".pypi.json") {
        DocumentKind::PypiJson
    } else if lower.ends_with(".nuspec") {
        DocumentKind::Nuspec
    } else if lower == "pkg-info"
        || lower == "metadata"
        || lower.ends_with(".pkg-info")
        || lower.ends_with(".metadata")
    {
        DocumentKind::CoreMetadata
    } else if lower.ends_with(".jsonl") {
        DocumentKind::JsonlRecord
    } else if lower.ends_with(".tgz") || lower.ends_with(".whl") || lower.ends_with(".nupkg") {
        archive::kind_from_hint(Some(&lower))
    } else if lower.ends_with(".tar.gz") || lower.ends_with(".zip") || lower.ends_with(".tar") {
        DocumentKind::Archive
    } else {
        DocumentKind::Unknown
    }
}

/// Says what kind of document `bytes` hold, from their content; the file
/// name (`name_hint`) only decides between look-alikes. Archives are
/// classified from their member names by [`archive::detect_archive`]
/// ([`DocumentKind::NpmTarball`], [`DocumentKind::Sdist`],
/// [`DocumentKind::Wheel`], [`DocumentKind::Nupkg`], else
/// [`DocumentKind::Archive`]).
///
/// A JSON object with `ecosystem` and `name` keys is a
/// [`DocumentKind::JsonlRecord`] (the JSON form of [`Package`]); one with
/// an `info` object (and no top-level `name`) a PyPI JSON document; `catalogEntry`,
/// `packageContent`, a NuGet `@type` or `@id` + `items` a NuGet
/// registration document; `dist-tags`, `versions`, or `_id` with a `time`
/// object an npm packument;
/// any other object with `name` a `package.json`. XML whose root is
/// `<package>` is a `.nuspec`; `Name:`/`Metadata-Version:` headers are core
/// metadata. The JSON is parsed to classify it, so this costs one parse.
/// Text in UTF-16 with a byte order mark is re-encoded first.
///
/// ```
/// use baitwatch_metadata::{detect_format, DocumentKind};
/// assert_eq!(detect_format(br#"{"name":"x","version":"1.0.0"}"#, None), DocumentKind::PackageJson);
/// assert_eq!(detect_format(br#"{"ecosystem":"npm","name":"x"}"#, None), DocumentKind::JsonlRecord);
/// assert_eq!(detect_format(b"Metadata-Version: 2.1\nName: x\n", None), DocumentKind::CoreMetadata);
/// assert_eq!(detect_format(b"<package><metadata><id>X</id></metadata></package>", None), DocumentKind::Nuspec);
/// assert_eq!(detect_format(b"\x1f\x8b\x08\0", Some("x-1.0.0.tgz")), DocumentKind::NpmTarball);
/// assert_eq!(detect_format(b"hello", None), DocumentKind::Unknown);
/// ```
pub fn detect_format(bytes: &[u8], name_hint: Option<&str>) -> DocumentKind {
    if let Some(utf8) = crate::util::utf16_to_utf8(bytes) {
        return detect_format(&utf8, name_hint);
    }
    let hint = name_hint.map_or(DocumentKind::Unknown, kind_from_name);
    if archive::is_archive(bytes) {
        return archive::detect_archive(bytes, name_hint);
    }
    let text = trim_start(strip_bom(bytes));
    match text.first() {
        None => DocumentKind::Unknown,
        Some(b'{') => match serde_json::from_slice::<Value>(text) {
            Ok(Value::Object(obj)) => match classify_json(&obj) {
                DocumentKind::Unknown => hint,
                k => k,
            },
            _ => json_hint(hint),
        },
        Some(b'<') => {
            if looks_like_nuspec(text) {
                DocumentKind::Nuspec
            } else {
                xml_hint(hint)
            }
        }
        Some(_) if pypi::looks_like_core_metadata(text) => DocumentKind::CoreMetadata,
        Some(_) => DocumentKind::Unknown,
    }
}

/// Reads any supported document into a [`Package`]: npm `package.json`
/// and registry documents, PyPI JSON and core metadata, NuGet `.nuspec`
/// and registration/catalog JSON, a JSONL record ([`Package::from_json`]),
/// and the archives of [`archive::read_archive`]. The format comes from
/// the content ([`detect_format`]); `name_hint` (a file name) only breaks
/// ties and picks the parser that reports the error for content nothing
/// recognises. Text in UTF-16 with a byte order mark is re-encoded as
/// UTF-8 first.
///
/// A document longer than [`Limits::max_document_bytes`] is refused
/// (archives are bounded by what they expand to, see [`archive`]), and
/// every other bound of [`Limits`] applies; see each parser for its fields.
///
/// ```
/// use baitwatch_metadata::{parse_document, Ecosystem, Limits};
/// let limits = Limits::default();
/// let npm = parse_document(br#"{"name":"left-pad","version":"1.3.0"}"#, None, &limits)?;
/// assert_eq!(npm.ecosystem, Ecosystem::Npm);
/// let pypi = parse_document(b"Metadata-Version: 1.0\nName: six\nVersion: 1.0\n", Some("PKG-INFO"), &limits)?;
/// assert_eq!(pypi.ecosystem, Ecosystem::PyPI);
/// assert!(parse_document(b"", None, &limits).is_err());
/// # Ok::<(), baitwatch_metadata::Error>(())
/// ```
pub fn parse_document(
    bytes: &[u8],
    name_hint: Option<&str>,
    limits: &Limits,
) -> Result<Package, Error> {
    let hint = name_hint.map_or(DocumentKind::Unknown, kind_from_name);
    if archive::is_archive(bytes) {
        return archive::read_archive(bytes, name_hint, limits);
    }
    crate::util::check_size(bytes, limits, hint)?;
    if let Some(utf8) = crate::util::utf16_to_utf8(bytes) {
        return parse_document(&utf8, name_hint, limits);
    }
    let text = trim_start(strip_bom(bytes));
    match text.first() {
        None => Err(Error::UnknownFormat {
            hint: Some("empty input".into()),
        }),
        Some(b'{') => {
            let kind = json_hint(hint);
            let v = crate::util::parse_json(text, limits, kind)?;
            let obj = crate::util::as_object(&v, kind)?;
            match classify_json(obj) {
                DocumentKind::JsonlRecord => Package::from_json_with_limits(text, limits),
                DocumentKind::PypiJson => pypi::json_api_from_value(&v, limits),
                DocumentKind::NugetRegistration => nuget::registration_from_value(&v, limits),
                DocumentKind::NpmPackument => npm::packument_from_value(&v, limits),
                DocumentKind::PackageJson => npm::package_json_from_value(&v, limits),
                _ => match kind {
                    DocumentKind::PackageJson => npm::package_json_from_value(&v, limits),
                    DocumentKind::NpmPackument => npm::packument_from_value(&v, limits),
                    DocumentKind::PypiJson => pypi::json_api_from_value(&v, limits),
                    DocumentKind::NugetRegistration => nuget::registration_from_value(&v, limits),
                    DocumentKind::JsonlRecord => Package::from_json_with_limits(text, limits),
                    _ => Err(Error::UnknownFormat {
                        hint: Some("a JSON object of no known package document form".into()),
                    }),
                },
            }
        }
        Some(b'<') => nuget::parse_nuspec(bytes, limits),
        Some(_) if pypi::looks_like_core_metadata(text) || hint == DocumentKind::CoreMetadata => {
            pypi::parse_core_metadata(bytes, limits)
        }
        Some(_) => Err(Error::UnknownFormat { hint: None }),
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

fn json_hint(hint: DocumentKind) -> DocumentKind {
    match hint {
        DocumentKind::PackageJson
        | DocumentKind::NpmPackument
        | DocumentKind::PypiJson
        | DocumentKind::NugetRegistration
        | DocumentKind::JsonlRecord => hint,
        _ => DocumentKind::Unknown,
    }
}

fn xml_hint(hint: DocumentKind) -> DocumentKind {
    if hint == DocumentKind::Nuspec {
        hint
    } else {
        DocumentKind::Unknown
    }
}

/// Classifies a JSON object (see [`detect_format`]).
fn classify_json(obj: &Map<String, Value>) -> DocumentKind {
    if obj.contains_key("ecosystem") && obj.contains_key("name") {
        DocumentKind::JsonlRecord
    } else if obj.get("info").is_some_and(Value::is_object) && !obj.contains_key("name") {
        DocumentKind::PypiJson
    } else if nuget::looks_like_registration(obj) {
        DocumentKind::NugetRegistration
    } else if obj.contains_key("dist-tags")
        || obj
            .get("versions")
            .is_some_and(|v| v.is_object() || v.is_array())
        || (obj.contains_key("_id") && obj.get("time").is_some_and(Value::is_object))
    {
        DocumentKind::NpmPackument
    } else if obj.contains_key("name") {
        DocumentKind::PackageJson
    } else {
        DocumentKind::Unknown
    }
}

/// Whether XML text has a `<package>` root (any namespace prefix) within
/// its first 64 KiB.
fn looks_like_nuspec(text: &[u8]) -> bool {
    let head = &text[..text.len().min(64 * 1024)];
    let mut reader = quick_xml::Reader::from_reader(head);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                return e.local_name().as_ref() == b"package";
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}
