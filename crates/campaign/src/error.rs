//! Errors.

/// Why [`crate::CampaignFinderBuilder::build`] refused its options.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// `min_size` must be at least 2.
    #[error("min_size must be at least 2, got {value}")]
    MinSize {
        /// The value given.
        value: usize,
    },
    /// Every signal kind was turned off.
    #[error("every signal kind is turned off")]
    NoSignals,
}
