//! Errors from reading documents.

use std::fmt;

/// The kind of document a reader was reading when it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentKind {
    /// One line of a JSONL batch (the JSON form of [`crate::Package`]).
    JsonlRecord,
    /// An npm `package.json`.
    PackageJson,
    /// An npm registry document ("packument"), full or abbreviated.
    NpmPackument,
    /// A PyPI JSON API document (`/pypi/<name>/json`).
    PypiJson,
    /// PyPI core metadata (`PKG-INFO` or `METADATA`).
    CoreMetadata,
    /// A NuGet `.nuspec`.
    Nuspec,
    /// A NuGet V3 registration leaf, registration index or catalog entry.
    NugetRegistration,
    /// An npm tarball (`.tgz`).
    NpmTarball,
    /// A PyPI source distribution (`.tar.gz` or `.zip`).
    Sdist,
    /// A PyPI wheel (`.whl`).
    Wheel,
    /// A NuGet package (`.nupkg`).
    Nupkg,
    /// An archive (gzip, zip or tar) whose registry is not yet known from
    /// its members.
    Archive,
    /// Not yet known: the format could not be recognised.
    Unknown,
}

impl DocumentKind {
    /// A short human name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DocumentKind::JsonlRecord => "JSONL record",
            DocumentKind::PackageJson => "npm package.json",
            DocumentKind::NpmPackument => "npm registry document",
            DocumentKind::PypiJson => "PyPI JSON document",
            DocumentKind::CoreMetadata => "PyPI core metadata",
            DocumentKind::Nuspec => "NuGet .nuspec",
            DocumentKind::NugetRegistration => "NuGet registration document",
            DocumentKind::NpmTarball => "npm tarball",
            DocumentKind::Sdist => "PyPI sdist",
            DocumentKind::Wheel => "PyPI wheel",
            DocumentKind::Nupkg => "NuGet .nupkg",
            DocumentKind::Archive => "archive",
            DocumentKind::Unknown => "unrecognised document",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The JSON was malformed or a field had the wrong type.
    #[error("{kind}: invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// The document kind.
        kind: DocumentKind,
        /// 1-based line of the error (0 when unknown).
        line: usize,
        /// 1-based column of the error (0 when unknown).
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// The XML was malformed.
    #[error("{kind}: invalid XML at byte {position}: {message}")]
    Xml {
        /// The document kind.
        kind: DocumentKind,
        /// Byte offset of the error.
        position: u64,
        /// What was wrong.
        message: String,
    },
    /// A required field is absent or empty.
    #[error("{kind}: required field `{field}` is missing or empty")]
    MissingField {
        /// The document kind.
        kind: DocumentKind,
        /// The field.
        field: &'static str,
    },
    /// A field is present but its value cannot be used.
    #[error("{kind}: field `{field}` is invalid: {reason}")]
    InvalidField {
        /// The document kind.
        kind: DocumentKind,
        /// The field.
        field: String,
        /// Why.
        reason: String,
    },
    /// The text is not valid UTF-8 where the format requires it.
    #[error("{kind}: not valid UTF-8 at byte {position}")]
    Utf8 {
        /// The document kind.
        kind: DocumentKind,
        /// Byte offset of the first invalid byte.
        position: usize,
    },
    /// A resource bound of [`crate::Limits`] was exceeded.
    #[error("{kind}: {what} exceeds the limit of {limit}")]
    TooLarge {
        /// The document kind.
        kind: DocumentKind,
        /// Which bound (e.g. "archive entries").
        what: &'static str,
        /// The bound.
        limit: u64,
    },
    /// The archive is corrupt or lacks the metadata member.
    #[error("{kind}: {reason}")]
    Archive {
        /// The archive kind.
        kind: DocumentKind,
        /// What was wrong.
        reason: String,
    },
    /// The bytes are not any format baitwatch reads.
    #[error("unrecognised document format{}", hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
    UnknownFormat {
        /// What the reader saw, when that helps (e.g. "empty input").
        hint: Option<String>,
    },
}

impl Error {
    /// Builds an [`Error::Json`] from a serde_json error, keeping only its
    /// position and message (no public dependency on serde_json's type).
    pub fn json(kind: DocumentKind, e: &serde_json::Error) -> Error {
        let mut message = e.to_string();
        // serde_json appends " at line L column C"; we keep them as fields.
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        Error::Json {
            kind,
            line: e.line(),
            column: e.column(),
            message,
        }
    }

    /// The document kind this error concerns.
    pub fn kind(&self) -> DocumentKind {
        match self {
            Error::Json { kind, .. }
            | Error::Xml { kind, .. }
            | Error::MissingField { kind, .. }
            | Error::InvalidField { kind, .. }
            | Error::Utf8 { kind, .. }
            | Error::TooLarge { kind, .. }
            | Error::Archive { kind, .. } => *kind,
            Error::UnknownFormat { .. } => DocumentKind::Unknown,
        }
    }
}
