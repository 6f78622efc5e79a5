//! Bounds on what baitwatch reads from untrusted input.

use serde::{Deserialize, Serialize};

/// Resource bounds for reading documents and archives.
///
/// Every document baitwatch reads is attacker-written. These bounds keep
/// time and memory proportional to what the caller allows; past a bound a
/// reader returns [`crate::Error::TooLarge`] (or a detector reports a
/// `limits.*` finding) instead of reading on.
///
/// ```
/// use baitwatch_metadata::Limits;
/// let mut limits = Limits::default();
/// limits.max_archive_entries = 1_000;
/// assert_eq!(limits.max_json_depth, 128);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Limits {
    /// Largest document (file, record line or archive member) read, in bytes. Default 32 MiB.
    pub max_document_bytes: usize,
    /// Longest text (description/README) a detector examines, in bytes. Default 1 MiB.
    pub max_text_bytes: usize,
    /// Most entries an archive may list before reading stops with an error. Default 100,000.
    pub max_archive_entries: usize,
    /// Most bytes decompressed from one archive in all. Default 256 MiB.
    pub max_uncompressed_bytes: u64,
    /// Largest ratio of decompressed to compressed size for an archive. Default 200.
    pub max_compression_ratio: u64,
    /// Deepest JSON or XML nesting accepted. Default 128 (serde_json's own limit).
    pub max_json_depth: usize,
    /// Most links examined in one package. Default 2,000.
    pub max_links: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_document_bytes: 32 << 20,
            max_text_bytes: 1 << 20,
            max_archive_entries: 100_000,
            max_uncompressed_bytes: 256 << 20,
            max_compression_ratio: 200,
            max_json_depth: 128,
            max_links: 2_000,
        }
    }
}
