//! One package model for npm, PyPI and NuGet, the parsers that fill it from
//! every document form the registries publish, registry name normalisation,
//! and the [`Finding`] / [`Detector`] types every baitwatch detector shares.
//!
//! ```
//! use baitwatch_metadata::{normalize_name, Ecosystem, Package};
//!
//! let pkg = Package::from_json(br#"{"ecosystem":"pypi","name":"Free_Robux.Generator"}"#)?;
//! assert_eq!(pkg.normalized_name(), "free-robux-generator");
//! assert_eq!(normalize_name(&Ecosystem::Npm, "@Scope/Name"), "@scope/name");
//! # Ok::<(), baitwatch_metadata::Error>(())
//! ```
//!
//! # Reading documents
//!
//! [`parse_document`] reads any supported form from bytes, recognising it
//! from its content ([`detect_format`]; a file name is only a hint):
//!
//! | form | reader |
//! |---|---|
//! | npm `package.json` | [`npm::parse_package_json`] |
//! | npm registry document, full or abbreviated, or `npm view --json` | [`npm::parse_packument`] |
//! | PyPI JSON API document | [`pypi::parse_json_api`] |
//! | PyPI core metadata `PKG-INFO` / `METADATA` | [`pypi::parse_core_metadata`] |
//! | NuGet `.nuspec` | [`nuget::parse_nuspec`] |
//! | NuGet V3 registration index/page/leaf, catalog entry | [`nuget::parse_registration`] |
//! | npm `.tgz`, sdist `.tar.gz`/`.zip`, wheel `.whl`, `.nupkg` | [`archive::read_archive`] |
//! | the JSON form of [`Package`] (a JSONL record) | [`Package::from_json`] |
//!
//! ```
//! use baitwatch_metadata::{detect_format, parse_document, DocumentKind, Ecosystem, Limits};
//!
//! let nuspec = br#"<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
//!   <metadata><id>Free.Gift.Cards</id><version>1.0.0</version>
//!   <description>Free gift card codes</description><authors>x</authors></metadata></package>"#;
//! assert_eq!(detect_format(nuspec, None), DocumentKind::Nuspec);
//! let pkg = parse_document(nuspec, Some("whatever.txt"), &Limits::default())?;
//! assert_eq!((pkg.ecosystem, pkg.name.as_str()), (Ecosystem::NuGet, "Free.Gift.Cards"));
//! # Ok::<(), baitwatch_metadata::Error>(())
//! ```
//!
//! # Untrusted input
//!
//! Every reader takes or defaults a [`Limits`] and returns a typed
//! [`Error`] instead of panicking; see [`Limits`] for the bounds. Archives
//! are read in memory and never extracted; their bounds (entries,
//! decompressed bytes, compression ratio, checked while decompressing)
//! are described in [`archive`]. XML is never given a DTD: see [`nuget`].
//! Core metadata that is not UTF-8 is decoded lossily, see [`pypi`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod archive;
mod document;
mod ecosystem;
mod error;
mod finding;
mod json;
mod limits;
mod loose;
mod name;
pub mod npm;
pub mod nuget;
mod package;
pub mod pypi;
mod rules;
mod util;

pub use document::{detect_format, kind_from_name, parse_document};
pub use ecosystem::Ecosystem;
pub use error::{DocumentKind, Error};
pub use finding::{Category, Detector, Field, Finding};
pub use limits::Limits;
pub use name::{normalize_name, split_npm_scope};
pub use package::Package;
pub use rules::{MetadataDetector, is_gibberish_text};
