//! Package archives read in memory: npm `.tgz`, PyPI sdist `.tar.gz` /
//! `.zip`, wheel `.whl` and NuGet `.nupkg`.
//!
//! Nothing is ever written to disk: members are matched by name and only
//! the metadata members are decompressed into memory. Names with `..`
//! components or a leading `/` never match, so path-traversal entries are
//! simply ignored.
//!
//! # Bounds
//!
//! Sizes in archive headers are attacker-written and never trusted; the
//! bytes actually produced by the decompressor are counted while reading:
//!
//! * at most [`Limits::max_archive_entries`] entries are looked at;
//! * at most [`Limits::max_uncompressed_bytes`] are decompressed in all;
//! * at most [`Limits::max_compression_ratio`] times the archive's size
//!   (with a grace of [`RATIO_GRACE_BYTES`], so that tiny archives of
//!   well-compressing text are not refused) are decompressed in all;
//! * a metadata member may not exceed [`Limits::max_document_bytes`] (the
//!   archive itself is not held to that bound: the caller already holds
//!   it, and what it expands to is bounded as above);
//! * a README used as description is cut at [`Limits::max_text_bytes`].
//!
//! Past a bound reading stops with [`Error::TooLarge`]. A gzip stream is
//! decompressed at most once, so time is linear in the bytes allowed.

use std::cell::Cell;
use std::io::{self, Cursor, Read};
use std::rc::Rc;

use crate::{DocumentKind, Error, Limits, Package, npm, nuget, pypi};

/// Decompressed bytes always allowed before the compression-ratio bound
/// applies (64 KiB).
pub const RATIO_GRACE_BYTES: u64 = 64 * 1024;

/// Reads the package metadata out of an archive.
///
/// The container is recognised from its magic bytes (gzip, zip, or a plain
/// ustar tar); which registry it belongs to is decided from its members:
///
/// | member | read as |
/// |---|---|
/// | `package/package.json` (else the first top-level `*/package.json`) | npm tarball, [`npm::parse_package_json`]; a top-level `README*` fills an empty description |
/// | top-level `*/PKG-INFO`, else `*/*.egg-info/PKG-INFO` | PyPI sdist, [`pypi::parse_core_metadata`] |
/// | `*.dist-info/METADATA` | wheel, [`pypi::parse_core_metadata`] |
/// | top-level `*.nuspec` | `.nupkg`, [`nuget::parse_nuspec`] |
///
/// A top-level `PKG-INFO` wins over a `package.json` that is not at
/// `package/package.json`. `name_hint` (a file name) only breaks ties and
/// names the archive kind in errors. See the [module docs](self) for the
/// bounds.
///
/// ```
/// use std::io::Write;
/// use baitwatch_metadata::{archive, Ecosystem, Limits};
///
/// // Build a tiny npm tarball in memory.
/// let json = br#"{"name":"demo","version":"1.0.0"}"#;
/// let mut tar = tar::Builder::new(Vec::new());
/// let mut header = tar::Header::new_gnu();
/// header.set_size(json.len() as u64);
/// header.set_mode(0o644);
/// header.set_cksum();
/// tar.append_data(&mut header, "package/package.json", &json[..])?;
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
/// gz.write_all(&tar.into_inner()?)?;
/// let tgz = gz.finish()?;
///
/// let pkg = archive::read_archive(&tgz, Some("demo-1.0.0.tgz"), &Limits::default())?;
/// assert_eq!((pkg.ecosystem, pkg.name.as_str()), (Ecosystem::Npm, "demo"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_archive(
    bytes: &[u8],
    name_hint: Option<&str>,
    limits: &Limits,
) -> Result<Package, Error> {
    let kind = kind_from_hint(name_hint);
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let meter = Meter::new(bytes.len() as u64, limits, true);
        read_tar(flate2::read::GzDecoder::new(bytes), meter, kind, limits)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        read_zip(bytes, kind, limits)
    } else if is_tar(bytes) {
        let meter = Meter::new(bytes.len() as u64, limits, false);
        read_tar(bytes, meter, kind, limits)
    } else {
        Err(Error::Archive {
            kind,
            reason: "not a gzip, zip or tar archive".into(),
        })
    }
}

/// Bytes of a compressed tar that [`detect_archive`] looks at.
const DETECT_TAR_BYTES: u64 = 256 * 1024;

