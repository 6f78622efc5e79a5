//! Text normalisation and package-name tokenising shared by baitwatch's
//! detectors.
//!
//! ```
//! use baitwatch_text::{name_tokens, skeleton};
//! assert_eq!(skeleton("Ꭱоbux"), skeleton("robux"));
//! assert_eq!(name_tokens("freeRobuxGenerator2024"), ["free", "robux", "generator", "2024"]);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod skeleton;
mod tokens;

pub use skeleton::skeleton;
pub use tokens::name_tokens;
