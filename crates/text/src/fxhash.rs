//! A small, fast, non-cryptographic hash (FxHash-style) for the tables of
//! the popular-name index and the lexicon's word maps.
//!
//! Use it only where collisions cost time, never correctness, and their
//! number is bounded: the keys are the project's own (popular names,
//! lexicon words) and every hash hit is checked against the real key.
//! For maps keyed by attacker text, keep the standard library's SipHash.
//!
//! ```
//! use std::collections::HashMap;
//! use baitwatch_text::fxhash::{FxBuildHasher, hash_bytes};
//!
//! assert_eq!(hash_bytes(b"lodash"), hash_bytes(b"lodash"));
//! assert_ne!(hash_bytes(b"lodash"), hash_bytes(b"lodahs"));
//! let mut words: HashMap<&str, u32, FxBuildHasher> = HashMap::default();
//! words.insert("robux", 1);
//! assert_eq!(words.get("robux"), Some(&1));
//! ```

use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0xf135_7aea_2e62_a9c5;

/// Hashes a byte string. The value is stable across runs, platforms and
/// releases of this crate unless its docs say otherwise: the typosquat
/// crate's prebuilt tables store it.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// [`std::hash::BuildHasher`] of [`FxHasher`], for `HashMap`s.
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;

/// FxHash-like hasher: rotate, xor, multiply, one 8-byte word at a time.
#[derive(Default, Clone, Copy, Debug)]
pub struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        // Lengths `Hash for [u8]` writes before the bytes: one word.
        self.add(n as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        // Keys that are already hashes: fold the high bits down so the
        // table's low bits are spread, and mix into the state like any
        // other word (earlier writes still count).
        self.add(n ^ (n >> 29));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differs_on_length_and_content() {
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abc\0"));
        assert_ne!(hash_bytes(b"abcdefgh"), hash_bytes(b"abcdefgi"));
        assert_eq!(hash_bytes(b"lodash"), hash_bytes(b"lodash"));
    }

    #[test]
    fn every_u64_written_counts() {
        let of = |words: &[u64]| {
            let mut h = FxHasher::default();
            for &w in words {
                h.write_u64(w);
            }
            h.finish()
        };
        assert_ne!(of(&[1, 7]), of(&[2, 7]));
        assert_ne!(of(&[7]), of(&[3, 7]));
    }
}