/// Says which registry an archive belongs to, cheaply: from a zip's
/// central directory (names only, nothing is decompressed), or from the
/// member names in the first 256 KiB of a (compressed) tar. Falls back
/// to the file name (`.tgz`, `.whl`, `.nupkg`) and then to
/// [`DocumentKind::Archive`]; [`DocumentKind::Unknown`] for bytes that are
/// not an archive. [`read_archive`] decides for certain.
///
/// ```
/// use baitwatch_metadata::{archive, DocumentKind};
/// assert_eq!(archive::detect_archive(b"plain text", None), DocumentKind::Unknown);
/// assert_eq!(archive::detect_archive(b"\x1f\x8b\x08\0", Some("x.whl")), DocumentKind::Wheel);
/// ```
pub fn detect_archive(bytes: &[u8], name_hint: Option<&str>) -> DocumentKind {
    if !is_archive(bytes) {
        return DocumentKind::Unknown;
    }
    let hinted = kind_from_hint(name_hint);
    let found = if bytes.starts_with(b"PK") {
        zip::ZipArchive::new(Cursor::new(bytes)).ok().and_then(|z| {
            let roles: Vec<Role> = z
                .file_names()
                .take(Limits::default().max_archive_entries)
                .filter_map(role)
                .collect();
            // The same preference as `read_zip`.
            let order: &[Role] = if hinted == DocumentKind::Nupkg {
                &[
                    Role::Nuspec,
                    Role::WheelMetadata,
                    Role::PkgInfo,
                    Role::EggInfo,
                ]
            } else {
                &[
                    Role::WheelMetadata,
                    Role::Nuspec,
                    Role::PkgInfo,
                    Role::EggInfo,
                ]
            };
            order.iter().find(|r| roles.contains(r)).map(|r| match r {
                Role::WheelMetadata => DocumentKind::Wheel,
                Role::Nuspec => DocumentKind::Nupkg,
                _ => DocumentKind::Sdist,
            })
        })
    } else {
        let head: Box<dyn Read + '_> = if bytes.starts_with(&[0x1f, 0x8b]) {
            Box::new(flate2::read::GzDecoder::new(bytes).take(DETECT_TAR_BYTES))
        } else {
            Box::new(bytes.take(DETECT_TAR_BYTES))
        };
        let mut archive = tar::Archive::new(head);
        let roles: Vec<Role> = match archive.entries() {
            Ok(entries) => entries
                .map_while(Result::ok)
                .filter_map(|e| role(&String::from_utf8_lossy(&e.path_bytes())))
                .collect(),
            Err(_) => Vec::new(),
        };
        // The same preference as `read_tar`.
        [Role::NpmMain, Role::PkgInfo, Role::EggInfo, Role::NpmOther]
            .iter()
            .find(|r| roles.contains(r))
            .map(|r| match r {
                Role::PkgInfo | Role::EggInfo => DocumentKind::Sdist,
                _ => DocumentKind::NpmTarball,
            })
    };
    found.unwrap_or(hinted)
}

/// Whether the bytes start like an archive this module reads (gzip, zip
/// or ustar tar).
pub fn is_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || is_tar(bytes)
}

fn is_tar(bytes: &[u8]) -> bool {
    bytes.get(257..262) == Some(b"ustar")
}

/// The archive kind a file name suggests.
pub(crate) fn kind_from_hint(name_hint: Option<&str>) -> DocumentKind {
    let name = name_hint.unwrap_or_default().to_ascii_lowercase();
    if name.ends_with(".tgz") {
        DocumentKind::NpmTarball
    } else if name.ends_with(".whl") {
        DocumentKind::Wheel
    } else if name.ends_with(".nupkg") {
        DocumentKind::Nupkg
    } else {
        DocumentKind::Archive
    }
}

/// Counts decompressed bytes against the uncompressed and ratio bounds.
#[derive(Clone)]
struct Meter {
    used: Rc<Cell<u64>>,
    uncompressed_cap: u64,
    ratio_cap: u64,
}

impl Meter {
    fn new(compressed: u64, limits: &Limits, compressed_input: bool) -> Meter {
        let ratio_cap = if compressed_input {
            compressed
                .saturating_mul(limits.max_compression_ratio)
                .max(RATIO_GRACE_BYTES)
        } else {
            u64::MAX
        };
        Meter {
            used: Rc::new(Cell::new(0)),
            uncompressed_cap: limits.max_uncompressed_bytes,
            ratio_cap,
        }
    }

    fn cap(&self) -> u64 {
        self.uncompressed_cap.min(self.ratio_cap)
    }

    fn remaining(&self) -> u64 {
        self.cap().saturating_sub(self.used.get())
    }

    fn exceeded(&self) -> bool {
        self.used.get() > self.cap()
    }

    fn add(&self, n: u64) {
        self.used.set(self.used.get().saturating_add(n));
    }

    fn error(&self, kind: DocumentKind, limits: &Limits) -> Error {
        if self.used.get() > self.uncompressed_cap {
            Error::TooLarge {
                kind,
                what: "uncompressed bytes",
                limit: self.uncompressed_cap,
            }
        } else {
            Error::TooLarge {
                kind,
                what: "compression ratio",
                limit: limits.max_compression_ratio,
            }
        }
    }
}

