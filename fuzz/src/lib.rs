//! Shared helpers for baitwatch's fuzz targets: build a [`Package`] and
//! [`Limits`] from fuzz input, and check the invariants every finding must
//! keep.
//!
//! Text is built from a mix of arbitrary Unicode and fragments the
//! detectors care about (lure words, URL pieces, look-alike and invisible
//! characters, popular names), so the fuzzer reaches the interesting paths
//! of each detector quickly instead of spending its time on random bytes.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use arbitrary::{Arbitrary, Result, Unstructured};
use baitwatch_metadata::{Ecosystem, Finding, Limits, Package};

/// Fragments spliced into generated text.
pub const FRAGMENTS: &[&str] = &[
    "free",
    "robux",
    "v-bucks",
    "generator",
    "hack",
    "cheat",
    "gift card",
    "followers",
    "crack",
    "keygen",
    "download",
    "2024",
    "no human verification",
    "unlimited",
    "coins",
    "gems",
    "http://",
    "https://",
    "hxxp://",
    "www.",
    ".com",
    ".tk",
    ".xyz",
    "[.]",
    " dot ",
    "bit.ly/",
    "t.co/",
    "?ref=",
    "&aff_id=",
    "/claim",
    "@",
    "mailto:",
    "javascript:",
    "data:",
    "](",
    "[",
    "]",
    "(",
    ")",
    "<a href=\"",
    "\">",
    "</a>",
    "<",
    ">",
    "`",
    "\n",
    " ",
    "-",
    "_",
    ".",
    "/",
    ":",
    "0",
    "1",
    "3",
    "4",
    "@scope/",
    "react",
    "lodash",
    "requests",
    "numpy",
    "Newtonsoft.Json",
    "express",
    "xn--",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{0430}",
    "\u{043E}",
    "\u{0435}",
    "\u{FF26}",
    "\u{1D41F}",
    "\u{0301}",
    "\u{2067}",
    "\u{00DF}",
    "\u{0130}",
    "\u{FB01}",
    "F R E E",
    "f.r.e.e",
    "fr33",
    "r0bux",
    "\u{3000}",
    "\t",
];

/// A string of up to `max_parts` pieces, each either arbitrary Unicode or a
/// fragment from [`FRAGMENTS`].
pub fn text(u: &mut Unstructured<'_>, max_parts: usize) -> Result<String> {
    let parts = u.int_in_range(0..=max_parts)?;
    let mut s = String::new();
    for _ in 0..parts {
        if u.is_empty() {
            break;
        }
        if u.ratio(1, 2)? {
            s.push_str(u.choose(FRAGMENTS)?);
        } else {
            let piece: &str = Arbitrary::arbitrary(u)?;
            s.push_str(piece);
        }
    }
    Ok(s)
}

/// One of the three registries, or an unknown one now and then.
pub fn ecosystem(u: &mut Unstructured<'_>) -> Result<Ecosystem> {
    Ok(match u.int_in_range(0..=7u8)? {
        0..=1 => Ecosystem::Npm,
        2..=3 => Ecosystem::PyPI,
        4..=5 => Ecosystem::NuGet,
        6 => Ecosystem::Other("cargo".into()),
        _ => Ecosystem::Other(text(u, 2)?),
    })
}

/// A package with every text field drawn from fuzz input.
pub fn package(u: &mut Unstructured<'_>) -> Result<Package> {
    let mut p = Package::new(ecosystem(u)?, text(u, 6)?);
    p.version = text(u, 3)?;
    p.summary = text(u, 16)?;
    p.description = text(u, 64)?;
    let n = u.int_in_range(0..=8)?;
    for _ in 0..n {
        p.keywords.push(text(u, 3)?);
    }
    p.author = text(u, 3)?;
    p.author_email = text(u, 3)?;
    let n = u.int_in_range(0..=3)?;
    for _ in 0..n {
        p.maintainers.push(text(u, 2)?);
    }
    p.homepage = text(u, 6)?;
    p.repository = text(u, 6)?;
    let n = u.int_in_range(0..=4)?;
    for _ in 0..n {
        p.project_urls.insert(text(u, 2)?, text(u, 6)?);
    }
    p.license = text(u, 2)?;
    p.published = text(u, 2)?;
    p.versions_count = Arbitrary::arbitrary(u)?;
    let n = u.int_in_range(0..=2)?;
    for _ in 0..n {
        p.install_scripts.insert(text(u, 1)?, text(u, 4)?);
    }
    Ok(p)
}

/// Default limits, or small ones so that every bound is reached often.
pub fn limits(u: &mut Unstructured<'_>) -> Result<Limits> {
    let mut l = Limits::default();
    if u.ratio(1, 4)? {
        l.max_document_bytes = u.int_in_range(0..=1 << 16)?;
        l.max_text_bytes = u.int_in_range(0..=4096)?;
        l.max_archive_entries = u.int_in_range(0..=64)?;
        l.max_uncompressed_bytes = u.int_in_range(0..=1 << 20)?;
        l.max_compression_ratio = u.int_in_range(0..=1000)?;
        l.max_json_depth = u.int_in_range(0..=200)?;
        l.max_links = u.int_in_range(0..=50)?;
    }
    Ok(l)
}

/// Panics unless every span in `findings` lies inside the original text of
/// its field in `package` and on character boundaries.
pub fn check_spans(package: &Package, findings: &[Finding]) {
    for f in findings {
        let Some(span) = &f.span else { continue };
        assert!(span.start <= span.end, "{}: reversed span {span:?}", f.rule);
        if let Some(text) = f.field.text(package) {
            assert!(
                text.get(span.clone()).is_some(),
                "{}: span {span:?} is not a char-boundary range of the {} field ({} bytes)",
                f.rule,
                f.field,
                text.len()
            );
        }
    }
}

/// Picks a file-name hint for document readers.
pub fn name_hint(u: &mut Unstructured<'_>) -> Result<Option<&'static str>> {
    const HINTS: &[Option<&str>] = &[
        None,
        Some("package.json"),
        Some("left-pad.packument.json"),
        Some("x.pypi.json"),
        Some("PKG-INFO"),
        Some("METADATA"),
        Some("X.nuspec"),
        Some("x.registration.json"),
        Some("x.jsonl"),
        Some("x-1.0.0.tgz"),
        Some("x-1.0.tar.gz"),
        Some("x-1.0-py3-none-any.whl"),
        Some("X.1.0.0.nupkg"),
        Some("x.zip"),
    ];
    u.choose(HINTS).copied()
}
