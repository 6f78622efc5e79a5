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
//! # Untrusted input
//!
//! Every reader takes or defaults a [`Limits`] and returns a typed
//! [`Error`] instead of panicking; see [`Limits`] for the bounds.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod archive;
mod document;
mod ecosystem;
mod error;
mod finding;
mod json;
mod limits;
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
pub use rules::MetadataDetector;
