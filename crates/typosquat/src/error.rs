//! Errors.

/// Why a [`crate::PopularIndex`] or [`crate::TyposquatDetector`] could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The index builder was given no registry.
    #[error("no ecosystem given for the popular-name index")]
    MissingEcosystem,
    /// A popular name is empty.
    #[error("popular name at position {position} is empty")]
    EmptyName {
        /// 0-based position in the names given.
        position: usize,
    },
    /// A popular name is longer than any registry allows.
    #[error("popular name at position {position} is longer than {limit} bytes")]
    NameTooLong {
        /// 0-based position in the names given.
        position: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The popularity ratio is not a finite number of at least 1.
    #[error("popularity ratio {ratio} is not a finite number >= 1")]
    InvalidRatio {
        /// The ratio given.
        ratio: f64,
    },
}