/// A reader that fails once more than the meter allows has been read.
struct Metered<R> {
    inner: R,
    meter: Meter,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter.add(n as u64);
        if self.meter.exceeded() {
            return Err(io::Error::other("decompression bound exceeded"));
        }
        Ok(n)
    }
}

/// The role of an archive member, by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    NpmMain,
    NpmOther,
    PkgInfo,
    EggInfo,
    WheelMetadata,
    Nuspec,
    Readme,
}

/// Path components, or `None` for absolute or traversing paths.
fn components(path: &str) -> Option<Vec<&str>> {
    if path.starts_with(['/', '\\']) || path.get(1..2) == Some(":") {
        return None;
    }
    let comps: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    if comps.contains(&"..") {
        return None;
    }
    Some(comps)
}

fn role(path: &str) -> Option<Role> {
    let comps = components(path)?;
    let last = *comps.last()?;
    let lower = last.to_ascii_lowercase();
    match comps.as_slice() {
        [top] if lower.ends_with(".nuspec") && !top.is_empty() => Some(Role::Nuspec),
        ["package", "package.json"] => Some(Role::NpmMain),
        [_, "package.json"] => Some(Role::NpmOther),
        [_, "PKG-INFO"] => Some(Role::PkgInfo),
        [dir, "METADATA"] if dir.ends_with(".dist-info") => Some(Role::WheelMetadata),
        [.., dir, "PKG-INFO"] if comps.len() <= 4 && dir.ends_with(".egg-info") => {
            Some(Role::EggInfo)
        }
        [_, _] if lower.starts_with("readme") => Some(Role::Readme),
        _ => None,
    }
}

/// The members kept while scanning an archive.
#[derive(Default)]
struct Found {
    members: Vec<(Role, String, Vec<u8>)>,
}

impl Found {
    fn has(&self, role: Role) -> bool {
        self.members.iter().any(|(r, _, _)| *r == role)
    }

    /// Whether a member at `path` with `role` is worth reading.
    fn wants(&self, role: Role, path: &str) -> bool {
        match role {
            // Prefer README.md over README.txt and the like.
            Role::Readme => {
                !self.has(Role::Readme)
                    || (path.to_ascii_lowercase().ends_with("readme.md")
                        && !self.members.iter().any(|(r, p, _)| {
                            *r == Role::Readme && p.to_ascii_lowercase().ends_with("readme.md")
                        }))
            }
            _ => !self.has(role),
        }
    }

    fn put(&mut self, role: Role, path: &str, data: Vec<u8>) {
        self.members.retain(|(r, _, _)| *r != role);
        self.members.push((role, path.to_owned(), data));
    }

    fn get(&self, role: Role) -> Option<&[u8]> {
        self.members
            .iter()
            .find(|(r, _, _)| *r == role)
            .map(|(_, _, d)| d.as_slice())
    }
}

/// Reads at most `cap` bytes of `r`; `Ok(None)` when there are more.
fn read_capped(r: &mut impl Read, cap: u64) -> io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= cap).then_some(buf))
}

fn member_too_large(kind: DocumentKind, limits: &Limits) -> Error {
    Error::TooLarge {
        kind,
        what: "archive member bytes",
        limit: limits.max_document_bytes as u64,
    }
}

fn read_tar<R: Read>(
    reader: R,
    meter: Meter,
    kind: DocumentKind,
    limits: &Limits,
) -> Result<Package, Error> {
    let metered = Metered {
        inner: reader,
        meter: meter.clone(),
    };
    let io_err = |e: io::Error| {
        if meter.exceeded() {
            meter.error(kind, limits)
        } else {
            Error::Archive {
                kind,
                reason: format!("corrupt archive: {e}"),
            }
        }
    };
    let mut archive = tar::Archive::new(metered);
    let mut found = Found::default();
    let entries = archive.entries().map_err(io_err)?;
    for (i, entry) in entries.enumerate() {
        if i >= limits.max_archive_entries {
            return Err(Error::TooLarge {
                kind,
                what: "archive entries",
                limit: limits.max_archive_entries as u64,
            });
        }
        let mut entry = entry.map_err(io_err)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let Some(role) = role(&path) else { continue };
        if matches!(role, Role::Nuspec | Role::WheelMetadata) || !found.wants(role, &path) {
            continue;
        }
        if role == Role::Readme {
            let mut buf = Vec::new();
            (&mut entry)
                .take(limits.max_text_bytes as u64)
                .read_to_end(&mut buf)
                .map_err(io_err)?;
            found.put(role, &path, buf);
        } else {
            let data = read_capped(&mut entry, limits.max_document_bytes as u64)
                .map_err(io_err)?
                .ok_or_else(|| member_too_large(kind, limits))?;
            found.put(role, &path, data);
        }
    }
    if let Some(json) = found.get(Role::NpmMain) {
        return npm_with_readme(json, found.get(Role::Readme), limits);
    }
    if let Some(meta) = found
        .get(Role::PkgInfo)
        .or_else(|| found.get(Role::EggInfo))
    {
        return pypi::parse_core_metadata(meta, limits);
    }
    if let Some(json) = found.get(Role::NpmOther) {
        return npm_with_readme(json, found.get(Role::Readme), limits);
    }
    Err(Error::Archive {
        kind,
        reason: "no package/package.json or PKG-INFO member".into(),
    })
}

