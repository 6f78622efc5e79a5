//! Text normalisation and package-name tokenising shared by baitwatch's
//! detectors.
//!
//! Spam packages disguise their lure words: leetspeak (`fr33 r0bux`),
//! look-alike letters from other scripts (Cyrillic `о` in `rоbux`),
//! zero-width characters, fullwidth or styled letters (`ＦＲＥＥ`, `𝐟𝐫𝐞𝐞`),
//! spaced or dotted letters (`F R E E`, `f.r.e.e`). A [`Normalizer`] turns
//! any text into [`Normalized`] views in which all of these read as plain
//! lower-case words, and maps every position of a view back to the byte
//! span of the original text, so a match can show what the text really says.
//!
//! * [`Normalizer`] / [`Normalized`] / [`View`]: normalised views with spans;
//! * [`name_tokens`]: package-name tokens (separators, camelCase, digits);
//! * [`skeleton`]: the UTS #39 confusable skeleton, for comparing names;
//! * [`fxhash`]: a fast hash for tables keyed by the project's own words;
//! * [`english`]: the English word list, to tell words from made-up names.
//!
//! ```
//! use baitwatch_text::{name_tokens, skeleton, Normalizer};
//! assert_eq!(skeleton("Ꭱоbux"), skeleton("robux"));
//! assert_eq!(name_tokens("freeRobuxGenerator2024"), ["free", "robux", "generator", "2024"]);
//!
//! let text = "F R E E  rо\u{200D}bux";
//! let views = Normalizer::new().normalize(text);
//! assert_eq!(views.plain().as_str(), "free robux");
//! let span = views.plain().original_span(5..10).unwrap();
//! assert_eq!(&text[span], "rо\u{200D}bux");
//! ```
//!
//! # Untrusted input
//!
//! Every function here is linear in its input, never panics, and holds at
//! most a few words of memory per input byte; [`NormalizerBuilder::max_bytes`]
//! bounds the part of a text that is examined.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod english;
pub mod fxhash;
mod normalize;
mod skeleton;
mod tokens;

pub use normalize::{
    BuildError, Excerpt, Normalized, Normalizer, NormalizerBuilder, Sparse, View, is_leet_symbol,
};
pub use skeleton::skeleton;
pub use tokens::name_tokens;