fn npm_with_readme(json: &[u8], readme: Option<&[u8]>, limits: &Limits) -> Result<Package, Error> {
    let mut pkg = npm::parse_package_json(json, limits)?;
    if pkg.description.is_empty()
        && let Some(readme) = readme
    {
        pkg.description = String::from_utf8_lossy(readme).trim().to_owned();
        crate::util::truncate(&mut pkg.description, limits.max_text_bytes);
    }
    Ok(pkg)
}

fn read_zip(bytes: &[u8], kind: DocumentKind, limits: &Limits) -> Result<Package, Error> {
    let zip_err = |e: zip::result::ZipError| Error::Archive {
        kind,
        reason: format!("corrupt zip: {e}"),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    if zip.len() > limits.max_archive_entries {
        return Err(Error::TooLarge {
            kind,
            what: "archive entries",
            limit: limits.max_archive_entries as u64,
        });
    }
    // Pick the members by name first; decompress only those.
    let mut wanted: Vec<(Role, usize, String)> = Vec::new();
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).map_err(zip_err)?;
        if file.is_dir() {
            continue;
        }
        let path = file.name().to_owned();
        if let Some(r) = role(&path)
            && matches!(
                r,
                Role::Nuspec | Role::WheelMetadata | Role::PkgInfo | Role::EggInfo
            )
            && !wanted.iter().any(|(w, _, _)| *w == r)
        {
            wanted.push((r, i, path));
        }
    }
    let order: &[Role] = match kind {
        DocumentKind::Nupkg => &[
            Role::Nuspec,
            Role::WheelMetadata,
            Role::PkgInfo,
            Role::EggInfo,
        ],
        _ => &[
            Role::WheelMetadata,
            Role::Nuspec,
            Role::PkgInfo,
            Role::EggInfo,
        ],
    };
    let Some((role, index, _)) = order
        .iter()
        .find_map(|r| wanted.iter().find(|(w, _, _)| w == r))
        .cloned()
    else {
        return Err(Error::Archive {
            kind,
            reason: "no *.nuspec, *.dist-info/METADATA or PKG-INFO member".into(),
        });
    };
    let meter = Meter::new(bytes.len() as u64, limits, true);
    let mut file = zip.by_index(index).map_err(zip_err)?;
    let allow = meter.remaining().min(limits.max_document_bytes as u64);
    let data = read_capped(&mut file, allow).map_err(|e| Error::Archive {
        kind,
        reason: format!("corrupt zip member: {e}"),
    })?;
    let Some(data) = data else {
        meter.add(allow.saturating_add(1));
        return Err(if meter.exceeded() {
            meter.error(kind, limits)
        } else {
            member_too_large(kind, limits)
        });
    };
    match role {
        Role::Nuspec => nuget::parse_nuspec(&data, limits),
        _ => pypi::parse_core_metadata(&data, limits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_path() {
        for (path, want) in [
            ("package/package.json", Some(Role::NpmMain)),
            ("./package/package.json", Some(Role::NpmMain)),
            ("node/package.json", Some(Role::NpmOther)),
            ("package/lib/package.json", None),
            ("demo-1.0/PKG-INFO", Some(Role::PkgInfo)),
            ("demo-1.0/demo.egg-info/PKG-INFO", Some(Role::EggInfo)),
            ("demo-1.0/src/demo.egg-info/PKG-INFO", Some(Role::EggInfo)),
            ("demo-1.0.dist-info/METADATA", Some(Role::WheelMetadata)),
            ("Demo.nuspec", Some(Role::Nuspec)),
            ("lib/Demo.nuspec", None),
            ("package/README.md", Some(Role::Readme)),
            ("../../evil.nuspec", None),
            ("/etc/PKG-INFO", None),
            ("a/../PKG-INFO", None),
            ("C:/x.nuspec", None),
            ("", None),
        ] {
            assert_eq!(role(path), want, "{path}");
        }
    }
}
